"""Dates in both languages: precision, parts of a month, carried years, relative dates."""

from __future__ import annotations

from duizhao.lang.dates import extract_dates


def ymd(text: str, lang: str, hint: int | None = None) -> list[tuple]:
    return [(d.year, d.month, d.day, d.part, d.relative) for d in extract_dates(text, lang, hint)]


def test_full_dates() -> None:
    assert ymd("2021年8月15日", "zh") == [(2021, 8, 15, None, False)]
    assert ymd("on August 15, 2021", "en") == [(2021, 8, 15, None, False)]
    assert ymd("on 15 August 2021", "en") == [(2021, 8, 15, None, False)]
    assert ymd("二〇二一年八月十五日", "zh") == [(2021, 8, 15, None, False)]


def test_month_and_year() -> None:
    assert ymd("2021年8月", "zh") == [(2021, 8, None, None, False)]
    assert ymd("in August 2021", "en") == [(2021, 8, None, None, False)]
    assert ymd("in 2021", "en") == [(2021, None, None, None, False)]


def test_parts_of_a_month() -> None:
    assert ymd("2021年3月中旬", "zh") == [(2021, 3, None, "mid", False)]
    assert ymd("in mid-March 2021", "en") == [(2021, 3, None, "mid", False)]
    assert ymd("到8月底", "zh") == [(None, 8, None, "end", False)]
    assert ymd("by the end of August", "en") == [(None, 8, None, "end", False)]
    assert ymd("as at end-August", "en") == [(None, 8, None, "end", False)]


def test_year_stated_once_for_a_list() -> None:
    zh = extract_dates("2021年4月3日、6月9日和9月1日", "zh")
    assert [(d.year, d.month, d.day, d.year_inferred) for d in zh] == [
        (2021, 4, 3, False),
        (2021, 6, 9, True),
        (2021, 9, 1, True),
    ]
    en = extract_dates("on April 3, June 9, and September 1, 2021", "en")
    assert [(d.year, d.month, d.day, d.year_inferred) for d in en] == [
        (2021, 4, 3, True),
        (2021, 6, 9, True),
        (2021, 9, 1, False),
    ]


def test_relative_dates() -> None:
    assert ymd("上个月", "zh") == [(None, None, None, None, True)]
    assert ymd("last month", "en") == [(None, None, None, None, True)]
    assert ymd("去年5月", "zh") == [(None, 5, None, None, True)]
    assert ymd("last May", "en") == [(None, 5, None, None, True)]


def test_may_the_verb_and_may_the_name_are_not_dates() -> None:
    assert ymd("They may meet Theresa May soon.", "en") == []


def test_durations_are_not_dates() -> None:
    assert ymd("前9个月", "zh") == []
    assert ymd("持续了300年", "zh") == []


def test_year_hint_fills_missing_year() -> None:
    (d,) = extract_dates("3月5日", "zh", year_hint=2020)
    assert (d.year, d.year_inferred) == (2020, True)
