"""Stable finding ids and editors' reviews (SPEC "Reviewing findings").

A finding's id hashes what makes it the same finding: the document, the unit, the kind, the detail
and the unit's two texts. So it stays the same across re-checks while the unit's text is unchanged,
and a review stored under it no longer applies (the finding returns) once the text changes. Two
identical findings in one unit are told apart by their order.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from typing import Any, Protocol

from ..errors import BadInput, NotFound
from ..model import Document, Finding

__all__ = ["finding_id", "with_ids", "with_reviews", "summary", "unreviewed", "find_finding", "FindingSource"]

Texts = dict[str, tuple[str | None, str | None]]  # unit id -> (zh, en)


def finding_id(doc_id: str | None, unit_id: str, kind: str, detail: str, zh: str | None, en: str | None, n: int = 0) -> str:
    """`DOCID-hash` for a document's finding, a bare hash for pairs checked without a document."""
    key = "\x1f".join([unit_id, kind, detail, zh or "", en or "", str(n)])
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]
    return f"{doc_id}-{digest}" if doc_id else digest


def with_ids(findings: list[Finding], texts: Texts, doc_id: str | None = None) -> list[Finding]:
    """The findings with their ids; `texts` gives each unit's current text."""
    seen: dict[tuple[str, str, str], int] = {}
    out = []
    for f in findings:
        k = (f.unit_id, f.kind, f.detail)
        n = seen.get(k, 0)
        seen[k] = n + 1
        zh, en = texts.get(f.unit_id, (None, None))
        out.append(replace(f, id=finding_id(doc_id, f.unit_id, f.kind, f.detail, zh, en, n)))
    return out


def with_reviews(findings: list[Finding], reviews: dict[str, dict[str, Any]]) -> list[Finding]:
    """Each finding with the review stored under its id (or None)."""
    return [replace(f, review=reviews.get(f.id or "")) for f in findings]


def unreviewed(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.review is None]


def summary(findings: list[Finding]) -> dict[str, int]:
    """Counts of the unreviewed findings by severity, and how many are reviewed."""
    open_ = unreviewed(findings)
    errors = sum(1 for f in open_ if f.severity == "error")
    return {"errors": errors, "warnings": len(open_) - errors, "reviewed": len(findings) - len(open_)}


class FindingSource(Protocol):
    """What `find_finding` needs of a library."""

    def get_document(self, ref: str) -> Document: ...

    def findings(self, ref: str) -> list[Finding]: ...


def find_finding(lib: FindingSource, fid: str) -> tuple[Document, Finding]:
    """The document and finding an id names: among the stored findings and a fresh check of the document
    (the two agree unless the checks changed since the document was stored). NotFound otherwise."""
    from . import check_document

    doc_id, sep, _ = fid.strip().rpartition("-")
    if not sep or not doc_id:
        raise BadInput(f"{fid!r} is not a finding id of a library document (DOCID-HASH, as `check ID --json` shows)")
    doc = lib.get_document(doc_id)
    for f in lib.findings(doc.id) + check_document(doc):
        if f.id == fid.strip():
            return doc, f
    raise NotFound(f"no finding {fid} in document {doc.id} (its unit's text may have changed: check it again)")
