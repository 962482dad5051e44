"""Storage benchmark: synthetic libraries of 10k, 100k and 1M units (built from the dev data, with
varied metadata) on SQLite and on PostgreSQL: ingest throughput, document page p50/p95, search
p50/p95 for 1–3-word queries in both languages, disk size, and the growth curve between the sizes.

    .venv/bin/python bench/storage.py [--units 10000 100000 1000000] [--backends sqlite postgresql]
                                      [--sample 10000] [--queries 200] [--keep DIR]

How each size is reached: one library per backend grows through the sizes. The units up to a size
are bulk-loaded (the bulk path a big import would take: SQLite in one transaction with
synchronous=OFF, then an FTS5 optimize; PostgreSQL by COPY through PostgresLibrary.copy_in and
postgres_index.bulk_insert_rows, which builds the GIN index once). Then, at that size:
- search: bench/search.py's sample_queries (1–3 consecutive content words of random dev sentences,
  half Chinese, half English), search() end to end, dense off, after one untimed warm-up pass;
- document page: get_document of 200 random documents;
- ingest: a sample of --sample units in 50-unit documents through the real path
  (Library.add_document with its analysis, index and knowledge hooks), on top of the big library,
  which is what a team does every day. Those units stay in the library.
Analysis in the bulk path is computed once per distinct dev segment (the same analyzer calls as
index_rows.unit_rows); the ingest sample analyses every unit.

PostgreSQL: a throwaway cluster (tests/pg.py) restarted with the settings docs/deployment.md
recommends (shared_buffers, work_mem, …), unless DUIZHAO_BENCH_PG=postgresql://… is given.
--keep DIR keeps that cluster in DIR after the run and reuses it on the next (a 1M build costs ~7
min): sizes already reached are not built or optimized again, only measured (each run's ingest
sample is new text and stays, so the library grows by --sample units a run; "units" says how many).
Results are merged into bench/results.json under "storage" (keys of earlier runs are kept).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "src"), str(HERE.parent / "tests")]

from common import RESULTS, dev_docs, record  # noqa: E402

from duizhao.model import Document, Sentence, Unit  # noqa: E402
from duizhao.search import analyzer, search  # noqa: E402
from duizhao.search.index_rows import Row, analyzer_mode  # noqa: E402
from duizhao.store import open_library  # noqa: E402

UNITS_PER_DOC = 50
SOURCES = ["Xinhua", "CSIS Interpret: China", "The Paper (澎湃)", "Reuters", "Caixin", "People's Daily", "BBC",
           "Global Times"]  # fmt: skip
AUTHORS = ["Li Hua", "Wang Wei", "Zhang Min", "Chen Jie", "Liu Yang", "Feng Yujun", "Sun Li", "Zhao Lei", "Xu Jing"]
KEYWORDS = ["trade", "security", "energy", "Taiwan", "Russia", "economy", "diplomacy", "technology", "climate"]
DOC_COLS = (
    "id", "path", "source_path", "title_zh", "title_en", "authors", "source", "original_source", "published",
    "keywords", "script", "data", "ingested_at", "updated_at",
)  # fmt: skip
UNIT_COLS = ("doc_id", "unit_id", "ord", "kind", "section", "level", "zh", "en", "sentences", "version")


def dev_pairs() -> list[tuple[str, str]]:
    return [(zh, en) for d in dev_docs() for zh, en in zip(d["zh"], d["en"], strict=False) if zh.strip() and en.strip()]


def synthetic_docs(pairs: list[tuple[str, str]], total_units: int, seed: int, first: int = 0) -> Iterator[Document]:
    """Documents number `first`… of UNITS_PER_DOC units sampled from the dev pairs; ids from content,
    metadata varied (sources, authors, keywords, dates 2005–2024)."""
    rng = random.Random(f"{seed}:{first}")
    for n in range(first, first + (total_units + UNITS_PER_DOC - 1) // UNITS_PER_DOC):
        units = []
        for i in range(min(UNITS_PER_DOC, total_units - (n - first) * UNITS_PER_DOC)):
            zh, en = rng.choice(pairs)
            units.append(Unit(id=f"u{i + 1}", kind="paragraph", zh=zh, en=en, sentences=[Sentence(zh, en)]))
        h = hashlib.sha256(f"{n}|{seed}".encode() + "".join(u.en or "" for u in units).encode()).hexdigest()[:16]
        yield Document(
            id=h,
            path=f"synthetic_{seed}_{n:07d}.txt",
            title={"zh": (units[0].zh or "")[:30], "en": (units[0].en or "")[:80]},
            authors=rng.sample(AUTHORS, rng.randint(1, 2)),
            source=rng.choice(SOURCES),
            published=f"{rng.randint(2005, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            keywords=rng.sample(KEYWORDS, 2),
            script="zh-Hans",
            units=units,
        )


# -- bulk rows: what Library.add_document and index_rows.unit_rows would write ------------------------
_TOKENS: dict[tuple[str, str, str], str] = {}


def _tokens(text: str, side: str, mode: str) -> str:
    key = (text, side, mode)
    if key not in _TOKENS:
        _TOKENS[key] = " ".join(analyzer.tokens(text, side, mode))
    return _TOKENS[key]


def doc_row(doc: Document, stamp: str) -> tuple:
    extra = {k: v for k, v in doc.to_dict().items() if k != "units"}
    return (
        doc.id, doc.path, None, doc.title.get("zh"), doc.title.get("en"), json.dumps(doc.authors, ensure_ascii=False),
        doc.source, doc.original_source, doc.published, json.dumps(doc.keywords, ensure_ascii=False), doc.script,
        json.dumps(extra, ensure_ascii=False), stamp, stamp,
    )  # fmt: skip


def unit_rows(doc: Document) -> list[tuple]:
    return [
        (doc.id, u.id, i, u.kind, u.section, u.level, u.zh, u.en,
         json.dumps([s.to_dict() for s in u.sentences], ensure_ascii=False), 1)
        for i, u in enumerate(doc.units)
    ]  # fmt: skip


def index_rows(doc: Document, mode: str) -> list[Row]:
    out: list[Row] = []
    for u in doc.units:
        for side in ("zh", "en"):
            text = getattr(u, side)
            if text and text.strip():
                toks = _tokens(text, side, mode)
                if toks:
                    out.append((doc.id, u.id, side, toks.count(" ") + 1, toks))
    return out


def bulk_sqlite(lib: Any, docs: list[Document]) -> None:
    from duizhao.search import sqlite_index

    mode = analyzer_mode(lib)
    stamp = "2026-01-01T00:00:00Z"
    lib.conn.execute("PRAGMA synchronous = OFF")
    try:
        with lib.transaction() as cur:
            for doc in docs:
                cur.execute(f"INSERT INTO documents ({', '.join(DOC_COLS)}) VALUES ({', '.join('?' * len(DOC_COLS))})",
                            doc_row(doc, stamp))  # fmt: skip
                cur.executemany(
                    f"INSERT INTO units ({', '.join(UNIT_COLS)}) VALUES ({', '.join('?' * len(UNIT_COLS))})",
                    unit_rows(doc),
                )
                sqlite_index.insert_rows(cur, index_rows(doc, mode))
        lib.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        lib.conn.execute("PRAGMA synchronous = NORMAL")


def bulk_postgres(lib: Any, docs: list[Document]) -> None:
    from duizhao.search import postgres_index

    mode = analyzer_mode(lib)
    stamp = "2026-01-01T00:00:00Z"
    with lib.transaction() as cur:
        lib.copy_in(cur, "documents", DOC_COLS, (doc_row(d, stamp) for d in docs))
        lib.copy_in(cur, "units", UNIT_COLS, (r for d in docs for r in unit_rows(d)))
        postgres_index.bulk_insert_rows(lib, cur, (r for d in docs for r in index_rows(d, mode)))
    cur = lib.cursor()
    for table in ("documents", "units", "search_rows", "search_terms_base"):
        cur.execute(f"VACUUM (ANALYZE) {table}")  # visibility map: index-only scans; fresh statistics


# -- measurements ------------------------------------------------------------------------------------
def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return round(values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))], 2)


def measure_search(lib: Any, queries: list[str]) -> dict[str, Any]:
    for q in queries:  # warm-up: a server that has been running holds the index pages in memory
        search(lib, q, limit=10, dense=False, snippets=False)
    out: dict[str, Any] = {}
    every: list[float] = []
    for lang in ("zh", "en"):
        lat = []
        for q in (q for q in queries if analyzer.has_han(q) == (lang == "zh")):
            t = time.perf_counter()
            search(lib, q, limit=10, dense=False)
            lat.append((time.perf_counter() - t) * 1000)
        out[f"search_{lang}_ms_p50"], out[f"search_{lang}_ms_p95"] = pct(lat, 50), pct(lat, 95)
        every += lat
    out.update(search_ms_p50=pct(every, 50), search_ms_p95=pct(every, 95), search_ms_max=pct(every, 100))
    out["search_queries"] = len(every)
    lat = []
    for q in queries[:60]:
        t = time.perf_counter()
        search(lib, q, limit=10, dense=False, source="Xinhua", date_from="2018-01-01")
        lat.append((time.perf_counter() - t) * 1000)
    out["search_filtered_ms_p95"] = pct(lat, 95)
    return out


def measure_pages(lib: Any, doc_ids: list[str]) -> dict[str, Any]:
    rng = random.Random(1)
    lat = []
    for d in rng.sample(doc_ids, min(200, len(doc_ids))):
        t = time.perf_counter()
        lib.get_document(d)
        lat.append((time.perf_counter() - t) * 1000)
    return {"page_ms_p50": pct(lat, 50), "page_ms_p95": pct(lat, 95)}


def optimize(lib: Any) -> dict[str, Any]:
    """What `duizhao optimize` does after a bulk load (search: champion lists, index merges)."""
    t = time.perf_counter()
    if hasattr(lib, "maintain"):
        done = lib.maintain(force=True)
    else:  # an index without maintenance hooks: at least merge SQLite's FTS5 segments
        if getattr(lib, "param", "?") == "?":
            lib.conn.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")
        done = {}
    return {"optimize_s": round(time.perf_counter() - t, 1), "optimize": done}


def measure_ingest(lib: Any, docs: list[Document]) -> dict[str, Any]:
    """Library.add_document per document, then Library.maintain() once, as `duizhao ingest` does.
    The first document goes in untimed: it loads what the ingest path loads once per process (the
    knowledge layer's dictionaries), which the backend measured first would pay alone otherwise."""
    lib.add_document(docs[0])
    docs = docs[1:]
    units = sum(len(d.units) for d in docs)
    t = time.perf_counter()
    for d in docs:
        lib.add_document(d)
    if hasattr(lib, "maintain"):
        lib.maintain()
    s = time.perf_counter() - t
    return {"ingest_sample_units": units, "ingest_s": round(s, 1), "ingest_units_per_s": round(units / s, 1)}


PG_OPTS = (
    "-c listen_addresses=127.0.0.1 -c unix_socket_directories={root} -c fsync=off"
    " -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    " -c shared_buffers=3GB -c effective_cache_size=12GB -c work_mem=16MB -c maintenance_work_mem=512MB"
    " -c random_page_cost=1.1 -c max_wal_size=8GB -c checkpoint_timeout=30min"
)


def pg_server(keep: Path | None = None) -> Any:
    """A throwaway cluster restarted with docs/deployment.md's settings for this machine's RAM (or
    the cluster kept in `keep` by an earlier run, started with them)."""
    import pg

    external = os.environ.get("DUIZHAO_BENCH_PG")
    if external:
        return pg.External(external)
    if keep is not None and (keep / "data" / "PG_VERSION").exists():
        bin_dir = pg.find_bin_dir()
        if bin_dir is None:
            raise FileNotFoundError("PostgreSQL binaries (initdb, pg_ctl) not found")
        server = object.__new__(pg.Cluster)  # the kept data folder: no initdb
        server.bin_dir, server.as_root, server.root = bin_dir, os.geteuid() == 0, keep
        server.data, server.log, server.port = keep / "data", keep / "server.log", pg._free_port()
        action = "start"
    else:
        server = pg.start_server()
        if not isinstance(server, pg.Cluster):
            return server
        action = "restart"  # the cluster's command line fixes shared_buffers=128MB; -o replaces it
    server._run([str(server.bin_dir / "pg_ctl"), "-D", str(server.data), "-l", str(server.log), "-w",
                 "-t", "300", "-o", f"{PG_OPTS.format(root=server.root)} -p {server.port}", action])  # fmt: skip
    return server


def stop_server(server: Any, keep: Path | None) -> None:
    import pg

    if keep is None or not isinstance(server, pg.Cluster):
        server.stop()
        return
    server._run([str(server.bin_dir / "pg_ctl"), "-D", str(server.data), "-m", "fast", "-w", "-t", "300", "stop"])
    if server.root.resolve() != keep.resolve():
        keep.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(server.root), str(keep))  # ownership (the cluster's user) moves with it


