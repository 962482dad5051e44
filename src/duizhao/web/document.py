"""`/doc/{id}`: the side-by-side reading view, its citation menu, exports and readers' error reports."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import Response
from markupsafe import Markup, escape

from ..errors import BadInput
from ..model import Document, Finding, Unit
from ..store import Library
from .cache import LRU, fingerprint
from .common import WebState, doc_title, is_htmx, library, redirect, render, state, viewer

router = APIRouter(include_in_schema=False)

SCRIPTS = {"zh-Hans": "简体", "zh-Hant": "繁體"}
HEADING_KINDS = {"title", "heading"}
SIDE_NAMES = {"zh": "Chinese 中文", "en": "English"}


@dataclass
class Row:
    """One unit as the page shows it: each side as (sentence index or None, marked-up text) parts."""

    id: str
    kind: str
    level: int
    zh: str | None
    en: str | None
    zh_parts: list[tuple[int | None, Markup]]
    en_parts: list[tuple[int | None, Markup]]
    findings: list[Finding] = field(default_factory=list)
    # sentence index -> (status, confidence): "omission" (no counterpart), "uncertain" (a doubtful link)
    marks: dict[int, tuple[str, float | None]] = field(default_factory=dict)

    @property
    def heading(self) -> bool:
        return self.kind in HEADING_KINDS

    @property
    def severity(self) -> str | None:
        if any(f.severity == "error" for f in self.findings):
            return "error"
        return "warning" if self.findings else None


def _squash(text: str | None) -> str:
    return "".join((text or "").split())  # str.split is several times faster than a regex here


def convert_script(text: str | None, script: str | None) -> str | None:
    """The Chinese shown in the script the reader asked for (server-side, OpenCC)."""
    if not text or script not in SCRIPTS:
        return text
    from ..lang.script import to_simplified, to_traditional

    return to_traditional(text) if script == "zh-Hant" else to_simplified(text)


Needle = tuple[str, str, str]  # (quoted text, detail, severity)


def mark_text(text: str, needles: list[Needle]) -> Markup:
    """Escape `text`, wrap each place a finding quotes in <span class="flag">, keep line breaks."""
    if not needles:  # most sentences: no finding to mark
        return Markup(str(escape(text)).replace("\n", "<br>"))
    spans: list[tuple[int, int, str, str]] = []
    for needle, detail, severity in needles:
        start = text.find(needle)
        while start >= 0:
            end = start + len(needle)
            if all(end <= a or start >= b for a, b, _, _ in spans):
                spans.append((start, end, detail, severity))
            start = text.find(needle, end)
    spans.sort()
    out: list[str] = []
    at = 0
    for start, end, detail, severity in spans:
        out.append(str(escape(text[at:start])))
        out.append(
            f'<span class="flag flag-{escape(severity)}" title="{escape(detail)}">{escape(text[start:end])}</span>'
        )
        at = end
    out.append(str(escape(text[at:])))
    return Markup("".join(out).replace("\n", "<br>"))


def sentence_parts(unit: Unit) -> tuple[list[tuple[int | None, str]], list[tuple[int | None, str]]]:
    """Sentence spans when the stored sentence pairs still spell the unit's text; else the whole text.

    After an edit without re-analysis the stored sentences may describe the old text: then the
    unit is shown whole rather than as stale sentences.
    """
    zh, en = unit.zh or "", unit.en or ""
    sents = unit.sentences
    if (
        len(sents) > 1
        and _squash("".join(s.zh for s in sents)) == _squash(zh)
        and _squash("".join(s.en for s in sents)) == _squash(en)
    ):
        zp: list[tuple[int | None, str]] = [(i, s.zh) for i, s in enumerate(sents) if s.zh]
        ep: list[tuple[int | None, str]] = [(i, s.en) for i, s in enumerate(sents) if s.en]
        return zp, ep
    return ([(None, zh)] if zh else []), ([(None, en)] if en else [])


def sentence_marks(unit: Unit, parts: list[tuple[int | None, str]]) -> dict[int, tuple[str, float | None]]:
    """Which shown sentences a translator should look at: one with no counterpart in a unit that has
    both languages (an omission, or an addition), and a link the aligner is unsure of."""
    from ..align import UNCERTAIN_BELOW

    if not parts or parts[0][0] is None or not (unit.zh and unit.en):
        return {}
    out: dict[int, tuple[str, float | None]] = {}
    for i, s in enumerate(unit.sentences):
        if bool(s.zh.strip()) != bool(s.en.strip()):
            out[i] = ("omission", s.confidence)
        elif s.confidence is not None and s.confidence < UNCERTAIN_BELOW:
            out[i] = ("uncertain", s.confidence)
    return out


def _needles(findings: list[Finding], side: str, whole: str | None) -> list[Needle]:
    """What the findings quote on one side, when it is a short piece of the text (not the whole unit)."""
    out = []
    for f in findings:
        quoted = (f.zh if side == "zh" else f.en) or ""
        if quoted.strip() and len(quoted) <= 120 and quoted.strip() != (whole or "").strip():
            out.append((quoted, f.detail, f.severity))
    return out


def reading_rows(doc: Document, findings: list[Finding], script: str | None = None) -> tuple[list[Row], list[Finding]]:
    """The rows of the reading view, and the findings that name no unit of this document."""
    by_unit: dict[str, list[Finding]] = {}
    for f in findings:
        by_unit.setdefault(f.unit_id, []).append(f)
    rows = []
    for unit in doc.units:
        fs = by_unit.pop(unit.id, [])
        zp, ep = sentence_parts(unit)
        zn = [(convert_script(q, script) or q, d, s) for q, d, s in _needles(fs, "zh", unit.zh)]
        en_needles = _needles(fs, "en", unit.en)
        rows.append(
            Row(
                unit.id,
                unit.kind,
                unit.level,
                convert_script(unit.zh, script),
                unit.en,
                [(i, mark_text(convert_script(t, script) or "", zn)) for i, t in zp],
                [(i, mark_text(t, en_needles)) for i, t in ep],
                fs,
                sentence_marks(unit, zp or ep),
            )
        )
    orphans = [f for fs in by_unit.values() for f in fs]
    return rows, orphans


NO_ZH = '<div class="side zh empty" lang="{lang}"><span class="none">no Chinese</span></div>'
NO_EN = '<div class="side en empty" lang="en"><span class="none">no English</span></div>'


OMISSION_NOTE = {"zh": "no English", "en": "no Chinese"}


def _parts_html(parts: list[tuple[int | None, Markup]], marks: dict[int, tuple[str, float | None]] | None = None,
                side: str = "zh") -> str:
    """One side's sentences as <span class="s" data-s="i"> (the hover twins), else its whole text.
    A sentence with no counterpart carries a visible note; a doubtful link a dashed underline and
    its confidence in the tooltip."""
    out: list[str] = []
    last = len(parts) - 1
    marks = marks or {}
    for k, (i, html) in enumerate(parts):
        if i is None:
            out.append(html)
            continue
        sep = " " if k < last else ""
        mark = marks.get(i)
        if mark is None:
            out.append(f'<span class="s" data-s="{i}">{html}</span>{sep}')
        elif mark[0] == "omission":
            note = OMISSION_NOTE[side]
            out.append(f'<span class="s omission" data-s="{i}" title="No counterpart in the other language: '
                       f'an omission or an addition to look at">{html}<span class="omission-note">{note}</span>'
                       f'</span>{sep}')
        else:
            out.append(f'<span class="s uncertain" data-s="{i}" title="Uncertain alignment (confidence '
                       f'{mark[1]:.2f})">{html}</span>{sep}')
    return "".join(out)


def reading_html(rows: list[Row], doc_id: str, zh_lang: str) -> Markup:
    """The units of the reading view as HTML, built in Python: a Jinja loop cost ~20 escape and
    attribute calls per unit (45 ms for 500 units); this costs a few. Every value from the document is
    escaped here (the sentence parts are Markup already escaped by mark_text)."""
    d = escape(doc_id)
    lang = escape(zh_lang)
    out: list[str] = []
    for r in rows:
        uid = escape(r.id)
        sev = f" has-{r.severity}" if r.severity else ""
        zh, en = _parts_html(r.zh_parts, r.marks, "zh"), _parts_html(r.en_parts, r.marks, "en")
        if r.heading:
            out.append(
                f'<div class="unit heading kind-{escape(r.kind)}{sev}" id="{uid}" data-unit-id="{uid}">\n'
                f'<h2 class="pair"><span class="side zh" lang="{lang}">{zh}</span>'
                f'<span class="side en" lang="en">{en}</span></h2>\n'
            )
        else:
            zh_side = f'<div class="side zh" lang="{lang}">{zh}</div>' if r.zh else NO_ZH.format(lang=lang)
            en_side = f'<div class="side en" lang="en">{en}</div>' if r.en else NO_EN
            out.append(
                f'<div class="unit kind-{escape(r.kind)} level-{int(r.level or 0)}{sev}" id="{uid}" '
                f'data-unit-id="{uid}">\n<div class="pair">{zh_side}{en_side}</div>\n'
            )
        if r.findings:
            items = "".join(
                f'<li class="finding sev-{escape(f.severity)}"><span class="badge">{escape(f.severity)} · '
                f"{escape(f.kind)}</span> {escape(f.detail)}</li>"
                for f in r.findings
            )
            out.append(f'<ul class="findings" aria-label="Check findings for {uid}">{items}</ul>\n')
        out.append(
            f'<div class="unit-tools"><a class="unit-ref" href="#{uid}" aria-label="Link to {uid}">{uid}</a> '
            f'<a class="report" href="/doc/{d}/unit/{uid}/report" hx-get="/doc/{d}/unit/{uid}/report" '
            f'hx-target="#report-{uid}" hx-swap="innerHTML">Report an error</a></div>\n'
            f'<div class="report-slot" id="report-{uid}"></div>\n</div>\n'
        )
    return Markup("".join(out))


@dataclass
class ReadingView:
    """What the document page derives from one version of a document in one script (cached)."""

    doc: Document
    findings: list[Finding]
    orphans: list[Finding]
    html: Markup
    n_rows: int


def _caches(web: WebState) -> tuple[LRU, LRU]:
    """This app's caches: doc_id → (fingerprint, Document, findings) and (doc_id, script) → (fingerprint, view)."""
    if "reading" not in web.caches:
        web.caches.setdefault("reading", (LRU(32, 96 * 1024 * 1024), LRU(64, 64 * 1024 * 1024)))
    return web.caches["reading"]


