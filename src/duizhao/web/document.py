"""`/doc/{id}`: the side-by-side reading view, its citation menu, exports and readers' error reports."""

from __future__ import annotations

import functools
import html as html_lib
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from markupsafe import Markup, escape

from ..check.review import find_finding, summary
from ..errors import BadInput, NotFound
from ..model import Document, Finding, Unit
from ..store import Library
from .auth import REPORTS, client_key, require_editor
from .cache import LRU, fingerprint
from .common import WebState, doc_title, in_thread, is_htmx, library, only_visible, redirect, render, state, viewer

router = APIRouter(include_in_schema=False, dependencies=[Depends(only_visible)])

SCRIPTS = {"zh-Hans": "简体", "zh-Hant": "繁體"}
HEADING_KINDS = {"title", "heading"}
SIDE_NAMES = {"zh": "Chinese 中文", "en": "English"}
# The reading view's layouts: the pair side by side, or one language alone (CSS hides the other side,
# so the cached HTML is the same for all three). The reader's choice is kept in a cookie.
VIEWS = {"both": "Side by side", "zh": "Chinese only", "en": "English only"}
VIEW_COOKIE = "duizhao_view"
VIEW_COOKIE_AGE = 365 * 24 * 3600

PAGE_UNITS = 200  # units a page of a long document shows
ALL_UNITS = 3000  # ?all=1 shows a document whole up to this many units


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
        """The unit's mark: from the findings no editor has reviewed."""
        open_ = [f for f in self.findings if f.review is None]
        if any(f.severity == "error" for f in open_):
            return "error"
        return "warning" if open_ else None


def _squash(text: str | None) -> str:
    return "".join((text or "").split())  # str.split is several times faster than a regex here


def convert_script(text: str | None, script: str | None, region: str | None = None) -> str | None:
    """The Chinese shown in the script the reader asked for (server-side, OpenCC), in the standard
    of the document's region (Taiwan's for a Taiwan document: lang.script.conversion_for)."""
    if not text or script not in SCRIPTS:
        return text
    from ..lang.script import conversion_for, convert

    return convert(text, conversion_for(region, script))


def doc_region(doc: Document) -> str | None:
    """"TW"/"HK" when the document's traditional Chinese follows Taiwan's/Hong Kong's standard."""
    if doc.script != "zh-Hant":
        return None
    from ..lang.script import hant_region

    return hant_region("".join(u.zh or "" for u in doc.units))


# A footnote mark: 1–3 digits right after closing punctuation that follows a letter or a Han
# character (".”1", "Ukraine.3", "。2"), then a space or the end. The letter before the punctuation
# keeps decimals ("3.1 ") and thousands ("1,750") out.
FOOTNOTE = re.compile(r"(?<=[^\d\s][.,;:!?”’\")\]。，；：！？」』）])([1-9]\d{0,2})(?=\s|$)")
# Han characters and CJK or full-width punctuation, before any closing quotes or brackets (which
# English uses too: "Ukraine.”" is English, "亮点。”" Chinese)
CJK_END = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef][”’\")\]]*$")


def _escape_plain(text: str) -> str:
    """Escape text and raise its footnote marks to superscripts linked to the notes section."""
    out: list[str] = []
    at = 0
    for m in FOOTNOTE.finditer(text):
        n = m.group(1)
        out.append(str(escape(text[at : m.start()])))
        out.append(f'<sup class="fn"><a href="#fn-{n}" aria-label="note {n}">{n}</a></sup>')
        at = m.end()
    out.append(str(escape(text[at:])))
    return "".join(out)


@dataclass
class Note:
    """A footnote mark found in the text: where it first appears, and its text when the document has it."""

    number: int
    unit_id: str
    text: str | None = None


NOTES_HEADING = re.compile(
    r"^\s*(notes?|endnotes?|footnotes?|references|注释|注釋|註釋|注|参考文献|參考文獻)\s*[:：]?\s*$", re.I
)
NOTE_TEXT = re.compile(r"^\s*\[?([1-9]\d{0,2})[\].、)]\s*(.+)", re.S)


