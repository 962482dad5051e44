"""The search refactor of issue 26 measured against the code before it, side by side in one run.

Old code: `git archive` of BASE (the last commit before the refactor) into a temporary folder. Libraries:
synthetic ones of 10k and 100k units (bench/search_same.py build: bench/search.py's generator, with
champion lists, posting bitmaps and a tail of 300 unmerged units). Per library:
- identical output: bench/search_same.py dumps 1,105 searches (200 sampled queries × filters, sides,
  pages, grouping; whole sentences; operators) from each checkout and compares them byte for byte;
- latency: bench/ab_search.py (200 queries, whole search() calls with snippets, dense off), old and
  new alternately, ROUNDS times each (this shared VM's wall times swing ~2× between runs): CPU p50/p95
  and wall p95 in ms, the median of the rounds; "filtered": the same with a source and a date filter.
- engines (bench/search_engines.py): tantivy against today's SQLite index as the embedded engine over
  the same tokens: ingest, disk, crash safety, two writing processes, tantivy's first-stage latency
  (with --no-engines the last run's figures are carried over, with the date they were measured).
Also the size of search/ (lines of its .py files, in all and per file: [before, after]) before and after, with --demo LIB the identity
of the dumps on another library (the demo one), and under "earlier" the figures of the steps before
(each against its own base).

With --pg URL (a PostgreSQL library, e.g. the 1M one bench/storage.py --keep leaves) the same side-by-side
latency there, under --pg-label.

Usage: .venv/bin/python bench/search_refactor.py [--base COMMIT] [--pg URL] [--keep DIR] [--sizes 10000,100000] [--demo LIB.db]
Records area "search_refactor" in bench/results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
from common import RESULTS, record  # noqa: E402

BASE = "3bc0da9"  # main before this step of the refactor (issue 26, fifth session); --base names another
ROUNDS = 5
LINE = re.compile(r"CPU p50 ([\d.]+) p95 ([\d.]+) mean ([\d.]+) ms \| wall p95 ([\d.]+) ms")


def old_checkout(into: Path, base: str) -> Path:
    archive = into / "old.tar"
    with open(archive, "wb") as f:
        subprocess.run(["git", "-C", str(REPO), "archive", base, "src"], stdout=f, check=True)
    with tarfile.open(archive) as t:
        t.extractall(into / "old", filter="data")
    return into / "old" / "src"


def lines(src: Path) -> dict[str, int]:
    """Lines of each .py file of search/."""
    return {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in sorted((src / "duizhao" / "search").glob("*.py"))}


def run(src: Path, *args: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(src), "OMP_WAIT_POLICY": "PASSIVE"}
    got = subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, check=True)
    return got.stdout


def identical(lib: Path, old: Path, new: Path, tmp: Path, tag: str) -> str:
    """bench/search_same.py's dumps of both checkouts on `lib`, compared: its summary line."""
    dumps = []
    for name, src in (("old", old), ("new", new)):
        dumps.append(tmp / f"{name}-{tag}.json")
        run(src, str(HERE / "search_same.py"), "dump", str(lib), str(dumps[-1]))
    same = subprocess.run([sys.executable, str(HERE / "search_same.py"), "compare", *map(str, dumps)],
                          capture_output=True, text=True)  # fmt: skip
    return same.stdout.strip().splitlines()[0]


