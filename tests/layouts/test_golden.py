"""Golden table over the team's own fixtures: what each parse must contain ("with") and must not
("without")."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from duizhao.pipeline import parse_file
from tests.conftest import FIXTURES

TABLE = json.loads((Path(__file__).parent / "golden.json").read_text(encoding="utf-8"))


def _has_unit(doc: Any, side: str, needle: str) -> bool:
    return any((getattr(u, side) or "") and (needle == "*" or needle in getattr(u, side)) for u in doc.units)


def _has_pair(doc: Any, zh: str, en: str) -> bool:
    return any(u.zh and u.en and zh in u.zh and en in u.en for u in doc.units)


@pytest.mark.parametrize("row", TABLE, ids=[r["file"] for r in TABLE])
def test_golden(row: dict[str, Any]) -> None:
    doc = parse_file(FIXTURES / row["file"])
    assert doc.layout == row["layout"]
    for key, want in row["with"].items():
        if key == "units":
            assert len(doc.units) == want
        elif key in ("unit.zh", "unit.en"):
            for needle in want:
                assert _has_unit(doc, key[5:], needle), (key, needle)
        elif key == "pairs":
            for zh, en in want:
                assert _has_pair(doc, zh, en), (zh, en)
        elif "." in key:
            field, side = key.split(".")
            value = getattr(doc, field)[side] or ""
            assert want in value, (key, value)
        else:
            assert getattr(doc, key) == want, (key, getattr(doc, key))
    for key, banned in row["without"].items():
        if key == "pairs":
            for zh, en in banned:
                assert not _has_pair(doc, zh, en), (zh, en)
        else:
            for needle in banned:
                assert not _has_unit(doc, key[5:], needle), (key, needle)
