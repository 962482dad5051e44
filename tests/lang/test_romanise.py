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
