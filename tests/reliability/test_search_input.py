"""Any query string gives results or a clear one-line BadInput: through duizhao.search.search and the
`duizhao search` command, on SQLite and (marked postgres) on PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from duizhao.cli import run
from duizhao.errors import BadInput
from duizhao.pipeline import ingest
from duizhao.search import search
from duizhao.store import open_library

from .crash import make_corpus

HOSTILE_QUERIES = [
    "",
    " ",
    "energy AND grain",
    "energy OR",
    "AND",
    "OR OR OR",
    "NOT energy",
    "energy NOT",
    "NEAR(energy grain, 2)",
    "NEAR(",
    "energy NEAR/3 grain",
    "zh:能源",
    "en:energy",
    "tokens:energy",
    "search_fts:energy",
    "rank:1",
    "source:",
    'author:"',
    "from:2024-13-45",
    "to:notadate",
    "year:abcd",
    '"',
    '"energy',
    'energy"',
    '"""',
    "'",
    "(",
    ")",
    "((energy)",
    "energy)",
    "*",
    "energy*",
    "^energy",
    "-energy",
    "+",
    "{energy}",
    "[",
    "\\",
    "%",
    "_",
    "\x00",
    "energy\x00grain",
    "能源\x00",
    "energy " * 2000,
    "能" * 10_000,
    "x" * 10_000,
    "!@#$%^&*()_+-=[]{};':\",./<>?`~",
    "。，、；：？！“”‘’（）《》【】",
    "😀🇨🇳🇺🇸",
    "\ud800",
    "energy\udfff",
    "\u202e能源",
    "\ufeff",
    "{{7*7}}",
    "<script>alert(1)</script>",
    "'; DROP TABLE documents; --",
    '" OR 1=1 --',
    "a" * 1 + "\n" + "b",
    "\t\r\n",
]


@pytest.fixture(scope="module")
def sqlite_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("search")
    db = tmp / "lib.db"
    lib = open_library(db)
    assert not ingest(lib, make_corpus(tmp / "files", 12)).failed
    lib.close()
    return db


def _check(lib: Any, query: str) -> None:
    try:
        result = search(lib, query)
    except BadInput as e:
        message = str(e)
        assert message and "\n" not in message and len(message) < 300, repr(message)
        return
    assert isinstance(result["hits"], list) and result["total"] >= len(result["hits"])
    json.dumps(result, ensure_ascii=False).encode("utf-8", "surrogatepass")


def test_hostile_queries_via_the_library(sqlite_db: Path) -> None:
    lib = open_library(sqlite_db)
    try:
        for q in HOSTILE_QUERIES:
            _check(lib, q)
        assert search(lib, "energy OR grain")["total"] > 0  # and the index is still answering
        assert lib.stats()["documents"] == 12  # nothing was dropped by a query
    finally:
        lib.close()


def test_hostile_queries_via_the_cli(sqlite_db: Path, capsys: pytest.CaptureFixture) -> None:
    # Lone surrogates cannot come from a shell in-process; test_cli_output_is_utf8_for_undecodable_argv covers them.
    for q in [q for q in HOSTILE_QUERIES if not any(0xD800 <= ord(c) <= 0xDFFF for c in q)]:
        code = run(["--db", str(sqlite_db), "search", q, "--json"])
        out, err = capsys.readouterr()
        assert code in (0, 2), (q, code, err)
        if code == 0:
            result = json.loads(out)
            assert result["query"] == q or "\x00" in q or "\ud800" in q or "\udfff" in q
        else:
            assert out.strip() == "" or json.loads(out)
            lines = [line for line in err.splitlines() if line.strip()]
            assert len(lines) == 1, (q, err)


def test_cli_output_is_utf8_for_undecodable_argv(sqlite_db: Path) -> None:
    """`duizhao search $'\\xff' --json`: Python decodes argv with surrogateescape, so the query holds '\\udcff';
    the JSON written to stdout then carries the raw byte 0xFF and is not valid UTF-8 (a JSON consumer fails).
    Fix: write JSON with ensure_ascii=True, or encode stdout with errors="replace" (or search() could
    replace surrogates in the query it echoes)."""
    import os
    import subprocess

    from .crash import DUIZHAO

    proc = subprocess.run(
        [os.fsencode(DUIZHAO), b"--db", os.fsencode(sqlite_db), b"search", b"\xff", b"--json"], capture_output=True
    )
    assert proc.returncode in (0, 2)
    if proc.returncode == 0:
        json.loads(proc.stdout.decode("utf-8"))


@settings(
    max_examples=120,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    q=st.text(max_size=80)
    | st.lists(
        st.sampled_from(["AND", "OR", "NOT", "NEAR", '"', "(", ")", "*", ":", "zh:", "能源", "energy", "-", "^", " "]),
        max_size=12,
    ).map("".join)
)
def test_any_query_string(sqlite_db: Path, q: str) -> None:
    lib = open_library(sqlite_db)
    try:
        _check(lib, q)
    finally:
        lib.close()


@pytest.mark.postgres
def test_hostile_queries_on_postgres(pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    lib = open_library(pg_url)
    try:
        assert not ingest(lib, make_corpus(tmp_path / "files", 12)).failed
        for q in HOSTILE_QUERIES:
            _check(lib, q)
        assert search(lib, "energy OR grain")["total"] > 0
    finally:
        lib.close()
    for q in HOSTILE_QUERIES[:20] + ["\x00", "x" * 10_000, '"energy']:
        code = run(["--db", pg_url, "search", q, "--json"])
        _out, err = capsys.readouterr()
        assert code in (0, 2), (q, code, err)
