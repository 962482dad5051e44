"""Search through the library's termbase (terms/lookup.py), documents found by their metadata, a
filter-only query and results grouped by document: on both backends, with documents written here."""
from __future__ import annotations

from typing import Any

import pytest

from duizhao.model import Document, Unit
from duizhao.search import parsed_query, search
from duizhao.terms.library import list_terms, set_status
from duizhao.terms.lookup import CANDIDATE, CONFIRMED, query_terms
from tests.terms.conftest import PAIRS_A, make_doc

# Written for these tests: a Chinese-only document and an English-only one, neither of which
# teaches the termbase anything; only doc A's sentence pairs do.
ZH_ONLY = [
    "乌克兰的特别军事行动已经持续一年。",
    "各方讨论了特别军事行动的后果。",
    "天气很好。",
]
EN_ONLY = ["The special military operation entered its second year.", "Grain prices rose."]


def _one_language(doc_id: str, texts: list[str], lang: str, **meta: Any) -> Document:
    units = [Unit(id=f"u{i + 1}", kind="paragraph", zh=t if lang == "zh" else None, en=t if lang == "en" else None) for i, t in enumerate(texts)]
    return Document(id=doc_id, path=f"{doc_id}.txt", title={"zh": None, "en": None}, units=units, **meta)


@pytest.fixture
def lib(library: Any) -> Any:
    library.add_document(make_doc("aaaa000000000001", PAIRS_A))
    library.add_document(
        _one_language("zzzz000000000001", ZH_ONLY, "zh", authors=["Alexander Gabuev"], source="Foreign Affairs", keywords=["外交"], published="2024-06-14")
    )
    library.add_document(_one_language("eeee000000000001", EN_ONLY, "en", source="Foreign Policy", published="2023-01-01"))
    return library


def _term(lib: Any, en: str) -> Any:
    return next(t for t in list_terms(lib, en) if t.en == en)


def test_an_english_term_taught_by_one_document_finds_a_chinese_only_one(lib):
    term = _term(lib, "special military operation")
    assert term.status == "candidate" and term.documents == ["aaaa000000000001"]
    r = search(lib, "special military operation", limit=20)
    found = {(h["doc_id"], h["unit_id"]) for h in r["hits"]}
    assert {("zzzz000000000001", "u1"), ("zzzz000000000001", "u2")} <= found
    assert ("zzzz000000000001", "u3") not in found
    zh_hit = next(h for h in r["hits"] if h["doc_id"] == "zzzz000000000001")
    assert "«特别军事行动»" in zh_hit["snippet"].replace("»«", "")
    # phrase for phrase: one concept, the term's Chinese among its alternatives, at the candidate's weight
    q = parsed_query("special military operation", "both", query_terms(lib, "special military operation"))
    assert len(q.concepts) == 1
    assert [a.weight for a in q.concepts[0].alts if a.kind == "term"][0] == CANDIDATE
    # word for word, without the termbase, the dictionary does not get there
    assert len(parsed_query("special military operation", "both").concepts) == 3


def test_a_chinese_term_in_any_script_finds_an_english_only_document(lib):
    for text in ("特别军事行动", "特別軍事行動"):
        r = search(lib, text, limit=20)
        assert ("eeee000000000001", "u1") in {(h["doc_id"], h["unit_id"]) for h in r["hits"]}, text


def test_confirmed_weighs_more_and_rejected_terms_never_translate(lib):
    term = _term(lib, "special military operation")
    set_status(lib, term.id, "confirmed", "edith")
    q = parsed_query("special military operation", "both", query_terms(lib, "special military operation"))
    assert max(a.weight for a in q.concepts[0].alts if a.kind == "term") == CONFIRMED
    set_status(lib, term.id, "rejected", "edith")
    assert not query_terms(lib, "special military operation").chinese_for("special military operation")
    hits = search(lib, "special military operation", limit=20)["hits"]
    assert "zzzz000000000001" not in {h["doc_id"] for h in hits}


def test_authors_sources_and_keywords_are_query_words(lib):
    for text, field in (("Gabuev", "author"), ("alexander gabuev", "author"), ("Foreign Affairs", "source"), ("外交", "keyword")):
        r = search(lib, text)
        assert r["hits"] and r["hits"][0]["doc_id"] == "zzzz000000000001", text
        assert field in r["hits"][0]["matched"], text
    # one word of a source is not its name: "foreign" alone does not list the source's documents
    assert all("matched" not in h for h in search(lib, "foreign")["hits"])


def test_a_query_of_filters_only_lists_the_documents(lib):
    r = search(lib, "author:Gabuev")
    assert r["listing"] is True and r["total"] == 1
    assert [(h["doc_id"], h["unit_id"], h["matched"]) for h in r["hits"]] == [("zzzz000000000001", "u1", ["filters"])]
    r = search(lib, 'source:"Foreign Policy"')
    assert [h["doc_id"] for h in r["hits"]] == ["eeee000000000001"] and r["hits"][0]["side"] == "en"
    r = search(lib, "", source="Foreign Affairs")
    assert r["total"] == 1 and r["hits"][0]["doc_id"] == "zzzz000000000001"
    assert search(lib, "author:Nobody")["hits"] == []


def test_grouped_by_document_one_hit_each_with_its_best_units_beneath(lib):
    flat = search(lib, "special military operation", limit=20)
    grouped = search(lib, "special military operation", limit=20, group_by_document=True)
    docs = list(dict.fromkeys(h["doc_id"] for h in flat["hits"]))
    assert [h["doc_id"] for h in grouped["hits"]] == docs and grouped["total"] == len(docs)
    z = next(h for h in grouped["hits"] if h["doc_id"] == "zzzz000000000001")
    rest = [h["unit_id"] for h in flat["hits"] if h["doc_id"] == "zzzz000000000001"]
    assert [z["unit_id"]] + [b["unit_id"] for b in z["units"]] == rest
    assert all(b["snippet"] and b["score"] <= z["score"] for b in z["units"])
