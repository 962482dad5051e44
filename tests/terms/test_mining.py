"""Term mining from aligned sentence pairs: dictionary evidence, leftovers, association."""
from __future__ import annotations

from duizhao.lang.glossary import load
from duizhao.terms import en_key, mine, mine_pair, zh_key
from duizhao.terms.mining import associate


def pairs_of(found: list) -> set[tuple[str, str]]:
    return {(zh_key(f.zh), en_key(f.en)) for f in found}


def test_multiword_terms_found_once_from_their_parts() -> None:
    # no glossary: the parts are in CC-CEDICT, the whole is not
    got = pairs_of(mine_pair(
        "在2022年2月24日对乌克兰发动“特别军事行动”后,俄罗斯遭到国际社会的大面积政治孤立和严厉经济制裁。",
        "After launching a “special military operation” against Ukraine on February 24, 2022, Russia suffered "
        "extensive political isolation and severe economic sanctions from the international community.",
    ))
    assert ("特别军事行动", en_key("special military operation")) in got
    assert not any(z == "俄罗斯遭到" for z, _ in got)  # a clause, not a term
    got = pairs_of(mine_pair("北京與莫斯科之間的「無上限夥伴關係」即將結束。", 'the Bejing-Moscow "no limits partnership: was coming to an end.'))
    assert got == {("无上限伙伴关系", en_key("no limits partnership"))}
    got = pairs_of(mine_pair("“西伯利亚力量”天然气管线投产运行", "the “Power of Siberia” natural gas pipeline was put into operation"))
    assert ("西伯利亚力量", en_key("Power of Siberia")) in got


def test_surfaces_are_kept_and_keys_unify_spellings() -> None:
    (f,) = mine_pair("「無上限夥伴關係」", '"no-limits partnership"')
    assert (f.zh, f.en) == ("無上限夥伴關係", "no-limits partnership")
    assert en_key(f.en) == en_key("no limits partnership") and zh_key(f.zh) == "无上限伙伴关系"


def test_glossary_names_are_found_as_glossary_evidence() -> None:
    found = mine_pair("普京访问北京", "Putin visited Beijing", load())
    assert any(f.evidence == "glossary" and f.zh == "普京" and f.en == "Putin" for f in found)


def test_one_word_the_dictionary_has_is_not_a_term() -> None:
    assert mine_pair("天然气", "natural gas") == []
    assert mine_pair("", "x") == [] and mine_pair("中国", "") == []


def test_association_pairs_recurring_names_and_needs_recurrence() -> None:
    # 拜尔斯 is in no dictionary: only recurrence across pairs can pair it with Biles
    pairs = [
        ("拜尔斯赢得了金牌。", "Yesterday Biles won the gold medal."),
        ("拜尔斯说她很高兴。", "She said Biles was very happy."),
        ("教练称赞拜尔斯。", "The coach praised Biles."),
    ]
    got = {(m.zh, m.en): m for m in mine(pairs)}
    key = ("拜尔斯", en_key("Biles"))
    assert key in got
    assert got[key].en_forms == ["Biles"] and got[key].count == 3
    assert key not in {(m.zh, m.en) for m in mine(pairs[:2])}  # twice is not enough


def test_competitive_linking_gives_each_side_one_partner() -> None:
    runs = [({"甲乙"}, {"Alpha", "Beta"}), ({"甲乙"}, {"Alpha"}), ({"甲乙"}, {"Alpha"}), ({"丙丁"}, {"Beta"})] * 2
    got = {(z, e) for z, e, _ in associate(runs, 3, 0.5)}
    assert ("甲乙", en_key("alpha")) in got and not any(z == "甲乙" and e == "beta" for z, e in got)
