"""`duizhao saved add|list|remove`: a user's saved searches (duizhao.saved), as the web's /saved shows them."""

from __future__ import annotations

from typing import Any

import click

from ._groups import group, subcommand

saved = group("saved", "Saved searches of a user (each with its Atom feed at /search.atom?…).")


def _line(s: dict[str, Any]) -> str:
    filters = "".join(f"  {k}={v}" for k, v in s["filters"].items())
    return f"{s['name']}  “{s['query']}”{filters}  feed: {s['feed']}"


@subcommand(saved, "add", human=lambda s: "saved " + _line(s))
@click.argument("name")
@click.argument("query")
@click.option("--user", "owner", required=True, help="Whose saved search (a user of the library).")
@click.option("--source")
@click.option("--author")
@click.option("--keyword")
@click.option("--from", "date_from", metavar="YYYY-MM-DD")
@click.option("--to", "date_to", metavar="YYYY-MM-DD")
@click.option("--side", type=click.Choice(["zh", "en"]))
def saved_add(ctx: Any, name: str, query: str, owner: str, **filters: Any) -> dict[str, Any]:
    """Save QUERY (and its filters) as NAME; a search of that name is replaced."""
    from ..saved import save

    return save(ctx.library(indexers=False), owner, name, query, filters).to_dict()


@subcommand(saved, "list", human=lambda rows: "\n".join(_line(s) for s in rows) or "no saved searches")
@click.option("--user", "owner", required=True)
def saved_list(ctx: Any, owner: str) -> list[dict[str, Any]]:
    """The user's saved searches."""
    from ..saved import saved_searches

    return [s.to_dict() for s in saved_searches(ctx.library(indexers=False), owner)]


@subcommand(saved, "remove", human=lambda v: f"removed {v['name']}")
@click.argument("name")
@click.option("--user", "owner", required=True)
def saved_remove(ctx: Any, name: str, owner: str) -> dict[str, Any]:
    """Remove the saved search NAME."""
    from ..saved import remove

    remove(ctx.library(indexers=False), owner, name)
    return {"name": name, "owner": owner}
