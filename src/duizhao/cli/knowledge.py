"""`duizhao entities | entity NAME | timeline | figures | graph | candidates`: the knowledge layer."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Any

import click

from ..errors import BadInput
from . import command


def _name(x: dict[str, Any]) -> str:
    return f"{x['en']} {x['zh']}".strip() if x.get("zh") and x["zh"] != x["en"] else x["en"]


def _entities_human(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "no entities (ingest documents first)"
    return "\n".join(
        f"{r['mentions']:5d} mentions  {r['documents']:3d} docs  {r['type']:8} {r['id']:20} {_name(r)}" for r in rows
    )


def _entity_human(e: dict[str, Any]) -> str:
    lines = [
        f"{_name(e)}  [{e['id']}, {e['type']}]",
        "variants: " + " · ".join(e["variants"]),
        f"{e['mention_count']} mentions in {len(e['documents'])} documents; seen as: "
        + ", ".join(f"{s['surface']} ×{s['count']}" for s in e["surfaces"]),
    ]
    if e["co_mentioned"]:
        lines.append("named with: " + ", ".join(f"{_name(c)} ({c['weight']})" for c in e["co_mentioned"][:12]))
    for d in e["documents"]:
        lines.append(f"  {d['doc_id']}  {d['published'] or '':10}  {d['mentions']:3d}  {d['path']}")
    for m in e["mentions"][:20]:
        lines.append(f"  · {m['path']} {m['unit_id']}#{m['sentence']}: {(m['zh'] or '')[:60]} | {(m['en'] or '')[:80]}")
    if len(e["mentions"]) > 20:
        lines.append(f"  … {len(e['mentions']) - 20} more sentences (--json for all)")
    return "\n".join(lines)


def _timeline_human(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "no dated events"
    out = []
    for ev in rows:
        if ev.get("unresolved"):
            when = f"unresolved: {ev.get('surface') or ''}"  # needs the document's publication date
        else:
            when = ev["date"] + (f"–{ev['end']}" if ev.get("end") else "") + (f" ({ev['part']})" if ev.get("part") else "")
        actors = ", ".join(a["en"] for a in ev["actors"][:6])
        out.append(f"{when:18} {actors}")
        out.append(f"    {(ev['en'] or ev['zh'] or '')[:150]}")
        out.append("    sources: " + "; ".join(f"{s['path']} {s['unit_id']}#{s['sentence']}" for s in ev["sources"]))
    return "\n".join(out)


def _figures_human(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "no figures"
    return "\n".join(
        f"{(f['period'] or f['date'] or str(f['year'] or '')):30} {f['measure']:32} {f['display']:28} "
        f"{(f.get('kind') or '') + (' ' + f['direction'] if f.get('direction') else ''):12} "
        f"{f['surface_zh'] or '':16} {f['surface_en'] or '':30} {f['path']} {f['unit_id']}#{f['sentence']}"
        for f in rows
    )


def _candidates_human(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "no candidate names"
    return "\n".join(
        f"{c['count']:4d} ×  {c['en'] or '—':40} {c['zh'] or '—':14} {c.get('type') or '':7} ({c['documents']} docs)"
        for c in rows
    )


def _filters(f: Any) -> Any:
    f = click.option("--entity", help="Only items naming this entity (any variant: 普丁, Putin …).")(f)
    f = click.option("--from", "date_from", metavar="YYYY[-MM[-DD]]", help="From this date.")(f)
    f = click.option("--to", "date_to", metavar="YYYY[-MM[-DD]]", help="Up to this date.")(f)
    f = click.option("--source", help="Only documents from this outlet (or this document id / file name).")(f)
    return f


@command("entities", human=_entities_human)
@click.option("--type", "type_", type=click.Choice(["person", "country", "place", "city", "org", "term", "currency"]))
@click.option("--source", help="Only documents from this outlet.")
@click.option("--limit", type=click.IntRange(min=1))
def entities_cmd(ctx: Any, type_: str | None, source: str | None, limit: int | None) -> list[dict[str, Any]]:
    """People, countries, organisations … named in the library, most mentioned first."""
    from ..knowledge import entities

    return entities(ctx.library(), type=type_, source=source, limit=limit)


@command("entity", human=_entity_human)
@click.argument("name")
def entity_cmd(ctx: Any, name: str) -> dict[str, Any]:
    """One entity: variants, mentions with their sentences, documents, who it is named with."""
    from ..knowledge import entity

    return entity(ctx.library(), name)


@command("timeline", human=_timeline_human)
@_filters
@click.option("--precision", type=click.Choice(["day", "month", "year"]), help="Only dates known to this precision.")
@click.option(
    "--unresolved",
    type=click.Choice(["include", "exclude", "only"]),
    default="include",
    show_default=True,
    help="Events whose date needs a publication date the document lacks (listed after the dated ones).",
)
def timeline_cmd(
    ctx: Any,
    entity: str | None,
    date_from: str | None,
    date_to: str | None,
    source: str | None,
    precision: str | None,
    unresolved: str,
) -> list[dict[str, Any]]:
    """Dated events in order; one event told by several documents lists every source."""
    from ..knowledge import timeline

    return timeline(
        ctx.library(),
        entity=entity,
        date_from=date_from,
        date_to=date_to,
        source=source,
        precision=precision,
        unresolved={"include": None, "exclude": False, "only": True}[unresolved],
    )


@command("figures", human=_figures_human)
@_filters
@click.option("--measure", help="Only this measure (trade volume, coal, votes …; a part is enough).")
@click.option("--sort", type=click.Choice(["date", "measure", "value", "document"]), default="date", show_default=True)
def figures_cmd(
    ctx: Any,
    entity: str | None,
    date_from: str | None,
    date_to: str | None,
    source: str | None,
    measure: str | None,
    sort: str,
) -> list[dict[str, Any]]:
    """Figures (trade, votes, tons, cubic metres …) with normalised value, period and sentence."""
    from ..knowledge import figures

    return figures(
        ctx.library(), entity=entity, measure=measure, date_from=date_from, date_to=date_to, source=source, sort=sort
    )


@command("graph")
@click.option("--format", "fmt", type=click.Choice(["graphml", "csv"]), required=True)
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False, writable=True))
@click.option(
    "--min-weight",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Drop edges shared by fewer sentences.",
)
@click.option("--source", help="Only documents from this outlet.")
def graph_cmd(ctx: Any, fmt: str, output: str, min_weight: int, source: str | None) -> dict[str, Any]:
    """The co-mention network (entities named in one sentence) as GraphML or CSV edges, for Gephi."""
    from ..knowledge import network
    from ..knowledge.graph import to_csv, to_graphml

    g = network(ctx.library(), min_weight=min_weight, source=source)
    text = to_graphml(g) if fmt == "graphml" else to_csv(g)
    path = Path(output)
    if not path.parent.exists():
        raise BadInput(f"{path.parent}: no such folder")
    path.write_text(text, encoding="utf-8")
    return {
        "path": str(path),
        "format": fmt,
        "nodes": len(g["nodes"]),
        "edges": len(g["edges"]),
        "bytes": path.stat().st_size,
    }


@click.group("candidates", invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document on stdout.")
@click.option("--min-count", type=click.IntRange(min=1), default=1, show_default=True)
@click.option("--limit", type=click.IntRange(min=1))
@click.pass_context
def candidates_group(click_ctx: click.Context, as_json: bool, min_count: int, limit: int | None) -> None:
    """Names the glossary lacks (with the Chinese form seen beside them); `candidates confirm` adds one."""
    if click_ctx.invoked_subcommand is not None:
        return
    from ..knowledge import candidates
    from . import emit

    emit(candidates(click_ctx.obj.library(), min_count=min_count, limit=limit), as_json, _candidates_human)


@candidates_group.command("confirm")
@click.argument("en")
@click.option("--zh", help="The Chinese form (default: the one seen most often beside it).")
@click.option("--entity", "entity_id", help="Add as variants of this known entity instead of a new one.")
@click.option(
    "--type",
    "type_",
    type=click.Choice(["person", "country", "place", "city", "org", "term"]),
    default="term",
    show_default=True,
)
@click.option("--variant", "variants", multiple=True, help="Another form to add (repeatable).")
@click.option("--editor", default=None, help="Who confirms (default: the login name).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document on stdout.")
@click.pass_obj
def confirm_cmd(
    ctx: Any,
    en: str,
    zh: str | None,
    entity_id: str | None,
    type_: str,
    variants: tuple[str, ...],
    editor: str | None,
    as_json: bool,
) -> None:
    """Confirm a candidate name into the library's glossary; every document is re-read for it."""
    from ..knowledge import confirm_candidate
    from . import emit

    who = editor or _login()
    result = confirm_candidate(
        ctx.library(), en, zh=zh, entity_id=entity_id, type=type_, variants=list(variants), editor=who
    )
    emit(
        result,
        as_json,
        lambda r: (
            f"confirmed {r['entity']['en']} {r['entity']['zh']} [{r['entity']['id']}]; "
            f"{r['reindexed']} documents re-read"
        ),
    )


def _login() -> str:
    try:
        return "cli:" + getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name in some containers
        return "cli"


def _register() -> None:
    from . import main

    if "candidates" not in main.commands:
        main.add_command(candidates_group)


_register()
