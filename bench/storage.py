"""Storage benchmark: a synthetic library of N units (built from the dev data, with varied
metadata) on SQLite and on PostgreSQL: ingest throughput, document page fetch p50/p95, search
p50/p95 for 1–3-word queries in both languages, disk size.

    .venv/bin/python bench/storage.py --units 10000 100000 [--backends sqlite postgresql]

PostgreSQL: a throwaway cluster (tests/pg.py) unless DUIZHAO_BENCH_PG=postgresql://… is given.
Results go to bench/results.json under "storage" (bench.common.record).
"""
from __future__ import annotations

import argparse
import hashlib
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "src"), str(HERE.parent / "tests")]

from common import dev_docs, record  # noqa: E402

from duizhao.model import Document, Sentence, Unit  # noqa: E402
from duizhao.store import open_library  # noqa: E402

UNITS_PER_DOC = 50
SOURCES = ["Xinhua", "CSIS Interpret: China", "The Paper (澎湃)", "Reuters", "Caixin", "People's Daily", "BBC", "Global Times"]
AUTHORS = ["Li Hua", "Wang Wei", "Zhang Min", "Chen Jie", "Liu Yang", "Feng Yujun", "Sun Li", "Zhao Lei", "Xu Jing"]
KEYWORDS = ["trade", "security", "energy", "Taiwan", "Russia", "economy", "diplomacy", "technology", "climate"]
QUERIES = ["china", "trade", "economic growth", "president said", "police", "united states government",
           "中国", "经济", "美国 总统", "警方", "国际 贸易", "发展 合作 中国"]  # fmt: skip


def synthetic_docs(total_units: int, seed: int = 7) -> list[Document]:
    """Documents of UNITS_PER_DOC units sampled from the dev pairs; ids from content, metadata varied."""
    rng = random.Random(seed)
    pairs = [(zh, en) for d in dev_docs() for zh, en in zip(d["zh"], d["en"], strict=False) if zh.strip() and en.strip()]
    docs = []
    for n in range((total_units + UNITS_PER_DOC - 1) // UNITS_PER_DOC):
        units = []
        for i in range(min(UNITS_PER_DOC, total_units - n * UNITS_PER_DOC)):
            zh, en = rng.choice(pairs)
            units.append(Unit(id=f"u{i + 1}", kind="paragraph", zh=zh, en=en, sentences=[Sentence(zh, en)]))
        h = hashlib.sha256(f"{n}|{seed}".encode() + "".join(u.en or "" for u in units).encode()).hexdigest()[:16]
        docs.append(
            Document(
                id=h,
                path=f"synthetic_{n:06d}.txt",
                title={"zh": units[0].zh[:30], "en": (units[0].en or "")[:80]},
                authors=rng.sample(AUTHORS, rng.randint(1, 2)),
                source=rng.choice(SOURCES),
                published=f"{rng.randint(2005, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                keywords=rng.sample(KEYWORDS, 2),
                script="zh-Hans",
                units=units,
            )
        )
    return docs


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def measure(lib: Any, docs: list[Document], size_fn: Any) -> dict[str, Any]:
    units = sum(len(d.units) for d in docs)
    t = time.perf_counter()
    for d in docs:
        lib.add_document(d)
    ingest_s = time.perf_counter() - t
    rng = random.Random(1)
    page = []
    for d in rng.sample(docs, min(200, len(docs))):
        t = time.perf_counter()
        lib.get_document(d.id)
        page.append((time.perf_counter() - t) * 1000)
    out: dict[str, Any] = {
        "units": units,
        "documents": len(docs),
        "ingest_units_per_s": round(units / ingest_s, 1),
        "ingest_s": round(ingest_s, 1),
        "page_ms_p50": round(statistics.median(page), 2),
        "page_ms_p95": round(pct(page, 95), 2),
        "disk_bytes": size_fn(),
    }
    try:
        from duizhao.search import search
    except ImportError:
        return out
    search(lib, "warm up", dense=False)
    lat = []
    for _ in range(3):
        for q in QUERIES:
            t = time.perf_counter()
            search(lib, q, limit=10, dense=False)
            lat.append((time.perf_counter() - t) * 1000)
    out.update(search_ms_p50=round(statistics.median(lat), 1), search_ms_p95=round(pct(lat, 95), 1), search_queries=len(lat))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--units", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    args = ap.parse_args()
    import os

    results: dict[str, Any] = {}
    server = None
    try:
        for backend in args.backends:
            for n in args.units:
                docs = synthetic_docs(n)
                if backend == "sqlite":
                    tmp = Path(tempfile.mkdtemp(prefix="duizhao-bench-"))
                    path = tmp / "lib.db"
                    lib = open_library(str(path))

                    def size(path: Path = path) -> int:
                        return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
                else:
                    if server is None:
                        import pg

                        external = os.environ.get("DUIZHAO_BENCH_PG")
                        server = pg.External(external) if external else pg.start_server()
                    lib = open_library(server.create_database("bench"))

                    def size(lib: Any = lib) -> int:
                        return lib.size_bytes()

                r = measure(lib, docs, size)
                lib.close()
                results[f"{backend}_{n}"] = r
                print(backend, n, r, file=sys.stderr)
    finally:
        if server is not None:
            server.stop()
    for n in args.units:
        s, p = results.get(f"sqlite_{n}"), results.get(f"postgresql_{n}")
        if s and p:
            results[f"pg_vs_sqlite_ingest_{n}"] = round(s["ingest_units_per_s"] / p["ingest_units_per_s"], 2)
    results["command"] = "python bench/storage.py --units " + " ".join(map(str, args.units))
    record("storage", results)


if __name__ == "__main__":
    main()
