"""Acceptance: the five (correct) seeds give no error-severity finding."""

from __future__ import annotations

from pathlib import Path

import pytest

from duizhao.check import check_document, check_pairs
from tests.check.seedpairs import seed_pairs


def test_seed_reading_finds_the_pairs(seed_files: list[Path]) -> None:
    counts = [len(seed_pairs(p)) for p in seed_files]
    assert len(counts) == 5 and all(n >= 7 for n in counts)


def test_seeds_have_no_errors(seed_files: list[Path]) -> None:
    for p in seed_files:
        errors = [f for f in check_pairs(seed_pairs(p)) if f.severity == "error"]
        assert errors == [], (p.name, errors)


def test_seeds_through_the_pipeline_have_no_errors(seed_files: list[Path]) -> None:
    pipeline = pytest.importorskip("duizhao.pipeline")
    for p in seed_files:
        doc = pipeline.parse_file(p)
        errors = [f for f in check_document(doc) if f.severity == "error"]
        assert errors == [], (p.name, errors)


def test_seed_hard_cases_are_really_compared(seed_files: list[Path]) -> None:
    """The checks are silent on the seeds because they understand them: change one fact and they speak."""
    pairs = dict((zh[:12], (u, zh, en)) for u, zh, en in seed_pairs(seed_files[2]))
    trade = next(v for k, v in pairs.items() if "1539.385亿" in v[1])
    u, zh, en = trade
    assert check_pairs([(u, zh, en)]) == [] or all(f.severity != "error" for f in check_pairs([(u, zh, en)]))
    bad = check_pairs([(u, zh, en.replace("153.9385 billion", "15.39385 billion"))])
    assert any(f.severity == "error" and "1539.385亿" in f.detail for f in bad)
