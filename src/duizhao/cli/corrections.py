"""`duizhao corrections [--status S]` and `duizhao correct propose|apply|reject`: the corrections queue."""

from __future__ import annotations

from typing import Any

import click

from ..errors import BadInput
from . import command
from ._groups import group, subcommand

STATUSES = ("pending", "applied", "rejected")


def _one(c: dict[str, Any]) -> str:
    head = f"#{c['id']} {c['status']:8} {c['doc_id']} {c['unit_id']} {c['side']}  by {c['reporter']} {c['created_at']}"
    lines = [head, f"    before: {(c.get('old_text') or '')[:200]}", f"    after:  {c['new_text'][:200]}"]
    if c.get("note"):
        lines.append(f"    note:   {c['note'][:200]}")
    if c.get("decided_by"):
        lines.append(f"    {c['status']} by {c['decided_by']} {c.get('decided_at') or ''}")
    return "\n".join(lines)


@command("corrections", human=lambda rows: "\n".join(_one(c) for c in rows) or "no corrections")
@click.option("--status", type=click.Choice(STATUSES), help="Only corrections with this status.")
@click.option("--doc", "doc_id", help="Only corrections of this document.")
def corrections_cmd(ctx: Any, status: str | None, doc_id: str | None) -> list[dict[str, Any]]:
    """List reported corrections (all, or by status)."""
    return ctx.library().corrections(status=status, doc_id=doc_id)


correct = group("correct", "Propose, apply or reject a correction of one unit.")


@subcommand(correct, "propose", human=lambda c: f"proposed correction #{c['id']} (pending)")
@click.argument("doc_id", metavar="ID")
@click.argument("unit_id", metavar="UNIT")
@click.option("--side", type=click.Choice(["zh", "en"]), required=True, help="Which side of the unit is wrong.")
@click.option("--text", required=True, help="The corrected text.")
@click.option("--note", default="", help="Why (for the editor).")
@click.option("--reporter", default="cli", show_default=True, help="Who reports it.")
def correct_propose(
    ctx: Any, doc_id: str, unit_id: str, side: str, text: str, note: str, reporter: str
) -> dict[str, Any]:
    """Report an error in one unit: stored as pending until an editor decides."""
    lib = ctx.library()
    number = lib.propose_correction(doc_id, unit_id, side, text, note, reporter)
    return lib.correction(number)


@subcommand(correct, "apply", human=lambda c: f"applied correction #{c['id']} to {c['unit_id']} of {c['doc_id']}")
@click.argument("number", type=int)
@click.option("--editor", required=True, help="The editor applying it (a user of the library).")
def correct_apply(ctx: Any, number: int, editor: str) -> dict[str, Any]:
    """Apply a pending correction: the unit changes, its alignment and checks are redone, history keeps both texts."""
    from ..pipeline import apply_correction as apply

    lib = ctx.library()
    user = lib.get_user(editor)
    if user is None or not user["editor"]:
        raise BadInput(f"{editor!r} is not an editor of this library (duizhao user add {editor} --editor)")
    return apply(lib, number, editor)


@subcommand(correct, "reject", human=lambda c: f"rejected correction #{c['id']}")
@click.argument("number", type=int)
@click.option("--editor", default="cli", show_default=True, help="Who rejects it.")
@click.option("--reason", default="", help="Why (kept with the correction).")
def correct_reject(ctx: Any, number: int, editor: str, reason: str) -> dict[str, Any]:
    """Reject a pending correction (it stays in the record)."""
    return ctx.library().reject_correction(number, editor, reason)
