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


def test_figures_beyond_a_closed_list():
    # Written for this test.
    doc = make_doc(
        "gggg000000000007",
        "2016-08-12",
        [
            ("截至6月底，该港集装箱吞吐量达到5.2万标箱，较2015年同期增长9%。", "x"),
            ("去年，该国绿地投资为179亿美元，同比减少了2.1%。", "y"),
            ("县里为690余名贫困大学生落实283.8万元就学资助。", "The county provided 2.838 million RMB of bursaries for 690 college students."),
            ("今年上半年贸易顺差为120亿元，占其比例为3.5%。", "z"),
        ],
    )
    figs = {(f.unit_id, f.value): f for f in extract(doc).figures}
    teu = figs[("u1", 52000)]
    assert (teu.unit, teu.kind, teu.year, teu.direction) == ("TEU", "level", 2016, None) and "集装箱" in teu.measure
    growth = figs[("u1", 9)]
    assert (growth.unit, growth.kind, growth.direction, growth.year) == ("%", "change", "up", 2016)  # not 2015
    fdi = figs[("u2", 17_900_000_000)]
    # a measure of the closed list keeps its canonical name; the words of the text stay with it
    assert (fdi.unit, fdi.year, fdi.measure, fdi.measure_zh) == ("USD", 2015, "investment", "绿地投资")
    fall = figs[("u2", -2.1)]
    assert (fall.direction, fall.kind, fall.measure_zh) == ("down", "change", "绿地投资")  # a fall is negative
    students = figs[("u3", 690)]
    assert students.unit == "count" and "大学生" in students.measure
    money = figs[("u3", 2_838_000)]
    assert money.unit == "CNY" and "资助" in money.measure and money.surface_en.startswith("2.838 million")
    assert len([f for f in extract(doc).figures if f.unit_id == "u3"]) == 2  # one figure per fact across the pair
    surplus = figs[("u4", 12_000_000_000)]
    assert (surplus.kind, surplus.unit, surplus.year) == ("surplus", "CNY", 2016)
    assert figs[("u4", 3.5)].kind == "share"


def test_ages_durations_and_times_are_not_figures():
    doc = make_doc("gggg000000000008", "2016-08-12", [("48岁的王先生工作了两个月，上午10时离开。", "x")])
    assert extract(doc).figures == []


def test_articles_list_sizes_and_cumulative_spans():
    # Written for this test: the false-positive classes of round 3 (an article, the size of a list the
    # sentence names, a measure a clause away, the start year of a cumulative count).
    doc = make_doc(
        "gggg000000000011",
        "2016-08-12",
        [
            ("郊区1所监狱发生爆炸，12位工人受伤。", "An explosion hit a prison in the suburbs; 12 workers were injured."),
            ("该指数包括4个分项指数：基础设施、经济前景和商业环境。", "The index includes four sub-indices: infrastructure, outlook and business."),
            ("农村形成了资产租赁型、企业股份型、农业开发型3种模式。", "Villages formed three models: leasing, shares and farming."),
            ("小作、台头、贵泉等村6户家庭收到慰问金。", "6 families in Xiaozuo, Taitou and Guiquan received aid."),
            ("人均面积每年在提升，刚开始50亩。", "The area grows every year. It started at 50 mu."),
            ("该行动2003年起在江苏开展，累计资助学子超过4000名。", "Since 2003 the campaign has helped more than 4000 students."),
            ("从2014年起，旅游收入占GDP10%。", "Since 2014 tourism revenue made up 10% of GDP."),
        ],
    )
    figs = {(f.unit_id, f.value): f for f in extract(doc).figures}
    assert ("u1", 1) not in figs and figs[("u1", 12)].unit == "count"  # 1所: an article
    assert not [k for k in figs if k[0] in ("u2", "u3")]  # list sizes, on neither side
    assert figs[("u4", 6)].unit == "count"  # 等村: the places of the counted families, not a list of them
    assert not [k for k in figs if k[0] == "u5"]  # 开始 is no measure; the area is a clause away
    assert figs[("u6", 4000)].year is None  # 2003 opens the cumulative count
    assert figs[("u7", 10)].year == 2014  # a level from a year on keeps the year


def test_names_beyond_the_glossary_paired_and_typed():
    doc = make_doc(
        "hhhh000000000009",
        "2016-08-12",
        [
            (
                "国家统计局新闻发言人盛来运表示，物价总体稳定。",
                "Sheng Laiyun, spokesman of the National Bureau of Statistics, said prices were stable.",
            ),
            ("据俄罗斯国防部介绍，多架战机升空。", "The Russian Ministry of Defense said several aircraft took off."),
            ("王志安在微博上发表言论。", "Wang Zhian posted on Weibo."),
            ("王志安随后回应。", "Wang Zhi’an then replied."),
        ],
    )
    k = extract(doc)
    from duizhao.knowledge import document_names

    names = {(n["type"], n["zh"]): n for n in document_names(k)}
    assert names[("person", "盛来运")]["en"] == "Sheng Laiyun"
    assert ("org", "国家统计局") in names
    assert names[("org", "俄罗斯国防部")]["en"] == "Russian Ministry of Defense"
    # the longest name wins: Russia is not named inside the ministry's name
    assert not [m for m in k.mentions if m.unit_id == "u2" and m.entity_id == "russia"]
    wang = [n for n in document_names(k) if n["zh"] == "王志安"]
    assert len(wang) == 1 and {"Wang Zhian", "Wang Zhi’an"} <= set(wang[0]["variants"])  # one person, two spellings
    assert all(c.type in ("person", "org", "place", "name") for c in k.candidates)


def test_posts_bare_words_and_counted_nouns_are_no_organisations():
    # Written for this test.
    doc = make_doc(
        "hhhh000000000012",
        "2016-08-12",
        [
            ("副局长表示，物价总体稳定。", "The Deputy Director-General said prices were stable."),
            ("该基金向6户家庭捐款。", "The Fund donated to 6 families."),
            ("全县共有14个农村经济合作组织。", "The county has 14 rural economic cooperatives."),
            ("河北品牌会志愿者来到家中。", "Volunteers of the Hebei Province Cixiao Fund came to the home."),
        ],
    )
    from duizhao.knowledge import document_names

    orgs = [n for n in document_names(extract(doc)) if n["type"] == "org"]
    forms = {f for n in orgs for f in (n["zh"], n["en"], *n["variants"]) if f}
    assert not forms & {"Deputy Director-General", "基金", "Fund", "经济合作组织"}
    # an association (会) is no fund: the suffix and the English head must agree to pair
    assert not [n for n in orgs if n["zh"] == "河北品牌会" and "Cixiao" in (n["en"] or "")]


