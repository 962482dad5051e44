"""Events: a sentence with a date it can be pinned to, its actors and both languages.

Dates come from the shared parser (lang/dates.py). This module decides what they mean on a timeline:
- absolute dates keep their precision (day 2022-02-24, month 2022-01 "mid", year 2017);
- a date without a year takes the year the document was last talking about (2022年3月2日 … 10月12日),
  falling back to the publication year;
- relative dates (上个月, last month, 去年7月, last July, 去年) are resolved against the document's
  publication date when it is known, and dropped when it is not (a timeline entry needs a date);
- a year alone is an event only when the sentence names an actor (too many sentences say "in 2022").

`merge_events` groups the same event told by several documents: same date and precision, actors
overlapping (or both without actors and the same day).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..lang.dates import DateRef, extract_dates

__all__ = ["Event", "resolve", "side_dates", "events_in_pair", "merge_events", "date_bounds", "explicit_years"]


@dataclass
class Event:
    date: str  # 2022-02-24 | 2022-01 | 2022
    precision: str  # day | month | year
    part: str | None = None  # early | mid | late | end (of a month or year)
    relative: bool = False  # resolved from 上个月 / last month …
    surface: str = ""
    actors: list[str] = field(default_factory=list)
    zh: str = ""
    en: str = ""
    unit_id: str = ""
    sentence: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date,
            "precision": self.precision,
            "part": self.part,
            "relative": self.relative,
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
    "past year": 0,
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
    "yesterday": -1,
    "今天": 0,
    "今日": 0,
    "today": 0,
    "前天": -2,
    "the day before yesterday": -2,
}


def resolve(
    ref: DateRef, published: dt.date | None, context_year: int | None
) -> tuple[str, str, str | None, bool] | None:
    """(date, precision, part, relative) for a DateRef, or None when it cannot be pinned."""
    surface = ref.surface.strip().lower()
    if ref.relative:
        if published is None:
            return None
        if ref.month and not ref.day:
            # 去年7月 / last July / next March: the month nearest publication in the direction said
            if "去年" in surface:
                y = published.year - 1
            elif "今年" in surface or surface.startswith("this"):
                y = published.year
            elif "明年" in surface:
                y = published.year + 1
            elif surface.startswith("next"):
                y = published.year if ref.month > published.month else published.year + 1
            else:
                y = published.year if ref.month < published.month else published.year - 1
            return _iso(y, ref.month), "month", ref.part, True
        for words, table, prec in (
            (surface, _REL_MONTH, "month"),
            (surface, _REL_YEAR, "year"),
            (surface, _REL_DAY, "day"),
        ):
            for key, delta in table.items():
                if words == key or words.endswith(key) and len(words) - len(key) <= 2:
                    if prec == "month":
                        m = published.month + delta
                        y = published.year + (m - 1) // 12
                        m = (m - 1) % 12 + 1
                        return _iso(y, m), "month", ref.part, True
                    if prec == "year":
                        return _iso(published.year + delta), "year", ref.part, True
                    day = published + dt.timedelta(days=delta)
                    return day.isoformat(), "day", None, True
        return None  # 近日, 上周, 11日 …: not pinned to a day, month or year
    year = ref.year if ref.year is not None else (context_year if ref.month else None)
    if year is None:
        return None
    if ref.month and ref.day:
        try:
            dt.date(year, ref.month, ref.day)
        except ValueError:
            return None
        return _iso(year, ref.month, ref.day), "day", None, False
    if ref.month:
        return _iso(year, ref.month), "month", ref.part, False
    return _iso(year), "year", ref.part, False


def explicit_years(text: str, lang: str) -> list[int]:
    """Years the text states itself (not carried, not relative): they set the context for later sentences."""
    return [r.year for r in extract_dates(text, lang) if r.year is not None and not r.year_inferred and not r.relative]


def side_dates(
    text: str, lang: str, published: dt.date | None, context_year: int | None
) -> list[tuple[int, str, str, str | None, bool, str]]:
    """(position, date, precision, part, relative, surface) of every date the text pins down."""
    out = []
    local_year = context_year
    for ref in extract_dates(text, lang) if text else []:
        if ref.year is not None and not ref.relative and not ref.year_inferred:
            local_year = ref.year  # 2022年3月2日 … 10月12日: the year last stated in the sentence
        r = resolve(ref, published, local_year)
        if r is not None:
            out.append((ref.start, r[0], r[1], r[2], r[3], ref.surface))
    return out


def events_in_pair(
    zh: str, en: str, published: dt.date | None, context_year: int | None, actors: list[str], unit_id: str, index: int
) -> list[Event]:
    """Events of one sentence pair: every distinct date either side pins down.

    A bare year ("in 2022", 2022年) is not an event: nearly every sentence of an annual review says
    one. A year with a part (2022年初, early 2022) or a relative year (去年) is kept."""
    seen: dict[tuple[str, str], Event] = {}
    for side, text in (("zh", zh), ("en", en)):
        for _pos, date, prec, part, rel, surface in side_dates(text, side, published, context_year):
            if prec == "year" and not rel and not part:
                continue
            if prec == "year" and not actors:
                continue
            key = (date, prec)
            if key in seen:
                seen[key].part = seen[key].part or part
                continue
            seen[key] = Event(date, prec, part, rel, surface, list(actors), zh, en, unit_id, index)
    # a month-level date that a day-level one of the same month already pins adds nothing
    days = {e.date[:7] for e in seen.values() if e.precision == "day"}
    return [e for e in seen.values() if not (e.precision == "month" and e.date in days and not e.part)]


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
        for g in by_date.get(key, []):
            if actors & g["_actors"] or (not actors and not g["_actors"] and row["precision"] == "day"):
                target = g
                break
        source = {
            k: row.get(k) for k in ("doc_id", "path", "title", "source", "published", "unit_id", "sentence", "zh", "en")
        }
        if target is None:
            target = {
                "date": row["date"],
                "precision": row["precision"],
                "part": row.get("part"),
                "relative": bool(row.get("relative")),
                "_actors": set(actors),
                "zh": row["zh"],
                "en": row["en"],
                "sources": [],
            }
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
    out.sort(key=lambda g: (g["date"], {"year": 0, "month": 1, "day": 2}.get(g["precision"], 3)))
    return out
