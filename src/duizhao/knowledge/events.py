"""Events: a sentence with a date it can be pinned to, its actors and both languages.

Dates come from the shared parser (lang/dates.py). This module decides what they mean on a timeline:
- absolute dates keep their precision (day 2022-02-24, month 2022-01 "mid", a year with a part 2014年初);
  a bare year is the period of a figure, not an event;
- a date without a year takes its year from an explicit year earlier in the same sentence
  (2022年3月2日、10月12日), else from the document's publication date — never from an earlier
  sentence, which may speak of anything (a 2005 reform, a student's cohort);
- a bare day (27日, on the 27th) takes its month from a date earlier in the sentence (当月27日), else
  from the publication date (the month of publication, or the one before when the day is still ahead);
- relative dates (今年3月15日, 去年7月, 上个月, 上周二, 明天, last Tuesday, tomorrow …) are resolved against
  the publication date;
- what cannot be resolved (no publication date) is kept as an *unresolved* event with the surface and
  the precision it would have: shown and filterable, never dropped, never guessed;
- a range (２０１９年３月１日至５日, 1-7月) is one event with a start (`date`) and an `end`;
- a date that is only the base of a comparison (比上月, 较2015年同期, 去年同期) or the topic of a sentence
  that dates something else (8月12日，…就2016年7月份…举行发布会) is not an event.

The Chinese side is read first; the English side gives the events only when the Chinese one states
no date (the two sides state the same dates, and a second reading would duplicate them).

`merge_events` groups the same event told by several documents: same date and precision, actors
overlapping (or both without actors and the same day).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from ..lang.dates import DateRef, extract_dates

__all__ = [
    "Event",
    "Dated",
    "resolve",
    "dated",
    "side_dates",
    "events_in_pair",
    "merge_events",
    "date_bounds",
    "explicit_years",
]


@dataclass
class Event:
    date: str  # 2022-02-24 | 2022-01 | 2022; "" when unresolved
    precision: str  # day | month | year
    part: str | None = None  # early | mid | late | end (of a month or year)
    relative: bool = False  # resolved from 上个月 / last month …
    surface: str = ""
    actors: list[str] = field(default_factory=list)
    zh: str = ""
    en: str = ""
    unit_id: str = ""
    sentence: int = 0
    end: str | None = None  # the last day/month of a range, same precision as `date`
    unresolved: bool = False  # the text states a date a reader places only with a publication date

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date or None,
            "end": self.end,
            "precision": self.precision,
            "part": self.part,
            "relative": self.relative,
            "unresolved": self.unresolved,
            "surface": self.surface,
            "actors": list(self.actors),
            "zh": self.zh,
            "en": self.en,
            "unit_id": self.unit_id,
            "sentence": self.sentence,
        }


def _iso(y: int, m: int | None = None, d: int | None = None) -> str:
    return f"{y:04d}" + (f"-{m:02d}" if m else "") + (f"-{d:02d}" if m and d else "")


def date_bounds(date: str) -> tuple[str, str]:
    """The first and last day an ISO prefix covers: 2022-01 → (2022-01-01, 2022-01-31)."""
    parts = [int(p) for p in date.split("-")]
    y = parts[0]
    if len(parts) == 1:
        return f"{y:04d}-01-01", f"{y:04d}-12-31"
    m = parts[1]
    if len(parts) == 2:
        return f"{y:04d}-{m:02d}-01", f"{y:04d}-{m:02d}-{calendar.monthrange(y, m)[1]:02d}"
    return date, date


def _published(published: str | None) -> dt.date | None:
    if not published:
        return None
    try:
        parts = [int(p) for p in published[:10].split("-")]
        return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return None


_REL_MONTH = {
    "上个月": -1,
    "上個月": -1,
    "上月": -1,
    "last month": -1,
    "本月": 0,
    "这个月": 0,
    "這個月": 0,
    "this month": 0,
    "下个月": 1,
    "下個月": 1,
    "下月": 1,
    "next month": 1,
}
_REL_YEAR = {
    "去年": -1,
    "last year": -1,
    "今年": 0,
    "this year": 0,
    "明年": 1,
    "next year": 1,
    "前年": -2,
    "上年": -1,
    "本年": 0,
}
_REL_DAY = {
    "昨天": -1,
    "昨日": -1,
    "昨晚": -1,
    "昨夜": -1,
    "yesterday": -1,
    "last night": -1,
    "今天": 0,
    "今日": 0,
    "今晚": 0,
    "今晨": 0,
    "今早": 0,
    "today": 0,
    "tonight": 0,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "明天": 1,
    "明日": 1,
    "明晚": 1,
    "tomorrow": 1,
    "前天": -2,
    "the day before yesterday": -2,
    "后天": 2,
    "後天": 2,
    "the day after tomorrow": 2,
}
_WEEKDAY_ZH = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_WEEKDAY_EN = {d: i for i, d in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}
_WEEK_ZH = re.compile(r"^(?P<w>上|本|这|這|下)?(?:周|週|星期|礼拜|禮拜)(?P<d>[一二三四五六日天])$")
_WEEK_EN = re.compile(r"^(?P<w>last|next|this|on)\s+(?P<d>[a-z]+)$")
_REL_YEAR_PREFIX = re.compile(r"^(去年|今年|明年|前年|上年|本年)")


def _weekday(surface: str, published: dt.date) -> dt.date | None:
    """上周二 (Tuesday of last week), 本周二, 下周二, 周二 / on Tuesday (the latest one not after publication),
    last Tuesday (the latest one before it), next Tuesday (the first one after it)."""
    m = _WEEK_ZH.match(surface)
    if m:
        day = _WEEKDAY_ZH[m["d"]]
        monday = published - dt.timedelta(days=published.weekday())
        if m["w"] == "上":
            return monday - dt.timedelta(days=7) + dt.timedelta(days=day)
        if m["w"] == "下":
            return monday + dt.timedelta(days=7 + day)
        if m["w"]:
            return monday + dt.timedelta(days=day)
        back = (published.weekday() - day) % 7
        return published - dt.timedelta(days=back)
    m = _WEEK_EN.match(surface)
    if m and m["d"] in _WEEKDAY_EN:
        day = _WEEKDAY_EN[m["d"]]
        back = (published.weekday() - day) % 7
        if m["w"] == "last":
            return published - dt.timedelta(days=back or 7)
        if m["w"] == "next":
            return published + dt.timedelta(days=(day - published.weekday()) % 7 or 7)
        if m["w"] == "this":
            return published - dt.timedelta(days=published.weekday()) + dt.timedelta(days=day)
        return published - dt.timedelta(days=back)
    return None


# what `resolve` returns: (date, precision, part, relative); date None = unresolved
Resolved = tuple[str | None, str, str | None, bool]


def resolve(
    ref: DateRef, published: dt.date | None, year: int | None = None, month: tuple[int, int] | None = None
) -> Resolved | None:
    """(date, precision, part, relative) of a DateRef; date None when it needs a publication date that
    is not known; None for what is no date of a day, month or year (近日, 上周, 当年).

    `year` is an explicit year stated earlier in the same sentence, `month` the (year, month) of a date
    earlier in the sentence (for a bare day: 当月27日)."""
    surface = ref.surface.strip().lower()
    if ref.day and not ref.month and ref.year is None:
        # a bare 27日: the month of a date just stated, else of publication
        if month is not None:
            y, mo = month
        elif published is None:
            return None, "day", None, True
        else:
            y, mo = published.year, published.month
            if ref.day > published.day:  # a day still ahead of publication is most likely last month's
                mo -= 1
                if mo == 0:
                    y, mo = y - 1, 12
        try:
            dt.date(y, mo, ref.day)
        except ValueError:
            return None
        return _iso(y, mo, ref.day), "day", None, month is None
    if ref.relative:
        prefix = _REL_YEAR_PREFIX.match(surface)
        if ref.month:
            # 今年3月15日 / 去年7月 / last July / next March
            if published is None:
                return None, "day" if ref.day else "month", ref.part, True
            if prefix:
                y = published.year + _REL_YEAR[prefix.group(1)]
            elif surface.startswith("next"):
                y = published.year if ref.month > published.month else published.year + 1
            elif surface.startswith("this"):
                y = published.year
            else:
                y = published.year if ref.month < published.month else published.year - 1
            if ref.day:
                try:
                    dt.date(y, ref.month, ref.day)
                except ValueError:
                    return None
                return _iso(y, ref.month, ref.day), "day", None, True
            return _iso(y, ref.month), "month", ref.part, True
        if ref.part:  # 今年初, 去年底: the relative year, then its part
            surface = re.sub(r"(?:初|底|末|中|上旬|中旬|下旬)$", "", surface)
        for table, prec in ((_REL_MONTH, "month"), (_REL_YEAR, "year"), (_REL_DAY, "day")):
            for key, delta in table.items():
                if surface == key or surface.endswith(key) and len(surface) - len(key) <= 2:
                    if published is None:
                        return None, prec, ref.part, True
                    if prec == "month":
                        m = published.month + delta
                        y = published.year + (m - 1) // 12
                        m = (m - 1) % 12 + 1
                        return _iso(y, m), "month", ref.part, True
                    if prec == "year":
                        return _iso(published.year + delta), "year", ref.part, True
                    return (published + dt.timedelta(days=delta)).isoformat(), "day", None, True
        if _WEEK_ZH.match(surface) or _WEEK_EN.match(surface):
            if published is None:
                return None, "day", None, True
            day = _weekday(surface, published)
            return (day.isoformat(), "day", None, True) if day else None
        return None  # 近日, 上周, 当年 …: not pinned to a day, month or year
    return _absolute(ref, published, year)


def _absolute(ref: DateRef, published: dt.date | None, year: int | None) -> Resolved | None:
    """An absolute date: its own year, else the sentence's, else the publication's, else unresolved."""
    found: int | None = None
    if ref.year is not None and not (ref.year_inferred and ref.year_from == "hint"):
        found = ref.year
    elif ref.month is not None:
        found = year if year is not None else (published.year if published else None)
    if ref.month is None and ref.year is None:
        return None
    prec = "day" if ref.month and ref.day else "month" if ref.month else "year"
    if found is None:
        return None, prec, ref.part, False
    y = found
    if ref.month and ref.day:
        try:
            dt.date(y, ref.month, ref.day)
        except ValueError:
            return None
        return _iso(y, ref.month, ref.day), "day", None, False
    if ref.month:
        return _iso(y, ref.month), "month", ref.part, False
    return _iso(y), "year", ref.part, False


def explicit_years(text: str, lang: str) -> list[int]:
    """Years the text states itself (not carried, not relative)."""
    return [r.year for r in extract_dates(text, lang) if r.year is not None and not r.year_inferred and not r.relative]


@dataclass(frozen=True)
class Dated:
    """One date of one side of a sentence, read for the timeline and for figures' periods."""

    start: int
    end_pos: int
    date: str | None  # None: unresolved
    precision: str
    part: str | None
    relative: bool
    surface: str
    end: str | None = None  # the end of a range
    role: str = "event"  # event | base (of a comparison) | topic (what a report is about)


