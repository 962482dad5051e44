"""The team's own demo documents (demo/) are correct translations: the checks raise nothing on them,
and the facts they state are still compared (change one and it is an error)."""

from __future__ import annotations

from pathlib import Path

from duizhao.check import check_document, check_pairs
from duizhao.pipeline import parse_file

DEMO = Path(__file__).resolve().parents[2] / "demo"


def test_demo_documents_raise_nothing() -> None:
    files = sorted(DEMO.glob("*.txt"))
    assert len(files) >= 3
    for p in files:
        assert check_document(parse_file(p)) == [], p.name


def test_demo_range_and_designation_are_compared() -> None:
    doc = parse_file(DEMO / "bilist_sco_astana.txt")
    u = next(u for u in doc.units if u.zh and "7月3日至4日" in u.zh)
    assert any(f.kind == "date" and f.severity == "error" for f in check_pairs([(u.id, u.zh, u.en.replace("3-4", "3-5"))]))
    doc = parse_file(DEMO / "digest_energy_ties.txt")
    u = next(u for u in doc.units if u.en and "Power of Siberia 2" in u.en)
    bad = check_pairs([(u.id, u.zh, u.en.replace("Power of Siberia 2", "Power of Siberia 3"))])
    assert any(f.kind == "number" and f.severity == "error" for f in bad)
