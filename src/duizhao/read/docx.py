"""Word (.docx): the body's paragraphs in order, tables cell by cell, with list and heading structure.

The zip is checked before anything unpacks it: a file that is not a zip, a truncated one, a zip that is
not a Word document, and a zip bomb (declared sizes in the central directory) are refused with one line.
Lists come from Word's numbering (numPr on the paragraph or its style → numbering.xml): bullet levels
become bullets, numbered levels become items with the marker Word would display ("1.", "一、", "a)"),
counting per list instance the way Word does (restart at startOverride, deeper levels restart under a
new parent item). Heading n / Title styles (or an outline level) become headings.
"""
from __future__ import annotations

import io
import re
import zipfile
import zlib
from pathlib import Path

from ..errors import BadInput
from . import Block, Source, register

MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100  # uncompressed / compressed for one member: XML compresses ~5-20x, bombs ~1000x
RATIO_FLOOR = 2 * 1024 * 1024  # small members may compress well without being a threat
MAX_MEMBERS = 10_000
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HEADING_NAME = re.compile(r"^heading\s*(\d)$", re.I)
LIST_STYLE = re.compile(r"^list\s+(bullet|number)(?:\s+(\d))?$", re.I)
# Deleted or moved-away text (tracked changes) and text boxes (drawn twice: DrawingML and VML fallback).
TEXT_SKIP_ANCESTORS = {W + "del", W + "moveFrom", W + "txbxContent"}


def _score(path: str, data: bytes) -> float:
    ext = Path(path).suffix.lower()
    if data.startswith(b"PK\x03\x04"):
        if b"word/document.xml" in data:
            return 0.95
        return 0.85 if ext in (".docx", ".docm", ".dotx") else 0.05
    return 0.85 if ext in (".docx", ".docm", ".dotx") else 0.0


def check_zip(data: bytes, name: str) -> zipfile.ZipFile:
    """Open the zip, refusing damaged archives, non-Word zips and zip bombs before any unpacking."""
    if not data.startswith(b"PK"):
        raise BadInput(f"{name}: not a Word document (.docx files are zip archives; this one is not)")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError) as e:
        # NotImplementedError: a (damaged) header asking for a zip version or feature zipfile lacks
        raise BadInput(f"{name}: damaged or truncated Word file ({e})") from None
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise BadInput(f"{name}: refused, the archive holds {len(infos)} files")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNPACKED_BYTES:
        raise BadInput(f"{name}: refused, would unpack to {total // (1024 * 1024)} MB (zip bomb?)")
    for info in infos:
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise BadInput(f"{name}: refused, {info.filename} is compressed {ratio}:1 (zip bomb?)")
    names = {i.filename for i in infos}
    if "word/document.xml" not in names:
        kind = (
            "a spreadsheet" if "xl/workbook.xml" in names
            else "a presentation" if "ppt/presentation.xml" in names
            else "an OpenDocument file" if "mimetype" in names
            else "a zip archive"
        )
        raise BadInput(f"{name}: {kind}, not a Word document")
    try:
        bad = archive.testzip()  # CRC of every member: catches truncated or corrupted members
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError) as e:
        # zlib.error: a corrupted deflate stream inside a member (not a subclass of the others)
        raise BadInput(f"{name}: damaged or truncated Word file ({e})") from None
    if bad:
        raise BadInput(f"{name}: damaged Word file (bad member {bad})")
    return archive


# ---------------------------------------------------------------- numbering


_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
_CN_DIGITS = "零一二三四五六七八九"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


def _letters(n: int) -> str:
    # Word repeats the letter past z: a..z, aa..zz
    n = max(n, 1)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _chinese(n: int) -> str:
    if n < 10:
        return _CN_DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")
    return str(n)


def format_number(n: int, fmt: str) -> str:
    """A counter value in one of Word's number formats (w:numFmt)."""
    if not 0 <= n <= 9999:
        return str(n)  # a hostile start value (10**20) would make letters huge and roman numerals loop for ever
    if fmt in ("lowerLetter",):
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt in ("chineseCounting", "chineseCountingThousand", "ideographTraditional", "taiwaneseCounting",
               "taiwaneseCountingThousand", "japaneseCounting", "ideographDigital"):
        return _chinese(n)
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return _CIRCLED[n - 1] if 1 <= n <= len(_CIRCLED) else str(n)
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(c) + 0xFEE0) for c in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