# A range: two dates joined by one of these and nothing else.
_RANGE_GAP = re.compile(r"^\s*(?:起|开始|開始)?\s*(?:至|到|-|－|—|–|~|～|to|through|until|and\s+end\s+on)\s*$")
# A comparison's base right before/after the date: 比上月, 较2015年同期, 与去年同期相比, 去年同期.
_BASE_BEFORE = re.compile(r"(?:比|较|較|与|與|同|和|compared\s+(?:to|with)|than|from)\s*$")
_BASE_AFTER = re.compile(r"^(?:同期|的同期)")
# Characters after which N号 is a number in an address, not a day.
_ADDRESS = set("路段街道巷弄楼樓区區院室门門线線村组組栋棟单單")
# The report's own frame: 记者今天从国家税务总局了解到, 记者昨日获悉
_FRAME_BEFORE = re.compile(r"记者\s*$")
_FRAME_AFTER = re.compile(r"[^，。；]{0,24}(?:了解到|获悉|獲悉|得知)")
# What a report is about, not when something happened: 就2016年7月份…, 关于…
_TOPIC_BEFORE = re.compile(r"(?:就|关于|關於)\s*$")


def dated(text: str, lang: str, published: dt.date | None) -> list[Dated]:
    """Every date the text states, resolved (or kept unresolved), ranges joined, roles marked."""
    out: list[Dated] = []
    if not text:
        return out
    refs = extract_dates(text, lang)
    local_year: int | None = None
    # the one year the sentence states, for a date before it that has none (8月份…2016年夏季奥运会):
    # the same sentence, never an earlier one; two different years leave it to the publication date,
    # and a comparison's base (较2015年同期) or a report's topic (就2016年7月份) dates nothing else
    stated = {
        r.year
        for r in refs
        if r.year is not None and not r.relative and not r.year_inferred and not _base_or_topic(text, r.start, r.end)
    }
    sentence_year = next(iter(stated)) if len(stated) == 1 else None
    last_month: tuple[int, int] | None = None
    i = 0
    while i < len(refs):
        ref = refs[i]
        if ref.year is not None and not ref.relative and not ref.year_inferred:
            local_year = ref.year  # 2022年3月2日 … 10月12日: the year last stated in the sentence
        i += 1
        if ref.day and not ref.month and ref.surface[-1:] in "号號" and text[ref.start - 1 : ref.start] in _ADDRESS:
            continue  # 凌海段1号: a house number
        if i > 1 and _is_weekday(ref.surface) and _restates(text, refs[i - 2].end, ref.start):
            continue  # 8月份（周四）: a weekday in brackets after a date names that date again
        r = resolve(ref, published, local_year if local_year is not None else sentence_year,
                    last_month if ref.day and not ref.month else None)
        if r is None:
            continue
        date, prec, part, rel = r
        start, end_pos, surface, end = ref.start, ref.end, ref.surface, None
        # a range: the next date right after a range word, with its missing parts taken from this one
        joined = i < len(refs) and (
            _RANGE_GAP.match(text[ref.end : refs[i].start])
            or ref.end == refs[i].start and ref.surface[-1:] in "-－—–~～至到"  # 1-7月: the dash is in the first
        )
        if joined and not date:
            # an unresolved range is still one event (1-7月 without a year to put it in)
            end_pos, surface = refs[i].end, text[ref.start : refs[i].end]
            i += 1
        elif joined and date:
            nxt = refs[i]
            year = int(date[:4])
            month = (year, int(date[5:7])) if len(date) >= 7 else None
            r2 = resolve(nxt, published, nxt.year if nxt.year and not nxt.year_inferred else year, month)
            if r2 is not None and r2[0] and r2[1] == prec and r2[0] > date:
                end = r2[0]
                end_pos, surface = nxt.end, text[ref.start : nxt.end]
                i += 1
        if date and len(date) >= 7:
            last_month = (int(date[:4]), int(date[5:7]))
        before = text[max(0, start - 12) : start]
        after = text[end_pos : end_pos + 3]
        role = "event"
        if _BASE_BEFORE.search(before) or _BASE_AFTER.match(after):
            role = "base"
        elif _TOPIC_BEFORE.search(before):
            role = "topic"
        elif _FRAME_BEFORE.search(before) or _FRAME_AFTER.match(text, end_pos):
            role = "frame"  # 记者今天从…了解到: when the report was made, not when anything happened
        elif ref.surface in ("今天", "今日") and _GENERIC_TODAY_AFTER.match(text, end_pos):
            role = "generic"  # 今天只要还有党产…: "nowadays", in a condition, not a day
        elif "月" not in ref.surface and ref.day and text.startswith(("游", "遊"), end_pos):
            role = "generic"  # 一日游: a day's trip, not the first of a month
        elif text[:start].count("“") > text[:start].count("”") and ref.surface[-1:].isdigit():
            role = "name"  # “7.19洪灾中…”: a date naming an event inside a quotation
        out.append(Dated(start, end_pos, date, prec, part, rel, surface, end, role))
    return out


