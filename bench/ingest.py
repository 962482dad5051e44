"""Ingest throughput over ≥ 2,000 documents in the interleaved layout, made from the WMT17 dev data
(each document cut into several overlapping windows so there are enough distinct files), and where
the time goes, stage by stage.

First an untimed warm-up (the first 100 documents through the whole pipeline into a throwaway
library: dictionaries, glossary, jieba, schema and word-level caches are loaded once per process;
reported as `warm_up`). Then three runs over all documents, each into a fresh library:
- `parse_store`: read + layout + store, no sentence alignment and no checks. "Store" includes the
  library's indexers (search index and knowledge extraction), as `add_document` always runs them;
  the split is in `ms_per_document_cpu` (store_sql, store_search, store_knowledge);
- `full`: the whole pipeline, read → layout → align → check → store;
- `full_with_repeats`: the same, without clearing the caches keyed by sentence text (see TEXT_CACHES:
  the corpus repeats each WMT17 sentence about nine times, which flatters those caches).
Wall time and CPU time (process_time) are both reported: the machine is shared, so wall time
depends on the load (and on fsync at each commit), and CPU time is the figure to compare.

    .venv/bin/python bench/ingest.py            # 2,000 documents, writes bench/results.json "ingest"
    .venv/bin/python bench/ingest.py 500        # a quicker look (not recorded)
"""
from __future__ import annotations

import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import dev_docs, record  # noqa: E402

from duizhao.layouts import parse_source  # noqa: E402
from duizhao.pipeline import analyse, check  # noqa: E402
from duizhao.read import read_file  # noqa: E402
from duizhao.store import open_library  # noqa: E402

TARGET_DOCS = 2000
WARM_UP = 100


def write_corpus(folder: Path, target: int = TARGET_DOCS) -> tuple[int, int]:
    docs = dev_docs()
    n = total = 0
    window = 8
    while n < target:
        for d in docs:
            pairs = list(zip(d["zh"], d["en"], strict=True))
            rnd = n // len(docs)
            start = rnd % max(1, len(pairs) - 1)
            chunk = pairs[start : start + window] or pairs[:window]
            # The round number in the title keeps every file distinct (ids come from content).
            lines = [f"{chunk[0][1]} (part {rnd + 1})", "", f"{chunk[0][0]}（第{rnd + 1}部分）", ""]
            for zh, en in chunk[1:]:
                lines += [en, "", zh, ""]
            data = "\n".join(lines).encode("utf-8")
            (folder / f"{d['docid']}-{n:05d}.txt").write_bytes(data)
            total += len(data)
            n += 1
            if n >= target:
                break
    return n, total


class _Timed:
    """An indexer module wrapped so its index_document time is counted (wall and CPU) under `name`."""

    def __init__(self, module: Any, name: str, clock: dict[str, list[float]]) -> None:
        self._m, self._name, self._clock = module, name, clock

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._m, attr)

    def index_document(self, lib: Any, cur: Any, doc: Any) -> None:
        w, c = time.perf_counter(), time.process_time()
        self._m.index_document(lib, cur, doc)
        slot = self._clock.setdefault(self._name, [0.0, 0.0])
        slot[0] += time.perf_counter() - w
        slot[1] += time.process_time() - c


def _open_timed(path: Path, clock: dict[str, list[float]]) -> Any:
    lib = open_library(path)
    names = {"duizhao.search.sqlite_index": "store_search", "duizhao.knowledge.store_hooks": "store_knowledge"}
    # The SQLite library keeps its indexer modules in `_indexers`; timing wrappers go in their place.
    lib._indexers = [_Timed(m, names.get(m.__name__, m.__name__), clock) for m in lib.indexers]
    return lib


# Caches keyed by a whole sentence or unit text. The bench corpus repeats every WMT17 sentence about
# nine times (overlapping windows of 84 documents), so these hit far more often than in a real
# library; "distinct text" runs clear them before each document, as if every document were new text.
# Caches keyed by a word or a dictionary entry stay warm: words do repeat across real documents.
TEXT_CACHES = [
    ("duizhao.lang.glossary", "_mentions_cached"),
    ("duizhao.lang.quantities", "_extract_cached"),
    ("duizhao.lang.dates", "_extract_cached"),
    ("duizhao.lang.dates", "_parse_cached"),
    ("duizhao.layouts.text", "lang_of"),
]
_clearers: list[Callable[[], None]] = []


def clear_text_caches() -> None:
    if not _clearers:
        import importlib

        for mod, attr in TEXT_CACHES:
            fn = getattr(importlib.import_module(mod), attr, None)
            if fn is not None:
                _clearers.append(fn.cache_clear)
    for clear in _clearers:
        clear()