class Numbering:
    """numbering.xml: which list level a (numId, ilvl) is, and the running counters of each list."""

    def __init__(self, root) -> None:
        self.abstract: dict[str, dict[int, dict]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.counters: dict[str, list[int | None]] = {}
        if root is None:
            return
        for ab in root.findall(W + "abstractNum"):
            levels = {}
            for lvl in ab.findall(W + "lvl"):
                levels[int(lvl.get(W + "ilvl", "0"))] = {
                    "fmt": _val(lvl.find(W + "numFmt"), "decimal"),
                    "text": _val(lvl.find(W + "lvlText"), None),
                    "start": int(_val(lvl.find(W + "start"), "1") or 1),
                }
            self.abstract[ab.get(W + "abstractNumId")] = levels
        for num in root.findall(W + "num"):
            overrides = {}
            for ov in num.findall(W + "lvlOverride"):
                start = ov.find(W + "startOverride")
                if start is not None:
                    overrides[int(ov.get(W + "ilvl", "0"))] = int(start.get(W + "val", "1"))
            self.nums[num.get(W + "numId")] = (_val(num.find(W + "abstractNumId"), ""), overrides)

    def level(self, num_id: str, ilvl: int) -> dict | None:
        entry = self.nums.get(num_id)
        if not entry:
            return None
        return self.abstract.get(entry[0], {}).get(ilvl)

    def next_marker(self, num_id: str, ilvl: int) -> str | None:
        """Advance the list's counter at `ilvl` and return the displayed marker ("1.", "一、", "(a)")."""
        entry = self.nums.get(num_id)
        levels = self.abstract.get(entry[0], {}) if entry else {}
        overrides = entry[1] if entry else {}
        counts = self.counters.setdefault(num_id, [None] * 9)
        ilvl = min(max(ilvl, 0), 8)
        if counts[ilvl] is None:
            start = overrides.get(ilvl, levels.get(ilvl, {}).get("start", 1))
            counts[ilvl] = start
        else:
            counts[ilvl] += 1
        for deeper in range(ilvl + 1, 9):
            counts[deeper] = None  # a new parent item restarts its sub-lists
        template = levels.get(ilvl, {}).get("text")
        if template is None:
            template = f"%{ilvl + 1}."

        def sub(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            value = counts[k] if 0 <= k < 9 and counts[k] is not None else levels.get(k, {}).get("start", 1)
            return format_number(value, levels.get(k, {}).get("fmt", "decimal"))

        marker = re.sub(r"%([1-9])", sub, template).strip()
        return marker or None


def _val(el, default):
    return el.get(W + "val", default) if el is not None else default


# ---------------------------------------------------------------- body


class _Reader:
    def __init__(self, document) -> None:
        self.document = document
        part = document.part
        try:
            numbering_root = part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            numbering_root = None
        self.numbering = Numbering(numbering_root)
        self.styles: dict[str, object] = {}
        styles_root = part.styles.element if hasattr(part, "styles") else None
        if styles_root is not None:
            for st in styles_root.findall(W + "style"):
                self.styles[st.get(W + "styleId")] = st
        self.style_counters: dict[tuple[str, int], int] = {}
        self.blocks: list[Block] = []

    # -- styles
    def _style_chain(self, style_id: str | None):
        seen = set()
        while style_id and style_id in self.styles and style_id not in seen:
            seen.add(style_id)
            st = self.styles[style_id]
            yield st
            style_id = _val(st.find(W + "basedOn"), None)

    def _style_name(self, style_id: str | None) -> str:
        st = self.styles.get(style_id or "")
        name = _val(st.find(W + "name"), "") if st is not None else ""
        return (name or "").strip().lower()

    def _num_pr(self, ppr, style_id):
        """(numId, ilvl) from the paragraph, else inherited from its style chain."""
        num_id = ilvl = None
        if ppr is not None and ppr.find(W + "numPr") is not None:
            np_ = ppr.find(W + "numPr")
            num_id = _val(np_.find(W + "numId"), None)
            ilvl = _val(np_.find(W + "ilvl"), None)
        if num_id is None:
            for st in self._style_chain(style_id):
                sp = st.find(W + "pPr")
                np_ = sp.find(W + "numPr") if sp is not None else None
                if np_ is not None:
                    num_id = _val(np_.find(W + "numId"), None)
                    if ilvl is None:
                        ilvl = _val(np_.find(W + "ilvl"), None)
                    break
        if num_id is None or num_id == "0":
            return None
        return num_id, int(ilvl or 0)

    def _outline_level(self, ppr, style_id) -> int | None:
        candidates = [ppr] + [st.find(W + "pPr") for st in self._style_chain(style_id)]
        for p in candidates:
            if p is not None and p.find(W + "outlineLvl") is not None:
                level = int(_val(p.find(W + "outlineLvl"), "9"))
                return level if level < 9 else None
        return None

    # -- text
    @staticmethod
    def _text(p) -> str:
        parts: list[str] = []
        for el in p.iter(W + "t", W + "tab", W + "br", W + "cr", W + "noBreakHyphen"):
            if any(a.tag in TEXT_SKIP_ANCESTORS for a in el.iterancestors()):
                continue
            tag = el.tag
            if tag == W + "t":
                parts.append(el.text or "")
            elif tag == W + "tab":
                if el.getparent() is not None and el.getparent().tag == W + "r":
                    parts.append("\t")  # a w:tab in w:tabs is a tab stop, not text
            elif tag == W + "noBreakHyphen":
                parts.append("-")
            else:
                parts.append("\n")
        return "".join(parts)

    # -- walk
    def walk(self, container) -> None:
        for child in container:
            tag = child.tag
            if tag == W + "p":
                self.paragraph(child)
            elif tag == W + "tbl":
                self.table(child)
            elif tag in (W + "sdt", W + "customXml", W + "smartTag"):
                content = child.find(W + "sdtContent")
                self.walk(content if content is not None else child)
            elif tag in (W + "ins",):
                self.walk(child)

    def table(self, tbl) -> None:
        for tr in tbl.iter(W + "tr"):
            if _nearest(tr, W + "tbl") is not tbl:
                continue  # a row of a nested table: read with its cell
            for tc in tr.findall(W + "tc"):
                self.walk(tc)  # a vertically merged continuation cell is empty: nothing comes out

    def paragraph(self, p) -> None:
        from .text import lines_to_blocks, normalize_space

        raw = self._text(p)
        if not raw.strip():
            return
        ppr = p.find(W + "pPr")
        style_id = _val(ppr.find(W + "pStyle"), None) if ppr is not None else None
        name = self._style_name(style_id)
        one_line = normalize_space(raw.replace("\n", " ").replace("\t", " "))

        heading_level = None
        m = HEADING_NAME.match(name)
        if m:
            heading_level = int(m.group(1)) - 1
        elif name == "title":
            heading_level = 0
        else:
            heading_level = self._outline_level(ppr, style_id)

        num = self._num_pr(ppr, style_id)
        list_style = LIST_STYLE.match(name)
        if num is not None:
            level = self.numbering.level(*num)
            # "List Bullet 2" often points at a one-level list of its own: its name says the depth.
            depth = max(num[1], int(list_style.group(2) or 1) - 1) if list_style else num[1]
            if level is not None and level["fmt"] != "none":
                if heading_level is not None:
                    marker = None if level["fmt"] == "bullet" else self.numbering.next_marker(*num)
                    text = f"{marker} {one_line}" if marker else one_line
                    self.blocks.append(Block(text, "heading", heading_level))
                elif level["fmt"] == "bullet":
                    self.blocks.append(Block(one_line, "bullet", depth))
                else:
                    self.blocks.append(Block(one_line, "item", depth, self.numbering.next_marker(*num)))
                return
        if heading_level is not None:
            self.blocks.append(Block(one_line, "heading", heading_level))
            return
        m = list_style
        if m:  # a list style whose numbering definition is missing: go by the style's name
            level = int(m.group(2) or 1) - 1
            if m.group(1).lower() == "bullet":
                self.blocks.append(Block(one_line, "bullet", level))
            else:
                key = (name, level)
                self.style_counters[key] = self.style_counters.get(key, 0) + 1
                self.blocks.append(Block(one_line, "item", level, f"{self.style_counters[key]}."))
            return
        # Plain paragraph: soft line breaks separate lines; typed "•" / "一、" markers count as in .txt.
        self.blocks.extend(lines_to_blocks(raw.replace("\t", " ").split("\n")))


def _nearest(el, tag):
    for a in el.iterancestors():
        if a.tag == tag:
            return a
    return None


@register(_score)
def read_docx(path: str, data: bytes, encoding: str | None = None) -> Source:
    import docx

    name = Path(path).name
    check_zip(data, name)
    try:
        document = docx.Document(io.BytesIO(data))
    except MemoryError:
        raise  # the parse memory ceiling (read.memory_ceiling), not a damaged file
    except Exception as e:  # python-docx, lxml and zipfile raise many kinds for a damaged package
        first = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise BadInput(f"{name}: damaged Word file ({first[:120]})") from None
    try:
        reader = _Reader(document)  # numbering.xml with non-numeric values raises here (int("x"))
        reader.walk(document.element.body)
    except (ValueError, TypeError, AttributeError, KeyError, IndexError, RecursionError) as e:
        raise BadInput(f"{name}: damaged Word file ({e})") from None
    if not reader.blocks:
        raise BadInput(f"{name}: no text in this Word document")
    return Source(path=path, format="docx", blocks=reader.blocks)
