"""CSV injection: every CSV duizhao writes (figures, the co-mention network) opens as data."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from fastapi.testclient import TestClient

from duizhao.export.csvcells import safe_cell
from duizhao.knowledge.graph import to_csv
from duizhao.store import open_library
from duizhao.web.app import create_app
from tests.knowledge.conftest import make_doc

FORMULAS = ['=HYPERLINK("http://evil.example","x")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\tx", "\r=1"]


def test_formula_cells_get_a_quote_and_plain_values_do_not() -> None:
    for f in FORMULAS:
        assert safe_cell(f) == "'" + f
    for plain in ("Putin", "-3.5", "+7", "1e6", "", "a=b", "中文=", 12, -4.5, None):
        assert safe_cell(plain) == plain


def test_network_csv_is_neutralised() -> None:
    g = {
        "nodes": [{"id": "a", "en": FORMULAS[0]}, {"id": "@b", "en": "B"}],
        "edges": [{"source": "a", "target": "@b", "weight": 2, "documents": 1}],
    }
    rows = list(csv.reader(io.StringIO(to_csv(g))))
    assert rows[1] == ["a", "'@b", "2", "1", "'" + FORMULAS[0], "B"]


def test_figures_csv_from_the_web_is_neutralised(tmp_path: Path) -> None:
    doc = make_doc(
        "cccc000000000003",
        "2023-07-01",
        [("2023年俄罗斯对华出口煤炭1200万吨。", "@SUM(A1) In 2023 Russia exported 12 million tons of coal to China.")],
        source=FORMULAS[0],
    )
    db = tmp_path / "web.db"
    lib = open_library(db)
    lib.add_document(doc)
    lib.close()
    with TestClient(create_app(str(db))) as c:
        r = c.get("/figures.csv", params={"measure": "coal"})
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert rows and rows[0]["source"] == "'" + FORMULAS[0]
    for row in rows:
        assert not any(v.startswith(("=", "+", "@", "\t", "\r")) for v in row.values()), row


def test_the_documents_csv_is_neutralised() -> None:
    """`export --all --format csv` (and the browser's Export → CSV): a title or an author that starts
    like a formula is written as text."""
    from duizhao.export import export_many
    from duizhao.model import Document, Unit

    doc = Document(id="f0rmu1a000000001", path="f.txt", title={"zh": None, "en": FORMULAS[0]}, authors=["@SUM(A1)"],
                   units=[Unit("u1", "paragraph", zh="一。", en="One.")])
    text = export_many([doc], "csv").decode("utf-8-sig")
    row = list(csv.DictReader(io.StringIO(text)))[0]
    assert row["title_en"] == "'" + FORMULAS[0] and row["authors"] == "'@SUM(A1)"


def test_text_only_cells_quote_signed_numbers_too() -> None:
    assert safe_cell("-1") == "-1"  # a figure stays a number in a table of figures
    assert safe_cell("-1", keep_numbers=False) == "'-1"  # the QA report and the termbase: text cells
