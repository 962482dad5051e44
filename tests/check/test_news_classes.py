"""Classes of false alarm and of missed error found by running the checks over news sentence pairs (WMT18,
the tuning set; bench/checks_news.py). Each row is our own sentence pair written for its class, not a copy."""

from __future__ import annotations

import pytest

from duizhao.check import check_pair
from duizhao.lang.quantities import extract_quantities, parse_zh_numeral

# (class, zh, en): a faithful translation, no error may be raised
FAITHFUL = [
    ("space before 万", "该基金会已经为这所学校捐赠了 300 多万英镑。", "The foundation has given the school more than £3m."),
    ("space before 亿", "这家公司的市值约为 42.5 亿美元。", "The company is worth about $4.25 billion."),
    ("space after 超过", "有超过 20 万名球迷到场观看。", "More than 200,000 fans came to watch."),
    ("spaced range", "这些岩石形成于 2.3 亿至 2.5 亿年前。", "The rocks formed between 230 million and 250 million years ago."),
    ("spaced 千万", "他们向工人支付了近 3 千万美元。", "They paid the workers nearly $30 million."),
    ("Chinese decimal", "新桥长六百二十点五米、宽十八点四米。", "The new bridge is 620.5 meters long and 18.4 meters wide."),
    ("Chinese decimal with scale", "全省耕地面积为三点六亿亩。", "The province has 360 million mu of farmland."),
    ("Chinese decimal with 万", "报名人数已达二点三万多人。", "More than 23,000 people have signed up."),
    ("kilometres", "震源深度20千米。", "The focal depth was 20 kilometers."),
    ("kilowatts", "到2030年装机容量将达到5亿千瓦。", "Installed capacity will reach 500 million kilowatts by 2030."),
    ("一百二 = 120", "来自一百二多个城市的代表参加了会议。", "Delegates from over 120 cities attended the meeting."),
    ("三千五 = 3500", "每人每月补助三千五元。", "Each person receives a subsidy of 3,500 yuan a month."),
    ("decade series", "他们在上世纪60、70年代当过兵。", "They served as soldiers in the 1960s and 1970s."),
    ("decade series, short form", "这些房子建于上世纪5、60年代。", "These houses were built in the 1950s and 1960s."),
    ("spaced decade", "她在 20 世纪 60 年代末来到伦敦。", "She came to London in the late 1960s."),
    ("spaced decade, short English", "这部电影让人想起 70 年代的摇滚乐。", "The film recalls '70s rock music."),
    ("generation series", "很多90、00后选择在网上购物。", "Many people born in the 1990s and 2000s shop online."),
    ("hyphenated scale", "公司将削减 2 亿英镑（2.6 亿美元）开支。", "The company will cut spending by 200 million pounds ($260-million U.S.)."),
    ("hyphenated age", "这块有 1.5 亿年历史的化石十分罕见。", "The 150-million-year-old fossil is rare."),
    ("won before the number", "游客人均消费142万韩元。", "Visitors spent KRW1.42 million per head."),
    ("rupiah", "一公斤大米卖 2 万印尼卢比。", "A kilo of rice sells for 20,000 Indonesian rupiah."),
    (
        "rates listed by currency",
        "1美元对人民币6.5元，1欧元对人民币7.7元，1英镑对人民币8.8元。",
        "USD1 to RMB6.5, EUR1 to RMB7.7, GBP1 to RMB8.8.",
    ),
    ("congress ordinal", "代表们回到家乡宣讲二十大精神。", "The delegates went home to explain the spirit of the 20th CPC National Congress."),
    (
        "session of a congress",
        "在十三届全国人大三次会议上，他提交了议案。",
        "He submitted a motion at the 3rd session of the 13th National People's Congress.",
    ),
    ("order number is no day", "第五十二号主席令公布了这部法律。", "Presidential Order No. 52 promulgated the law."),
    ("ordinal before a noun is no day", "常委会第二十次会议通过了决定。", "The decision was adopted at the 20th meeting of the Standing Committee."),
    ("two bare days", "展会于上月15、16日举行。", "The fair was held on the 15th and 16th last month."),
    ("a bare day range", "五号到七号，代表团访问了泰国。", "On the 5th to the 7th, the delegation visited Thailand."),
    ("spaced date", "新片将于 10 月 3 日上映。", "The new film opens on 3 October."),
    ("spaced year and month", "禁令于 2016 年 5 月生效。", "The ban took effect in May 2016."),
    ("decade pair in words", "这些歌曲流行于六七十年代。", "These songs were popular in the 1960s and 1970s."),
    ("between the Nth and the Mth", "5日至9日，代表团访问了越南。", "Between the 5th and the 9th, the delegation visited Vietnam."),
    ("lunar date", "今天是农历八月十五中秋节。", "Today is the Mid-Autumn Festival, the 15th day of the 8th month of the lunar calendar."),
    ("one in N", "近三分之一的学生每天步行上学。", "Nearly 1 in 3 pupils walk to school every day."),
    ("No. before a number", "第八十一集团军某旅参加了演习。", "A brigade of the No.81 Army Group took part in the exercise."),
    ("No. before a long number", "该产品侵犯了8,123,456号美国专利。", "The product infringes US Patent No. 8,123,456."),
    ("高1倍 = double", "城市地区的发病率比农村高1倍。", "The incidence in cities is double that in the countryside."),
    ("currency named after the amount", "她花了80多元（美元，下同）买鞋。", "She spent more than $80 (USD, the same below) on shoes."),
    ("spaced century as hundreds", "这座教堂建于 17 世纪。", "The church was built in the 1600s."),
    ("first session", "会议筹备十四届一次会议。", "The meeting prepared the first session of the 14th committee."),
    ("a congress said twice", "学习二十大报告，宣讲二十大精神。", "Study the report of the 20th Congress and explain its spirit."),
]


