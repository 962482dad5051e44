"""`duizhao publish|trash|restore ID` and `duizhao empty-trash --yes`: a document's life from the
command line (the same operations as the write API and the editors' pages; store/lifecycle.py)."""

from __future__ import annotations

from typing import Any

import click

from ..errors import BadInput, Conflict
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


# field option → the Document field it sets (written.document_from_json validates, as for the API's PATCH)
_TEXT_FIELDS: dict[str, tuple[str, str | None]] = {
    "title_zh": ("title", "zh"), "title_en": ("title", "en"), "source": ("source", None),
    "original_source": ("original_source", None), "published": ("published", None), "url": ("url", None),
}
_LIST_FIELDS = {"authors": "author", "keywords": "keyword"}
CLEARABLE = ("title_zh", "title_en", "source", "original_source", "published", "url", "authors", "keywords")


def metadata_patch(base: Any, given: dict[str, Any], clear: tuple[str, ...]) -> dict[str, Any]:
    """The PATCH body (Document fields) that sets the given options and clears the `clear` fields."""
    patch: dict[str, Any] = {}
    title = dict(base.title)
    for option, (field, side) in _TEXT_FIELDS.items():
        value = None if option in clear else given.get(option)
        if value is None and option not in clear:
            continue
        if side is not None:
            title[side] = value
            patch["title"] = title
        else:
            patch[field] = value
    for field in _LIST_FIELDS:
        if field in clear:
            patch[field] = []
        elif given.get(field):
            patch[field] = list(given[field])
    return patch


def _edited(v: dict[str, Any]) -> str:
    if not v["changed"]:
        return f"{v['id']}: nothing changed (version {v['version']})"
    return f"{v['id']}: {', '.join(v['changed'])} changed (version {v['version']})"


@command("edit", human=_edited)
@click.argument("ref", metavar="ID")
@click.option("--title-zh", help="The Chinese title.")
@click.option("--title-en", help="The English title.")
@click.option("--author", "authors", multiple=True, help="An author (repeat for several; replaces the list).")
@click.option("--source", help="The site or outlet it was published by.")
@click.option("--original-source", help="Where the original appeared (for a translation).")
@click.option("--published", help="Date of publication: YYYY-MM-DD, YYYY-MM or YYYY.")
@click.option("--keyword", "keywords", multiple=True, help="A keyword (repeat for several; replaces the list).")
@click.option("--url", help="The address it was read at (http or https).")
@click.option("--clear", multiple=True, type=click.Choice(CLEARABLE), help="Empty this field (repeatable).")
@click.option("--version", "based_on", type=int, help="The version the change is based on: refused if the document changed since.")
@click.option("--editor", default="cli", show_default=True, help=EDITOR_HELP)
def edit_cmd(ctx: Any, ref: str, based_on: int | None, clear: tuple[str, ...], editor: str, **given: Any) -> dict[str, Any]:
    """Change a stored document's metadata (title, authors, source, date, keywords, address); each
    changed field goes into its history, as with the web page's metadata editor and the API."""
    from ..store.lifecycle import changed_fields
    from ..written import document_from_json

    lib = ctx.library()
    doc_id = lib.resolve_id(ref)
    base = lib.get_document(doc_id)
    clash = sorted(f for f in clear if given.get(f) not in (None, ()))
    if clash:
        raise BadInput(f"--clear {clash[0]} and a new value for it: give one of them")
    patch = metadata_patch(base, given, clear)
    if not patch:
        raise BadInput("nothing to change: give a field option (see duizhao edit --help)")
    doc = document_from_json(patch, base=base)
    changed = changed_fields(base, doc)
    version = lib.document_version(doc_id)
    if changed:
        # units are the stored ones, unchanged: nothing to re-analyse, the findings stay
        version = lib.replace_units(doc_id, doc, [], editor, based_on if based_on is not None else version)
    elif based_on is not None and based_on != version:
        raise Conflict(f"document {doc_id} changed since version {based_on} (now {version}); reload and try again")
    return {"id": doc_id, "changed": changed, "version": version}


def _short(value: str | None, width: int = 60) -> str:
    text = " ".join((value or "").split()) or "(empty)"
    return text if len(text) <= width else text[: width - 1] + "…"


def _human_history(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "no changes since it was stored"
    out = []
    for r in rows:
        where = f"{r['unit_id']}.{r['field']}" if r.get("unit_id") else r["field"]
        out.append(f"{r['at']}  {r['editor']:<10} {where}: {_short(r['before'])} → {_short(r['after'])}")
    return "\n".join(out)


@command("history", human=_human_history)
@click.argument("ref", metavar="ID")
def history_cmd(ctx: Any, ref: str) -> list[dict[str, Any]]:
    """Every change to a document, oldest first: who, when, which field or unit, before and after
    (the same rows as the document page's history and GET /api/doc/ID/history)."""
    return ctx.library(indexers=False).history(ref)
