"""A batch meets the file system (issue 23): a file name that is not UTF-8, a folder that cannot be
read, a library that cannot be written, a full disk. Each is one line naming the problem and the file;
the rest of the batch goes on, or, when the library itself cannot take writes, the batch stops, says
so and keeps what it stored."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from duizhao.cli import run
from duizhao.pipeline import ingest
from duizhao.store import open_library

from .crash import library_problems, make_corpus

CLI = [sys.executable, "-c", "from duizhao.cli import cli_main; cli_main()"]
REPO = Path(__file__).resolve().parents[2]


def _as_plain_user() -> list[str]:
    """A prefix that runs a command without the power to ignore file permissions: as root, without
    CAP_DAC_OVERRIDE / CAP_DAC_READ_SEARCH (so a mode of 000 or 444 means what it says)."""
    if os.geteuid() != 0:
        return []
    if not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: permissions cannot be enforced")
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]


def _cli(*args: str) -> tuple[int, dict[str, Any], str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")])}
    p = subprocess.run([*_as_plain_user(), *CLI, *args, "--json"], capture_output=True, text=True, env=env, timeout=300)
    return p.returncode, json.loads(p.stdout) if p.stdout.strip() else {}, p.stderr


def test_a_file_name_that_is_not_utf8_does_not_stop_the_batch(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    files = make_corpus(folder, 9)
    # the fifth file's name in Latin-1, as an old zip or another system leaves it
    odd = os.path.join(os.fsencode(folder), b"caf\xe9.txt")
    os.rename(files[4], odd)
    code = run(["--db", str(tmp_path / "lib.db"), "ingest", str(folder), "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    report = json.loads(out)
    assert len(report["ingested"]) == 9 and not report["failed"]
    assert str(folder / "caf\ufffd.txt") in [d["path"] for d in report["ingested"]]
    lib = open_library(tmp_path / "lib.db")
    assert "caf\ufffd.txt" in [d["path"] for d in lib.list_documents()]
    lib.close()


def test_an_unreadable_subfolder_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    make_corpus(folder, 3)
    locked = folder / "locked"
    make_corpus(locked, 2)
    locked.chmod(0)
    try:
        code, report, err = _cli("--db", str(tmp_path / "lib.db"), "ingest", str(folder))
    finally:
        locked.chmod(0o755)
    assert code == 2, err
    assert len(report["ingested"]) == 3
    assert report["failed"] == [
        {"path": str(locked), "error": f"{locked}: cannot read this folder (Permission denied); its files were not ingested"}
    ]


def test_a_read_only_library_stops_the_batch_in_one_line(tmp_path: Path) -> None:
    files = make_corpus(tmp_path / "in", 3)
    db = tmp_path / "lib.db"
    lib = open_library(db)
    assert len(ingest(lib, files[:1]).ingested) == 1
    lib.close()
    db.chmod(0o444)
    try:
        code, report, err = _cli("--db", str(db), "ingest", *map(str, files))
    finally:
        db.chmod(0o644)
    assert code == 2 and "internal error" not in err, err
    assert [d["path"] for d in report["unchanged"]] == [str(files[0])]
    first, second = report["failed"]
    assert first["error"] == f"{files[1].name}: not stored: the library is read-only (check the permissions of the file and its folder); the batch stopped (what was stored before is kept)"
    assert second["error"].startswith(f"{files[2].name}: not tried: the batch stopped (the library is read-only")
    assert library_problems(db) == []


@pytest.fixture
def small_disk(tmp_path: Path) -> Any:
    """A real 1 MB file system (tmpfs), so the library meets ENOSPC as on a full disk."""
    mnt = tmp_path / "disk"
    mnt.mkdir()
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a small tmpfs needs root")
    p = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mnt)], capture_output=True)
    if p.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {p.stderr.decode().strip()}")
    try:
        yield mnt
    finally:
        if subprocess.run(["umount", str(mnt)], capture_output=True).returncode:
            subprocess.run(["umount", "-l", str(mnt)], check=True)  # still busy: detach it anyway


def test_a_full_disk_stops_the_batch_and_keeps_what_was_stored(tmp_path: Path, small_disk: Path) -> None:
    files = make_corpus(tmp_path / "in", 40)
    db = small_disk / "lib.db"
    lib = open_library(db)
    try:
        report = ingest(lib, files)
    finally:
        lib.close()
    stored = [d["path"] for d in report.ingested]
    assert 0 < len(stored) < len(files)
    full = report.failed[0]
    assert full["path"] == str(files[len(stored)])
    assert full["error"] == f"{files[len(stored)].name}: not stored: the disk holding the library is full; the batch stopped (what was stored before is kept)"
    assert [f["path"] for f in report.failed[1:]] == [str(f) for f in files[len(stored) + 1:]]
    assert all("not tried: the batch stopped (the disk holding the library is full)" in f["error"] for f in report.failed[1:])
    copy = tmp_path / "copy.db"  # checked on a roomy disk: reading needs space for its own journal
    for suffix in ("", "-wal"):
        if Path(f"{db}{suffix}").exists():
            shutil.copy(f"{db}{suffix}", f"{copy}{suffix}")
    assert library_problems(copy) == []
    lib = open_library(copy)
    assert sorted(d["path"] for d in lib.list_documents()) == sorted(Path(p).name for p in stored)
    lib.close()
