"""The record every part of duizhao shares: plain dataclasses, no behaviour beyond (de)serialising.

A `Document` is what one file becomes: metadata plus `units` in reading order. A `Unit` is one
Chinese segment and its English counterpart (either side may be missing). Everything later in the
pipeline (sentences, findings, mentions) hangs off unit ids.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

UNIT_KINDS = ("title", "heading", "paragraph", "bullet", "item", "footnote")
SEVERITIES = ("error", "warning")


@dataclass
class Sentence:
    """One aligned sentence pair inside a unit; either side may be empty."""

    zh: str = ""
    en: str = ""
    # how likely the aligner thinks this pairing is right (0..1); None when not aligned by it
    # (a unit with one sentence on a side, an editor's correction, records stored before it existed)
    confidence: float | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"zh": self.zh, "en": self.en}
        if self.confidence is not None:
            d["confidence"] = self.confidence
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Sentence:
        c = d.get("confidence")
        return cls(d.get("zh") or "", d.get("en") or "", float(c) if isinstance(c, int | float) else None)


@dataclass
class Unit:
    id: str
    kind: str
    zh: str | None = None
    en: str | None = None
    section: str | None = None
    level: int = 0  # nesting: an item under a bullet is level 1
    sentences: list[Sentence] = field(default_factory=list)

    @property
    def bilingual(self) -> bool:
        return bool(self.zh and self.zh.strip()) and bool(self.en and self.en.strip())

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "section": self.section,
            "zh": self.zh,
            "en": self.en,
            "level": self.level,
            "sentences": [s.to_dict() for s in self.sentences],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Unit:
        return cls(
            id=d["id"],
            kind=d["kind"],
            zh=d.get("zh"),
            en=d.get("en"),
            section=d.get("section"),
            level=d.get("level") or 0,
            sentences=[Sentence.from_dict(s) for s in d.get("sentences") or []],
        )


@dataclass
class Document:
    id: str = ""
    path: str = ""
    title: dict[str, str | None] = field(default_factory=lambda: {"zh": None, "en": None})
    authors: list[str] = field(default_factory=list)
    authors_zh: list[str] = field(default_factory=list)
    source: str | None = None
    original_source: str | None = None
    published: str | None = None
    keywords: list[str] = field(default_factory=list)
    script: str | None = None
    abstract: dict[str, str | None] = field(default_factory=lambda: {"zh": None, "en": None})
    units: list[Unit] = field(default_factory=list)
    # Provenance, beyond the SPEC's fields: how the file was read.
    layout: str | None = None
    encoding: str | None = None
    format: str | None = None
    original_published: str | None = None
    translators: list[str] = field(default_factory=list)
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["units"] = [u.to_dict() for u in self.units]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Document:
        known = {f for f in cls.__dataclass_fields__}
        kwargs = {k: v for k, v in d.items() if k in known and k != "units"}
        doc = cls(**kwargs)
        doc.units = [Unit.from_dict(u) for u in d.get("units") or []]
        return doc

    def unit(self, unit_id: str) -> Unit | None:
        return next((u for u in self.units if u.id == unit_id), None)


@dataclass(frozen=True)
class Finding:
    """One thing a translation check noticed in a unit."""

    kind: str  # number, date, entity, missing, untranslated, length, ...
    severity: str  # error | warning
    unit_id: str
    zh: str | None
    en: str | None
    detail: str
    # Stable while the unit's text and the finding stay the same (check/review.py); None until assigned.
    id: str | None = None
    # An editor's review: None, or {"status": "accepted", "note", "by", "at"} (SPEC "Reviewing findings").
    review: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Mention:
    """A name found in a unit: which glossary entry, where, on which side."""

    entity_id: str
    surface: str
    unit_id: str
    side: str  # zh | en
    start: int
    end: int
    sentence: int | None = None
