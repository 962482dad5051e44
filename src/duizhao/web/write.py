"""The digest editor (editors): write a new bilingual digest, or change any document in place.

One form, rendered by the server, that works without JavaScript: the header fields and a body of
rows (kind, level, Chinese, English). Row operations (add, remove, move, indent) and the script
switch are submit buttons that come back with the form changed and nothing saved; "Save draft" and
"Publish" store it. With JavaScript (static/editor.js) the same form also keeps every keystroke in
the browser (localStorage) until the server has it, checks each row as it is typed (htmx,
/write/check), and shows a concordance of how the library translated a selected phrase
(/write/concordance). A save from an older version than the stored one is a conflict shown with
both versions side by side, never an overwrite.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from markupsafe import escape

from ..errors import BadInput, Conflict
from ..model import UNIT_KINDS, Document
from ..store import Library
from ..written import metadata_texts
from .auth import require_editor
from .common import in_thread, library, redirect, render

router = APIRouter(include_in_schema=False)

ROW_KINDS = ("paragraph", "heading", "bullet", "item")
KIND_NAMES = {"paragraph": "Paragraph", "heading": "Heading", "bullet": "Bullet", "item": "Numbered item",
              "title": "Title", "footnote": "Footnote"}
MAX_ROWS = 2000
HEADER_FIELDS = ("title_zh", "title_en", "authors", "source", "url", "published", "keywords")  # the form's header
NEW_ROWS = [{"kind": "paragraph", "level": 0, "zh": "", "en": "", "id": ""},
            {"kind": "heading", "level": 0, "zh": "", "en": "", "id": ""},
            {"kind": "bullet", "level": 0, "zh": "", "en": "", "id": ""}]


@dataclasses.dataclass
class Draft:
    """What the form holds: the header, the rows, and what it was based on."""

    doc_id: str | None
    version: int | None
    header: dict[str, str]
    rows: list[dict[str, Any]]


def draft_of(lib: Any, doc: Document) -> Draft:
    texts = metadata_texts(doc, ", ")
    header = {k: texts[k] for k in HEADER_FIELDS}
    rows = [{"kind": u.kind, "level": u.level, "zh": u.zh or "", "en": u.en or "", "id": u.id} for u in doc.units]
    return Draft(doc.id, lib.document_version(doc.id), header, rows)


def draft_from_form(form: Any) -> Draft:
    header = {k: str(form.get(k) or "").strip() for k in HEADER_FIELDS}
    kinds, levels, zhs, ens, ids = (form.getlist(k) for k in ("kind", "level", "zh", "en", "uid"))
    if not (len(kinds) == len(levels) == len(zhs) == len(ens) == len(ids)):
        raise BadInput("the form's rows are incomplete; reload the editor")
    if len(kinds) > MAX_ROWS:
        raise BadInput(f"at most {MAX_ROWS} rows")
    rows = []
    for kind, level, zh, en, uid in zip(kinds, levels, zhs, ens, ids, strict=True):
        try:
            lvl = max(0, min(4, int(level or 0)))
        except ValueError:
            lvl = 0
        rows.append({"kind": kind if kind in UNIT_KINDS else "paragraph", "level": lvl, "zh": str(zh), "en": str(en), "id": str(uid)})
    version = form.get("version")
    return Draft(str(form.get("doc_id") or "") or None, int(version) if str(version or "").isdigit() else None, header, rows)


def apply_op(draft: Draft, op: str) -> Draft:
    """A row operation ("add", "remove:3", "up:3", "down:3", "indent:3", "outdent:3") or a script
    switch ("hant", "hans"): the draft changed, nothing stored."""
    rows = [dict(r) for r in draft.rows]
    name, _, arg = op.partition(":")
    i = int(arg) if arg.isdigit() else -1
    if name == "add":
        at = i + 1 if 0 <= i < len(rows) else len(rows)
        kind = rows[i]["kind"] if 0 <= i < len(rows) else "bullet"
        rows.insert(at, {"kind": kind, "level": rows[i]["level"] if 0 <= i < len(rows) else 0, "zh": "", "en": "", "id": ""})
    elif 0 <= i < len(rows):
        if name == "remove":
            rows.pop(i)
        elif name == "up" and i > 0:
            rows[i - 1], rows[i] = rows[i], rows[i - 1]
        elif name == "down" and i < len(rows) - 1:
            rows[i + 1], rows[i] = rows[i], rows[i + 1]
        elif name == "indent":
            rows[i]["level"] = min(4, rows[i]["level"] + 1)
        elif name == "outdent":
            rows[i]["level"] = max(0, rows[i]["level"] - 1)
    if name in ("hant", "hans"):
        from ..lang.script import to_simplified, to_traditional

        convert = to_traditional if name == "hant" else to_simplified
        for r in rows:
            r["zh"] = convert(r["zh"]) if r["zh"] else ""
        draft.header["title_zh"] = convert(draft.header["title_zh"]) if draft.header["title_zh"] else ""
    return dataclasses.replace(draft, rows=rows)


def document_json(draft: Draft) -> dict[str, Any]:
    """The draft as the write API's Document JSON (so one validator serves both, written.py)."""
    from ..layouts.meta import normalize_date, split_keywords, split_names

    h = draft.header
    published = h["published"]
    if published and not re.match(r"^\d{4}(-\d{2}){0,2}$", published):  # 06/14/2024, 2024年6月14日 …
        published = normalize_date(published) or published
    return {
        "title": {"zh": h["title_zh"] or None, "en": h["title_en"] or None},
        "authors": split_names(h["authors"]) if h["authors"] else [],
        "source": h["source"] or None,
        "url": h["url"] or None,
        "published": published or None,
        "keywords": split_keywords(h["keywords"]) if h["keywords"] else [],
        "layout": "digest",
        "units": [
            {"kind": r["kind"], "level": r["level"], "zh": r["zh"] or None, "en": r["en"] or None, **({"id": r["id"]} if r["id"] else {})}
            for r in draft.rows
            if r["zh"].strip() or r["en"].strip()
        ],
    }