def footnotes(doc: Document) -> list[Note]:
    """The footnote marks of the document in number order, each with the first unit that carries it
    and, when the document has a notes section ("Notes", "注释"), that note's text."""
    texts: dict[int, str] = {}
    notes: dict[int, Note] = {}
    in_notes = False
    for u in doc.units:
        if u.kind in HEADING_KINDS:
            in_notes = any(NOTES_HEADING.match(t or "") for t in (u.zh, u.en))
            continue
        if in_notes:
            for t in (u.en, u.zh):
                m = NOTE_TEXT.match(t or "")
                if m:
                    texts.setdefault(int(m.group(1)), m.group(2).strip())
            continue
        for t in (u.zh, u.en):
            for m in FOOTNOTE.finditer(t or ""):
                notes.setdefault(int(m.group(1)), Note(int(m.group(1)), u.id))
    for n, note in notes.items():
        note.text = texts.get(n)
    return [notes[n] for n in sorted(notes)]


Needle = tuple[str, str, str]  # (quoted text, detail, severity)


def mark_text(text: str, needles: list[Needle]) -> Markup:
    """Escape `text`, wrap each place a finding quotes in <span class="flag">, keep line breaks."""
    if not needles:  # most sentences: no finding to mark
        return Markup(_escape_plain(text).replace("\n", "<br>"))
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
        out.append(_escape_plain(text[at:start]))
        out.append(
            f'<span class="flag flag-{escape(severity)}" title="{escape(detail)}">{escape(text[start:end])}</span>'
        )
        at = end
    out.append(_escape_plain(text[at:]))
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
        if f.review is not None:
            continue  # reviewed: correct as it stands, not flagged in the text
        quoted = (f.zh if side == "zh" else f.en) or ""
        if quoted.strip() and len(quoted) <= 120 and quoted.strip() != (whole or "").strip():
            out.append((quoted, f.detail, f.severity))
    return out


