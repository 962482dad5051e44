"""Figures: every quantity an analyst could quote, with what it measures, in one normal form.

A quantity (lang/quantities.py, the shared parser: 1539.385亿美元 = 153,938,500,000 USD) becomes a
figure when it is an amount of something: money (currency in one code: 元/人民币/RMB = CNY, 美元 = USD),
a physical amount (t, km, m2, mu, m3, TEU, shares, days), a count (名/位/架/户/个 … people, drones,
projects) or a rate (%, percentage points). Ages, times of day, durations, ordinals and years are not.

- measure: what is counted or valued, from the words around it — the noun after its classifier
  (6架战略轰炸机 → 战略轰炸机), else the words before it (直接投资为646亿美元 → 直接投资); a rate with
  nothing of its own (同比减少了2.1%) measures what the figure before it measures. A few measures have
  one canonical name across documents (trade volume, coal, oil, gas, votes …: `MEASURES`).
- direction and kind: 增长/增加/上涨/扩大 … grew/rose → up, 下降/减少/回落/收窄 … fell → down, and a fall
  is negative; a figure with a direction is a `change`, one with 占/比例/比重 a `share`, a 顺差/逆差
  (surplus/deficit) its own kind, anything else a `level`.
- period: the year of the last date before it in the sentence that is not a comparison's base
  (较2015年同期增长8% is growth of this period), resolved against the publication date; the phrase
  ("first 10 months of 2022") when the sentence states one.

The Chinese side is read first; the English side lends its surface and measure words to the figure
with the same value, and gives figures of its own only when the Chinese side has none: one figure
per fact across the two sides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..lang.quantities import Quantity, extract_quantities, parse_en_words, parse_zh_numeral, values_close

__all__ = ["Figure", "figures_in_pair", "MEASURES", "display_value"]

# measure → (unit of the normalised value, Chinese cue words, English cue pattern)
MEASURES: dict[str, tuple[str | None, tuple[str, ...], str]] = {
    "trade volume": (
        "USD",
        ("贸易额", "贸易总额", "贸易", "貿易額", "貿易總額", "貿易", "进出口", "進出口"),
        r"\btrade\b|\bimports? and exports?\b",
    ),
    "investment": ("USD", ("投资", "投資"), r"\binvest(?:ment|ments|ed|ing)?\b"),
    "coal": ("t", ("煤炭", "煤"), r"\bcoal\b"),
    "oil": ("t", ("石油", "原油"), r"\b(?:crude\s+)?oil\b"),
    "gas": ("m3", ("天然气", "天然氣", "供气", "供氣", "立方米"), r"\bgas\b|\bcubic\s+met(?:er|re)s\b"),
    "drones": ("drones", ("无人机", "無人機"), r"\bdrones?\b|\bunmanned\s+aerial\s+vehicles?\b|\bUAVs?\b"),
    "documents signed": ("documents", ("份文件", "项声明", "項聲明", "协定", "協定"), r"\bdocuments\b|\bagreements\b"),
    "companies": ("companies", ("跨国公司", "跨國公司", "家公司", "企业", "企業"), r"\bcorporations\b|\bcompanies\b"),
}
VOTE_MEASURES = ("votes for", "votes against", "abstentions")
_ZH_VOTE = [
    ("votes for", ("赞成", "支持", "贊成")),
    ("votes against", ("反对", "反對")),
    ("abstentions", ("弃权", "棄權")),
]
_EN_VOTE = [
    (
        "votes for",
        re.compile(r"^\s*(?:votes?\s+)?in\s+favou?r|^\s*(?:votes?\s+)?for\b|^\s*yes\b|^\s*(?:votes?\s+)?supporting"),
    ),
    ("votes against", re.compile(r"^\s*(?:votes?\s+)?against|^\s*no\b")),
    ("abstentions", re.compile(r"^\s*(?:votes?\s+)?abstentions?|^\s*(?:votes?\s+)?abstain(?:ed|ing)?")),
]

# The English cue patterns compiled once (they are tried for every quantity of every sentence).
_MEASURE_EN = {name: re.compile(rx, re.I) for name, (_unit, _zh, rx) in MEASURES.items()}

_ZH_CLAUSE = re.compile(r"[，,；;。！？!?：:]")
_EN_CLAUSE = re.compile(r"[;:!?]|\.(?=\s)|,\s(?=(?:and\s|but\s|while\s|which\s|this\s|a\s+year-on-year))")
_ZH_PERIOD = re.compile(r"前(?P<n>\d+|[一二三四五六七八九十]+)(?:个|個)?(?P<u>月|季度)")
_EN_PERIOD = re.compile(r"first\s+(?P<n>\d+|[a-z]+)\s+(?P<u>months?|quarters?)", re.I)
_ZH_TONS = re.compile(r"^\s*(?:万|萬|亿|億)?(?:吨|噸)")
_EN_TONS = re.compile(r"^\s*(?:metric\s+)?(?:tons|tonnes)\b", re.I)
_YOY_ZH = re.compile(r"同比(?:增长|增加|下降|减少|增長|減少)")
_YOY_EN = re.compile(r"year-on-year\s+(?:increase|decrease|growth|rise|drop)|year\s+on\s+year", re.I)


@dataclass
class Figure:
    measure: str
    value: float
    unit: str | None
    high: float | None = None
    approx: bool = False
    period: str | None = None  # "first 10 months of 2022"
    year: int | None = None
    date: str | None = None  # ISO prefix of a stated date (2022-03-02) when the sentence gives one
    surface_zh: str | None = None
    surface_en: str | None = None
    unit_id: str = ""
    sentence: int = 0
    entities: list[str] = field(default_factory=list)
    direction: str | None = None  # up | down (a fall has a negative value)
    kind: str = "level"  # level | change | share | surplus | deficit
    measure_zh: str | None = None  # the words of each side that say what is measured
    measure_en: str | None = None

    @property
    def display(self) -> str:
        return display_value(self.value, self.unit, self.high)

    def to_dict(self) -> dict:
        return {
            "measure": self.measure,
            "value": self.value,
            "high": self.high,
            "unit": self.unit,
            "display": self.display,
            "approx": self.approx,
            "period": self.period,
            "year": self.year,
            "date": self.date,
            "surface_zh": self.surface_zh,
            "surface_en": self.surface_en,
            "unit_id": self.unit_id,
            "sentence": self.sentence,
            "entities": list(self.entities),
            "direction": self.direction,
            "kind": self.kind,
            "measure_zh": self.measure_zh,
            "measure_en": self.measure_en,
        }


_UNIT_WORDS = {
    "USD": "billion USD",
    "t": "tons",
    "m3": "cubic metres",
    "drones": "drones",
    "votes": "votes",
    "%": "%",
    "documents": "documents",
    "companies": "companies",
}


def _scaled(v: float) -> str:
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(v) >= size:
            return f"{_num(v / size)} {word}"
    return _num(v)


def _num(v: float) -> str:
    s = f"{v:.6f}".rstrip("0").rstrip(".")
    return s


def display_value(value: float, unit: str | None, high: float | None = None) -> str:
    """153938500000 USD → "153.9385 billion USD"; 47000000 t → "47 million tons"."""
    shown = _scaled(value) if high is None else f"{_scaled(value)}–{_scaled(high)}"
    if unit == "%":
        return shown + "%"
    if unit == "pp":
        return f"{shown} percentage points"
    if unit in ("USD", "CNY", "EUR", "RUB", "GBP", "JPY", "HKD"):
        return f"{shown} {unit}"
    word = {"t": "tons", "m3": "cubic metres", "count": ""}.get(unit or "", unit or "")
    return f"{shown} {word}".strip()


def _clause(text: str, start: int, end: int, lang: str) -> tuple[int, int]:
    rx = _ZH_CLAUSE if lang == "zh" else _EN_CLAUSE
    a = 0
    for m in rx.finditer(text, 0, start):
        a = m.end()
    after = rx.search(text, end)
    b = after.start() if after else len(text)
    return a, b


def _measure(text: str, q: Quantity, lang: str) -> str | None:
    """What a quantity counts: the vote word right after it, else the nearest measure cue in its clause."""
    after = text[q.end : q.end + 24]
    if lang == "zh":
        if q.surface.endswith("票") or after.startswith("票"):
            tail = after.lstrip("票")
            for name, words in _ZH_VOTE:
                if tail.startswith(words):
                    return name
    else:
        if q.kind in ("number",) and q.unit is None:
            for name, rx in _EN_VOTE:
                if rx.search(after) and (name != "votes for" or "vote" in after[:12] or "favo" in after[:16]):
                    return name
    a, b = _clause(text, q.start, q.end, lang)
    clause = text[a:b]
    qs, qe = q.start - a, q.end - a
    best: tuple[int, str] | None = None
    for name, (_unit, zh_words, _en_rx) in MEASURES.items():
        if lang == "zh":
            hits = [h for w in zh_words if w in clause for h in _occurrences(clause, w)]
        else:
            hits = [(m.start(), m.end()) for m in _MEASURE_EN[name].finditer(clause)]
        for s, e in hits:
            if s < qe and qs < e and name != "gas":
                continue
            dist = qs - e if e <= qs else s - qe
            if best is None or dist < best[0]:
                best = (max(dist, 0), name)
    if best is None:
        return None
    name = best[1]
    unit = MEASURES[name][0]
    # money measures need money, physical ones a physical amount
    if unit == "USD" and q.kind not in ("money", "range"):
        return None
    if unit == "USD" and q.kind == "range" and not q.unit:
        return None
    if unit != "USD" and q.kind in ("money", "percent"):
        return None
    return name


def _occurrences(text: str, word: str) -> list[tuple[int, int]]:
    """(start, end) of every non-overlapping occurrence of `word`, left to right (as re.finditer gives)."""
    out = []
    i = text.find(word)
    while i >= 0:
        out.append((i, i + len(word)))
        i = text.find(word, i + len(word))
    return out


def _periods(text: str, lang: str) -> list[tuple[int, str]]:
    """(position, "first 10 months") for every period phrase of the text."""
    out = []
    for m in (_ZH_PERIOD if lang == "zh" else _EN_PERIOD).finditer(text):
        n = m["n"]
        if n.isdigit():
            k = int(n)
        elif lang == "zh":
            k = parse_zh_numeral(n) or 0
        else:
            k = int(parse_en_words(n) or 0)
        unit = "months" if m["u"].startswith(("月", "month")) else "quarters"
        if k:
            out.append((m.start(), f"first {k} {unit if k > 1 else unit[:-1]}"))
    return out


# Counted things: the classifier (zh) or the noun (en) must follow the number closely.
_COUNTED_ZH = {"drones": ("架",), "documents signed": ("份", "项", "項"), "companies": ("家",)}
_COUNTED_EN = {
    "drones": r"^(?:\s+[\w-]+){0,2}?\s+(?:drones?|unmanned\s+aerial\s+vehicles?|UAVs?)\b",
    "documents signed": r"^(?:\s+[\w-]+){0,2}?\s+(?:documents|agreements)\b",
    "companies": r"^(?:\s+[\w-]+){0,2}?\s+(?:corporations|companies)\b",
}


def _counted(text: str, q: Quantity, lang: str, name: str) -> bool:
    if lang == "zh":
        return q.surface.endswith(_COUNTED_ZH[name]) or text[q.end : q.end + 1] in _COUNTED_ZH[name]
    return bool(re.match(_COUNTED_EN[name], text[q.end : q.end + 60], re.I))


# Currency words → one code.
_CURRENCY = {
    "元": "CNY",
    "人民币": "CNY",
    "块": "CNY",
    "块钱": "CNY",
    "RMB": "CNY",
    "CNY": "CNY",
    "yuan": "CNY",
    "美元": "USD",
    "USD": "USD",
    "$": "USD",
    "US$": "USD",
    "欧元": "EUR",
    "EUR": "EUR",
    "€": "EUR",
    "卢布": "RUB",
    "RUB": "RUB",
    "英镑": "GBP",
    "GBP": "GBP",
    "£": "GBP",
    "日元": "JPY",
    "JPY": "JPY",
    "港元": "HKD",
    "港币": "HKD",
    "HKD": "HKD",
}
# The unit right after a Chinese number (its classifier included in the surface or not).
_ZH_UNIT = re.compile(
    r"(?:(?P<skip>岁|歲|周岁|个月|個月|年|周年|小时|小時|分钟|分鐘|秒|倍|批|届|屆|次|期|轮|輪|点|點|时|時|号|號)"
    r"|(?P<t>吨|噸)|(?P<km>公里|千米)|(?P<m2>平方米)|(?P<km2>平方公里)|(?P<m3>立方米)|(?P<mu>亩|畝)"
    r"|(?P<shares>股)|(?P<TEU>标箱|標箱)|(?P<days>天|日)|(?P<votes>票)"
    r"|(?P<count>胜(?!利)|場勝|场胜|人次|架次|车次|車次|班次|人|名|位|户|戶|个|個|列|车|車|架|辆|輛|件|起|家|项|項|份|种|種|所|座|只|头|頭|台|套|艘|条|條|篇|例|张|張|本|间|間|处|處|片|枚|颗|顆|棵|株))"
)
_EN_UNIT = re.compile(
    # a hyphenated compound (two-times champion, three-dimensional) and a run of seasons (seven consecutive
    # years) are no amounts
    # weeks, seconds and lengths (about 500 meters from the sea, up to 5 meters long) are spans and dimensions
    r"\s*(?:(?P<skip>years?\s+old|-year-old|years?|months?|weeks?|hours?|minutes?|seconds?|times|am\b|pm\b|a\.m\.|p\.m\."
    r"|(?:centi|milli)?met(?:er|re)s?\b|feet\b|foot\b|inch(?:es)?\b|miles?\b"
    r"|-[a-z]+\b|consecutive\s+(?:years?|months?|weeks?|days?|seasons?|times))"
    r"|(?P<t>(?:metric\s+)?(?:tons|tonnes))|(?P<km>kilomet(?:er|re)s|km\b)|(?P<m2>square\s+met(?:er|re)s)"
    r"|(?P<m3>cubic\s+met(?:er|re)s)|(?P<mu>mu\b)|(?P<shares>shares)|(?P<TEU>TEUs?)|(?P<days>days)"
    r"|(?P<pp>percentage\s+points?)|(?P<count>(?:[a-z-]+\s+){0,2}[a-z-]+s\b))",
    re.I,
)
_NUM_HEAD = re.compile(r"[\d.,，０-９〇零一二三四五六七八九十百千万萬亿億两兩]+(?:余|餘|多)?(?:万|萬|亿|億)?")
# Verbs right before a figure that say it is a change, and which way.
_UP_ZH = (
    "增长", "增加", "上涨", "上升", "提高", "扩大", "擴大", "回升", "增持", "增長", "升高", "攀升",
    "飙升", "飆升", "暴涨", "暴漲", "大涨", "大漲", "猛增", "激增", "跃升", "躍升", "上调", "上調", "加快",
)  # fmt: skip
_DOWN_ZH = (
    "下降", "减少", "減少", "回落", "下跌", "降低", "收窄", "减持", "減持", "下滑", "萎缩", "萎縮", "缩小", "縮小",
    "暴跌", "大跌", "骤降", "驟降", "锐减", "銳減", "缩减", "縮減", "下调", "下調", "放缓", "放緩",
)  # fmt: skip
_RATE_ZH = ("增幅", "增速", "涨幅", "漲幅", "降幅", "跌幅", "增长率", "增長率")
# Verbs of one character that only say which way a figure moved (直降至, 缩至): no measure of their own.
_MOVES_ZH = frozenset("增 降 涨 漲 跌 升 缩 縮 减 減 直降 骤降 驟降".split())
_UP_EN = re.compile(r"\b(?:grew|grown|grows|rose|risen|rises|increased?|increases|up|gain(?:ed)?|growth|expanded|an?\s+increase)\b"
                    r"(?:\s+(?:by|of|to))?\s*(?:nearly|about|almost|around|over)?\s*$", re.I)
_DOWN_EN = re.compile(r"\b(?:fell|fallen|falls|dropped|drops|declined?|declines|down|decreased?|decreases|reduction|"
                      r"shrank|narrowed|lower)\b(?:\s+(?:by|of|to))?\s*(?:nearly|about|almost|around|over)?\s*$", re.I)
_SHARE_ZH = re.compile(r"占|比例|比重|份额|份額|占比|参与度|參與度")
_SHARE_EN = re.compile(r"\b(?:share|proportion|percentage|made\s+up|accounted\s+for|participation)\b", re.I)
# Words around a figure that say nothing of what it measures.
_FUNCTION_ZH = set(
    "的 了 也 还 還 已 已经 已經 亦 共 共计 共計 累计 累計 为 為 达 達 达到 達到 至 增至 降至 升至 超过 超過 突破 约 約 近 逾 是 有 由 在 从 從 "
    "将 將 并 並 又 再 则 則 同样 同樣 几乎 幾乎 仅 僅 只 就 都 给 給 及时 及時 已达 高达 高達 总计 總計 合计 合計 分别 分別 "
    "同比 环比 環比 比 较 較 其中 到 和 与 與 及 等 多 余 后 後 前 上 下 中 内 內 里 裡 而 以 于 於 对 對 向".split()
)
_ZH_STOP = re.compile(r"[，,；;。！？!?：:、（）()“”\"‘’《》\s]")


def _pos(text: str) -> list[tuple[str, str]]:
    import jieba.posseg

    return [(p.word, p.flag) for p in jieba.posseg.lcut(text, HMM=False)] if text else []


_DIRECTION_WORDS = set(_UP_ZH + _DOWN_ZH) | _MOVES_ZH | {"增至", "降至", "升至", "相比", "同期", "更是", "一共", "占", "佔", "低于", "高于", "低於", "高於", "少于", "多于"}
_AFTER_KINDS = ("count", "CNY", "USD", "EUR", "RUB", "GBP", "JPY", "HKD", "mu", "m2", "km", "t", "m3", "TEU", "shares")


def _noun(flag: str) -> bool:
    return flag.startswith("n") or flag in ("vn", "an", "eng")


# Verbs that say when, not what (刚开始50亩, 现在已经超过100亩): passed over like a linking word.
_WHEN_VERBS = {"开始", "開始", "起初", "最初", "当初", "當初", "现在", "現在", "如今", "目前"}

# A count that is the size of a list the sentence gives (4个分项指数：基础设施、…; 资产租赁型、…、联合发展型4种):
# it says how many items are named, not a statistic. List items carry no digits; a list closed by 等
# (小作、台头、贵泉等村6户) names where the counted things are, not the things.
_LIST_BEFORE_ZH = re.compile(
    r"[^\d０-９一二三四五六七八九十两兩百千万萬，,。；;：:、等]{1,12}(?:、[^\d０-９一二三四五六七八九十两兩百千万萬，,。；;：:、等]{1,12})+$"
)
_LIST_AFTER_ZH = re.compile(r"^[^\d０-９，,。；;]{0,8}[：:]")
# A date that opens a cumulative span (2003年起…累计, 自2013年…以来…突破): the start of the count, not its
# period; a level from a year on (从2014年起…占GDP10%) keeps that year.
_SINCE_AFTER = re.compile(r"^[^，,。；;]{0,12}?(?:年|月|日)(?:起|以来|以來|开始|開始)")
_SINCE_BEFORE = re.compile(r"(?:自|从|從)$")
_CUMULATIVE = re.compile(r"累计|累計|以来|以來|突破|总计|總計")
# 2003年至2014年: the second date closes a range, it is not an "as of" date
_RANGE_END = re.compile(r"\d\s*(?:年|月|日)?\s*(?:至|到|-|－|–)$")


# 近两个赛季, 三个学期: seasons and terms counted are a span of time; 出生13天时: an age in days
_TIME_NOUN_ZH = re.compile(r"^(?:赛季|賽季|学期|學期|星期|礼拜|禮拜|季度|年头|年頭)")
_AGE_BEFORE_ZH = re.compile(r"(?:出生|出世|降生|诞生|誕生)(?:后|後)?$")


def _span_of_time(text: str, q: Quantity, unit: str | None) -> bool:
    end = _unit_end(q, text, "zh")
    if unit == "count" and _TIME_NOUN_ZH.match(text[end : end + 2]):
        return True
    return unit == "days" and bool(_AGE_BEFORE_ZH.search(text[max(0, q.start - 3) : q.start]))


# 布莱尔和卡梅伦两位男首相: two names joined, then their number (the two prime ministers)
_PAIR_BEFORE_ZH = re.compile(r"(?:^|[，,。；;：:、\s和与與及的])[^\d０-９，,。；;：:、和与與及]{1,8}[和与與及][^\d０-９，,。；;：:、和与與及]{1,8}$")


def _list_size(text: str, q: Quantity, unit_end: int) -> bool:
    if q.value == 2 and _PAIR_BEFORE_ZH.search(text[max(0, q.start - 20) : q.start]):
        return True
    return bool(_LIST_BEFORE_ZH.search(text[max(0, q.start - 60) : q.start])) or bool(
        _LIST_AFTER_ZH.match(text[unit_end : unit_end + 12])
    )


def _since(text: str, pos: int, q_start: int) -> bool:
    """Whether the date at text[pos:] opens the cumulative span a figure at q_start counts over."""
    opens = _SINCE_BEFORE.search(text[max(0, pos - 6) : pos]) or _SINCE_AFTER.match(text[pos : pos + 16])
    return bool(opens and _CUMULATIVE.search(text[pos:q_start]))


# A sum per unit (每吨436元, 每人500元): a price or rate, named by the nearest 价格 / …价 before it.
_PER_UNIT_ZH = re.compile(r"每(?:吨|噸|公斤|千克|斤|克|平方米|平米|亩|畝|升|桶|人|天|日|年|月|件|个|個|台|辆|輛|股|户|戶)$")
_PRICE_WORD_ZH = re.compile(r"[\u4e00-\u9fff]{0,3}(?:价格|價格|价|價|费|費)")
_MONEY_UNITS = frozenset(("CNY", "USD", "EUR", "RUB", "GBP", "JPY", "HKD", "AUD"))
# A change measured against a base (比年初上涨近70元, 较上月减少): of what the figure before it measured.
_COMPARED_ZH = re.compile(r"(?:比|较|較)[^，,。；;\d]{1,6}$")
# 20个亿元以上项目: a count of items each over a size (projects over 100 million yuan), not a sum.
_SIZE_CLASS_ZH = re.compile(r"^(\d+)\s*[个個](?:亿|億|万|萬|千万|千萬)元$")
_SIZE_CLASS_STOP = {"现场", "當場", "当场", "集中", "同时", "同時", "共", "将", "將", "已"}


def _size_class(text: str, q: Quantity) -> tuple[Quantity, str | None] | None:
    """20个亿元以上沪通产业对接项目: the count (20) and what is counted (the noun phrase after 以上)."""
    m = _SIZE_CLASS_ZH.match(q.surface)
    if q.kind != "money" or not m or not text.startswith(("以上", "以下"), q.end):
        return None
    words: list[str] = []
    tokens = _pos(text[q.end + 2 : q.end + 16])
    for n, (w, flag) in enumerate(tokens):
        nxt = tokens[n + 1][1] if n + 1 < len(tokens) else "x"
        if w in _SIZE_CLASS_STOP or flag == "x" or flag.startswith("v") and not _noun(nxt) and words:
            break
        words.append(w)
    a = q.start + (len(q.surface) - len(q.surface.lstrip()))
    count = Quantity(float(m.group(1)), "number", m.group(1) + "个", a, a + len(m.group(1)) + 1)
    return count, "".join(words) or None


def _zh_measure(text: str, start: int, unit_end: int, kind: str) -> str | None:
    """The words that say what the figure at text[start:unit_end] measures (see the module doc)."""
    if (kind == "%" or kind in _MONEY_UNITS) and text[unit_end : unit_end + 1] == "的":
        # 40%的补贴, 57%的大学生: the share is of what follows 的; 每天2英镑的药物: the sum is what that costs
        of: list[str] = []
        for w, flag in _pos(text[unit_end + 1 : unit_end + 12]):
            if not _noun(flag) or w in _FUNCTION_ZH or len("".join(of) + w) > 8:
                break
            of.append(w)
        if of:
            return "".join(of)
    after: list[str] = []
    verb_first = False
    tokens = _pos(re.sub(r"^[‘’“”'\"]+", "", text[unit_end : unit_end + 16]))
    for n, (w, flag) in enumerate(tokens):
        if w in "‘’“”'\"":
            continue
        # 6000多万人受灾 (a count and what befell it); 283.8万元就学资助 (a verb naming a kind of noun)
        verb_noun = n + 1 < len(tokens) and _noun(tokens[n + 1][1]) and kind != "count"
        if not after and (flag == "v" or flag in ("i", "l") and kind == "count") and (kind == "count" or verb_noun) and w not in _FUNCTION_ZH:
            after.append(w)  # 6000多万人受灾, 10名囚犯死亡
            verb_first = True
            continue
        # 非法三轮车: a distinguishing adjective (b) opens the noun phrase as an adjective does
        if not (_noun(flag) or flag in ("a", "b") and not after) or w in _FUNCTION_ZH or len("".join(after) + w) > 8:
            break
        after.append(w)
        if len(after) == 3:
            break
    if after and (verb_first or _noun(_pos(after[-1])[-1][1])) and kind in _AFTER_KINDS:
        return "".join(after)  # 690余名贫困大学生, 6架战略轰炸机, 5000元资助
    per = _PER_UNIT_ZH.search(text[:start])
    if per and kind in _MONEY_UNITS:
        # 一度攀升到每吨436元: 每吨 says the sum is a price per ton; what is priced is named before it
        priced = [m.group() for m in _PRICE_WORD_ZH.finditer(text[: per.start()])]
        if priced:
            return priced[-1]
        words = _zh_measure(text, per.start(), per.start(), "")
        return words if words and _noun(_pos(words)[-1][1]) else "价格"
    before: list[str] = []
    for w, flag in reversed(_pos(text[max(0, start - 24) : start])):
        if flag == "x" or flag == "m" and not before:
            if before or flag == "x":
                break
        if w in _DIRECTION_WORDS and before:
            before.insert(0, w)  # 自然增长数量: part of the name
            if len(before) == 3 or len("".join(before)) >= 6:
                break
            continue
        if "同期" in w and not before:
            continue  # 去年同期: the base of a comparison
        if w in _FUNCTION_ZH or w in _DIRECTION_WORDS or w in _WHEN_VERBS or flag in ("t", "m", "d", "p", "c", "u", "ul", "uj", "r") or re.search(r"\d|[０-９]", w):
            if before:
                break
            continue  # a linking word, a date or a comparison right before the number (为, 达到, 比上月)
        if not (_noun(flag) or flag.startswith("v") or flag in ("a", "j", "nr", "ns", "nt")):
            if before:
                break
            continue
        before.insert(0, w)
        if len(before) == 3 or len("".join(before)) >= 6:
            break
    if before:
        return "".join(before)
    return None


# Earlier items of a list the verb governs (分别增长6.9%、6.9%、6.8%): each takes the verb's direction.
_LISTED_BEFORE_ZH = re.compile(r"(?:[0-9０-９.．]+(?:%|％|个百分点)?[、，,和及与與])+$")


def _zh_direction(text: str, start: int) -> str | None:
    window = _LISTED_BEFORE_ZH.sub("", text[max(0, start - 40) : start])[-8:]
    window = re.sub(r"(?:了|几乎|幾乎|近|约|約|达到|達到|达|達|为|為|同样|同樣|分别|分別)+$", "", window)
    # 增持华夏银行2929.31万股: a stake bought (or sold) with its object between verb and number
    held = re.search(r"(增持|减持|減持)[^\d，,。；;：:（(]{0,8}$", window)
    if held:
        return "up" if held.group(1) == "增持" else "down"
    if window.endswith(_UP_ZH):
        return "up"
    if window.endswith(_DOWN_ZH):
        return "down"
    if window.endswith(_RATE_ZH):
        return "down" if window.endswith(("降幅", "跌幅")) else "up"
    return None


# Words before a sum that say it converts the one before into another currency.
_CONVERTED = re.compile(r"(?:约合|約合|折合|合|相当于|相當於|about|approximately|or|equivalent\s+to)\s*(?:US)?\$?\s*$", re.I)
# Classifiers that name what they count (人次: visits by people, 架次: flights).
_SELF_MEASURING = ("人次", "架次", "车次", "車次", "班次")
# A 个 before these is part of a duration (30个小时, 两个星期), not a count of things.
_DURATION_AFTER_GE = ("小时", "小時", "星期", "礼拜", "禮拜", "钟头", "鐘頭", "工作日", "年头", "年頭", "季度")


# 有两名骑师…他们分别是, 其中两人29岁, 其他遭到枪击的三人中: a handful of people counted only to point
# at people the text names or has counted (round-8 convention); 3名消防人员遇难, 另外两名司机 are facts
_FEW_PEOPLE_ZH = re.compile(r"(?:人|名|位)")
_PICKED_BEFORE_ZH = re.compile(r"(?:其中|其他|其余|其餘)[^，,。；;]{0,10}$")
_PICKED_AFTER_ZH = re.compile(
    # 三名优秀的体操运动员——西蒙·拜尔斯…: a dash right after the people counted introduces their names
    r"^[^，,。；;]{0,12}中|^[^。；;]{0,30}(?:分别是|分別是|分别为|分別為)|^[^，,。；;：:]{0,12}(?:——|—)"
)


# 五枚奖牌, 15枚世界锦标赛奖牌, 2金2银, 四连冠, 三连任; five medals, 10 golds, four consecutive championships
_MEDALS_ZH = re.compile(r"\s*(?:枚[^，,。；;、]{0,8}?(?:奖牌|獎牌|金牌|银牌|銀牌|铜牌|銅牌)|[金银銀铜銅](?![\u4e00-\u9fff]{0,1}[行矿礦价價属屬融额額])|连冠|連冠|连任|連任|连胜|連勝|连霸|連霸)")
_MEDALS_EN = re.compile(r"\s*(?:[A-Za-z-]+\s+){0,3}?(?:medals?|golds|silvers|bronzes)\b|\s*consecutive\b", re.I)


def _personal_attribute(text: str, q: Quantity, lang: str, unit: str | None) -> bool:
    if q.kind != "number" or unit not in ("count", None):
        return False
    head = _NUM_HEAD.search(text, q.start, q.end + 6) if lang == "zh" else None
    end = head.end() if head else q.end
    return bool((_MEDALS_ZH if lang == "zh" else _MEDALS_EN).match(text, end))


def _in_short_name(text: str, q: Quantity) -> bool:
    """A number inside a short quotation (“终极五人组”): a nickname, not a count."""
    opened = text.rfind("“", 0, q.start)
    if opened < 0 or text.rfind("”", 0, q.start) > opened:
        return False
    closed = text.find("”", q.end)
    return 0 <= closed - opened <= 9


def _few_people(text: str, q: Quantity) -> bool:
    head = _NUM_HEAD.search(text, q.start, q.end + 6)
    end = head.end() if head else q.end
    if not _FEW_PEOPLE_ZH.match(text, end):
        return False
    return bool(_PICKED_BEFORE_ZH.search(text[: q.start]) or _PICKED_AFTER_ZH.match(text[end:]))


_PEOPLE_NOUN_ZH = re.compile(
    r"[\u4e00-\u9fff]{0,3}(?:者|人员|人員|游客|观众|觀眾|居民|用户|用戶|旅客|市民|网民|網民|学生|學生|儿童|兒童|农民|農民|工人|职工|職工|选民|選民|人口)"
)


def _unit_of(q: Quantity, text: str, lang: str) -> str | None:
    """The normal unit of a quantity, or None when it is no figure (an age, a duration, a bare number)."""
    if q.kind == "money":
        return _CURRENCY.get(q.unit or "", q.unit)
    if q.kind == "percent":
        return "%"
    if q.unit == "pp":
        return "pp"
    if q.kind not in ("number", "range"):
        return None
    if lang == "zh":
        head = _NUM_HEAD.search(text, q.start, q.end + 6)
        m = _ZH_UNIT.match(text, head.end() if head else q.end)
        if m is None and q.value >= 10_000 and _PEOPLE_NOUN_ZH.match(text, head.end() if head else q.end):
            return "count"  # 约800万参观者: people counted in tens of thousands need no classifier
    else:
        m = _EN_UNIT.match(text, q.end)
    if not m or m["skip"]:
        return None
    if lang == "zh" and m["count"] in ("个", "個") and text.startswith(_DURATION_AFTER_GE, m.end()):
        return None
    unit = next(k for k, v in m.groupdict().items() if v)
    return "m2" if unit == "km2" and False else unit


def _unit_end(q: Quantity, text: str, lang: str) -> int:
    if lang == "zh":
        head = _NUM_HEAD.search(text, q.start, q.end + 6)
        pos = head.end() if head else q.end
        m = _ZH_UNIT.match(text, max(pos, q.start))
        end = m.end() if m else q.end
        for word in sorted(_CURRENCY, key=len, reverse=True):
            if text.startswith(word, end):
                end += len(word)
                break
        return max(end, q.end)
    return q.end


_EN_TRAIL = re.compile(r"(?:\s+(?:for|in|to|from|over|the|a|an|of|and|by|with|at|on))+$", re.I)


def _en_measure(text: str, q: Quantity, unit: str | None) -> str | None:
    """English words saying what a figure measures: "of bursaries", "college students", "trade reached"."""
    tail = text[q.end : q.end + 80]
    m = re.match(r"^\s*(?:(?:RMB|yuan|U\.?S\.?\s+dollars|dollars|USD|tons|tonnes|square\s+met(?:er|re)s|kilomet(?:er|re)s|shares|TEUs?)\s+)?of\s+((?:[A-Za-z’'-]+\s+){0,2}[A-Za-z’'-]+)", tail)
    if m:
        return _EN_TRAIL.sub("", m.group(1)) or None
    if unit == "count":
        # "42 pieces of wind turbine blade": a classifier phrase counts what follows its "of"
        m = re.match(r"^\s*(?:pieces|units|sets|items|pairs|kinds|types|sorts|batches|copies|head)\s+of\s+((?:[A-Za-z-]+\s+){0,2}[A-Za-z-]+)", tail)
        if m:
            noun = re.split(r"\s+(?:were|was|are|is|have|has|had|will|would|that|which|from|for|in|at|to)\b", m.group(1))[0]
            return _EN_TRAIL.sub("", noun) or None
        m = re.match(r"^\s*((?:[a-z-]+\s+){0,2}[a-z-]+s)\b", tail)
        if m:
            return m.group(1)
    head = text[max(0, q.start - 60) : q.start]
    m = re.search(r"((?:[A-Za-z’'-]+\s+){0,2}[A-Za-z’'-]+)\s+(?:amounted\s+to|reached|totaled|totalled|was|were|is|of|at|exceeded|to)\s*(?:about|nearly|over|around|almost)?\s*$", head)
    return m.group(1) if m else None


# A date after the figure is its period only as an "as of" (…2929.31万股，至6月末，…).
_AS_OF = re.compile(r"(?:至|截至|截止|到|as\s+(?:of|at)\s+|until\s+)$", re.I)
# A part of a year with no year of its own (二季度, 上半年): of the publication year.
_SEASON_ZH = re.compile(r"(?:第?[一二三四1-4]季度|上半年|下半年|前[一二三四五六七八九十\d]+(?:个|個)?月)")
# The current edition, week or month (本届展会, 本周, 本月, this week): the figure is of the publication's year
# too. 目前 / 近日 / 如今 are left alone: they say "lately" or "nowadays", not which period.
_CURRENT = {
    "zh": re.compile(r"本届|本屆|本周|本週|本月|本年度|本年"),
    "en": re.compile(r"\bthis\s+(?:week|month|year's\s+(?:fair|expo|exhibition|session))\b", re.I),
}


def figures_on_side(
    text: str,
    lang: str,
    dates: list[tuple[int, str, str]],
    year: int | None = None,
    before: Figure | None = None,
    judged: list[float] | None = None,
) -> list[Figure]:
    """Figures of one side of a sentence (`judged`, when given, receives the values read and judged no
    figure: an article, the size of a list, a number with no measure in its clause). `dates` are (position, ISO date, precision) of the dates this
    side states (comparison bases left out); a figure takes the last one before it, else the first one
    after it, else — when a part of a year without its year is named (二季度) — `year`, the publication
    year. `before` is the last figure of the previous sentence of the unit: a figure with no words of its
    own (2015年更是达到了11.3%) measures what it measured."""
    out: list[Figure] = []
    if not text:
        return out
    if lang == "zh" and dates == [] and _SEASON_ZH.search(text) and year is not None:
        dates = [(_SEASON_ZH.search(text).start(), str(year), "year")]  # type: ignore[union-attr]
    current = _CURRENT[lang].search(text) if lang in _CURRENT else None
    if dates == [] and current and year is not None:
        dates = [(current.start(), str(year), "year")]
    periods = _periods(text, lang)
    yoy = _YOY_ZH if lang == "zh" else _YOY_EN
    for q in extract_quantities(text, lang):
        if q.kind == "fraction" and lang == "zh" and "分之" in q.surface:
            # 其中有四分之一会…: a part of a whole is a share, in percent as the gold and the English write it
            q = Quantity(q.value * 100, "percent", q.surface, q.start, q.end, unit="%", approx=q.approx)
        if q.kind not in ("number", "money", "range", "percent"):
            continue
        if _MINOR_AFTER[lang].match(text, q.end):
            continue  # 50美分, 50 US cents: read with its currency below (_minor_money)
        sized = _size_class(text, q) if lang == "zh" else None
        if sized:
            q = sized[0]
        named = _measure(text, q, lang) if q.kind != "percent" else None
        unit = _unit_of(q, text, lang)
        if lang == "zh" and unit == "count" and re.search(r"[个個](?:亿|億)$", q.surface) and not _CJK_NEXT.match(text, q.end):
            unit = "CNY"  # 已投资达4个亿，: "four hundred-millions", a sum said without its 元
        if named in VOTE_MEASURES:
            unit = "votes"
        list_sized = lang == "zh" and q.kind == "number" and unit in ("count", None) and _list_size(text, q, _unit_end(q, text, lang))
        article = unit == "count" and q.high is None and abs(q.value) == 1  # 1所监狱, 1位工程师: not a statistic
        few = lang == "zh" and unit == "count" and q.high is None and abs(q.value) <= 3 and _few_people(text, q)
        if list_sized or article or few:
            if judged is not None:
                judged.append(q.value)
            continue
        if unit is None:
            continue
        if lang == "zh" and _span_of_time(text, q, unit):
            if judged is not None:
                judged.append(q.value)
            continue
        if _personal_attribute(text, q, lang, unit) or (lang == "zh" and _in_short_name(text, q)):
            # medals and titles won in a row are a person's record like an age; 终极五人组 is a name
            if judged is not None:
                judged.append(q.value)
            continue
        if lang == "zh" and q.soft and _DEFINITE_ZH.search(text[max(0, q.start - 4) : q.start]):
            if judged is not None:
                judged.append(q.value)
            continue  # 这两条航道, 这三个因素: things already named, pointed at again
        if lang == "en" and q.soft and _DEFINITE_EN.search(text[max(0, q.start - 8) : q.start]):
            continue  # "the two countries", "these three factors": things already named, not a statistic
        if lang == "zh" and text[q.start - 1 : q.start] == "不" and q.value < 10:
            continue  # 不二人选, 不一而足: a number negated is an idiom, not a quantity
        if named in _COUNTED_ZH and not _counted(text, q, lang, named):
            named = None
        if named and MEASURES.get(named, (None,))[0] == "t" and unit != "t":
            named = None
        if named and MEASURES.get(named, (None,))[0] == "m3" and unit != "m3":
            named = None
        value, high = q.value, q.high
        if lang == "zh":
            words = sized[1] if sized else _zh_measure(text, q.start, _unit_end(q, text, lang), unit)
            if unit == "count" and text[_unit_end(q, text, lang) - 2 : _unit_end(q, text, lang)] in _SELF_MEASURING:
                # 10万人次会聚: the classifier itself says what is counted (visits); the verb is what they did
                words = text[_unit_end(q, text, lang) - 2 : _unit_end(q, text, lang)] + (words or "")
            won = re.match(r"\s*(?:场|場)?(胜利|勝利|胜|勝)", text[q.end : _unit_end(q, text, lang) + 1])
            if unit == "count" and won:
                words = won.group(1)  # 职业3,000胜, 4,300场胜利: the result noun is what is counted
            held = re.search(r"(增持|减持|減持)([^\d，,。；;：:（(]{0,8})$", text[max(0, q.start - 10) : q.start])
            if held and words and words in held.group(0):
                words = held.group(0)  # 增持华夏银行: what changed hands, and which way
            direction = _zh_direction(text, q.start)
            clause_a, _b = _clause(text, q.start, q.end, lang)
            share = bool(_SHARE_ZH.search(text[clause_a : q.start]))
            if q.kind == "percent" and direction is None and _PART_BEFORE_ZH.search(text[clause_a : q.start]):
                # 有58%反对, 其中有四分之一会继续遭遇…: a part of those named before, named by what it does
                part = _part_words(text, _unit_end(q, text, lang))
                if part:
                    words, share = part, True
        else:
            words = _en_measure(text, q, unit)
            head = text[max(0, q.start - 40) : q.start]
            direction = "up" if _UP_EN.search(head) else "down" if _DOWN_EN.search(head) else None
            share = bool(_SHARE_EN.search(text[max(0, q.start - 60) : q.start]))
        prev = out[-1] if out else before
        rate_of_prev = (
            q.kind == "percent"
            and prev is not None
            and (direction is not None or yoy.search(text[max(0, q.start - 30) : q.start]))
            and (not words or words in ("同比", "环比", "環比") or (lang == "zh" and yoy.search(text[max(0, q.start - 8) : q.start])))
        )
        converted = (
            q.kind == "money" and prev is not None and prev.unit not in ("%", "pp", "count") and prev.unit != unit
            and bool(_CONVERTED.search(text[max(0, q.start - 8) : q.start]))
        )  # fmt: skip
        if converted and prev is not None:
            # 斥资2亿澳元（约合1.54亿美元）: the same sum in another currency measures what the first did
            measure, words = prev.measure, (prev.measure_zh if lang == "zh" else prev.measure_en)
        elif rate_of_prev and prev is not None:
            measure = prev.measure + (" growth (year on year)" if yoy.search(text[max(0, q.start - 30) : q.start]) else "")
            words = prev.measure_zh if lang == "zh" else prev.measure_en
        elif q.kind == "percent" and not words and prev is not None:
            measure, words = prev.measure, (prev.measure_zh if lang == "zh" else prev.measure_en)
        elif (
            not named and not words and prev is not None and direction is not None
            and (prev.unit == unit or prev.unit == "%" and unit == "pp")  # 增长6.9%，比上年同期加快0.2个百分点
            and lang == "zh" and _COMPARED_ZH.search(text[max(0, q.start - 10) : q.start])
        ):  # fmt: skip
            measure, words = prev.measure, prev.measure_zh  # 每吨436元，比年初上涨近70元: the price rose
        elif not named and not words and prev is not None and direction is None:
            measure, words = prev.measure, (prev.measure_zh if lang == "zh" else prev.measure_en)  # 增长3.6%，达到158万人
        else:
            measure = named or words or ""
        if not measure:
            if judged is not None:
                judged.append(value)
            continue
        if named and unit == "USD" and q.unit not in ("USD", "$", "US$", None):
            unit = _CURRENCY.get(q.unit or "", q.unit)
        kind = "level"
        if direction:
            kind = "change"
            if direction == "down":
                value = -abs(value)
                high = -abs(high) if high is not None else None
        elif q.kind == "percent" and share:
            kind = "share"
        elif q.kind == "percent" and prev is not None and measure == prev.measure and prev.kind == "share":
            kind = "share"  # 2015年更是达到了11.3%: still the share it was
        joined = (words or "") + measure
        if re.search(r"顺差|順差|surplus", joined, re.I):
            kind = "surplus" if not direction else kind
            if named == "trade volume":
                measure = "trade surplus"
        elif re.search(r"逆差|deficit", joined, re.I):
            kind = "deficit" if not direction else kind
            if named == "trade volume":
                measure = "trade deficit"
        prior_dates = [d for d in dates if d[0] <= q.start and not _since(text, d[0], q.start)]
        after_dates = [
            d
            for d in dates
            if _AS_OF.search(text[max(0, d[0] - 3) : d[0]]) and not _RANGE_END.search(text[max(0, d[0] - 8) : d[0]])
        ]
        if lang == "zh" and _EVERY_ZH.search(text[_clause(text, q.start, q.end, lang)[0] : q.start]):
            # 1973年建成，每年接待约800万参观者: a yearly rate; a date of another clause is not its period
            start_clause = _clause(text, q.start, q.end, lang)[0]
            prior_dates = [d for d in prior_dates if d[0] >= start_clause]
        if lang == "zh":
            # 从2007年开始试点，目前已有14个省: a level said to hold now is of no earlier date's year
            prior_dates = [d for d in prior_dates if not _NOW_ZH.search(text[d[0] : q.start])]
        when = prior_dates[-1] if prior_dates else (after_dates[0] if after_dates else None)
        fig_year = int(when[1][:4]) if when and unit != "days" else None  # a duration has no period
        fig = Figure(
            measure,
            value,
            unit,
            high=high,
            approx=q.approx,
            year=fig_year,
            date=when[1] if when and when[2] == "day" else None,
            direction=direction,
            kind=kind,
        )
        if lang == "zh":
            fig.surface_zh, fig.measure_zh = _full_surface(text, q, lang), words
        else:
            fig.surface_en, fig.measure_en = _full_surface(text, q, lang), words
        prior = [p for pos, p in periods if pos <= q.start]
        if prior and measure not in VOTE_MEASURES:
            fig.period = f"{prior[-1]} of {fig_year}" if fig_year else prior[-1]
        out.append(fig)
    out += _minor_money(text, lang, out)
    out += _doses(text, lang)
    return out


# 50美分（40便士）, 50 US cents: a sum in a currency's hundredth, kept in the currency itself (0.5 USD).
_MINOR_AFTER = {
    "zh": re.compile(r"\s*(?:美分|便士|欧分|歐分)"),
    "en": re.compile(r"\s*(?:US\s+|euro\s+)?(?:cents?|pence)\b", re.I),
}
_MINOR_ZH = re.compile(r"(\d+(?:\.\d+)?)\s*(美分|便士|欧分|歐分)")
_MINOR_EN = re.compile(r"(\d+(?:\.\d+)?)\s*((?:US\s+|euro\s+)?(?:cents?|pence))\b", re.I)
_MINOR_CODE = {"美分": "USD", "便士": "GBP", "欧分": "EUR", "歐分": "EUR", "cent": "USD", "cents": "USD", "pence": "GBP"}
_NOW_ZH = re.compile(r"目前|现在|現在|如今|当前|當前")
_CJK_NEXT = re.compile(r"[\u4e00-\u9fff]")
# what a share is of comes before it: 有58%, 其中有四分之一, 参与投票的成员中，58%
_PART_BEFORE_ZH = re.compile(r"(?:有|中|其中)(?:多达|多達|近|约|約|只有|仅|僅|超过|超過)?$|^\s*$")
_MODAL_ZH = {"会", "會", "将", "將", "可能", "都", "也", "继续", "繼續", "还", "還", "已", "已经", "已經", "则", "則"}
_STOP_PART = ("以上", "以下", "左右", "的")


def _part_words(text: str, end: int) -> str | None:
    """What the part of a whole does or is (58%反对 → 反对, 有四分之一…的患者 → 患者), from the words after it."""
    rest = re.split(r"[，,。；;！？!?：:（(、]", text[end : end + 20])[0]
    if not rest or rest.startswith(_STOP_PART):
        return None
    tokens = _pos(rest)
    while tokens and tokens[0][0] in _MODAL_ZH:
        tokens = tokens[1:]
    joined = "".join(w for w, _f in tokens)
    if "的" in joined[:14]:
        after = [w for w, f in _pos(joined[joined.index("的") + 1 :])[:2] if _noun(f)]
        if after:
            return after[0]  # 有过心脏病发作史的患者: the share is of the patients
    words: list[str] = []
    for w, flag in tokens:
        if w in ("或", "和", "与", "與", "及") or not (flag[:1] in ("v", "d", "n") or flag == "vn") or flag in ("r", "nr", "eng"):
            break
        if len("".join(words) + w) > 8:
            break
        words.append(w)
    return "".join(words) or None


def _minor_money(text: str, lang: str, done: list[Figure]) -> list[Figure]:
    out: list[Figure] = []
    for m in (_MINOR_ZH if lang == "zh" else _MINOR_EN).finditer(text):
        before = text[max(0, m.start() - 2) : m.start()]
        if before.endswith(("（", "(")):
            continue  # 50美分（40便士）: the same price again in another currency, one fact in the first
        code = _MINOR_CODE.get(m.group(2).split()[-1].lower() if lang == "en" else m.group(2), "USD")
        if lang == "zh":
            tail = re.sub(r"^[（(][^）)]{0,12}[）)]", "", text[m.end() :])
            priced = re.match(r"的([\u4e00-\u9fff]{0,2}(?:价格|價格|价|價|费|費))", tail)
            words = priced.group(1) if priced else _zh_measure(text, m.start(), m.end(), code)
        else:
            sold = re.search(r"\b(?:sell|sold|sells|buy|bought|costs?|priced)\s+(?:an?\s+|the\s+)?([a-z]+)\s+(?:at|for)\s*$", text[: m.start()], re.I)
            words = sold.group(1) if sold else "price"
        if not words:
            continue
        out.append(_one_side(Figure(words, float(m.group(1)) / 100, code), lang, m.group(), words))
    return out


def _one_side(f: Figure, lang: str, surface: str, measure: str) -> Figure:
    """f as found on one side: its surface and measure words there."""
    if lang == "zh":
        f.surface_zh, f.measure_zh = surface, measure
    else:
        f.surface_en, f.measure_en = surface, measure
    return f


# 90 mg 的替卡格雷, 60mg替卡格雷, 90mg of ticagrelor: a dose, measured by the drug named after it.
_DOSE_ZH = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(?:mg|毫克)(?![A-Za-z])")
_DOSE_EN = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(?:mg|milligrams?)\b(?:\s+of\s+(?:the\s+)?([a-z][\w-]*))?", re.I)


def _doses(text: str, lang: str) -> list[Figure]:
    out: list[Figure] = []
    for m in (_DOSE_ZH if lang == "zh" else _DOSE_EN).finditer(text):
        if lang == "zh":
            drug = re.match(r"\s*的?\s*([\u4e00-\u9fff]{2,8}?)(?=[和与與及或，,。；;、\d]|$)", text[m.end() :])
            words = drug.group(1) if drug else None
        else:
            words = m.group(2)
        if not words:
            continue
        out.append(_one_side(Figure(words, float(m.group(1)), "mg"), lang, m.group(), words))
    return out


_DEFINITE_EN = re.compile(r"\b(?:the|these|those)\s+$", re.I)
_EVERY_ZH = re.compile(r"每年|每月|每天|每日|每周|每週")
_DEFINITE_ZH = re.compile(r"(?:这|這|那|该|該|此|上述)$")


def restated(f: Figure, earlier: list[Figure], headline: str | None = None) -> bool:
    """A figure the document already stated, named again (180家企业 … 集中签约的20个项目 after 20个…项目; the
    headline's 13.5亿英镑 restated by the body): one fact, kept where first stated. Same value and unit, a
    measure word shared on either side (or, but for a percentage, the earlier one in the `headline` unit,
    whose words are clipped), and the same period or none."""
    return any(
        e.unit == f.unit and e.value == f.value
        # a paragraph's next sentence giving the same rate again is another fact (一季度、二季度分别增长6.9%、6.9%)
        and not (e.unit_id == f.unit_id and f.unit == "%" and e.unit_id != headline)
        and (_overlap(e.measure_zh, f.measure_zh) or _overlap(e.measure_en, f.measure_en) or e.unit_id == headline and f.unit != "%")
        and (f.year is None or e.year in (None, f.year))
        for e in earlier
    )  # fmt: skip


def _overlap(a: str | None, b: str | None) -> bool:
    return bool(a and b and (a.lower() in b.lower() or b.lower() in a.lower()))


def _full_surface(text: str, q: Quantity, lang: str) -> str:
    """The quantity with the unit words that follow it (4700万吨, 47 million tons, 270亿立方米)."""
    tail = text[q.end : q.end + 20]
    m = (
        re.match(r"^(?:亿|億|万|萬)?(?:吨|噸|立方米|架|票|美元|元)", tail)
        if lang == "zh"
        else re.match(
            r"^\s*(?:(?:metric\s+)?(?:tons|tonnes)(?:\s+of\s+\w+)?|cubic\s+met(?:er|re)s|votes|U\.S\.\s+dollars|US\s+dollars|dollars)",
            tail,
            re.I,
        )
    )
    return q.surface + (m.group() if m else "")


def merge_sides(zh: list[Figure], en: list[Figure]) -> list[Figure]:
    """One figure per fact: the Chinese figures, each given the surface and measure words of the English
    figure with the same value and unit; English figures stand alone only when Chinese gives none."""
    if not zh:
        return list(en)
    out = list(zh)
    for f in en:
        twin = next(
            (g for g in out if g.surface_en is None and _same_unit(g, f) and _close(g, f)),
            None,
        )
        if twin is not None:
            twin.surface_en, twin.measure_en = f.surface_en, f.measure_en
            twin.period = twin.period or f.period
    return out


def _same_unit(a: Figure, b: Figure) -> bool:
    return a.unit == b.unit or {a.unit, b.unit} <= {"count", "votes"}


def _close(a: Figure, b: Figure) -> bool:
    if a.value < 0 <= b.value:  # 减少2.1% ↔ "a 2.1% reduction": the sign comes from the words
        b = replace(b, value=-b.value)
    qa = Quantity(a.value, "number", "", 0, 0, high=a.high, step=max(abs(a.value) * 1e-6, 1e-9))
    qb = Quantity(b.value, "number", "", 0, 0, high=b.high, step=max(abs(b.value) * 1e-6, 1e-9))
    return values_close(qa, qb, loose=False)


def _close_value(a: float, b: float) -> bool:
    qa = Quantity(abs(a), "number", "", 0, 0, step=max(abs(a) * 1e-6, 1e-9))
    qb = Quantity(abs(b), "number", "", 0, 0, step=max(abs(b) * 1e-6, 1e-9))
    return values_close(qa, qb, loose=False)


_ZH_SMALL = {0: "零〇", 1: "一", 2: "两二兩", 3: "三", 4: "四", 5: "五", 6: "六", 7: "七", 8: "八", 9: "九", 10: "十"}


def _zh_states(zh: str, value: float) -> bool:
    """Whether the Chinese sentence writes a small number itself (两次的检查 for "the two inspections")."""
    return value in _ZH_SMALL and any(ch in zh for ch in _ZH_SMALL[int(value)])


# Spaces some news sources put around Latin digits inside Chinese (支付近 2 千万美元, 缩至 1.7% 和 1.6%): the
# amount is read as if written tight, and its surface quoted as the sentence has it.
_LOOSE_NUMBER_ZH = re.compile(r"(?<=[0-9%％])[ \u00a0\u2009\u3000]+(?=[\u4e00-\u9fff%％])|(?<=[\u4e00-\u9fff])[ \u00a0\u2009\u3000]+(?=[0-9])")


def _zh_numbered(zh: str, value: float) -> bool:
    if value != int(value) or not 0 < value < 100:
        return False
    n = int(value)
    tens, ones = divmod(n, 10)
    spelled = ("" if tens == 0 else "十" if tens == 1 else _ZH_DIGITS[tens] + "十") + (_ZH_DIGITS[ones] if ones else "")
    return bool(re.search(rf"(?<![\d.]){n}\s*号|(?<![一二三四五六七八九十]){spelled}号", zh))


_ZH_DIGITS = "零一二三四五六七八九"


def _zh_age(zh: str, value: float) -> bool:
    return value == int(value) and bool(re.search(rf"(?<![\d.]){int(value)}(?:周岁|週歲|岁|歲)", zh))


def tight_digits(zh: str) -> tuple[str, list[tuple[int, int]]]:
    """The Chinese without the spaces around its digits, and the spans taken out."""
    removed = [m.span() for m in _LOOSE_NUMBER_ZH.finditer(zh)]
    return (_LOOSE_NUMBER_ZH.sub("", zh), removed) if removed else (zh, [])


def _shifted(pos: int, removed: list[tuple[int, int]]) -> int:
    return pos - sum(min(b, pos) - a for a, b in removed if a < pos)


def unshifted(pos: int, removed: list[tuple[int, int]]) -> int:
    """The position in the text as written of a position in its tight form."""
    taken = 0
    for a, b in removed:
        if a - taken > pos:
            break
        taken += b - a
    return pos + taken


def as_written(surface: str | None, zh: str) -> str | None:
    if not surface or surface in zh:
        return surface
    m = re.search(r"\s*".join(map(re.escape, surface)), zh)
    return m.group(0) if m else surface


def figures_in_pair(
    zh: str,
    en: str,
    dates_zh: list[tuple[int, str, str]],
    dates_en: list[tuple[int, str, str]],
    year: int | None,
    unit_id: str,
    index: int,
    entities: list[str],
    before: Figure | None = None,
) -> list[Figure]:
    """The figures of one sentence pair, both sides merged, each tagged with its unit, sentence and actors.
    `year` is the publication year (for 二季度 and the like), `before` the previous sentence's last figure."""
    judged: list[float] = []
    written = zh
    zh, removed = tight_digits(zh)
    if removed:
        dates_zh = [(_shifted(p, removed), d, pr) for p, d, pr in dates_zh]
    out = merge_sides(
        figures_on_side(zh, "zh", dates_zh, year, before, judged), figures_on_side(en, "en", dates_en, year, before)
    )
    if removed:
        for f in out:
            f.surface_zh = as_written(f.surface_zh, written)
    # 唯一一个 (the only one), 一一对应: a doubled 一 is no eleven
    out = [f for f in out if not (f.surface_zh or "").lstrip("约近超过逾").startswith("一一")]
    # a number the Chinese gives as an age (刚满 50 岁) is one in the translation too ("turning 50"), and one
    # it gives as a name's number (神舟十一号, 8号停车场) names something ("Shenzhou-11")
    out = [f for f in out if f.surface_zh is not None or not (_zh_age(zh, f.value) or _zh_numbered(zh, f.value))]
    # a number the Chinese side read and judged no figure (1所监狱, 4种发展模式：…, 刚开始50亩 with no
    # measure in its clause) is not one because the translation names it: one judgement per fact
    out = [f for f in out if f.surface_zh is not None or not any(_close_value(f.value, v) for v in judged)]
    if zh.strip():
        # a number the translation spells in words that the Chinese does not write, or a zero ("zero gold
        # medals" for 零突破), is the translator's phrasing, not a statistic
        out = [
            f
            for f in out
            if f.surface_zh is not None
            or (f.value != 0 and (any(ch.isdigit() for ch in f.surface_en or "") or _zh_states(zh, f.value)))
        ]
    for f in out:
        f.unit_id, f.sentence, f.entities = unit_id, index, list(entities)
    return out
