"""`/search?q=`: ranked unit-level hits with highlighted snippets in both languages, facets and filters.

The ranking is the search module's (duizhao.search.search); this page only shows it. Its snippet
markup is trusted for nothing: the text is escaped first and only then are its markers turned
into <mark>.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import re
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response
from markupsafe import Markup, escape

from ..errors import BadInput
from ..search import search
from ..search.snippet import CLOSE, OPEN
from ..store import Library
from .cache import LRU
from .common import ENV, library, render
from .exports import export_links

router = APIRouter(include_in_schema=False)

PER_PAGE = 10
FACETS = (("source", "Source"), ("year", "Year"), ("author", "Author"), ("keyword", "Keyword"))
MAX_QUERY = 500
# Marker pairs a snippet may use, tried in order; the search module may name its own.
KNOWN_MARKERS = (("<mark>", "</mark>"), ("<b>", "</b>"), ("\x02", "\x03"), ("«", "»"), ("[[", "]]"))
_HAN = re.compile(r"[\u3400-\u9fff]")


def markers() -> tuple[tuple[str, str], ...]:
    """The search module's own markers (« » in snippet.py) first."""
    return ((OPEN, CLOSE), *KNOWN_MARKERS)


def highlight(snippet: str | None) -> Markup:
    """Escape the snippet, then turn the search module's markers (escaped the same way) into <mark>."""
    if not snippet:
        return Markup("")
    text = str(escape(snippet))
    for start, end in markers():
        s, e = str(escape(start)), str(escape(end))
        if s in text and e in text:
            text = text.replace(s, "<mark>").replace(e, "</mark>")
            # a marker left unbalanced by truncation must not leave an open element behind
            if text.count("<mark>") != text.count("</mark>"):
                text = text.replace("<mark>", "").replace("</mark>", "")
            break
    return Markup(text)


def snippet_sides(hit: dict[str, Any], other: str | None = None) -> dict[str, Markup]:
    """The highlighted snippet put on the side it belongs to; the other side marked the same way
    when `other` (its snippet) is given, else its plain text."""
    snip = hit.get("snippet")
    out: dict[str, Markup] = {}
    if isinstance(snip, dict):
        for side in ("zh", "en"):
            if snip.get(side):
                out[side] = highlight(snip[side])
    elif snip:
        side = str(hit.get("side") or "")
        if side not in ("zh", "en"):
            plain = re.sub(r"<[^>]*>|[\x02\x03«»]", "", str(snip))
            side = "zh" if len(_HAN.findall(plain)) * 3 > len(plain.strip()) else "en"
        out[side] = highlight(str(snip))
        if other:
            out["en" if side == "zh" else "zh"] = highlight(other)
    for side in ("zh", "en"):
        if side not in out and hit.get(side):
            text = hit[side]
            out[side] = Markup(escape(text if len(text) <= 320 else text[:319] + "…"))
    return out


def _date(value: str | None, name: str) -> str | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise BadInput(f"{name} must be a date YYYY-MM-DD, not {value!r}") from None


RESULTS_KEPT = 256  # result pages kept per library connection (see run_search)


def run_search(lib: Library, q: str, limit: int, offset: int, **filters: Any) -> dict[str, Any]:
    """The search module's result, passing only the filters its function accepts.

    Result pages are kept per connection, keyed by the library's version (any commit by any process
    changes it) and the request: readers repeat searches (back button, paging back, the same query
    from many people) and a search costs 5–30 ms of CPU. Callers must not mutate the result."""
    fn = search
    params, accepts_any = _accepted(fn)
    kwargs = {k: v for k, v in filters.items() if v not in (None, "") and (accepts_any or k in params)}
    version = _version(lib)
    if version is None:
        return fn(lib, q, limit=limit, offset=offset, **kwargs)
    key = (version, q, limit, offset, tuple(sorted(kwargs.items())))
    cache = _results(lib)
    hit = cache.get(key)
    if hit is None:
        hit = fn(lib, q, limit=limit, offset=offset, **kwargs)
        cache.put(key, hit, sum(len(h.get("zh") or "") + len(h.get("en") or "") for h in hit.get("hits", [])) * 4 + 2048)
    return hit


def _version(lib: Library) -> tuple | None:
    """The search index's version of this library, or None when the backend has none (no caching)."""
    version = lib.search_index.version(lib)
    return (lib.url, *version) if version is not None else None


def _results(lib: Library) -> LRU:
    """The result pages kept on this library handle (its state, store/state.py)."""
    if lib.state.results is None:
        lib.state.results = LRU(max_entries=RESULTS_KEPT, max_bytes=32 * 1024 * 1024)
    results: LRU = lib.state.results
    return results


