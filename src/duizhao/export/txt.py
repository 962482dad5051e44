"""Document → plain text in the layout it came in, so that duizhao reads it back as the same record.

- a digest: the header (作者/Author(s), 網站來源/Source, 日期/Date, 關鍵字/Keywords …), then 摘要 with
  the Chinese units and Summary with the English ones, headings as lines, • bullets and numbered
  items indented by their level;
- an interleaved page: the title pair, the abstract, English and Chinese paragraphs alternating,
  and the "Cite This Page" line that carries authors, outlets and dates;
- a bilingual list: "中文标题|outlet", the Chinese bullets, then the English ones;
- a one-language document: its text.
Anything else (a `--pair` document, a PDF's layout) is written as an interleaved page.

tests/export/test_txt_roundtrip.py parses each written file back and compares metadata and units.
"""

from __future__ import annotations

import datetime as dt

from ..model import Document, Unit
from .common import markers

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def to_text(doc: Document) -> str:
    layout = doc.layout or ""
    if layout == "bilist":
        lines = _bilist(doc)
    elif layout == "digest":
        lines = _digest(doc)
    elif layout == "monolingual":
        lines = _monolingual(doc)
    else:
        lines = _interleaved(doc)
    return "\n".join(lines).rstrip() + "\n"


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def _list_lines(units: list[Unit], side: str) -> list[str]:
    """One side's units as text lines, blank-line separated: headings plain, bullets and items marked."""
    marks = markers(units)
    out: list[str] = []
    for u in units:
        text = _one_line(getattr(u, side))
        if not text:
            continue
        indent = "  " * (u.level + 1)
        if u.kind == "bullet":
            out.append(f"{indent}• {text}")
        elif u.kind == "item":
            mark = marks.get(u.id) or ""
            out.append(f"{indent}{mark} {text}" if mark else f"{indent}{text}")
        else:
            out.append(text)
    return out


def _date(iso: str | None, long: bool = False) -> str | None:
    """2024-06-14 → 06/14/2024 as the digests write it, or "June 14, 2024" as a citation line does;
    a month or a year alone stays ISO."""
    if not iso:
        return None
    try:
        d = dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{MONTHS[d.month - 1]} {d.day}, {d.year}" if long else f"{d.month:02d}/{d.day:02d}/{d.year}"


def _digest(doc: Document) -> list[str]:
    lines: list[str] = []
    title = doc.title.get("en") or doc.title.get("zh")
    header = [
        ("標題/Title", title),
        ("作者/Author(s)", ", ".join(doc.authors)),
        ("譯者/Translator(s)", ", ".join(doc.translators)),
        ("網站來源/Source", doc.source),
        ("日期/Date", _date(doc.published)),
        ("關鍵字/Keywords", ", ".join(doc.keywords)),
        ("網址/URL", doc.url),
    ]
    for label, value in header:
        if value:
            lines += [f"{label}: {_one_line(value)}", ""]
    lines.append("")
    for side, label in (("zh", "摘要:"), ("en", "Summary:")):
        body = _list_lines(doc.units, side)
        if body:
            lines += [label, *body, ""]
    return lines


def _titles(doc: Document, sides: tuple[str, str]) -> list[str]:
    return [line for side in sides if doc.title.get(side) for line in (_one_line(doc.title[side]), "")]


def _interleaved(doc: Document) -> list[str]:
    # Labelled, so that a headline of any length or punctuation reads back as the title.
    lines = [x for side, label in (("en", "Title"), ("zh", "標題")) if doc.title.get(side)
             for x in (f"{label}: {_one_line(doc.title[side])}", "")]
    for side in ("en", "zh"):
        if (doc.abstract or {}).get(side):
            for para in (doc.abstract[side] or "").split("\n\n"):
                lines += [_one_line(para), ""]
    marks = markers(doc.units)
    for u in doc.units:
        for side in ("en", "zh"):
            text = _one_line(getattr(u, side))
            if not text:
                continue
            if u.kind == "bullet":
                text = f"• {text}"
            elif u.kind == "item" and marks.get(u.id):
                text = f"{marks[u.id]} {text}"
            lines += [text, ""]
    cite = _cite_line(doc)
    if cite:
        lines += ["Cite This Page", "", cite]
    return lines


def _cite_line(doc: Document) -> str | None:
    """The publisher's citation line (layouts/meta.parse_citation reads it back)."""
    if not (doc.authors or doc.source):
        return None
    names = list(doc.authors)
    if doc.authors_zh and len(doc.authors_zh) == len(names):
        names = [f"{zh} ({en})" for zh, en in zip(doc.authors_zh, names, strict=True)]
    who = ", ".join(names) or "Anonymous"
    title = _one_line(doc.title.get("en") or doc.title.get("zh") or "")
    if doc.title.get("en") and doc.title.get("zh"):
        title = f"{_one_line(doc.title['en'])} [{_one_line(doc.title['zh'])}]"
    where = doc.source or ""
    if doc.original_source:
        orig = doc.original_source
        if orig.endswith(")") and " (" in orig:  # "The Paper (澎湃)" is written "The Paper [澎湃]"
            head, _, tail = orig[:-1].rpartition(" (")
            orig = f"{head} [{tail}]"
        when = _date(doc.original_published or doc.published, long=True) or ""
        return f'{who}. "{title}". {where}, original work published in {orig}, {when}'
    date = _date(doc.published, long=True)
    return f'{who}. "{title}". {where}, {date}' if date else f'{who}. "{title}". {where}'


def _bilist(doc: Document) -> list[str]:
    title = doc.title.get("zh") or doc.title.get("en") or ""
    return [f"{_one_line(title)}|{doc.source}" if doc.source else _one_line(title), "", *_both_lists(doc)]


def _monolingual(doc: Document) -> list[str]:
    return _titles(doc, ("zh", "en")) + _both_lists(doc)


def _both_lists(doc: Document) -> list[str]:
    """The Chinese units' lines, then the English ones, each followed by a blank line."""
    return [x for side in ("zh", "en") for line in _list_lines(doc.units, side) for x in (line, "")]
