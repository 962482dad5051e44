"""The store tests run against both backends through the parametrized `library` fixture."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from duizhao.store import open_library


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def library_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty library's URL: an SQLite file, or a new database on the throwaway cluster."""
    if request.param == "sqlite":
        return str(tmp_path / "lib.db")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def library(library_url: str) -> Iterator[Any]:
    lib = open_library(library_url)
    try:
        yield lib
    finally:
        lib.close()
