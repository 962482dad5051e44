"""The query-time vector scan (dense.search) on both backends, without the model: vectors made here
are stored as the index stores them and the query vector is handed in, so the ranking is checked
against a plain cosine sort of the same numbers."""

from __future__ import annotations

from typing import Any

import numpy as np

from duizhao.search import dense


def _unit(v: np.ndarray) -> np.ndarray:
    return (v / np.linalg.norm(v)).astype("float32")


def _store(lib: Any, rows: dict[tuple[str, str, str], np.ndarray]) -> None:
    with lib.transaction() as cur:
        cur.executemany(lib.q(dense.UPSERT), [(*k, v.astype("float32").tobytes()) for k, v in rows.items()])


def _library(lib: Any, seed: int = 3) -> tuple[np.ndarray, dict[tuple[str, str, str], np.ndarray]]:
    """A query vector; 150 Chinese sides close to it and 40 English ones farther off (what e5 gives a
    Chinese query: its own language's neighbours far above any translation)."""
    rng = np.random.default_rng(seed)
    q = _unit(rng.standard_normal(dense.DIM))
    rows = {(f"z{i:03d}", "u1", "zh"): _unit(q + 0.3 * _unit(rng.standard_normal(dense.DIM))) for i in range(150)}
    rows |= {(f"e{i:03d}", "u1", "en"): _unit(q + 1.5 * _unit(rng.standard_normal(dense.DIM))) for i in range(40)}
    _store(lib, rows)
    return q, rows


def _reference(q: np.ndarray, rows: dict, side: str | None, allowed: set[str] | None = None) -> list:
    sims = [(k, float(v @ q)) for k, v in rows.items() if (side is None or k[2] == side) and (allowed is None or k[0] in allowed)]
    return sorted(sims, key=lambda kv: -kv[1])


def _same(got: list, want: list) -> None:
    assert [k for k, _ in got] == [k for k, _ in want]
    assert np.allclose([s for _, s in got], [s for _, s in want], atol=1e-5)


def test_a_side_restricted_scan_finds_that_side_below_the_other(library: Any) -> None:
    """Every Chinese side is nearer than every English one; asked for English, the English come,
    best first (before, the side was applied after keeping the best k + 64 of all sides: nothing)."""
    q, rows = _library(library)
    got = dense.search(library, "", k=10, side="en", qvec=q)
    _same(got, _reference(q, rows, "en")[:10])
    assert all(k[2] == "en" for k, _ in got)
    _same(dense.search(library, "", k=5, side="zh", qvec=q), _reference(q, rows, "zh")[:5])
    _same(dense.search(library, "", k=20, qvec=q), _reference(q, rows, None)[:20])


def test_a_document_filter_and_a_changed_table(library: Any) -> None:
    q, rows = _library(library)
    allowed = {"e005", "e017", "z100"}
    _same(dense.search(library, "", k=10, side="en", allowed_docs=allowed, qvec=q), _reference(q, rows, "en", allowed))
    # a vector written after the first scan is seen by the next (the kept matrix is read again)
    near = {("e999", "u1", "en"): q.copy()}
    _store(library, near)
    rows |= near
    top = dense.search(library, "", k=3, side="en", qvec=q)
    assert top[0][0] == ("e999", "u1", "en")
    _same(top, _reference(q, rows, "en")[:3])
