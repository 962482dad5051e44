"""Finding ids: stable while the unit's text and the finding stay the same, new when either changes."""

from __future__ import annotations

from duizhao.check import check_document, check_pairs
from duizhao.check.review import finding_id, summary, with_reviews
from duizhao.model import Document, Unit

PAIRS = [("u1", "仓库租金上涨了30%。", "Rents rose by 20%."), ("u2", "会议于7月3日举行。", "It met on July 4.")]


def test_ids_are_stable_across_checks_and_distinct() -> None:
    a, b = check_pairs(PAIRS), check_pairs(list(PAIRS))
    assert [f.id for f in a] == [f.id for f in b] and all(f.id for f in a)
    assert len({f.id for f in a}) == len(a) == 2


def test_id_changes_with_the_unit_text_only() -> None:
    before = {f.unit_id: f.id for f in check_pairs(PAIRS)}
    edited = [PAIRS[0], ("u2", "会议于7月3日举行。", "The meeting was on July 4.")]
    after = {f.unit_id: f.id for f in check_pairs(edited)}
    assert after["u1"] == before["u1"] and after["u2"] != before["u2"]


def test_document_ids_carry_the_document() -> None:
    doc = Document(id="abc123", units=[Unit(id=u, kind="paragraph", zh=z, en=e) for u, z, e in PAIRS])
    fs = check_document(doc)
    assert fs and all(f.id and f.id.startswith("abc123-") for f in fs)


def test_identical_findings_in_one_unit_get_their_own_ids() -> None:
    a = finding_id("d", "u1", "number", "zh 3 has no counterpart", "x", "y", 0)
    b = finding_id("d", "u1", "number", "zh 3 has no counterpart", "x", "y", 1)
    assert a != b


def test_summary_counts_only_unreviewed() -> None:
    fs = check_pairs(PAIRS)
    assert summary(fs) == {"errors": 2, "warnings": 0, "reviewed": 0}
    review = {"status": "accepted", "note": "", "by": "ann", "at": "2026-01-01T00:00:00Z"}
    reviewed = with_reviews(fs, {fs[0].id or "": review})
    assert reviewed[0].review == review and reviewed[1].review is None
    assert summary(reviewed) == {"errors": 1, "warnings": 0, "reviewed": 1}
