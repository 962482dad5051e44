"""PDF (with a text layer): lines in reading order, rejoined into paragraphs, without page furniture.

pypdf gives, for each run of text, where it starts, where it ends and how large it is. From that:
- runs on one baseline form a line (a list marker drawn apart, "•" or "1.", joins its text);
- running headers/footers (the same line at the top or bottom of most pages, digits ignored) and page
  numbers ("3", "- 3 -", "Page 3 of 9", "第3页") are dropped;
- a line continues the previous one when the previous line was wrapped (the next line's first word
  would not have fitted before the right margin), the gap between them is a normal line gap and the
  text size is the same; pages are followed across. Chinese joins without a space, English with one,
  and a word hyphenated at the line end is mended;
- larger text than the body text is a heading; "•"/"1."/"一、" lines go through the plain-text rules.
When positions are not available (unusual content streams), plain extraction with a punctuation rule
is used instead.
"""
from __future__ import annotations

import io
import logging
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BadInput
from . import Block, Source, register

PAGE_NUMBER = re.compile(
    r"^(?:[-–—~\s]*\d{1,4}[-–—~\s]*"
    r"|(?:page|p\.|pg\.?)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?"
    r"|\d{1,4}\s*(?:/|of)\s*\d{1,4}"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|第\s*\d{1,4}\s*頁(?:\s*[,，/]?\s*共\s*\d{1,4}\s*頁)?"
    r"|(?=[ivxlc])c{0,3}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3}))$",  # roman numerals of front matter
    re.I,
)
SENTENCE_END = tuple("。！？!?.:：;；”」』\"')）")
MARKER_START = re.compile(r"^\s*(?:[•●○◦▪■□◆◇‣⁃·\-\*]\s|\d{1,3}[.)．、](?!\d)|[（(]\d{1,3}[)）]|[①-⑳]"
                          r"|[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[)）])")
FOOTNOTE_END = re.compile(r"[.。!?！？”\"’)）]\d{1,3}$")  # "… civilization.”5": a note call after the end
HYPHEN_PREFIXES = frozenset(
    "co non self anti pre post ex pro pan semi quasi cross multi neo sino euro afro well half all counter".split()
)
DECIMAL_CUT = re.compile(r"[0-9０-９][.．]$")
DIGITS = frozenset("0123456789０１２３４５６７８９")
SOFT_END = tuple(",，、;；")
CLOSING = set("”’」』）》〉】〕、。，．！？：；…,.!?:;)")
FULLWIDTH_PUNCT = re.compile(r"[\u3000-\u303f\uff00-\uffef“”‘’·\u2027\u30fb]")
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
FURNITURE_SHARE = 0.5  # a top/bottom line on at least half of the pages is a running header/footer
EDGE_LINES = 2  # how many lines at the top and at the bottom of a page may be furniture


@dataclass
class Line:
    text: str
    left: float  # x of the first character
    text_left: float  # x of the text after a list marker drawn apart
    right: float  # x after the last character
    top: float  # increases down the page
    size: float  # effective font height
    page: int
    char_width: float = 0.0
    parts: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- sniffing and opening


def _score(path: str, data: bytes) -> float:
    if data.startswith(b"%PDF-"):
        return 0.95
    if b"%PDF-" in data[:1024]:
        return 0.9  # some writers put junk before the header; viewers accept it
    return 0.8 if Path(path).suffix.lower() == ".pdf" else 0.0


def _open(data: bytes, name: str):
    import pypdf
    from pypdf.errors import PyPdfError

    if b"%PDF-" not in data[:1024]:
        raise BadInput(f"{name}: not a PDF file (no %PDF header)")
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")  # many "protected" PDFs only restrict printing: empty user password
            except (PyPdfError, NotImplementedError, ValueError, KeyError, TypeError) as e:
                raise BadInput(f"{name}: encrypted PDF that cannot be opened ({e})") from None
            if not ok:
                raise BadInput(f"{name}: encrypted PDF (a password is needed)")
        pages = list(reader.pages)
    except BadInput:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError, RecursionError,
            AssertionError, OverflowError, EOFError, ArithmeticError, NotImplementedError) as e:
        # NotImplementedError: pypdf meeting a damaged filter name ("/ulateDecode") in an object stream
        first = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise BadInput(f"{name}: damaged PDF ({first[:120]})") from None
    if not pages:
        raise BadInput(f"{name}: PDF without pages")
    return reader, pages


