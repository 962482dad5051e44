"""CLI start-up: how long `duizhao list` and `duizhao show ID` take, process start to exit, on the demo library.

The demo library (scripts/demo.py: the repo's demo/ documents plus ../shared/seeds when present) is
built in a temporary folder; each command then runs RUNS times as a fresh process through the
installed console script (`duizhao`, next to this Python). Reported: median and p90 wall time, and
the median CPU time (user + system) of the child, which a busy shared machine inflates less than
the wall time. With `--src DIR`, the code under DIR/src is measured instead (to compare a branch
with another checkout: `bench/startup.py --src /work/main`).

Run: .venv/bin/python bench/startup.py   (results under "startup" in bench/results.json)
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from common import SEEDS, cpu_ticks, record, steal_share  # noqa: E402

RUNS = 15


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, child CPU seconds) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure(src: Path, runs: int) -> dict[str, object]:
    exe = str(Path(sys.executable).with_name("duizhao"))
    env = {**os.environ, "PYTHONPATH": str(src / "src")}
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "demo.db")
        subprocess.run(
            [sys.executable, str(HERE.parent / "scripts" / "demo.py"), "--db", db],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        if SEEDS.is_dir():  # demo.py looks for them beside the checkout it runs from; a worktree has none there
            subprocess.run([exe, "--db", db, "ingest", str(SEEDS)], env=env, check=True, stdout=subprocess.DEVNULL)
        listed = subprocess.run([exe, "--db", db, "list", "--json"], env=env, check=True, capture_output=True, text=True)
        docs = json.loads(listed.stdout)
        doc_id = docs[0]["id"]  # the newest
        out: dict[str, object] = {"documents": len(docs), "runs": runs}
        ticks = cpu_ticks()
        for name, args in (("list", ["list"]), ("show", ["show", doc_id])):
            timed([exe, "--db", db, *args], env)  # a first run warms the page cache
            walls, cpus = [], []
            for _ in range(runs):
                wall, cpu = timed([exe, "--db", db, *args], env)
                walls.append(wall)
                cpus.append(cpu)
            walls.sort()
            out[f"{name}_wall_median_s"] = round(statistics.median(walls), 3)
            out[f"{name}_wall_p90_s"] = round(walls[int(0.9 * (len(walls) - 1))], 3)
            out[f"{name}_cpu_median_s"] = round(statistics.median(cpus), 3)
        out["steal_share"] = steal_share(ticks, cpu_ticks())
        out["load_average_1min"] = round(os.getloadavg()[0], 2)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, default=HERE.parent, help="checkout whose src/ to measure")
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--no-record", action="store_true", help="print only (for a comparison run)")
    args = parser.parse_args()
    values = measure(args.src.resolve(), args.runs)
    values["code"] = str(args.src.resolve())
    for k, v in values.items():
        print(f"{k:24} {v}")
    if not args.no_record:
        record("startup", values)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
