"""The QA report of a check: one row per finding with the unit's two texts, as CSV or a standalone HTML
page (`check TARGET --format csv|html -o FILE`, and the download on the document page).

CSV cells that a spreadsheet would run as a formula (starting with = + - @, or a tab / carriage
return) are prefixed with an apostrophe: a translation is data, never a command.
"""

from __future__ import annotations

import csv
import io
from html import escape
from typing import Any

from ..export import csvcells
from ..model import Finding
from .review import summary

__all__ = ["FORMATS", "COLUMNS", "report_rows", "to_csv", "to_html", "render_report", "safe_cell"]

FORMATS = ("csv", "html")
COLUMNS = ("unit", "zh", "en", "kind", "severity", "detail", "review", "finding_id")
Texts = dict[str, tuple[str | None, str | None]]


def safe_cell(value: str) -> str:
    """A CSV cell no spreadsheet runs as a formula (export/csvcells, numbers included: cells are text)."""
    return str(csvcells.safe_cell(value, keep_numbers=False))


def _review_text(review: dict[str, Any] | None) -> str:
    if not review:
        return ""
    note = f": {review['note']}" if review.get("note") else ""
    text = f"{review.get('status', 'accepted')} by {review.get('by')} at {review.get('at')}{note}"
    for e in review.get("earlier", ()):  # the reviews it replaced, oldest first
        text += f"; earlier {e.get('action')} by {e.get('by')} at {e.get('at')}" + (f": {e['note']}" if e.get("note") else "")
    return text


def report_rows(findings: list[Finding], texts: Texts) -> list[dict[str, str]]:
    """One row per finding: the unit, its whole Chinese and English, and what was found."""
    out = []
    for f in findings:
        zh, en = texts.get(f.unit_id, (f.zh, f.en))
        out.append(
            {
                "unit": f.unit_id,
                "zh": zh or "",
                "en": en or "",
                "kind": f.kind,
                "severity": f.severity,
                "detail": f.detail,
                "review": _review_text(f.review),
                "finding_id": f.id or "",
            }
        )
    return out


def to_csv(rows: list[dict[str, str]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(COLUMNS)
    for r in rows:
        w.writerow([safe_cell(r[c]) for c in COLUMNS])
    return buf.getvalue()


_STYLE = """body{font-family:system-ui,sans-serif;margin:1.5rem;color:#222}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:.3rem .5rem;vertical-align:top;text-align:left}
th{background:#f3f3f1}tr.sev-error td.sev{color:#a11212;font-weight:700}tr.sev-warning td.sev{color:#8a5a00}
tr.reviewed{color:#666}tr.reviewed td.sev{font-weight:400}.zh{font-family:"Noto Serif CJK SC",serif}"""


_LANG = {"zh": ' lang="zh"', "en": ' lang="en"'}


def to_html(rows: list[dict[str, str]], title: str, counts: dict[str, int]) -> str:
    """A standalone page (inline style, no script): every value escaped."""
    head = "".join(f"<th scope=\"col\">{escape(c.replace('_', ' '))}</th>" for c in COLUMNS)
    body = []
    for r in rows:
        cls = f"sev-{escape(r['severity'])}" + (" reviewed" if r["review"] else "")
        cells = "".join(
            f'<td class="{"sev" if c == "severity" else c}"{_LANG.get(c, "")}>{escape(r[c])}</td>' for c in COLUMNS
        )
        body.append(f'<tr class="{cls}">{cells}</tr>')
    line = f"{counts['errors']} error(s), {counts['warnings']} warning(s) to read; {counts['reviewed']} reviewed."
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>QA report — {escape(title)}</title><style>{_STYLE}</style></head><body>\n"
        f"<h1>QA report — {escape(title)}</h1>\n<p>{escape(line)}</p>\n"
        f"<table><thead><tr>{head}</tr></thead><tbody>\n" + "\n".join(body) + "\n</tbody></table>\n</body></html>\n"
    )


def render_report(fmt: str, findings: list[Finding], texts: Texts, title: str) -> str:
    """The report in `fmt` (csv or html)."""
    rows = report_rows(findings, texts)
    if fmt == "csv":
        return to_csv(rows)
    if fmt == "html":
        return to_html(rows, title, summary(findings))
    raise ValueError(f"unknown report format {fmt!r}")
