"""`duizhao cite ID --style S`: one document's citation.

S: chicago, chicago-author-date, apa, mla, bibtex, ris, csl-json.
"""
from __future__ import annotations

from typing import Any

import click

from ..export.cite import STYLES, cite
from . import command


def _human(value: dict[str, Any]) -> str:
    return value["text"]


@command("cite", human=_human)
@click.argument("doc_id", metavar="ID")
@click.option("--style", "style", default="chicago", show_default=True, type=click.Choice(STYLES, case_sensitive=False),
              help="Citation style or bibliographic format.")
def cite_command(ctx: Any, doc_id: str, style: str) -> dict[str, str]:
    """Cite a document of the library."""
    doc = ctx.library().get_document(doc_id)
    style = style.lower()
    return {"style": style, "text": cite(doc, style)}