# ---------------------------------------------------------------- positioned runs → lines


def _runs(page, reader) -> list[dict]:
    """Text runs with positions, via pypdf's layout-mode machinery (empty when it cannot say)."""
    from pypdf.generic import ArrayObject, ContentStream, StreamObject

    try:
        from pypdf._text_extraction import _layout_mode
    except ImportError:  # private API: a future pypdf may move it; the plain path still works
        return []
    contents = page.get("/Contents")
    if contents is None:
        return []
    contents = contents.get_object()
    if not isinstance(contents, (ArrayObject, StreamObject)):
        return []
    fonts = page._layout_mode_fonts()
    ops = iter(ContentStream(contents, reader, "bytes").operations)
    return _layout_mode.text_show_operations(ops, fonts, strip_rotated=True)


def _lines_from_runs(runs: list[dict], page_no: int) -> list[Line]:
    items = []
    for r in runs:
        text = r["text"].replace("\n", " ")
        if not text.strip():
            continue
        top = -r["ty"] * r["flip_sort"]
        size = abs(r["font_height"]) or abs(r["font_size"]) or 10.0
        items.append((top, r["tx"], r["displaced_tx"], size, text))
    items = [(*it, i) for i, it in enumerate(items)]
    items.sort(key=lambda it: (it[0], it[1], it[5]))
    # Runs whose baselines are within a third of the text height share a line (superscripts included).
    groups: list[list[tuple]] = []
    for item in items:
        if groups and abs(item[0] - groups[-1][0][0]) <= 0.35 * min(item[3], groups[-1][0][3]):
            groups[-1].append(item)
        else:
            groups.append([item])
    lines: list[Line] = []
    for group in groups:
        group.sort(key=lambda it: (it[1], it[5]))  # left to right; ties keep the content-stream order
        top, left, right, size, text, _ = group[0]
        line = Line(text, left, left, right, top, size, page_no, parts=[text])
        for _, g_left, g_right, g_size, g_text, _ in group[1:]:
            if g_left < line.right - 0.5 * g_size:
                # Runs on one baseline never overlap on paper; pypdf loses the x position after some
                # font switches (it restarts at the line start), so put the run after the previous one.
                g_left, g_right = line.right, line.right + max(g_right - g_left, 0.0)
            gap = g_left - line.right
            spaced = line.text.endswith(" ") or g_text.startswith(" ")
            joiner = " " if gap > 0.15 * g_size and not spaced else ""
            if len(line.parts) == 1 and MARKER_START.match(line.text) and len(line.text.split()) == 1:
                line.text_left = g_left  # a list marker drawn apart: the item's text starts here
            line.text += joiner + g_text
            line.right = max(line.right, g_right)
            if len(g_text.strip()) > 2:
                line.size = max(line.size, g_size) if len(line.text.strip()) > 2 else g_size
            line.parts.append(g_text)
        line.text = line.text.strip()
        line.char_width = max((line.right - line.left) / max(len(line.text), 1), 0.1)
        if line.text:
            lines.append(line)
    return lines


# ---------------------------------------------------------------- page furniture


def _furniture_key(line: Line) -> tuple[str, int]:
    # Same text (numbers aside) at the same height of the page: a running header is printed in place.
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", line.text.strip().lower())), round(line.top / 6)


def drop_furniture(pages: list[list[Line]]) -> list[list[Line]]:
    """Remove running headers/footers and page numbers from the top and bottom lines of each page."""
    counts: Counter[tuple[str, int]] = Counter()
    for lines in pages:
        edge = {_furniture_key(line) for line in lines[:EDGE_LINES] + lines[-EDGE_LINES:]}
        counts.update(edge)
    repeated = {key for key, n in counts.items() if len(pages) >= 2 and n >= max(2, FURNITURE_SHARE * len(pages))}
    out = []
    for lines in pages:
        n = len(lines)
        kept = []
        for i, line in enumerate(lines):
            at_edge = i < EDGE_LINES or i >= n - EDGE_LINES
            if at_edge and (_furniture_key(line) in repeated or PAGE_NUMBER.match(line.text.strip())):
                continue
            kept.append(line)
        out.append(kept)
    if len(out) == 1 and len(out[0]) >= 3:
        # One page: nothing repeats, so take a small, short line set apart at the very top as its header.
        lines = out[0]
        body = _body_size(lines)
        gap = _line_gap(lines, body)
        first, second = lines[0], lines[1]
        widest = max(line.right for line in lines)
        if first.size < 0.85 * body and second.top - first.top > 2 * gap and first.right - first.left < 0.6 * widest:
            out[0] = lines[1:]
    return out