@functools.lru_cache(maxsize=4)
def _accepted(fn: Any) -> tuple[frozenset[str], bool]:
    """The keyword arguments `fn` takes (inspect.signature costs ~0.3 ms: once, not per request)."""
    params = inspect.signature(fn).parameters
    return frozenset(params), any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())


def results_html(lib: Library, q: str, page: int, filters: dict[str, Any], by_document: bool = False) -> Markup:
    """The page's facets and hits as HTML, kept like run_search's results (same key and lifetime):
    a repeated search (paging back, the back button, a shared link) renders only the page around it.
    by_document: one hit per document, its next best units beneath. Filters without a query list
    the documents meeting them."""
    version = _version(lib)
    key = ("html", version, q, page, tuple(sorted(filters.items())), by_document)
    cache = _results(lib)
    if version is not None:
        hit = cache.get(key)
        if hit is not None:
            return hit
    result: dict[str, Any] = {"query": q, "total": 0, "hits": []}
    searched = bool(q) or any(v for k, v in filters.items() if k != "side")
    if searched:
        result = run_search(
            lib, q, PER_PAGE, (page - 1) * PER_PAGE, **filters, group_by_document=by_document or None, other_side=True
        )
    hits = result.get("hits") or []
    related = result.get("related") or []  # dense-only neighbours below the floor: shown apart, not hits
    total = int(result.get("total") or 0)
    doc_ids = list(dict.fromkeys(h["doc_id"] for h in [*hits, *related]))
    facets = {k: [tuple(v) for v in vals] for k, vals in (result.get("facets") or {}).items()}
    if not facets and doc_ids:
        facets = lib.facets(ids=doc_ids)
    summaries = {d["id"]: d for d in lib.list_documents(ids=doc_ids)} if doc_ids else {}
    others = {(h["doc_id"], h["unit_id"]): h["other_snippet"] for h in [*hits, *related] if h.get("other_snippet")}
    params = {"q": q, **{k: v for k, v in filters.items() if v}, **({"by_document": "1"} if by_document else {})}
    html = Markup(
        ENV.get_template("_search_results.html").render(
            q=q,
            hits=[
                (
                    h,
                    snippet_sides(h, others.get((h["doc_id"], h["unit_id"]))),
                    summaries.get(h["doc_id"], {"id": h["doc_id"], "title": h.get("title") or {}}),
                    [(b, highlight(b.get("snippet"))) for b in h.get("units") or []],
                )
                for h in hits
            ],
            related=[
                (h, snippet_sides(h, others.get((h["doc_id"], h["unit_id"]))), summaries.get(h["doc_id"], {"id": h["doc_id"], "title": h.get("title") or {}}))
                for h in related
            ],
            total=total,
            total_exact=bool(result.get("total_exact", True)),
            page=page,
            pages=max(1, -(-total // PER_PAGE)),
            filters=filters,
            params=params,
            facets=[(k, label, facets.get(k, [])) for k, label in FACETS],
            exports=export_links(params),
            relaxed=bool(result.get("relaxed")),
            searched=searched,
            by_document=by_document,
            listing=bool(result.get("listing")),
        )
    )
    if version is not None:
        cache.put(key, html, len(html) * 2 + 512)
    return html


def _page_number(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 1000))
    except ValueError:
        return 1


@router.get("/search")
async def search_page(request: Request) -> Response:
    """Run on the event loop, not in the thread pool: the page is CPU work of a few milliseconds with no
    waiting in it, and the thread hop plus threads contending for the GIL cost ~15% of its CPU under
    load (bench/web.py); the workers (`serve --workers N`) are what use several cores. The parameters
    are read here rather than declared: FastAPI's validation of eight of them cost another ~10%."""
    args = request.query_params
    lib = library(request)
    q = (args.get("q") or "").strip()[:MAX_QUERY]
    page = _page_number(args.get("page"))
    side = args.get("side")
    filters = {
        "source": (args.get("source") or "").strip() or None,
        "author": (args.get("author") or "").strip() or None,
        "keyword": (args.get("keyword") or "").strip() or None,
        "date_from": _date(args.get("date_from"), "from"),
        "date_to": _date(args.get("date_to"), "to"),
        "side": side if side in ("zh", "en") else None,
    }
    return render(
        request,
        "search.html",
        body=results_html(lib, q, page, filters, args.get("by_document") == "1"),
        q=q,
        saved_filters={k: v for k, v in filters.items() if v},
        feed_url="/search.atom?" + urlencode({"q": q, **{k: v for k, v in filters.items() if v}}),
        title=(f"{q} — search — 对照 duizhao" if q else "Search — 对照 duizhao"),
    )
