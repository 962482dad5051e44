"""bench/report.py: gold sets measured alike read as one precision/recall table."""

from __future__ import annotations

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench"


def _report():  # noqa: ANN202 - the bench module
    sys.path.insert(0, str(BENCH))
    try:
        import report

        return report
    finally:
        sys.path.remove(str(BENCH))


def gold_set(docs: int, p: float, r: float) -> dict:
    kinds = {"events": {"precision": p, "recall": r, "gold": 4}, "figures": {"precision": r, "recall": p, "gold": 2}}
    return {"documents": docs, "with_published": kinds, "without_published": kinds}


def test_three_gold_sets_become_one_table_with_the_sets_folded_after_it() -> None:
    area = {"speed": 3.0, "a_fresh": gold_set(4, 0.5, 0.75), "b_fresh": gold_set(7, 1.0, 0.25), "tuning": gold_set(20, 0.9, 0.8)}
    lines = _report().render("knowledge", area, 0, "knowledge")
    text = "\n".join(lines)
    assert "| set | documents | events P / R | figures P / R |" in text
    assert "| b_fresh | 7 | 1 / 0.25 | 0.25 / 1 |" in text
    assert text.index("Precision / recall, with_published") < text.index("<details>") < text.index("### knowledge.a_fresh")
    assert text.rstrip().endswith("</details>")


def test_two_sets_are_left_as_they_were() -> None:
    area = {"a_fresh": gold_set(4, 0.5, 0.75), "b_fresh": gold_set(7, 1.0, 0.25)}
    text = "\n".join(_report().render("knowledge", area, 0, "knowledge"))
    assert "P / R" not in text and "<details>" not in text


def test_summary_reads_its_figures_from_results_and_leaves_out_what_is_missing() -> None:
    report = _report()
    data = {"checks": {"_measured": "then", "news_heldout": {"false_errors_per_100": 1.5, "recall_numbers": 0.97}, "seed_errors": 0}}
    text = "\n".join(report.summary(data))
    assert "**checks**" in text and "(measured then)" in text
    assert "| false errors per 100 professional translations, news held out | 1.5 |" in text
    assert "| errors on the seeds / on the demo | 0 / — |" in text
    assert "recall, dates" not in text  # not in the results: no row
    assert "**align**" not in text  # no area: no table
