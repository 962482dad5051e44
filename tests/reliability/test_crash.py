"""SIGKILL at random moments: during an ingest of many small files, and while corrections are applied.
After each kill the library must open and be consistent; re-running the ingest completes the rest
without duplicates. bench/reliability.py runs 50 such trials over 2,000 files."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from duizhao.pipeline import ingest
from duizhao.store import open_library

from .crash import (
    Expected,
    correction_problems,
    corrections_and_kill,
    dev_docs,
    ingest_and_kill,
    ingest_to_end,
    library_problems,
    make_corpus,
)

FILES = 300
TRIALS = 5
CORRECTION_TRIALS = 3


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus") / "files"
    make_corpus(folder, FILES, dev_docs())
    return folder


def test_ingest_killed_at_random_moments(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "lib.db"
    expected = Expected(corpus)
    rnd = random.Random(2024)
    killed = 0
    for trial in range(TRIALS):
        outcome = ingest_and_kill(db, corpus, rnd, max_new=0 if trial == 0 else 12)
        killed += not outcome["finished"]
        assert library_problems(db, expected) == [], f"after kill {trial}: {outcome}"
    assert killed >= TRIALS - 1  # the trials really interrupted the ingest
    report = ingest_to_end(db, corpus)
    assert report["failed"] == []
    assert len(report["ingested"]) + len(report["unchanged"]) == FILES
    assert library_problems(db, expected) == []
    lib = open_library(db)
    try:
        assert sorted(lib.document_ids()) == sorted(expected.ids())  # every file once, no duplicates
        again = ingest(lib, [corpus])
        assert len(again.unchanged) == FILES and not again.ingested
    finally:
        lib.close()


def test_correction_apply_killed_at_random_moments(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "lib.db"
    lib = open_library(db)
    report = ingest(lib, sorted(corpus.iterdir())[:3])
    assert len(report.ingested) == 3
    lib.close()
    rnd = random.Random(7)
    for trial in range(CORRECTION_TRIALS):
        outcome = corrections_and_kill(db, rnd, max_new=8)
        assert not outcome["finished"], outcome["stderr"]
        assert correction_problems(db) == [], f"after kill {trial}: {outcome}"
    lib = open_library(db)
    try:
        statuses = {c["status"] for c in lib.corrections()}
        assert "applied" in statuses
        assert lib.stats()["history"] == len(lib.corrections(status="applied"))
    finally:
        lib.close()


def _session_members(sid: int) -> list[int]:
    """Live processes of a session (Linux /proc), zombies excluded."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == sid and fields[0] != "Z":  # fields: state, ppid, pgrp, session, …
            out.append(int(stat.parent.name))
    return out


def test_killing_the_ingest_leaves_no_workers_behind(corpus: Path, tmp_path: Path) -> None:
    """`kill -9` of the ingest process alone (the OOM killer, `kill -9 PID`): its ProcessPoolExecutor workers,
    forked, sit blocked on the call-queue pipe for ever (each holds the pipe's write end, so no EOF comes),
    each holding the dictionaries in memory. Fix: give the pool an initializer that ends the worker when
    its parent goes, e.g. on Linux prctl(PR_SET_PDEATHSIG, SIGKILL) through ctypes, or a daemon thread
    that calls os._exit(1) once os.getppid() changes."""
    import os
    import signal
    import subprocess
    import time

    from .crash import DUIZHAO, _count

    db = tmp_path / "lib.db"
    proc = subprocess.Popen(
        [DUIZHAO, "--db", str(db), "ingest", str(corpus), "--json"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        while proc.poll() is None and _count(db) < 2:
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        time.sleep(3)  # time for workers to notice
        assert _session_members(proc.pid) == []
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