def side_by_side(lib: str, old: Path, new: Path, *flags: str) -> dict:
    """bench/ab_search.py on `lib` with each checkout, alternately, ROUNDS times: the median figures."""
    times: dict[str, list[tuple[float, ...]]] = {"old": [], "new": []}
    for _ in range(ROUNDS):
        for name, src in (("old", old), ("new", new)):
            m = LINE.search(run(src, str(HERE / "ab_search.py"), lib, *flags))
            assert m, "ab_search.py printed no figures"
            times[name].append(tuple(float(x) for x in m.groups()))
    return {
        name: {key: round(statistics.median(t[i] for t in got), 2) for i, key in enumerate(("cpu_p50_ms", "cpu_p95_ms", "cpu_mean_ms", "wall_p95_ms"))}
        for name, got in times.items()
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--keep", type=Path, help="keep (and reuse) the synthetic libraries in this folder")
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--demo", type=Path, help="also compare the dumps on this library")
    ap.add_argument("--pg", help="also time both checkouts on this PostgreSQL library (a URL; e.g. bench/storage.py --keep's)")
    ap.add_argument("--pg-label", default="postgresql", help="the key its figures are recorded under")
    ap.add_argument("--base", default=BASE, help="the commit the old code is taken from")
    ap.add_argument("--no-engines", action="store_true", help="skip bench/search_engines.py")
    ap.add_argument("--notes", type=Path, help="a JSON object merged into the record (figures measured apart)")
    args = ap.parse_args()
    new = REPO / "src"
    # the area's last figures: engines carried over with --no-engines (dated), earlier steps kept
    prev = json.loads(RESULTS.read_text(encoding="utf-8")).get("search_refactor", {}) if RESULTS.exists() else {}
    with tempfile.TemporaryDirectory() as tmp_:
        tmp = Path(tmp_)
        old = old_checkout(tmp, args.base)
        folder = args.keep or tmp
        folder.mkdir(parents=True, exist_ok=True)
        before, after = lines(old), lines(new)
        per_file = {f: [before.get(f, 0), after.get(f, 0)] for f in sorted(before.keys() | after.keys())}
        out: dict = {"base": args.base, "search_lines": {"before": sum(before.values()), "after": sum(after.values()), "per_file": per_file}}
        if args.demo:
            out["demo"] = {"compare": identical(args.demo, old, new, tmp, "demo")}
        for n in (int(x) for x in args.sizes.split(",")):
            lib = folder / f"same-{n}.db"
            if not lib.exists():
                run(new, str(HERE / "search_same.py"), "build", str(lib), str(n))
            res: dict = {"compare": identical(lib, old, new, tmp, str(n))}
            res["identical_output"] = res["compare"].split(", ")[1].startswith("0 differ")
            res.update(side_by_side(str(lib), old, new))
            res["filtered"] = side_by_side(str(lib), old, new, "--filtered")
            if not args.no_engines:
                eng = tmp / f"engines-{n}.json"
                run(new, str(HERE / "search_engines.py"), str(lib), str(eng))
                res["engines"] = json.loads(eng.read_text(encoding="utf-8"))
            elif prev.get(str(n), {}).get("engines"):
                res["engines"] = {**prev[str(n)]["engines"], "measured": prev[str(n)]["engines"].get("measured", prev.get("_measured"))}
            print(n, res, flush=True)
            out[str(n)] = res
        if args.pg:
            out[args.pg_label] = side_by_side(args.pg, old, new)
            print(args.pg_label, out[args.pg_label], flush=True)
    if prev.get("base") and prev["base"] != args.base:
        # the step before this one (its old/new figures against its own base), so the chain stays readable
        step = {"base": prev["base"], "measured": prev.get("_measured"), "search_lines": prev.get("search_lines")}
        step.update({k: {x: v[x] for x in ("old", "new", "compare") if x in v} for k, v in prev.items() if k.isdigit()})
        out["earlier"] = [step, *prev.get("earlier", [])]
    elif prev.get("earlier"):
        out["earlier"] = prev["earlier"]
    if args.notes:
        out.update(json.loads(args.notes.read_text(encoding="utf-8")))
    out["rounds"] = ROUNDS
    out["data"] = "synthetic libraries from WMT17 dev segment pairs (bench/search.py's generator); 200 sampled queries"
    record("search_refactor", out)
    return 0 if all(out[k]["identical_output"] for k in out if k.isdigit()) else 1


if __name__ == "__main__":
    sys.exit(main())