def _doc_size(doc: Document) -> int:
    # a rough in-memory size: the text about three times over (str objects, sentences, dict)
    return 3 * sum(len(u.zh or "") + len(u.en or "") for u in doc.units) + 2000


def reading_view(web: WebState, lib: Library, doc_id: str, script: str | None) -> ReadingView | None:
    """The parsed document, its findings and its rendered rows, from the cache while the document's
    fingerprint is unchanged; None when `doc_id` is not a stored document's full id. The cached
    Document is shared between requests: read it, never change it."""
    docs, views = _caches(web)
    fp = fingerprint(lib, doc_id)
    if fp is None:
        return None
    got = views.get((doc_id, script))
    if got is not None and got[0] == fp:
        return got[1]
    cached = docs.get(doc_id)
    if cached is not None and cached[0] == fp:
        _, doc, findings = cached
    else:
        doc = lib.get_document(doc_id)
        findings = lib.findings(doc_id)
        # read the fingerprint again: an edit between the two reads must not be cached under the old one
        if fingerprint(lib, doc_id) != fp:
            fp = None
        else:
            docs.put(doc_id, (fp, doc, findings), _doc_size(doc))
    rows, orphans = reading_rows(doc, findings, script)
    view = ReadingView(doc, findings, orphans, reading_html(rows, doc.id, script or doc.script or "zh"), len(rows))
    if fp is not None:
        views.put((doc_id, script), (fp, view), 2 * len(view.html) + 1000)
    return view


