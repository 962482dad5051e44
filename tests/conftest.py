"""Shared fixtures. ../shared (seeds, dev data, acceptance) is read when it exists, never copied."""
from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# Embeddings off for the general suite (and the CLI processes it starts): at ~25 passages/s here
# they would slow every ingest in it. tests/search/test_dense_default.py switches them back on
# (monkeypatch.delenv) to test what users get by default, with the real model.
os.environ["DUIZHAO_EMBED"] = "0"

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
DEV_DATA = SHARED / "data" / "wmt17-zhen-dev.jsonl"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds not present")
    return SEEDS


@pytest.fixture(scope="session")
def seed_files(seeds_dir: Path) -> list[Path]:
    return sorted(seeds_dir.glob("*.txt"))


@pytest.fixture(scope="session")
def dev_docs() -> list[dict]:
    if not DEV_DATA.exists():
        pytest.skip("../shared/data/wmt17-zhen-dev.jsonl not present")
    return [json.loads(line) for line in DEV_DATA.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "lib.db"


# PostgreSQL for tests marked `postgres`: a throwaway cluster started on first use (tests/pg.py).
from tests.pg import pg_server, pg_url  # noqa: E402,F401,I001


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def library_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty library's URL: an SQLite file, or a new database on the throwaway cluster."""
    if request.param == "sqlite":
        return str(tmp_path / "lib.db")
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def library(library_url: str) -> Iterator[Any]:
    """A fresh library on each backend (tests/web/conftest.py has its own, filled one)."""
    from duizhao.store import open_library

    lib = open_library(library_url)
    try:
        yield lib
    finally:
        lib.close()



@pytest.fixture
def db(tmp_path: Path, doc_a: Any, doc_b: Any) -> str:
    """An SQLite library file holding the package's doc_a and doc_b (tests/terms, tests/knowledge conftest)."""
    from duizhao.store import open_library

    path = tmp_path / "cli.db"
    lib = open_library(path)
    lib.add_document(doc_a)
    lib.add_document(doc_b)
    lib.close()
    return str(path)


def call(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """`duizhao ARGS…` in-process: (exit code, stdout, stderr)."""
    from duizhao.cli import run

    code = run(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err
