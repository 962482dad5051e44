"""The QA report: one row per finding with the unit's texts; CSV cells never run as formulas; HTML escaped."""

from __future__ import annotations

import csv
import io

from duizhao.check import check_pairs
from duizhao.check.report import COLUMNS, render_report, safe_cell
from duizhao.check.review import with_reviews

PAIRS = [
    ("u1", "=HYPERLINK(\"http://x\")租金上涨了30%。", "@SUM(A1) rents rose by 20%."),
    ("u2", "会议于7月3日举行。", "<script>x</script> It met on July 4."),
]


def test_csv_rows_and_neutralised_cells() -> None:
    fs = check_pairs(PAIRS)
    review = {"status": "accepted", "note": "-checked", "by": "ann", "at": "2026-01-01T00:00:00Z"}
    fs = with_reviews(fs, {fs[0].id or "": review})
    rows = list(csv.reader(io.StringIO(render_report("csv", fs, {u: (z, e) for u, z, e in PAIRS}, "t"))))
    assert tuple(rows[0]) == COLUMNS
    first = dict(zip(COLUMNS, rows[1], strict=True))
    assert first["unit"] == "u1" and first["zh"].startswith("'=HYPERLINK") and first["en"].startswith("'@SUM")
    assert first["kind"] == "number" and first["severity"] == "error" and "30%" in first["detail"]
    assert first["review"].startswith("accepted by ann") and first["finding_id"] == fs[0].id
    assert dict(zip(COLUMNS, rows[2], strict=True))["review"] == ""


def test_safe_cell() -> None:
    for bad in ("=1+1", "+1", "-1", "@x", "\tx", "\rx"):
        assert safe_cell(bad) == "'" + bad
    assert safe_cell("1-2") == "1-2" and safe_cell("") == ""


def test_html_is_escaped_and_counts_unreviewed() -> None:
    fs = check_pairs(PAIRS)
    html = render_report("html", fs, {u: (z, e) for u, z, e in PAIRS}, "<b>T</b>")
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;b&gt;T&lt;/b&gt;" in html
    assert "2 error(s), 0 warning(s) to read; 0 reviewed." in html
    assert html.count('<tr class="sev-error">') == 2
