from __future__ import annotations

import pytest

from duizhao.layouts.meta import canonical_outlet, header_field, normalize_date, parse_citation, split_names


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("06/14/2024", "2024-06-14"),
        ("14/06/2024", "2024-06-14"),
        ("September 11, 2023", "2023-09-11"),
        ("October 9, 2023", "2023-10-09"),
        ("January 11, 2023", "2023-01-11"),
        ("Sept. 11, 2023", "2023-09-11"),
        ("11 January 2023", "2023-01-11"),
        ("2023年1月11日", "2023-01-11"),
        ("2023-01-11", "2023-01-11"),
        ("2023/1/11", "2023-01-11"),
        ("February 30, 2023", None),
        ("sometime in 2023", None),
        ("", None),
    ],
)
def test_normalize_date(raw: str, iso: str | None) -> None:
    assert normalize_date(raw) == iso


@pytest.mark.parametrize(
    ("line", "field", "value"),
    [
        ("作者/Author(s): Alexander Gabuev", "authors", "Alexander Gabuev"),
        ("网站来源/Source: 外交事务", "source", "外交事务"),
        ("網站來源/Source: Foreign Affairs", "source", "Foreign Affairs"),
        ("日期/Date: 06/14/2024", "published", "06/14/2024"),
        ("关键字/Keywords: 外交", "keywords", "外交"),
        ("Keywords: China-Russia Alliance", "keywords", "China-Russia Alliance"),
        ("作者：王毅", "authors", "王毅"),
    ],
)
def test_header_field(line: str, field: str, value: str) -> None:
    assert header_field(line) == (field, value)


def test_header_field_ignores_prose() -> None:
    assert header_field("当中国派遣外交官前往乌克兰时,北京与莫斯科之间的关系") is None


@pytest.mark.parametrize("name", ["外交事务", "外交事務", "Foreign Affairs", "《外交事务》", "foreign affairs"])
def test_outlets_have_one_name(name: str) -> None:
    assert canonical_outlet(name) == "Foreign Affairs"


def test_unknown_outlet_kept_as_written() -> None:
    assert canonical_outlet("  Some Local Blog ") == "Some Local Blog"


def test_split_names() -> None:
    assert split_names("Bonny Lin") == ["Bonny Lin"]
    assert split_names("A. Smith, B. Jones and C. Wu") == ["A. Smith", "B. Jones", "C. Wu"]
    assert split_names("王毅、李明") == ["王毅", "李明"]


def test_parse_citation_translated_page() -> None:
    line = (
        '王小明 (Wang Xiaoming). "A Title with “Quotes” [一个标题]". Example Interpret, original work published '
        "in The Example Daily [示例日报], March 5, 2021"
    )
    got = parse_citation(line)
    assert got["authors"] == ["Wang Xiaoming"]
    assert got["authors_zh"] == ["王小明"]
    assert got["title"] == {"en": "A Title with “Quotes”", "zh": "一个标题"}
    assert got["source"] == "Example Interpret"
    assert got["original_source"] == "The Example Daily (示例日报)"
    assert got["published"] == "2021-03-05"
