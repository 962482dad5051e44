"""Knowledge pages and their JSON twins: entities, one entity (with its co-mention picture), the
timeline (zoom by year and month, filter by entity), figures (sortable table, CSV), candidate names.

Reading is open; confirming a candidate into the glossary needs a signed-in editor (the app's guard
checks the CSRF token of every POST). Include with `app.include_router(knowledge.router)`.
"""

from __future__ import annotations

import io
import unicodedata
from collections import Counter
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from markupsafe import Markup

from .. import knowledge as kn
from ..errors import BadInput
from ..export import csvcells
from ..knowledge.graph import ego_svg
from .auth import require_editor
from .common import library, redirect, render, titles_of

router = APIRouter()
pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["knowledge"])

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _clean(value: str | None) -> str | None:
    value = (value or "").strip()
    return value[:200] or None


# -- JSON ---------------------------------------------------------------------------------------------
@api.get("/entities", summary="Entities named in the library (as `duizhao entities --json`)")
def api_entities(
    request: Request, type: str | None = None, source: str | None = None, limit: int | None = None
) -> list[dict[str, Any]]:
    return kn.entities(library(request), type=_clean(type), source=_clean(source), limit=limit)


@api.get("/entity/{name}", summary="One entity (as `duizhao entity NAME --json`)")
def api_entity(request: Request, name: str) -> dict[str, Any]:
    return kn.entity(library(request), name)


@api.get("/timeline", summary="Dated events, merged across documents (as `duizhao timeline --json`)")
def api_timeline(
    request: Request,
    entity: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    source: str | None = None,
    unresolved: str = "include",
) -> list[dict[str, Any]]:
    return kn.timeline(
        library(request),
        entity=_clean(entity),
        date_from=_clean(date_from),
        date_to=_clean(date_to),
        source=_clean(source),
        unresolved=_unresolved(unresolved),
    )


def _unresolved(value: str | None) -> bool | None:
    choices = {"include": None, "exclude": False, "only": True, "": None}
    if (value or "") not in choices:
        raise BadInput("unresolved is include, exclude or only")
    return choices[value or ""]


@api.get("/figures", summary="Figures with normalised values (as `duizhao figures --json`)")
def api_figures(
    request: Request,
    entity: str | None = None,
    measure: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    source: str | None = None,
    sort: str = "date",
) -> list[dict[str, Any]]:
    return kn.figures(
        library(request),
        entity=_clean(entity),
        measure=_clean(measure),
        date_from=_clean(date_from),
        date_to=_clean(date_to),
        source=_clean(source),
        sort=sort,
    )


@api.get("/candidates", summary="Names not yet in the glossary (as `duizhao candidates --json`)")
def api_candidates(request: Request, min_count: int = 1) -> list[dict[str, Any]]:
    return kn.candidates(library(request), min_count=max(1, min_count))


@api.get("/graph", summary="The co-mention network: nodes and weighted edges")
def api_graph(request: Request, min_weight: int = 1, source: str | None = None) -> dict[str, Any]:
    return kn.network(library(request), min_weight=max(1, min_weight), source=_clean(source))


# -- pages --------------------------------------------------------------------------------------------
@pages.get("/entities")
def entities_page(request: Request, type: str | None = None, q: str | None = None) -> Response:
    rows = kn.entities(library(request), type=_clean(type), q=_clean(q))
    types = Counter(r["type"] for r in kn.entities(library(request)))
    return render(
        request,
        "knowledge/entities.html",
        rows=rows,
        types=sorted(types.items()),
        type=type,
        q=q or "",
        title="Entities — 对照 duizhao",
    )


