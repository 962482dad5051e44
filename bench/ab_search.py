"""Search cost of one checkout on a kept synthetic library, for comparing two checkouts in the same
conditions (run them alternately: on this shared VM wall times swing ~2× between runs):

    git archive <rev> | tar -x -C /tmp/old
    PYTHONPATH=/tmp/old/src .venv/bin/python bench/ab_search.py /tmp/synth/syn-1000000-both.db
    .venv/bin/python bench/ab_search.py /tmp/synth/syn-1000000-both.db

The library is one bench/search.py built and kept (`--keep /tmp/synth`). 200 of its queries
(sample_queries), whole search() calls with snippets, dense off (`--filtered`: each with a source and a
date filter); prints which code ran, CPU p50/p95/mean
and wall p95 (ms). Records nothing.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import duizhao  # noqa: E402 - first, so PYTHONPATH decides which checkout is measured
from duizhao.search import search  # noqa: E402
from duizhao.store import open_library  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import dev_docs  # noqa: E402
from search import sample_queries, timed_searches  # noqa: E402


def main() -> None:
    lib = open_library(sys.argv[1])
    queries = sample_queries(dev_docs(), 200)
    # --filtered: each query with a source and a date filter (bench/search_same.py's filtered case)
    filters = {"source": "Xinhua", "date_from": "2018-01-01"} if "--filtered" in sys.argv[2:] else {}
    search(lib, "warm up 热身", dense=False)
    wall, cpu = timed_searches(lib, queries, limit=10, dense=False, **filters)
    cpu.sort()
    wall.sort()
    print(f"{Path(duizhao.__file__).parents[1]}: CPU p50 {cpu[100] * 1000:.2f} p95 {cpu[190] * 1000:.2f} "
          f"mean {sum(cpu) / len(cpu) * 1000:.2f} ms | wall p95 {wall[190] * 1000:.2f} ms")


if __name__ == "__main__":
    main()