def test_an_english_today_for_nowadays_and_a_range_from_to():
    doc = make_doc(
        "hhhh000000000013",
        "2016-08-12",
        [
            ("如今，它已吸引大量的外地货源。", "Today, it has attracted a large volume of goods."),
            ("通行费征收时间自2016年6月15日起至2019年6月14日止。", "Tolls are collected from June 15, 2016 to June 14, 2019."),
        ],
    )
    events = extract(doc).events
    assert [(e.unit_id, e.date, e.end) for e in events] == [("u2", "2016-06-15", "2019-06-14")]


def test_short_forms_the_document_establishes():
    doc = make_doc(
        "hhhh000000000010",
        "2016-08-12",
        [
            ("塔吉克斯坦总统访华。", "The President of Tajikistan visited China."),
            ("塔国与中方签署协议，但俄方表示反对。", "The Tajik side and China signed an agreement, but Russia objected."),
        ],
    )
    got = {(m.surface, m.entity_id) for m in extract(doc).mentions if m.unit_id == "u2"}
    assert {("塔国", "tajikistan"), ("Tajik", "tajikistan"), ("中方", "china"), ("俄方", "russia")} <= got
    alone = make_doc("hhhh000000000011", "2016-08-12", [("塔国签署协议。", "The Tajik side signed.")])
    assert not [m for m in extract(alone).mentions if m.entity_id == "tajikistan"]  # nothing establishes it


def assert_figures(prefix: str, rows: list) -> None:
    """Each row: one document's pairs, then its figures as (value, unit, a word of the measure, year, direction)."""
    for i, (pairs, figures) in enumerate(rows):
        k = extract(make_doc(f"{prefix}{i:012d}", "2016-08-12", pairs))
        got = [(f.value, f.unit, f.measure_zh or f.measure, f.year, f.direction) for f in k.figures]
        assert len(got) == len(figures) and all(
            abs(v - gv) <= 1e-6 * max(1, gv) and u == gu and w in (m or "") and y == gy and d == gd
            for (v, u, m, y, d), (gv, gu, w, gy, gd) in zip(got, figures, strict=True)
        ), (pairs, got)


def assert_names(prefix: str, rows: list, one_row: bool) -> None:
    """Each row: one document's pairs, a (type, Chinese form, English form or None) expected among its names
    (one row of that type when one_row), and forms that must not be a name."""
    from duizhao.knowledge import document_names

    for i, (pairs, expected, not_names) in enumerate(rows):
        names = document_names(extract(make_doc(f"{prefix}{i:012d}", "2016-08-12", pairs)))
        if expected:
            kind, zh, en = expected
            row = next((n for n in names if n["type"] == kind and n["zh"] == zh), None)
            assert row is not None and (en is None or row["en"] == en), (pairs, names)
            assert not one_row or len([n for n in names if n["type"] == kind]) == 1, names
        assert not not_names & {x for n in names for x in (n["zh"], n["en"])}, (pairs, names)


# Written for this test: the name classes of round 4 — a foreign name with its middle dot, a surname
# that is also an English word opening the sentence, a country's mission abroad, a local bureau by its
# abbreviation, a Wade–Giles spelling. (Chinese sentence, English sentence, type, Chinese form expected.)
ROUND4_NAMES = [
    ("该馆由瑞典建筑师埃里克·卡尔森设计。", "It was designed by the Swedish architect Erik Karlsson.", "person", "埃里克·卡尔森"),
    ("何建平说，工作已经完成。", "He Jianping said the work was done.", "person", "何建平"),
    ("米勒还表示，有5人受伤。", "Miller also said five people were injured.", "person", "米勒"),  # a surname opening the sentence
    ("委员会主席由林志雄担任。", "The committee will be chaired by Lin Chih-hsiung.", "person", "林志雄"),  # Wade–Giles
    ("中国驻悉尼总领馆提醒游客注意安全。", "The Chinese Consulate General in Sydney reminded tourists to stay safe.", "org", "中国驻悉尼总领馆"),
    ("市统计局表示，价格总体稳定。", "The municipal statistics bureau said prices were stable.", "org", "市统计局"),
]
# Spans that are no organisation: an event, a country's team, bodies described by common words (their
# Chinese forms).
ROUND4_NOT_ORGS = [
    ("日本队在北京奥运会上夺冠。", "The Japanese team won at the Beijing Olympics.", {"日本队", "北京奥运会"}),
    ("交易中心下月开业，中国公司也将入驻。", "The trading centre opens next month; Chinese companies will move in.", {"交易中心", "中国公司"}),
]


def test_round4_name_classes():
    from duizhao.knowledge import document_names

    for i, (zh, en, kind, form) in enumerate(ROUND4_NAMES):
        names = document_names(extract(make_doc(f"kkkk{i:012d}", "2016-08-12", [(zh, en)])))
        assert (kind, form) in {(n["type"], n["zh"]) for n in names}, (zh, names)
    for i, (zh, en, forms) in enumerate(ROUND4_NOT_ORGS):
        names = document_names(extract(make_doc(f"kkkl{i:012d}", "2016-08-12", [(zh, en)])))
        assert not forms & {n["zh"] for n in names if n["type"] == "org"}, (zh, names)


# Written for this test: the event and figure classes of round 4. (Chinese, English, events expected,
# figures expected as (value, unit, a word the measure holds)).
ROUND4_ITEMS = [
    ("他认为，今天只要还有资产，就没有人捐款。", "He believes that as long as assets exist today, no one donates.", [], []),
    ("游客大多前往天池一日游。", "Most visitors take a one-day tour to Tianchi.", [], []),
    ("经过30个小时加班加点，工程完工。", "After 30 hours of overtime, the work was done.", [], []),
    ("每年有5万人次来到这里。", "Every year 50,000 visits are made here.", [], [(50000, "count", "人次")]),
    ("他是担任主任的不二人选。", "He is the only choice for director.", [], []),
    (
        "政府将斥资3亿澳元（约合2.3亿美元）修缮大桥。",
        "The government will spend AUD 300 million (about USD 230 million) on renovating the bridge.",
        [],
        [(300000000, "AUD", "斥资"), (230000000, "USD", "斥资")],  # the converted sum measures the same spending
    ),
]


def test_round4_event_and_figure_classes():
    for i, (zh, en, events, figures) in enumerate(ROUND4_ITEMS):
        k = extract(make_doc(f"kkkm{i:012d}", "2016-08-12", [(zh, en)]))
        assert [e.date for e in k.events if not e.unresolved] == events, (zh, k.events)
        got = [(f.value, f.unit, f.measure) for f in k.figures]
        assert len(got) == len(figures) and all(
            abs(v - gv) <= 1e-6 * max(1, gv) and u == gu and w in (m or "") for (v, u, m), (gv, gu, w) in zip(got, figures, strict=True)
        ), (zh, got)


