"""`/api/…`: the same JSON as the matching CLI command (SPEC), described at /openapi.json."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from ..errors import BadInput
from .common import library, only_visible, viewer
from .search import MAX_QUERY, _date, run_search

router = APIRouter(prefix="/api", tags=["api"], dependencies=[Depends(only_visible)])

LIST_KEYS = ("id", "path", "title", "authors", "source", "published", "keywords")


def openapi_schema(request: Request) -> dict[str, Any]:
    """/openapi.json: the API's description, behind the same guard as every page (sign-in under
    --private); app.py adds it as an app route, since this router's paths begin with /api."""
    return request.app.openapi()


@router.get("/docs", summary="Documents, newest first (as `duizhao list --json`)")
def api_docs(
    request: Request,
    limit: Annotated[int | None, Query(ge=1, le=10000)] = None,
    offset: Annotated[int, Query(ge=0)] = 0,
    sort: str = "published",
    source: str | None = None,
    author: str | None = None,
    keyword: str | None = None,
    status: str = "published",
) -> list[dict[str, Any]]:
    if status not in ("published", "draft", "trashed", "all"):
        raise BadInput("status must be published, draft, trashed or all")
    if status != "published" and not viewer(request).editor:
        from .common import Forbidden

        raise Forbidden("only editors see drafts and the trash")
    rows = library(request).list_documents(
        limit=limit, offset=offset, sort=sort, source=source, author=author, keyword=keyword, status=status
    )
    return [{k: r[k] for k in LIST_KEYS} for r in rows]


@router.get("/doc/{doc_id}", summary="One document (as `duizhao show ID --json`, with its status and version)")
def api_doc(request: Request, doc_id: str) -> dict[str, Any]:
    from .api_write import document_json

    lib = library(request)
    return document_json(lib, lib.resolve_id(doc_id))


@router.get("/doc/{doc_id}/check", summary="The translation checks' findings (as `duizhao check ID --json`)")
def api_check(request: Request, doc_id: str) -> dict[str, Any]:
    lib = library(request)
    doc_id = lib.resolve_id(doc_id)
    from ..check.review import summary

    findings = lib.findings(doc_id)
    return {"doc_id": doc_id, "findings": [f.to_dict() for f in findings], "summary": summary(findings)}


@router.get("/doc/{doc_id}/cite", summary="A citation (as `duizhao cite ID --style S --json`)")
def api_cite(request: Request, doc_id: str, style: str = "chicago") -> dict[str, str]:
    from ..export.cite import STYLES, cite

    style = style.strip().lower()
    if style not in STYLES:
        raise BadInput(f"unknown style {style!r}; use one of: {', '.join(STYLES)}")
    return {"style": style, "text": cite(library(request).get_document(doc_id), style)}


@router.get("/doc/{doc_id}/history", summary="Every change to the document: who, when, before, after")
def api_history(request: Request, doc_id: str) -> list[dict[str, Any]]:
    return library(request).history(doc_id)


@router.get("/search", summary="Ranked unit-level hits (as `duizhao search QUERY --json`)")
def api_search(
    request: Request,
    q: Annotated[str, Query(max_length=MAX_QUERY)] = "",
    limit: Annotated[int, Query(ge=1, le=1000)] = 10,
    offset: Annotated[int, Query(ge=0, le=100000)] = 0,
    source: str | None = None,
    author: str | None = None,
    keyword: str | None = None,
    date_from: Annotated[str | None, Query(alias="from")] = None,
    date_to: Annotated[str | None, Query(alias="to")] = None,
    side: Annotated[str | None, Query(pattern="^(zh|en)$")] = None,
    by_document: bool = False,
) -> dict[str, Any]:
    """by_document=1: one hit per document, its next best units in the hit's "units". Filters alone
    (no q) list the documents meeting them."""
    if not q.strip() and not any((source, author, keyword, date_from, date_to)):
        raise BadInput("q (or a filter: source, author, keyword, from, to) is required")
    return run_search(
        library(request),
        q.strip(),
        limit,
        offset,
        source=source,
        author=author,
        keyword=keyword,
        date_from=_date(date_from, "from"),
        date_to=_date(date_to, "to"),
        side=side,
        group_by_document=by_document or None,
    )
