"""Query translation of Chinese words the dictionary lacks (query.dictionary_parts): written here."""

from __future__ import annotations

from typing import Any

from duizhao.model import Document, Unit
from duizhao.search import parsed_query, query, search


def test_a_word_missing_from_the_dictionary_is_split_into_the_words_it_holds() -> None:
    assert query.dictionary_parts("合影留念") == ["合影", "留念"]
    assert query.dictionary_parts("本台消息") == ["本台", "消息"]
    # no part of two characters or more in the dictionary: nothing (single characters are not guessed)
    assert query.dictionary_parts("柬方") == []


def test_its_parts_translations_are_weaker_alternatives_of_one_concept() -> None:
    (concept,) = parsed_query("合影留念", "both").concepts
    trans = {a.tokens: a.weight for a in concept.alts if a.kind == "trans"}
    assert ("group", "photo") in trans and ("souvenir",) in trans
    assert max(trans.values()) <= query.PART_WEIGHT
    # a word the dictionary has keeps its own senses only
    (known,) = parsed_query("合影", "both").concepts
    assert not any("souvenir" in a.tokens for a in known.alts)


def test_a_chinese_headline_of_such_a_word_finds_its_english_translation(library: Any) -> None:
    units = [
        Unit(id="u1", kind="paragraph", zh=None, en="Group photo"),
        Unit(id="u2", kind="paragraph", zh=None, en="The weather was fine all week."),
    ]
    library.add_document(Document(id="eeee000000000009", path="e.txt", title={"zh": None, "en": None}, units=units))
    r = search(library, "合影留念", side="en", dense=False)
    assert [h["unit_id"] for h in r["hits"]] == ["u1"]
