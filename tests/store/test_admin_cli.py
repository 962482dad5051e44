"""`duizhao migrate | copy | backup | stats` through the real command line entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from store_helpers import finding, make_doc

from duizhao.cli import run
from duizhao.store import open_library


def _cli(capsys, *argv: str) -> tuple[int, dict | None, str]:
    code = run(list(argv))
    out, err = capsys.readouterr()
    return code, (json.loads(out) if "--json" in argv else None), err


def _seed(url: str, n: int = 3) -> None:
    lib = open_library(url)
    for i in range(1, n + 1):
        lib.add_document(make_doc(i), [finding("u2")])
    lib.close()


def test_migrate_lists_migrations(capsys, library_url: str):
    code, out, _ = _cli(capsys, "--db", library_url, "migrate", "--json")
    assert code == 0
    assert "0001_core" in out["applied"]
    assert out["migrations"][0]["name"] == "0001_core"
    code, again, _ = _cli(capsys, "--db", library_url, "migrate", "--json")
    assert code == 0 and again["applied"] == [] and again["migrations"] == out["migrations"]


def test_stats(capsys, library_url: str):
    _seed(library_url)
    code, out, _ = _cli(capsys, "--db", library_url, "stats", "--json")
    assert code == 0
    assert out["counts"]["documents"] == 3 and out["counts"]["units"] == 12 and out["counts"]["findings"] == 3
    assert out["bytes"] > 0
    code = run(["--db", library_url, "stats"])
    assert code == 0 and "documents" in capsys.readouterr().out


def test_copy_command(capsys, library_url: str, tmp_path: Path):
    _seed(library_url)
    target = str(tmp_path / "copied.db")
    code, out, _ = _cli(capsys, "--db", library_url, "copy", "--to", target, "--json")
    assert code == 0 and out["copied"]["documents"] == 3 and out["target"]["units"] == 12
    code, out, _ = _cli(capsys, "copy", "--from", library_url, "--to", target, "--json")
    assert code == 0 and out["copied"]["documents_skipped"] == 3
    code, _, err = _cli(capsys, "copy", "--from", str(tmp_path / "missing.db"), "--to", target)
    assert code == 2 and "no library" in err
    code, _, err = _cli(capsys, "copy", "--from", target, "--to", target)
    assert code == 2 and "same library" in err


def test_backup_sqlite(capsys, tmp_path: Path):
    db = str(tmp_path / "lib.db")
    _seed(db)
    out_path = tmp_path / "backup.db"
    code, out, _ = _cli(capsys, "--db", db, "backup", str(out_path), "--json")
    assert code == 0 and out["bytes"] == out_path.stat().st_size > 0
    restored = open_library(str(out_path), create=False)
    assert restored.stats()["units"] == 12
    restored.close()
    code, _, err = _cli(capsys, "--db", db, "backup", str(out_path))
    assert code == 2 and "exists" in err
    assert _cli(capsys, "--db", db, "backup", str(out_path), "--force")[0] == 0


@pytest.mark.postgres
def test_backup_postgres_with_pg_dump(capsys, pg_url: str, tmp_path: Path):
    import shutil

    _seed(pg_url)
    out_path = tmp_path / "lib.dump"
    code, out, err = _cli(capsys, "--db", pg_url, "backup", str(out_path), "--json")
    if shutil.which("pg_dump") is None:
        assert code == 1 and "pg_dump" in err
        return
    assert code == 0, err
    assert out["format"] == "pg_dump custom" and out_path.read_bytes()[:5] == b"PGDMP"


def test_bad_postgres_url_is_one_line(capsys):
    code, _, err = _cli(capsys, "--db", "postgresql://nobody@127.0.0.1:1/none", "stats")
    assert code == 2 and err.count("\n") == 1 and "cannot connect to PostgreSQL" in err