def _base_or_topic(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 12) : start]
    return bool(_BASE_BEFORE.search(before) or _BASE_AFTER.match(text[end : end + 3]) or _TOPIC_BEFORE.search(before))


def _is_weekday(surface: str) -> bool:
    s = surface.strip().lower()
    return bool(_WEEK_ZH.match(s) or (_WEEK_EN.match(s) and s.split()[-1] in _WEEKDAY_EN) or s in _WEEKDAY_EN)


def _restates(text: str, prev_end: int, start: int) -> bool:
    """Only an opening bracket between the previous date and this one."""
    return text[prev_end:start].strip() in ("（", "(")


# Words right after 今天 that make it "nowadays": a condition or an emphasis, not a dated action.
_GENERIC_TODAY_AFTER = re.compile(r"(?:只要|如果|若|真的|才)")


def side_dates(text: str, lang: str, published: dt.date | None) -> list[tuple[int, str, str]]:
    """(position, date, precision) of every resolved date of the text that is not a comparison's base:
    what a figure after it refers to (a range gives its end: 2003年至2014年的年平均量 is as of 2014)."""
    return [
        (d.start, d.end or d.date, d.precision) for d in dated(text, lang, published) if d.date and d.role != "base"
    ]


def _timeline_dates(found: list[Dated]) -> list[Dated]:
    """The dates of one side that are events: day or month (or a year with a part), not a comparison's
    base, and not the topic of a sentence that dates something else."""
    keep = [d for d in found if d.role not in ("base", "frame", "name", "generic") and (d.precision in ("day", "month") or d.part)]
    if any(d.role == "event" for d in keep):
        keep = [d for d in keep if d.role == "event"]
    return keep


