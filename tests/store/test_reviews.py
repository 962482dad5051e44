"""Editors' reviews of findings, on both backends: stored with who and when, kept while the unit's text
is unchanged, lapsed when it changes, excluded from the "needs attention" list, carried by copy."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from duizhao.check import check_document
from duizhao.check.review import find_finding
from duizhao.errors import BadInput, NotFound
from duizhao.model import Document, Unit
from duizhao.store import open_library
from duizhao.store.copy import copy_library


def _doc() -> Document:
    units = [
        Unit(id="u1", kind="paragraph", zh="仓库租金在两年内上涨了30%。", en="Rents rose by 20% within two years."),
        Unit(id="u2", kind="paragraph", zh="会议于2024年7月3日举行。", en="The meeting was held on July 4, 2024."),
    ]
    return Document(id="d0c0ffee00000001", path="rev.txt", title={"zh": "测试", "en": "Review test"}, units=units)


def _stored(lib: Any) -> Document:
    doc = _doc()
    lib.add_document(doc, check_document(doc))
    return doc


def test_review_is_stored_shown_and_withdrawn(library: Any) -> None:
    doc = _stored(library)
    fs = library.findings(doc.id)
    assert [f.kind for f in fs] == ["number", "date"] and all(f.id and f.review is None for f in fs)
    assert [f.id for f in fs] == [f.id for f in check_document(doc)]  # stored and fresh agree
    got = library.review_finding(doc.id, fs[0], "  the source is wrong  ", "edith")
    assert got["status"] == "accepted" and got["note"] == "the source is wrong" and got["by"] == "edith"
    again = library.findings(doc.id)
    assert again[0].review == got and again[1].review is None
    assert library.attention() == [{"id": doc.id, "title": "Review test", "errors": 1}]
    library.review_finding(doc.id, fs[1], "", "edith")
    assert library.attention() == []
    assert library.unreview_finding(doc.id, fs[1].id, "edith") is True
    assert library.unreview_finding(doc.id, fs[1].id, "edith") is False
    assert library.attention()[0]["errors"] == 1


def test_review_lapses_when_the_unit_text_changes(library: Any) -> None:
    doc = _stored(library)
    f = library.findings(doc.id)[0]
    library.review_finding(doc.id, f, "ok", "edith")
    # the English changes but still disagrees: a new finding, unreviewed
    library.edit_unit(doc.id, "u1", "en", "Rents rose by 25% within two years.", "edith", 1,
                      reanalyse=lambda u: ([], [x for x in check_document(_with(doc, u)) if x.unit_id == u.id]))
    after = [x for x in library.findings(doc.id) if x.unit_id == "u1"]
    assert after and after[0].id != f.id and after[0].review is None
    assert len(library.reviews(doc.id)) == 1  # the note is kept, it simply no longer applies


def _with(doc: Document, unit: Unit) -> Document:
    return Document(id=doc.id, units=[unit if u.id == unit.id else u for u in doc.units])


def test_find_finding(library: Any) -> None:
    doc = _stored(library)
    f = library.findings(doc.id)[1]
    got_doc, got = find_finding(library, f.id)
    assert got_doc.id == doc.id and got == f
    with pytest.raises(NotFound):
        find_finding(library, doc.id + "-000000000000")
    with pytest.raises(BadInput):
        find_finding(library, "nohyphen")


def test_copy_carries_reviews(library: Any, tmp_path: Path) -> None:
    doc = _stored(library)
    f = library.findings(doc.id)[0]
    review = library.review_finding(doc.id, f, "kept", "edith")
    target = open_library(tmp_path / "copy.db")
    try:
        counts = copy_library(library, target)
        assert counts["finding_reviews"] == 1 and counts["finding_review_log"] == 1
        assert target.findings(doc.id)[0].review == review
        assert target.review_log(doc.id) == library.review_log(doc.id)
    finally:
        target.close()


def test_review_survives_a_recheck_and_an_edit_elsewhere(library: Any) -> None:
    doc = _stored(library)
    f = library.findings(doc.id)[0]  # u1
    library.review_finding(doc.id, f, "ok", "edith")
    library.edit_unit(doc.id, "u2", "en", "The meeting was held on July 5, 2024.", "edith", 1,
                      reanalyse=lambda u: ([], [x for x in check_document(_with(doc, u)) if x.unit_id == u.id]))
    kept = library.findings(doc.id)[0]
    assert kept.id == f.id and kept.review is not None and kept.review["note"] == "ok"
    fresh = [x for x in check_document(library.get_document(doc.id)) if x.unit_id == "u1"]
    assert fresh[0].id == f.id  # a re-check of the document finds the same finding, so the review holds


def test_a_second_review_and_a_withdrawal_lose_no_editor_note(library: Any) -> None:
    doc = _stored(library)
    f = library.findings(doc.id)[0]
    library.review_finding(doc.id, f, "checked against the PDF", "edith")
    second = library.review_finding(doc.id, f, "the source says 20%", "frank")
    review = library.findings(doc.id)[0].review
    assert review["note"] == second["note"] and review["by"] == "frank"
    assert [(e["note"], e["by"]) for e in review["earlier"]] == [("checked against the PDF", "edith")]
    assert library.unreview_finding(doc.id, f.id, "gina") is True
    assert library.findings(doc.id)[0].review is None
    log = library.review_log(doc.id)[f.id]
    assert [(e["action"], e["note"], e["by"]) for e in log] == [
        ("accepted", "checked against the PDF", "edith"),
        ("accepted", "the source says 20%", "frank"),
        ("withdrawn", "", "gina"),
    ]
    library.empty_trash("edith")  # nothing trashed: the log stays
    assert len(library.review_log(doc.id)[f.id]) == 3


def test_reviews_written_before_the_log_enter_it_when_the_library_migrates(tmp_path: Path) -> None:
    url = tmp_path / "old.db"
    lib = open_library(url)
    doc = _stored(lib)
    f = lib.findings(doc.id)[0]
    lib.review_finding(doc.id, f, "written before the log", "edith")
    with lib.transaction() as cur:  # the library as it was before 0020_finding_review_log
        cur.execute("DROP TABLE finding_review_log")
        cur.execute("DELETE FROM migrations WHERE name = '0020_finding_review_log'")
    lib.close()
    lib = open_library(url)
    try:
        assert [(e["action"], e["note"], e["by"]) for e in lib.review_log(doc.id)[f.id]] == [("accepted", "written before the log", "edith")]
        assert "earlier" not in lib.findings(doc.id)[0].review
    finally:
        lib.close()