@pytest.mark.parametrize("cls,zh,en", FAITHFUL, ids=[r[0] for r in FAITHFUL])
def test_faithful_news_pairs_raise_no_error(cls: str, zh: str, en: str) -> None:
    errors = [f.detail for f in check_pair("u", zh, en) if f.severity == "error"]
    assert errors == [], cls


# (class, zh, en, kind): one fact changed on one side, an error of that kind must be raised
SLIPS = [
    ("space before 万", "该基金会已经为这所学校捐赠了 300 多万英镑。", "The foundation has given the school more than £30m.", "number"),
    ("Chinese decimal", "新桥长六百二十点五米。", "The new bridge is 620.8 meters long.", "number"),
    ("kilometres", "震源深度20千米。", "The focal depth was 30 kilometers.", "number"),
    ("decade series", "他们在上世纪60、70年代当过兵。", "They served as soldiers in the 1960s and 1980s.", "number"),
    ("congress ordinal", "代表们回到家乡宣讲十九大精神。", "The delegates went home to explain the spirit of the 18th CPC National Congress.", "number"),
    ("session of a congress", "在十三届全国人大三次会议上。", "At the 3rd session of the 12th National People's Congress.", "number"),
    ("rates listed by currency", "1美元对人民币6.5元，1欧元对人民币7.7元。", "USD1 to RMB6.5, EUR1 to RMB7.9.", "number"),
    ("two bare days", "展会于上月15、16日举行。", "The fair was held on the 15th and 18th last month.", "date"),
    ("spaced date", "新片将于 10 月 3 日上映。", "The new film opens on 5 October.", "date"),
    ("decade pair in words", "这些歌曲流行于六七十年代。", "These songs were popular in the 1950s and 1970s.", "number"),
    ("between the Nth and the Mth", "5日至9日，代表团访问了越南。", "Between the 5th and the 8th, the delegation visited Vietnam.", "date"),
    ("No. before a number", "第八十一集团军某旅参加了演习。", "A brigade of the No.82 Army Group took part in the exercise.", "number"),
    ("高1倍 = double", "城市地区的发病率比农村高1倍。", "The incidence in cities is triple that in the countryside.", "number"),
    ("a figure copied from its neighbour", "首付40万，贷款160万。", "A down payment of $400,000 and a loan of $400,000.", "number"),
]


