"""The shared glossary: variants in both scripts and languages, longest match, lookups."""

from __future__ import annotations

from duizhao.lang.glossary import load


def ids(text: str, lang: str) -> list[str]:
    return [m[0] for m in load().find_mentions(text, lang)]


def test_simplified_traditional_and_taiwan_forms() -> None:
    for form in ("普京", "普丁", "蒲亭"):
        assert ids(f"{form}表示", "zh") == ["putin"]
    assert ids("習近平與澤倫斯基", "zh") == ["xi_jinping", "zelensky"]
    assert ids("泽连斯基", "zh") == ["zelensky"]


def test_derived_traditional_forms_of_organisations() -> None:
    assert ids("上海合作組織", "zh") == ["sco"] and ids("上合組織", "zh") == ["sco"]
    assert ids("金磚國家", "zh") == ["brics"] and ids("北約", "zh") == ["nato"]


def test_longest_match_wins() -> None:
    assert ids("联合国安理会", "zh") == ["unsc"]
    assert ids("上海合作组织峰会在上海举行", "zh") == ["sco", "shanghai"]


def test_english_forms_case_and_boundaries() -> None:
    assert ids("Xi and Putin at the SCO; the US and NATO", "en") == ["xi_jinping", "putin", "sco", "usa", "nato"]
    assert ids("tell us about Xi'an and the bus", "en") == []
    assert ids("Zelenskyy's speech", "en") == ["zelensky"]


def test_latin_names_inside_chinese() -> None:
    assert ids("G20峰会和APEC峰会", "zh") == ["g20", "apec"]


def test_lookup_entity_variants() -> None:
    g = load()
    assert g.lookup("習近平") == ["xi_jinping"]
    assert g.lookup("Zelensky") == ["zelensky"]
    e = g.entity("brics")
    assert e.en == "BRICS" and e.type == "org" and e.source
    assert "金磚國家" in g.variants("brics")
    assert len(g) > 100


def test_every_row_names_its_source() -> None:
    assert all(e.source for e in load().entities())


def test_abbreviations_across_word_boundaries_are_not_names() -> None:
    assert ids("他在职业生涯中共取得了三千场胜利", "zh") == []
    assert ids("中共中央", "zh") == ["cpc"]
    assert ids("the Russian Security Council", "en") == []
    assert ids("the Security Council and the UN Security Council", "en") == ["unsc", "unsc"]