@functools.lru_cache(maxsize=1)
def export_formats() -> list[tuple[str, str]]:
    """The formats the exports module offers for one document, as (format, label)."""
    try:
        from ..export import DOCUMENT_FORMATS
    except ImportError:
        return [("json", "JSON")]
    labels = {
        "pdf": "PDF",
        "docx": "Word (DOCX)",
        "md": "Markdown",
        "json": "JSON",
        "tmx": "TMX",
        "csl-json": "CSL-JSON",
        "bibtex": "BibTeX",
        "ris": "RIS",
    }
    have_tmx = (Path(__file__).resolve().parent.parent / "export" / "tmx.py").exists()
    return [(f, labels.get(f, f)) for f in DOCUMENT_FORMATS if f != "tmx" or have_tmx]


@functools.lru_cache(maxsize=1)
def cite_styles() -> tuple[str, ...]:
    try:
        from ..export.cite import STYLES
    except ImportError:
        return ()
    return tuple(STYLES)


@router.get("/doc/{doc_id}")
def document_page(request: Request, doc_id: str, script: str | None = None) -> Response:
    lib = library(request)
    script = script if script in SCRIPTS else None
    view = reading_view(state(request), lib, doc_id, script)
    if view is None:  # a prefix or file name: send the reader to the canonical address (or NotFound)
        doc = lib.get_document(doc_id)
        return redirect(f"/doc/{doc.id}" + (f"?script={script}" if script else ""), 307)
    doc, findings = view.doc, view.findings
    shown_script = script or doc.script
    # Readers report errors from this page (forms fetched per unit): their token comes with the page,
    # so two report forms opened at once carry the same one.
    _token = viewer(request).csrf
    return render(
        request,
        "document.html",
        doc=doc,
        reading=view.html,
        n_rows=view.n_rows,
        orphans=view.orphans,
        findings=findings,
        errors=sum(1 for f in findings if f.severity == "error"),
        warnings=sum(1 for f in findings if f.severity != "error"),
        script=script,
        shown_script=shown_script,
        zh_lang=shown_script or "zh",
        title_zh=convert_script(doc.title.get("zh"), script),
        scripts=SCRIPTS,
        history=lib.history(doc.id),
        pending=lib.corrections(status="pending", doc_id=doc.id),
        formats=export_formats(),
        styles=cite_styles(),
        title=f"{_short_title(doc)} — 对照 duizhao",
    )


