"""Quantities in Chinese and English text, normalised to values so the two sides can be compared.

`extract_quantities(text, lang)` returns every number a reader would check against the other
language: 1539.385亿 and 153.9385 billion both become 153,938,500,000. It understands digits with
separators and full-width digits, decimals, Chinese numerals (一千五百, 两百, 〇), the scales
万/亿/万亿 and thousand/million/billion/trillion, percentages, fractions, approximations
(1000多, 近, about), ranges (1650亿至1700亿), currencies, spelled-out English numbers, ordinals
(第六届, Sixth), enumerations (一是…五是, First…Fifth), decades and centuries (20世纪90年代, 1990s),
times of day, section numbers (一、 / 1.) and footnote marks (…Ukraine.”1).

What is *not* a quantity is skipped on purpose: numerals inside names (G20, 二十国集团, 金砖五国, BRICS
Five: found through the glossary), idioms (一些, 一带一路), vague amounts (数百万, millions of) and
dates (their year is reported with kind "year"; dates.py owns the rest).

Each pass claims the characters it matched so a later, more generic pass cannot re-read them:
the specific patterns run first (dates, names, decades, percents, ranges …), bare numbers last.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Quantity", "extract_quantities", "parse_zh_numeral", "parse_en_words", "normalize_digits", "CLASS"]


@dataclass(frozen=True)
class Quantity:
    value: float
    kind: str  # number money percent fraction range ordinal enum section footnote year decade century time multiple
    surface: str
    start: int
    end: int
    unit: str | None = None  # "%", "pp", a currency code (USD, CNY, $, 元 …) or None
    high: float | None = None  # upper bound of a range
    approx: bool = False  # 1000多, nearly, about …: compared with a tolerance
    step: float = 1.0  # the precision the surface states (27 billion → 1e9): rounding tolerance is half of it
    soft: bool = False  # spelled out in words: a translator may legitimately render it as "a", "both" …
    alts: tuple[float, ...] = ()  # other readings of the same surface (3 p.m. = 15:00 or "3")

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)

    def describe(self) -> str:
        """`1539.385亿 (153,938,500,000)`: the surface, then the value when it says something new."""
        shown = fmt(self.value) if self.high is None else f"{fmt(self.value)}–{fmt(self.high)}"
        if self.kind in ("percent",):
            shown += "%"
        if shown.replace(",", "") in self.surface.replace(",", "") or self.kind in ("year", "decade", "century"):
            return self.surface
        return f"{self.surface} ({shown})"


# How findings group kinds: a number may only disagree with a number of the same class.
CLASS = {
    "number": "amount",
    "money": "amount",
    "range": "amount",
    "multiple": "amount",
    "time": "time",
    "percent": "ratio",
    "fraction": "ratio",
    "ordinal": "ordinal",
    "enum": "ordinal",
    "section": "ordinal",
    "decade": "era",
    "century": "era",
    "year": "year",
    "footnote": "footnote",
    "designation": "designation",
}


def fmt(v: float) -> str:
    if v == int(v) and abs(v) < 1e18:
        return f"{int(v):,}"
    s = f"{v:,.6f}".rstrip("0").rstrip(".")
    return s


_FULLWIDTH = str.maketrans("０１２３４５６７８９％．，～－：／", "0123456789%.,~-:/")


def normalize_digits(text: str) -> str:
    """Full-width digits and signs → ASCII, one character for one, so offsets stay valid."""
    return text.translate(_FULLWIDTH)


# --- Chinese numerals -----------------------------------------------------------------------------

_ZH_DIGIT = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "兩": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "壹": 1,
    "贰": 2,
    "叁": 3,
    "肆": 4,
    "伍": 5,
    "陆": 6,
    "柒": 7,
    "捌": 8,
    "玖": 9,
}
_ZH_SMALL = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_ZH_BIG = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}


def parse_zh_numeral(s: str) -> int | None:
    """一千五百 → 1500, 十一 → 11, 一亿二千万 → 120000000, 二〇二二 → 2022 (digit by digit)."""
    if not s:
        return None
    if all(ch in _ZH_DIGIT for ch in s):
        if len(s) == 1:
            return _ZH_DIGIT[s]
        return int("".join(str(_ZH_DIGIT[ch]) for ch in s))
    total = section = num = 0
    for i, ch in enumerate(s):
        if ch in _ZH_DIGIT:
            num = _ZH_DIGIT[ch]
            # 一百二 = 120, 三千五 = 3500, 一万二 = 12000: a last digit right after 百/千/万 counts one unit lower
            # (一百零二 = 102 writes its zero)
            if i == len(s) - 1 and i > 0 and s[i - 1] in "百佰千仟万萬" and num:
                num *= {"百": 10, "佰": 10, "千": 100, "仟": 100}.get(s[i - 1], 1000)
        elif ch in _ZH_SMALL:
            section += (num or (1 if ch in "十拾" else 0) or 1) * _ZH_SMALL[ch]
            num = 0
        elif ch == "万" or ch == "萬":
            section = (section + num) * 10_000
            num = 0
        elif ch in ("亿", "億"):
            total = (total + section + num) * 100_000_000
            section = num = 0
        else:
            return None
    return total + section + num


def _scale_of(chars: str) -> float:
    """万 → 1e4, 亿 → 1e8, 万亿 → 1e12, 千万 → 1e7: the characters multiply."""
    out = 1.0
    for ch in chars:
        out *= _ZH_SMALL.get(ch) or _ZH_BIG.get(ch) or 1
    return out


# --- English number words -------------------------------------------------------------------------

_EN_UNITS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen".split()
    )
}
_EN_TENS = {w: 10 * (i + 2) for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())}
_EN_SCALES = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
}
_EN_ORD = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
    "fortieth": 40,
    "fiftieth": 50,
    "sixtieth": 60,
    "seventieth": 70,
    "eightieth": 80,
    "ninetieth": 90,
    "hundredth": 100,
    "thousandth": 1000,
}
_EN_FRAC = {
    "half": 2,
    "halves": 2,
    "third": 3,
    "thirds": 3,
    "quarter": 4,
    "quarters": 4,
    "fourth": 4,
    "fourths": 4,
    "fifth": 5,
    "fifths": 5,
    "tenth": 10,
    "tenths": 10,
}


def parse_en_words(words: str) -> float | None:
    """'twenty-five' → 25, 'one hundred and twenty' → 120, 'a dozen' → 12, 'two dozen' → 24."""
    tokens = [t for t in re.split(r"[\s-]+", words.lower()) if t and t != "and"]
    if not tokens:
        return None
    if tokens[0] == "a" or tokens[0] == "an":
        tokens[0] = "one"
    total = current = 0.0
    seen = False
    for t in tokens:
        if t in _EN_UNITS:
            current += _EN_UNITS[t]
        elif t in _EN_TENS:
            current += _EN_TENS[t]
        elif t == "dozen":
            current = (current or 1) * 12
        elif t == "hundred":
            current = (current or 1) * 100
        elif t in _EN_SCALES:
            total += (current or 1) * _EN_SCALES[t]
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


# --- patterns -------------------------------------------------------------------------------------

_D = r"\d+(?:,\d{3})*(?:\.\d+)?"  # digits with separators and decimals
_ZHN = r"[零〇○一二两兩三四五六七八九十百千万萬亿億]+"
_ZH_START = set("零〇○一二两兩三四五六七八九十")

# Currencies: surface → code. Codes with the same family compare equal (元 is yuan, NT$ or HK$ by place).
_ZH_CUR = {
    "美元": "USD",
    "美金": "USD",
    "人民币": "CNY",
    "人民幣": "CNY",
    "元人民币": "CNY",
    "元": "元",
    "欧元": "EUR",
    "歐元": "EUR",
    "英镑": "GBP",
    "英鎊": "GBP",
    "日元": "JPY",
    "日圆": "JPY",
    "卢布": "RUB",
    "盧布": "RUB",
    "港元": "HKD",
    "港币": "HKD",
    "港幣": "HKD",
    "新台币": "TWD",
    "新臺幣": "TWD",
    "新台幣": "TWD",
    "韩元": "KRW",
    "韓元": "KRW",
    "澳元": "AUD",
    "加元": "CAD",
    "卢比": "INR",
    "印尼卢比": "IDR",
    "印尼盾": "IDR",
    "盧比": "INR",
    "块钱": "元",
    "块": "元",
}
_EN_CUR_AFTER = [
    (r"(?:U\.S\.|US|American)\s+dollars?", "USD"),
    (r"Hong\s+Kong\s+dollars?", "HKD"),
    (r"(?:New\s+)?Taiwan\s+dollars?", "TWD"),
    (r"Australian\s+dollars?", "AUD"),
    (r"Canadian\s+dollars?", "CAD"),
    (r"dollars?", "$"),
    (r"yuan", "元"),
    (r"renminbi", "CNY"),
    (r"RMB", "CNY"),
    (r"euros?", "EUR"),
    (r"pounds?(?:\s+sterling)?", "GBP"),
    (r"sterling", "GBP"),
    (r"(?:rubles?|roubles?)", "RUB"),
    (r"yen", "JPY"),
    (r"won", "KRW"),
    (r"rupees?", "INR"),
    (r"(?:Indonesian\s+)?rupiah", "IDR"),
]
_EN_CUR_BEFORE = {
    "USD ": "USD",
    "GPB": "GBP",
    "HKD": "HKD",
    "JPY": "JPY",
    "RUB": "RUB",
    "US$": "USD",
    "U.S.$": "USD",
    "$": "$",
    "€": "EUR",
    "£": "GBP",
    "¥": "元",
    "￥": "元",
    "RMB": "CNY",
    "HK$": "HKD",
    "NT$": "TWD",
    "A$": "AUD",
    "C$": "CAD",
    "CNY": "CNY",
    "USD": "USD",
    "EUR": "EUR",
    "GBP": "GBP",
    "KRW": "KRW",
    "IDR": "IDR",
    "AUD": "AUD",
    "INR": "INR",
}
_CUR_FAMILY = {"$": {"USD", "HKD", "TWD", "AUD", "CAD", "$"}, "元": {"CNY", "TWD", "HKD", "元"}}


def same_currency(a: str | None, b: str | None) -> bool:
    """Whether two currency codes can name the same money (元 may be CNY or NT$; "dollars" any dollar)."""
    if not a or not b or a == b or a in ("%", "pp") or b in ("%", "pp"):
        return True
    return b in _CUR_FAMILY.get(a, {a}) or a in _CUR_FAMILY.get(b, {b})


# Chinese measure words and units: a numeral written in characters counts only before one of these
# (三千人, 五轮), so idioms (一些, 三心二意) never look like quantities.
_ZH_CLASSIFIERS = sorted(
    set(
        """
