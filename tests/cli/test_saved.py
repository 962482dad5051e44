"""`duizhao saved add|list|remove`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from duizhao.cli import run


def test_saved_commands(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    from duizhao.store import open_library

    lib = open_library(db_path)
    lib.add_user("ana", "x")
    lib.close()
    assert run(["--db", str(db_path), "saved", "add", "Ports", "harbours", "--user", "ana", "--from", "2024-01-01", "--json"]) == 0
    made = json.loads(capsys.readouterr().out)
    assert made["feed"] == "/search.atom?q=harbours&date_from=2024-01-01"
    assert run(["--db", str(db_path), "saved", "list", "--user", "ana", "--json"]) == 0
    assert [s["name"] for s in json.loads(capsys.readouterr().out)] == ["Ports"]
    assert run(["saved", "remove", "Ports", "--user", "ana", "--db", str(db_path)]) == 0
    assert run(["--db", str(db_path), "saved", "remove", "Ports", "--user", "ana"]) != 0
    assert run(["--db", str(db_path), "saved", "add", "X", "q", "--user", "ana", "--to", "later"]) == 2