def _short_title(doc: Document) -> str:
    t = doc_title(doc)
    return t if len(t) <= 80 else t[:79] + "…"


@router.get("/doc/{doc_id}/cite")
def cite_page(request: Request, doc_id: str) -> Response:
    """Every citation style of the document: a fragment for htmx, a page without it."""
    from ..export.cite import cite

    doc = library(request).get_document(doc_id)
    citations = []
    for style in cite_styles():
        try:
            citations.append((style, cite(doc, style)))
        except Exception as e:  # noqa: BLE001 - one broken style must not hide the others
            citations.append((style, f"(this style failed: {type(e).__name__})"))
    template = "_cite.html" if is_htmx(request) else "cite.html"
    return render(request, template, doc=doc, citations=citations, title=f"Cite — {_short_title(doc)}")


@router.get("/doc/{doc_id}/export")
def export_document(request: Request, doc_id: str, format: str = "pdf") -> Response:
    from ..export import export, extension, media_type

    fmt = format.strip().lower()
    if fmt not in dict(export_formats()):
        raise BadInput(f"unknown export format {format!r}; use one of: {', '.join(f for f, _ in export_formats())}")
    doc = library(request).get_document(doc_id)
    data = export(doc, fmt)
    # The file name is ours (the id is hex), never anything from the document.
    name = f"{re.sub(r'[^A-Za-z0-9_-]', '_', doc.id)}.{extension(fmt)}"
    return Response(data, media_type=media_type(fmt), headers={"Content-Disposition": f'attachment; filename="{name}"'})


# -- readers' error reports ------------------------------------------------------------------------
def _unit(doc: Document, unit_id: str) -> Unit:
    unit = doc.unit(unit_id)
    if unit is None:
        from ..errors import NotFound

        raise NotFound(f"no unit {unit_id!r} in document {doc.id}")
    return unit


@router.get("/doc/{doc_id}/unit/{unit_id}/report")
def report_form(request: Request, doc_id: str, unit_id: str, side: str = "en") -> Response:
    doc = library(request).get_document(doc_id)
    unit = _unit(doc, unit_id)
    side = side if side in ("zh", "en") else ("en" if unit.en else "zh")
    template = "_report.html" if is_htmx(request) else "report.html"
    return render(
        request,
        template,
        doc=doc,
        unit=unit,
        side=side,
        side_names=SIDE_NAMES,
        error=None,
        text=None,
        note="",
        title=f"Report an error — {_short_title(doc)}",
    )


@router.post("/doc/{doc_id}/unit/{unit_id}/report")
async def report_submit(request: Request, doc_id: str, unit_id: str) -> Response:
    from starlette.concurrency import run_in_threadpool

    form = await request.form()
    side = str(form.get("side") or "")
    text = str(form.get("text") or "")
    note = str(form.get("note") or "")
    lib = library(request)
    v = viewer(request)
    doc = await run_in_threadpool(lib.get_document, doc_id)
    unit = _unit(doc, unit_id)
    fragment = is_htmx(request)
    throttle = request.app.state.report_throttle
    client = "ip:" + (request.client.host if request.client else "?")
    error = None
    if not v.signed_in and throttle.blocked(client):
        error = "You have sent many reports in a short time; please wait a while before sending more."
    elif side in ("zh", "en") and text.strip() == (getattr(unit, side) or "").strip():
        error = "The corrected text is the same as the current text."
    if error is None:
        try:
            number = await run_in_threadpool(
                lib.propose_correction, doc.id, unit.id, side, text, note, v.user or "reader"
            )
        except BadInput as e:
            error = str(e)
        else:
            if not v.signed_in:
                throttle.fail(client)
            if fragment:
                return render(request, "_report_done.html", doc=doc, unit=unit, number=number)
            return render(
                request, "report_done.html", doc=doc, unit=unit, number=number, title="Thank you — 对照 duizhao"
            )
    return render(
        request,
        "_report.html" if fragment else "report.html",
        status_code=400,
        doc=doc,
        unit=unit,
        side=side if side in ("zh", "en") else "en",
        side_names=SIDE_NAMES,
        error=error,
        text=text,
        note=note,
        title=f"Report an error — {_short_title(doc)}",
    )
