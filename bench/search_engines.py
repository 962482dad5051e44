"""tantivy (tantivy-py) against today's SQLite index as the embedded backend's engine, over the same
analyzer tokens (issue 26): ingest, disk, crash safety, several writing processes. Run by
bench/search_refactor.py (which records the figures); `search_engines.py LIB.db OUT.json` on a
library bench/search_same.py built. Query latency comes from bench/search.py's tantivy peer (the
first stage alone: its top 200 by its own BM25, no re-scoring, no snippets).

Ingest: the library's rows (doc_id, unit_id, side, ntok, tokens: analysis excluded, the same for
both), one commit per document as `add_document` commits, then the upkeep each needs (ours: champion
lists and bitmaps, sqlite_index.maintain; tantivy: waiting for its merges).
Crash: a writer killed with SIGKILL mid-ingest, then reopened: does it open, is what it holds a
prefix of whole commits. With tantivy beside SQLite (both written per document, SQLite first), the
trials where the two disagree after the kill. Writers: two processes adding documents at once.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import tantivy  # noqa: E402

from duizhao.search import sqlite_index  # noqa: E402
from duizhao.store import open_library  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import dev_docs  # noqa: E402
from search import sample_queries, tantivy_peer  # noqa: E402

TRIALS = 5


def rows_by_doc(path: str) -> list[list[tuple]]:
    lib = open_library(path)
    got = lib.conn.execute("SELECT doc_id, unit_id, side, ntok, tokens FROM search_rows ORDER BY id").fetchall()
    lib.close()
    docs: list[list[tuple]] = []
    for r in got:
        if not docs or docs[-1][0][0] != r[0]:
            docs.append([])
        docs[-1].append(tuple(r))
    return docs


def schema() -> Any:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("tokens", stored=False, tokenizer_name="whitespace", index_option="position")
    sb.add_text_field("key", stored=True, tokenizer_name="raw")
    return sb.build()


def size(path: Path) -> int:
    if path.is_dir():
        return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*") if p.is_file())


def ours_ingest(docs: list[list[tuple]], target: Path, limit: int | None = None) -> dict:
    lib = open_library(target)
    sqlite_index.analyzer_mode(lib)
    t0 = time.perf_counter()
    for rows in docs[:limit]:
        with lib.transaction() as cur:
            sqlite_index.insert_rows(cur, rows)
    ingest = time.perf_counter() - t0
    t1 = time.perf_counter()
    lib.search_index.maintain(lib)
    upkeep = time.perf_counter() - t1
    lib.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    lib.close()
    return {"ingest_s": round(ingest, 1), "upkeep_s": round(upkeep, 1), "disk_mb": round(size(target) / 1e6, 1)}


def tantivy_ingest(docs: list[list[tuple]], target: Path, limit: int | None = None) -> dict:
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    sch = schema()
    index = tantivy.Index(sch, path=str(target))
    writer = index.writer(heap_size=50_000_000, num_threads=1)
    t0 = time.perf_counter()
    for rows in docs[:limit]:
        for r in rows:
            writer.add_document(tantivy.Document(tokens=r[4], key=f"{r[0]}\x00{r[1]}\x00{r[2]}"))
        writer.commit()
    ingest = time.perf_counter() - t0
    t1 = time.perf_counter()
    writer.wait_merging_threads()
    upkeep = time.perf_counter() - t1
    return {"ingest_s": round(ingest, 1), "upkeep_s": round(upkeep, 1), "disk_mb": round(size(target) / 1e6, 1)}


def writer_child(kind: str, target: str, src: str, start: int, count: int) -> None:
    """Adds documents start..start+count, one commit each; prints a line after each commit."""
    docs = rows_by_doc(src)[start : start + count]
    if kind in ("tantivy", "both"):
        tdir = target + ".tantivy" if kind == "both" else target
        Path(tdir).mkdir(parents=True, exist_ok=True)
        index = tantivy.Index(schema(), path=tdir)
        writer = index.writer(heap_size=15_000_000, num_threads=1)
    lib = open_library(target) if kind in ("sqlite", "both") else None
    for i, rows in enumerate(docs):
        if lib is not None:
            with lib.transaction() as cur:
                sqlite_index.insert_rows(cur, [(f"w{start + i}", *r[1:]) for r in rows])
        if kind in ("tantivy", "both"):
            for r in rows:
                writer.add_document(tantivy.Document(tokens=r[4], key=f"w{start + i}\x00{r[1]}\x00{r[2]}"))
            writer.commit()
        print(i + 1, flush=True)


def child(args: list[str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, __file__, "child", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=os.environ)  # fmt: skip


def held(kind: str, target: Path) -> tuple[int, bool]:
    """(documents held, opened cleanly) after a crash."""
    try:
        if kind == "tantivy":
            index = tantivy.Index.open(str(target))
            index.reload()
            s = index.searcher()
            keys = {d["key"][0].split("\x00")[0] for d in
                    (s.doc(a) for _, a in s.search(tantivy.Query.all_query(), 100_000).hits)}  # fmt: skip
            return len(keys), True
        lib = open_library(target)
        ok = lib.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        n = lib.conn.execute("SELECT COUNT(DISTINCT doc_id) FROM search_rows").fetchone()[0]
        stats_ok = sqlite_index.stats(lib)[0] == lib.conn.execute("SELECT COUNT(*) FROM search_rows").fetchone()[0]
        lib.close()
        return int(n), ok and stats_ok
    except Exception as e:  # noqa: BLE001 - a store that cannot be reopened is the finding
        print(f"{kind}: reopen failed: {e}", file=sys.stderr)
        return -1, False


def crash(src: str, tmp: Path) -> dict:
    out: dict[str, Any] = {}
    for kind in ("sqlite", "tantivy", "both"):
        opened, prefix, disagree = 0, 0, 0
        for trial in range(TRIALS):
            target = tmp / f"crash-{kind}-{trial}" / ("lib.db" if kind != "tantivy" else "ix")
            shutil.rmtree(target.parent, ignore_errors=True)
            target.parent.mkdir(parents=True)
            p = child([kind, str(target), src, "0", "400"])
            assert p.stdout is not None
            done = 0
            while done < 20 + 7 * trial:  # killed at a different point each trial
                line = p.stdout.readline()
                if not line:
                    break
                done = int(line)
            time.sleep(random.Random(trial).uniform(0, 0.06))  # anywhere in a document's commits
            p.send_signal(signal.SIGKILL)
            p.wait()
            if kind == "both":
                a, ok_a = held("sqlite", target)
                b, ok_b = held("tantivy", Path(str(target) + ".tantivy"))
                opened += ok_a and ok_b
                prefix += done <= min(a, b)
                disagree += a != b
            else:
                n, ok = held(kind, target)
                opened += ok
                prefix += n >= done  # every commit acknowledged before the kill survived
        out[kind] = {"trials": TRIALS, "reopened_clean": opened, "acknowledged_commits_kept": prefix,
                     **({"sqlite_and_tantivy_disagree": disagree} if kind == "both" else {})}  # fmt: skip
    return out


def writers(src: str, tmp: Path) -> dict:
    out = {}
    for kind in ("sqlite", "tantivy"):
        target = tmp / f"two-{kind}" / ("lib.db" if kind == "sqlite" else "ix")
        shutil.rmtree(target.parent, ignore_errors=True)
        target.parent.mkdir(parents=True)
        if kind == "sqlite":
            open_library(target).close()
        procs = [child([kind, str(target), src, str(s), "30"]) for s in (0, 30)]
        results = [p.communicate() for p in procs]
        codes = [p.returncode for p in procs]
        out[kind] = {"processes": 2, "succeeded": sum(c == 0 for c in codes), "documents_held": held(kind, target)[0],
                     "error": next((e.strip().splitlines()[-1] for (_o, e), c in zip(results, codes, strict=True) if c),
                                   None)}  # fmt: skip
    return out


def main() -> int:
    if sys.argv[1] == "child":
        writer_child(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), int(sys.argv[6]))
        return 0
    src, target = sys.argv[1], Path(sys.argv[2])
    tmp = target.parent / (target.stem + "-work")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    docs = rows_by_doc(src)
    res = {"documents": len(docs), "rows": sum(map(len, docs))}
    res["ours"] = ours_ingest(docs, tmp / "ours.db")
    res["tantivy"] = tantivy_ingest(docs, tmp / "ours.db.tantivy")
    lib = open_library(src)
    peer = tantivy_peer(lib, sample_queries(dev_docs(), 200), sqlite_index.analyzer_mode(lib), tmp)
    lib.close()
    res["tantivy_first_stage_query"] = {k: peer[k] for k in ("p50_ms", "p95_ms", "cpu_p95_ms", "build_s", "index_mb")}
    res["crash"] = crash(src, tmp)
    res["writers"] = writers(src, tmp)
    target.write_text(json.dumps(res, indent=1), encoding="utf-8")
    shutil.rmtree(tmp, ignore_errors=True)
    print(json.dumps(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
