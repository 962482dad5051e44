"""Editors' pages for a document's life (store/lifecycle.py): drafts and the trash, with publish,
move to trash, restore and empty the trash. Readers never see drafts or trashed documents
(common.only_visible answers 404 for them)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from ..errors import BadInput
from ..store import Library
from .auth import require_editor
from .common import doc_title, in_thread, library, redirect, render

router = APIRouter(include_in_schema=False)

VIEWS = {"trashed": "Trash", "draft": "Drafts"}


@router.get("/trash")
def trash_page(request: Request, status: str = "trashed", message: str | None = None, editor: str = Depends(require_editor)) -> Response:
    lib = library(request)
    status = status if status in VIEWS else "trashed"
    docs = lib.list_documents(status=status, sort="added", limit=1000)
    counts = {s: lib.count_documents(status=s) for s in VIEWS}
    rows = [{**d, "shown_title": doc_title(d)} for d in docs]
    return render(request, "trash.html", docs=rows, status=status, views=VIEWS, counts=counts, message=message,
                  title=f"{VIEWS[status]} — 对照 duizhao")


async def _form(request: Request) -> dict[str, str]:
    form = await request.form(max_fields=20)
    return {k: v for k, v in form.items() if isinstance(v, str)}


@router.post("/doc/{doc_id}/trash")
async def move_to_trash(request: Request, doc_id: str, editor: str = Depends(require_editor)) -> Response:
    lib = library(request)
    doc_id = lib.resolve_id(doc_id)
    await in_thread(request, Library.set_status, doc_id, "trashed", editor)
    return redirect("/trash?message=" + f"Moved {doc_id} to the trash.")


@router.post("/doc/{doc_id}/restore")
async def restore(request: Request, doc_id: str, editor: str = Depends(require_editor)) -> Response:
    doc_id = library(request).resolve_id(doc_id)
    await in_thread(request, Library.restore, doc_id, editor)
    return redirect(f"/doc/{doc_id}")


@router.post("/doc/{doc_id}/publish")
async def publish(request: Request, doc_id: str, editor: str = Depends(require_editor)) -> Response:
    lib = library(request)
    doc_id = lib.resolve_id(doc_id)
    await in_thread(request, Library.set_status, doc_id, "published", editor)
    return redirect(f"/doc/{doc_id}")


@router.post("/trash/empty")
async def empty_trash(request: Request, editor: str = Depends(require_editor)) -> Response:
    form = await _form(request)
    if form.get("confirm", "").strip().lower() != "empty":
        raise BadInput('type "empty" to confirm: the trashed documents and their history are deleted for good')
    gone = await in_thread(request, Library.empty_trash, editor)
    return redirect(f"/trash?message=Deleted {len(gone)} document{'' if len(gone) == 1 else 's'} for good.")
