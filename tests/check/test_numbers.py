"""Number findings: a disagreement is an error with a readable detail; a faithful rendering is silent."""

from __future__ import annotations

import pytest

from duizhao.check import check_pairs
from duizhao.check.numbers import check_numbers

CLEAN = [
    ("出口额为2760.5亿美元，同比增长12%。", "Exports were 276.05 billion U.S. dollars, up 12 percent year on year."),
    ("2000多家企业参加，其中三分之二来自亚洲。", "More than 2,000 companies took part, two-thirds of them from Asia."),
    ("预计全年可达820亿至850亿美元。", "The full year may reach 82 billion to 85 billion U.S. dollars."),
    ("第七届论坛有三十五个国家参加。", "Thirty-five countries attended the Seventh Forum."),
    (
        "自20世纪80年代以来，双方签署了十多项协议。",
        "Since the 1980s, the two sides have signed more than a dozen agreements.",
    ),
    ("二十国集团和金砖五国领导人出席。", "Leaders of the G20 and the BRICS Five attended."),
    ("二、经济合作", "2. Economic Cooperation"),
    (
        "该决议以120票赞成、8票反对、40票弃权获得通过。",
        "The resolution passed with 120 votes in favor, 8 against and 40 abstentions.”4",
    ),
    ("一是坚持对话；二是深化合作。", "First, uphold dialogue. Second, deepen cooperation."),
    ("俄方累计供气突破310亿立方米。", "Cumulative gas supply exceeded 31 billion cubic meters."),
]


@pytest.mark.parametrize("zh,en", CLEAN)
def test_faithful_pairs_give_no_error(zh: str, en: str) -> None:
    assert [f for f in check_numbers("u", zh, en) if f.severity == "error"] == []


@pytest.mark.parametrize(
    "zh,en,needle",
    [
        ("出口额为2760.5亿美元。", "Exports were 27.605 billion U.S. dollars.", "factor of 10"),
        ("出口额为2760.5亿美元。", "Exports were 276.05 million U.S. dollars.", "≠"),
        ("同比增长12%。", "up 21 percent year on year.", "12%"),
        ("第七届论坛", "the Eighth Forum", "第七"),
        ("有三十五个国家参加。", "Thirty-six countries attended.", "thirty"),
        ("预计可达820亿至850亿美元。", "may reach 82 billion to 88 billion U.S. dollars.", "≠"),
        ("投资300亿美元", "invest 30 billion yuan", "currency"),
    ],
)
def test_disagreements_are_errors(zh: str, en: str, needle: str) -> None:
    errors = [f for f in check_numbers("u", zh, en) if f.severity == "error"]
    assert errors, (zh, en)
    assert needle.lower() in errors[0].detail.lower()
    assert errors[0].kind == "number" and errors[0].unit_id == "u"


def test_detail_shows_both_normalised_values() -> None:
    (f,) = check_numbers("u7", "达到1539.385亿美元", "reached 15.39385 billion U.S. dollars")
    assert f.detail == (
        "zh 1539.385亿美元 (153,938,500,000) ≠ en 15.39385 billion U.S. dollars (15,393,850,000)"
        " — off by a factor of 10"
    )
    assert f.zh == "1539.385亿美元" and f.en == "15.39385 billion U.S. dollars"


def test_number_on_one_side_only_is_a_warning() -> None:
    (f,) = check_numbers("u", "共有4700万吨煤炭。", "A lot of coal was imported.")
    assert f.severity == "warning" and "no counterpart" in f.detail


def test_words_rendered_freely_are_silent() -> None:
    assert check_numbers("u", "两国领导人会晤。", "The leaders of both countries met.") == []


def test_check_pairs_runs_all_checks_in_order() -> None:
    findings = check_pairs(
        [("a", "增长12%", "up 13 percent"), ("b", "2021年5月4日", "May 4, 2021"), ("c", "只有中文", None)]
    )
    assert [(f.unit_id, f.kind, f.severity) for f in findings] == [
        ("a", "number", "error"),
        ("c", "missing", "warning"),
    ]
