"""Web benchmark: page render times in process, then a bounded load test against `duizhao serve`.

1. p50/p95 of GET /doc/{id} for the largest seed and for a 500-unit document (built from the dev
   data's aligned segments), in process through httpx's ASGI transport (render only, no network).
   Each with the CPU time per request (the machine is shared: wall time includes waiting for a core).
   The 500-unit page is measured warm (the reading view cache holds it) and cold (cache emptied
   before every request: parse + rows + HTML).
2. 20 concurrent clients for 30 s against `duizhao serve` on 127.0.0.1 with 1 and with 2 workers,
   alternating search and document pages: requests/s, p50/p95 latency, errors, and the server's
   CPU seconds per request (from /proc), and the share of the machine's CPU time the hypervisor took
   for other machines during the run ("steal": this VM's two cores are not always two whole cores). Bounded: fixed duration, per-request timeout. With wrk
   (when installed) also: the document page, one search repeated ("Russia": the kept result pages
   answer it) and a search with a different query every request (~36,000 distinct 1–3-word queries
   from the dev data: every request searches; "repeated_requests" says how many came round again
   when the server answered more requests than there are queries), each for --seconds.

    .venv/bin/python bench/web.py [--clients 20] [--seconds 30] [--workers 1,2] [--renders 100] [--area web]
"""
from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import SEEDS, cpu_ticks, dev_docs, record, steal_share  # noqa: E402

from duizhao.model import Document, Unit  # noqa: E402
from duizhao.pipeline import analyse, check, ingest  # noqa: E402
from duizhao.store import open_library  # noqa: E402
from duizhao.web import create_app  # noqa: E402

QUERIES = ["Russia", "普京", "sanctions", "中俄关系", "Ukraine peace", "外交", "trade", "Putin Xi", "能源", "NATO"]


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def big_document() -> Document:
    """500 bilingual units from the dev data (zh[i] and en[i] translate each other)."""
    units: list[Unit] = []
    for d in dev_docs():
        for zh, en in zip(d["zh"], d["en"], strict=False):
            units.append(Unit(id=f"u{len(units) + 1}", kind="paragraph", zh=zh, en=en))
            if len(units) == 500:
                break
        if len(units) == 500:
            break
    doc = Document(id="b500b500b500b500", path="bench-500.txt", title={"zh": "五百段", "en": "Five hundred units"},
                   authors=["Bench Mark"], source="Bench", published="2020-01-01", units=units)
    return analyse(doc)


def render_times(app: Any, url: str, n: int, cold: bool = False) -> dict[str, float]:
    """Wall p50/p95 and mean CPU (this process, all threads) per request; `cold` empties the caches first."""

    async def go() -> tuple[list[float], float]:
        times = []
        cpu = 0.0
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench") as c:
            r = await c.get(url)
            assert r.status_code == 200, (url, r.status_code)
            for _ in range(n):
                if cold:
                    app.state.web.caches.clear()
                c0 = time.process_time()
                t = time.perf_counter()
                r = await c.get(url)
                times.append((time.perf_counter() - t) * 1000)
                cpu += time.process_time() - c0
                assert r.status_code == 200
        return times, cpu

    times, cpu = asyncio.run(go())
    return {"p50_ms": round(pct(times, 50), 2), "p95_ms": round(pct(times, 95), 2),
            "cpu_ms_mean": round(cpu / n * 1000, 2), "n": n}


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process and its children (uvicorn's workers), from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        this, parent = int(stat.parent.name), int(fields[1])
        if this == pid or parent == pid:
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def load(base: str, doc_ids: list[str], clients: int, seconds: float) -> dict[str, Any]:
    lat: dict[str, list[float]] = {"search": [], "document": []}
    errors = 0
    deadline = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async def worker(i: int, c: httpx.AsyncClient) -> None:
        nonlocal errors
        k = i
        while time.monotonic() < deadline:
            k += 1
            kind = "search" if k % 2 else "document"
            url = f"/search?q={QUERIES[k % len(QUERIES)]}" if kind == "search" else f"/doc/{doc_ids[k % len(doc_ids)]}"
            t = time.perf_counter()
            try:
                r = await c.get(url)
                if r.status_code != 200:
                    errors += 1
            except httpx.HTTPError:
                errors += 1
                continue
            lat[kind].append((time.perf_counter() - t) * 1000)

    async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as c:
        start = time.monotonic()
        cpu0 = time.process_time()
        await asyncio.gather(*(worker(i, c) for i in range(clients)))
        elapsed = time.monotonic() - start
        client_cpu = time.process_time() - cpu0
    total = sum(len(v) for v in lat.values())
    out: dict[str, Any] = {"clients": clients, "seconds": round(elapsed, 1), "requests": total + errors,
                           "errors": errors, "requests_per_s": round(total / elapsed, 1),
                           # the load generator is Python too and shares the 2 cores with the server
                           "client_cpu_ms_per_request": round(client_cpu / max(1, total + errors) * 1000, 2)}
    for kind, values in lat.items():
        if values:
            out[kind] = {"p50_ms": round(pct(values, 50), 1), "p95_ms": round(pct(values, 95), 1), "n": len(values)}
    return out


WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("DUIZHAO %d %d %.3f %.3f %.3f %d %d %d %d %d\\n", summary.requests,
    e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    e.connect, e.read, e.write, e.status, e.timeout))
end
"""


WRK_PATHS = """
local counter = 0
setup = function(thread)
  thread:set("id", counter)
  counter = counter + 1
