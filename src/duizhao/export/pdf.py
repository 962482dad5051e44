"""Document → bilingual side-by-side PDF with WeasyPrint, or one language only.

Each unit is one table row: Chinese left, English right; headings run across both columns. A
title block carries the metadata and the Chicago citation; every page is numbered "n / N".
With `lang` ("zh" or "en") the PDF holds that language only, as running text: the original or the
translation alone, for a reader who wants one of them.
The font is WenQuanYi Micro Hei (Debian fonts-wqy-microhei): it covers CJK and Latin in one face
and lays out in about a second per document, where Noto CJK takes several.
"""
from __future__ import annotations

import html
import io
import logging

from ..errors import BadInput
from ..model import Document
from .cite import cite
from .common import display_title, markers, metadata

FONT = "WenQuanYi Micro Hei"

CSS = """
@page {
  size: A4;
  margin: 18mm 15mm 20mm 15mm;
  @bottom-center { content: counter(page) " / " counter(pages); font-size: 8.5pt; color: #555; }
}
/* WenQuanYi's curly quotes and apostrophes are full-width CJK glyphs: in English they come from a
   Latin face instead (only those few code points, so the subset stays tiny; absent, WQY is used). */
@font-face { font-family: "Latin Quotes"; src: local("DejaVu Sans"), local("Liberation Sans");
             unicode-range: U+2018-201F, U+2026; }
html { font-family: "%(font)s", sans-serif; font-size: 10pt; line-height: 1.5; }
[lang=en], header { font-family: "Latin Quotes", "%(font)s", sans-serif; }
[lang=zh] { font-family: "%(font)s", sans-serif; }
body { margin: 0; }
header { border-bottom: 0.6pt solid #888; margin-bottom: 8pt; padding-bottom: 6pt; }
h1 { font-size: 16pt; margin: 0 0 2pt 0; line-height: 1.3; }
h1.second { font-size: 13pt; font-weight: normal; }
dl { margin: 6pt 0 0 0; font-size: 9pt; }
dt { float: left; clear: left; width: 34mm; font-weight: bold; }
dd { margin: 0 0 1pt 36mm; }
p.cite { font-size: 9pt; margin: 6pt 0 0 0; }
p.abstract { font-size: 9.5pt; margin: 4pt 0 0 0; }
table { width: 100%%; border-collapse: collapse; table-layout: fixed; }
td { width: 50%%; vertical-align: top; padding: 2pt 6pt 4pt 0; text-align: left; hyphens: manual; }
td + td { padding: 2pt 0 4pt 6pt; }
tr.heading td { padding-top: 8pt; font-weight: bold; font-size: 11pt; }
tr.title td { padding-top: 10pt; font-weight: bold; font-size: 12.5pt; }
tr.footnote td { font-size: 8.5pt; color: #333; }
section.one p { margin: 0 0 5pt 0; }
section.one h2 { font-size: 11pt; margin: 9pt 0 3pt 0; }
section.one h2.title { font-size: 12.5pt; }
section.one .footnote { font-size: 8.5pt; color: #333; }
div.across { margin: 0; }
span.mark { display: inline-block; min-width: 1.2em; }
"""


def _e(text: str | None) -> str:
    return html.escape(" ".join((text or "").split()))


LANGS = ("zh", "en")


def _title_in(doc: Document, lang: str) -> tuple[str, str]:
    """(title, lang of it) for a one-language PDF: that language's title, else the best one."""
    own = doc.title.get(lang)
    if own:
        return own, lang
    main, _ = display_title(doc)
    return main, "en" if doc.title.get("en") or not doc.title.get("zh") else "zh"


def _one_language(doc: Document, lang: str) -> list[str]:
    """The body of a one-language PDF: headings and paragraphs of that side only."""
    parts = ["<section class='one'>"]
    marks = markers(doc.units)
    for u in doc.units:
        text = _e(getattr(u, lang))
        if not text:
            continue
        if u.kind in ("title", "heading"):
            parts.append(f"<h2 class='{u.kind}' lang='{lang}' data-unit-id='{_e(u.id)}'>{text}</h2>")
            continue
        mark = marks.get(u.id, "")
        mark_html = f"<span class='mark'>{_e(mark)}</span>" if mark else ""
        indent = f" style='margin-left:{1.2 * u.level:.1f}em'" if u.level else ""
        parts.append(f"<p class='{u.kind}' lang='{lang}' data-unit-id='{_e(u.id)}'{indent}>{mark_html}{text}</p>")
    parts.append("</section>")
    return parts


def to_html(doc: Document, lang: str | None = None) -> str:
    """The PDF's HTML: both languages side by side, or with `lang` ("zh"/"en") that one alone."""
    if lang is not None and lang not in LANGS:
        raise BadInput(f"unknown language {lang!r}: zh or en")
    main, second = display_title(doc) if lang is None else (_title_in(doc, lang)[0], "")
    parts = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'>",
        f"<title>{_e(main)}</title><style>{CSS % {'font': FONT}}</style></head><body><header>",
        f"<h1 lang='{_title_in(doc, lang)[1] if lang else ('en' if doc.title.get('en') else 'zh')}'>{_e(main)}</h1>",
    ]
    if second:
        parts.append(f"<h1 class='second' lang='zh'>{_e(second)}</h1>")
    parts.append("<dl>")
    for label, value in metadata(doc):
        parts.append(f"<dt>{_e(label)}</dt><dd>{_e(value)}</dd>")
    parts.append("</dl>")
    parts.append(f"<p class='cite'><b>Cite:</b> {_e(cite(doc, 'chicago'))}</p>")
    for side, label in (("zh", "摘要"), ("en", "Summary")):
        if doc.abstract.get(side) and lang in (None, side):
            parts.append(f"<p class='abstract' lang='{side}'><b>{label}:</b> {_e(doc.abstract[side])}</p>")
    if lang is not None:
        parts.append("</header>")
        parts += _one_language(doc, lang)
        parts.append("</body></html>")
        return "".join(parts)
    parts.append("</header><table>")
    marks = markers(doc.units)
    for u in doc.units:
        zh, en = _e(u.zh), _e(u.en)
        if not zh and not en:
            continue
        if u.kind in ("title", "heading"):
            # Headings across: one cell spanning both columns, Chinese above English.
            inner = "".join(f"<div class='across' lang='{lang}'>{t}</div>" for lang, t in (("zh", zh), ("en", en)) if t)
            parts.append(f"<tr class='{u.kind}' data-unit-id='{_e(u.id)}'><td colspan='2'>{inner}</td></tr>")
            continue
        mark = marks.get(u.id, "")
        mark_html = f"<span class='mark'>{_e(mark)}</span>" if mark else ""
        indent = f" style='padding-left:{1.2 * u.level:.1f}em'" if u.level else ""
        cells = []
        for side, text in (("zh", zh), ("en", en)):
            cells.append(f"<td lang='{side}'{indent}>{mark_html if text else ''}{text}</td>")
        parts.append(f"<tr class='{u.kind}' data-unit-id='{_e(u.id)}'>{''.join(cells)}</tr>")
    parts.append("</table></body></html>")
    return "".join(parts)


def to_pdf(doc: Document, lang: str | None = None) -> bytes:
    from weasyprint import HTML

    # WeasyPrint logs every unsupported CSS nicety at WARNING; the CLI's stderr is for the user.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    buf = io.BytesIO()
    HTML(string=to_html(doc, lang)).write_pdf(buf)
    return buf.getvalue()
