"""The termbase's record: plain dataclasses (SPEC "Terms")."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ORIGINS = ("glossary", "library", "editor")
STATUSES = ("confirmed", "candidate", "rejected")


@dataclass(frozen=True)
class Example:
    """A sentence pair where the term occurs."""

    doc_id: str
    unit_id: str
    zh: str
    en: str

    def to_dict(self) -> dict[str, str]:
        return {"doc_id": self.doc_id, "unit_id": self.unit_id, "zh": self.zh, "en": self.en}


@dataclass
class Term:
    """One bilingual term pair. `zh` is the simplified form; `zh_variants` the other scripts and
    wordings met; `en_variants` the other English spellings (no-limits / no limits)."""

    zh: str
    en: str
    id: int = 0  # the library's id; 0 for a term not stored yet
    zh_variants: list[str] = field(default_factory=list)
    en_variants: list[str] = field(default_factory=list)
    origin: str = "library"
    status: str = "candidate"
    count: int = 0
    documents: list[str] = field(default_factory=list)
    example: Example | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "zh": self.zh,
            "zh_variants": list(self.zh_variants),
            "en": self.en,
            "en_variants": list(self.en_variants),
            "origin": self.origin,
            "status": self.status,
            "count": self.count,
            "documents": list(self.documents),
            "example": self.example.to_dict() if self.example else None,
        }
