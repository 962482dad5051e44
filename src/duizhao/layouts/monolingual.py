"""A document in one language only (Chinese or English): valid, ingested as one-sided units.

A header (作者/Author …) is read the same way as in the digest."""
from __future__ import annotations

from ..model import Document
from ..read import Block, Source
from . import language_profile, register, to_segments, units_from_pairs
from .digest import apply_header, read_header
from .meta import is_section_label
from .text import lang_of, looks_like_heading


def score(blocks: list[Block]) -> float:
    zh, en, _ = language_profile(blocks)
    total = zh + en
    if not total:
        return 0.05  # Russian or other text: still readable as one-sided units
    return 0.6 if max(zh, en) >= 0.9 * total else 0.1


def parse(source: Source, blocks: list[Block]) -> Document:
    fields, _, end = read_header(blocks)
    doc = Document(path=source.path)
    apply_header(doc, fields)
    body = [b for b in blocks[max(end, 0):] if not is_section_label(b.text)]
    if body and not any(doc.title.values()):
        lang = lang_of(body[0].text)
        if lang in ("zh", "en") and looks_like_heading(body[0].text, lang) and len(body) > 1:
            doc.title[lang] = body[0].text
            body = body[1:]
    segs = to_segments(body, max(end, 0))
    doc.units = units_from_pairs([(s, None) if s.lang == "zh" else (None, s) for s in segs])
    return doc


register("monolingual", score, parse)