# ---------------------------------------------------------------- lines → logical lines


def _is_cjk_boundary(left: str, right: str) -> bool:
    return bool(left and right and (CJK.match(left[-1]) or CJK.match(right[0])))


@dataclass(frozen=True)
class JoinStyle:
    """What the document itself says about joining: its words, whether it spaces Latin from Chinese,
    whether its typesetter marks its own hyphens (then an ASCII "-" at a line end is a real one)."""

    vocabulary: frozenset[str] = frozenset()
    spaced_mixed: bool = False
    marks_own_hyphens: bool = False

    @classmethod
    def of(cls, texts: list[str]) -> JoinStyle:
        joined = "\n".join(texts)
        # Words only: numbers stay tight ("28岁") even where words are spaced ("Brown 的").
        spaced = len(re.findall(r"[A-Za-z)] [\u4e00-\u9fff]|[\u4e00-\u9fff] [A-Za-z(]", joined))
        tight = len(re.findall(r"[A-Za-z)][\u4e00-\u9fff]|[\u4e00-\u9fff][A-Za-z(]", joined))
        return cls(
            vocabulary=frozenset(w.lower() for w in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*", joined)),
            spaced_mixed=spaced > tight,
            marks_own_hyphens=any(t.rstrip().endswith(("\u00ad", "\u2010")) for t in texts),
        )


def join_text(a: str, b: str, style: JoinStyle | None = None) -> str:
    """Join a wrapped line to the next: no space for Chinese, a space for English, mend hyphenation.

    "inter-" + "national" → "international", but "co-" + "operation" stays "co-operation": a prefix
    that takes a hyphen before a word of the document, or the hyphenated form used elsewhere in the
    document (`vocabulary`: its words, lowercased), keeps it.
    """
    style = style or JoinStyle()
    vocabulary = style.vocabulary
    a, b = a.rstrip(), b.lstrip()
    if not a or not b:
        return a + b
    if CJK.match(a[-1]) and CJK.match(b[0]) or (DECIMAL_CUT.search(a) and b[0] in DIGITS):
        return a + b
    if _is_cjk_boundary(a, b):
        # Latin next to Chinese: spaced or not as the rest of the document does it (punctuation never).
        punct = bool(FULLWIDTH_PUNCT.match(a[-1]) or FULLWIDTH_PUNCT.match(b[0])) or a[-1].isdigit() or b[0].isdigit()
        return a + (" " if style.spaced_mixed and not punct else "") + b
    if a.endswith(("\u00ad", "\u2010")) and len(a) > 1 and a[-2].isalpha():
        return a[:-1] + b  # a soft or typographic hyphen at a line end is the typesetter's: drop it
    if a.endswith("-") and len(a) > 1 and a[-2].isalpha() and b[0].islower() and not style.marks_own_hyphens:
        head = re.search(r"([A-Za-z]+)-$", a)
        tail = re.match(r"[a-z]+", b)
        if head and tail:
            hyphenated = f"{head.group(1)}-{tail.group(0)}".lower()
            # "co-" + "operation" (a word of its own) keeps the hyphen; "pre-" + "vious" does not.
            prefixed_word = head.group(1).lower() in HYPHEN_PREFIXES and tail.group(0) in vocabulary
            # "working-" + "age": two words of the document whose closed form it never uses.
            compound = (
                head.group(1).lower() in vocabulary
                and tail.group(0) in vocabulary
                and hyphenated.replace("-", "") not in vocabulary
            )
            if hyphenated in vocabulary or prefixed_word or compound:
                return a + b
        return a[:-1] + b
    if a.endswith(" -"):
        return a + " " + b  # a spaced dash, "technique - move"
    if a.endswith(("-", "/", "\u2014")):
        return a + b  # "Russia-" + "Ukraine", a dash or slash at the line end
    return a + " " + b


def _body_size(lines: list[Line]) -> float:
    weights: Counter[float] = Counter()
    for line in lines:
        weights[round(line.size, 1)] += len(line.text)
    return weights.most_common(1)[0][0] if weights else 10.0


def _line_gap(lines: list[Line], body: float) -> float:
    gaps = [
        b.top - a.top
        for a, b in zip(lines, lines[1:], strict=False)
        if a.page == b.page and abs(a.size - body) < 0.5 and abs(b.size - body) < 0.5 and b.top > a.top
    ]
    if not gaps:
        return 1.2 * body
    # The lower quartile, not the median: in a text of one-line paragraphs most gaps are paragraph gaps.
    # Line spacing above 1.6 (double spacing) cannot be told from paragraph spacing anyway.
    return min(statistics.quantiles(gaps, n=4)[0] if len(gaps) >= 4 else min(gaps), 1.6 * body)


def merge_lines(pages: list[list[Line]]) -> list[tuple[str, Line, bool]]:
    """Logical lines: (text, first physical line, is_heading)."""
    lines = [line for page in pages for line in page]
    if not lines:
        return []
    body = _body_size(lines)
    gap = _line_gap(lines, body)
    style = JoinStyle.of([line.text for line in lines])
    # The right margin of the text column: where full body lines end, page by page.
    right_margin: dict[int, float] = {}
    for page in pages:
        ends = [line.right for line in page if abs(line.size - body) < 0.5]
        if ends:
            right_margin[page[0].page] = max(ends)
    out: list[tuple[str, Line, bool]] = []
    current: Line | None = None
    previous = lines[0]
    text = ""
    for line in lines:
        in_list = current is not None and bool(MARKER_START.match(current.text))
        item_left = current.text_left if current is not None else 0.0
        if current is not None and _continues(previous, line, body, gap, right_margin, in_list, item_left):
            text = join_text(text, line.text, style)
        else:
            if current is not None:
                out.append((text, current, current.size > 1.15 * body))
            current, text = line, line.text
        previous = line
    if current is not None:
        out.append((text, current, current.size > 1.15 * body))
    return out


def _continues(
    prev: Line, line: Line, body: float, gap: float, right_margin: dict[int, float], in_list: bool, item_left: float
) -> bool:
    if MARKER_START.match(line.text):
        return False
    if abs(prev.size - line.size) > 0.5:
        return False  # a heading and the text under it
    scale = line.size / body if body else 1.0
    if prev.page == line.page and not (0 < line.top - prev.top <= 1.35 * max(gap * scale, line.size)):
        return False  # a paragraph gap (or a jump back up: another column or a float)
    if in_list and line.left < item_left - 0.5 * line.size:
        return False  # back at the margin after a list item: the text after the list
    if line.left > prev.text_left + 1.5 * line.size:
        return False  # a first-line indent starts a new paragraph
    ends_sentence = prev.text.endswith(SENTENCE_END) or bool(FOOTNOTE_END.search(prev.text))
    shares = sorted((_cjk_share(prev.text), _cjk_share(line.text)))
    if (shares[0] == 0.0 and shares[1] > 0.95) or (ends_sentence and shares[1] - shares[0] > 0.5):
        return False  # the language changes (after a sentence end): the next paragraph of a bilingual text
    margin = right_margin.get(prev.page, prev.right)
    if prev.size > 1.15 * body:
        margin = max(margin, prev.right)  # a heading is as wide as the body column at most
    # Wrapped: the next line's first unbreakable unit would not have fitted after this line.
    if prev.right + _first_unit_width(line.text, line.size) >= margin - 0.3 * line.size:
        return True
    # Typesetters also break early (kinsoku rules keep punctuation off a line start, justification,
    # hyphenation dictionaries): then the text itself has to say that the sentence goes on.
    if ends_sentence:
        # "３." + "６％": a decimal number cut at its point, not the end of a sentence.
        return bool(DECIMAL_CUT.search(prev.text)) and line.text[0] in DIGITS
    if prev.text.endswith(SOFT_END) or (prev.text[-1].isalnum() and line.text[0].islower()):
        return True
    return prev.right >= 0.7 * margin


def _cjk_share(text: str) -> float:
    """How Chinese a line is, 0..1: a Chinese character weighs about as much as a short English word."""
    cjk = 3 * len(CJK.findall(text))
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    return cjk / (cjk + latin) if cjk + latin else 0.5


def _first_unit_width(text: str, size: float) -> float:
    """Approximate width of what the line-breaker would have had to fit: a CJK character with any
    closing punctuation glued to it, or a whole word."""
    if CJK.match(text[0]):
        n = 1
        while n < len(text) and text[n] in CLOSING:
            n += 1
        return 0.95 * n * size
    word = re.match(r"[^\s\u3000-\u9fff]+", text)
    return 0.45 * size * (len(word.group(0)) if word else 1) + 0.25 * size


# ---------------------------------------------------------------- blocks


def _list_levels(logical: list[tuple[str, Line, bool]]) -> dict[float, int]:
    xs = sorted({round(first.text_left) for text, first, _ in logical if MARKER_START.match(text)})
    clusters: list[float] = []
    for x in xs:
        if not clusters or x - clusters[-1] > 8:
            clusters.append(x)
    return {x: i for i, x in enumerate(clusters)}


def lines_to_pdf_blocks(pages: list[list[Line]]) -> list[Block]:
    from .text import lines_to_blocks, normalize_space

    logical = merge_lines(drop_furniture(pages))
    levels = _list_levels(logical)
    cluster_xs = sorted(levels)
    blocks: list[Block] = []
    for text, first, heading in logical:
        if heading:
            t = normalize_space(text)
            if t:
                blocks.append(Block(t, "heading", 0))
            continue
        for block in lines_to_blocks([text]):
            if block.kind in ("bullet", "item") and cluster_xs:
                x = round(first.text_left)
                block.level = max((levels[c] for c in cluster_xs if c <= x + 8), default=0)
            blocks.append(block)
    return blocks


def _plain_page_lines(page, page_no: int) -> list[Line]:
    """Lines without positions (fallback): fake geometry from line lengths."""
    raw = page.extract_text() or ""
    rows = [r.strip() for r in raw.splitlines() if r.strip()]
    width = max((len(r) * (2 if CJK.search(r) else 1) for r in rows), default=1)
    lines = []
    for i, r in enumerate(rows):
        w = len(r) * (2 if CJK.search(r) else 1)
        full = w >= 0.8 * width and not r.endswith(SENTENCE_END)
        lines.append(Line(r, 0.0, 0.0, float(width if full else w), float(i), 10.0, page_no, char_width=1.0))
    return lines


def _has_forms(page) -> bool:
    """Whether the page draws Form XObjects, whose text the positioned walk does not enter."""
    try:
        xobjects = page.get("/Resources", {}).get_object().get("/XObject")
        if xobjects is None:
            return False
        return any(x.get_object().get("/Subtype") == "/Form" for x in xobjects.get_object().values())
    except (AttributeError, KeyError, TypeError, ValueError):
        return True


def _positioned_ok(lines: list[Line], page) -> bool:
    if not lines:
        return False
    if not _has_forms(page):
        return True
    runs_chars = sum(len("".join(line.text.split())) for line in lines)
    return runs_chars >= 0.5 * len("".join((page.extract_text() or "").split()))


@register(_score)
def read_pdf(path: str, data: bytes, encoding: str | None = None) -> Source:
    name = Path(path).name
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # pypdf warns about every odd font on stderr
    reader, pages = _open(data, name)
    page_lines: list[list[Line]] = []
    failures = 0
    for page_no, page in enumerate(pages):
        try:
            lines = _lines_from_runs(_runs(page, reader), page_no)
            if not _positioned_ok(lines, page):
                lines = _plain_page_lines(page, page_no)
        except MemoryError:
            raise  # the parse memory ceiling: refuse the file rather than drop pages
        except Exception:  # noqa: BLE001 - one bad page (odd font, broken stream) must not lose the rest
            try:
                lines = _plain_page_lines(page, page_no)
            except MemoryError:
                raise
            except Exception:  # noqa: BLE001
                failures += 1
                lines = []
        page_lines.append(lines)
    blocks = lines_to_pdf_blocks(page_lines)
    if not blocks:
        if failures == len(pages):
            raise BadInput(f"{name}: damaged PDF (no page could be read)")
        raise BadInput(f"{name}: no text layer in this PDF (scanned pages need OCR first)")
    return Source(path=path, format="pdf", blocks=blocks)
