"""Parse + store throughput over ≥ 2,000 documents in the interleaved layout, made from the WMT17
dev data (each document cut into several overlapping windows so there are enough distinct files),
and where the time goes, stage by stage."""
from __future__ import annotations

import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import dev_docs, record  # noqa: E402

from duizhao.layouts import parse_source  # noqa: E402
from duizhao.pipeline import analyse, check  # noqa: E402
from duizhao.read import read_file  # noqa: E402
from duizhao.store import open_library  # noqa: E402

TARGET_DOCS = 2000


def write_corpus(folder: Path) -> tuple[int, int]:
    docs = dev_docs()
    n = total = 0
    window = 8
    while n < TARGET_DOCS:
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
            if n >= TARGET_DOCS:
                break
    return n, total


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="duizhao-bench-"))
    try:
        corpus = work / "corpus"
        corpus.mkdir()
        n, size = write_corpus(corpus)
        lib = open_library(work / "bench.db")
        stages = {"read": 0.0, "layout": 0.0, "align": 0.0, "check": 0.0, "store": 0.0}
        start = time.perf_counter()
        stored = 0
        for path in sorted(corpus.iterdir()):
            t0 = time.perf_counter()
            src = read_file(path)
            t1 = time.perf_counter()
            doc = parse_source(src)
            doc.path = path.name
            t2 = time.perf_counter()
            analyse(doc)
            t3 = time.perf_counter()
            findings = check(doc)
            t4 = time.perf_counter()
            if lib.add_document(doc, findings) == "ingested":
                stored += 1
            t5 = time.perf_counter()
            for k, a, b in (("read", t0, t1), ("layout", t1, t2), ("align", t2, t3), ("check", t3, t4), ("store", t4, t5)):
                stages[k] += b - a
        elapsed = time.perf_counter() - start
        units = lib.stats()["units"]
        lib.close()
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        result = {
            "documents": n,
            "stored": stored,
            "units": units,
            "megabytes": round(size / 1e6, 2),
            "seconds": round(elapsed, 2),
            "documents_per_s": round(n / elapsed, 1),
            "mb_per_s": round(size / 1e6 / elapsed, 3),
            "peak_rss_mb": round(peak_mb, 1),
            "target_documents_per_s": 200,
            "share_of_time": {k: round(v / elapsed, 3) for k, v in stages.items()},
        }
        record("ingest", result)
        print(result)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