@pytest.mark.parametrize("cls,zh,en,kind", SLIPS, ids=[r[0] for r in SLIPS])
def test_changed_facts_are_errors(cls: str, zh: str, en: str, kind: str) -> None:
    assert any(f.severity == "error" and f.kind == kind for f in check_pair("u", zh, en)), cls


@pytest.mark.parametrize(
    "numeral,value", [("一百二", 120), ("三千五", 3500), ("一万二", 12000), ("一百零二", 102), ("一百二十", 120), ("两万", 20000)]
)
def test_a_last_digit_after_a_unit_counts_one_unit_lower(numeral: str, value: int) -> None:
    assert parse_zh_numeral(numeral) == value


def test_a_bare_number_keeps_its_span_when_a_space_follows() -> None:
    (q,) = extract_quantities("编号 38 的房产", "zh")
    assert (q.surface, q.value, q.end) == ("38", 38.0, 5)


# names: (class, zh, en) faithful pairs that once raised an entity error
NAMES_FAITHFUL = [
    ("Latin letters in the Chinese", "本文来自华尔街日报中文网（ID：wsjcn），编辑李明。", "This article is from Wsjcn (ID: wsjcn), editor Li Ming."),
    ("a gloss in brackets", "欧足联的安德鲁·特拉韦尔索 (Andrea Traverso) 表示反对。", "Andrea Traverso of UEFA objected."),
    ("a people, not a misspelt country", "德国人喜欢用现金付款吗？", "Do Germans like to pay cash?"),
    ("an adjective of a doctrine", "他们为马克思列宁主义路线而奋斗。", "They fight for the Marxist-Leninist line."),
    ("an abbreviation for either country", "乌方愿同中方加强合作。", "Uzbekistan is willing to strengthen cooperation with China."),
    ("a common word that is also a name", "该省经济由中部垫底升至第二。", "The province's economy rose from the bottom of the region to second place in Hunan."),
    ("an organisation by its acronym", "商务部表示，进口产品享受优惠关税。", "MOFCOM said imported products enjoy tariff concessions under the FTAs."),
    ("an adjective in a name's place", "圣火点燃了平昌冬奥会的门票销售。", "The Olympic flame lifted ticket sales for the Winter Games."),
]


@pytest.mark.parametrize("cls,zh,en", NAMES_FAITHFUL, ids=[r[0] for r in NAMES_FAITHFUL])
def test_faithful_names_raise_no_entity_error(cls: str, zh: str, en: str) -> None:
    errors = [f.detail for f in check_pair("u", zh, en) if f.severity == "error" and f.kind == "entity"]
    assert errors == [], cls


NAMES_SLIPS = [
    ("a misspelt pinyin place", "重庆的商圈计划引进五十家旗舰店。", "Chonqing's business district plans fifty flagship stores."),
    ("a misspelt country", "德国人喜欢用现金付款吗？", "Do people in Germeny like to pay cash?"),
    ("a pinyin syllable grown longer", "成都的商圈计划引进五十家旗舰店。", "Chengduan's business district plans fifty flagship stores."),
]


@pytest.mark.parametrize("cls,zh,en", NAMES_SLIPS, ids=[r[0] for r in NAMES_SLIPS])
def test_misspelt_names_are_entity_errors(cls: str, zh: str, en: str) -> None:
    assert any(f.severity == "error" and f.kind == "entity" for f in check_pair("u", zh, en)), cls


@pytest.mark.parametrize(
    "zh,en,warned",
    [
        ("代表们宣讲二十大精神。", "The delegates explained the spirit of the 20th CPC National Congress.", False),
        ("全军要学习贯彻党的精神。", "The army must study the spirit of the Communist Party of China.", False),
        ("他们讨论了经济问题。", "They discussed the economy with the CPC.", True),
    ],
)
def test_a_party_named_by_its_bare_word_or_congress(zh: str, en: str, warned: bool) -> None:
    assert any(f.kind == "entity" for f in check_pair("u", zh, en)) == warned