def _page(request: Request, draft: Draft, message: str | None = None, error: str | None = None, status: int = 200, kept: str = "") -> Response:
    lib = library(request)
    facets = lib.facets()
    return render(
        request,
        "write.html",
        status_code=status,
        draft=draft,
        kinds=ROW_KINDS,
        kind_names=KIND_NAMES,
        outlets=[name for name, _ in facets.get("source", [])][:100],
        keywords=[name for name, _ in facets.get("keyword", [])][:300],
        message=message,
        error=error,
        kept=kept,
        title=("Edit — " if draft.doc_id else "New digest — ") + "对照 duizhao",
    )


@router.get("/write")
def new_digest(request: Request, editor: str = Depends(require_editor)) -> Response:
    return _page(request, Draft(None, None, dict.fromkeys(("title_zh", "title_en", "authors", "source", "url", "published", "keywords"), ""), [dict(r) for r in NEW_ROWS]))


@router.get("/doc/{doc_id}/write")
def edit_document(request: Request, doc_id: str, editor: str = Depends(require_editor)) -> Response:
    lib = library(request)
    return _page(request, draft_of(lib, lib.get_document(doc_id)))


@router.post("/write")
async def save(request: Request, editor: str = Depends(require_editor)) -> Response:
    form = await request.form(max_fields=5 * MAX_ROWS + 50)
    draft = draft_from_form(form)
    op = str(form.get("op") or "save")
    if op not in ("save", "publish"):  # a row operation, or "layout" (the browser restoring kept text)
        return _page(request, apply_op(draft, op))
    from ..pipeline import analyse, stored_findings
    from ..written import document_from_json

    lib = library(request)
    try:
        data = document_json(draft)
        if draft.doc_id:
            base = lib.get_document(draft.doc_id)
            doc = analyse(document_from_json(data, base=base))
            await in_thread(request, Library.replace_units, draft.doc_id, doc, stored_findings(lib, doc), editor, draft.version)
            doc_id = draft.doc_id
            if op == "publish" and lib.document_status(doc_id) == "draft":
                lib.set_status(doc_id, "published", editor)
        else:
            doc = analyse(document_from_json(data))
            await in_thread(request, Library.add_document, doc, stored_findings(lib, doc), None, "published" if op == "publish" else "draft")
            doc_id = doc.id
    except Conflict as e:
        stored = draft_of(lib, lib.get_document(draft.doc_id or ""))
        return render(request, "write_conflict.html", status_code=409, mine=draft, stored=stored, error=str(e),
                      kind_names=KIND_NAMES, title="Conflict — 对照 duizhao")
    except BadInput as e:
        return _page(request, draft, error=str(e), status=400)
    # the mark editor.js sent the form with: the page after the save names it, so the copy kept in the
    # browser is dropped (only a successful save gets here, and a third party cannot guess the mark)
    kept = re.sub(r"[^a-z0-9]", "", str(form.get("kept") or ""))[:40]
    if op == "publish":
        return redirect(f"/doc/{doc_id}" + (f"?kept={kept}" if kept else ""))
    saved = draft_of(lib, lib.get_document(doc_id))
    return _page(request, saved, message=f"Saved as {lib.document_status(doc_id)} (version {saved.version}).", kept=kept)


