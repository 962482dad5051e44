"""The Terms page (/terms) and its JSON twin (/api/terms): search the termbase, filter by origin and
status, each term with its example sentence pair and its documents; editors confirm, reject, add and
edit (POST forms carrying the CSRF token the app's guard checks). Include with
`app.include_router(terms.router)`.
"""
from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from ..terms import library as tl
from ..terms.model import ORIGINS, STATUSES
from .auth import require_editor
from .common import library, redirect, render, titles_of

router = APIRouter()
pages = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["terms"])
PAGE = 100
# past every termbase, and inside SQLite's 64-bit integers (a larger OFFSET would be a 500)
MAX_OFFSET = 10**12


def _choice(value: str | None, allowed: tuple[str, ...]) -> str | None:
    value = (value or "").strip()
    return value if value in allowed else None


@api.get("/terms", summary="Terms of the termbase (as `duizhao terms [QUERY] --json`)")
def api_terms(request: Request, q: str | None = None, origin: str | None = None, status: str | None = None,
              limit: int = 200, offset: int = 0) -> list[dict[str, Any]]:
    rows = tl.list_terms(library(request), (q or "")[:200] or None, origin=_choice(origin, ORIGINS),
                         status=_choice(status, STATUSES), limit=max(1, min(limit, 1000)), offset=min(max(0, offset), MAX_OFFSET))
    return [t.to_dict() for t in rows]


@pages.get("/terms")
def terms_page(request: Request, q: str | None = None, origin: str | None = None, status: str | None = None,
               page: int = 1, message: str | None = None, edit: int | None = None) -> Response:
    q = (q or "").strip()[:200]
    origin, status = _choice(origin, ORIGINS), _choice(status, STATUSES)
    page = min(max(1, page), MAX_OFFSET // PAGE)
    lib = library(request)
    rows = tl.list_terms(lib, q or None, origin=origin, status=status, limit=PAGE + 1, offset=(page - 1) * PAGE)
    more = len(rows) > PAGE
    rows = rows[:PAGE]
    ids = list(dict.fromkeys(d for t in rows for d in t.documents[:5]))
    # the best title (a digest's stand-in, an untitled pair's headline), as every other page names documents
    titles = titles_of(lib, ids)
    here = {k: v for k, v in (("q", q), ("origin", origin), ("status", status)) if v}
    return render(
        request, "terms.html", rows=rows, q=q, origin=origin, status=status, origins=ORIGINS, statuses=STATUSES,
        page=page, more=more, titles=titles, message=(message or "")[:200] or None, edit=edit,
        here=urlencode(here), title="Terms — 对照 duizhao",
    )


@api.get("/terms/inconsistent", summary="Chinese terms translated more than one way (as `duizhao terms --inconsistent --json`)")
def api_inconsistent(request: Request) -> list[dict[str, Any]]:
    return tl.inconsistent(library(request))


@pages.get("/terms/inconsistent")
def inconsistent_page(request: Request) -> Response:
    """Translators' consistency check: each Chinese term the library renders in several ways, with each
    rendering's count, example pair and documents; editors confirm the one to keep and reject the others."""
    groups = tl.inconsistent(library(request))
    return render(request, "terms_inconsistent.html", groups=groups, here="", title="Inconsistent terms — 对照 duizhao")


def _back(form: Any, text: str) -> Response:
    back = str(form.get("back") or "")
    back = back if back and all(c not in back for c in "\r\n#") else ""
    return redirect("/terms?" + (back + "&" if back else "") + "message=" + quote(text))


@pages.post("/terms/add")
async def terms_add(request: Request, editor: str = Depends(require_editor)) -> Response:
    form = await request.form()
    t = await run_in_threadpool(tl.add_term, library(request), str(form.get("zh") or ""), str(form.get("en") or ""), editor)
    return _back(form, f"Added #{t.id} {t.zh} = {t.en} (confirmed).")


@pages.post("/terms/{term_id}/confirm")
async def terms_confirm(request: Request, term_id: int, editor: str = Depends(require_editor)) -> Response:
    form = await request.form()
    t = await run_in_threadpool(tl.set_status, library(request), term_id, "confirmed", editor)
    return _back(form, f"Confirmed #{t.id} {t.zh} = {t.en}.")


@pages.post("/terms/{term_id}/reject")
async def terms_reject(request: Request, term_id: int, editor: str = Depends(require_editor)) -> Response:
    form = await request.form()
    t = await run_in_threadpool(tl.set_status, library(request), term_id, "rejected", editor)
    return _back(form, f"Rejected #{t.id} {t.zh} = {t.en}.")


@pages.post("/terms/{term_id}/edit")
async def terms_edit(request: Request, term_id: int, editor: str = Depends(require_editor)) -> Response:
    form = await request.form()
    t = await run_in_threadpool(tl.edit_term, library(request), term_id, str(form.get("zh") or ""), str(form.get("en") or ""), editor)
    return _back(form, f"Saved #{t.id} {t.zh} = {t.en} (confirmed).")


router.include_router(pages)
router.include_router(api)
