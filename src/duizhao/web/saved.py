"""Saved searches (duizhao.saved) in the browser: `/saved` lists a signed-in user's searches, with each
one's link and Atom feed; the search page saves the current search; `/search.atom?q=…` is the feed of
any search (what a feed reader polls; no sign-in)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from .. import saved as saved_mod
from .auth import require_user
from .common import library, redirect, render

router = APIRouter(include_in_schema=False)


@router.get("/search.atom")
def search_feed(request: Request) -> Response:
    params = dict(request.query_params)
    entries = saved_mod.feed_entries(library(request), params)
    self_url = request.url.path + ("?" + request.url.query if request.url.query else "")
    base = str(request.base_url)
    data = saved_mod.atom(entries, params.get("q", ""), base, self_url)
    return Response(data, media_type="application/atom+xml; charset=utf-8")


@router.get("/saved")
def saved_page(request: Request, user: str = Depends(require_user)) -> Response:
    searches = saved_mod.saved_searches(library(request), user)
    return render(request, "saved.html", searches=searches, title="Saved searches — 对照 duizhao")


@router.post("/saved")
async def save_search(request: Request, user: str = Depends(require_user)) -> Response:
    form = await request.form()
    filters = {k: str(form.get(k) or "") for k in saved_mod.FILTERS}
    saved_mod.save(library(request), user, str(form.get("name") or ""), str(form.get("q") or ""), filters)
    return redirect("/saved")


@router.post("/saved/remove")
async def remove_search(request: Request, user: str = Depends(require_user)) -> Response:
    form = await request.form()
    saved_mod.remove(library(request), user, str(form.get("name") or ""))
    return redirect("/saved")
