"""Dates in Chinese and English text: 2022年2月24日 ↔ February 24, 2022, with their precision.

`extract_dates(text, lang, year_hint=None)` returns `DateRef`s: year, month, day (each may be None),
the precision stated, a part of the period (early/mid/late/end: 1月中旬 ↔ mid-January, 10月底 ↔ the
end of October), and whether it is relative (上个月, last July: never compared as an absolute date).

A year stated once for several dates is carried over: in Chinese the year comes first
(2022年3月2日、10月12日), in English last (March 2, October 12, and November 14, 2022). A carried
year is marked `year_inferred` so a check can tell it from a stated one.

Decades and centuries (1990s, 20世纪90年代) are quantities (see quantities.py), not dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

__all__ = ["DateRef", "extract_dates", "MONTHS"]


@dataclass(frozen=True)
class DateRef:
    year: int | None
    month: int | None
    day: int | None
    precision: str  # day | month | year
    surface: str
    start: int
    end: int
    part: str | None = None  # early | mid | late | end
    relative: bool = False
    year_inferred: bool = False
    year_from: str | None = None  # where an inferred year came from: "list" (same sentence) or "hint"

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)

    def describe(self) -> str:
        """`2022年2月24日 (2022-02-24)`, `10月底 (2022-10, end)`, `11日 (day 11)`: surface, then the reading."""
        if self.year is not None:
            label = "-".join([f"{self.year:04d}"] + [f"{x:02d}" for x in (self.month, self.day) if x is not None])
        else:
            bits = ([f"month {self.month}"] if self.month else []) + ([f"day {self.day}"] if self.day else [])
            label = ", ".join(bits)
        if self.part:
            label = f"{label}, {self.part}" if label else self.part
        return f"{self.surface} ({label})" if label and label != self.surface else self.surface


MONTHS = {
    m: i + 1
    for i, m in enumerate(
        "January February March April May June July August September October November December".split()
    )
}
_MON_ABBR = {
    "Jan": 1,
    "Feb": 2,
    "Mar": 3,
    "Apr": 4,
    "Jun": 6,
    "Jul": 7,
    "Aug": 8,
    "Sep": 9,
    "Sept": 9,
    "Oct": 10,
    "Nov": 11,
    "Dec": 12,
}
_MON_RE = (
    "(?:" + "|".join(list(MONTHS) + [a + r"\.?" for a in sorted(_MON_ABBR, key=len, reverse=True)]) + r")(?![A-Za-z])"
)

_PART_EN = {
    "early": "early",
    "beginning": "early",
    "start": "early",
    "mid": "mid",
    "middle": "mid",
    "late": "late",
    "end": "end",
    "close": "end",
}
_PART_ZH = {
    "初": "early",
    "上旬": "early",
    "中旬": "mid",
    "中": "mid",
    "下旬": "late",
    "底": "end",
    "末": "end",
    "年初": "early",
    "年中": "mid",
    "年底": "end",
    "年末": "end",
    "月初": "early",
    "月中": "mid",
    "月底": "end",
    "月末": "end",
}

_EN_PART = (
    r"(?:(?P<part>early|mid|late|end(?=-)|the\s+(?:end|beginning|start|middle|close)\s+of"
    r"|(?:end|beginning|start|middle)\s+of)[\s-]+)?"
)
_EN_PREP = (
    r"(?P<rel>(?i:in|since|until|by|from|of|during|through|before|after|to|and|or|between|on|for|the|last|next|this"
    r"|early|late|mid|end))"
)
_EN_DATE = re.compile(
    r"\b" + _EN_PART + r"(?:"
    rf"(?P<mon1>{_MON_RE})\s+(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?\b(?:,?\s+(?P<y1>1[6-9]\d\d|20\d\d)\b)?"
    rf"|(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon2>{_MON_RE})(?:,?\s+(?P<y2>1[6-9]\d\d|20\d\d)\b)?"
    rf"|(?P<mon3>{_MON_RE}),?\s+(?P<y3>1[6-9]\d\d|20\d\d)\b"
    rf"|(?:{_EN_PREP}[\s-]+|(?<=of\s)|(?<=[-–—])|^(?!May\b|March\b))(?P<mon4>{_MON_RE})\b(?!\s+\d|,?\s+(?:1[6-9]\d\d|20\d\d)\b)"
    r"|(?P<iy>1[6-9]\d\d|20\d\d)-(?P<im>[01]\d)-(?P<id>[0-3]\d)"
    r"|(?P<y5>1[89]\d\d|20\d\d)(?![\d,.]?\d|s\b|['’]s|%|\s*(?:percent|per cent)|-\d"
    r"|\s*(?:years?|people|persons|tons|tonnes|"
    r"meters|metres|km|kilometers|miles|votes|units|copies|cars|homes|jobs|yuan|dollars|euros|pounds|rubles))"
    r")",
)
# "on the 11th": a day of a month the reader knows (news style)
_EN_DAY = re.compile(
    r"\b(?:[Oo]n|[Oo]f|[Ff]or|[Bb]y|[Uu]ntil|[Ss]ince|[Bb]etween|[Ff]rom)\s+the\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)\b(?!\s+(?:century|anniversary|time|place|floor|round|day\s+of\s+(?:the\s+)?(?:war|strike|protest)))"
    # an ordinal before a noun numbers that noun (the 30th meeting, the 10th month of the lunar calendar, the 19th CPC …)
    r"(?!\s+(?:(?i:meeting|session|plenary|congress|month|day|week|edition|amendment|birthday|national|party)|[A-Z]{2,}))"
)
# the days after "on the 29th": "and 30th", "to the 3rd"
_EN_DAY_MORE = re.compile(r"\s*(?:,|and|to|through|until|-|–)\s*(?:the\s+)?(?P<d>[0-3]?\d)(?:st|nd|rd|th)\b")
_WEEKDAYS_EN = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_EN_RELATIVE = re.compile(
    r"\b(?:last|next|this|past|coming)\s+(?:year|month|week|spring|summer|autumn|fall|winter)\b|\b(?:yesterday|today|tomorrow|"
    r"the\s+day\s+(?:before\s+yesterday|after\s+tomorrow)|last\s+night|tonight|this\s+(?:morning|afternoon|evening)|"
    r"(?:a|one|two|three)\s+(?:days?|weeks?|months?|years?)\s+ago)\b"
    # a weekday a reader places against the publication date: last Tuesday, on Wednesday, next Friday
    rf"|\b(?:(?i:last|next|this|on)\s+)(?:{_WEEKDAYS_EN})\b",
    re.I,
)

_ZH_NUM_Y = r"(?:\d{4}|[〇零○一二三四五六七八九]{4})"
_ZH_NUM_M = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_ZH_NUM_D = r"(?:3[01]|[12]\d|0?[1-9]|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])"
_S = r"(?:[ \u00a0](?=[\d年月日号號]))?"
_ZH_REL_Y = r"(?P<rely>去年|今年|明年|前年|后年|後年|当年|當年|同年|上年|本年)"
_ZH_DATE = re.compile(
    # every part is optional: the lookahead keeps the engine from trying positions that cannot start a date
    # news copy sets digits off with spaces (2015 年 11 月, 9 月 1 日): one space is allowed around a digit field
    r"(?<![\d.第〇零○一二三四五六七八九十百千])(?=[\d〇零○一二三四五六七八九十去今明前后後当當同上本])(?:" + _ZH_REL_Y + rf"|(?P<y>{_ZH_NUM_Y})(?:{_S}(?=年))?年(?!代){_S})?"
    rf"(?:(?P<m>{_ZH_NUM_M})(?:{_S}(?=月))?月(?:份)?{_S})?"
    rf"(?:(?P<d>{_ZH_NUM_D})(?:{_S}(?=[日号號]))?(?:日|号|號))?"
    r"(?P<part>上旬|中旬|下旬|初|底|末|中(?=旬)|年初|年中|年底|年末|月初|月中|月底|月末)?"
)
_ZH_RELATIVE = re.compile(
    # weekdays first (上周二 is a day, 上周 a week)
    r"(?:上|本|这|這|下)?(?:周|週|星期|礼拜|禮拜)[一二三四五六日天]|"
    r"上个月|上個月|本月|这个月|這個月|下个月|下個月|上月|下月|上周|上週|本周|本週|下周|下週|"
    r"昨天|今天|明天|前天|后天|後天|昨日|今日|明日|昨晚|昨夜|今晚|今晨|今早|明晚|近日|日前|去年|今年|明年|前年"
)


def _zh_int(s: str | None) -> int | None:
    if not s:
        return None
    if s[0].isdigit():
        return int(s)
    from .quantities import parse_zh_numeral

    return parse_zh_numeral(s)


def _month_en(s: str) -> int:
    s = s.rstrip(".")
    return MONTHS.get(s) or _MON_ABBR[s]


def _part_en(p: str | None) -> str | None:
    if not p:
        return None
    words = p.lower().split()
    key = words[1] if words[0] == "the" else words[0]
    return _PART_EN.get(key)


@lru_cache(maxsize=4096)
def _parse_cached(text: str, lang: str) -> tuple[str, tuple[DateRef, ...]]:
    """The digit-normalised text and its dates before any year is carried (the same for every hint)."""
    from .quantities import normalize_digits

    t = normalize_digits(text)
    ranges, masked = _ranges(t, text, lang)
    refs = _zh(masked, text) if lang == "zh" else _en(masked, text)
    return t, tuple(sorted(refs + ranges, key=lambda r: r.start))


@lru_cache(maxsize=4096)
def _extract_cached(text: str, lang: str, year_hint: int | None) -> tuple[DateRef, ...]:
    # Checks ask with the document's year, quantities and knowledge without: the parse is shared.
    t, refs = _parse_cached(text, lang)
    return tuple(_carry_years(list(refs), t, lang, year_hint))


def extract_dates(text: str, lang: str, year_hint: int | None = None) -> list[DateRef]:
    """Dates in `text` ("zh" or "en") in order; `year_hint` fills the year of dates that state none."""
    if not text:
        return []
    if lang not in ("zh", "en"):
        raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
    return list(_extract_cached(text, lang, year_hint))


# “7.19洪灾”: month.day naming an event, only right after a quote or at the start of a clause and before a
# character that cannot continue a decimal (3.5万, 7.19倍 stay numbers)
_ZH_DOT_DATE = re.compile(
    r"(?:(?<=[“「『，。：；\s])|^)(?P<m>1[0-2]|[1-9])\.(?P<d>3[01]|[12]\d|[1-9])(?=[\u4e00-\u9fff])"
    r"(?![万萬亿億千百十个個元倍米吨噸年月日号號%多余])"
)
_ZH_MONTH_RANGE = re.compile(rf"(?P<a>{_ZH_NUM_M})(?:-|－|—|–|~|～|至|到)(?P<b>{_ZH_NUM_M})月(?:份)?")


# Ranges and pairs that state the month (and year) once: 7月3日至4日, 7月3—4日, July 3-4, 3 and 4 July,
# 2019—2022年, 2021-22. Each becomes two whole dates, so neither half is left to look like a bare day or a number.
_RSEP = r"\s*(?:至|到|-|－|—|–|~|～|和|及|与|與|、|to|through|and|&)\s*"
_ZH_DAY_RANGE = re.compile(
    rf"(?<![\d.])(?:(?P<y>{_ZH_NUM_Y})年)?(?P<m>{_ZH_NUM_M})月(?P<a>{_ZH_NUM_D})(?:日|号|號)?(?P<sep>{_RSEP})"
    rf"(?P<b>{_ZH_NUM_D})(?:日|号|號)"
)
# 29、30日, 一号到三号: two days of a month the reader knows
_ZH_BARE_DAYS = re.compile(
    rf"(?<![\d.第〇零○一二三四五六七八九十百千])(?P<a>{_ZH_NUM_D})(?:日|号|號)?(?P<sep>、|至|到|-|－|—|–|~|～)"
    rf"(?P<b>{_ZH_NUM_D})(?:日|号|號)"
)
_ZH_LUNAR = ("农历", "農曆", "阴历", "陰曆")
_ZH_YEAR_RANGE = re.compile(
    r"(?<![\d.])(?P<a>1[6-9]\d\d|20\d\d)年?\s*(?:至|到|-|－|—|–|~|～|/)\s*"
    r"(?P<b>1[6-9]\d\d|20\d\d|\d\d)(?!\d)(?:年(?!代)|财年|財年|年度|学年|學年)"
)
_EN_DAY_RANGE = re.compile(
    rf"\b(?:(?P<mon1>{_MON_RE})\s+(?P<a1>[0-3]?\d)(?:st|nd|rd|th)?{_RSEP}(?P<b1>[0-3]?\d)(?:st|nd|rd|th)?\b"
    rf"(?:,?\s+(?P<y1>1[6-9]\d\d|20\d\d)\b)?"
    rf"|(?P<a2>[0-3]?\d)(?:st|nd|rd|th)?{_RSEP}(?P<b2>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?"
    rf"(?P<mon2>{_MON_RE})(?:,?\s+(?P<y2>1[6-9]\d\d|20\d\d)\b)?)"
)
_EN_YEAR_RANGE = re.compile(
    r"(?<![\d$€£¥.,#])(?P<a>1[6-9]\d\d|20\d\d)\s*(?:-|–|—|/|to|through)\s*(?P<b>1[6-9]\d\d|20\d\d|\d\d)\b(?![.,]\d|%)"
    r"(?!\s*(?:people|persons|troops|soldiers|tons|tonnes|km|kilometers|miles|meters|metres|votes|units|yuan|dollars))"
)


def _overlaps(m: re.Match[str], spans: list[tuple[int, int]]) -> bool:
    return any(s < m.end() and m.start() < e for s, e in spans)


def _zh_day_pair(
    m: re.Match[str], orig: str, y: int | None, mo: int | None, a: int, b: int, relative: bool = False
) -> list[DateRef]:
    """The two days of a Chinese day range or pair (3日至4日, 29、30日): the first up to the separator."""
    cut = m.start("sep")
    return [
        DateRef(y, mo, a, "day", orig[m.start() : cut], m.start(), cut, relative=relative),
        DateRef(y, mo, b, "day", orig[m.start("b") : m.end()], m.start("b"), m.end(), relative=relative),
    ]


def _ranges(t: str, orig: str, lang: str) -> tuple[list[DateRef], str]:
    """Dates stated as a range or a pair sharing their month/year, and the text with them blanked out."""
    out: list[DateRef] = []
    spans: list[tuple[int, int]] = []
    if lang == "zh":
        for m in _ZH_DAY_RANGE.finditer(t):
            y, mo, a, b = _zh_int(m["y"]), _zh_int(m["m"]), _zh_int(m["a"]), _zh_int(m["b"])
            if mo and a and b and 1 <= mo <= 12 and 1 <= a < b <= 31:
                out += _zh_day_pair(m, orig, y, mo, a, b)
                spans.append(m.span())
        for m in _ZH_BARE_DAYS.finditer(t):
            a, b = _zh_int(m["a"]), _zh_int(m["b"])
            if a and b and 1 <= a < b <= 31 and not _overlaps(m, spans):
                out += _zh_day_pair(m, orig, None, None, a, b, relative=True)
                spans.append(m.span())
        rx = _ZH_YEAR_RANGE
    else:
        for m in _EN_DAY_RANGE.finditer(t):
            k = "1" if m["mon1"] else "2"
            mo, ys, a, b = _month_en(m["mon" + k]), m["y" + k], int(m["a" + k]), int(m["b" + k])
            if 1 <= a < b <= 31:
                y = int(ys) if ys else None
                first, second = (m.start(), m.end("a" + k)), (m.start("b" + k), m.end())
                out.append(DateRef(y, mo, a, "day", orig[first[0] : first[1]], *first))
                out.append(DateRef(y, mo, b, "day", orig[second[0] : second[1]], *second))
                spans.append(m.span())
        rx = _EN_YEAR_RANGE
    for m in rx.finditer(t):
        if _overlaps(m, spans):
            continue
        a = int(m["a"])
        b = int(m["b"]) if len(m["b"]) == 4 else a // 100 * 100 + int(m["b"])
        if a < b <= 2100:
            out.append(DateRef(a, None, None, "year", orig[m.start("a") : m.end("a")], m.start("a"), m.end("a")))
            out.append(DateRef(b, None, None, "year", orig[m.start("b") : m.end()], m.start("b"), m.end()))
            spans.append(m.span())
    masked = t
    for s, e in spans:
        masked = masked[:s] + " " * (e - s) + masked[e:]
    return out, masked


def _zh(t: str, orig: str) -> list[DateRef]:
    out: list[DateRef] = []
    taken: set[int] = set()
    for m in _ZH_MONTH_RANGE.finditer(t):  # 1-7月: January to July, two months
        a, b = _zh_int(m["a"]), _zh_int(m["b"])
        if a and b and 1 <= a < b <= 12:
            out.append(DateRef(None, a, None, "month", orig[m.start() : m.start("b")], m.start(), m.start("b")))
            out.append(DateRef(None, b, None, "month", orig[m.start("b") : m.end()], m.start("b"), m.end()))
            taken.update(range(m.start(), m.end()))
    for m in _ZH_DOT_DATE.finditer(t):
        out.append(DateRef(None, int(m["m"]), int(m["d"]), "day", orig[m.start():m.end()], m.start(), m.end()))
        taken.update(range(m.start(), m.end()))
    for m in _ZH_DATE.finditer(t):
        if m.start() == m.end() or m.start() in taken or (m.end() - 1) in taken:
            continue
        y, mo, d = _zh_int(m["y"]), _zh_int(m["m"]), _zh_int(m["d"])
        rel = bool(m["rely"])
        if y is None and mo is None and d is None:
            if rel and m["part"]:
                out.append(
                    DateRef(
                        None,
                        None,
                        None,
                        "year",
                        orig[m.start() : m.end()],
                        m.start(),
                        m.end(),
                        part=_PART_ZH.get(m["part"]),
                        relative=True,
                    )
                )
            continue
        if d is not None and mo is None and y is None:
            # a bare 11日 is a day of a month the reader knows (news style): kept, but relative
            rel = not (out and out[-1].end >= m.start() - 3)
        if mo is not None and not (1 <= mo <= 12) or d is not None and not (1 <= d <= 31):
            continue
        if y is not None and not (1000 <= y <= 2100):
            continue
        prec = "day" if d is not None else "month" if mo is not None else "year"
        s = m.start()
        if t[max(0, s - 2) : s] in _ZH_LUNAR:
            # a lunar date (农历十月十四) names no day of the Gregorian calendar: kept (so its numerals are no
            # quantity) but never compared
            out.append(DateRef(None, None, None, "relative", orig[s : m.end()], s, m.end(), relative=True))
            continue
        out.append(
            DateRef(y, mo, d, prec, orig[s : m.end()], s, m.end(), part=_PART_ZH.get(m["part"] or ""), relative=rel)
        )
    for m in _ZH_RELATIVE.finditer(t):
        if not any(r.start <= m.start() < r.end for r in out):
            out.append(
                DateRef(None, None, None, "relative", orig[m.start() : m.end()], m.start(), m.end(), relative=True)
            )
    out.sort(key=lambda r: r.start)
    return out


_EN_DATE_HINT = re.compile(r"\d|" + _MON_RE)


def _en(t: str, orig: str) -> list[DateRef]:
    out: list[DateRef] = []
    if not _EN_DATE_HINT.search(t):
        return [
            DateRef(None, None, None, "relative", orig[m.start() : m.end()], m.start(), m.end(), relative=True)
            for m in _EN_RELATIVE.finditer(t)
        ]
    for m in _EN_DATE.finditer(t):
        part = _part_en(m["part"])
        rel = False
        if m["mon1"]:
            y, mo, d = m["y1"], _month_en(m["mon1"]), int(m["d1"])
        elif m["mon2"]:
            y, mo, d = m["y2"], _month_en(m["mon2"]), int(m["d2"])
        elif m["mon3"]:
            y, mo, d = m["y3"], _month_en(m["mon3"]), None
        elif m["mon4"]:
            y, mo, d = None, _month_en(m["mon4"]), None
            word = (m["rel"] or "").lower()
            rel = word in ("last", "next", "this")
            if word in ("early", "late", "mid", "end"):
                part = _PART_EN[word]
            elif not rel:
                s = m.start("mon4")
        elif m["iy"]:
            y, mo, d = m["iy"], int(m["im"]), int(m["id"])
        else:
            y, mo, d = m["y5"], None, None
            if m.start("y5") > 0 and t[m.start("y5") - 1] in "$£€¥#":
                continue
        if d is not None and not (1 <= d <= 31) or mo is not None and not (1 <= mo <= 12):
            continue
        if not (m["mon4"] and not rel and not part):
            s = m.start("part") if m["part"] else m.start()
        prec = "day" if d is not None else "month" if mo is not None else "year"
        out.append(DateRef(int(y) if y else None, mo, d, prec, orig[s : m.end()], s, m.end(), part=part, relative=rel))
    for m in _EN_DAY.finditer(t):
        d = int(m["d"])
        if 1 <= d <= 31 and not any(r.start <= m.start("d") < r.end for r in out):
            out.append(
                DateRef(
                    None, None, d, "day", orig[m.start("d") - 4 : m.end()], m.start("d") - 4, m.end(), relative=True
                )
            )
            end = m.end()
            while (more := _EN_DAY_MORE.match(t, end)) and d < int(more["d"]) <= 31:
                d, end = int(more["d"]), more.end()
                out.append(DateRef(None, None, d, "day", orig[more.start("d") : end], more.start("d"), end, relative=True))
    for m in _EN_RELATIVE.finditer(t):
        if not any(r.start <= m.start() < r.end for r in out):
            out.append(
                DateRef(None, None, None, "relative", orig[m.start() : m.end()], m.start(), m.end(), relative=True)
            )
    out.sort(key=lambda r: r.start)
    return out


_LIST_GAP = re.compile(r"^[\s,，、;；]*(?:and|or|to|through|until|和|及|与|與|至|到|、|-|–|—)?[\s,，、]*$")


def _carry_years(refs: list[DateRef], t: str, lang: str, year_hint: int | None) -> list[DateRef]:
    """Give yearless dates the year stated once for the list they belong to (see module doc)."""
    out = list(refs)
    n = len(out)
    for i, r in enumerate(out):
        if r.year is not None or r.relative or r.month is None:
            continue
        year, source = None, "list"
        if lang == "en":
            # March 2, October 12, and November 14, 2022: the year comes after the list
            j = i
            while j + 1 < n and _LIST_GAP.match(t[out[j].end : out[j + 1].start]) and not out[j + 1].relative:
                j += 1
                if out[j].year is not None:
                    year = out[j].year
                    break
        if year is None:
            # 2022年3月2日、10月12日: the year comes first
            j = i
            while j - 1 >= 0 and _LIST_GAP.match(t[out[j - 1].end : out[j].start]) and not out[j - 1].relative:
                j -= 1
                if out[j].year is not None:
                    year = out[j].year
                    break
        if year is None:
            year, source = year_hint, "hint"
        if year is not None:
            out[i] = replace(r, year=year, year_inferred=True, year_from=source)
    return out