# Written for this test: the figure classes of round 5. (Chinese, English, publication date, figures
# expected as (value, unit, a word the measure holds, period year)).
ROUND5_FIGURES = [
    # the current edition, week or month is of the publication year; without that date the year is unknown
    ("本届博览会力争签约项目40个、引进资金150亿元。", "This fair aims to sign 40 projects and bring in 15 billion RMB.", "2016-08-12",
     [(40, "count", "项目", 2016), (15_000_000_000, "CNY", "资金", 2016)]),
    ("本届博览会力争签约项目40个。", "This fair aims to sign 40 projects.", None, [(40, "count", "项目", None)]),
    ("他本周在商场中了50万元大奖。", "He won a prize of 500,000 RMB at the mall this week.", "2016-08-12", [(500000, "CNY", "大奖", 2016)]),
    # 目前 / 近日 say "lately", not which period
    ("近日，基金会将8000元慰问金送到村里。", "Recently the foundation sent 8000 RMB of aid to the village.", "2016-08-12",
     [(8000, "CNY", "慰问金", None)]),
    # numbers the translation spells in words that the Chinese does not state are no figures
    ("女足将挑战两届世界冠军得主美国队。", "The women's team will face the US, the two-times world champion.", "2016-08-12", []),
    ("该展会连续7年在这里举办。", "The fair has been held here for seven consecutive years.", "2016-08-12", []),
    ("目标是打造一系列立方体卫星。", "The aim is to build a series of three-dimensional satellites.", "2016-08-12", []),
    ("射击队有望实现金牌“零突破”。", "The shooters hope to break through zero gold medals.", "2016-08-12", []),
    # a season counted is a span of time; 出生…天 an age
    ("他近三个赛季状态突出。", "He has been in great form for the last 3 seasons.", "2016-08-12", []),
    ("孩子出生10天时被送进医院。", "The child was taken to hospital 10 days after birth.", "2016-08-12", []),
    # a share is of what follows 的
    ("农户最高可得到30%的补贴。", "Farmers may receive a maximum of 30% in subsidies.", "2016-08-12", [(30, "%", "补贴", None)]),
]


def test_round5_figure_classes():
    for i, (zh, en, published, figures) in enumerate(ROUND5_FIGURES):
        k = extract(make_doc(f"kkkn{i:012d}", published, [(zh, en)]))
        got = [(f.value, f.unit, f.measure_zh or f.measure, f.year) for f in k.figures]
        assert len(got) == len(figures) and all(
            abs(v - gv) <= 1e-6 * max(1, gv) and u == gu and w in (m or "") and y == gy
            for (v, u, m, y), (gv, gu, w, gy) in zip(got, figures, strict=True)
        ), (zh, got)


# Written for this test: the name classes of round 5. (pairs of one document, (type, Chinese form,
# English form) expected among its names, Chinese forms that must not be a name of that type).
ROUND5_NAMES = [
    # a medium where it is cited: 据…报道, 《…》杂志; 据了解 cites no one
    ([("据环球之声报道，该市将举办音乐节。", "According to Global Voice, the city will host a music festival.")], ("org", "环球之声", "Global Voice"), set()),
    ([("英国《科学世界》杂志报道，研究人员发现了新物种。", "British magazine Science World reported that researchers found a new species.")],
     ("org", "科学世界", None), set()),
    ([("据了解，该市将举办音乐节。", "It is understood that the city will host a music festival.")], None, {"了解", "据了解"}),
    # a station, paper or site by its kind where it cites (消息 may be part of its name); 据 is not
    ([("XYZ-TV电视台报道，大桥已经通车。", "XYZ-TV television station reported that the bridge had opened.")], ("org", "XYZ-TV电视台", None), set()),
    ([("环球消息网8月3日报道，大桥已经通车。", "globalnews.com reported on August 3 that the bridge had opened.")], ("org", "环球消息网", None), set()),
    ([("据东方新闻网报道，大桥已经通车。", "According to Dongfang News Network, the bridge had opened.")], ("org", "东方新闻网", None), {"据东方新闻网"}),
    ([("据当地电视台报道，大桥已经通车。", "Local television reported that the bridge had opened.")], None, {"当地电视台"}),
    # a title before the English name (CEO Shao Jiaqi) does not hide it
    ([("CEO邵嘉琪表示，公司将扩大生产。", "CEO Shao Jiaqi said the company would expand production.")], ("person", "邵嘉琪", "Shao Jiaqi"), set()),
    # a long dotted name with its four English words, and its surname alone later, are one person
    ([("穆罕默德·阿里·阿卜杜勒·萨利赫表示，他将继续工作。", "Mohammed Ali Abdul Saleh said he would keep working."), ("萨利赫说，他很高兴。", "Saleh said he was happy.")],
     ("person", "穆罕默德·阿里·阿卜杜勒·萨利赫", "Mohammed Ali Abdul Saleh"), set()),
    # organisations in Latin letters on both sides: a brand led by digits, an acronym naming a group's members
    ([("8Pay支付平台宣布完成融资。", "8Pay announced it had completed its financing.")], ("org", "8Pay", "8Pay"), set()),
    ([("警方逮捕了两名ABC组织成员。", "Police arrested two members of ABC.")], ("org", "ABC", "ABC"), set()),
    ([("防晒霜上标有SPF和PA。", "Sunscreen is labelled with SPF and PA.")], None, {"SPF", "PA"}),
    # a fair by its short name, a station described by common words, a licence: no organisations
    ([("闽博会将于下月开幕。", "The Fujian Expo opens next month.")], None, {"闽博会", "Fujian Expo"}),
    ([("某个大学广播电台报道了此事。", "A university radio station reported this.")], None, {"广播电台", "大学广播电台"}),
    ([("银行将续展其经营许可证。", "The bank will renew its License for Banking Services.")], None, {"License for Banking Services"}),
]


def test_round5_name_classes():
    assert_names("kkko", ROUND5_NAMES, one_row=True)


def test_an_organisation_named_again_without_its_country_is_one():
    from duizhao.knowledge import document_names

    doc = make_doc(
        "kkkp000000000001",
        "2016-08-12",
        [("美国空军对这项研究感兴趣。", "The US Air Force is interested in this research."),
         ("这些团队已同空军签订合同。", "These teams have signed a contract with the Air Force.")],
    )
    orgs = [n for n in document_names(extract(doc)) if n["type"] == "org"]
    assert [(n["zh"], n["en"]) for n in orgs] == [("美国空军", "US Air Force")], orgs