def _kept_state(keep: Path | None) -> dict[str, Any]:
    state = keep / "bench.json" if keep is not None else None
    return json.loads(state.read_text()) if state is not None and state.exists() else {}


def run_backend(
    backend: str, sizes: list[int], sample: int, queries: list[str], server: Any, keep: Path | None = None
) -> dict[str, Any]:
    pairs = dev_pairs()
    results: dict[str, Any] = {}
    kept = _kept_state(keep) if backend == "postgresql" else {}
    if backend == "sqlite":
        tmp = Path(tempfile.mkdtemp(prefix="duizhao-bench-"))
        path = tmp / "lib.db"
        lib = open_library(str(path))

        def size() -> int:
            return sum(p.stat().st_size for p in tmp.glob(path.name + "*"))

        bulk = bulk_sqlite
    else:
        url = server.url(kept["db"]) if kept else server.create_database("bench")
        lib = open_library(url)
        size = lib.size_bytes
        bulk = bulk_postgres
    have, ndocs, build_s = kept.get("units", 0), kept.get("bulk_docs", 0), kept.get("bulk_build_s", 0.0)
    bulk_units, runs = kept.get("bulk_units", 0), kept.get("runs", 0)
    doc_ids: list[str] = []
    if kept:
        cur = lib.cursor()
        cur.execute("SELECT id FROM documents ORDER BY id")
        doc_ids = [r[0] for r in cur.fetchall()]
        # a restarted cluster starts with empty buffers (and the OS may have dropped its cache), where
        # a freshly built one holds what the build wrote: read every table and index in, largest
        # first, so the small hot ones (primary keys, the lists) are the last in and stay when the
        # database outgrows shared_buffers
        cur.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
        cur.execute(
            "SELECT pg_prewarm(c.oid) FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace"
            " AND c.relkind IN ('r', 'i', 'm') ORDER BY pg_relation_size(c.oid) DESC"
        )
    try:
        for n in sizes:
            if kept and have > n + sample * (runs + 1):
                # a kept library past this size cannot be measured at it (its figures would be the big
                # library's, filed under the small size): the earlier figures for this size stay
                print(f"{backend}: kept library holds {have} units, more than {n}: size skipped", file=sys.stderr)
                continue
            want = n - have
            built_now = want > 0 or not kept
            if want > 0:
                docs = list(synthetic_docs(pairs, want, seed=7, first=ndocs))
                t = time.perf_counter()
                bulk(lib, docs)
                step = time.perf_counter() - t
                build_s += step
                doc_ids += [d.id for d in docs]
                ndocs += len(docs)
                have += want
                bulk_units += want
                print(f"{backend}: bulk {want} units in {step:.0f} s", file=sys.stderr, flush=True)
            r: dict[str, Any] = {"units": have, "documents": len(doc_ids), "bulk_build_s": round(build_s, 1),
                                 "bulk_units_per_s": round(bulk_units / build_s, 1) if build_s else None}  # fmt: skip
            if kept:
                r["kept_run"] = runs + 1  # a reused library: bulk figures are those of its build
            # a reused library was optimized when built, and ingest's maintain() kept it current since
            r.update(optimize(lib) if built_now else {"optimize": "kept"})
            r.update(measure_search(lib, queries))
            r.update(measure_pages(lib, doc_ids))
            r["disk_bytes"] = size()
            # new text on every run of a kept library (the same documents again would be "unchanged")
            sample_docs = list(synthetic_docs(pairs, sample, seed=1000 + n + 7919 * runs))
            r.update(measure_ingest(lib, sample_docs))
            doc_ids += [d.id for d in sample_docs]
            have += sample
            results[f"{backend}_{n}"] = r
            print(backend, n, json.dumps(r), file=sys.stderr, flush=True)
        if keep is not None and backend == "postgresql":
            state = {"db": lib.url.rsplit("/", 1)[-1], "units": have, "bulk_docs": ndocs, "bulk_units": bulk_units,
                     "bulk_build_s": build_s, "runs": runs + 1}  # fmt: skip
            server_root = Path(getattr(server, "root", keep))
            (server_root / "bench.json").write_text(json.dumps(state))
    finally:
        lib.close()
        if backend == "sqlite":
            for p in tmp.glob("*"):
                p.unlink()
            tmp.rmdir()
    return results


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--units", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--backends", nargs="+", default=["sqlite", "postgresql"])
    ap.add_argument("--sample", type=int, default=10_000, help="units ingested through add_document at each size")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--keep", type=Path, help="keep the PostgreSQL cluster in DIR and reuse it on the next run")
    args = ap.parse_args()
    from search import sample_queries  # bench/search.py: the search benchmark's query set

    queries = sample_queries(dev_docs(), args.queries)
    sizes = sorted(args.units)
    results: dict[str, Any] = {}
    server = None
    try:
        for backend in args.backends:
            if backend == "postgresql" and server is None:
                server = pg_server(args.keep)
            results.update(run_backend(backend, sizes, args.sample, queries, server, args.keep))
    finally:
        if server is not None:
            stop_server(server, args.keep)
    for n in sizes:
        s, p = results.get(f"sqlite_{n}"), results.get(f"postgresql_{n}")
        if s and p:
            results[f"pg_vs_sqlite_ingest_{n}"] = round(s["ingest_units_per_s"] / p["ingest_units_per_s"], 2)
    results["command"] = (
        f"python bench/storage.py --units {' '.join(map(str, sizes))} --backends {' '.join(args.backends)}"
        f" --sample {args.sample} --queries {args.queries}" + (f" --keep {args.keep}" if args.keep else "")
    )
    previous = json.loads(RESULTS.read_text()).get("storage", {}) if RESULTS.exists() else {}
    merged = {k: v for k, v in previous.items() if not k.startswith("_")}
    merged.update(results)
    # the curve over every size on record (this run's and earlier runs' of the sizes it did not measure)
    for backend in ("sqlite", "postgresql"):
        curve = sorted((int(k.rsplit("_", 1)[1]), v) for k, v in merged.items()
                       if k.startswith(f"{backend}_") and k.rsplit("_", 1)[1].isdigit())  # fmt: skip
        if curve:
            merged[f"{backend}_growth"] = {
                str(n): {k: r[k] for k in ("units", "search_ms_p50", "search_ms_p95", "page_ms_p95", "disk_bytes",
                                           "ingest_units_per_s") if k in r}  # fmt: skip
                for n, r in curve
            }
    record("storage", merged)


if __name__ == "__main__":
    main()
