"""Quantities on both sides normalise to the same values (our own sentences, modelled on the hard cases)."""

from __future__ import annotations

import pytest

from duizhao.lang.quantities import extract_quantities, parse_en_words, parse_zh_numeral, values_close


def vals(text: str, lang: str, kinds: tuple[str, ...] | None = None) -> list[tuple[str, float, float | None]]:
    return [(q.kind, q.value, q.high) for q in extract_quantities(text, lang) if kinds is None or q.kind in kinds]


@pytest.mark.parametrize(
    "s,v",
    [
        ("一千五百", 1500),
        ("两百", 200),
        ("十一", 11),
        ("〇", 0),
        ("二〇二二", 2022),
        ("一亿二千万", 120_000_000),
        ("三千二百万", 32_000_000),
        ("一千零五", 1005),
        ("十", 10),
        ("五万三千", 53_000),
    ],
)
def test_zh_numerals(s: str, v: int) -> None:
    assert parse_zh_numeral(s) == v


@pytest.mark.parametrize(
    "s,v",
    [
        ("twenty-five", 25),
        ("one hundred and twenty", 120),
        ("a dozen", 12),
        ("two dozen", 24),
        ("three thousand four hundred", 3400),
        ("nine", 9),
    ],
)
def test_en_words(s: str, v: float) -> None:
    assert parse_en_words(s) == v


@pytest.mark.parametrize(
    "zh,en,value",
    [
        ("出口额为2760.5亿美元", "exports were 276.05 billion U.S. dollars", 276_050_000_000),
        ("共4800万吨", "a total of 48 million tons", 48_000_000),
        ("约3.2万人", "about 32,000 people", 32_000),
        ("增长了百分之十二", "grew 12 percent", 12),
        ("增长12%", "grew by 12%", 12),
        ("２５０家", "250 firms", 250),
        ("8万亿元", "8 trillion yuan", 8e12),
        ("三十五个国家", "thirty-five countries", 35),
        ("20个亿", "2 billion", 2e9),
    ],
)
def test_same_value_both_sides(zh: str, en: str, value: float) -> None:
    z = [q for q in extract_quantities(zh, "zh") if q.kind != "year"]
    e = [q for q in extract_quantities(en, "en") if q.kind != "year"]
    assert len(z) == 1 and len(e) == 1, (z, e)
    assert z[0].value == pytest.approx(value) and e[0].value == pytest.approx(value)
    assert values_close(z[0], e[0])


def test_scale_slip_is_not_close() -> None:
    z = extract_quantities("2760.5亿美元", "zh")[0]
    e = extract_quantities("27.605 billion dollars", "en")[0]
    assert not values_close(z, e)


def test_rounding_to_stated_precision_is_close() -> None:
    z = extract_quantities("共有310亿立方米", "zh")[0]
    e = extract_quantities("some 31 billion cubic meters", "en")[0]
    assert values_close(z, e)


def test_approximation_and_more_than() -> None:
    z = extract_quantities("2000多名学生", "zh")[0]
    e = extract_quantities("more than 2,000 students", "en")[0]
    assert z.approx and e.approx and z.value == e.value == 2000
    assert values_close(
        extract_quantities("二十多项协议", "zh")[0], extract_quantities("more than two dozen deals", "en")[0]
    )


def test_ranges_share_the_scale() -> None:
    assert vals("预计达到820亿至850亿美元", "zh") == [("range", 82e9, 85e9)]
    assert vals("预计达到820至850亿美元", "zh") == [("range", 82e9, 85e9)]
    assert vals("between 82 billion and 85 billion dollars", "en") == [("range", 82e9, 85e9)]
    assert vals("could reach 82 to 85 billion dollars", "en") == [("range", 82e9, 85e9)]
    assert vals("a trip of four to five days", "en") == [("range", 4, 5)]


def test_currencies() -> None:
    (q,) = extract_quantities("投资300亿美元", "zh")
    assert q.kind == "money" and q.unit == "USD"
    (q,) = extract_quantities("invest $30 billion", "en")
    assert q.kind == "money" and q.unit == "$" and q.value == 30e9
    (q,) = extract_quantities("fees of RMB4,500", "en")
    assert q.unit == "CNY" and q.value == 4500


def test_fractions() -> None:
    assert vals("削减三分之二", "zh") == [("fraction", pytest.approx(2 / 3), None)]
    assert vals("cut two-thirds of it", "en") == [("fraction", pytest.approx(2 / 3), None)]
    assert vals("削减2/3", "zh") == [("fraction", pytest.approx(2 / 3), None)]


def test_ordinals_and_enumerations() -> None:
    assert vals("第七届论坛", "zh") == [("ordinal", 7, None)]
    assert vals("the Seventh Forum", "en") == [("ordinal", 7, None)]
    assert vals("第12次会议", "zh") == [("ordinal", 12, None)]
    assert vals("the Twelfth Session", "en") == [("ordinal", 12, None)]
    assert [v for _k, v, _h in vals("立场如下：一是对话；二是合作；三是发展。", "zh")] == [1, 2, 3]
    assert [v for _k, v, _h in vals("First, dialogue. Second, cooperation. Third, development.", "en")] == [1, 2, 3]


def test_decades_and_centuries() -> None:
    assert vals("自20世纪80年代以来", "zh") == [("decade", 1980, None)]
    assert vals("since the 1980s", "en") == [("decade", 1980, None)]
    assert vals("21世纪", "zh") == [("century", 21, None)]
    assert vals("the 21st century", "en") == [("century", 21, None)]


def test_numerals_inside_names_are_not_quantities() -> None:
    assert vals("二十国集团和七国集团峰会", "zh") == []
    assert vals("the G20 and G7 summits", "en") == []
    assert vals("金砖五国领导人", "zh") == []
    assert vals("the BRICS Five leaders", "en") == []


def test_section_numbers_and_footnotes() -> None:
    assert vals("二、经济合作", "zh") == [("section", 2, None)]
    assert vals("2. Economic Cooperation", "en") == [("section", 2, None)]
    assert vals("the illegal “referendum.”3 Later that week", "en") == [("footnote", 3, None)]


def test_idioms_and_vague_amounts_are_skipped() -> None:
    assert vals("一些国家坚持一带一路倡议，三心二意", "zh") == []
    assert vals("数百万人", "zh") == []
    assert vals("millions of people and hundreds of firms", "en") == []
    assert vals("one of the reasons", "en") == []


def test_codes_and_phone_numbers_are_skipped() -> None:
    assert vals("call 415-555-0199 about the F-35 and COVID-19", "en") == []
    assert vals("5G网络", "zh") == []


def test_spans_index_the_original_text() -> None:
    text = "贸易额达１２００亿美元。"
    (q,) = extract_quantities(text, "zh")
    assert text[q.start : q.end] == q.surface == "１２００亿美元" and q.value == 1.2e11


def test_years_are_reported_as_years() -> None:
    assert ("year", 2019, None) in vals("2019年", "zh")
    assert vals("300年的传统", "zh") == [("number", 300, None)]


def test_traditional_script_numbers() -> None:
    (q,) = extract_quantities("投資兩百億美元", "zh")
    assert q.value == 20e9 and q.unit == "USD"
    (q,) = extract_quantities("約五萬人", "zh")
    assert q.value == 50_000 and q.approx
