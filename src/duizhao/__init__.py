"""duizhao."""

import logging
import os

# One OpenBLAS thread per process unless told otherwise (before anything imports numpy): the dense
# scan is one vector × matrix product per query, and with other work on the cores (parallel queries,
# ingest workers, other processes) waking a second BLAS thread cost more than it saved: the scan at
# 19k vectors took 2–3× as long with two threads here (bench/crosslingual.py "latency", README).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

# jieba sets its own logger to DEBUG when imported and tells stderr about loading its dictionary
# ("Building prefix dict …") in whichever command first segments text; stderr is for our one-line
# errors. A filter on its logger outlives jieba's setLevel.
logging.getLogger("jieba").addFilter(lambda record: record.levelno >= logging.WARNING)

__version__ = "0.1.0"
