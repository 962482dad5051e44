"""Editors' pages: the corrections queue (apply, reject), uploads to ingest, metadata editing.

Every route here needs a signed-in editor; every POST also passes the CSRF guard (auth.guard).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from .. import pipeline
from ..errors import BadInput, Conflict, DuizhaoError, NotFound
from ..store import Library
from ..written import metadata_texts, url_value
from .auth import MAX_FILES, require_editor
from .common import error_response, in_thread, library, redirect, render

router = APIRouter(include_in_schema=False)

MAX_UPLOAD = 50 * 1024 * 1024
UPLOAD_TYPES = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")
STATUSES = ("pending", "applied", "rejected")
QUEUE_PAGE = 50  # corrections per page of the queue
DIFF_BUDGET = 250_000  # token pairs a correction's diff may compare (~0.1 s); beyond: replaced whole


# -- re-analysis after a correction ----------------------------------------------------------------
# -- the corrections queue ---------------------------------------------------------------------------
def diff_parts(before: str | None, after: str | None) -> list[tuple[str, str]]:
    """(op, text) pieces, op in equal/del/ins: characters for Chinese, words for everything else."""
    a, b = before or "", after or ""
    han = sum(1 for ch in a + b if unicodedata.category(ch) == "Lo")
    split = list if han * 3 > len(a + b) else (lambda s: re.findall(r"\s+|[^\s]+", s))
    x, y = split(a), split(b)
    # The common head and tail are equal as they stand; only the middle needs a real diff.
    head = 0
    while head < min(len(x), len(y)) and x[head] == y[head]:
        head += 1
    tail = 0
    while tail < min(len(x), len(y)) - head and x[-1 - tail] == y[-1 - tail]:
        tail += 1
    mx, my = x[head : len(x) - tail], y[head : len(y) - tail]
    out: list[tuple[str, str]] = [("equal", "".join(x[:head]))] if head else []
    if len(mx) * len(my) > DIFF_BUDGET:
        # SequenceMatcher grows with the product of the lengths: two 20,000-character rewrites cost
        # seconds each (a flooded queue took 13-15 s). Past the budget the middle is shown as replaced.
        out += [(op, "".join(part)) for op, part in (("del", mx), ("ins", my)) if part]
    else:
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, mx, my, autojunk=False).get_opcodes():
            if op == "equal":
                out.append(("equal", "".join(mx[i1:i2])))
            else:
                if i2 > i1:
                    out.append(("del", "".join(mx[i1:i2])))
                if j2 > j1:
                    out.append(("ins", "".join(my[j1:j2])))
    if tail:
        out.append(("equal", "".join(x[len(x) - tail :])))
    return out


@router.get("/corrections")
def corrections_page(
    request: Request, status: str = "pending", page: int = 1, editor: str = Depends(require_editor)
) -> Response:
    return _queue(request, status, page=page)


def _queue(
    request: Request,
    status: str,
    message: str | None = None,
    error: str | None = None,
    code: int = 200,
    page: int = 1,
) -> Response:
    """One page of the queue: the pending ones oldest first, decided ones latest first. Only that page
    is read and diffed, so a flood of reports costs the editors one page's worth."""
    lib = library(request)
    status = status if status in (*STATUSES, "all") else "pending"
    counts = {s: lib.count_corrections(status=s) for s in STATUSES}
    total = sum(counts.values()) if status == "all" else counts[status]
    pages = max(1, -(-total // QUEUE_PAGE))
    page = min(max(1, page), pages)
    rows = lib.corrections(
        status=None if status == "all" else status,
        limit=QUEUE_PAGE,
        offset=(page - 1) * QUEUE_PAGE,
        newest_first=status != "pending",
    )
    titles: dict[str, str] = {}
    items = []
    from ..pipeline import display_title

    for c in rows:
        if c["doc_id"] not in titles:
            summary = lib.list_documents(ids=[c["doc_id"]])
            titles[c["doc_id"]] = display_title(summary[0]) if summary else c["doc_id"]
        items.append({**c, "doc_title": titles[c["doc_id"]], "diff": diff_parts(c["old_text"], c["new_text"])})
    return render(
        request,
        "corrections.html",
        status_code=code,
        items=items,
        status=status,
        counts=counts,
        page=page,
        pages=pages,
        total=total,
        message=message,
        error=error,
        title="Corrections — 对照 duizhao",
    )


@router.post("/corrections/{correction_id}/apply")
def apply_correction(request: Request, correction_id: int, editor: str = Depends(require_editor)) -> Response:
    lib = library(request)
    try:
        c = pipeline.apply_correction(lib, correction_id, editor)
    except NotFound:
        raise
    except (Conflict, BadInput) as e:
        return _queue(request, "pending", error=str(e), code=409 if isinstance(e, Conflict) else 400)
    return _queue(request, "pending", message=f"Correction #{c['id']} applied to {c['unit_id']} of {c['doc_id']}.")


@router.post("/corrections/{correction_id}/reject")
async def reject_correction(request: Request, correction_id: int, editor: str = Depends(require_editor)) -> Response:
    form = await request.form()
    reason = str(form.get("reason") or "")[:2000]
    lib = library(request)
    try:
        c = await run_in_threadpool(lib.reject_correction, correction_id, editor, reason)
    except NotFound:
        raise
    except (Conflict, BadInput) as e:
        return _queue(request, "pending", error=str(e), code=409 if isinstance(e, Conflict) else 400)
    return _queue(request, "pending", message=f"Correction #{c['id']} rejected.")


# -- uploads ---------------------------------------------------------------------------------------------
def upload_name(raw: str | None) -> str:
    """The name a document keeps: the last path component, printable, short. It is only ever stored as
    data (parsing happens in memory): no name a user sends reaches the filesystem."""
    name = (raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] not in "CZ" or ch == " ").strip(" .")
    if len(name) > 120:
        stem, dot, ext = name.rpartition(".")
        name = (stem[:110] + dot + ext) if dot else name[:120]
    return name or "upload"


def ingest_upload(lib: Library, name: str, data: bytes) -> dict[str, Any]:
    """Parse and store one uploaded file: {name, status, id?, title?, error?}."""
    from ..check import library_termset, term_findings
    from ..pipeline import display_title, prepare_upload

    ext = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in UPLOAD_TYPES:
        return {"name": name, "status": "failed", "error": f"{name}: not an accepted type ({', '.join(UPLOAD_TYPES)})"}
    if len(data) > MAX_UPLOAD:
        return {"name": name, "status": "failed", "error": f"{name}: larger than {MAX_UPLOAD // (1024 * 1024)} MB"}
    if not data:
        return {"name": name, "status": "failed", "error": f"{name}: empty file"}
    try:
        # parsing, checks and the index analysis in a worker process, under the parse limits
        doc, findings, prepared = prepare_upload(name, data, lib.index_contexts())
        # the worker cannot read the library: the library's confirmed terms are checked here
        findings = findings + term_findings(doc, library_termset(lib))
        status = lib.add_document(doc, findings, prepared=prepared)
    except DuizhaoError as e:
        return {"name": name, "status": "failed", "error": str(e)}
    except Exception as e:  # noqa: BLE001 - a parser bug fails this file, not the server
        return {"name": name, "status": "failed", "error": f"{name}: cannot parse ({type(e).__name__})"}
    return {"name": name, "status": status, "id": doc.id, "title": display_title(doc)}


def _upload_page(request: Request, results: list[dict[str, Any]] | None) -> Response:
    return render(
        request,
        "upload.html",
        results=results,
        types=UPLOAD_TYPES,
        max_mb=MAX_UPLOAD // (1024 * 1024),
        title="Upload — 对照 duizhao",
    )


@router.get("/upload")
def upload_form(request: Request, editor: str = Depends(require_editor)) -> Response:
    return _upload_page(request, None)


@router.post("/upload")
async def upload(request: Request, editor: str = Depends(require_editor)) -> Response:
    length = request.headers.get("content-length")
    if length is None or not length.isdigit():
        return error_response(request, 411, "uploads need a Content-Length")
    if int(length) > MAX_UPLOAD + 1024 * 1024:
        return error_response(request, 413, f"too large: at most {MAX_UPLOAD // (1024 * 1024)} MB per upload")
    form = await request.form(max_files=MAX_FILES, max_fields=50)
    files = form.getlist("files")
    if len(files) > MAX_FILES:  # a form parsed earlier with other limits must not let more through
        return error_response(request, 413, f"too many files: at most {MAX_FILES} per upload")
    results = []
    for item in files:
        if not isinstance(item, UploadFile) or not item.filename:
            continue
        name = upload_name(item.filename)
        data = await item.read(MAX_UPLOAD + 1)
        results.append(await in_thread(request, ingest_upload, name, data))
    if not results:
        results.append({"name": "", "status": "failed", "error": "no file was chosen"})
    if any(r["status"] == "ingested" for r in results):
        from ..search import tiers

        # fold the new rows into search's champion lists; full rebuilds are left to ingest/optimize
        await in_thread(request, tiers.maintain, False, False)
    if "application/json" in request.headers.get("accept", ""):
        return JSONResponse({"results": results})
    return _upload_page(request, results)


# -- metadata ------------------------------------------------------------------------------------------
def _names(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"[\n;]", text or "") if p.strip()]


