"""The English forms of a Chinese name: pinyin (pypinyin) and CC-CEDICT's established forms."""

from __future__ import annotations

from duizhao.lang.romanise import key, proper_noun, renderings


def test_key_ignores_spacing_case_and_possessive() -> None:
    assert key("Xi Jinping") == key("XiJinping") == key("Xi Jin-ping") == key("Xi Jinping's") == "xijinping"
    assert key("Lü") == "lu"


def test_pinyin_and_listed_forms() -> None:
    place = {r.key: r for r in renderings("石家庄")}
    assert place["shijiazhuang"].pinyin and place["shijiazhuang"].shown == "Shijiazhuang"
    hk = {r.key: r for r in renderings("香港")}
    assert hk["hongkong"].pinyin is False and hk["xianggang"].pinyin is True
    assert proper_noun("香港") and not proper_noun("今天")


def test_person_is_surname_then_given_name() -> None:
    assert [r.shown for r in renderings("李明", person=True) if r.pinyin][0] == "Li Ming"
    assert [r.shown for r in renderings("欧阳修文", person=True) if r.pinyin][0] == "Ouyang Xiuwen"


def test_foreign_name_gets_the_dictionary_form_and_its_surname() -> None:
    keys = {r.key for r in renderings("特朗普", person=True) if not r.pinyin}
    assert {"donaldtrump", "trump"} <= keys


def test_characters_tell_a_transliteration_from_a_chinese_name() -> None:
    from duizhao.lang.romanise import PERSON_SHARE, chinese_looking

    assert not chinese_looking("杜阿拉")  # Douala
    assert not chinese_looking("萨纳", PERSON_SHARE)  # of 马萨纳, La Massana
    assert chinese_looking("小龙", PERSON_SHARE)  # of 张小龙


def test_english_names_lead_back_to_their_chinese_but_common_words_do_not() -> None:
    from duizhao.lang.romanise import named_by

    assert "百慕大" in named_by("Bermuda")
    assert named_by("August") == frozenset() and named_by("West") == frozenset()


def test_first_letters_and_what_an_entry_mentions() -> None:
    from duizhao.lang.romanise import first_letters, mentions

    b = first_letters("比利时")
    assert b is not None and {"b", "p"} <= b and "z" not in b
    assert mentions("海参崴", "Vladivostok") and not mentions("海参崴", "Moscow")


def test_listed_forms_without_marks_and_each_alternative() -> None:
    assert "oita" in {r.key for r in renderings("大分县")}  # Ōita
    assert {"terguel", "teruel"} <= {r.key for r in renderings("特鲁埃尔")}  # "Tergüel or Teruel"
