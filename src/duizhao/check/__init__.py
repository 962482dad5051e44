"""Translation QA: every number, date, name and omission in a Chinese–English pair.

`check_pairs([(unit_id, zh, en), …], doc_date=None)` runs every check on plain pairs;
`check_document(doc)` does the same for a Document's bilingual units (plus sentence-level omissions
from the aligner's `Unit.sentences`). Findings follow SPEC.md: kind (number, date, entity, missing,
untranslated, length, term), severity (error = the two sides disagree on a fact; warning = a human should
look), unit_id, zh, en (for number/date/entity: the surfaces involved; otherwise the unit's text),
and a one-line detail.
"""

from __future__ import annotations

import re

from ..model import Document, Finding
from .dates import check_dates
from .names import check_names, check_romanised
from .numbers import check_numbers
from .omissions import check_length, check_sides, check_untranslated, length_norm
from .review import with_ids
from .terms import Termset, check_terms, library_termset, termset

__all__ = ["check_pairs", "check_document", "check_pair", "termset", "Termset", "library_termset", "term_findings"]

Pair = tuple[str, "str | None", "str | None"]


def _year(doc_date: str | None) -> int | None:
    m = re.match(r"(\d{4})", doc_date or "")
    return int(m.group(1)) if m else None


def check_pair(unit_id: str, zh: str, en: str, year_hint: int | None = None) -> list[Finding]:
    """The fact checks of one bilingual pair (no document context)."""
    spelled = check_romanised(unit_id, zh, en)
    named = [f for f in check_names(unit_id, zh, en) if not any(f.zh and f.zh == x.zh for x in spelled)]
    return (
        check_numbers(unit_id, zh, en)
        + check_dates(unit_id, zh, en, year_hint)
        + named
        + spelled
        + check_untranslated(unit_id, zh, en)
    )


def check_pairs(
    pairs: list[tuple[str, str | None, str | None]], doc_date: str | None = None, doc_id: str | None = None,
    terms: Termset | None = None,
) -> list[Finding]:
    """Every finding for the pairs, in pair order, each with its stable id (review.py). `doc_date` (ISO)
    gives yearless dates a year; `terms` (check.termset of the library's confirmed terms) adds `term`
    warnings."""
    year = _year(doc_date)
    both = [(u, zh, en) for u, zh, en in pairs if zh and zh.strip() and en and en.strip()]
    norm = length_norm(both)
    out: list[Finding] = []
    for uid, zh, en in pairs:
        if not (zh or "").strip() or not (en or "").strip():
            out.extend(check_sides(uid, zh, en))
            continue
        assert zh is not None and en is not None
        out.extend(check_pair(uid, zh, en, year))
        if terms is not None:
            out.extend(check_terms(uid, zh, en, terms))
        out.extend(check_length(uid, zh, en, norm))
    return with_ids(out, {u: (zh, en) for u, zh, en in pairs}, doc_id)


def term_findings(doc: Document, terms: Termset) -> list[Finding]:
    """The `term` warnings of a document's bilingual units against `terms`, for findings stored without them
    (ingest checks in workers that have no library). Ids are those check_document(doc, terms) gives: a
    finding's id depends only on its unit, kind, detail and the unit's text."""
    out: list[Finding] = []
    for u in doc.units:
        if u.bilingual and u.zh and u.en and u.zh.strip() and u.en.strip():
            out.extend(check_terms(u.id, u.zh, u.en, terms))
    return with_ids(out, {u.id: (u.zh, u.en) for u in doc.units}, doc.id or None)


# How much shorter (as a factor of the document's norm) a unit's other side must be before an unaligned
# sentence in it is reported as missing.
SENTENCE_GAP = 1.4

# Unit kinds that normally exist in one language only (an English-only heading is a layout choice).
_ONE_SIDED_OK = {"title", "heading", "footnote"}


def check_document(doc: Document, terms: Termset | None = None) -> list[Finding]:
    """Findings for a document: pairs checked as above; a one-sided unit is "missing" only where the
    document is otherwise bilingual and the unit is body text; unaligned sentences inside a unit too."""
    bilingual = sum(1 for u in doc.units if u.bilingual)
    pairs: list[tuple[str, str | None, str | None]] = []
    for u in doc.units:
        if u.bilingual:
            pairs.append((u.id, u.zh, u.en))
        elif bilingual >= 2 and u.kind not in _ONE_SIDED_OK and ((u.zh or "").strip() or (u.en or "").strip()):
            pairs.append((u.id, u.zh, u.en))
    out = check_pairs(pairs, doc.published, terms=terms)
    norm = length_norm([(u.id, u.zh or "", u.en or "") for u in doc.units if u.bilingual])
    for u in doc.units:
        if not u.bilingual or len(u.sentences) < 2 or norm is None:
            continue
        # An unaligned sentence alone is often the aligner's choice (a merge or split); it is worth a
        # translator's time only when the unit as a whole is also short on the other side.
        ratio = len(u.en or "") / max(1, len(u.zh or ""))
        for s in u.sentences:
            if s.zh.strip() and not s.en.strip() and len(s.zh.strip()) >= 8 and ratio < norm / SENTENCE_GAP:
                out.append(
                    Finding("missing", "warning", u.id, s.zh, None, f"sentence with no English: “{s.zh.strip()[:40]}”")
                )
            elif s.en.strip() and not s.zh.strip() and len(s.en.strip()) >= 20 and ratio > norm * SENTENCE_GAP:
                out.append(
                    Finding("missing", "warning", u.id, None, s.en, f"sentence with no Chinese: “{s.en.strip()[:40]}”")
                )
    order = {u.id: i for i, u in enumerate(doc.units)}
    out.sort(key=lambda f: order.get(f.unit_id, 0))
    return with_ids(out, {u.id: (u.zh, u.en) for u in doc.units}, doc.id or None)