def events_in_pair(
    zh: str, en: str, published: dt.date | None, actors: list[str], unit_id: str, index: int
) -> list[Event]:
    """Events of one sentence pair: every distinct date the Chinese side (else the English) pins down."""
    found = _timeline_dates(dated(zh, "zh", published))
    if not found:
        # with a Chinese side that names no date, an English "today" or "now" translates 如今 / 目前
        # (nowadays), not a day: only the English side's own calendar dates stand
        found = [d for d in _timeline_dates(dated(en, "en", published)) if not (zh.strip() and d.relative and d.precision == "day")]
    seen: dict[tuple[str, str, str | None], Event] = {}
    for d in found:
        key = (d.date or d.surface, d.precision, d.end)
        if key in seen:
            seen[key].part = seen[key].part or d.part
            continue
        seen[key] = Event(
            d.date or "",
            d.precision,
            d.part,
            d.relative,
            d.surface,
            list(actors),
            zh,
            en,
            unit_id,
            index,
            end=d.end,
            unresolved=d.date is None,
        )
    # a month-level date that a day-level one of the same month already pins adds nothing
    days = {e.date[:7] for e in seen.values() if e.precision == "day" and e.date}
    return [
        e
        for e in seen.values()
        if not (e.precision == "month" and e.date and e.date in days and not e.part and not e.end)
    ]