def _keywords(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"[\n;,，、]", text or "") if p.strip()]


def metadata_changes(form: Any) -> dict[str, Any]:
    published = str(form.get("published") or "").strip()
    if published:
        try:
            published = dt.date.fromisoformat(published).isoformat()
        except ValueError:
            raise BadInput(f"the date must be YYYY-MM-DD, not {published!r}") from None
    changes: dict[str, Any] = {
        "title_zh": str(form.get("title_zh") or "").strip() or None,
        "title_en": str(form.get("title_en") or "").strip() or None,
        "authors": _names(str(form.get("authors") or "")),
        "source": str(form.get("source") or "").strip() or None,
        "original_source": str(form.get("original_source") or "").strip() or None,
        "published": published or None,
        "keywords": _keywords(str(form.get("keywords") or "")),
    }
    if "url" in form:  # a form opened before the field existed leaves the address as it is
        changes["url"] = url_value(str(form.get("url") or ""))
    for key, value in changes.items():
        if isinstance(value, str) and len(value) > 1000:
            raise BadInput(f"{key} is too long")
    return changes


def form_values(doc: Any) -> dict[str, str]:
    """The metadata form's fields as the stored document has them (one per line for lists)."""
    return metadata_texts(doc, "\n")


def _form_version(form: Any) -> int | None:
    raw = str(form.get("version") or "").strip()
    if not raw:
        return None  # a form from before the field existed: saved as before
    try:
        return int(raw)
    except ValueError:
        raise BadInput(f"version must be a number, not {raw!r}") from None