def run(paths: list[Path], db: Path, full: bool, distinct: bool = True) -> dict[str, Any]:
    clear_text_caches()
    clock: dict[str, list[float]] = {}
    lib = _open_timed(db, clock)

    def stage(name: str, fn: Callable[[], Any]) -> Any:
        w, c = time.perf_counter(), time.process_time()
        out = fn()
        slot = clock.setdefault(name, [0.0, 0.0])
        slot[0] += time.perf_counter() - w
        slot[1] += time.process_time() - c
        return out

    stored = 0
    w0, c0 = time.perf_counter(), time.process_time()
    for path in paths:
        if distinct:
            clear_text_caches()
        src = stage("read", lambda p=path: read_file(p))
        doc = stage("layout", lambda s=src: parse_source(s))
        doc.path = path.name
        findings: list[Any] = []
        if full:
            stage("align", lambda d=doc: analyse(d))
            findings = stage("check", lambda d=doc: check(d))
        if stage("store", lambda d=doc, f=findings: lib.add_document(d, f)) == "ingested":
            stored += 1
    wall, cpu = time.perf_counter() - w0, time.process_time() - c0
    units = lib.stats()["units"]
    lib.close()
    # "store" includes the indexers; split it into the library's own SQL and each indexer.
    store = clock.get("store", [0.0, 0.0])
    for key in ("store_search", "store_knowledge"):
        if key in clock:
            store = [store[0] - clock[key][0], store[1] - clock[key][1]]
    clock["store_sql"] = store
    clock.pop("store", None)
    n = len(paths)
    return {
        "documents": n,
        "text_caches": "cleared per document" if distinct else "kept (corpus repeats sentences)",
        "stored": stored,
        "units": units,
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "documents_per_s_wall": round(n / wall, 1),
        "documents_per_s_cpu": round(n / cpu, 1),
        "ms_per_document_cpu": {k: round(v[1] / n * 1000, 2) for k, v in sorted(clock.items())},
        "share_of_cpu": {k: round(v[1] / cpu, 3) for k, v in sorted(clock.items())},
    }


def main() -> None:
    target = int(sys.argv[1]) if len(sys.argv) > 1 else TARGET_DOCS
    work = Path(tempfile.mkdtemp(prefix="duizhao-bench-"))
    try:
        corpus = work / "corpus"
        corpus.mkdir()
        n, size = write_corpus(corpus, target)
        paths = sorted(corpus.iterdir())
        # Warm-up, untimed: the first WARM_UP documents through the whole pipeline load every lazy resource
        # (CC-CEDICT, glossary, jieba, schema) and fill the word-level caches, so neither run pays for them.
        w, c = time.perf_counter(), time.process_time()
        warm = open_library(work / "warm.db")
        for path in paths[:WARM_UP]:
            doc = parse_source(read_file(path))
            warm.add_document(analyse(doc), check(doc))
        warm.close()
        startup = (round(time.perf_counter() - w, 2), round(time.process_time() - c, 2))
        parse_store = run(paths, work / "parse_store.db", full=False)
        full = run(paths, work / "full.db", full=True)
        full_repeats = run(paths, work / "full_repeats.db", full=True, distinct=False)
        # What `duizhao ingest` does with a batch this size: parsing in one process per core, storing here.
        from duizhao.pipeline import default_jobs, ingest

        jobs = default_jobs(len(paths))
        lib = open_library(work / "parallel.db")
        w = time.perf_counter()
        report = ingest(lib, paths, jobs=jobs)
        wall = time.perf_counter() - w
        lib.close()
        parallel = {"jobs": jobs, "stored": len(report.ingested), "failed": len(report.failed), "wall_s": round(wall, 2),
                    "documents_per_s_wall": round(n / wall, 1)}
        mb = size / 1e6
        for r in (parse_store, full, full_repeats):
            r["mb_per_s_cpu"] = round(mb / r["cpu_s"], 3)
            r["mb_per_s_wall"] = round(mb / r["wall_s"], 3)
        result = {
            "documents": n,
            "megabytes": round(mb, 2),
            "warm_up": {"documents": WARM_UP, "wall_s": startup[0], "cpu_s": startup[1]},
            "parse_store": parse_store,
            "full": full,
            "full_with_repeats": full_repeats,
            "cli_ingest_parallel": parallel,
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "target_documents_per_s": 200,
            "load_average": [round(x, 2) for x in __import__("os").getloadavg()],
        }
        if target >= TARGET_DOCS:
            record("ingest", result)
        import json

        print(json.dumps(result, indent=1))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
