"""`duizhao serve` and CLI processes on one library at once (issue: the CLI deleted a running
server's WAL). See many.py for the scenario; here it runs a bounded number of rounds."""

from __future__ import annotations

from pathlib import Path

import pytest

from . import many
from .crash import make_corpus


def _corpus(tmp_path: Path) -> tuple[list[Path], list[Path]]:
    files = make_corpus(tmp_path / "files", 12)
    return files[:8], files[8:]


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 3])
def test_serve_and_cli_on_one_sqlite_library(tmp_path: Path, workers: int) -> None:
    db_file = tmp_path / "lib.db"
    corpus, extra = _corpus(tmp_path)
    many.prepare(str(db_file), tmp_path, corpus)
    out = many.run(str(db_file), tmp_path, corpus, extra, workers=workers, rounds=8, sqlite_file=db_file)
    assert out.problems() == []
    assert out.integrity == "ok"
    # The scenario did what it says: every kind of write happened and was acknowledged.
    assert {"web_report", "web_apply", "cli_ingest", "cli_propose", "cli_apply"} <= set(out.acknowledged), out.acknowledged


@pytest.mark.slow
@pytest.mark.postgres
def test_serve_and_cli_on_one_postgres_library(tmp_path: Path, pg_url: str) -> None:
    corpus, extra = _corpus(tmp_path)
    many.prepare(pg_url, tmp_path, corpus)
    out = many.run(pg_url, tmp_path, corpus, extra, workers=2, rounds=6)
    assert out.problems() == []
    assert {"web_report", "web_apply", "cli_ingest", "cli_propose", "cli_apply"} <= set(out.acknowledged), out.acknowledged


def test_read_commands_refuse_a_missing_library(tmp_path: Path) -> None:
    db = tmp_path / "typo.db"
    for args in (["list"], ["search", "x"], ["corrections"], ["stats"], ["show", "abc"], ["serve", "--port", "0"]):
        p = many.cli(str(db), *args)
        assert p.returncode == 2, (args, p.stderr)
        assert p.stderr.strip() == f"duizhao: no library at {db} (ingest creates one)", (args, p.stderr)
        assert "Traceback" not in p.stderr
        assert not db.exists(), args
    # The commands that make a library still do.
    p = many.cli(str(db), "migrate")
    assert p.returncode == 0 and db.exists()


def test_ingest_refuses_the_library_file_itself(tmp_path: Path) -> None:
    db = tmp_path / "lib.db"
    corpus = make_corpus(tmp_path / "files", 1)
    assert many.cli(str(db), "ingest", str(corpus[0])).returncode == 0
    p = many.cli(str(db), "ingest", str(db), f"{db}-wal", "--json")
    assert p.returncode == 2
    assert "is the library itself" in p.stdout


def test_backup_refuses_to_overwrite_the_library(tmp_path: Path) -> None:
    db = tmp_path / "lib.db"
    corpus = make_corpus(tmp_path / "files", 1)
    assert many.cli(str(db), "ingest", str(corpus[0])).returncode == 0
    p = many.cli(str(db), "backup", str(db), "--force")
    assert p.returncode == 2 and "is the library itself" in p.stderr
    assert many.cli(str(db), "list").returncode == 0


def test_serve_refuses_a_read_only_library(tmp_path: Path) -> None:
    import os
    import shutil
    import subprocess
    import tempfile

    corpus = make_corpus(tmp_path / "files", 1)
    folder = Path(tempfile.mkdtemp(prefix="duizhao-ro-", dir="/tmp"))
    try:
        db = folder / "lib.db"
        assert many.cli(str(db), "ingest", str(corpus[0])).returncode == 0
        folder.chmod(0o555)
        db.chmod(0o444)
        cmd = [many.DUIZHAO, "--db", str(db), "serve", "--port", "0"]
        if os.geteuid() == 0:  # root writes anything: run serve as an ordinary user instead
            if not shutil.which("setpriv"):
                pytest.skip("running as root without setpriv")
            cmd = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", *cmd]
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        assert p.returncode == 2, p.stderr
        line = p.stderr.strip()
        assert line.startswith(f"duizhao: {db}: ") and "\n" not in line and "Traceback" not in line, line
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder)


def test_network_file_systems_are_named(tmp_path: Path) -> None:
    from duizhao.store.sqlite import NETWORK_FILESYSTEMS, filesystem_type

    fs = filesystem_type(tmp_path)
    assert fs is not None and fs not in NETWORK_FILESYSTEMS  # the test folder is on a local disk
    assert filesystem_type(Path("/proc/self")) == "proc"


def test_progress_is_plain_lines_off_a_terminal(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "files", 250)
    p = many.cli(str(tmp_path / "lib.db"), "ingest", str(tmp_path / "files"), timeout=600)
    assert p.returncode == 0, p.stderr
    assert "\r" not in p.stderr
    lines = [x for x in p.stderr.splitlines() if x.startswith("ingest: ")]
    assert lines == ["ingest: 100/250 files", "ingest: 200/250 files", "ingest: 250/250 files"], p.stderr[-500:]
    assert len(corpus) == 250
