"""Layouts: text blocks → Document. Chosen by scoring the text, never by the file name.

Each layout module registers `score(blocks) -> float` and `parse(source, blocks) -> Document`;
the best score wins (like parsers in paperless-ngx). Shared steps (chrome removal, metadata,
turning blocks into per-language segments, building units from pairs) live here.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

from ..errors import BadInput
from ..model import Document, Unit
from ..read import Block, Source
from .pairing import Seg, pair_segments
from .text import is_chrome, lang_of, looks_like_heading


@dataclass
class Layout:
    name: str
    score: Callable[[list[Block]], float]
    parse: Callable[[Source, list[Block]], Document]


LAYOUTS: list[Layout] = []


def register(name: str, score: Callable[[list[Block]], float], parse: Callable[[Source, list[Block]], Document]) -> None:
    LAYOUTS.append(Layout(name, score, parse))


def content_blocks(blocks: list[Block]) -> list[Block]:
    """The blocks that carry text: site chrome dropped."""
    return [b for b in blocks if b.text.strip() and not is_chrome(b.text)]


def choose(blocks: list[Block]) -> Layout:
    _load()
    scored = [(layout.score(blocks), -i, layout) for i, layout in enumerate(LAYOUTS)]
    scored.sort(key=lambda t: (t[0], t[1]), reverse=True)
    return scored[0][2]


def parse_source(source: Source) -> Document:
    """A read file → a Document with units, metadata, script and a content-derived id."""
    blocks = content_blocks(source.blocks)
    if not blocks:
        raise BadInput(f"{source.path}: no text after removing page furniture")
    layout = choose(blocks)
    doc = layout.parse(source, blocks)
    doc.layout = layout.name
    doc.format = source.format
    doc.encoding = source.encoding
    if not any(u.zh or u.en for u in doc.units):
        raise BadInput(f"{source.path}: no text units found")
    doc.script = detect_document_script(doc)
    doc.id = document_id(doc)
    return doc


def detect_document_script(doc: Document) -> str | None:
    from ..lang.script import detect_script

    zh = " ".join(filter(None, [doc.title.get("zh"), *(u.zh for u in doc.units)]))
    return detect_script(zh) if zh.strip() else None


def document_id(doc: Document) -> str:
    """A stable id from the content (title and units), so the same text in another format or
    encoding is recognised as the same document."""
    payload = {
        "title": [doc.title.get("zh"), doc.title.get("en")],
        "units": [[u.kind, u.zh, u.en] for u in doc.units],
    }
    digest = hashlib.sha256(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()
    return digest[:16]


def to_segments(blocks: list[Block], start: int = 0) -> list[Seg]:
    """Blocks → segments with their language, kind (heading detection) and nesting level.

    A numbered line that reads as a heading and is not inside a list ("1. The Large-Scale…",
    "一、俄罗斯…") is a section heading; numbered lines under a bullet are items nested one level.
    """
    segs: list[Seg] = []
    prev_kind: dict[str, str | None] = {"zh": None, "en": None}
    bullet_level: dict[str, int | None] = {"zh": None, "en": None}
    last_lang = "en"
    for offset, b in enumerate(blocks):
        lang = lang_of(b.text)
        if lang not in ("zh", "en"):
            lang = last_lang  # a line of digits or another script stays with its neighbours
        last_lang = lang
        text = b.text
        kind = b.kind
        level = b.level
        in_list = prev_kind[lang] in ("bullet", "item")
        if kind == "item":
            marked = f"{b.marker}{'' if (b.marker or '').endswith('、') else ' '}{text}" if b.marker else text
            if not in_list and looks_like_heading(text, lang):
                kind, text = "heading", marked
            else:
                text = marked
                if bullet_level[lang] is not None:
                    level = max(level, (bullet_level[lang] or 0) + 1)
        elif kind == "bullet":
            bullet_level[lang] = level
        elif kind == "paragraph":
            if looks_like_heading(text, lang):
                kind = "heading"
            bullet_level[lang] = None
        elif kind == "heading":
            bullet_level[lang] = None
        elif kind == "table":
            kind = "paragraph"
        prev_kind[lang] = kind
        segs.append(Seg(text=text, lang=lang, kind=kind, pos=start + offset, level=level))
    return segs


def units_from_pairs(pairs: list[tuple[Seg | None, Seg | None]]) -> list[Unit]:
    units: list[Unit] = []
    section: str | None = None
    for zh, en in pairs:
        kinds = [s.kind for s in (zh, en) if s is not None]
        kind = kinds[0] if len(set(kinds)) == 1 else next((k for k in kinds if k != "paragraph"), kinds[0])
        uid = f"u{len(units) + 1}"
        level = max(s.level for s in (zh, en) if s is not None)
        unit = Unit(
            id=uid,
            kind=kind,
            zh=zh.text if zh else None,
            en=en.text if en else None,
            section=None if kind in ("heading", "title") else section,
            level=level,
        )
        if kind == "heading":
            section = uid
        units.append(unit)
    return units


def pair_units(zh_units: list[Unit], en_units: list[Unit]) -> list[Unit]:
    """Pair the units of a Chinese-only and an English-only document (two files of one text)."""
    zh = [Seg(u.zh or "", "zh", u.kind, i, u.level) for i, u in enumerate(zh_units) if u.zh]
    en = [Seg(u.en or "", "en", u.kind, i, u.level) for i, u in enumerate(en_units) if u.en]
    return units_from_pairs(pair_segments(zh, en))


def pair_blocks(blocks: list[Block], *, interleaved: bool = False, start: int = 0) -> list[tuple[Seg | None, Seg | None]]:
    segs = to_segments(blocks, start)
    zh = [s for s in segs if s.lang == "zh"]
    en = [s for s in segs if s.lang == "en"]
    return pair_segments(zh, en, interleaved=interleaved)


def language_profile(blocks: list[Block]) -> tuple[int, int, int]:
    """(Chinese blocks, English blocks, switches between consecutive bilingual blocks)."""
    langs = [lang_of(b.text) for b in blocks]
    langs = [x for x in langs if x in ("zh", "en")]
    switches = sum(1 for a, b in zip(langs, langs[1:], strict=False) if a != b)
    return langs.count("zh"), langs.count("en"), switches


def _load() -> None:
    if LAYOUTS:
        return
    from . import bilist, digest, interleaved, monolingual  # noqa: F401 - importing registers them
