"""`duizhao review FINDING_ID --note TEXT` (and `--undo`): an editor marks a finding correct as it stands."""

from __future__ import annotations

import os
from typing import Any

import click

from ..check.review import find_finding
from . import command


def _human(value: dict[str, Any]) -> str:
    r = value["review"]
    if r is None:
        return f"{value['id']}: review withdrawn; the finding counts again"
    return f"{value['id']}: accepted as it stands by {r['by']} at {r['at']}" + (f" ({r['note']})" if r["note"] else "")


@command("review", human=_human)
@click.argument("finding_id", metavar="FINDING_ID")
@click.option("--note", default="", help="Why the text is right as it stands (shown with the finding).")
@click.option("--editor", default=None, help="Who reviews it (default: the login name).")
@click.option("--undo", is_flag=True, help="Withdraw the review: the finding counts again.")
def review(ctx: Any, finding_id: str, note: str, editor: str | None, undo: bool) -> dict[str, Any]:
    """Mark a finding of a library document (an id from `check ID`) correct as it stands; kept while the
    unit's text is unchanged."""
    lib = ctx.library()
    doc, finding = find_finding(lib, finding_id)
    by = editor or os.environ.get("USER") or "cli"
    if undo:
        lib.unreview_finding(doc.id, finding.id, by)
        got = None
    else:
        got = lib.review_finding(doc.id, finding, note, by)
    return {**finding.to_dict(), "review": got}