个月 个百分点 百分点 个 個 位 名 人 家 项 項 次 届 屆 轮 輪 年 周年 週年 天 周 週 星期 小时 小時 分钟 分鐘 秒 岁 歲
倍 架 艘 辆 輛 吨 噸 公斤 千克 克 公里 千米 米 厘米 毫米 平方公里 平方米 立方米 英里 英尺 桶 份 件 条 條 座 所 场 場
枚 颗 顆 部 本 篇 票 国 國 股 批 支 种 種 类 類 起 例 只 隻 头 頭 张 張 层 層 套 台 臺 片 度 期 集 首 户 戶 间 間 块 塊
处 處 节 節 段 大 千瓦 兆瓦 亿吨 万吨 成 大洲 省 市 县 縣 州 师 旅 团 營 营 连 連 排 班 组 組 亩 畝 公顷 公頃 口 万人
""".split()
    ),
    key=len,
    reverse=True,
)
_ZH_UNIT_RE = "|".join(map(re.escape, sorted(set(_ZH_CUR) | set(_ZH_CLASSIFIERS), key=len, reverse=True)))

# Chinese news copy often sets digits off with spaces (超过 500 多万英镑, 1.15 亿): a space after a number
# is read only where a scale, 多 or a unit follows it, so a bare number's span never grows
_SP = r"(?:[ \u00a0](?=[多余餘来來十百千万萬亿億]))?"
_SPU = rf"(?:[ \u00a0](?=%|{_ZH_UNIT_RE}))?"
# 千 before 米/克/瓦 after digits is the metric prefix (10千米 = 10 km, 3亿千瓦 = 300 million kW), not a scale
_ZH_SCALE = r"(?:[十百万萬亿億]|千(?![米克瓦]))*"
# 十五点二 = 15.2: a Chinese numeral with a decimal point
_ZHDEC = r"[零〇○一二两三四五六七八九十百千]+[点點][零〇○一二三四五六七八九]+(?![分时時])"
_ZH_APPROX_PRE = r"(?:(?P<pre>将近|將近|接近|大约|大約|约|約|近|超过|超過|逾|多达|多達|高达|高達|不到|不足|至少|上)[ \u00a0]?)?"
_ZH_AMOUNT = re.compile(
    _ZH_APPROX_PRE
    + rf"(?P<num>{_D}|{_ZHDEC}|{_ZHN}){_SP}(?P<more>多|余|餘|来|來)?(?:个(?=[万亿萬億]))?"  # 20个亿 = 20亿
    + rf"(?P<scale>{_ZH_SCALE})(?P<more2>多|余|餘)?{_SPU}"
    + rf"(?P<unit>%|{_ZH_UNIT_RE})?"
)
_ZH_RANGE = re.compile(
    rf"(?<![\d.-])(?P<a>{_D}|{_ZHN}){_SP}(?P<sa>{_ZH_SCALE})(?P<ua>%|{_ZH_UNIT_RE})?[ \u00a0]?(?P<sep>至|到|~|-|—|–|－|、|或者|或)"
    rf"[ \u00a0]?(?P<b>{_D}|{_ZHN})(?!-\d){_SP}(?P<sb>{_ZH_SCALE}){_SPU}"
    rf"(?P<unit>%|{_ZH_UNIT_RE})?"
)
# 百分之三至百分之五 / 百分之三到五: one range of percentages
_ZH_PERCENT_RANGE = re.compile(
    rf"百分之(?P<a>{_D}|{_ZHN})(?:至|到|—|–|-|~)(?:百分之)?(?P<b>{_D}|{_ZHN})"
)
# 七八个, 十四五岁, 二三十人, 三两个: two neighbouring numerals are "seven or eight", a range, not 78
_ZH_SERIES = re.compile(
    r"(?P<pre>(?:[一二三四五六七八九]?十)?)(?P<a>[一二两三四五六七八九])(?P<b>[一二两三四五六七八九])(?P<suf>[十百千万萬亿億]*)"
)
# 西伯利亚力量2号, 北溪2号, 长征五号: a number after a name and before 号 is the name's designation, not a day
_ZH_DESIGNATION = re.compile(
    r"(?<=[\u4e00-\u9fff」』”])(?<![第月年周期日])(?P<num>\d{1,3}|[一二三四五六七八九十]{1,3})(?:号|號)"
)
_ZH_PERCENT = re.compile(rf"百分之(?P<num>{_D}|[零〇一二两三四五六七八九十百点點]+)")
_ZH_FRACTION = re.compile(rf"(?P<den>{_D}|{_ZHN})分之(?P<num>{_D}|{_ZHN})")
_ZH_CHENG = re.compile(
    r"(?<![0-9零〇一二两三四五六七八九十])(?P<num>[一二两三四五六七八九])成(?=[的以左上多]|$|[，。、；,.])"
)
_ZH_ORDINAL = re.compile(rf"第(?P<num>{_D}|{_ZHN})")
_ZH_ENUM = re.compile(r"(?:^|(?<=[：:；;。，,\s“]))(?P<num>[一二三四五六七八九十]{1,2})(?:是|要|则)")
_ZH_SECTION = re.compile(
    r"^\s*(?:(?P<num>[一二三四五六七八九十]{1,3})、|[（(](?P<pnum>[一二三四五六七八九十]{1,3})[）)]|(?P<dnum>\d{1,2})[.、．](?!\d))"
)
_ZH_DECADE = re.compile(
    rf"(?:(?P<cent>\d{{1,2}}|{_ZHN})[ \u00a0]?世纪[ \u00a0]?|(?P<cent2>\d{{2}}))?(?P<dec>\d{{2}}|[一二三四五六七八九]十)[ \u00a0]?年代"
)
# 70、80年代 / 7、80年代 (the seventies and eighties), 80、90后 (people born in the eighties and nineties):
# every member of the series is a decade
# 七八十年代 (上世纪六七十年代): the seventies and eighties
_ZH_DECADE_PAIR = re.compile(r"(?<![一二三四五六七八九十])(?P<a>[一二三四五六七八九])(?P<b>[一二三四五六七八九])十年代")
_ZH_DECADE_SERIES = re.compile(r"(?<![\d.])(?P<list>(?:\d{1,2}0?、)+\d0)[ \u00a0]?(?:年代|后(?!来|面|者|期))")
_ZH_CENTURY = re.compile(r"(?P<cent>\d{1,2}|[一二三四五六七八九十]+)[ \u00a0]?世纪")
_ZH_TIME = re.compile(
    r"(?P<ampm>上午|下午|晚上|凌晨|早上|中午|傍晚|晚间|晚間)?(?P<h>\d{1,2}|[一二两三四五六七八九十]{1,3})(?:点|點|时(?!间|代|期|候|刻|任|事|尚|速))"
    r"(?:(?P<m>\d{1,2}|[一二三四五六七八九十]{1,3})分|(?P<half>半))?"
)
_CLOCK = re.compile(r"(?<![\d:])(?P<h>[01]?\d|2[0-3]):(?P<m>[0-5]\d)(?!\d)(?:\s*(?P<ap>[ap]\.?m\.?)(?![a-z]))?", re.I)

_EN_WORD = (
    r"(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    r"hundred|thousand|million|billion|trillion|dozen)"
)
_EN_ORDW = "(?:" + "|".join(sorted(_EN_ORD, key=len, reverse=True)) + ")"
_EN_APPROX = (
    r"(?P<pre>(?i:about|around|approximately|nearly|almost|roughly|some|over|more\s+than|less\s+than|"
    r"fewer\s+than|up\s+to|at\s+least|close\s+to|upwards\s+of|under|below|above|in\s+excess\s+of|"
    r"just\s+over|just\s+under|an\s+estimated|at\s+most|as\s+many\s+as|as\s+much\s+as)\s+)?"
)
_EN_SCALE = r"(?P<scale>thousand|million|billion|trillion|bn|mn|m|k)"
_EN_CUR_AFTER_RE = "|".join(f"(?:{p})" for p, _ in _EN_CUR_AFTER)
_EN_CUR_AFTER_RX = [(re.compile(p, re.I), code) for p, code in _EN_CUR_AFTER]
_EN_CUR_BEFORE_RE = "|".join(map(re.escape, sorted(_EN_CUR_BEFORE, key=len, reverse=True)))
_EN_APPROX_TAIL = re.compile(r"(?<![A-Za-z])" + _EN_APPROX[:-1] + r"$")
_EN_AMOUNT = re.compile(
    rf"(?:(?P<cur>{_EN_CUR_BEFORE_RE})\s?|(?<![\w.,-]))(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d,]*\d)"
    + rf"(?:(?:\s*|-){_EN_SCALE}\b|(?P<scale_w>\s+(?:thousand|million|billion|trillion)))?"
    + r"(?P<suffix>(?:st|nd|rd|th)\b)?"
    + r"(?:\s*(?P<pct>%|percent\b|per\s+cent\b|percentage\s+points?\b))?"
    + rf"(?:\s+(?P<cur2>{_EN_CUR_AFTER_RE})\b)?"
)
_EN_RANGE = re.compile(
    rf"(?:(?P<cur>{_EN_CUR_BEFORE_RE})|(?<![\w.,-]))(?P<a>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:\s+(?P<sa>thousand|million|billion|trillion))?(?:\s*%)?"
    rf"(?:\s*(?:-|–|—|to)\s*)(?P=cur)?(?P<b>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d-])(?:\s+(?P<sb>thousand|million|billion|trillion))?"
    r"(?:\s*(?P<pct>%|percent\b|per\s+cent\b))?"
    rf"(?:\s+(?P<cur2>{_EN_CUR_AFTER_RE})\b)?"
)
_EN_WORDS = re.compile(
    rf"\b(?P<num>(?:an?\s+)?{_EN_WORD}(?:(?:(?:(?<=hundred)|(?<=thousand)|(?<=million)|(?<=billion))\s+and\s+|[\s-]+){_EN_WORD})*)\b(?!-(?:thirds?|quarters?|halves|fifths?))"
    rf"(?:\s*(?P<pct>percent\b|per\s+cent\b))?(?:\s+(?P<cur2>{_EN_CUR_AFTER_RE})\b)?",
    re.I,
)
_EN_ORDINAL = re.compile(
    rf"\b(?P<num>(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[\s-])?{_EN_ORDW})\b", re.I
)
_EN_ENUM = re.compile(rf"(?:^|(?<=[.;:]\s)|(?<=[.;:]\s\s))(?P<num>{_EN_ORDW})(?:ly)?(?=,)", re.I)
_EN_SECTION = re.compile(r"^\s*(?P<num>\d{1,2})\.(?=\s)")
_EN_FOOTNOTE = re.compile(r"(?:(?<=[A-Za-z)\]][.”\"’])|(?<=[.,;:!?)][”\"’])|(?<=[a-z][”\"’]))(?P<num>\d{1,3})(?=\s|$)")
_BRACKET_NOTE = re.compile(r"\[(?P<num>\d{1,3})\]|[①②③④⑤⑥⑦⑧⑨⑩]")
_EN_FRACTION_W = re.compile(
    r"\b(?P<num>one|two|three|four|five|six|seven|eight|nine|a)[\s-](?P<den>thirds?|quarters?|fifths?|tenths?)\b", re.I
)
# "1 in 5", "one in three": a fraction
_EN_ONE_IN = re.compile(
    r"\b(?P<a>\d{1,2}|one|two|three)\s+in\s+(?P<b>\d{1,3}|two|three|four|five|six|seven|eight|nine|ten)\b(?!\s*(?:%|percent))", re.I
)
# No.76, No. 3: a number naming its noun (第七十六集团军 = the No.76 Army Group)
_EN_NO = re.compile(r"\bNo\.\s?(?P<num>\d{1,4})\b(?![,.]\d)")


def _en_small(w: str) -> float | None:
    """A count written in digits or in words ("1 in 5", "one in three")."""
    return float(w) if w.isdigit() else parse_en_words(w)


_FRACTION_D = re.compile(r"(?<![\d/.])(?P<num>\d{1,2})/(?P<den>\d{1,2})(?![\d/])")
_EN_DECADE = re.compile(r"\b(?:the\s+)?(?P<y>1[0-9]\d0|20\d0)['’]?s\b|(?<![\w])['’](?P<yy>\d0)s\b")
_EN_CENTURY = re.compile(
    rf"\b(?P<num>\d{{1,2}}(?:st|nd|rd|th)|(?:(?:twenty|thirty)[\s-])?{_EN_ORDW})[\s-]century\b", re.I
)
_EN_AGE = re.compile(
    r"\b(?:in\s+(?:his|her|their)\s+)(?P<w>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b",
    re.I,
)
_EN_AGE_V = {
    w: 20.0 + 10 * i
    for i, w in enumerate("twenties thirties forties fifties sixties seventies eighties nineties".split())
}
_EN_DECADE_W = re.compile(r"\b(?:a|one|the\s+(?:last|past|next|previous|coming))\s+decade\b", re.I)
_EN_BETWEEN = re.compile(
    r"\bbetween\s+(?P<a>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s+(?P<sa>thousand|million|billion|trillion))?\s+and\s+"
    r"(?P<b>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s+(?P<sb>thousand|million|billion|trillion))?(?:\s*(?P<pct>%|percent\b))?"
)
_EN_MULT = re.compile(r"\b(?P<w>twice|double|doubled|triple|tripled|threefold|fourfold|fivefold|tenfold)\b", re.I)
_EN_MULT_V = {
    "twice": 2,
    "double": 2,
    "doubled": 2,
    "triple": 3,
    "tripled": 3,
    "threefold": 3,
    "fourfold": 4,
    "fivefold": 5,
    "tenfold": 10,
}
_EN_TIME = re.compile(r"\b(?P<h>1[0-2]|0?[1-9])(?:\s*(?P<ap>[ap])\.?m\.?)(?![a-z])", re.I)
# Hyphenated or letter-glued digits are model numbers and names, not quantities: COVID-19, F-35, 5G, A380.
_EN_CODE = re.compile(r"\b[A-Za-z]+-?\d+[A-Za-z]*\b|\b\d+[A-Za-z]+\d*\b")
_EN_UNIT_SUFFIX = re.compile(
    r"^(?:\d+(?:\.\d+)?)(?:st|nd|rd|th|s|bn|mn|m|k|km|kg|cm|mm|g|t|pm|am|mph|ft|mu|GB|MB|TB|GW|MW|kW)$"
)
_PHONE = re.compile(r"(?<![\d-])\d+(?:-\d+){2,}(?![\d-])|\b\d{3,4}-\d{7,8}\b")
# Product names carry numbers that are not quantities: iPhone 7, Windows 10, Boeing 747.
_EN_PRODUCT = re.compile(
    r"\b(?:iPhone|iPad|Galaxy|Windows|Boeing|Airbus|Xbox|PlayStation|Pixel|Model|Mate|Note|Su|MiG|Tu|Il)[\s-]?[A-Z]?\d+\b"
)


_DIGIT = re.compile(r"\d")
_ZH_METRIC_AFTER = re.compile(r"(?:mm|cm|km|kg|m|g|t|ml|GB|MB|TB)(?![A-Za-z])")
_EN_CURRENCY_CODE = re.compile(r"(?:RMB|USD|GBP|GPB|EUR|CNY|HKD|JPY|NTD|TWD|RUB|INR|AUD|CAD|KRW|IDR|US|HK|NT)\$?\d")
# Key words of the spelled-out patterns (a pattern is run only when one of its words is in the text).
_EN_WORD_SET = frozenset(_EN_WORD[3:-1].split("|"))
_EN_ORD_LY = frozenset(_EN_ORD) | {w + "ly" for w in _EN_ORD}
_EN_FRAC_DEN = frozenset(w + s for w in ("third", "quarter", "fifth", "tenth") for s in ("", "s"))
_WORD = re.compile(r"[a-z]+")
_NUMWORDS = (
    set(_EN_UNITS)
    | set(_EN_TENS)
    | set(_EN_SCALES)
    | set(_EN_ORD)
    | set(_EN_FRAC)
    | set(_EN_MULT_V)
    | {
        "dozen",
        "decade",
        "twenties",
        "thirties",
        "forties",
        "fifties",
        "sixties",
        "seventies",
        "eighties",
        "nineties",
        "firstly",
        "secondly",
        "thirdly",
        "fourthly",
        "fifthly",
    }
) - {"one"}


def _approx_before(t: str, s: int) -> tuple[bool, int]:
    """Whether an approximation word (about, more than …) ends right before position `s`; its start."""
    m = _EN_APPROX_TAIL.search(t[max(0, s - 24) : s])
    if not m or not m["pre"]:
        return False, s
    return not m["pre"].lower().startswith("at least"), s - (len(t[max(0, s - 24) : s]) - m.start("pre"))


def _has_any(t: str, chars: str) -> bool:
    return any(ch in t for ch in chars)


def _it(rx: re.Pattern[str], t: str, ok: bool) -> Iterator[re.Match[str]]:
    return rx.finditer(t) if ok else iter(())


def _num(s: str) -> float:
    return float(s.replace(",", ""))


def _digits_step(s: str, scale: float) -> float:
    """The precision a surface states: its last digit (153.9 billion → 1e8; 4700万 → 1e4)."""
    s = s.replace(",", "")
    if "." in s:
        return 10 ** -len(s.split(".")[1]) * scale
    return scale


def _value_zh(num: str) -> float | None:
    if num and (num[0].isdigit()):
        return _num(num)
    if "点" in num or "點" in num:  # 十五点二 = 15.2
        whole, _, frac = num.replace("點", "点").partition("点")
        iv = parse_zh_numeral(whole)
        return None if iv is None or not frac else float(f"{iv}.{''.join(str(_ZH_DIGIT[c]) for c in frac)}")
    v = parse_zh_numeral(num)
    return None if v is None else float(v)


class _Claims:
    """Characters already explained by an earlier, more specific pattern."""

    def __init__(self, n: int) -> None:
        self.taken = bytearray(n)

    def free(self, s: int, e: int) -> bool:
        return not any(self.taken[s:e])

    def take(self, s: int, e: int) -> None:
        self.taken[s:e] = b"\x01" * (e - s)


@lru_cache(maxsize=4096)
def _extract_cached(text: str, lang: str) -> tuple[Quantity, ...]:
    t = normalize_digits(text)
    claims = _Claims(len(t))
    out: list[Quantity] = []
    if lang == "zh":
        _zh(t, text, claims, out)
    else:
        _en(t, text, claims, out)
        _merge_word_ranges(t, out)
    out.sort(key=lambda q: q.start)
    return tuple(out)


def extract_quantities(text: str, lang: str) -> list[Quantity]:
    """Every quantity in `text` ("zh" or "en"), in order of appearance. Spans index the original text."""
    if not text:
        return []
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    return list(_extract_cached(text, lang))


def _claim_names_and_dates(t: str, lang: str, claims: _Claims, out: list[Quantity], orig: str) -> None:
    from . import dates, glossary  # late import: dates uses this module's numeral parsers

    for d in dates.extract_dates(orig, lang):
        if claims.free(d.start, d.end):
            claims.take(d.start, d.end)
            if d.year is not None and not d.year_inferred:
                out.append(Quantity(float(d.year), "year", orig[d.start : d.end], d.start, d.end))
    for _eid, surface, s, e in glossary.load().find_mentions(orig, lang):
        if any(ch.isdigit() or ch in _ZH_DIGIT or ch in _ZH_SMALL for ch in surface) or re.search(
            r"(?i)\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twenty)\b", surface
        ):
            claims.take(s, e)


def _add(out: list[Quantity], claims: _Claims, orig: str, s: int, e: int, q: dict) -> None:
    claims.take(s, e)
    out.append(Quantity(surface=orig[s:e].strip(), start=s, end=e, **q))


def _zh_series(num: str) -> tuple[float, float] | None:
    """七八 → (7, 8), 十四五 → (14, 15), 二三十 → (20, 30), 三五 → (3, 5); None for one number (七十八)."""
    m = _ZH_SERIES.fullmatch(num)
    if not m:
        return None
    a, b = _ZH_DIGIT[m["a"]], _ZH_DIGIT[m["b"]]
    if abs(a - b) != 1 and {a, b} != {3, 5}:
        return None
    pre = parse_zh_numeral(m["pre"]) or 0 if m["pre"] else 0
    scale = _scale_of(m["suf"])
    return (pre + min(a, b)) * scale, (pre + max(a, b)) * scale


def _zh_designations(t: str, orig: str, claims: _Claims, out: list[Quantity]) -> None:
    for m in _it(_ZH_DESIGNATION, t, "号" in t or "號" in t):
        v = _value_zh(m["num"])
        if v is not None:
            _add(out, claims, orig, *m.span(), dict(value=v, kind="designation", soft=not m["num"][0].isdigit()))
    for m in _it(_ZH_PERCENT_RANGE, t, "百分之" in t):
        a, b = _value_zh(m["a"]), _value_zh(m["b"])
        if a is not None and b is not None and a < b:
            _add(out, claims, orig, *m.span(), dict(value=a, high=b, kind="percent", unit="%", step=1.0))


# 十九大 = the 19th (Party) Congress: a numeral from eleven to twenty before 大 numbers a congress
_ZH_CONGRESS = re.compile(r"(?<![第\d零〇一二两三四五六七八九十百])(?P<num>十[一二三四五六七八九]|二十)大(?![小型量批约概多])")


def _zh(t: str, orig: str, claims: _Claims, out: list[Quantity]) -> None:
    _zh_designations(t, orig, claims, out)
    for m in _it(_ZH_CONGRESS, t, "大" in t):
        if (v := _value_zh(m["num"])) is not None:
            _add(out, claims, orig, m.start(), m.end("num") + 1, dict(value=v, kind="ordinal", soft=True))
    _claim_names_and_dates(t, "zh", claims, out, orig)
    for m in _it(_PHONE, t, "-" in t):
        claims.take(*m.span())
    for m in _it(_ZH_DECADE_SERIES, t, "、" in t):
        if not claims.free(*m.span()):
            continue
        items = m["list"].split("、")
        pos = m.start()
        for it in items:
            v = int(it) * 10 if len(it) == 1 else int(it)  # 7、80年代: the 7 is seventy
            first = 1900 if v >= 20 else 2000  # 90、00后: the nineties and the 2000s
            _add(out, claims, orig, pos, pos + len(it), dict(value=float(first + v), kind="decade"))
            pos += len(it) + 1
        claims.take(*m.span())
    for m in _it(_ZH_DECADE_PAIR, t, "十年代" in t):
        if claims.free(*m.span()):
            d1, d2 = _ZH_DIGIT[m["a"]], _ZH_DIGIT[m["b"]]
            if d2 == d1 + 1:
                _add(out, claims, orig, m.start(), m.start() + 1, dict(value=1900.0 + 10 * d1, kind="decade", soft=True))
                _add(out, claims, orig, m.start() + 1, m.end(), dict(value=1900.0 + 10 * d2, kind="decade", soft=True))
    for m in _it(_ZH_DECADE, t, "年代" in t):
        if not claims.free(*m.span()):
            continue
        dec = _value_zh(m["dec"])
        cent = m["cent"] and _value_zh(m["cent"])
        base = (cent - 1) * 100 if cent else (int(m["cent2"]) * 100 if m["cent2"] else 1900)
        if dec is not None:
            _add(out, claims, orig, *m.span(), dict(value=base + dec, kind="decade"))
    for m in _it(_ZH_CENTURY, t, "世纪" in t or "世紀" in t):
        if claims.free(*m.span()) and (v := _value_zh(m["cent"])) is not None:
            # the 18th century is also "the 1700s"
            _add(out, claims, orig, *m.span(), dict(value=v, kind="century", alts=((v - 1) * 100,)))
    for m in _BRACKET_NOTE.finditer(t):
        if claims.free(*m.span()):
            _add(out, claims, orig, *m.span(), dict(value=float(m["num"] or 0), kind="footnote"))
    for m in _ZH_SECTION.finditer(t):
        n = m["num"] or m["pnum"]
        v = _value_zh(n) if n else float(m["dnum"])
        if v is not None and claims.free(*m.span()):
            _add(out, claims, orig, *m.span(), dict(value=v, kind="section", soft=True))
    for m in _it(_ZH_PERCENT, t, "百分之" in t):
        n = m["num"]
        if n[0].isdigit():
            v = _num(n)
        elif "点" in n or "點" in n:
            a, _, b = n.replace("點", "点").partition("点")
            iv = parse_zh_numeral(a)
            v = None if iv is None else float(f"{iv}.{''.join(str(_ZH_DIGIT.get(c, 0)) for c in b)}")
        else:
            v = _value_zh(n)
        if v is not None and claims.free(*m.span()):
            _add(
                out,
                claims,
                orig,
                *m.span(),
                dict(
                    value=v,
                    kind="percent",
                    unit="%",
                    step=_digits_step(n, 1) if n[0].isdigit() else 1,
                    soft=not n[0].isdigit(),
                ),
            )
    for m in _it(_ZH_FRACTION, t, "分之" in t):
        den, numer = _value_zh(m["den"]), _value_zh(m["num"])
        if den and numer is not None and claims.free(*m.span()):
            _add(out, claims, orig, *m.span(), dict(value=numer / den, kind="fraction", step=1e-3))
    for m in _it(_FRACTION_D, t, "/" in t):
        if claims.free(*m.span()) and int(m["den"]) and int(m["num"]) < int(m["den"]):
            _add(out, claims, orig, *m.span(), dict(value=int(m["num"]) / int(m["den"]), kind="fraction", step=1e-3))
    for m in _it(_ZH_CHENG, t, "成" in t):
        if claims.free(*m.span()):
            _add(
                out,
                claims,
                orig,
                *m.span(),
                dict(value=_ZH_DIGIT[m["num"]] * 10.0, kind="percent", unit="%", soft=True, step=10),
            )
    for m in _it(_ZH_ORDINAL, t, "第" in t):
        v = _value_zh(m["num"])
        if v is not None and claims.free(*m.span()):
            _add(out, claims, orig, *m.span(), dict(value=v, kind="ordinal", soft=not m["num"][0].isdigit()))
    for m in _ZH_ENUM.finditer(t):
        v = _value_zh(m["num"])
        if v is not None and claims.free(m.start("num"), m.end("num")):
            _add(out, claims, orig, m.start("num"), m.end(), dict(value=v, kind="enum", soft=True))
    for m in _it(_ZH_TIME, t, _has_any(t, "点點时時")):
        h = _value_zh(m["h"])
        if h is None or h > 24 or not claims.free(*m.span()):
            continue
        if not m["ampm"] and not m["h"][0].isdigit() and not m["m"] and not m["half"]:
            continue  # 三点 alone is as likely "three points" as three o'clock
        mins = 30.0 if m["half"] else (_value_zh(m["m"]) or 0.0) if m["m"] else 0.0
        h24 = h + 12 if m["ampm"] in ("下午", "晚上", "傍晚", "晚间", "晚間") and h < 12 else h
        _add(
            out,
            claims,
            orig,
            *m.span(),
            dict(value=h24 + mins / 60, kind="time", alts=(h + mins / 60,), soft=not m["h"][0].isdigit()),
        )
    for m in _it(_CLOCK, t, ":" in t):
        if claims.free(*m.span()):
            h, mi = int(m["h"]), int(m["m"])
            _add(out, claims, orig, *m.span(), dict(value=h + mi / 60, kind="time", alts=((h + 12) % 24 + mi / 60,)))
    for m in _it(_ZH_RANGE, t, _has_any(t, "至到~-—–－、或")):
        if not claims.free(*m.span()):
            continue
        bnum, sb_chars = m["b"], m["sb"]
        if not bnum[0].isdigit() and not sb_chars:
            # 三到十万: the scale is inside the numeral's characters; the first bound shares it
            core = bnum.rstrip("万萬亿億")
            if core and core != bnum:
                bnum, sb_chars = core, bnum[len(core):]
        a, b = _value_zh(m["a"]), _value_zh(bnum)
        if a is None or b is None:
            continue
        if not (m["a"][0].isdigit() and bnum[0].isdigit()) and not (m["unit"] or sb_chars):
            continue
        if m["sep"] in ("、", "或", "或者") and not (m["unit"] and b == a + 1):
            continue  # 4、5个小时 / 两年或三年 are "four or five hours", "two or three years"; 1、2、3 is a list
        if m["ua"] and m["unit"] and m["ua"] != m["unit"]:
            continue
        sb = _scale_of(sb_chars)
        sa = _scale_of(m["sa"]) if m["sa"] else sb  # 1650至1700亿: the first bound shares the scale
        if a * sa >= b * sb:
            continue  # 1-2 as a range must rise; otherwise it is something else (a score, a code)
        unit = _zh_unit(m["unit"])
        kind = "percent" if unit == "%" else "range"
        _add(
            out,
            claims,
            orig,
            *m.span(),
            dict(
                value=a * sa,
                high=b * sb,
                kind=kind,
                unit=unit,
                step=_digits_step(bnum, sb) if bnum[0].isdigit() else sb,
            ),
        )
    for m in _ZH_AMOUNT.finditer(t):
        num = m["num"]
        s, e = m.start("num"), m.end()
        if m["pre"] == "上" and not num[0].isdigit():
            continue  # 上千, 上万: "thousands", vague
        if not claims.free(s, e):
            # the numeral may sit right after a claimed name; try the bare span
            continue
        digit = num[0].isdigit()
        if not digit:
            # 一 alone is no quantity, except in 一次会议 / 一届: the first session
            first = num == "一" and (m["unit"] in ("届", "屆") or m["unit"] == "次" and t[e : e + 2] in ("会议", "會議", "全会", "全會"))
            if num[0] not in _ZH_START or num in ("一", "壹") and not first:
                continue
            if not (m["unit"] or m["more"] or m["more2"]):
                continue
            before = t[max(0, s - 1) : s]
            if before in ("数", "數", "几", "幾", "若", "上", "成", "万", "萬") or t[e : e + 1] in ("几", "幾"):
                continue
        else:
            if s > 0 and (t[s - 1].isalpha() and t[s - 1].isascii() and m["unit"] != "%" or t[s - 1] in "-_./#:"):
                continue  # G7, COVID-19, v2.1 (but GDP10% is a percentage)
            if (
                e < len(t)
                and t[e].isascii()
                and t[e].isalpha()
                and not _ZH_METRIC_AFTER.match(t, e)
            ):
                continue  # 5G, 3D (but 3.5mm is a size)
        if not digit and len(num) > 2 and num[-1] in "两兩" and num[-2] in "十百千":
            num = num[:-1]  # 五十两: fifty taels (两 after 十 is never "two": that is 五十二)
        series = None if digit else _zh_series(num)
        if series:
            lo, hi = series
            start = m.start("pre") if m["pre"] else s
            _add(out, claims, orig, start, e, dict(value=lo, high=hi, kind="range", approx=True, soft=True))
            continue
        v = _value_zh(num)
        if v is None:
            continue
        scale = _scale_of(m["scale"])
        unit = _zh_unit(m["unit"])
        if unit == "元" and (cur := _ZH_CUR_GLOSS.match(t, e)):
            unit = _ZH_CUR[cur["cur"]]  # 60多元(美元，下同): the currency is named after the amount
        approx = bool(m["more"] or m["more2"] or (m["pre"] and m["pre"] not in ("至少",)))
        kind = "percent" if unit == "%" else "money" if unit and unit not in ("%", "pp") else "number"
        alts: tuple[float, ...] = ()
        if m["unit"] == "倍":
            kind = "multiple"
            at = m.start("pre") if m["pre"] else s
            if t[max(0, at - 1) : at] in ("高", "多", "长", "增", "涨") or t[max(0, at - 2) : at] in ("增加", "增长", "提高", "上涨", "扩大"):
                alts = (v + 1,)  # 高1倍 / 增长1倍: one time more, i.e. double
        elif m["unit"] in ("届", "屆") or m["unit"] == "次" and t[e : e + 2] in ("会议", "會議", "全会", "全會"):
            kind = "ordinal"  # 十二届全国人大五次会议: the 5th session of the 12th NPC
        if digit:
            step = _digits_step(num, scale)
        elif "点" in num or "點" in num:
            step = 10 ** -len(num.replace("點", "点").partition("点")[2]) * scale
        else:
            step = scale if scale > 1 else 1.0
        start = m.start("pre") if m["pre"] else s
        _add(
            out,
            claims,
            orig,
            start,
            e,
            dict(value=v * scale, kind=kind, unit=unit, approx=approx, step=step, soft=not digit, alts=alts),
        )
    # Anything left: bare digits inside Chinese text are still quantities (年 was claimed by dates).


_ZH_CUR_GLOSS = re.compile(r"\s*[（(](?P<cur>美元|港元|港币|欧元|英镑|日元|新台币|人民币|澳元|加元)")


def _zh_unit(u: str | None) -> str | None:
    if not u:
        return None
    if u == "%":
        return "%"
    if u in ("个百分点", "百分点"):
        return "pp"
    return _ZH_CUR.get(u)


def _en_cur(before: str | None, after: str | None) -> str | None:
    if before:
        return _EN_CUR_BEFORE.get(before.strip())
    if after:
        for rx, code in _EN_CUR_AFTER_RX:
            if rx.fullmatch(after.strip()):
                return code
    return None


_SCALE_V = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12}


def _en(t: str, orig: str, claims: _Claims, out: list[Quantity]) -> None:
    _claim_names_and_dates(t, "en", claims, out, orig)
    # Most sentences hold no digits or no number words: skip the patterns that cannot match.
    dig = _DIGIT.search(t) is not None
    lowered = _WORD.findall(t.lower())
    nw = not _NUMWORDS.isdisjoint(lowered)
    # The words a case-insensitive pattern can see (casefold: re.I also matches ſ to s, K to k); a pattern
    # whose key word is absent cannot match, so it is not run (each is a scan of the whole sentence).
    words = set(lowered) if t.isascii() else set(_WORD.findall(t.casefold()))
    for m in _it(_PHONE, t, dig and "-" in t):
        claims.take(*m.span())
    for m in _it(_EN_PRODUCT, t, dig):
        claims.take(*m.span())
    for m in _it(_EN_NO, t, dig and "No" in t):
        if claims.free(m.start("num"), m.end()):
            _add(out, claims, orig, *m.span(), dict(value=float(m["num"]), kind="ordinal"))
    for m in _it(_EN_DECADE, t, dig and ("0s" in t or "0'" in t or "0’" in t)):
        if claims.free(*m.span()):
            v: float | None = float(m["y"]) if m["y"] else 1900.0 + float(m["yy"])
            _add(out, claims, orig, *m.span(), dict(value=v, kind="decade"))
    for m in _it(_EN_CENTURY, t, (dig or nw) and "century" in words):
        n = m["num"].lower()
        lead = re.match(r"\d+", n) if n[0].isdigit() else None  # "21st" → 21; "twenty-first" in words
        v = float(lead.group()) if lead else _en_ordinal(n)
        if v and claims.free(*m.span()):
            # the 18th century is also "the 1700s"
            _add(out, claims, orig, *m.span(), dict(value=v, kind="century", alts=((v - 1) * 100,)))
    for m in list(_it(_EN_FOOTNOTE, t, dig)) + list(_BRACKET_NOTE.finditer(t)):
        if claims.free(*m.span()):
            _add(out, claims, orig, *m.span(), dict(value=float(m["num"] or 0), kind="footnote"))
    for m in _it(_EN_SECTION, t, dig):
        if claims.free(*m.span()):
            _add(out, claims, orig, *m.span(), dict(value=float(m["num"]), kind="section", soft=True))
    for m in _it(_EN_CODE, t, dig):
        if _EN_CURRENCY_CODE.match(m.group()):
            continue
        if not _EN_UNIT_SUFFIX.match(m.group()) and claims.free(*m.span()):
            claims.take(*m.span())
    for m in _it(_CLOCK, t, dig and ":" in t):
        if claims.free(*m.span()):
            h, mi = int(m["h"]), int(m["m"])
            ap = (m["ap"] or "").lower()[:1]
            h24 = h + 12 if ap == "p" and h < 12 else (0 if ap == "a" and h == 12 else h)
            _add(out, claims, orig, *m.span(), dict(value=h24 + mi / 60, kind="time", alts=(h + mi / 60,)))
    for m in _it(_EN_TIME, t, dig):
        if claims.free(*m.span()):
            h = int(m["h"])
            h24 = h + 12 if m["ap"].lower() == "p" and h < 12 else h
            _add(out, claims, orig, *m.span(), dict(value=float(h24), kind="time", alts=(float(h),)))
    for m in _it(_FRACTION_D, t, dig and "/" in t):
        if claims.free(*m.span()) and int(m["den"]) and int(m["num"]) < int(m["den"]):
            _add(out, claims, orig, *m.span(), dict(value=int(m["num"]) / int(m["den"]), kind="fraction", step=1e-3))
    for m in _it(_EN_ONE_IN, t, " in " in t):
        a, b = _en_small(m["a"]), _en_small(m["b"])
        if a and b and a < b and claims.free(*m.span()):
            _add(out, claims, orig, *m.span(), dict(value=a / b, kind="fraction", step=1e-3))
    for m in _it(_EN_FRACTION_W, t, nw and not words.isdisjoint(_EN_FRAC_DEN)):
        if claims.free(*m.span()):
            n = m["num"].lower()
            if n == "a" and not re.match(r"\s*(?:of\b|[,.;:)]|$)", t[m.end() :]):
                continue  # "a third country" is an ordinal, "a third of" a fraction
            num = 1 if n == "a" else _EN_UNITS[n]
            den = _EN_FRAC[m["den"].lower()]
            _add(out, claims, orig, *m.span(), dict(value=num / den, kind="fraction", step=1e-3, soft=True))
    for m in _it(_EN_AGE, t, nw and not words.isdisjoint(_EN_AGE_V)):
        if claims.free(*m.span()):
            _add(
                out,
                claims,
                orig,
                *m.span(),
                dict(value=_EN_AGE_V[m["w"].lower()], kind="number", approx=True, soft=True),
            )
    for m in _it(_EN_DECADE_W, t, nw and "decade" in words):
        if claims.free(*m.span()):
            _add(out, claims, orig, *m.span(), dict(value=10.0, kind="number", soft=True))
    for m in _it(_EN_BETWEEN, t, dig and "between" in t):
        if claims.free(*m.span()):
            sb = _SCALE_V[m["sb"]] if m["sb"] else 1.0
            sa = _SCALE_V[m["sa"]] if m["sa"] else sb
            a, b = _num(m["a"]) * sa, _num(m["b"]) * sb
            if a < b:
                _add(
                    out,
                    claims,
                    orig,
                    *m.span(),
                    dict(
                        value=a,
                        high=b,
                        kind="percent" if m["pct"] else "range",
                        unit="%" if m["pct"] else None,
                        step=_digits_step(m["b"], sb),
                    ),
                )
    for m in _it(_EN_RANGE, t, dig):
        if not claims.free(*m.span()):
            continue
        sb = _SCALE_V[m["sb"]] if m["sb"] else 1.0
        sa = _SCALE_V[m["sa"]] if m["sa"] else sb
        a, b = _num(m["a"]) * sa, _num(m["b"]) * sb
        if (
            a >= b
            or not m["sb"]
            and not m["pct"]
            and not m["cur2"]
            and not m["cur"]
            and re.search(r"[-–—]", m.group()) is None
        ):
            continue
        unit = "%" if m["pct"] else _en_cur(m["cur"], m["cur2"])
        _add(
            out,
            claims,
            orig,
            *m.span(),
            dict(value=a, high=b, kind="percent" if unit == "%" else "range", unit=unit, step=_digits_step(m["b"], sb)),
        )
    for m in _it(_EN_AMOUNT, t, dig):
        s = m.start("cur") if m["cur"] else m.start("num")
        if not claims.free(m.start("num"), m.end("num")):
            continue
        if m["suffix"]:
            _add(out, claims, orig, m.start("num"), m.end("suffix"), dict(value=_num(m["num"]), kind="ordinal"))
            continue
        scale_word = (m["scale"] or (m["scale_w"] or "").strip() or "").lower()
        if scale_word in ("m", "k") and not (m["cur"] or m["cur2"]):
            scale_word = ""  # 100m is a distance unless it is money
            end = m.end("num")
        else:
            end = m.end()
        scale = _SCALE_V.get(scale_word, 1.0)
        pct = m["pct"] and m["pct"].lower()
        unit = ("pp" if pct.startswith("percentage") else "%") if pct else _en_cur(m["cur"], m["cur2"])
        kind = "percent" if unit in ("%", "pp") else "money" if unit else "number"
        approx, pre_start = _approx_before(t, s)
        if approx:
            s = pre_start
        elif not scale_word and not m["pct"] and not m["cur2"] and not m["cur"]:
            end = m.end("num")
        _add(
            out,
            claims,
            orig,
            s,
            end,
            dict(value=_num(m["num"]) * scale, kind=kind, unit=unit, approx=approx, step=_digits_step(m["num"], scale)),
        )
    for m in _it(_EN_MULT, t, nw and not words.isdisjoint(_EN_MULT_V)):
        if claims.free(*m.span()):
            _add(
                out, claims, orig, *m.span(), dict(value=float(_EN_MULT_V[m["w"].lower()]), kind="multiple", soft=True)
            )
    for m in _it(_EN_ENUM, t, nw and not words.isdisjoint(_EN_ORD_LY)):
        if claims.free(*m.span()):
            _add(out, claims, orig, *m.span(), dict(value=float(_EN_ORD[m["num"].lower()]), kind="enum", soft=True))
    for m in _it(_EN_ORDINAL, t, nw and not words.isdisjoint(_EN_ORD)):
        if claims.free(*m.span()):
            v = _en_ordinal(m["num"].lower())
            if v:
                _add(out, claims, orig, *m.span(), dict(value=v, kind="ordinal", soft=True))
    for m in _it(_EN_WORDS, t, nw and not words.isdisjoint(_EN_WORD_SET)):
        if not claims.free(m.start("num"), m.end("num")):
            continue
        phrase = m["num"].lower()
        if re.fullmatch(r"(?:an?|one)", phrase) or re.fullmatch(
            r"an?\s+(?:one|two|three|four|five|six|seven|eight|nine|ten)", phrase
        ):
            continue
        if phrase.split()[0] in ("a", "an") and phrase.split()[-1] not in (
            "dozen",
            "hundred",
            "thousand",
            "million",
            "billion",
            "trillion",
        ):
            continue
        nxt = t[m.end("num") : m.end("num") + 4].lower()
        if nxt.startswith(" of ") and phrase.split()[-1] in ("dozen", "hundred", "thousand", "million", "billion"):
            continue  # "hundreds of", "a dozen of" → vague
        if phrase in _EN_SCALES and re.search(r"(?i)\b(?:few|several|many)\s+$", t[: m.start("num")]):
            continue  # "a few hundred": vague
        v = parse_en_words(phrase)
        if v is None or v == 1:
            continue
        if re.match(r"(?i)\s+decades\b", t[m.end("num") :]):
            v *= 10  # four decades = 40 years
        pct = m["pct"]
        unit = "%" if pct else _en_cur(None, m["cur2"])
        approx, s = _approx_before(t, m.start("num"))
        kind = "percent" if pct else "money" if unit else "number"
        last = phrase.split()[-1].split("-")[-1]
        scale = _SCALE_V.get(last, 1.0)
        _add(
            out,
            claims,
            orig,
            s,
            m.end() if (pct or m["cur2"]) else m.end("num"),
            dict(
                value=v,
                kind=kind,
                unit=unit,
                approx=approx or "dozen" in phrase,
                soft=True,
                step=scale if scale > 1 else 1.0,
            ),
        )


def _merge_word_ranges(t: str, out: list[Quantity]) -> None:
    """four to five working days: two spelled-out numbers joined by "to" / "or" / a dash are one range."""
    out.sort(key=lambda q: q.start)
    i = 0
    while i + 1 < len(out):
        a, b = out[i], out[i + 1]
        if (
            a.kind == b.kind == "number"
            and a.high is None
            and b.high is None
            and a.value < b.value
            and (
                re.fullmatch(r"\s*(?:to|or|-|–)\s*", t[a.end : b.start])
                or re.fullmatch(r"\s+and\s+", t[a.end : b.start])
                and re.search(r"(?i)\bbetween\s+$", t[: a.start])
            )
        ):
            out[i] = Quantity(
                a.value,
                "range",
                a.surface + t[a.end : b.start] + b.surface,
                a.start,
                b.end,
                high=b.value,
                approx=a.approx,
                soft=a.soft and b.soft,
                step=max(a.step, b.step),
            )
            del out[i + 1]
        i += 1


def _en_ordinal(words: str) -> float | None:
    parts = re.split(r"[\s-]+", words)
    total = 0.0
    for p in parts:
        if p in _EN_ORD:
            total += _EN_ORD[p]
        elif p in _EN_TENS:
            total += _EN_TENS[p]
        else:
            return None
    return total or None


def _vague(q: Quantity) -> bool:
    """An approximation in words with one significant digit (十多, 二十多, a dozen): ±20% is fair."""
    if not (q.approx and q.soft):
        return False
    digits = f"{q.value:.0f}".rstrip("0")
    return len(digits) <= 1 or "dozen" in q.surface.lower()


def values_close(a: Quantity, b: Quantity, loose: bool = True) -> bool:
    """Whether two quantities state the same value, allowing for rounding and (if `loose`) approximation.

    The approximation allowance (20%) is for words only (十多 ≈ a dozen): two digit-written approximations
    (近13,000 / nearly 13,000) must still state the same number."""
    xs = (a.value, *a.alts)
    ys = (b.value, *b.alts)
    if (a.high is None) != (b.high is None):
        return False
    tol = max(a.step, b.step) / 2
    for x in xs:
        for y in ys:
            t = tol
            if loose and (_vague(a) or _vague(b)):
                t = max(t, 0.2 * max(abs(x), abs(y)))
            if abs(x - y) <= t + 1e-9 * max(abs(x), abs(y), 1.0):
                if a.high is None or b.high is None:
                    return True
                th = max(tol, 0.2 * max(abs(a.high), abs(b.high))) if (a.approx or b.approx) else tol
                if abs(a.high - b.high) <= th + 1e-9 * max(abs(a.high), 1.0):
                    return True
    return False