end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[((i * 2 + id) % #paths) + 1])
end
"""


def wrk_load(url: str, clients: int, seconds: float, paths: list[str] | None = None) -> dict[str, Any] | None:
    """The same load from wrk (C, a few % of a core): what the server does when the load generator
    does not compete with it for the two cores. None when wrk is not installed.
    paths: ask these in turn (two wrk threads interleaved, so each is asked once per round) instead
    of `url`'s path."""
    exe = shutil.which("wrk")
    if not exe:
        return None
    script = Path(tempfile.mkdtemp(prefix="duizhao-wrk-")) / "p95.lua"
    text = WRK_SCRIPT
    if paths:
        quoted = ",\n".join('"' + p.replace("\\", "\\\\").replace('"', '\\"') + '"' for p in paths)
        text = "paths = {\n" + quoted + "\n}\n" + WRK_PATHS + WRK_SCRIPT
    script.write_text(text)
    p = subprocess.run([exe, "-t2", f"-c{clients}", f"-d{int(seconds)}s", "-s", str(script), url],
                       capture_output=True, text=True, timeout=seconds + 60)
    line = next((x for x in p.stdout.splitlines() if x.startswith("DUIZHAO ")), None)
    if line is None:
        return None
    n, errors, p50, p95, p99, *kinds = line.split()[1:]
    out: dict[str, Any] = {"requests": int(n), "errors": int(errors), "requests_per_s": round(int(n) / seconds, 1),
                           "p50_ms": float(p50), "p95_ms": float(p95), "p99_ms": float(p99)}
    if int(errors):  # wrk's kinds: a timeout is a request unanswered after 2 s (wrk's default)
        out["errors_by_kind"] = {k: int(v) for k, v in zip(("connect", "read", "write", "status", "timeout"), kinds, strict=True) if int(v)}
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--clients", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--renders", type=int, default=100)
    ap.add_argument("--workers", default="1,2", help="comma-separated worker counts, one load run each")
    ap.add_argument("--area", default="web", help="the results.json key to record under (e.g. for a baseline: "
                    "PYTHONPATH=<an older checkout>/src python bench/web.py --area web_baseline)")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="duizhao-bench-web-"))
    db = tmp / "bench.db"
    lib = open_library(db)
    seeds = sorted(SEEDS.glob("*.txt"), key=lambda p: p.stat().st_size)
    ingest(lib, seeds)
    largest = next(d["id"] for d in lib.list_documents() if d["path"] == seeds[-1].name)
    big = big_document()
    lib.add_document(big, check(big))
    doc_ids = [d["id"] for d in lib.list_documents()]
    lib.close()

    from search import sample_queries  # bench/search.py: 1–3-word queries from the dev data

    distinct = ["/search?q=" + urllib.parse.quote(q) for q in dict.fromkeys(sample_queries(dev_docs(), 100_000))]
    app = create_app(str(db))
    results: dict[str, Any] = {
        "render_largest_seed": {"doc": seeds[-1].name, "units": len(open_library(db).get_document(largest).units),
                                **render_times(app, f"/doc/{largest}", args.renders)},
        "render_500_units": render_times(app, f"/doc/{big.id}", max(20, args.renders // 4)),
        "render_500_units_cold": render_times(app, f"/doc/{big.id}", max(10, args.renders // 10), cold=True),
        "render_library": render_times(app, "/", args.renders),
        "render_search": render_times(app, "/search?q=Russia", args.renders),
    }
    app.state.web.close()
    print({k: v for k, v in results.items()}, flush=True)

    exe = Path(sys.executable).with_name("duizhao")
    for workers in [int(w) for w in args.workers.split(",") if w.strip()]:
        port = free_port()
        proc = subprocess.Popen([str(exe), "--db", str(db), "serve", "--port", str(port), "--log-level", "error",
                                 "--workers", str(workers)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(400):
                try:
                    urllib.request.urlopen(base + "/static/style.css", timeout=2).read()
                    break
                except OSError:
                    time.sleep(0.3)
            time.sleep(1.0 if workers > 1 else 0.0)  # let every worker finish its warm-up
            cpu0, ticks = cpu_seconds(proc.pid), cpu_ticks()
            out = asyncio.run(load(base, doc_ids, args.clients, args.seconds))
            cpu = cpu_seconds(proc.pid) - cpu0
            out["steal_share"] = steal_share(ticks, cpu_ticks())
            out["workers"] = workers
            out["server_cpu_s"] = round(cpu, 1)
            out["server_cpu_ms_per_request"] = round(cpu / max(1, out["requests"]) * 1000, 2)
            runs = {
                "document": (f"{base}/doc/{largest}", None),
                "search": (f"{base}/search?q=Russia", None),
                # every request a different query: what the kept result pages (web/search.py) cannot help
                "search_distinct_queries": (base, distinct),
            }
            wrk = {}
            for name, (url, paths) in runs.items():
                ticks, server = cpu_ticks(), cpu_seconds(proc.pid)
                got = wrk_load(url, args.clients, args.seconds, paths)
                if got:
                    got["server_cpu_ms_per_request"] = round((cpu_seconds(proc.pid) - server) / max(1, got["requests"]) * 1000, 2)
                    got["steal_share"] = steal_share(ticks, cpu_ticks())
                    if paths:  # more requests than paths: some were asked twice, and the second found a kept page
                        got["distinct_paths"], got["repeated_requests"] = len(paths), max(0, got["requests"] - len(paths))
                wrk[name] = got
            if any(wrk.values()):
                out["wrk"] = wrk
        finally:
            proc.terminate()
            proc.wait(timeout=20)
        results["load" if workers == 1 else f"load_{workers}_workers"] = out
        print(out, flush=True)
    results["load_avg_1min"] = round(os.getloadavg()[0], 1)
    results["code"] = str(Path(__import__("duizhao").__file__).parent)
    record(args.area, results)


if __name__ == "__main__":
    main()
