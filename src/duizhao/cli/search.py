"""`duizhao search QUERY`: ranked unit hits across languages and scripts (see duizhao.search)."""

from __future__ import annotations

from typing import Any

import click

from ..titles import best_title
from . import CommandResult, command


def _human(r: dict[str, Any]) -> str:
    if not r["hits"] and not r.get("related"):
        return f"no hits for {r['query']!r}"
    noun = "document(s) meeting the filters" if r.get("listing") else "hit(s)"
    lines = [
        f"{r['total']}{'' if r.get('total_exact', True) else '+'} {noun} for {r['query']!r}"
        + (" (no unit holds every word: showing units with any)" if r.get("relaxed") else "")
    ]
    titles = r.get("titles") or {}
    others = r.get("others") or {}
    for h in r["hits"]:
        title = titles.get(h["doc_id"]) or best_title(h)
        by = f"  [{', '.join(h['matched'])}]" if h.get("matched") and not r.get("listing") else ""
        lines.append(f"\n{h['doc_id']} {h['unit_id'] or 'title'}  {h['score']:.3f}  {title[:70]}{by}")
        lines.append("  " + h["snippet"].replace("\n", " "))
        # the other language's line, its matches marked too (the query's translated words)
        other = others.get(f"{h['doc_id']} {h['unit_id']}")
        if other is None:
            plain = h["en"] if h.get("side") == "zh" else h["zh"]
            other = (plain[:160] + ("…" if len(plain) > 160 else "")) if plain else None
        if other:
            lines.append("  " + other.replace("\n", " "))
        for b in h.get("units") or []:  # --by-document: the document's next best units
            lines.append(f"    {b['unit_id'] or 'title'}  {b['score']:.3f}  " + b["snippet"].replace("\n", " ")[:160])
    if r.get("related"):
        # dense-only neighbours below the similarity floor: close in meaning, not matches, not counted
        lines.append("\nrelated (close in meaning, not counted):")
        for h in r["related"]:
            lines.append(f"  {h['doc_id']} {h['unit_id'] or 'title'}  {h['score']:.3f}  {(titles.get(h['doc_id']) or best_title(h))[:70]}")
            lines.append("    " + (h["snippet"] or h["zh"] or h["en"] or "").replace("\n", " ")[:160])
    return "\n".join(lines)


@command("search", human=_human)
@click.argument("query")
@click.option("--limit", type=click.IntRange(1, 1000), default=10, show_default=True, help="Hits per page.")
@click.option("--page", type=click.IntRange(min=1), default=1, show_default=True, help="Page of hits (1-based).")
@click.option("--source", help="Only documents from this outlet.")
@click.option("--author", help="Only documents by this author.")
@click.option("--keyword", help="Only documents with this keyword.")
@click.option("--from", "date_from", metavar="YYYY-MM-DD", help="Published on or after.")
@click.option("--to", "date_to", metavar="YYYY-MM-DD", help="Published on or before.")
@click.option("--side", type=click.Choice(["zh", "en"]), help="Match only this language side of the units.")
@click.option("--by-document", "by_document", is_flag=True, help="One hit per document: its best unit, its next best beneath.")
@click.option("--dense/--no-dense", default=None, help="Use embeddings (default: when the library has them).")
def search_cmd(
    ctx: Any,
    query: str,
    limit: int,
    page: int,
    source: str | None,
    author: str | None,
    keyword: str | None,
    date_from: str | None,
    date_to: str | None,
    side: str | None,
    by_document: bool,
    dense: bool | None,
) -> CommandResult:
    """Search the library: words, "phrases", -exclusions, OR, field:value.

    Fields: source, author, keyword, from, to, year, side.
    """
    from ..errors import BadInput
    from ..search import search

    if not query.strip() and not any((source, author, keyword, date_from, date_to)):
        # as the API answers (400): an empty query is a mistake, not a search that found nothing
        raise BadInput("the query is empty: give words to search for, or a filter (--source, --author, --keyword, --from, --to)")
    lib = ctx.library()
    result = search(
        lib,
        query,
        limit=limit,
        offset=(page - 1) * limit,
        source=source,
        author=author,
        keyword=keyword,
        date_from=date_from,
        date_to=date_to,
        side=side,
        group_by_document=by_document,
        dense=dense,
        other_side=True,
    )
    hits = result["hits"]
    # for the human rendering only (the JSON keeps SPEC's shape): each document's best title and the
    # other side's snippet, taken out of the hits
    marked = {f"{h['doc_id']} {h['unit_id']}": h.pop("other_snippet", "") for h in hits}
    for h in result.get("related", []):
        h.pop("other_snippet", None)
    ids = list(dict.fromkeys(h["doc_id"] for h in [*hits, *result.get("related", [])]))
    titles = {d["id"]: best_title(d) for d in lib.list_documents(ids=ids)} if ids else {}
    others = {key: s for key, s in marked.items() if s}
    return CommandResult(result, shown={**result, "titles": titles, "others": others})
