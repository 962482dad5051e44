"""terms/lookup.py: the query's spans that are terms, looked up in one statement, any script."""
from __future__ import annotations

from duizhao.terms.library import add_term
from duizhao.terms.lookup import NONE, QueryTerms, query_keys, query_terms


def test_keys_cover_every_span_in_both_forms():
    zh, en = query_keys("special military operations 軟體公司")
    assert "special military operation" in en and "operation" in en
    assert "软件公司" in zh and "软体公司" in zh  # the Taiwan wording and the plain conversion


def test_terms_answer_both_ways_with_their_variants(library):
    add_term(library, "无上限伙伴关系", "no-limits partnership", "edith")
    t = query_terms(library, "No limits partnerships 無上限夥伴關係")
    assert t.chinese_for("no limits partnerships") == (("无上限伙伴关系", 1.0),)
    assert t.english_for("無上限夥伴關係") == (("no-limits partnership", 1.0),)
    # the glossary's names with their regional forms (普京, 普丁 in Taiwan)
    forms = dict(query_terms(library, "Vladimir Putin").chinese_for("vladimir putin"))
    assert {"普京", "普丁"} <= set(forms)
    assert query_terms(library, "nothing here") == NONE and not NONE
    assert isinstance(t, QueryTerms) and hash(t) == hash(query_terms(library, "No limits partnerships 無上限夥伴關係"))