# -- merging across documents ----------------------------------------------------------------------
GENERIC_ACTORS: frozenset[str] = frozenset()  # every actor counts towards an overlap


def merge_events(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Group stored events (one row per document sentence) into timeline entries, in date order.

    Rows need: date, precision, part, actors (list), zh, en and the source fields. Two rows are the
    same event when date and precision are equal and their actors overlap (both empty counts only
    for a day-precision date). Each entry lists every source; its actors are the union.
    """
    groups: list[dict[str, Any]] = []
    by_date: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in sorted(
        rows, key=lambda r: (r["date"], r["precision"] != "day", r.get("published") or "", r.get("doc_id") or "")
    ):
        key = (row["date"], row["precision"])
        actors = set(row["actors"])
        target = None
        lone = bool(row.get("unresolved"))  # an unresolved event is never the same as another one
        for g in [] if lone else by_date.get(key, []):
            if actors & g["_actors"] or (not actors and not g["_actors"] and row["precision"] == "day"):
                target = g
                break
        source = {
            k: row.get(k) for k in ("doc_id", "path", "title", "source", "published", "unit_id", "sentence", "zh", "en")
        }
        if target is None:
            target = {
                "date": row["date"] or None,
                "end": row.get("date_end"),
                "unresolved": lone,
                "surface": row.get("surface"),
                "precision": row["precision"],
                "part": row.get("part"),
                "relative": bool(row.get("relative")),
                "_actors": set(actors),
                "zh": row["zh"],
                "en": row["en"],
                "sources": [],
            }
            if not lone:
                by_date.setdefault(key, []).append(target)
            groups.append(target)
        else:
            target["_actors"] |= actors
            target["part"] = target["part"] or row.get("part")
        if not any(
            s["doc_id"] == source["doc_id"]
            and s["unit_id"] == source["unit_id"]
            and s["sentence"] == source["sentence"]
            for s in target["sources"]
        ):
            target["sources"].append(source)
    out = []
    for g in groups:
        ordered = sorted(g.pop("_actors"))  # popped first: the set must not reach the output
        out.append({**g, "actors": ordered})
    out.sort(
        key=lambda g: (g["unresolved"], g["date"] or "", {"year": 0, "month": 1, "day": 2}.get(g["precision"], 3))
    )
    return out
