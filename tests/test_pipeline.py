"""pipeline.reanalyse_unit: a unit's analysis after its text changed, outside the web layer."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from duizhao.model import Document, Unit
from duizhao.pipeline import reanalyse_unit


def test_reanalyse_unit_aligns_and_checks_only_that_unit() -> None:
    units = [
        Unit("u0", "paragraph", zh="今年出口增长了5%。", en="Exports grew by 5% this year."),
        Unit("u1", "paragraph", zh="仓库租金两年内上涨了30%。", en="Warehouse rents rose by 20% within two years."),
    ]
    doc = Document(id="d", path="d.txt", title={"en": "D"}, units=units, published="2020-01-01")
    sentences, findings = reanalyse_unit(doc, units[1])
    assert sentences and units[1].sentences == sentences
    assert findings and all(f.unit_id == "u1" for f in findings)
    assert any(f.kind == "number" for f in findings)  # 30% against 20%
    fixed = Unit("u1", "paragraph", zh=units[1].zh, en="Warehouse rents rose by 30% within two years.")
    assert not [f for f in reanalyse_unit(doc, fixed)[1] if f.kind == "number"]


APPLY = """
import sys
from duizhao.cli import run
from duizhao.model import Document, Unit
from duizhao.store import open_library

lib = open_library(sys.argv[1])
lib.add_document(Document(id="d", path="d.txt", title={"en": "D"}, units=[Unit("u0", "paragraph", zh="上涨了30%。", en="Rose 20%.")]))
lib.add_user("ed", "not-a-real-hash", editor=True)
n = lib.propose_correction("d", "u0", "en", "Rose 30%.")
lib.close()
code = run(["--db", sys.argv[1], "correct", "apply", str(n), "--editor", "ed", "--json"])
print(code, "fastapi" in sys.modules, file=sys.stderr)
"""


def test_correct_apply_does_not_load_the_web_layer(tmp_path: Path) -> None:
    got = subprocess.run([sys.executable, "-c", APPLY, str(tmp_path / "l.db")], capture_output=True, text=True, check=True)
    assert '"status": "applied"' in got.stdout
    assert got.stderr.strip().splitlines()[-1] == "0 False"  # applied, and FastAPI never imported
