"""`duizhao terms [QUERY]`, `terms add ZH EN`, `terms confirm ID`, `terms reject ID`, `terms --inconsistent`:
the library's termbase (SPEC "Terms")."""
from __future__ import annotations

from typing import Any

import click

from . import CommandResult, main
from ._groups import subcommand


class _TermsGroup(click.Group):
    """`terms QUERY` and `terms --json` list terms: an argument that names no sub-command goes to
    the hidden `list` sub-command (so `terms add` and `terms 特别军事行动` both work)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("-h", "--help")):
            args = ["list", *args]
        return super().parse_args(ctx, args)


@main.group("terms", cls=_TermsGroup)
def terms() -> None:
    """The termbase: term pairs from the glossary, the library's aligned sentences and editors.

    \b
    duizhao terms [QUERY] [--origin O] [--status S]   list (QUERY matches either side, any script)
    duizhao terms --inconsistent                      one Chinese term translated several ways
    duizhao terms add ZH EN | confirm ID | reject ID  an editor's changes (kept, with who and when)
    """


def _line(t: dict[str, Any]) -> str:
    docs = f"{len(t['documents'])} doc{'s' if len(t['documents']) != 1 else ''}"
    return f"#{t['id']:<6} {t['zh']} = {t['en']}   [{t['origin']}, {t['status']}, {t['count']}×, {docs}]"


def _human_list(shown: tuple[str, list[dict[str, Any]]]) -> str:
    empty, rows = shown
    if not rows:
        return empty
    if "translations" in rows[0]:
        out = []
        for g in rows:
            out.append(g["zh"])
            out.extend("    " + _line(t) for t in g["translations"])
        return "\n".join(out)
    return "\n".join(_line(t) for t in rows)


def _human_one(t: dict[str, Any]) -> str:
    line = _line(t)
    if t.get("example"):
        line += f"\n    {t['example']['zh']}\n    {t['example']['en']}"
    return line


@subcommand(terms, "list", human=_human_list, hidden=True)
@click.argument("query", nargs=-1)
@click.option("--origin", type=click.Choice(["glossary", "library", "editor"]), help="Only terms of this origin.")
@click.option("--status", type=click.Choice(["confirmed", "candidate", "rejected"]), help="Only terms with this status.")
@click.option("--inconsistent", is_flag=True, help="Chinese terms the library translates in more than one way.")
@click.option("--limit", type=click.IntRange(1, 100_000), default=200, show_default=True, help="At most this many terms.")
def terms_list(ctx: Any, query: tuple[str, ...], origin: str | None, status: str | None, inconsistent: bool, limit: int) -> CommandResult:
    """List terms (QUERY matches the Chinese or the English side, in any script)."""
    from ..terms import library as tl

    lib = ctx.library()
    if inconsistent:
        groups = tl.inconsistent(lib)
        return CommandResult(groups, shown=("no Chinese term is translated in more than one way", groups))
    rows = [t.to_dict() for t in tl.list_terms(lib, " ".join(query) or None, origin=origin, status=status, limit=limit)]
    asked = query or origin or status
    return CommandResult(rows, shown=("no term matches" if asked else "the termbase is empty", rows))


@subcommand(terms, "add", human=_human_one)
@click.argument("zh")
@click.argument("en")
@click.option("--editor", default="cli", show_default=True, help="Who adds it (kept with the term).")
def terms_add(ctx: Any, zh: str, en: str, editor: str) -> dict[str, Any]:
    """Add a term pair (confirmed); a pair the termbase has already is confirmed."""
    from ..terms.library import add_term

    return add_term(ctx.library(), zh, en, editor).to_dict()


@subcommand(terms, "confirm", human=_human_one)
@click.argument("term_id", metavar="ID")
@click.option("--editor", default="cli", show_default=True, help="Who confirms it.")
def terms_confirm(ctx: Any, term_id: str, editor: str) -> dict[str, Any]:
    """Confirm a term (a mined candidate becomes confirmed)."""
    from ..terms.library import set_status

    return set_status(ctx.library(), term_id, "confirmed", editor).to_dict()


@subcommand(terms, "reject", human=_human_one)
@click.argument("term_id", metavar="ID")
@click.option("--editor", default="cli", show_default=True, help="Who rejects it.")
def terms_reject(ctx: Any, term_id: str, editor: str) -> dict[str, Any]:
    """Reject a term: kept (mining will not propose it again) but no longer offered."""
    from ..terms.library import set_status

    return set_status(ctx.library(), term_id, "rejected", editor).to_dict()
