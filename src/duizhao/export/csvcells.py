"""CSV that a spreadsheet opens as data, never as formulas: every CSV duizhao writes goes through
`writer` here (OWASP's advice on CSV injection).

A cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to Excel,
LibreOffice and Google Sheets (`=HYPERLINK(…)`, `@SUM(…)`, DDE calls); such a cell gets a leading
`'`, which the spreadsheet shows as text and which a reader of the raw file can strip. Plain
numbers (`-3.5`, `+7`) are left alone: they are no formula, and figures are often negative.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any, TextIO

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def safe_cell(value: Any, keep_numbers: bool = True) -> Any:
    """`value` as a spreadsheet should see it: strings that would start a formula get a leading `'`.
    keep_numbers=False prefixes a plain signed number too (the QA report and the termbase CSV, whose
    cells are text, never figures to compute with)."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not (keep_numbers and _NUMBER.fullmatch(value)):
        return "'" + value
    return value


class SafeWriter:
    """csv.writer with every cell passed through safe_cell."""

    def __init__(self, out: TextIO, **kwargs: Any) -> None:
        self._w = csv.writer(out, **kwargs)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._w.writerow([safe_cell(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(out: TextIO, **kwargs: Any) -> SafeWriter:
    return SafeWriter(out, **kwargs)
