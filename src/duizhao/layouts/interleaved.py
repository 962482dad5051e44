"""The translated article page (seed 002): title pair, an English-only abstract, then English and
Chinese paragraphs alternating; the publisher's "Cite This Page" line carries authors, outlets and
the original date."""
from __future__ import annotations

import re

from ..model import Document
from ..read import Block, Source
from . import language_profile, pair_blocks, register, units_from_pairs
from .meta import header_field, parse_citation
from .text import lang_of, looks_like_heading, squash

CITE_LABEL_RE = re.compile(r"^\s*(?:cite this (?:page|article)|how to cite|引用本文|引用格式)\s*[:：]?\s*$", re.I)
CITE_LINE_RE = re.compile(r"^.{2,200}?\.\s+[\"“].+[\"”]\.?\s+.+\d{4}\.?$")


def score(blocks: list[Block]) -> float:
    zh, en, switches = language_profile(blocks)
    if zh >= 2 and en >= 2 and switches >= 0.5 * (zh + en - 1):
        return 0.9
    return 0.0


def _take_citation(blocks: list[Block]) -> tuple[list[Block], dict]:
    """Remove the "Cite This Page" label and the citation after it; return the parsed citation."""
    out: list[Block] = []
    meta: dict = {}
    skip_next = False
    for i, b in enumerate(blocks):
        if skip_next:
            skip_next = False
            continue
        if CITE_LABEL_RE.match(b.text):
            if i + 1 < len(blocks):
                meta = parse_citation(blocks[i + 1].text) or meta
                skip_next = bool(meta)
            continue
        if not meta and i > len(blocks) - 4 and CITE_LINE_RE.match(b.text):  # the cheap test first
            parsed = parse_citation(b.text)
            if parsed.get("source"):
                meta = parsed
                continue
        out.append(b)
    return out, meta


def parse(source: Source, blocks: list[Block]) -> Document:
    blocks, cite = _take_citation(blocks)
    doc = Document(path=source.path)
    # Labelled titles at the top ("Title: …", "標題: …", as duizhao's own text export writes them)
    # are taken as they are, whatever their length or punctuation.
    while blocks and (found := header_field(blocks[0].text)) and found[0] == "title" and found[1]:
        lang = lang_of(found[1])
        doc.title["zh" if lang == "zh" else "en"] = found[1]
        blocks = blocks[1:]
    # Title: the heading-like lines at the top, one per language; repeats of them are page furniture.
    for b in blocks[:4]:
        lang = lang_of(b.text)
        if lang in ("zh", "en") and not doc.title.get(lang) and looks_like_heading(b.text, lang):
            doc.title[lang] = b.text
    titles = {squash(t) for t in doc.title.values() if t}
    body_start = 0
    while body_start < len(blocks) and squash(blocks[body_start].text) in titles:
        body_start += 1
    body = [b for b in blocks[body_start:] if squash(b.text) not in titles]
    pairs = pair_blocks(body, interleaved=True, start=body_start)
    # Unpaired paragraphs before the first pair are the page's abstract, not units.
    abstract: dict[str, list[str]] = {"zh": [], "en": []}
    first_pair = next((i for i, (z, e) in enumerate(pairs) if z and e), len(pairs))
    kept = []
    for i, (z, e) in enumerate(pairs):
        seg = z or e
        if i < first_pair and seg is not None and seg.kind == "paragraph":
            abstract[seg.lang].append(seg.text)
        else:
            kept.append((z, e))
    doc.abstract = {k: "\n\n".join(v) if v else None for k, v in abstract.items()}
    doc.units = units_from_pairs(kept)
    if cite:
        doc.authors = cite.get("authors") or []
        doc.authors_zh = cite.get("authors_zh") or []
        doc.source = cite.get("source")
        doc.original_source = cite.get("original_source")
        doc.published = cite.get("published")
        doc.original_published = cite.get("original_published")
        for lang in ("zh", "en"):
            if not doc.title.get(lang) and (cite.get("title") or {}).get(lang):
                doc.title[lang] = cite["title"][lang]
    if doc.source:
        from .meta import canonical_outlet

        doc.source = canonical_outlet(doc.source)
    return doc


register("interleaved", score, parse)
