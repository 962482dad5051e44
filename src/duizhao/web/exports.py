"""`/export`: the library, the part of it a filter selects, or the documents a search found, as one
file (BibTeX, RIS, CSL-JSON, TMX, JSON Lines, CSV): what `duizhao export --all` writes, from the browser.

The library page and the search page link here with their own parameters (?q= and the filters).
A search exports the documents of its hits, at most MAX_DOCUMENTS of them, best first.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from ..errors import BadInput
from ..store import Library
from .common import library

router = APIRouter(include_in_schema=False)

MAX_DOCUMENTS = 1000
LABELS = {"bibtex": "BibTeX", "ris": "RIS", "csl-json": "CSL-JSON", "tmx": "TMX", "csv": "CSV", "jsonl": "JSON Lines"}
LIBRARY_FILTERS = ("source", "author", "keyword", "year", "script")
SEARCH_FILTERS = ("source", "author", "keyword", "date_from", "date_to", "side")


def _date(value: str | None, name: str) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise BadInput(f"{name} must be a date YYYY-MM-DD, not {value!r}") from None


def selected_ids(lib: Library, params: Any) -> list[str]:
    """The documents an export of this page covers: a search's documents (best first) or the library's."""
    q = (params.get("q") or "").strip()[:500]
    if q:
        from ..search import search

        side = params.get("side")
        result = search(
            lib,
            q,
            limit=MAX_DOCUMENTS,
            source=(params.get("source") or "").strip() or None,
            author=(params.get("author") or "").strip() or None,
            keyword=(params.get("keyword") or "").strip() or None,
            date_from=_date(params.get("date_from"), "from"),
            date_to=_date(params.get("date_to"), "to"),
            side=side if side in ("zh", "en") else None,
            group_by_document=True,
            snippets=False,
        )
        return list(dict.fromkeys(h["doc_id"] for h in result["hits"]))
    from .library import clean_filters

    filters = clean_filters(*(params.get(k) for k in LIBRARY_FILTERS))
    return [d["id"] for d in lib.list_documents(limit=MAX_DOCUMENTS, **filters)]


@router.get("/export")
def export_selection(request: Request, format: str = "bibtex") -> Response:
    from ..export import LIBRARY_FORMATS, export_many, extension, media_type

    fmt = format.strip().lower()
    if fmt not in LIBRARY_FORMATS:
        raise BadInput(f"unknown export format {format!r}; use one of: {', '.join(LIBRARY_FORMATS)}")
    lib = library(request)
    ids = selected_ids(lib, request.query_params)
    data = export_many((lib.get_document(i) for i in ids), fmt)
    stem = "duizhao-search" if (request.query_params.get("q") or "").strip() else "duizhao-library"
    return Response(
        data,
        media_type=media_type(fmt),
        headers={"Content-Disposition": f'attachment; filename="{stem}.{extension(fmt)}"'},
    )


def export_links(params: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, href) of each export of the page with these parameters (page and sort dropped)."""
    from urllib.parse import urlencode

    from ..export import LIBRARY_FORMATS

    kept = {k: v for k, v in params.items() if v not in (None, "") and k not in ("page", "sort")}
    return [(LABELS.get(f, f), "/export?" + urlencode({**kept, "format": f})) for f in LIBRARY_FORMATS]
