"""`duizhao show ID`: one document from the library."""
from __future__ import annotations

import textwrap
from typing import Any

import click

from ..titles import best_title
from . import command


def render_document(d: dict[str, Any]) -> str:
    out = [best_title(d), "=" * 60]
    for label, key in (("id", "id"), ("file", "path"), ("source", "source"), ("original", "original_source"), ("published", "published"), ("script", "script")):
        if d.get(key):
            out.append(f"{label:10} {d[key]}")
    if d.get("authors"):
        out.append(f"{'authors':10} {', '.join(d['authors'])}")
    if d.get("keywords"):
        out.append(f"{'keywords':10} {', '.join(d['keywords'])}")
    out.append("")
    for u in d.get("units", []):
        out.append(f"[{u['id']} {u['kind']}]")
        for side in ("zh", "en"):
            if u.get(side):
                out.append(textwrap.indent(textwrap.fill(u[side], 100), "  " + side + " "))
    return "\n".join(out)


@command("show", human=render_document)
@click.argument("doc_id")
def show_cmd(ctx: Any, doc_id: str) -> dict[str, Any]:
    """Print one document (an id, a unique id prefix, or the file name it was ingested from)."""
    lib = ctx.library(indexers=False)
    doc = lib.get_document(doc_id)
    return {**doc.to_dict(), "status": lib.document_status(doc.id), "version": lib.document_version(doc.id)}
