"""Nothing lost: history is append-only, concurrent edits of one unit conflict instead of overwriting,
and `duizhao backup` + restore gives back every row of every table."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from duizhao.cli import run
from duizhao.errors import Conflict
from duizhao.pipeline import apply_correction as apply
from duizhao.pipeline import ingest
from duizhao.store import open_library

from .crash import DUIZHAO, library_problems, make_corpus

EDITOR = "edith"


@pytest.fixture
def lib(tmp_path: Path) -> Any:
    corpus = make_corpus(tmp_path / "files", 6)
    library = open_library(tmp_path / "lib.db")
    assert not ingest(library, corpus).failed
    library.add_user(EDITOR, "not-a-real-hash", editor=True)
    yield library
    library.close()


def _snapshot(library: Any) -> tuple[dict[str, list[dict]], list[dict]]:
    return {d: library.history(d) for d in library.document_ids()}, library.corrections()


def _append_only(before: tuple, after: tuple) -> None:
    """Every history row and every correction seen before is still there, unchanged (a correction may
    only move from pending to a decision)."""
    hist_a, corr_a = before
    hist_b, corr_b = after
    for doc, rows in hist_a.items():
        assert hist_b[doc][: len(rows)] == rows, f"history of {doc} was rewritten"
    by_id = {c["id"]: c for c in corr_b}
    for c in corr_a:
        now = by_id.get(c["id"])
        assert now is not None, f"correction #{c['id']} disappeared"
        fixed = (
            "id",
            "doc_id",
            "unit_id",
            "side",
            "old_text",
            "new_text",
            "note",
            "reporter",
            "base_version",
            "created_at",
        )
        assert {k: now[k] for k in fixed} == {k: c[k] for k in fixed}
        if c["status"] != "pending":
            assert now == c, f"decided correction #{c['id']} changed"


def test_history_and_corrections_are_append_only(lib: Any) -> None:
    docs = lib.document_ids()
    d = docs[0]
    units = lib.get_document(d).units
    snap = _snapshot(lib)
    steps = 0
    for i, unit in enumerate(units[:4]):
        side = "en" if unit.en else "zh"
        # applied
        n = lib.propose_correction(d, unit.id, side, f"Corrected text {i}.", "typo", "reader")
        apply(lib, n, EDITOR)
        # rejected
        m = lib.propose_correction(d, unit.id, side, f"Wrong text {i}.", "", "reader")
        lib.reject_correction(m, EDITOR, "not an error")
        # a direct edit
        version = lib.unit_versions(d)[unit.id]
        lib.edit_unit(d, unit.id, side, f"Edited text {i}.", EDITOR, version)
        # metadata
        lib.update_metadata(d, {"title_en": f"Title {i}", "keywords": [f"k{i}"]}, EDITOR)
        new = _snapshot(lib)
        _append_only(snap, new)
        snap = new
        steps += 1
    history = lib.history(d)
    # per unit changed: a correction applied + a direct edit, and two metadata fields
    assert len(history) == steps * 2 + steps * 2
    assert [h["id"] for h in history] == sorted(h["id"] for h in history)
    applied = lib.corrections(status="applied")
    rejected = lib.corrections(status="rejected")
    assert len(applied) == steps and len(rejected) == steps
    for c in applied:  # each applied correction has its history row, with the text before and after
        rows = [h for h in history if h["correction_id"] == c["id"]]
        assert len(rows) == 1 and rows[0]["after"] == c["new_text"] and rows[0]["before"] == c["old_text"]
    # re-applying or re-rejecting a decided correction is refused, and changes nothing
    before = _snapshot(lib)
    with pytest.raises(Conflict):
        apply(lib, applied[0]["id"], EDITOR)
    with pytest.raises(Conflict):
        lib.reject_correction(rejected[0]["id"], EDITOR)
    assert _snapshot(lib) == before


def test_history_has_no_delete_path() -> None:
    """No library operation deletes or rewrites history or corrections (only sessions, findings and index
    rows are replaced). A static check over the SQL the store runs."""
    import re

    from duizhao.store import base

    source = Path(base.__file__).read_text()
    for statement in re.findall(r"(?:DELETE FROM|UPDATE)\s+(\w+)", source):
        assert statement not in ("history",), f"history is modified by {statement}"
    assert not re.search(r"DELETE FROM corrections", source)


def test_second_of_two_edits_of_one_unit_conflicts(lib: Any, tmp_path: Path) -> None:
    d = lib.document_ids()[0]
    unit = lib.get_document(d).units[1]
    version = lib.unit_versions(d)[unit.id]
    other = open_library(tmp_path / "lib.db")  # a second user, another connection
    try:
        lib.edit_unit(d, unit.id, "en", "First editor's text.", "edith", version)
        with pytest.raises(Conflict):
            other.edit_unit(d, unit.id, "en", "Second editor's text.", "ed2", version)
    finally:
        other.close()
    assert lib.get_document(d).units[1].en == "First editor's text."
    # two corrections proposed against the same version: the second stays pending (not lost) and conflicts
    v = lib.unit_versions(d)[unit.id]
    a = lib.propose_correction(d, unit.id, "en", "Reader A's fix.", "", "a")
    b = lib.propose_correction(d, unit.id, "en", "Reader B's fix.", "", "b")
    apply(lib, a, EDITOR)
    with pytest.raises(Conflict):
        apply(lib, b, EDITOR)
    assert lib.correction(b)["status"] == "pending"
    assert lib.unit_versions(d)[unit.id] == v + 1


def test_many_threads_edit_one_unit_exactly_one_wins(lib: Any, tmp_path: Path) -> None:
    _race(lib, str(tmp_path / "lib.db"))


@pytest.mark.postgres
def test_many_threads_edit_one_unit_exactly_one_wins_postgres(pg_url: str, tmp_path: Path) -> None:
    library = open_library(pg_url)
    try:
        assert not ingest(library, make_corpus(tmp_path / "files", 2)).failed
        _race(library, pg_url)
    finally:
        library.close()


def _race(lib: Any, url: str) -> None:
    """Six editors, each with their own connection, save the same unit from the same version at once."""
    d = lib.document_ids()[0]
    unit = lib.get_document(d).units[1]
    version = lib.unit_versions(d)[unit.id]
    history_before = len(lib.history(d))
    results: list[str] = []
    barrier = threading.Barrier(6)

    def editor(k: int) -> None:
        own = open_library(url)
        try:
            barrier.wait()
            own.edit_unit(d, unit.id, "en", f"Text from editor {k}.", f"ed{k}", version)
            results.append("ok")
        except Conflict:
            results.append("conflict")
        except Exception as e:  # noqa: BLE001 - any other outcome is a failure of the test
            results.append(f"error {type(e).__name__}: {e}")
        finally:
            own.close()

    threads = [threading.Thread(target=editor, args=(k,)) for k in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["conflict"] * 5 + ["ok"]
    assert len(lib.history(d)) == history_before + 1
    assert lib.unit_versions(d)[unit.id] == version + 1


def _tables(db: Path) -> dict[str, list[tuple]]:
    """Every row of every table (the FTS5 shadow tables included), sorted."""
    conn = sqlite3.connect(db)
    try:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'"
            )
        ]
        return {n: sorted(conn.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr) for n in names}
    finally:
        conn.close()


def _busy_library(lib: Any) -> None:
    d = lib.document_ids()[0]
    unit = lib.get_document(d).units[1]
    apply(lib, lib.propose_correction(d, unit.id, "en", "Applied fix.", "note <b>", "reader"), EDITOR)
    lib.reject_correction(lib.propose_correction(d, unit.id, "zh", "被拒绝的修改。", "", "reader"), EDITOR, "no")
    lib.propose_correction(d, unit.id, "en", "Still pending.", "", "reader")
    lib.update_metadata(d, {"authors": ["Zhang San", "Li Si"], "published": "2024-05-16"}, EDITOR)
    lib.create_session("f" * 64, EDITOR, "csrf-token", "2999-01-01T00:00:00Z")
    lib.set_setting("private", "1")


def test_backup_and_restore_round_trip_sqlite(lib: Any, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    _busy_library(lib)
    out = tmp_path / "backup.db"
    code = run(["--db", str(tmp_path / "lib.db"), "backup", str(out), "--json"])
    assert code == 0 and json.loads(capsys.readouterr().out)["path"] == str(out)
    restored = tmp_path / "restored.db"
    shutil.copy(out, restored)  # restoring an SQLite backup is putting the file in place
    original = _tables(tmp_path / "lib.db")
    assert _tables(restored) == original
    assert {
        "documents",
        "units",
        "findings",
        "corrections",
        "history",
        "users",
        "sessions",
        "settings",
        "search_rows",
    } <= set(original)
    again = open_library(restored, create=False)
    try:
        for d in lib.document_ids():
            assert again.get_document(d).to_dict() == lib.get_document(d).to_dict()
            assert again.history(d) == lib.history(d)
        from duizhao.search import search

        hits = search(lib, "officials")["hits"]
        assert hits and search(again, "officials")["hits"] == hits
    finally:
        again.close()
    assert library_problems(restored) == []


def test_backup_while_another_process_ingests(lib: Any, tmp_path: Path) -> None:
    """The online backup is consistent even while a writer is busy."""
    more = make_corpus(tmp_path / "more", 40)
    db = tmp_path / "lib.db"
    proc = subprocess.Popen(
        [DUIZHAO, "--db", str(db), "ingest", str(more[0].parent), "--json"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        outs = []
        for k in range(3):
            out = tmp_path / f"b{k}.db"
            assert run(["--db", str(db), "backup", str(out)]) == 0
            outs.append(out)
    finally:
        proc.wait(timeout=600)
    for out in outs:
        assert library_problems(out) == []


@pytest.mark.postgres
def test_backup_and_restore_round_trip_postgres(
    pg_url: str, pg_server: Any, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    from duizhao.store.copy import library_content

    library = open_library(pg_url)
    try:
        assert not ingest(library, make_corpus(tmp_path / "files", 4)).failed
        library.add_user(EDITOR, "not-a-real-hash", editor=True)
        _busy_library(library)
        want = library_content(library)
    finally:
        library.close()
    out = tmp_path / "pg.dump"
    code = run(["--db", pg_url, "backup", str(out), "--json"])
    assert code == 0, capsys.readouterr().err
    capsys.readouterr()
    target = pg_server.create_database("restore")
    pg_restore = shutil.which("pg_restore")
    assert pg_restore, "pg_restore not on PATH"
    proc = subprocess.run([pg_restore, "--no-owner", "--dbname", target, str(out)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    restored = open_library(target)
    try:
        assert library_content(restored) == want
        # the search index came back too
        from duizhao.search import search

        assert search(restored, "officials")["total"] > 0
    finally:
        restored.close()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))