# Written for this test: the figure classes of round 6 (one document per row: its pairs, then the figures
# expected as (value, unit, a word of the measure, year, direction)).
ROUND6_FIGURES = [
    # a classifier of shape (片, 枚, 棵) counts the noun after it; "pieces of" counts what follows its "of"
    ([("工人在码头装船了35片叶片。", "35 pieces of turbine blades were loaded at the pier.")], [(35, "count", "叶片", None, None)]),
    ([("园区新栽了1200棵树。", "The park planted 1,200 trees.")], [(1200, "count", "树", None, None)]),
    # a sum per ton is a price, of what the sentence prices; a change against a base measures the same
    (
        [("铁矿石价格持续上涨，一度涨到每吨520元，比年初上涨近90元。",
          "The price of iron ore kept rising, once reaching 520 yuan per ton, nearly 90 yuan higher than at the start of the year.")],
        [(520, "CNY", "铁矿石价格", None, None), (90, "CNY", "铁矿石价格", None, "up")],
    ),  # fmt: skip
    # 15个亿元以上项目: fifteen projects of a size, not 1.5 billion yuan
    ([("15个亿元以上重点项目集中开工。", "15 key projects each worth over 100 million yuan started construction.")], [(15, "count", "项目", None, None)]),
    # a count named again (这35家企业) is the fact stated before, kept once
    (
        [("展会吸引了35家企业参展。", "The fair drew 35 companies."), ("这35家企业来自10个国家。", "These 35 companies came from 10 countries.")],
        [(35, "count", "企业", None, None), (10, "count", "国家", None, None)],
    ),
    # "the two delegations": things already named, spelled in words, are no statistic
    ([("两国代表团举行了会谈。", "The two delegations held talks.")], []),
]


def test_round6_figure_classes():
    assert_figures("kkkq", ROUND6_FIGURES)
    k = extract(make_doc("kkkq000000000100", "2016-08-12", ROUND6_FIGURES[0][0]))
    assert k.figures[0].measure_en == "turbine blades"


# Written for this test: the name classes of round 6 (as ROUND5_NAMES).
ROUND6_NAMES = [
    # a city's government is a body of its own; a country's government is the country
    ([("南宁市政府与企业签约。", "The Nanning city government signed with companies.")], ("org", "南宁市政府", None), set()),
    ([("叙利亚政府表示欢迎。", "The Syrian government welcomed it.")], None, {"叙利亚政府"}),
    # a place in brackets inside a body's name is part of the name
    ([("中国（广东）自由贸易研究院发布报告。", "The China (Guangdong) Free Trade Research Institute released a report.")],
     ("org", "中国（广东）自由贸易研究院", None), {"广东"}),
    # a surname with a word of address, and a nickname, beside their English
    ([("王师傅说，车已修好。", "Master Wang said the car was fixed.")], ("person", "王师傅", "Master Wang"), set()),
    ([("李大娘笑着说，今年收成好。", "Aunt Li said with a smile that the harvest was good this year.")], ("person", "李大娘", "Aunt Li"), set()),
    ([("小磊和同学一起去了图书馆。", "Xiaolei went to the library with classmates.")], ("person", "小磊", "Xiaolei"), set()),
    ([("这位先生说，他来自上海。", "This gentleman said he came from Shanghai.")], None, {"这位先生", "位先生"}),
    # a name's suffix in a verb (举办 ends in 办) does not carry the name on into it
    ([("省政府在北京国际会议中心举办论坛。", "The provincial government held a forum at the Beijing International Convention Center.")],
     ("place", "北京国际会议中心", "Beijing International Convention Center"), {"北京国际会议中心举办"}),
]


def test_round6_name_classes():
    assert_names("kkks", ROUND6_NAMES, one_row=True)


def test_a_village_spelled_like_a_nickname_is_no_person():
    from duizhao.knowledge import document_names

    pairs = [("村民来自小作、台头等村。", "Villagers came from villages such as Xiaozuo and Taitou.")]
    assert not [n for n in document_names(extract(make_doc("kkkt000000000001", "2016-08-12", pairs))) if n["type"] == "person"]


# Written for this test: a Chinese name with its original form in brackets (as ROUND5_NAMES).
BRACKETED_NAMES = [
    ([("发言人安德拉达(Mario Andrada)表示，一切正常。", "Spokesman Mario Andrada said everything was normal.")],
     ("person", "安德拉达", "Mario Andrada"), set()),
    # a word of address after the name is not part of it
    ([("现年40岁的杜雷女士(Mariana Turay)说，她很高兴。", "Mariana Turay, 40, said she was happy.")], ("person", "杜雷", "Mariana Turay"), {"杜雷女士"}),
    ([("事件发生在帕拉纳圭市(Paranaque)监狱。", "The incident occurred at Paranaque City Jail.")], ("place", "帕拉纳圭市", "Paranaque"), set()),
    # a body's name, and the longer English span that holds it is the same body
    ([("他是纽约的攀岩联合会 (Climbing Federation) 教练。", "He is a coach of the Climbing Federation of New York.")],
     ("org", "攀岩联合会", "Climbing Federation"), {"Climbing Federation of New York"}),
    # every piece a middle dot joins is the name, whatever its characters; a long name is whole
    ([("法国车手波林·费朗德·普雷沃 (Pauline Ferrand Prevot) 受到追捧。", "French cyclist Pauline Ferrand Prevot was sought after.")],
     ("person", "波林·费朗德·普雷沃", "Pauline Ferrand Prevot"), set()),
    ([("著名演员尼尔·帕特里克·哈里斯 (Neil Patrick Harris) 出席。", "The actor Neil Patrick Harris attended.")],
     ("person", "尼尔·帕特里克·哈里斯", "Neil Patrick Harris"), set()),
    ([("主演马修·莫里森 (Matthew Morrison) 到场。", "The star Matthew Morrison came.")], ("person", "马修·莫里森", "Matthew Morrison"), set()),
    # an acronym of a thing in brackets is no name
    ([("全球定位系统（GPS）已经启用。", "The Global Positioning System (GPS) is in use.")], None, {"GPS", "全球定位系统"}),
]


def test_bracketed_original_names():
    from duizhao.knowledge import document_names

    for i, (pairs, expected, not_names) in enumerate(BRACKETED_NAMES):
        names = document_names(extract(make_doc(f"kkku{i:012d}", "2016-08-12", pairs)))
        if expected:
            kind, zh, en = expected
            row = next((n for n in names if n["type"] == kind and n["zh"] == zh), None)
            assert row is not None and row["en"] == en, (pairs, names)
            assert len([n for n in names if n["type"] == kind]) == 1, names
        assert not not_names & {x for n in names for x in (n["zh"], n["en"])}, (pairs, names)


