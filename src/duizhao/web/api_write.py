"""The write API (SPEC "Writing and changing documents through the API"): create, change, publish,
trash and restore documents, and readers' reports. Every route but the report needs an editor,
signed in by a session (with its CSRF token, auth.guard) or by an API token (`duizhao user token`).

Bodies are JSON (a Document, written.document_from_json) or, for POST /api/docs, a file as
multipart (`file=`), which is parsed exactly like `ingest` (in the upload worker, under its limits).
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from ..errors import BadInput
from ..store import Library
from .auth import REPORTS, client_key, require_editor
from .common import in_thread, library, viewer, visible

router = APIRouter(prefix="/api", tags=["api (writes)"])

MAX_JSON = 8 * 1024 * 1024


def document_json(lib: Library, doc_id: str) -> dict[str, Any]:
    """A document as the API shows it: the Document plus its status and version."""
    doc = lib.get_document(doc_id)
    return {**doc.to_dict(), "status": lib.document_status(doc.id), "version": lib.document_version(doc.id)}


async def _json_body(request: Request) -> Any:
    if not request.headers.get("content-type", "").startswith("application/json"):
        raise BadInput("send the body as JSON (Content-Type: application/json)")
    raw = await request.body()
    if len(raw) > MAX_JSON:
        raise BadInput(f"the body is larger than {MAX_JSON // (1024 * 1024)} MB")
    try:
        return json.loads(raw or b"null")
    except (ValueError, RecursionError):
        raise BadInput("the body is not valid JSON") from None


def _analysed(lib: Library, doc: Any) -> tuple[Any, list[Any]]:
    from ..pipeline import analyse, stored_findings

    doc = analyse(doc)
    return doc, stored_findings(lib, doc)


@router.post("/docs", status_code=201, summary="Create a document: JSON (draft or published) or a file (multipart)")
async def create_document(request: Request, editor: str = Depends(require_editor)) -> JSONResponse:
    lib = library(request)
    ctype = request.headers.get("content-type", "")
    if ctype.startswith("multipart/form-data"):
        from .editor import ingest_upload

        form = await request.form(max_files=1, max_fields=5)
        item = form.get("file")
        if item is None or isinstance(item, str):
            raise BadInput("multipart body without a file= part")
        data = await item.read()
        result = await in_thread(request, ingest_upload, item.filename or "upload", data)
        if result["status"] == "failed":
            raise BadInput(result["error"])
        return JSONResponse({"id": result["id"], "status": "published"}, status_code=201 if result["status"] == "ingested" else 200)
    from ..written import document_from_json

    data = await _json_body(request)
    status = (data.get("status") if isinstance(data, dict) else None) or "draft"
    if status not in ("draft", "published"):
        raise BadInput(f"status must be draft or published, not {status!r}")
    doc, findings = _analysed(lib, document_from_json(data))
    stored = await in_thread(request, Library.add_document, doc, findings, None, status)
    if stored == "unchanged":
        return JSONResponse({"id": doc.id, "status": lib.document_status(doc.id)}, status_code=200)
    return JSONResponse({"id": doc.id, "status": status}, status_code=201)


@router.patch("/doc/{doc_id}", summary="Change a document (metadata and/or units) from the version it was based on")
async def change_document(request: Request, doc_id: str, editor: str = Depends(require_editor)) -> dict[str, Any]:
    from ..written import document_from_json

    lib = library(request)
    doc_id = lib.resolve_id(doc_id)
    data = await _json_body(request)
    if not isinstance(data, dict) or not isinstance(data.get("version"), int) or isinstance(data.get("version"), bool):
        raise BadInput("send the version the change is based on (the document's \"version\")")
    base = lib.get_document(doc_id)
    changes = {k: v for k, v in data.items() if k not in ("version", "status", "id")}
    doc, findings = _analysed(lib, document_from_json(changes, base=base))
    await in_thread(request, Library.replace_units, doc_id, doc, findings, editor, int(data["version"]))
    return document_json(lib, doc_id)


def _status_change(request: Request, doc_id: str, status: str, editor: str) -> dict[str, Any]:
    lib = library(request)
    doc_id = lib.resolve_id(doc_id)
    lib.set_status(doc_id, status, editor)
    return {"id": doc_id, "status": status, "version": lib.document_version(doc_id)}


@router.post("/doc/{doc_id}/publish", summary="Publish a draft: readers and search see it")
def publish_document(request: Request, doc_id: str, editor: str = Depends(require_editor)) -> dict[str, Any]:
    return _status_change(request, doc_id, "published", editor)


@router.delete("/doc/{doc_id}", summary="Move a document to the trash (restore brings it back)")
def trash_document(request: Request, doc_id: str, editor: str = Depends(require_editor)) -> dict[str, Any]:
    return _status_change(request, doc_id, "trashed", editor)


@router.post("/doc/{doc_id}/restore", summary="Bring a document back from the trash (published)")
def restore_document(request: Request, doc_id: str, editor: str = Depends(require_editor)) -> dict[str, Any]:
    lib = library(request)
    doc_id = lib.resolve_id(doc_id)
    lib.restore(doc_id, editor)
    return {"id": doc_id, "status": "published", "version": lib.document_version(doc_id)}


@router.post("/doc/{doc_id}/unit/{unit_id}/report", status_code=201, summary="A reader's report of an error in one unit")
async def report_unit(request: Request, doc_id: str, unit_id: str) -> JSONResponse:
    lib = library(request)
    doc_id = visible(request, lib, doc_id)
    data = await _json_body(request)
    if not isinstance(data, dict):
        raise BadInput('send {"side", "text", "note"}')
    side, text, note = data.get("side"), data.get("text"), data.get("note") or ""
    if side not in ("zh", "en") or not isinstance(text, str) or not isinstance(note, str):
        raise BadInput('side must be "zh" or "en"; text and note are strings')
    v = viewer(request)
    # counted before it is stored, in one step in the library, as the web form's reports are
    if not v.signed_in and not await in_thread(request, REPORTS.take, client_key(request)):
        return JSONResponse({"error": "too many reports from this address; wait a while"}, status_code=429)
    number = await in_thread(request, Library.propose_correction, doc_id, unit_id, side, text, note, v.user or "reader")
    return JSONResponse(lib.correction(number), status_code=201)
