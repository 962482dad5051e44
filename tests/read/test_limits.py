"""The parse limits: DUIZHAO_PARSE_MB bounds the memory one file may take to parse, as
DUIZHAO_PARSE_SECONDS bounds its time; a file over it is refused with one line and the batch goes on."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from duizhao import read
from duizhao.errors import BadInput
from tests.conftest import REPO

CLI = [sys.executable, "-c", "from duizhao.cli import cli_main; cli_main()"]


def _env(**extra: str) -> dict[str, str]:
    path = os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")])
    return {**os.environ, "PYTHONPATH": path, **extra}


def test_ceiling_refuses_and_is_lifted_afterwards() -> None:
    import signal
    import threading

    handler = signal.getsignal(signal.SIGUSR2)
    with pytest.raises(BadInput) as e, read.memory_ceiling("huge.txt", 64):
        hog = bytearray(256 * 1024 * 1024)
        del hog
    assert str(e.value) == "huge.txt: parsing needed more than 64 MB of memory; refused"
    assert signal.getsignal(signal.SIGUSR2) == handler  # the handler and the watcher are gone
    assert not [t for t in threading.enumerate() if t.name == "duizhao-parse-memory"]
    hog = bytearray(256 * 1024 * 1024)  # the limit holds only during the parse
    assert len(hog) == 256 * 1024 * 1024


def test_ceiling_interrupts_a_parse_that_keeps_growing() -> None:
    """Growth in many small steps (as a quadratic table would grow) is stopped while it happens."""
    import time

    kept = []
    started = time.monotonic()
    with pytest.raises(BadInput), read.memory_ceiling("growing.txt", 32):
        while time.monotonic() - started < 30:
            kept.append(bytearray(1024 * 1024))
    assert len(kept) < 200  # stopped near 32 MB, not after 30 s of growth


def test_ceiling_lets_a_small_parse_through() -> None:
    with read.memory_ceiling("small.txt", 64):
        data = bytearray(8 * 1024 * 1024)
    assert len(data) == 8 * 1024 * 1024


def _paragraphs(n: int) -> str:
    return "\n\n".join(f"第{i}段。\n\nParagraph {i}." for i in range(n)) + "\n"


def test_ingest_under_a_low_parse_mb_refuses_each_file_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(_paragraphs(300), encoding="utf-8")
    # ten times a.txt: the memory a.txt's parse freed is reused by the next parse, so a file of the
    # same size can fit in it and stay under the ceiling (seen once in CI)
    (tmp_path / "b.txt").write_text(_paragraphs(3000), encoding="utf-8")
    db = tmp_path / "lib.db"
    cmd = [*CLI, "--db", str(db), "ingest", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--json"]
    p = subprocess.run(cmd, capture_output=True, text=True, env=_env(DUIZHAO_PARSE_MB="1"), timeout=120)
    assert p.returncode == 2, p.stderr
    assert "Traceback" not in p.stderr
    report = json.loads(p.stdout)
    assert [f["error"] for f in report["failed"]] == [
        f"{n}: parsing needed more than 1 MB of memory; refused" for n in ("a.txt", "b.txt")
    ]
    assert not report["ingested"]
    # the same files under the default limit go in
    p = subprocess.run(cmd, capture_output=True, text=True, env=_env(), timeout=120)
    assert p.returncode == 0, p.stderr
    assert len(json.loads(p.stdout)["ingested"]) == 2


def test_parse_command_refuses_in_one_line(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text(_paragraphs(300), encoding="utf-8")
    cmd = [*CLI, "parse", str(f), "--json"]
    p = subprocess.run(cmd, capture_output=True, text=True, env=_env(DUIZHAO_PARSE_MB="1"), timeout=120)
    assert p.returncode == 2 and p.stdout == ""
    assert p.stderr == "duizhao: a.txt: parsing needed more than 1 MB of memory; refused\n"


def test_web_uploads_parse_under_the_same_ceiling() -> None:
    # the upload path (pipeline.prepare_isolated: a worker process from a fork server), in a fresh
    # interpreter so that its worker starts with this environment
    script = (
        "import sys\n"
        "from duizhao.errors import BadInput\n"
        "from duizhao.pipeline import prepare_isolated\n"
        "try:\n"
        "    prepare_isolated('upload.txt', sys.stdin.buffer.read())\n"
        "except BadInput as e:\n"
        "    print(e)\n"
    )
    p = subprocess.run([sys.executable, "-c", script], input=_paragraphs(300).encode(), capture_output=True, env=_env(DUIZHAO_PARSE_MB="1"), timeout=120)
    assert p.returncode == 0, p.stderr.decode()
    assert p.stdout.decode() == "upload.txt: parsing needed more than 1 MB of memory; refused\n"