def test_latin_companies_orchestras_and_a_body_named_again_by_its_last_words():
    from duizhao.knowledge import document_names

    def orgs(i: int, pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
        names = document_names(extract(make_doc(f"kkkv{i:012d}", "2016-08-12", pairs)))
        return [(n["zh"], n["en"]) for n in names if n["type"] == "org"]

    # an acronym with the Chinese word of its trade
    assert orgs(1, [("KT电信宣布扩大投资。", "KT Telecom announced more investment.")]) == [("KT电信", "KT Telecom")]
    # an orchestra is a body
    assert orgs(2, [("墨尔本交响乐团将在北京演出。", "The Melbourne Symphony Orchestra will perform in Beijing.")]) == [
        ("墨尔本交响乐团", "Melbourne Symphony Orchestra")
    ]
    # the English alone naming a body again by the last words of its name: one row
    pairs = [
        ("该公司由东方环球集团控股。", "The company is held by Eastern Global Holdings Group."),
        ("集团称利润增长。", "Global Holdings Group said profits grew."),
    ]
    assert len(orgs(3, pairs)) == 1
    # two bodies sharing their last words, neither the other's end, stay two
    pairs = [("双方签署协议。", "The Northern Trade Commission signed the deal."), ("另一方也签署。", "The Southern Trade Commission signed too.")]
    assert sorted(en for _zh, en in orgs(4, pairs)) == ["Northern Trade Commission", "Southern Trade Commission"]


# Written for this test: counts that are references or rates (as ROUND6_FIGURES).
ROUND6_COUNTS = [
    # people counted in tens of thousands need no classifier; a yearly rate takes no other clause's year
    ([("这座博物馆2005年开馆，每年接待约300万游客。", "The museum opened in 2005 and receives about 3 million tourists a year.")],
     [(3_000_000, "count", "游客", None, None)]),
    # an idiom after the count says what befell them
    ([("洪水过后，约有200人无家可归。", "After the flood, about 200 people were left homeless.")], [(200, "count", "无家可归", None, None)]),
    # two names joined, then their number; 这三个: things pointed at again
    ([("王明和刘强两位教授出席了会议。", "Professors Wang Ming and Liu Qiang attended the meeting.")], []),
    ([("这三个问题必须解决。", "These three problems must be solved.")], []),
    # a real count after a pair of nouns stays
    ([("学生和家长共500人参加了活动。", "500 students and parents took part.")], [(500, "count", "", None, None)]),
]


def test_round6_counts_that_are_references_or_rates():
    assert_figures("kkkw", ROUND6_COUNTS)


# Written for this test: names kept in Latin letters inside the Chinese (as translators of English news
# write them), companies the dictionary knows by their English name, and media named in 《》.
ROUND7_NAMES = [
    # two capitalised words beside a role or a verb: a person, the same on both sides
    ([("委员会副主席 Laura Pemberton 在周五表示反对。", "Committee vice-chair Laura Pemberton said on Friday she was against it.")],
     ("person", "Laura Pemberton", "Laura Pemberton"), set()),
    # a post written before the name is no part of it
    ([("该公司的CEO Martin Hale也表示满意。", "The company's CEO Martin Hale was also satisfied.")], ("person", "Martin Hale", "Martin Hale"), {"CEO Martin Hale", "CEO"}),
    # an acronym or a name with "&" beside a word saying what it is: an organisation
    ([("当地电台 WKRT 报道了此事。", "Local station WKRT reported it.")], ("org", "WKRT", "WKRT"), set()),
    ([("他在 Smith & Sons 餐馆工作。", "He works at the Smith & Sons restaurant.")], ("org", "Smith & Sons", "Smith & Sons"), set()),
    # names joined as one list are of one kind
    ([("Open Hands 和 L'Abri des Marins 两家慈善组织发出呼吁。", "The charities Open Hands and L'Abri des Marins made an appeal.")],
     ("org", "Open Hands", "Open Hands"), set()),
    # a name after 在 or before 社区 is a place, no person or organisation
    ([("他住在 Maple Grove 社区。", "He lives in the Maple Grove community.")], ("place", "Maple Grove", "Maple Grove"), set()),
    # a lone Latin word or acronym says nothing of itself, a term (SPF) least of all
    ([("这款产品的 SPF 值很高。", "The SPF of this product is high.")], None, {"SPF"}),
    # a product named by the noun after it
    ([("他们发布了2018 Blue Horizon 日历。", "They released the 2018 Blue Horizon calendar.")], None, {"Blue Horizon"}),
    # a company CC-CEDICT knows, which jieba splits or tags otherwise, named so in the English
    ([("台积电的工厂停产了。", "TSMC's plant stopped production.")], ("org", "台积电", "TSMC"), set()),
    ([("此前阿斯利康发布了新药。", "Earlier AstraZeneca released a new drug.")], ("org", "阿斯利康", "AstraZeneca"), set()),
    # the English name must be the whole name, not a piece of a longer one
    ([("他在新浪微博上发帖。", "He posted on Sina Weibo.")], None, {"Sina"}),
    # a company named by a common word the English capitalises inside its sentence
    ([("分析师说苹果公司将推出新手机。", "Analysts said Apple would launch a new phone.")], ("org", "苹果", "Apple"), set()),
    # a title in 《》 that either side calls a medium
    ([("《Outdoor Life》杂志将刊登这组照片。", "Outdoor Life magazine will run the photos.")], ("org", "Outdoor Life", "Outdoor Life"), set()),
    ([("它不同于老派的《花花公子》。", "It differs from the old-style Playboy magazine.")], ("org", "花花公子", "Playboy"), set()),
]


def test_round7_name_classes():
    assert_names("kkkx", ROUND7_NAMES, one_row=False)


# Written for this test: the figure classes of round 7 (value, unit, a measure word, year, direction).
ROUND7_FIGURES = [
    # a share named by the verb after it, of those named before it
    ([("参加投票的会员中，64%支持该方案。", "Of the members who voted, 64% supported the plan.")], [(64, "%", "支持", None, None)]),
    ([("受访者中有35%计划换车。", "35% of respondents plan to change cars.")], [(35, "%", "计划", None, None)]),
    # a fraction is a share in percent, of what follows it
    ([("每年约有20,000人骨折，其中有三分之一会再次骨折。", "About 20,000 people break a bone each year, a third of whom break one again.")],
     [(20000, "count", "骨折", None, None), (100 / 3, "%", "骨折", None, None)]),
    ([("有多达五分之一接受过手术的患者需要复查。", "Up to a fifth of patients who had surgery need a check.")], [(20, "%", "患者", None, None)]),
    # a dose, measured by the drug named after it, with or without 的
    ([("医生建议服用75 mg 的阿司匹林。", "Doctors advise taking 75mg of aspirin.")], [(75, "mg", "阿司匹林", None, None)]),
    ([("之后每天服用40mg阿托伐他汀。", "Then 40mg of atorvastatin a day.")], [(40, "mg", "阿托伐他汀", None, None)]),
    # a price in cents is one fact in dollars; its conversion in brackets is no second one
    ([("小贩以80美分（65便士）的价格卖咖啡。", "Vendors sell coffee at 80 US cents (65 pence).")], [(0.8, "USD", "价格", None, None)]),
    # N个亿 said without 元 is a sum, not a count
    ([("目前公司已投入达3个亿，效果明显。", "The company has invested RMB300 million so far.")], [(3e8, "CNY", "投入", None, None)]),
    # 目前 gives no period (the gold's convention): a level said to hold now, even after an earlier clause's year
    ([("目前全省已有12个市实施该政策。", "At present 12 cities in the province carry out the policy.")], [(12, "count", "市", None, None)]),
    ([("该省2009年启动试点，目前已有9个城市实施该政策。", "The province launched pilots in 2009; 9 cities now apply the policy.")], [(9, "count", "城市", None, None)]),
    # a sum before 的 is what the thing after it costs
    ([("患者每天服用3英镑的药片。", "Patients take pills costing 3 pounds a day.")], [(3, "GBP", "药片", None, None)]),
    # lengths and weeks in the English are dimensions and spans, no counts
    ([("", "The house stands about 300 meters from the river, and the works took 6 weeks.")], []),
]


def test_round7_figure_classes():
    assert_figures("kkky", ROUND7_FIGURES)
    k = extract(make_doc("kkky000000000100", "2016-08-12", ROUND7_FIGURES[0][0]))
    assert k.figures[0].kind == "share"


# Written for this test: the figure classes of round 8 (value, unit, a measure word, year, direction).
ROUND8_FIGURES = [
    # a career's results counted without a classifier, or with 场 before the result noun
    ([("这名车手取得职业1,200胜。", "The rider reached 1,200 career wins.")], [(1200, "count", "胜", None, None)]),
    ([("他一生中取得了超过2,500场胜利。", "He won more than 2,500 races in his life.")], [(2500, "count", "胜利", None, None)]),
    # a handful of people counted to point at those named or counted: no figure
    ([("有两名球员入选，他们分别是张三和李四。", "Two players were picked, namely Zhang San and Li Si.")], []),
    ([("受伤的五人中，其中两人伤势较重。", "Of the five injured, two are badly hurt.")], [(5, "count", "受伤", None, None)]),
    # ... but a handful of people that is the fact itself stays
    ([("大火中3名消防队员受伤。", "3 firefighters were hurt in the fire.")], [(3, "count", "消防队员", None, None)]),
    # a headline's sum restated by the body, and a count restated in the English only: one fact each
    ([("新桥斥资8亿英镑", "New bridge costs 800 million pounds"), ("该斥资8亿英镑的项目计划明年完工。", "The 800 million pound project ends next year.")],
     [(8e8, "GBP", "斥资", None, None)]),
    ([("车手取得职业1,200胜", "Rider reaches 1,200 career wins"), ("周日的胜利让他取得职业1,200胜。", "Sunday's win gave him 1,200 career wins.")],
     [(1200, "count", "胜", None, None)]),
]


def test_round8_figure_classes():
    assert_figures("kkkz", ROUND8_FIGURES)


# Written for this test: the name classes of round 8 (expected (type, zh, en) and forms that must not be names).
ROUND8_NAMES = [
    # a Hong Kong rendering before the English name in brackets, whatever its characters
    ([("他骑着练马师施卓贤 (Peter Stanford) 训练的马获胜。", "He won on a horse trained by Peter Stanford.")], ("person", "施卓贤", "Peter Stanford"), set()),
    ([("前三位是：韦达 (Keith Walters)、和柏嘉 (Tony Parker)。", "The top three: Keith Walters and Tony Parker.")], ("person", "柏嘉", "Tony Parker"), {"和柏嘉"}),
    # a glossary city inside a longer Latin name of a station does not block it
    ([("据 CBS Philadelphia 报道，警方已介入。", "According to CBS Philadelphia, police are involved.")], ("org", "CBS Philadelphia", "CBS Philadelphia"), set()),
    # a channel by its name; "that channel" is none
    ([("纪录片已在动物星球频道上播放。", "The film was aired on Animal Planet.")], ("org", "动物星球频道", ""), set()),
    ([("该频道随后道歉。", "The channel later apologised.")], None, {"该频道"}),
    # a Latin name with a curly apostrophe in the Chinese and a straight one in the English
    ([("据 Smith’s Farm Bank 称，利率不变。", "According to Smith's Farm Bank, rates are unchanged.")], ("org", "Smith’s Farm Bank", "Smith's Farm Bank"), set()),
    # an acronym with a digit and its trade before the company word
    ([("美国SG3D打印公司制作了鸟喙。", "The beak was made by SG3D, a US company.")], ("org", "SG3D打印公司", "SG3D"), set()),
]


def test_round8_name_classes():
    assert_names("kkkw", ROUND8_NAMES, one_row=False)


# Written for this test: round 9's dates (events as (date, precision, unresolved), without a publication date).
ROUND9_EVENTS = [
    # a month with the one year the sentence states later, inside an event's name; the weekday in brackets restates it
    ("她们在8月份（周四）举办的2016年夏季奥运会上获得金牌。", [("2016-08", "month", False)]),
    # a comparison's base or a report's topic lends its year to nothing else
    ("截至7月底，集装箱到发量较2015年同期增长8%。", [("", "month", True)]),
    ("8月12日上午，国务院新闻办就2016年7月份国民经济运行情况举行新闻发布会。", [("", "day", True)]),
    # two different years leave a yearless date unresolved
    ("8月份的决赛中，2016年的冠军击败了2012年的亚军。", [("", "month", True)]),
]


def test_round9_a_yearless_date_takes_the_one_year_of_its_sentence():
    for i, (zh, expected) in enumerate(ROUND9_EVENTS):
        events = extract(make_doc(f"kkkv{i:012d}", None, [(zh, "")])).events
        assert [(e.date, e.precision, e.unresolved) for e in events] == expected, (zh, events)


# Written for this test: round 9's figure classes — medals and titles in a row are a person's record, a
# number inside a short quoted name is no count, a handful of people named after a dash is no figure.
ROUND9_FIGURES = [
    ([("她在本届奥运会上共夺得五枚奖牌。", "She won five medals in total at these Games.")], []),
    ([("她共夺得15枚世界锦标赛奖牌，其中包括十枚金牌。", "She has won 15 World Championship medals, including 10 golds.")], []),
    ([("他获得了2金2银。", "He won 2 gold and 2 silver medals.")], []),
    ([("他帮助球队实现四连冠。", "He helped the team to four consecutive championships.")], []),
    ([("三连任是违反宪法的。", "It is illegal to serve three consecutive terms.")], []),
    ([("她们是“终极五人组”，下届队伍将由四名运动员组成。", "They are the Final Five; the next team will have 4 athletes.")],
     [(4, "count", "运动员", None, None)]),
    ([("这支队有三名优秀的运动员——张三、李四和王五。", "The team has 3 excellent athletes: Zhang San, Li Si and Wang Wu.")], []),
    # a bank's or a mine's gold is no medal: 金 before 行 / 矿 stays a figure's word
    ([("全国共有5家金矿企业。", "There are 5 gold mining companies in the country.")], [(5, "count", "企业", None, None)]),
]


def test_round9_figure_classes():
    assert_figures("kkku", ROUND9_FIGURES)


# Written for this test: round 9's name classes — generic bodies, a town after its state, and a person
# named again by a given name or a clipped surname (expected (type, zh, en) and forms that must not be names).
ROUND9_NAMES = [
    ([("她们主要在私人体操俱乐部训练。", "They train mainly in private gymnastic clubs.")], None, {"私人体操俱乐部", "体操俱乐部"}),
    ([("20年前，我成立了自己的体操基金会。", "I founded my own gymnastics foundation 20 years ago.")], None, {"体操基金会"}),
    ([("她给国家队教练卡罗利奉上厚礼。", "She gave a gift to Karolyi, the coach of the national team.")], None, {"国家队"}),
    ([("普京周五告诉俄罗斯电视台说，他已辞职。", "Putin told Russian television channels on Friday that he resigned.")], None, {"俄罗斯电视台"}),
    # a medium in 《》 the dictionary knows, though the English spells it otherwise (Takungpao for Dagong Bao)
    ([("香港权威媒体《大公报》透露，他已失去兴趣。", "Takungpao, a renowned Hong Kong news company, disclosed that he lost interest.")],
     ("org", "大公报", None), set()),
    ([("她回到位于德克萨斯州斯普林的家。", "She returned to her home at Spring, Texas.")], ("place", "斯普林", "Spring"), set()),
]


def test_round9_name_classes():
    assert_names("kkkt", ROUND9_NAMES, one_row=False)


def test_round9_a_given_name_or_a_clipped_surname_is_the_person_named_in_full():
    from duizhao.knowledge import document_names

    pairs = [
        ("队伍里有阿里·莱斯曼 (Aly Raisman) 和穆斯塔芬娜 (Aliya Mustafina)。", "The team includes Aly Raisman and Aliya Mustafina."),
        ("阿里随后获得银牌。", "Aly then won silver."),
        ("穆斯两次旋转后领先。", "Mustafina led after two spins."),
    ]
    people = [n for n in document_names(extract(make_doc("kkks000000000000", "2016-08-12", pairs))) if n["type"] == "person"]
    assert sorted(n["zh"] for n in people) == ["穆斯塔芬娜", "阿里·莱斯曼"], people


def test_round9_a_seat_of_power_named_for_its_body_is_an_organisation():
    from duizhao.knowledge import document_names

    pairs = [("克里姆林宫的一份声明称，普京已解除他的职务。", "A statement from the Kremlin said that Putin had relieved him.")]
    names = document_names(extract(make_doc("kkkr000000000000", "2016-08-12", pairs)))
    assert [n["type"] for n in names if n["en"] == "Kremlin"] == ["org"], names


# Written for this test: transliterations whose vowels differ from their English names but whose consonants
# follow them in order (Chinese adds a vowel to each consonant of a cluster and writes r as l or 尔), a last
# syllable jieba leaves untagged, a courtesy title before a name, and a currency code that is no name.
TRANSLITERATED_NAMES = [
    ([("环保人士为普鲁特的转变感到欢呼。", "Environmentalists cheered Pruitt's change of course.")], ("person", "普鲁特", "Pruitt"), set()),
    ([("昨天格雷戈尔再次访问了大使馆。", "Yesterday Gregor visited the embassy again.")], ("person", "格雷戈尔", "Gregor"), set()),
    ([("他昨天见到了马尔科姆的妻子。", "He met Malcom's wife yesterday.")], ("person", "马尔科姆", "Malcom"), {"马尔科"}),
    ([("那天她和费雷尔一起大笑起来。", "That day she laughed with Ferrell.")], ("person", "费雷尔", "Ferrell"), set()),
    ([("该公司首席执行官杰瑞·萨尔瓦蒂出席了会议。", "The company's CEO Jerry Sarvadi attended the meeting.")],
     ("person", "杰瑞·萨尔瓦蒂", "Jerry Sarvadi"), {"CEO Jerry Sarvadi"}),
    ([("汽车单价从700万卢布起。", "The cars are priced from RUB7 million.")], None, {"卢布", "RUB"}),
]


def test_transliterated_names_by_their_consonants():
    assert_names("kkkq", TRANSLITERATED_NAMES, one_row=False)


# Written for this test: an organisation found on both sides is one name — a place before a body's word
# (Washington University), a name written twice in the Chinese, a place opening the Chinese name and closing
# the English one — and a body's headquarters in a country is no name.
PAIRED_BODIES = [
    ([("华盛顿大学的研究人员发现了这一点。", "Researchers at Washington University found this.")],
     ("org", "华盛顿大学", "Washington University"), {"华盛顿", "Washington"}),
    ([("欧洲央行的决定推升欧元，但欧洲央行不会很快调整。", "The move lifted the euro, but the European Central Bank will not change course soon.")],
     ("org", "欧洲央行", "European Central Bank"), set()),
    ([("论坛在中国人民大学开幕。", "The forum opened at Renmin University of China.")], ("org", "中国人民大学", "Renmin University"), set()),
    ([("她与环球英国总部签约。", "She signed with Universal Music's headquarters in the UK.")], None, {"英国总部"}),
]  # fmt: skip


def test_an_organisation_on_both_sides_is_one_name():
    from duizhao.knowledge import document_names

    assert_names("kkkp", PAIRED_BODIES, one_row=False)
    names = document_names(extract(make_doc("kkkp900000000000", "2016-08-12", PAIRED_BODIES[1][0])))
    assert len([n for n in names if n["type"] == "org"]) == 1, names


# Written for this test: amounts with spaces around their Latin digits, as some news sources write them;
# each is read as if written tight and quoted as written.
SPACED_FIGURES = [
    ([("该公司向当地工厂支付了近 2 千万美元。", "The company paid nearly $20 million to local plants.")], [(2e7, "USD", "支付", None, None)]),
    ([("计划将移民减少至每年 50,000 人。", "The plan cuts immigrants to 50,000 a year.")], [(50000, "count", "移民", None, None)]),
    ([("该公司收入增长 12.5%。", "The company's revenue grew 12.5%.")], [(12.5, "%", "收入", None, "up")]),
]


def test_amounts_with_spaces_around_their_digits():
    assert_figures("kkko", SPACED_FIGURES)
    k = extract(make_doc("kkko900000000000", "2016-08-12", SPACED_FIGURES[0][0]))
    assert [f.surface_zh for f in k.figures] == ["近 2 千万美元"]


# Written for this test: which way a figure moved and what it measures — a rate that rose to a level
# (增长率达到), verbs of a surge or a plunge, a one-character verb that is no measure (直降至), a doubled 一
# that is no eleven, and an age the translation gives as a bare number.
MOVES = [
    ([("该公司去年的增长率达到35%。", "The company's growth rate reached 35% last year.")], [(35, "%", "增长率", 2015, "up")]),
    ([("运营支出飙升47%。", "Operating expenses surged 47%.")], [(47, "%", "运营支出", None, "up")]),
    ([("平均关税由18.5%直降至6.5%。", "The average tariff fell from 18.5% to 6.5%.")],
     [(18.5, "%", "平均关税", None, None), (6.5, "%", "平均关税", None, None)]),
    ([("这是唯一一个获得批准的国家。", "It is the only country that was approved.")], []),
    ([("他今年刚满 60 岁。", "He turned 60 this year.")], []),
]  # fmt: skip


def test_which_way_a_figure_moved_and_what_it_measures():
    assert_figures("kkkn", MOVES)


# Written for this test: a list of rates after one verb each take its direction and measure, a rate given
# again by the next sentence of a paragraph is another fact, and a change in points after a rate measures it.
LISTED_RATES = [
    (
        [
            ("2015年前三季度该省工业产值同比增长7.5%，比上年同期加快0.3个百分点。", "The province's industrial output grew 7.5%."),
            ("其中一季度、二季度分别增长7.5%、7.2%。", "Growth was 7.5% and 7.2% in the first and second quarters."),
        ],
        [(7.5, "%", "工业产值", 2015, "up"), (0.3, "pp", "工业产值", 2015, "up"), (7.5, "%", "工业产值", None, "up"), (7.2, "%", "工业产值", None, "up")],
    ),
]  # fmt: skip


def test_listed_rates_take_the_verb_and_stay_apart():
    pairs = LISTED_RATES[0][0]
    k = extract(make_doc("kkkm000000000000", None, [("标题", "Title"), (pairs[0][0] + pairs[1][0], pairs[0][1] + " " + pairs[1][1])]))
    got = [(f.value, f.unit, f.measure_zh, f.year, f.direction) for f in k.figures]
    assert got == LISTED_RATES[0][1], got


def test_a_given_name_folds_into_a_full_name_the_chinese_gives_by_its_surname():
    from duizhao.knowledge import document_names

    pairs = [
        ("在昨天的比赛中，布莱克获得第四名。", "In the race yesterday, Neil Black finished fourth."),
        ("随后尼尔说他很满意。", "Then Neil said he was satisfied."),
    ]
    people = [n for n in document_names(extract(make_doc("kkkl000000000000", None, pairs))) if n["type"] == "person"]
    assert [(n["zh"], n["en"]) for n in people] == [("布莱克", "Neil Black")], people


def test_a_demonym_before_a_surname_is_no_part_of_the_name():
    from duizhao.knowledge import document_names

    pairs = [("英格兰人伊尔斯赢得了比赛。", "The Englishman Eales won the event.")]
    names = document_names(extract(make_doc("kkkk000000000000", None, pairs)))
    assert ("伊尔斯", "Eales") in [(n["zh"], n["en"]) for n in names], names


# Written for this test: a dotted foreign name ends where its last piece does, not inside the word after it
# (因多次: because of … several times), and keeps pieces spelled with 西 and 麦.
DOTTED_ENDS = [
    ([("据报道，26岁的马克·杜兰洛因多次被刺伤而死亡。", "Mark Duranleau, 26, died after being stabbed several times.")],
     ("person", "马克·杜兰洛", "Mark Duranleau"), {"马克·杜兰洛因多"}),
    ([("他引用了歌手弗兰克·西纳特拉的歌词。", "He quoted lyrics by singer Frank Sinatra.")], ("person", "弗兰克·西纳特拉", "Frank Sinatra"), {"西纳"}),
    ([("副总裁妮娜·麦卡特尼表示满意。", "Vice president Nina McCartney was satisfied.")], ("person", "妮娜·麦卡特尼", "Nina McCartney"), set()),
]  # fmt: skip


def test_a_dotted_name_ends_with_its_last_piece():
    assert_names("kkkj", DOTTED_ENDS, one_row=False)


# Written for this test: dates with spaces around their digits are events, quoted as written, and give
# the figures of their sentence their period.
def test_dates_with_spaces_around_their_digits():
    k = extract(make_doc("kkki000000000000", None, [("该公司于 1999 年 6 月筹集了 2500 万美元。", "In June 1999 the company raised $25 million.")]))
    assert [(e.date, e.precision, e.surface) for e in k.events] == [("1999-06", "month", "1999 年 6 月")], k.events
    assert [(f.value, f.unit, f.year) for f in k.figures] == [(25_000_000, "USD", 1999)], k.figures


def test_a_number_the_chinese_gives_as_a_name_is_no_figure_in_the_translation():
    pairs = [("神舟十一号航天员接受了采访。", "The Shenzhou 11 astronauts gave an interview.")]
    assert extract(make_doc("kkkh000000000000", None, pairs)).figures == []


# Written for this test: a lone Latin name that speaks, reports or sues in the Chinese is a body.
SPEAKING_LATIN = [
    ([("当时Lumio称，公司估值已达到2亿美元。", "At the time, Lumio claimed the company was valued at $200 million.")], ("org", "Lumio", "Lumio"), set()),
    ([("KXTV 指控他威胁电台。", "KXTV accused him of threatening the station.")], ("org", "KXTV", "KXTV"), set()),
    ([("我们与 Lumio 一起工作。", "We work with Lumio.")], None, {"Lumio"}),
]  # fmt: skip


def test_a_lone_latin_name_that_speaks_is_a_body():
    assert_names("kkkg", SPEAKING_LATIN, one_row=False)


# Written for this test: a post between a body's name and a person's parts them (Apple CEO Tim Cook), and
# 惠 spells foreign names.
INNER_TITLES = [
    ([("出席者包括苹果首席执行官蒂姆库克。", "Those present included Apple CEO Tim Cook.")], ("person", "蒂姆库克", "Tim Cook"), {"Apple CEO Tim Cook"}),
    ([("新演员包括马特·惠兰。", "New cast members include Matt Whelan.")], ("person", "马特·惠兰", "Matt Whelan"), set()),
]  # fmt: skip


def test_a_post_between_a_body_and_a_person_parts_them():
    assert_names("kkkf", INNER_TITLES, one_row=False)
