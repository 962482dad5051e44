from __future__ import annotations

from duizhao.check.dates import check_dates


def kinds(zh: str, en: str) -> list[str]:
    return [f.severity for f in check_dates("u", zh, en)]


def test_same_dates_are_silent() -> None:
    assert kinds("2021年8月15日，峰会开幕。", "The summit opened on August 15, 2021.") == []
    assert kinds("2021年3月中旬启动的谈判", "talks launched in mid-March 2021") == []
    assert (
        kinds("在2021年4月3日、6月9日和9月1日的表决中", "in the votes on April 3, June 9, and September 1, 2021") == []
    )
    assert kinds("他去年5月访问了北京。", "He visited Beijing last May.") == []
    assert kinds("上个月的会议", "the meeting last month") == []


def test_changed_day_month_or_year_is_an_error() -> None:
    assert kinds("2021年8月15日", "August 16, 2021") == ["error"]
    assert kinds("2021年8月15日", "September 15, 2021") == ["error"]
    assert kinds("2021年8月15日", "August 15, 2020") == ["error"]
    assert kinds("2019年", "in 2018") == ["error"]


def test_detail_names_both_dates() -> None:
    (f,) = check_dates("u", "2021年8月15日", "August 16, 2021")
    assert f.detail == "zh 2021年8月15日 (2021-08-15) ≠ en August 16, 2021 (2021-08-16)"


def test_dropped_date_is_a_warning_and_dropped_year_is_not() -> None:
    assert kinds("10月12日，大会通过决议。", "The assembly adopted a resolution.") == ["warning"]
    assert kinds("2021年，双方贸易增长。", "Bilateral trade grew.") == []


def test_opposite_parts_of_a_month_warn() -> None:
    assert kinds("3月初", "in late March") == ["warning"]
