"""The bilingual list (seed 004): "中文标题|媒体" on the first line, N Chinese bullets, then N English
bullets."""
from __future__ import annotations

import re

from ..model import Document
from ..read import Block, Source
from . import language_profile, pair_blocks, register, units_from_pairs
from .meta import canonical_outlet
from .text import lang_of

TITLE_OUTLET_RE = re.compile(r"^(?P<title>.+?)\s*[|｜]\s*(?P<outlet>[^|｜]{1,40})$")


def score(blocks: list[Block]) -> float:
    if not blocks or not TITLE_OUTLET_RE.match(blocks[0].text):
        return 0.0
    rest = blocks[1:]
    bullets = sum(1 for b in rest if b.kind in ("bullet", "item"))
    zh, en, switches = language_profile(rest)
    if rest and bullets >= 0.6 * len(rest) and zh and en and switches <= 4:
        return 0.95
    return 0.3 if rest and bullets >= 0.6 * len(rest) else 0.0


def parse(source: Source, blocks: list[Block]) -> Document:
    doc = Document(path=source.path)
    m = TITLE_OUTLET_RE.match(blocks[0].text)
    if m:
        lang = lang_of(m["title"])
        doc.title["zh" if lang == "zh" else "en"] = m["title"].strip()
        doc.source = canonical_outlet(m["outlet"])
    doc.units = units_from_pairs(pair_blocks(blocks[1:], start=1))
    return doc


register("bilist", score, parse)
