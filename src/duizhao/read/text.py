"""Plain text and Markdown: decode the bytes (saying which encoding), then lines → blocks.

Encoding detection never guesses silently: a BOM or valid UTF-8 decides at once; otherwise each
legacy candidate (GB18030, Big5, cp1252) is decoded strictly and scored by how plausible the
result is, and when two candidates give different text with close scores the file is refused
with a message asking for `--encoding`.
"""
from __future__ import annotations

import codecs
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from ..errors import BadInput
from . import Block, Source, register

TEXT_EXTENSIONS = {".txt", ".md", ".markdown", ".text", ""}
LEGACY_CANDIDATES = ("gb18030", "big5", "cp1252")
ENCODING_ALIASES = {
    "utf8": "utf-8",
    "utf-8-sig": "utf-8-sig",
    "gbk": "gb18030",  # GB18030 is a superset of GBK and GB2312
    "gb2312": "gb18030",
    "cp936": "gb18030",
    "big5hkscs": "big5hkscs",
    "cp950": "cp950",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "windows-1252": "cp1252",
}

BULLET_RE = re.compile(r"^(?P<indent>\s*)(?P<glyph>[•●○◦▪■□◆◇‣⁃·\-\*\u2022\u25cf\u30fb])\s+(?P<text>\S.*)$")
# Numbered items: 1. 1) (1) ① 一、 (一) 第一，— but not a year or a decimal ("2022. 年" / "1.5").
ITEM_RE = re.compile(
    r"^(?P<indent>\s*)(?P<marker>"
    r"\d{1,3}[.)．、](?!\d)"
    r"|[（(]\d{1,3}[)）]"
    r"|[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]"
    r"|[一二三四五六七八九十]{1,3}、"
    r"|[（(][一二三四五六七八九十]{1,3}[)）]"
    r")\s*(?P<text>\S.*)$"
)
MARKDOWN_HEADING_RE = re.compile(r"^(#{1,6})\s+(\S.*?)\s*#*\s*$")
SPACES_RE = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff]")


def normalize_space(text: str) -> str:
    """NBSP, full-width and other spaces → one ASCII space; control characters dropped."""
    return SPACES_RE.sub(" ", CONTROL_RE.sub("", text)).strip()


def lines_to_blocks(lines: list[str], markdown: bool = False) -> list[Block]:
    """Turn raw lines into blocks: bullets (•) and numbered items keep their nesting by indent."""
    blocks: list[Block] = []
    for raw in lines:
        raw = CONTROL_RE.sub("", raw).replace("\u3000", "  ").replace("\u00a0", " ").rstrip()
        if not raw.strip():
            continue
        indent = len(raw) - len(raw.lstrip(" \t"))
        if markdown:
            m = MARKDOWN_HEADING_RE.match(raw.strip())
            if m:
                blocks.append(Block(normalize_space(m.group(2)), "heading", len(m.group(1)) - 1))
                continue
        m = BULLET_RE.match(raw)
        if m:
            blocks.append(Block(normalize_space(m.group("text")), "bullet", _level(indent)))
            continue
        m = ITEM_RE.match(raw)
        if m and normalize_space(m.group("text")):
            blocks.append(Block(normalize_space(m.group("text")), "item", _level(indent), m.group("marker").strip()))
            continue
        text = normalize_space(raw)
        if text:
            blocks.append(Block(text, "paragraph", 0))
    return blocks


