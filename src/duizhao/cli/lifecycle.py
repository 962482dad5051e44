"""`duizhao publish|trash|restore ID` and `duizhao empty-trash --yes`: a document's life from the
command line (the same operations as the write API and the editors' pages; store/lifecycle.py)."""

from __future__ import annotations

from typing import Any

import click

from ..errors import BadInput
from . import command

EDITOR_HELP = "Who makes the change (kept in the document's history)."


def _status(ctx: Any, ref: str, status: str, editor: str) -> dict[str, Any]:
    lib = ctx.library()
    doc_id = lib.resolve_id(ref)
    lib.set_status(doc_id, status, editor)
    return {"id": doc_id, "status": status, "version": lib.document_version(doc_id)}


def _human(v: dict[str, Any]) -> str:
    return f"{v['id']}: {v['status']} (version {v['version']})"


@command("publish", human=_human)
@click.argument("ref", metavar="ID")
@click.option("--editor", default="cli", show_default=True, help=EDITOR_HELP)
def publish_cmd(ctx: Any, ref: str, editor: str) -> dict[str, Any]:
    """Publish a draft: readers, search and exports see it from now on."""
    return _status(ctx, ref, "published", editor)


@command("trash", human=_human)
@click.argument("ref", metavar="ID")
@click.option("--editor", default="cli", show_default=True, help=EDITOR_HELP)
def trash_cmd(ctx: Any, ref: str, editor: str) -> dict[str, Any]:
    """Move a document to the trash (out of search, lists and exports; `restore` brings it back)."""
    return _status(ctx, ref, "trashed", editor)


@command("restore", human=_human)
@click.argument("ref", metavar="ID")
@click.option("--editor", default="cli", show_default=True, help=EDITOR_HELP)
def restore_cmd(ctx: Any, ref: str, editor: str) -> dict[str, Any]:
    """Bring a document back from the trash, published, with its history."""
    lib = ctx.library()
    doc_id = lib.resolve_id(ref)
    lib.restore(doc_id, editor)
    return {"id": doc_id, "status": "published", "version": lib.document_version(doc_id)}


@command("empty-trash", human=lambda v: f"deleted {len(v['deleted'])} document(s) for good")
@click.option("--yes", is_flag=True, help="Confirm: the trashed documents and their history are deleted for good.")
@click.option("--editor", default="cli", show_default=True, help=EDITOR_HELP)
def empty_trash_cmd(ctx: Any, yes: bool, editor: str) -> dict[str, Any]:
    """Delete the documents in the trash for good (asks for --yes)."""
    if not yes:
        raise BadInput("empty-trash deletes the trashed documents and their history for good: add --yes")
    return {"deleted": ctx.library().empty_trash(editor)}
