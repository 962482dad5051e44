"""extract(doc): mentions, events, figures and candidates of small documents written for these tests."""

from __future__ import annotations

from duizhao.knowledge import extract
from duizhao.knowledge.entities import sentence_mentions
from duizhao.knowledge.events import date_bounds, merge_events
from duizhao.knowledge.figures import display_value
from duizhao.lang.glossary import load

from .conftest import make_doc


def test_mentions_carry_unit_sentence_and_side(doc_a):
    k = extract(doc_a)
    putin = [m for m in k.mentions if m.entity_id == "putin"]
    assert {(m.unit_id, m.side, m.surface) for m in putin} == {("u1", "zh", "普京"), ("u1", "en", "Putin")}
    for m in k.mentions:
        unit = doc_a.unit(m.unit_id)
        text = getattr(unit.sentences[m.sentence], m.side)
        assert text[m.start : m.end] == m.surface


def test_one_entity_in_every_script():
    g = load()
    for text, lang in (("普京", "zh"), ("普丁", "zh"), ("Putin", "en")):
        assert [m[0] for m in sentence_mentions(g, text + "说", lang) if m[0] == "putin"] == ["putin"]
    assert {m[0] for m in sentence_mentions(g, "金磚國家和金砖国家", "zh")} == {"brics"}


def test_chinese_abbreviations_name_each_country():
    g = load()
    ids = [m[0] for m in sentence_mentions(g, "中俄关系和美欧制裁,俄对华出口", "zh")]
    assert ids.count("china") == 2 and ids.count("russia") == 2 and "usa" in ids and "eu" in ids
    # 中美洲 is Central America, 道德 is morality: no country there
    assert not [m for m in sentence_mentions(g, "中美洲的道德问题", "zh") if m[0] in ("china", "usa", "germany")]


def test_events_resolve_relative_dates_against_publication(doc_a):
    events = {(e.date, e.precision, e.relative) for e in extract(doc_a).events}
    assert ("2023-05-10", "day", False) in events
    assert ("2023-05", "month", True) in events  # 上个月 / last month, published 2023-06-15


def test_relative_dates_without_publication_date_are_kept_unresolved():
    doc = make_doc("cccc000000000003", None, [("上个月普京访问了北京。", "Last month Putin visited Beijing.")])
    events = extract(doc).events
    assert [(e.date, e.precision, e.unresolved, e.surface) for e in events] == [("", "month", True, "上个月")]


def test_a_yearless_date_takes_the_publication_year_not_an_earlier_sentence():
    doc = make_doc(
        "dddd000000000004",
        "2024-01-05",
        [
            ("2005年,改革开始。", "In 2005, the reform began."),
            ("3月2日,联合国大会通过决议。", "On March 2, the UN General Assembly adopted a resolution."),
            ("2022年3月2日、10月12日,大会两次表决。", "On March 2 and October 12, 2022, the Assembly voted twice."),
        ],
    )
    assert [(e.date, e.unit_id) for e in extract(doc).events] == [
        ("2024-03-02", "u2"),
        ("2022-03-02", "u3"),
        ("2022-10-12", "u3"),
    ]
    undated = make_doc("dddd000000000005", None, [("2005年,改革开始。", "x"), ("3月2日,大会通过决议。", "y")])
    assert [(e.date, e.unresolved, e.surface) for e in extract(undated).events] == [("", True, "3月2日")]


def test_relative_days_weekdays_and_ranges():
    doc = make_doc(
        "dddd000000000006",
        "2016-08-12",  # a Friday
        [
            ("明天将举行会议。", "The meeting will be held tomorrow."),
            ("上周二，双方签署协议。", "Last Tuesday, the two sides signed an agreement."),
            ("会议于２０１９年３月１日至５日举行。", "The meeting was held from March 1 to 5, 2019."),
            ("今年2月22日，双方达成协议，协议自当月27日起执行。", "x"),
            ("7月份CPI上涨1.8%，比上月回落0.1个百分点。", "y"),
        ],
    )
    got = [(e.unit_id, e.date, e.end, e.precision) for e in extract(doc).events]
    assert got == [
        ("u1", "2016-08-13", None, "day"),
        ("u2", "2016-08-02", None, "day"),
        ("u3", "2019-03-01", "2019-03-05", "day"),
        ("u4", "2016-02-22", None, "day"),
        ("u4", "2016-02-27", None, "day"),
        ("u5", "2016-07", None, "month"),  # 上月 is the base of a comparison, not an event
    ]


def test_figures_are_normalised_with_period_and_sentence(doc_a):
    figs = {f.measure: f for f in extract(doc_a).figures}
    trade = figs["trade volume"]
    assert trade.value == 35_050_000_000 and trade.unit == "USD" and trade.display == "35.05 billion USD"
    assert trade.period == "first 3 months of 2023"
    assert trade.surface_zh == "350.5亿美元" and trade.surface_en.startswith("35.05 billion")
    assert (trade.unit_id, trade.sentence) == ("u3", 0)
    assert figs["trade volume growth (year on year)"].value == 20
    assert (figs["votes for"].value, figs["votes against"].value, figs["abstentions"].value) == (100, 10, 50)


def test_tons_of_coal(doc_b):
    coal = [f for f in extract(doc_b).figures if f.measure == "coal"]
    assert len(coal) == 1 and coal[0].value == 12_000_000 and coal[0].unit == "t" and coal[0].year == 2023
    assert coal[0].display == "12 million tons" and coal[0].surface_zh == "1200万吨"


def test_display_value():
    assert display_value(153_938_500_000, "USD") == "153.9385 billion USD"
    assert display_value(47_000_000, "t") == "47 million tons"
    assert display_value(1.65e11, "USD", 1.7e11) == "165 billion–170 billion USD"


def test_candidates_with_their_chinese_form(doc_a):
    cands = {c.en: c.zh for c in extract(doc_a).candidates}
    assert cands.get("Heihe Highway Bridge") == "黑河公路大桥"
    assert "Putin" not in cands and "The" not in cands


def test_transliterated_candidate():
    doc = make_doc("eeee000000000005", "2023-01-01", [("科维克塔气田投产。", "The Kovykta field started production.")])
    assert {c.en: c.zh for c in extract(doc).candidates}.get("Kovykta") == "科维克塔"


def test_headings_give_no_candidates():
    doc = make_doc(
        "ffff000000000006", None, [("大国关系的未来", "The Future of Great Power Relations")], kind="heading"
    )
    assert extract(doc).candidates == []


def test_date_bounds():
    assert date_bounds("2024-02") == ("2024-02-01", "2024-02-29")
    assert date_bounds("2022") == ("2022-01-01", "2022-12-31")


def test_merge_needs_same_date_and_overlapping_actors():
    base = {
        "precision": "day",
        "part": None,
        "relative": 0,
        "zh": "",
        "en": "",
        "path": "x",
        "title": {},
        "source": None,
        "published": None,
        "unit_id": "u1",
        "sentence": 0,
    }
    rows = [
        {**base, "doc_id": "a", "date": "2022-02-24", "actors": ["russia", "ukraine"]},
        {**base, "doc_id": "b", "date": "2022-02-24", "actors": ["russia"]},
        {**base, "doc_id": "c", "date": "2022-02-24", "actors": ["china"]},
        {**base, "doc_id": "d", "date": "2022-02-25", "actors": ["russia"]},
    ]
    merged = merge_events(rows)
    assert [(m["date"], sorted(s["doc_id"] for s in m["sources"])) for m in merged] == [
        ("2022-02-24", ["a", "b"]),
        ("2022-02-24", ["c"]),
        ("2022-02-25", ["d"]),
    ]
