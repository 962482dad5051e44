"""The five seeds against the acceptance expectations in ../shared/acceptance (when present)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from duizhao.pipeline import parse_file
from tests.conftest import SHARED

ACCEPTANCE = SHARED / "acceptance"


def _gold() -> dict:
    path = ACCEPTANCE / "seeds.json"
    if not path.exists():
        pytest.skip("../shared/acceptance not present")
    return json.loads(path.read_text(encoding="utf-8"))


def _checks():
    sys.path.insert(0, str(ACCEPTANCE))
    try:
        from docchecks import checks  # type: ignore[import-not-found]
    finally:
        sys.path.remove(str(ACCEPTANCE))
    return checks


@pytest.mark.parametrize("name", ["000", "001", "002", "003", "004"])
def test_seed_matches_acceptance(seeds_dir: Path, name: str) -> None:
    gold = _gold()
    file = next(seeds_dir.glob(f"{name}_*.txt"))
    doc = parse_file(file).to_dict()
    failed = [label for label, ok in _checks()(doc, gold[file.name]) if not ok]
    assert not failed, failed


def test_seed_layouts_are_chosen_by_content(seeds_dir: Path, tmp_path: Path) -> None:
    expected = {"000": "digest", "001": "digest", "002": "interleaved", "003": "digest", "004": "bilist"}
    for prefix, layout in expected.items():
        src = next(seeds_dir.glob(f"{prefix}_*.txt"))
        # The file name says nothing: the same bytes under a neutral name choose the same layout.
        neutral = tmp_path / f"document-{prefix}.txt"
        neutral.write_bytes(src.read_bytes())
        assert parse_file(neutral).layout == layout


def test_003_english_headings_stand_alone(seed_files: list[Path]) -> None:
    doc = parse_file(next(p for p in seed_files if p.name.startswith("003")))
    headings = [u for u in doc.units if u.kind == "heading"]
    assert [h.en for h in headings] == ["Turbulent Russia-China Relations", "Tactical Arrangements"]
    assert all(h.zh is None for h in headings)
    assert sum(1 for u in doc.units if u.bilingual) == 7
    # Every bullet after the second heading belongs to it.
    second = headings[1].id
    after = doc.units[doc.units.index(headings[1]) + 1 :]
    assert after and all(u.section == second for u in after)


def test_002_structure(seed_files: list[Path]) -> None:
    doc = parse_file(next(p for p in seed_files if p.name.startswith("002")))
    assert doc.abstract["en"] and doc.abstract["en"].startswith("Feng Yujun, a senior Russia expert")
    assert doc.abstract["zh"] is None
    heads = [(u.zh, u.en) for u in doc.units if u.kind == "heading"]
    assert [h[0][:2] for h in heads] == ["一、", "二、", "三、"]
    assert [h[1][:2] for h in heads] == ["1.", "2.", "3."]
    assert doc.original_source == "The Paper (澎湃)" and doc.authors_zh == ["冯玉军"]
    text = " ".join(f"{u.zh} {u.en}" for u in doc.units)
    assert "Cite This Page" not in text and "PDF" not in text.split()


def test_nested_items_follow_their_bullet(seed_files: list[Path]) -> None:
    doc = parse_file(next(p for p in seed_files if p.name.startswith("001")))
    kinds = [(u.kind, u.level) for u in doc.units]
    assert ("item", 1) in kinds
    assert all(level == 0 for kind, level in kinds if kind != "item")
