"""The termbase through a real library (SQLite here; PostgreSQL when the `postgres` mark runs)."""
from __future__ import annotations

import pytest

from duizhao.errors import BadInput, NotFound
from duizhao.terms.library import add_term, edit_term, get_term, inconsistent, list_terms, set_status, term_history


def by_pair(lib, query=None, **kw):
    return {(t.zh, t.en): t for t in list_terms(lib, query, limit=None, **kw)}


def test_ingest_mines_terms_with_examples_and_documents(filled):
    terms = by_pair(filled, origin="library")
    t = terms[("特别军事行动", "special military operation")]
    assert t.status == "candidate" and t.count == 1 and t.documents == ["aaaa000000000001"]
    assert t.example is not None and t.example.unit_id == "u1" and "special military operation" in t.example.en
    assert ("天然气管线", "natural gas pipeline") in terms
    assert terms[("天然气管线", "natural gas pipeline")].documents == ["aaaa000000000001", "bbbb000000000002"]


def test_glossary_is_part_of_the_termbase(filled):
    terms = by_pair(filled, origin="glossary")
    putin = next(t for (zh, _), t in terms.items() if zh == "普京")
    assert putin.status == "confirmed" and putin.count == 1 and "普丁" in putin.zh_variants


def test_query_matches_either_side_in_any_script(filled):
    for q in ("特别军事行动", "特別軍事行動", "Special Military", "military operation"):
        assert ("特别军事行动", "special military operation") in by_pair(filled, q), q
    assert by_pair(filled, "no such thing at all") == {}
    assert by_pair(filled, "100%_") == {}  # LIKE wildcards are literal


def test_editor_add_confirm_reject_edit_kept_with_who_and_when(filled):
    t = add_term(filled, "金砖国家", "BRICS countries", editor="ed")
    assert (t.origin, t.status, t.count) == ("editor", "confirmed", 0)
    mined = by_pair(filled, origin="library")[("特别军事行动", "special military operation")]
    assert set_status(filled, mined.id, "confirmed", "ed").status == "confirmed"
    assert set_status(filled, str(mined.id), "rejected", "rev").status == "rejected"
    hist = term_history(filled, mined.id)
    assert [(h["action"], h["editor"]) for h in hist] == [("confirm", "ed"), ("reject", "rev")]
    assert all(h["at"] for h in hist)
    e = edit_term(filled, mined.id, "特别军事行动", "special military operation (SMO)", "ed")
    assert e.id == mined.id and e.count == 1 and e.status == "confirmed"
    assert term_history(filled, mined.id)[-1]["before"]["en"] == "special military operation"
    # adding a pair it already has confirms that term
    again = add_term(filled, "天然气管线", "natural gas pipeline", "ed")
    assert again.origin == "library" and again.status == "confirmed"


def test_bad_input_and_missing_terms(filled):
    with pytest.raises(BadInput):
        add_term(filled, "BRICS", "BRICS", "ed")
    with pytest.raises(BadInput):
        add_term(filled, "金砖", "金砖", "ed")
    with pytest.raises(BadInput):
        set_status(filled, "abc", "confirmed", "ed")
    with pytest.raises(NotFound):
        get_term(filled, 999999)
    with pytest.raises(BadInput):
        list_terms(filled, origin="nowhere")


def test_correction_remines_and_delete_keeps_editors_decisions(filled):
    t = by_pair(filled, origin="library")[("特别军事行动", "special military operation")]
    set_status(filled, t.id, "rejected", "ed")
    # a correction removes the term from doc A's sentence: the occurrence goes, the rejection stays
    version = filled.unit_versions("aaaa000000000001")["u3"]
    filled.edit_unit("aaaa000000000001", "u3", "en", "The pipeline opened.", "ed", version)
    pipeline = by_pair(filled, origin="library").get(("天然气管线", "natural gas pipeline"))
    assert pipeline is not None and pipeline.documents == ["bbbb000000000002"]
    assert get_term(filled, t.id).status == "rejected"


def test_candidate_ids_survive_a_correction_elsewhere_in_the_document(filled):
    """A listing's ids stay valid after an editor corrects another unit of the same document."""
    before = by_pair(filled, origin="library")
    assert before, "the fixtures mine candidates"
    version = filled.unit_versions("aaaa000000000001")["u2"]
    filled.edit_unit("aaaa000000000001", "u2", "en", "Putin went to Beijing.", "ed", version)
    after = by_pair(filled, origin="library")
    kept = {pair: t.id for pair, t in before.items() if pair in after}
    assert kept and all(after[pair].id == tid for pair, tid in kept.items())
    # and the candidate a listing showed can still be confirmed by its id
    pair, tid = next(iter(kept.items()))
    assert set_status(filled, tid, "confirmed", "ed") is not None
    assert get_term(filled, tid).status == "confirmed"


def test_inconsistent_lists_one_chinese_term_translated_two_ways(library, doc_a):
    from tests.terms.conftest import make_doc

    library.add_document(doc_a)
    library.add_document(make_doc("cccc000000000003", [("两国加强国防合作。", "The two countries strengthen cooperation for defense.")]))
    library.add_document(make_doc("dddd000000000004", [("国防合作很重要。", "Defense cooperation is important.")]))
    groups = {g["zh"]: g for g in inconsistent(library)}
    assert set(groups) == {"国防合作"}
    assert {t["en"] for t in groups["国防合作"]["translations"]} == {"cooperation for defense", "Defense cooperation"}


def test_copy_carries_editors_decisions(filled, tmp_path):
    from duizhao.store import open_library
    from duizhao.store.copy import copy_library

    mined = by_pair(filled, origin="library")
    smo = mined[("特别军事行动", "special military operation")]
    pipe = mined[("天然气管线", "natural gas pipeline")]
    set_status(filled, smo.id, "rejected", "ed")
    edit_term(filled, pipe.id, "天然气管线", "gas pipeline", "ed")
    add_term(filled, "无人机群", "drone swarm", "ann")
    dst = open_library(tmp_path / "copy.db")
    try:
        counts = copy_library(filled, dst)
        assert counts["term_decisions"] == 3
        got = by_pair(dst)
        assert got[("特别军事行动", "special military operation")].status == "rejected"
        assert got[("天然气管线", "gas pipeline")].status == "confirmed" and got[("天然气管线", "gas pipeline")].count == 2
        assert ("天然气管线", "natural gas pipeline") not in got
        assert got[("无人机群", "drone swarm")].origin == "editor"
        assert copy_library(filled, dst)["term_decisions"] == 0  # a second copy changes nothing
    finally:
        dst.close()


def test_association_across_the_library(library):
    from tests.terms.conftest import make_doc

    # 卡利诺夫 (a name made up for this test) is in no dictionary or glossary, and each document names
    # it once: only the library sees it recur
    sentences = [
        ("卡利诺夫赢得了金牌。", "Yesterday Kalinov won the gold medal."),
        ("卡利诺夫说她很高兴。", "She said Kalinov was very happy."),
        ("教练称赞卡利诺夫。", "The coach praised Kalinov."),
    ]
    for i, pair in enumerate(sentences):
        library.add_document(make_doc(f"eeee00000000000{i}", [pair]))
        found = [t for t in list_terms(library, "卡利诺夫", limit=None) if t.en == "Kalinov"]
        assert bool(found) == (i == 2)
    (t,) = found
    assert t.count == 3 and len(t.documents) == 3 and t.example is not None and "Kalinov" in t.example.en
    assert not [t for t in list_terms(library, "卡利", limit=None) if t.en == "Kalinov" and t.zh != "卡利诺夫"]
