"""`/`: the library — documents newest first, facets with counts, sort, pagination."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from .common import library, render, viewer
from .exports import export_links

router = APIRouter(include_in_schema=False)

PER_PAGE = 20
FACETS = (
    ("source", "Source"),
    ("author", "Author"),
    ("keyword", "Keyword"),
    ("year", "Year"),
    ("script", "Chinese script"),
)
SORTS = (("published", "Newest"), ("oldest", "Oldest"), ("title", "Title"), ("added", "Recently added"))
SCRIPT_NAMES = {"zh-Hans": "Simplified 简体", "zh-Hant": "Traditional 繁體"}
FACET_SHOWN = 12  # per facet; the rest behind "more"


def clean_filters(
    source: str | None, author: str | None, keyword: str | None, year: str | None, script: str | None
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in (("source", source), ("author", author), ("keyword", keyword), ("script", script)):
        if value and value.strip():
            out[key] = value.strip()[:200]
    if year and year.strip().isdigit() and len(year.strip()) == 4:
        out["year"] = year.strip()
    return out


@router.get("/")
def library_page(
    request: Request,
    page: int = 1,
    sort: str = "published",
    source: str | None = None,
    author: str | None = None,
    keyword: str | None = None,
    year: str | None = None,
    script: str | None = None,
) -> Response:
    lib = library(request)
    if sort not in dict(SORTS):
        sort = "published"
    filters = clean_filters(source, author, keyword, year, script)
    total = lib.count_documents(**filters)
    pages = max(1, -(-total // PER_PAGE))
    page = min(max(1, page), pages)
    docs = lib.list_documents(limit=PER_PAGE, offset=(page - 1) * PER_PAGE, sort=sort, **filters)
    facets = lib.facets(**filters)
    params = {**filters, "sort": sort if sort != "published" else None}
    # Editors see which documents still hold errors nobody has reviewed (translators act on these).
    attention = lib.attention() if viewer(request).editor else []
    return render(
        request,
        "library.html",
        docs=docs,
        attention=attention,
        total=total,
        page=page,
        pages=pages,
        sort=sort,
        sorts=SORTS,
        filters=filters,
        params=params,
        facets=[(key, label, facets.get(key, [])) for key, label in FACETS],
        facet_shown=FACET_SHOWN,
        script_names=SCRIPT_NAMES,
        exports=export_links(filters),
        title="Library — 对照 duizhao",
    )
