"""duizhao."""

import os

# One OpenBLAS thread per process unless told otherwise (before anything imports numpy): the dense
# scan is one vector × matrix product per query, and with other work on the cores (parallel queries,
# ingest workers, other processes) waking a second BLAS thread cost more than it saved: the scan at
# 19k vectors took 2–3× as long with two threads here (bench/crosslingual.py "latency", README).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

__version__ = "0.1.0"