def _level(indent: int) -> int:
    # The seeds indent top bullets by two spaces and items by two as well; deeper indents nest.
    return max(0, (indent - 2) // 2) if indent > 2 else 0


def decode(data: bytes, encoding: str | None = None, name: str = "file") -> tuple[str, str]:
    """Bytes → (text, encoding used). Raises BadInput when the encoding cannot be told safely."""
    if encoding:
        enc = ENCODING_ALIASES.get(encoding.lower(), encoding.lower())
        try:
            codecs.lookup(enc)
        except LookupError:
            raise BadInput(f"unknown encoding {encoding!r}") from None
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError as e:
            raise BadInput(f"{name}: not valid {encoding} (byte {e.start})") from None
    for bom, enc in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                raise BadInput(f"{name}: starts with a {enc} byte-order mark but is not valid {enc}") from None
    utf16 = _bomless_utf16(data)
    if utf16:
        return data.decode(utf16), utf16
    if b"\x00" in data[:4096]:
        raise BadInput(f"{name}: binary data, not text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    scored: list[tuple[float, str, str]] = []
    for enc in LEGACY_CANDIDATES:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        scored.append((_plausibility(text), enc, text))
    if not scored:
        raise BadInput(f"{name}: unknown text encoding (not UTF-8/16, GB18030, Big5 or cp1252); try --encoding")
    scored.sort(reverse=True)
    best_score, best_enc, best_text = scored[0]
    if best_score < 0.5:
        raise BadInput(f"{name}: cannot tell the text encoding (best guess {best_enc}); use --encoding")
    if len(scored) > 1:
        second_score, second_enc, second_text = scored[1]
        if second_text != best_text and best_score - second_score < 0.15:
            raise BadInput(f"{name}: ambiguous text encoding ({best_enc} or {second_enc}); use --encoding")
    return best_text, best_enc


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM shows as NUL in every other byte for ASCII-heavy text."""
    sample = data[:4000]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even_nul = sample[0::2].count(0) / (len(sample) / 2)
    odd_nul = sample[1::2].count(0) / (len(sample) / 2)
    for enc, ok in (("utf-16-le", odd_nul > 0.3 and even_nul < 0.05), ("utf-16-be", even_nul > 0.3 and odd_nul < 0.05)):
        if ok:
            try:
                data.decode(enc)
                return enc
            except UnicodeDecodeError:
                return None
    return None


@lru_cache(maxsize=1)
def _common_hanzi() -> frozenset[str]:
    """Characters of the 20,000 most frequent words of jieba's dictionary, in both scripts."""
    import jieba
    import opencc

    path = Path(jieba.__file__).parent / "dict.txt"
    rows = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 2 and parts[1].isdigit():
                rows.append((int(parts[1]), parts[0]))
    rows.sort(reverse=True)
    simplified = "".join(w for _, w in rows[:20000])
    traditional = opencc.OpenCC("s2t").convert(simplified)
    return frozenset(simplified) | frozenset(traditional)


def _plausibility(text: str) -> float:
    """Share of the text's letters that look like real language in this decoding (0..1)."""
    common = _common_hanzi()
    good = bad = 0.0
    for i, ch in enumerate(text):
        o = ord(ch)
        if o < 128:
            if ch.isalnum():
                good += 0.2  # ASCII letters decode the same in every candidate: weak evidence
            continue
        if "\u4e00" <= ch <= "\u9fff":
            if ch in common:
                good += 1
            else:
                bad += 1
            continue
        cat = unicodedata.category(ch)
        if ch in "“”‘’—–…·、，。！？：；（）《》「」『』【】％":
            good += 1
        elif cat.startswith("L") and o < 0x250:
            # Latin-1 letters are plausible inside Latin words (café, naïve), not in runs of their own
            # (ÄãºÃ is what GBK bytes look like through cp1252).
            near = text[max(0, i - 1) : i] + text[i + 1 : i + 2]
            if any(c.isascii() and c.isalpha() for c in near):
                good += 0.5
            else:
                bad += 1
        elif cat in ("Co", "Cn", "Cc") or "\ue000" <= ch <= "\uf8ff":
            bad += 2
        else:
            bad += 1
    total = good + bad
    return good / total if total else 0.0


def _score(path: str, data: bytes) -> float:
    ext = Path(path).suffix.lower()
    if data.startswith((b"%PDF-", b"PK\x03\x04")):
        return 0.0
    head = data[:2048].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return 0.1
    if ext in TEXT_EXTENSIONS:
        return 0.8
    return 0.2 if ext not in {".pdf", ".docx", ".html", ".htm", ".doc", ".zip"} else 0.0


@register(_score)
def read_text(path: str, data: bytes, encoding: str | None = None) -> Source:
    text, used = decode(data, encoding, Path(path).name)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    markdown = Path(path).suffix.lower() in {".md", ".markdown"}
    blocks = lines_to_blocks(text.split("\n"), markdown=markdown)
    if not blocks:
        raise BadInput(f"{Path(path).name}: no text")
    return Source(path=path, format="md" if markdown else "txt", blocks=blocks, encoding=used)