def _row_text(values: list[Any], row: Any) -> str:
    """The text of row `row` among a form's values of one field; the first when `row` is absent or not a
    row of the form (a client posting one row alone)."""
    try:
        i = int(str(row))
    except ValueError:
        i = 0
    value = values[i] if 0 <= i < len(values) else (values[0] if values else "")
    return str(value or "")[:20000]


@router.post("/write/check")
async def check_row(request: Request, editor: str = Depends(require_editor)) -> Response:
    """The checks of one row while it is typed, and the renderings the termbase knows for the other side."""
    # htmx posts the whole enclosing form (every row's zh and en) with `row`, the index of the row typed
    # in: pick that row's texts, not the first or last of the form's.
    form = await request.form(max_fields=5 * MAX_ROWS + 50)
    zh = _row_text(form.getlist("zh"), form.get("row"))
    en = _row_text(form.getlist("en"), form.get("row"))
    published = str(form.get("published") or "") or None
    from ..check import check_pairs
    from ..terms.library import terms_in

    findings = check_pairs([("row", zh or None, en or None)], published) if zh.strip() and en.strip() else []
    # what the termbase (the glossary, the library's mined pairs, editors' terms) knows for the other side
    lib = library(request)
    found = terms_in(lib, zh) if zh else []
    offers = [(surface, term_en) for surface, term_en, forms in found if not any(f.lower() in en.lower() for f in forms)]
    parts = [f'<li class="finding sev-{escape(f.severity)}"><span class="badge">{escape(f.severity)} · {escape(f.kind)}</span> {escape(f.detail)}</li>' for f in findings]
    parts += [f'<li class="offer">{escape(s)} → <span lang="en">{escape(t)}</span></li>' for s, t in dict.fromkeys(offers)]
    html = f'<ul class="findings plain">{"".join(parts)}</ul>' if parts else '<p class="muted small">No findings.</p>'
    return Response(html, media_type="text/html; charset=utf-8")


@router.get("/write/concordance")
def concordance(request: Request, q: str = "", editor: str = Depends(require_editor)) -> Response:
    """How the library translated a phrase before: sentence pairs of published documents, newest first."""
    q = " ".join(q.split())[:200]
    if not q:
        return Response('<p class="muted small">Select a phrase in a row to see how the library translated it.</p>', media_type="text/html; charset=utf-8")
    from ..search import search

    lib = library(request)
    hits = search(lib, f'"{q}"', limit=30).get("hits", [])
    dates = {d["id"]: d["published"] or "" for d in lib.list_documents(ids=sorted({h["doc_id"] for h in hits}))} if hits else {}
    for h in hits:
        h["published"] = dates.get(h["doc_id"], "")
    hits.sort(key=lambda h: h["published"], reverse=True)
    rows = []
    for h in hits[:12]:
        if h.get("zh") and h.get("en"):
            rows.append(
                f'<li><p lang="zh">{escape(h["zh"])}</p><p lang="en">{escape(h["en"])}</p>'
                f'<p class="muted small"><a href="/doc/{escape(h["doc_id"])}{"#" + escape(h["unit_id"]) if h["unit_id"] else ""}">{escape(h.get("published") or h["doc_id"])}</a></p></li>'
            )
    html = f'<ol class="concordance plain">{"".join(rows)}</ol>' if rows else f'<p class="muted small">The library has no translated sentence with “{escape(q)}”.</p>'
    return Response(html, media_type="text/html; charset=utf-8")
