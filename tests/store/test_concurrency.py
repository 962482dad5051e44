"""Several processes at once on one library, on both backends: ingests of the same and different
documents while others read, concurrent corrections of one unit, processes opening a new library
together. Each worker process opens its own library (spawned, so no connection crosses a fork)."""

from __future__ import annotations

import multiprocessing as mp
from typing import Any

import pytest
import store_helpers
from store_helpers import make_doc

from duizhao.store import open_library

pytestmark = pytest.mark.slow
CTX = mp.get_context("spawn")
TIMEOUT = 180


def _collect(procs: list[Any], out: Any, n: int) -> list[Any]:
    results = [out.get(timeout=TIMEOUT) for _ in range(n)]
    for p in procs:
        p.join(TIMEOUT)
    errors = [r[1] for r in results if r[0] != "ok"]
    assert not errors, "\n\n".join(errors)
    return [r[1] for r in results]


def test_concurrent_ingest_while_reading(library_url: str):
    lib = open_library(library_url)  # created (migrated) up front, as a deployment would
    lib.add_document(make_doc(999))
    shared = list(range(1, 7))  # every writer ingests these: exactly one of them stores each
    writers = [shared + list(range(100 + 10 * w, 106 + 10 * w)) for w in range(4)]
    start, stop, out = CTX.Event(), CTX.Event(), CTX.Queue()
    readers = [CTX.Process(target=store_helpers.read_worker, args=(library_url, stop, out)) for _ in range(2)]
    procs = [CTX.Process(target=store_helpers.ingest_worker, args=(library_url, nums, start, out)) for nums in writers]
    for p in readers + procs:
        p.start()
    start.set()
    ingest_results = [out.get(timeout=TIMEOUT) for _ in procs]
    stop.set()
    read_results = [out.get(timeout=TIMEOUT) for _ in readers]
    for p in readers + procs:
        p.join(TIMEOUT)
    errors = [r[1] for r in ingest_results + read_results if r[0] != "ok"]
    assert not errors, "\n\n".join(errors)  # no "database is locked", no duplicate key, no torn read

    outcomes: dict[int, list[str]] = {}
    for _, result in ingest_results:
        for n, status in result.items():
            outcomes.setdefault(n, []).append(status)
    for n in shared:
        assert sorted(outcomes[n]) == ["ingested", "unchanged", "unchanged", "unchanged"], (n, outcomes[n])
    for nums in writers:
        for n in nums[len(shared) :]:
            assert outcomes[n] == ["ingested"]
    expected = {make_doc(n).id for nums in writers for n in nums} | {make_doc(999).id}
    assert set(lib.document_ids()) == expected  # no lost write
    stats = lib.stats()
    assert stats["units"] == 4 * len(expected) and stats["findings"] == len(expected) - 1
    lib.close()


def test_concurrent_corrections_of_one_unit(library_url: str):
    lib = open_library(library_url)
    doc = make_doc(1)
    lib.add_document(doc)
    ids = [lib.propose_correction(doc.id, "u2", "en", f"Fix number {i}.") for i in range(4)]
    same = ids[0]  # two editors applying the very same correction, too
    start, out = CTX.Event(), CTX.Queue()
    procs = [
        CTX.Process(target=store_helpers.apply_worker, args=(library_url, cid, start, out)) for cid in [*ids, same]
    ]
    for p in procs:
        p.start()
    start.set()
    results = _collect(procs, out, len(procs))
    assert results.count("applied") == 1, results
    assert all(r.startswith("conflict: ") for r in results if r != "applied")
    applied = [c for c in lib.corrections() if c["status"] == "applied"]
    assert len(applied) == 1
    unit = lib.get_document(doc.id).units[1]
    assert unit.en == applied[0]["new_text"]  # the one that applied is the text that stands
    assert lib.unit_versions(doc.id)["u2"] == 2
    (h,) = lib.history(doc.id)
    assert h["correction_id"] == applied[0]["id"]
    lib.close()


def test_processes_opening_a_new_library_together(library_url: str):
    start, out = CTX.Event(), CTX.Queue()
    procs = [CTX.Process(target=store_helpers.open_worker, args=(library_url, start, out)) for _ in range(4)]
    for p in procs:
        p.start()
    start.set()
    assert _collect(procs, out, len(procs)) == [0, 0, 0, 0]
    lib = open_library(library_url)
    assert lib.applied_migrations().count("0001_core") == 1
    lib.close()
