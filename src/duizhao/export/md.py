"""Document → Markdown with both languages: each unit's Chinese, then its English, in reading order."""
from __future__ import annotations

import re

from ..model import Document
from .cite import cite
from .common import display_title, markers, metadata

_SYNTAX = re.compile(r"([\\`*_\[\]<>|])")
# What Markdown reads as syntax at the start of a line ("1. The …" would become a list).
_NUMBER_START = re.compile(r"^(\d+)([.)])(\s)")


def _escape(text: str) -> str:
    """One line of literal text (units are single paragraphs; inner line breaks become spaces)."""
    text = _SYNTAX.sub(r"\\\1", " ".join(text.split()))
    if _NUMBER_START.match(text):
        return _NUMBER_START.sub(r"\1\\\2\3", text)
    if text[:1] in ("#", ">", "+", "-") and text[1:2] in (" ", "#", ""):
        return "\\" + text
    return text


def to_markdown(doc: Document) -> str:
    main, second = display_title(doc)
    out = [f"# {_escape(main)}", ""]
    if second:
        out += [f"## {_escape(second)}", ""]
    for label, value in metadata(doc):
        out.append(f"- **{label}:** {_escape(value)}")
    out += ["", f"> {_escape(cite(doc, 'chicago'))}", ""]
    for lang in ("zh", "en"):
        text = doc.abstract.get(lang)
        if text:
            out += [f"**{'摘要' if lang == 'zh' else 'Summary'}:** {_escape(text)}", ""]
    out += ["---", ""]
    marks = markers(doc.units)
    for u in doc.units:
        sides = [_escape(t) for t in (u.zh, u.en) if t and t.strip()]
        if not sides:
            continue
        if u.kind in ("title", "heading"):
            hashes = "##" if u.kind == "title" else "###"
            out += [f"{hashes} {s}" for s in sides] + [""]
        elif u.kind in ("bullet", "item"):
            indent = "    " * u.level
            mark = marks.get(u.id) or "-"
            bullet = "-" if mark == "•" else mark if mark.endswith(".") else "-"
            pad = " " * (len(bullet) + 1)
            out.append(f"{indent}{bullet} {sides[0]}")
            for s in sides[1:]:
                out += ["", f"{indent}{pad}{s}"]
            out.append("")
        elif u.kind == "footnote":
            out += [f"<small>{s}</small>" for s in sides] + [""]
        else:
            for s in sides:
                out += [s, ""]
    return "\n".join(out).rstrip() + "\n"
