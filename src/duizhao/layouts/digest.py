"""The digest (seeds 000, 001, 003): a bilingual header (作者/Author(s), 網站來源/Source, 日期/Date,
關鍵字/Keywords), then the Chinese 摘要 and the English Summary in either order. Also the fallback
for any two-block bilingual text without a header."""
from __future__ import annotations

from ..model import Document
from ..read import Block, Source
from . import language_profile, pair_blocks, register, units_from_pairs
from .meta import canonical_outlet, header_field, is_section_label, normalize_date, split_keywords, split_names
from .text import count_han, lang_of

JUNK_TAIL_WORDS = {"and", "or", "the", "of", "to", "in", "a", "an", "for", "with", "then", "but"}


def read_header(blocks: list[Block]) -> tuple[dict[str, str], int, int]:
    """Header fields, the index of the first header line and the index after the last one.

    Only the first lines are looked at, so "Date: …" inside a body is never taken as metadata.
    """
    fields: dict[str, str] = {}
    first = last = -1
    for i, b in enumerate(blocks[:20]):
        found = header_field(b.text)
        if found:
            key, value = found
            fields.setdefault(key, value)
            if first < 0:
                first = i
            last = i
        elif first >= 0 and i - last > 2:
            break
    return fields, first, last + 1


def plausible_title(text: str) -> bool:
    """A line before the header is the title only if it reads like one ("Then and" does not)."""
    lang = lang_of(text)
    if lang == "zh":
        return count_han(text) >= 6
    words = text.split()
    return len(words) >= 4 and words[-1].lower().strip(",.:;") not in JUNK_TAIL_WORDS


def apply_header(doc: Document, fields: dict[str, str]) -> None:
    if fields.get("authors"):
        doc.authors = split_names(fields["authors"])
    if fields.get("source"):
        doc.source = canonical_outlet(fields["source"])
    if fields.get("published"):
        doc.published = normalize_date(fields["published"])
    if fields.get("keywords"):
        doc.keywords = split_keywords(fields["keywords"])
    if fields.get("translators"):
        doc.translators = split_names(fields["translators"])
    if fields.get("url"):
        doc.url = fields["url"]
    if fields.get("title"):
        doc.title[lang_of(fields["title"]) if lang_of(fields["title"]) in ("zh", "en") else "en"] = fields["title"]


def score(blocks: list[Block]) -> float:
    fields, _, end = read_header(blocks)
    zh, en, switches = language_profile(blocks[max(end, 0):])
    if len(fields) >= 2:
        # A header over one language only is a monolingual document with a header.
        return 1.0 if zh and en else 0.5
    # Two language blocks one after the other, no header: still this layout's way of pairing.
    return 0.4 if zh and en and switches <= 4 else 0.0


def parse(source: Source, blocks: list[Block]) -> Document:
    fields, first, end = read_header(blocks)
    doc = Document(path=source.path)
    if first > 0:
        candidates = [b.text for b in blocks[:first] if plausible_title(b.text)]
        if candidates and not fields.get("title"):
            doc.title[lang_of(candidates[0]) if lang_of(candidates[0]) == "zh" else "en"] = candidates[0]
    apply_header(doc, fields)
    body = [b for b in blocks[max(end, 0):] if not is_section_label(b.text)]
    doc.units = units_from_pairs(pair_blocks(body, start=max(end, 0)))
    return doc


register("digest", score, parse)