@router.get("/doc/{doc_id}/edit")
def metadata_form(request: Request, doc_id: str, editor: str = Depends(require_editor)) -> Response:
    lib = library(request)
    doc = lib.get_document(doc_id)
    return render(
        request, "metadata.html", doc=doc, values=form_values(doc), version=lib.document_version(doc.id),
        stored=None, error=None, title="Edit metadata — 对照 duizhao",
    )


@router.post("/doc/{doc_id}/edit")
async def metadata_save(request: Request, doc_id: str, editor: str = Depends(require_editor)) -> Response:
    form = await request.form()
    lib = library(request)
    doc = await run_in_threadpool(lib.get_document, doc_id)
    try:
        changes = metadata_changes(form)
        await run_in_threadpool(lib.update_metadata, doc.id, changes, editor, _form_version(form))
    except (BadInput, Conflict) as e:
        # the editor's typing comes back in the form, never the stored values over it; on a conflict
        # the stored values are shown beside it and the form carries the new version
        typed = {k: str(form.get(k) or "").replace("\r\n", "\n") for k in form_values(doc)}
        now = await run_in_threadpool(lib.get_document, doc.id)
        stored = form_values(now) if isinstance(e, Conflict) else None
        return render(
            request, "metadata.html", status_code=409 if isinstance(e, Conflict) else 400, doc=now, values=typed,
            version=await run_in_threadpool(lib.document_version, doc.id) if stored else form.get("version") or "",
            stored=stored, error=str(e), title="Edit metadata — 对照 duizhao",
        )
    return redirect(f"/doc/{doc.id}#history")