def reading_rows(
    doc: Document, findings: list[Finding], script: str | None = None, region: str | None = None
) -> tuple[list[Row], list[Finding]]:
    """The rows of the reading view, and the findings that name no unit of this document."""
    by_unit: dict[str, list[Finding]] = {}
    for f in findings:
        by_unit.setdefault(f.unit_id, []).append(f)
    rows = []
    for unit in doc.units:
        fs = by_unit.pop(unit.id, [])
        zp, ep = sentence_parts(unit)
        zn = [(convert_script(q, script, region) or q, d, s) for q, d, s in _needles(fs, "zh", unit.zh)]
        en_needles = _needles(fs, "en", unit.en)
        rows.append(
            Row(
                unit.id,
                unit.kind,
                unit.level,
                convert_script(unit.zh, script, region),
                unit.en,
                [(i, mark_text(convert_script(t, script, region) or "", zn)) for i, t in zp],
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
    its confidence in the tooltip. Sentences are joined by a space, except after Chinese (a Han
    character or full-width punctuation: "行动。俄被开除"), where Chinese typography puts none."""
    out: list[str] = []
    last = len(parts) - 1
    marks = marks or {}
    for k, (i, html) in enumerate(parts):
        if i is None:
            out.append(html)
            continue
        sep = " " if k < last and not CJK_END.search(_visible_end(html)) else ""
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


# The reading HTML is cached per document, not per session: editors' review forms carry this mark where
# their CSRF token goes, filled in when the page is sent (document_page).
CSRF_MARK = "\x00csrf\x00"


def _earlier_text(e: dict[str, Any]) -> str:
    verb = "withdrawn by" if e.get("action") == "withdrawn" else "reviewed by"
    note = f": {escape(e.get('note'))}" if e.get("note") else ""
    return f"{verb} {escape(e.get('by'))}, {escape(str(e.get('at') or '')[:10])}{note}"


def _finding_html(f: Finding, d: str, editor: bool) -> str:
    """One finding of a unit: its badge and detail, its review (for everyone), and for editors the
    button that marks it correct as it stands (or withdraws that)."""
    r = f.review
    cls = f"finding sev-{escape(f.severity)}" + (" reviewed" if r else "")
    out = f'<li class="{cls}"><span class="badge">{escape(f.severity)} · {escape(f.kind)}</span> {escape(f.detail)}'
    if r:
        note = f": {escape(r.get('note'))}" if r.get("note") else ""
        out += (
            f' <span class="review">Reviewed — correct as it stands ({escape(r.get("by"))}, '
            f'<time datetime="{escape(r.get("at"))}">{escape(str(r.get("at") or "")[:10])}</time>){note}</span>'
        )
        if r.get("earlier"):  # the reviews this one replaced, and withdrawals: no editor's note is lost
            out += ' <span class="review-earlier">Earlier: ' + "; ".join(_earlier_text(e) for e in r["earlier"]) + "</span>"
    if editor and f.id:
        fid = escape(f.id)
        hidden = f'<input type="hidden" name="csrf" value="{CSRF_MARK}">'
        if r:
            out += (
                f'<form class="review-form" method="post" action="/doc/{d}/finding/{fid}/unreview">{hidden}'
                '<button type="submit" class="small">Withdraw review</button></form>'
            )
        else:
            out += (
                f'<form class="review-form" method="post" action="/doc/{d}/finding/{fid}/review">{hidden}'
                f'<input type="text" name="note" maxlength="2000" placeholder="Note (optional)" '
                f'aria-label="Review note for {fid}"><button type="submit" class="small">Correct as it stands</button></form>'
            )
    return out + "</li>"


def _visible_end(html: str) -> str:
    """The last characters a reader sees of a marked-up sentence (its tags and a note mark dropped)."""
    text = re.sub(r"<sup class=\"fn\">.*?</sup>$", "", html.rstrip())
    return html_lib.unescape(re.sub(r"<[^>]*>", "", text)).rstrip()[-4:]


def reading_html(rows: list[Row], doc_id: str, zh_lang: str, editor: bool = False) -> Markup:
    """The units of the reading view as HTML, built in Python: a Jinja loop cost ~20 escape and
    attribute calls per unit (45 ms for 500 units); this costs a few. Every value from the document is
    escaped here (the sentence parts are Markup already escaped by mark_text). `editor`: with the
    review buttons (their CSRF token still to be filled in: CSRF_MARK)."""
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
            items = "".join(_finding_html(f, d, editor) for f in r.findings)
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
    region: str | None  # "TW"/"HK": the standard its traditional Chinese follows (lang.script.hant_region)
    notes: list[Note]


def _caches(web: WebState) -> tuple[LRU, LRU]:
    """This app's caches: doc_id → (fingerprint, Document, findings) and (doc_id, script) → (fingerprint, view)."""
    if "reading" not in web.caches:
        web.caches.setdefault("reading", (LRU(32, 96 * 1024 * 1024), LRU(64, 64 * 1024 * 1024)))
    return web.caches["reading"]


def _doc_size(doc: Document) -> int:
    # a rough in-memory size: the text about three times over (str objects, sentences, dict)
    return 3 * sum(len(u.zh or "") + len(u.en or "") for u in doc.units) + 2000


def reading_view(
    web: WebState, lib: Library, doc_id: str, script: str | None, units: tuple[int, int] | None = None, editor: bool = False
) -> ReadingView | None:
    """The parsed document, its findings and its rendered rows, from the cache while the document's
    fingerprint is unchanged; None when `doc_id` is not a stored document's full id. `units=(first,
    count)`: only the units at those positions (a page of a long document). The cached Document is
    shared between requests: read it, never change it."""
    docs, views = _caches(web)
    fp = fingerprint(lib, doc_id)
    if fp is None:
        return None
    got = views.get((doc_id, script, units, editor))
    if got is not None and got[0] == fp:
        return got[1]
    cached = docs.get((doc_id, units))
    if cached is not None and cached[0] == fp:
        _, doc, findings = cached
    else:
        doc = lib.get_document(doc_id, units=units)
        findings = lib.findings(doc_id, units=units)
        # read the fingerprint again: an edit between the two reads must not be cached under the old one
        if fingerprint(lib, doc_id) != fp:
            fp = None
        else:
            docs.put((doc_id, units), (fp, doc, findings), _doc_size(doc))
    region = doc_region(doc)
    rows, orphans = reading_rows(doc, findings, script, region)
    html = reading_html(rows, doc.id, script or doc.script or "zh", editor)
    view = ReadingView(doc, findings, orphans, html, len(rows), region, footnotes(doc))
    if fp is not None:
        views.put((doc_id, script, units, editor), (fp, view), 2 * len(view.html) + 1000)
    return view


@dataclass
class Paging:
    """Which units of a long document a page shows (pages count from 1)."""

    page: int
    pages: int
    first: int  # position of the page's first unit
    count: int  # units on the page
    total: int  # units in the document
    whole: bool  # every unit is shown (a short document, or ?all=1 on one that may be shown whole)

    @property
    def units(self) -> tuple[int, int] | None:
        return None if self.whole else (self.first, self.count)


def paging(lib: Library, doc_id: str, total: int, page: int, unit: str | None, show_all: bool) -> Paging:
    """The page to show: `unit` (a unit id) picks the page holding it; `show_all` asks for every unit,
    granted up to ALL_UNITS (beyond that one request would build hundreds of MB of HTML)."""
    pages = max(1, -(-total // PAGE_UNITS))
    if total <= PAGE_UNITS or (show_all and total <= ALL_UNITS):
        return Paging(1, pages, 0, total, total, True)
    if unit:
        at = lib.unit_position(doc_id, unit)
        if at is not None:
            page = at // PAGE_UNITS + 1
    page = min(max(1, page), pages)
    first = (page - 1) * PAGE_UNITS
    return Paging(page, pages, first, min(PAGE_UNITS, total - first), total, False)


@functools.lru_cache(maxsize=1)
def export_formats() -> list[tuple[str, str]]:
    """The formats the exports module offers for one document, as (format, label)."""
    from ..export import DOCUMENT_FORMATS

    labels = {
        "pdf": "PDF",
        "docx": "Word (DOCX)",
        "md": "Markdown",
        "txt": "Text (its own layout)",
        "json": "JSON",
        "tmx": "TMX",
        "csl-json": "CSL-JSON",
        "bibtex": "BibTeX",
        "ris": "RIS",
    }
    return [(f, labels.get(f, f)) for f in DOCUMENT_FORMATS]


@functools.lru_cache(maxsize=1)
def cite_styles() -> tuple[str, ...]:
    from ..export.cite import STYLES

    return tuple(STYLES)


def chosen_view(request: Request, view: str | None) -> str:
    """The layout asked for (?view=), else the one this reader chose last (cookie), else side by side."""
    if view in VIEWS:
        return str(view)
    kept = request.cookies.get(VIEW_COOKIE)
    return kept if kept in VIEWS else "both"


def _view_links(request: Request, doc_id: str) -> list[tuple[str, str, str]]:
    """(view, label, href) for the layout switch: the page's other parameters kept (script, page)."""
    params = {k: v for k, v in request.query_params.items() if k != "view"}
    out = []
    for key, label in VIEWS.items():
        query = urlencode({**params, "view": key})
        out.append((key, label, f"/doc/{doc_id}?{query}"))
    return out


@router.get("/doc/{doc_id}")
def document_page(
    request: Request,
    doc_id: str,
    script: str | None = None,
    view: str | None = None,
    page: int = 1,
    unit: str | None = None,
    all: bool = False,  # noqa: A002 - the query parameter's name
) -> Response:
    lib = library(request)
    script = script if script in SCRIPTS else None
    v = viewer(request)
    fp = fingerprint(lib, doc_id)
    if fp is None:  # a prefix or file name: send the reader to the canonical address (or NotFound)
        full = lib.resolve_id(doc_id)
        return redirect(f"/doc/{full}" + (f"?script={script}" if script else ""), 307)
    # Long documents come a page of units at a time: one request for a 49 MB document built 598 MB
    # of HTML in 42 s. The fingerprint's unit count says which documents need pages.
    paged = paging(lib, doc_id, int(fp[2]), page, unit, all)
    rv = reading_view(state(request), lib, doc_id, script, paged.units, v.editor)
    if rv is None:  # deleted between the two reads
        raise NotFound(f"no document {doc_id!r} in the library")
    doc, findings = rv.doc, rv.findings
    shown_script = script or doc.script
    from ..lang.script import CONVERSION_NAMES, conversion_for

    # which OpenCC configuration each script link uses, said on the page (Taiwan's for a Taiwan document)
    conversions = {k: CONVERSION_NAMES[conversion_for(rv.region, k)] for k in SCRIPTS}
    # Readers report errors from this page (forms fetched per unit): their token comes with the page,
    # so two report forms opened at once carry the same one.
    _token = v.csrf
    reading = Markup(str(rv.html).replace(CSRF_MARK, str(escape(_token)))) if v.editor else rv.html
    if paged.units:  # a page of a long document: the whole document's counts, read as counts
        by_severity = lib.finding_counts(doc.id)
        errors = by_severity.get("error", 0)
        counts = {"errors": errors, "warnings": sum(by_severity.values()) - errors, "reviewed": 0}
    else:
        counts = summary(findings)
    shown_view = chosen_view(request, view)
    response = render(
        request,
        "document.html",
        view=shown_view,
        views=_view_links(request, doc.id),
        doc=doc,
        reading=reading,
        n_rows=rv.n_rows,
        orphans=rv.orphans,
        findings=findings,
        errors=counts["errors"],
        warnings=counts["warnings"],
        reviewed=counts["reviewed"],
        paging=paged,
        all_units=ALL_UNITS,
        script=script,
        shown_script=shown_script,
        zh_lang=shown_script or "zh",
        title_zh=convert_script(doc.title.get("zh"), script, rv.region),
        scripts=SCRIPTS,
        conversions=conversions,
        region={"TW": "Taiwan", "HK": "Hong Kong"}.get(rv.region or ""),
        notes=rv.notes,
        history=lib.history(doc.id),
        status=lib.document_status(doc.id),
        pending=lib.count_corrections(status="pending", doc_id=doc.id),
        formats=export_formats(),
        styles=cite_styles(),
        title=f"{_short_title(doc)} — 对照 duizhao",
    )
    if view in VIEWS and request.cookies.get(VIEW_COOKIE) != view:
        response.set_cookie(VIEW_COOKIE, str(view), max_age=VIEW_COOKIE_AGE, samesite="lax", path="/")
    return response


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
def export_document(request: Request, doc_id: str, format: str = "pdf", lang: str | None = None) -> Response:
    from ..export import export, extension, media_type

    fmt = format.strip().lower()
    if fmt not in dict(export_formats()):
        raise BadInput(f"unknown export format {format!r}; use one of: {', '.join(f for f, _ in export_formats())}")
    if lang is not None and lang not in SIDE_NAMES:
        raise BadInput(f"unknown language {lang!r}: zh or en")
    doc = library(request).get_document(doc_id)
    data = export(doc, fmt, lang)
    # The file name is ours (the id is hex), never anything from the document.
    name = f"{re.sub(r'[^A-Za-z0-9_-]', '_', doc.id)}{'-' + lang if lang else ''}.{extension(fmt)}"
    return Response(data, media_type=media_type(fmt), headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/doc/{doc_id}/qa")
def qa_report(request: Request, doc_id: str, format: str = "csv") -> Response:
    """The QA report of the document's checks (unit, both texts, kind, severity, detail, review)."""
    from ..check.report import FORMATS, render_report

    fmt = format.strip().lower()
    if fmt not in FORMATS:
        raise BadInput(f"unknown QA report format {format!r}; use csv or html")
    lib = library(request)
    doc = lib.get_document(doc_id)
    text = render_report(fmt, lib.findings(doc.id), {u.id: (u.zh, u.en) for u in doc.units}, doc_title(doc))
    name = f"{re.sub(r'[^A-Za-z0-9_-]', '_', doc.id)}-qa.{fmt}"
    media = "text/csv; charset=utf-8" if fmt == "csv" else "text/html; charset=utf-8"
    # a BOM so spreadsheet programs read the CSV as UTF-8 (Chinese would otherwise be mojibake)
    body = ("\ufeff" + text) if fmt == "csv" else text
    return Response(body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'})


# -- editors' reviews of findings ------------------------------------------------------------------
def _doc_finding(lib: Library, doc_id: str, finding_id: str) -> tuple[Document, Finding]:
    doc, f = find_finding(lib, finding_id)
    if doc.id != lib.resolve_id(doc_id):
        raise NotFound(f"no finding {finding_id} in document {doc_id}")
    return doc, f


@router.post("/doc/{doc_id}/finding/{finding_id}/review")
async def review_finding(request: Request, doc_id: str, finding_id: str, editor: str = Depends(require_editor)) -> Response:
    """An editor marks a finding correct as it stands (with an optional note); back to its unit."""
    from starlette.concurrency import run_in_threadpool

    form = await request.form()
    note = str(form.get("note") or "")[:2000]
    lib = library(request)
    doc, f = await run_in_threadpool(_doc_finding, lib, doc_id, finding_id)
    await run_in_threadpool(lib.review_finding, doc.id, f, note, editor)
    return redirect(f"/doc/{doc.id}#{f.unit_id}")


@router.post("/doc/{doc_id}/finding/{finding_id}/unreview")
async def unreview_finding(request: Request, doc_id: str, finding_id: str, editor: str = Depends(require_editor)) -> Response:
    """An editor withdraws a review: the finding counts again."""
    from starlette.concurrency import run_in_threadpool

    lib = library(request)
    doc, f = await run_in_threadpool(_doc_finding, lib, doc_id, finding_id)
    await run_in_threadpool(lib.unreview_finding, doc.id, finding_id, editor)
    return redirect(f"/doc/{doc.id}#{f.unit_id}")


# -- readers' error reports ------------------------------------------------------------------------
def _unit(doc: Document, unit_id: str) -> Unit:
    unit = doc.unit(unit_id)
    if unit is None:
        raise NotFound(f"no unit {unit_id!r} in document {doc.id}")
    return unit


@router.get("/doc/{doc_id}/unit/{unit_id}/report")
def report_form(request: Request, doc_id: str, unit_id: str, side: str | None = None) -> Response:
    doc = library(request).get_document(doc_id)
    unit = _unit(doc, unit_id)
    if side not in ("zh", "en"):
        # the language the reader is reading (one-language view), else English when the unit has it
        shown = chosen_view(request, None)
        side = shown if shown in ("zh", "en") and getattr(unit, shown) else ("en" if unit.en else "zh")
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


def _get_document(lib: Library, doc_id: str) -> Document:
    return lib.get_document(doc_id)


def _propose(lib: Library, doc_id: str, unit_id: str, side: str, text: str, note: str, reporter: str) -> int:
    return lib.propose_correction(doc_id, unit_id, side, text, note, reporter)


@router.post("/doc/{doc_id}/unit/{unit_id}/report")
async def report_submit(request: Request, doc_id: str, unit_id: str) -> Response:
    form = await request.form()
    side = str(form.get("side") or "")
    text = str(form.get("text") or "")
    note = str(form.get("note") or "")
    v = viewer(request)
    doc = await in_thread(request, _get_document, doc_id)
    unit = _unit(doc, unit_id)
    fragment = is_htmx(request)
    error, code = None, 400
    if side in ("zh", "en") and text.strip() == (getattr(unit, side) or "").strip():
        error = "The corrected text is the same as the current text."
    # An anonymous report is counted before it is stored, in one step in the library: parallel
    # posts or several workers cannot pass the limit together.
    elif not v.signed_in and not await in_thread(request, REPORTS.take, client_key(request)):
        error, code = "You have sent many reports in a short time; please wait a while before sending more.", 429
    if error is None:
        try:
            number = await in_thread(request, _propose, doc.id, unit.id, side, text, note, v.user or "reader")
        except BadInput as e:
            error = str(e)
        else:
            if fragment:
                return render(request, "_report_done.html", doc=doc, unit=unit, number=number)
            return render(
                request, "report_done.html", doc=doc, unit=unit, number=number, title="Thank you — 对照 duizhao"
            )
    return render(
        request,
        "_report.html" if fragment else "report.html",
        status_code=code,
        doc=doc,
        unit=unit,
        side=side if side in ("zh", "en") else "en",
        side_names=SIDE_NAMES,
        error=error,
        text=text,
        note=note,
        title=f"Report an error — {_short_title(doc)}",
    )
