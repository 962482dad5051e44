"""`duizhao list`: documents, newest first."""
from __future__ import annotations

from typing import Any

import click

from ..titles import best_title
from . import CommandResult, command

EMPTY = {None: "the library is empty", "trashed": "the trash is empty", "draft": "there are no drafts"}


def _human(shown: tuple[str | None, list[dict[str, Any]]]) -> str:
    status, rows = shown
    if not rows:
        return EMPTY[status]
    lines = []
    for r in rows:
        lines.append(f"{r['id']}  {r.get('published') or '          '}  {(r.get('source') or '')[:22]:22}  {best_title(r)[:90]}")
    return "\n".join(lines)


@command("list", human=_human)
@click.option("--limit", type=click.IntRange(min=1), help="At most N documents.")
@click.option("--source", help="Only documents from this outlet.")
@click.option("--author", help="Only documents by this author.")
@click.option("--keyword", help="Only documents with this keyword.")
@click.option("--sort", type=click.Choice(["published", "oldest", "title", "added"]), default="published", show_default=True)
@click.option("--trash", "status", flag_value="trashed", help="The documents in the trash instead.")
@click.option("--drafts", "status", flag_value="draft", help="The drafts instead.")
def list_cmd(
    ctx: Any, limit: int | None, source: str | None, author: str | None, keyword: str | None, sort: str, status: str | None
) -> CommandResult:
    """List the (published) documents in the library; --drafts or --trash for the others."""
    rows = ctx.library(indexers=False).list_documents(
        limit=limit, sort=sort, source=source, author=author, keyword=keyword, status=status
    )
    keys = ("id", "path", "title", "authors", "source", "published", "keywords")
    # the JSON keeps SPEC's keys; the human list also reads the headline of an untitled document
    return CommandResult([{k: r[k] for k in keys} for r in rows], shown=(status, rows))