def seen_as(surfaces: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The entity's surfaces for the page: one line per form, whichever side it was seen on (the JSON
    counts "Vladimir Putin" in Chinese text apart from the same words in English), most seen first.
    Forms that differ only in width or spacing (NFKC, collapsed spaces) are one form."""
    merged: dict[str, dict[str, Any]] = {}
    for s in surfaces:
        key = " ".join(unicodedata.normalize("NFKC", s["surface"]).split())
        if key in merged:
            merged[key]["count"] += s["count"]
        else:
            merged[key] = {"surface": s["surface"], "count": s["count"]}
    return sorted(merged.values(), key=lambda s: -s["count"])


def sentence_events(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The entity's dated events for its page, one line per sentence: a sentence that names two dates
    (two visits, in June and in September) is listed once with both dates, not twice under each."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for ev in events:
        key = (ev.get("zh") or "", ev.get("en") or "")
        item = out.setdefault(key, {"zh": ev.get("zh"), "en": ev.get("en"), "dates": []})
        item["dates"].append({"date": ev["date"], "part": ev.get("part")})
    return list(out.values())


@pages.get("/entity/{name}")
def entity_page(request: Request, name: str) -> Response:
    lib = library(request)
    e = kn.entity(lib, name)
    neighbours = e["co_mentioned"][:12]
    ids = {n["id"] for n in neighbours}
    g = kn.network(lib)
    edges = [(x["source"], x["target"], x["weight"]) for x in g["edges"] if x["source"] in ids and x["target"] in ids]
    svg = Markup(ego_svg(e, neighbours, edges))  # built from escaped parts (graph.ego_svg)
    events = kn.timeline(lib, entity=e["id"])
    titles = titles_of(lib, [d["doc_id"] for d in e["documents"]] + [m["doc_id"] for m in e["mentions"]])
    return render(
        request,
        "knowledge/entity.html",
        e=e,
        svg=svg,
        events=sentence_events(events),
        surfaces=seen_as(e["surfaces"]),
        titles=titles,
        title=f"{e['en']} — 对照 duizhao",
    )


@pages.get("/timeline")
def timeline_page(
    request: Request,
    entity: str | None = None,
    zoom: str | None = None,
    source: str | None = None,
    unresolved: str | None = None,
) -> Response:
    lib = library(request)
    entity, source, zoom = _clean(entity), _clean(source), _clean(zoom)
    if zoom and not (len(zoom) in (4, 7) and zoom[:4].isdigit() and (len(zoom) == 4 or zoom[5:7].isdigit())):
        raise BadInput("zoom is a year (2022) or a month (2022-03)")
    which = _unresolved(_clean(unresolved))
    all_events = kn.timeline(lib, entity=entity, source=source, unresolved=which)
    dated = [ev for ev in all_events if not ev["unresolved"]]
    undated = sum(1 for ev in all_events if ev["unresolved"])
    years = Counter(ev["date"][:4] for ev in dated)
    months: Counter[str] = Counter()
    shown = all_events
    if zoom:
        year = zoom[:4]
        months = Counter(ev["date"][:7] for ev in dated if ev["date"].startswith(year) and len(ev["date"]) >= 7)
        shown = [ev for ev in dated if ev["date"].startswith(zoom) or (len(zoom) == 7 and ev["date"] == year)]
    label = None
    if entity:
        try:
            label = kn.entity(lib, entity)
        except BadInput:
            label = None
    return render(
        request,
        "knowledge/timeline.html",
        events=shown,
        years=sorted(years.items()),
        months=sorted(months.items()),
        zoom=zoom,
        entity=entity,
        entity_label=label,
        source=source,
        month_names=MONTHS,
        titles=titles_of(lib, [s["doc_id"] for ev in shown for s in ev["sources"]]),
        undated=undated,
        unresolved=_clean(unresolved),
        params={"entity": entity, "source": source, "zoom": zoom, "unresolved": _clean(unresolved)},
        title="Timeline — 对照 duizhao",
    )


FIGURE_COLUMNS = (("date", "When"), ("measure", "Measure"), ("value", "Value"), ("document", "Source"))


@pages.get("/figures")
def figures_page(
    request: Request, sort: str = "date", measure: str | None = None, entity: str | None = None
) -> Response:
    if sort not in kn.queries.FIGURE_SORTS:
        sort = "date"
    rows = kn.figures(library(request), measure=_clean(measure), entity=_clean(entity), sort=sort)
    measures = sorted({r["measure"] for r in kn.figures(library(request))})
    titles = titles_of(library(request), [r["doc_id"] for r in rows])
    params = {"measure": _clean(measure), "entity": _clean(entity), "sort": sort}
    return render(
        request,
        "knowledge/figures.html",
        rows=rows,
        sort=sort,
        columns=FIGURE_COLUMNS,
        measures=measures,
        measure=measure,
        entity=entity,
        params=params,
        titles=titles,
        title="Figures — 对照 duizhao",
    )


@pages.get("/figures.csv")
def figures_csv(
    request: Request, sort: str = "date", measure: str | None = None, entity: str | None = None
) -> Response:
    rows = kn.figures(
        library(request),
        measure=_clean(measure),
        entity=_clean(entity),
        sort=sort if sort in kn.queries.FIGURE_SORTS else "date",
    )
    return Response(
        figures_to_csv(rows),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="figures.csv"'},
    )


def figures_to_csv(rows: list[dict[str, Any]]) -> str:
    buf = io.StringIO()
    w = csvcells.writer(buf, lineterminator="\n")  # formula-looking cells neutralised
    w.writerow(
        [
            "measure",
            "value",
            "high",
            "unit",
            "display",
            "period",
            "year",
            "date",
            "kind",
            "direction",
            "surface_zh",
            "surface_en",
            "entities",
            "doc_id",
            "path",
            "source",
            "published",
            "unit_id",
            "sentence",
            "zh",
            "en",
        ]
    )
    for r in rows:
        w.writerow(
            [
                r["measure"],
                r["value"],
                r["high"] if r["high"] is not None else "",
                r["unit"],
                r["display"],
                r["period"] or "",
                r["year"] or "",
                r["date"] or "",
                r["kind"],
                r["direction"] or "",
                r["surface_zh"] or "",
                r["surface_en"] or "",
                "; ".join(e["en"] for e in r["entities"]),
                r["doc_id"],
                r["path"],
                r["source"] or "",
                r["published"] or "",
                r["unit_id"],
                r["sentence"],
                r["zh"] or "",
                r["en"] or "",
            ]
        )
    return buf.getvalue()


@pages.get("/candidates")
def candidates_page(request: Request, message: str | None = None) -> Response:
    rows = kn.candidates(library(request))
    return render(
        request,
        "knowledge/candidates.html",
        rows=rows[:300],
        total=len(rows),
        message=_clean(message),
        title="Candidate names — 对照 duizhao",
    )


@pages.post("/candidates/confirm")
async def candidates_confirm(request: Request, editor: str = Depends(require_editor)) -> Response:
    from starlette.concurrency import run_in_threadpool

    form = await request.form()
    en = str(form.get("en") or "").strip()
    zh = str(form.get("zh") or "").strip() or None
    type_ = str(form.get("type") or "term")
    entity_id = str(form.get("entity") or "").strip() or None
    result = await run_in_threadpool(kn.confirm_candidate, library(request), en, zh, entity_id, type_, None, editor)
    from urllib.parse import quote

    return redirect(
        "/candidates?message=" + quote(f"Confirmed {result['entity']['en']} ({result['reindexed']} documents re-read).")
    )


router.include_router(pages)
router.include_router(api)
