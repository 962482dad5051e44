"""Reliability figures (issue 10): fuzzed files, kill -9 trials, concurrent use, hostile web inputs.

    .venv/bin/python bench/reliability.py                  # everything (~25-40 min on 2 cores)
    .venv/bin/python bench/reliability.py --fuzz 2000 --trials 10 --seconds 20   # a quicker run

Figures go to bench/results.json under "reliability":
- fuzz: cases / ok / refused / crashes / hangs (target ≥ 10,000 / 0 crashes / 0 hangs), with the first crashes;
- kill9: trials survived with a consistent library (target 50/50) over an ingest of 2,000 small files,
  then the ingest re-run to the end (no failures, no duplicates); correction trials the same way;
- concurrent: ingest + search + correct in three processes for N seconds on SQLite (and PostgreSQL when
  its binaries are installed): operations, errors (target 0), lost writes (target 0);
- serve_soak: `duizhao serve` with 1, 2 and 4 workers for N seconds each while a reader reports errors
  and an editor applies them through the web and CLI processes list, ingest, propose corrections, back
  up, count and migrate (tests/reliability/many.py): writes acknowledged / lost (target 0), server
  errors, deleted library files the server held open (target 0), integrity_check;
- parse scale (bench/parse_scale.py, area reliability_parse): paragraphs → seconds and peak MB up to
  100k, text and DOCX; hostile web use (bench/hostile.py, area reliability_web): 40 parallel sign-in
  guesses, a flood of reports, a full corrections queue, a 20,000-unit document, a 1 MB upload;
- web: the hostile inputs tried (titles, authors, unit text, search queries, correction notes) and
  whether all rendered inert (tests/reliability/test_web_hostile.py).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from common import record  # noqa: E402

from tests.reliability import crash, fuzzcases, many  # noqa: E402


def run_fuzz(n: int, seed: int = 10, workers: int = 1) -> dict[str, Any]:
    """n cases split over `workers` processes (case i is always the same file, whatever the split)."""
    start = time.monotonic()
    if workers > 1:
        ctx = mp.get_context("spawn")
        with ctx.Pool(workers) as pool:
            parts = pool.starmap(_fuzz_range, [(seed, k, n, workers) for k in range(workers)])
    else:
        parts = [_fuzz_range(seed, 0, n, 1)]
    counts: Counter[str] = Counter()
    by_op: Counter[str] = Counter()
    for p in parts:
        counts.update(p["counts"])
        by_op.update(p["by_op"])
    return {
        "cases": n,
        "ok": counts["ok"],
        "refused": counts["refused"],
        "crashes": counts["crash"],
        "hangs": counts["hang"],
        "first_crashes": [c for p in parts for c in p["crashes"]][:20],
        "first_hangs": [h for p in parts for h in p["hangs"]][:20],
        "slowest_case_s": max(p["slowest"] for p in parts),
        "mutations": dict(by_op),
        "seconds": round(time.monotonic() - start, 1),
        "workers": workers,
    }


def _fuzz_range(seed: int, first: int, n: int, step: int) -> dict[str, Any]:
    counts: Counter[str] = Counter()
    crashes: list[str] = []
    hangs: list[str] = []
    by_op: Counter[str] = Counter()
    slowest = 0.0
    fuzzcases.run_case(*fuzzcases.base_files()[0])  # warm-up: dictionaries and models load on first use
    for i in range(first, n, step):
        name, data, ops = fuzzcases.make_case(random.Random(seed * 1_000_003 + i))
        outcome = fuzzcases.run_case(name, data)
        counts[outcome.kind] += 1
        by_op[ops.split("+")[0]] += 1
        slowest = max(slowest, outcome.seconds)
        if outcome.kind == "crash" and len(crashes) < 20:
            crashes.append(f"case {i} ({ops}): {outcome.detail}")
        if outcome.kind == "hang" and len(hangs) < 20:
            hangs.append(f"case {i} ({ops}): {outcome.detail}")
        if (i // step + 1) % 250 == 0:
            print(f"fuzz worker {first}: {i + 1}/{n}: {dict(counts)}", file=sys.stderr, flush=True)
    return {"counts": counts, "by_op": by_op, "crashes": crashes, "hangs": hangs, "slowest": round(slowest, 2)}


def run_kill9(trials: int, files: int, correction_trials: int) -> dict[str, Any]:
    tmp = Path(tempfile.mkdtemp(prefix="dz-kill9-"))
    try:
        folder = tmp / "files"
        crash.make_corpus(folder, files, crash.dev_docs())
        expected = crash.Expected(folder)
        db = tmp / "lib.db"
        rnd = random.Random(50)
        survived = 0
        killed = 0
        problems: list[str] = []
        for trial in range(trials):
            outcome = crash.ingest_and_kill(db, folder, rnd, max_new=0 if trial % 10 == 0 and trial < 20 else 25)
            killed += not outcome["finished"]
            found = crash.library_problems(db, expected)
            survived += not found
            problems += [f"trial {trial}: {p}" for p in found[:3]]
            print(f"kill9 trial {trial + 1}/{trials}: {outcome} problems={len(found)}", file=sys.stderr, flush=True)
        stored_before = crash._count(db)
        report = crash.ingest_to_end(db, folder)
        final = crash.library_problems(db, expected)
        from duizhao.store import open_library

        lib = open_library(db)
        ids = lib.document_ids()
        lib.close()
        want_ids = expected.ids()
        # corrections being applied, killed
        cdb = tmp / "corr.db"
        lib = open_library(cdb)
        from duizhao.pipeline import ingest

        ingest(lib, sorted(folder.iterdir())[:5])
        lib.close()
        c_survived = 0
        c_problems: list[str] = []
        for trial in range(correction_trials):
            crash.corrections_and_kill(cdb, rnd, max_new=25)
            found = crash.correction_problems(cdb)
            c_survived += not found
            c_problems += [f"trial {trial}: {p}" for p in found[:3]]
            print(
                f"correction kill {trial + 1}/{correction_trials}: problems={len(found)}", file=sys.stderr, flush=True
            )
        lib = open_library(cdb)
        applied = len(lib.corrections(status="applied"))
        lib.close()
        return {
            "files": files,
            "trials": trials,
            "killed_mid_ingest": killed,
            "survived_consistent": survived,
            "documents_stored_when_last_killed": stored_before,
            "rerun_ingested": len(report["ingested"]),
            "rerun_unchanged": len(report["unchanged"]),
            "rerun_failed": len(report["failed"]),
            "final_documents": len(ids),
            "final_duplicates": len(ids) - len(set(ids)),
            "final_matches_expected": sorted(ids) == sorted(want_ids),
            "final_problems": final[:10],
            "problems": problems[:20],
            "correction_trials": correction_trials,
            "correction_survived_consistent": c_survived,
            "corrections_applied": applied,
            "correction_problems": c_problems[:20],
        }
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# ---------------------------------------------------------------- concurrent use


def _ingester(url: str, folder: str, seconds: float, out: Any) -> None:
    from duizhao.pipeline import ingest
    from duizhao.store import open_library

    lib = open_library(url)
    ops = errors = 0
    ingested: list[str] = []
    err: list[str] = []
    end = time.monotonic() + seconds
    for path in sorted(Path(folder).iterdir()):
        if time.monotonic() > end:
            break
        try:
            report = ingest(lib, [path])
            ops += 1
            ingested += [d["id"] for d in report.ingested]
            if report.failed:
                errors += 1
                err.append(str(report.failed[0]))
        except Exception as e:  # noqa: BLE001 - counted
            errors += 1
            err.append(f"{type(e).__name__}: {e}")
    lib.close()
    out.put(("ingest", ops, errors, err[:5], ingested))


def _searcher(url: str, seconds: float, out: Any) -> None:
    from duizhao.search import search
    from duizhao.store import open_library

    lib = open_library(url)
    words = [
        "energy",
        "能源",
        "trade",
        "贸易",
        "officials",
        "会面",
        "report OR agreement",
        '"the report"',
        "zh:能源",
        "NEAR(energy grain)",
        "中国",
    ]
    ops = errors = 0
    err: list[str] = []
    end = time.monotonic() + seconds
    rnd = random.Random(3)
    while time.monotonic() < end:
        try:
            search(lib, rnd.choice(words))
            ops += 1
        except Exception as e:  # noqa: BLE001 - counted
            errors += 1
            err.append(f"{type(e).__name__}: {e}")
    lib.close()
    out.put(("search", ops, errors, err[:5], []))


def _corrector(url: str, seconds: float, out: Any) -> None:
    from duizhao.errors import Conflict
    from duizhao.store import open_library
    from duizhao.web.editor import apply

    lib = open_library(url)
    ops = errors = conflicts = 0
    err: list[str] = []
    done: list[tuple[int, str]] = []
    end = time.monotonic() + seconds
    i = 0
    while time.monotonic() < end:
        try:
            docs = lib.document_ids()[:20]
            if not docs:
                time.sleep(0.1)
                continue
            d = docs[i % len(docs)]
            unit = lib.get_document(d).units[0]
            side = "en" if unit.en else "zh"
            text = f"Concurrent revision {i}." if side == "en" else f"并发修订第{i}版。"
            n = lib.propose_correction(d, unit.id, side, text, "bench", "reader")
            apply(lib, n, "bench")
            done.append((n, text))
            ops += 2
        except Conflict:
            conflicts += 1  # a correction made against an older version: refused, not lost (checked below)
        except Exception as e:  # noqa: BLE001 - counted
            errors += 1
            err.append(f"{type(e).__name__}: {e}")
        i += 1
    lib.close()
    out.put(("correct", ops, errors, err[:5] + ([f"{conflicts} conflicts"] if conflicts else []), done))


def run_concurrent(url: str, seconds: float, tmp: Path) -> dict[str, Any]:
    from duizhao.store import open_library

    folder = tmp / "conc-files"
    crash.make_corpus(folder, 600, crash.dev_docs())
    lib = open_library(url)  # create and migrate before the workers start
    lib.close()
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    procs = [
        ctx.Process(target=_ingester, args=(url, str(folder), seconds, out)),
        ctx.Process(target=_searcher, args=(url, seconds, out)),
        ctx.Process(target=_corrector, args=(url, seconds, out)),
    ]
    for p in procs:
        p.start()
    results = [out.get(timeout=seconds + 600) for _ in procs]
    for p in procs:
        p.join()
    by = {r[0]: r for r in results}
    lib = open_library(url)
    try:
        stored = set(lib.document_ids())
        lost_docs = [d for d in by["ingest"][4] if d not in stored]
        lost_corrections = []
        for n, text in by["correct"][4]:
            c = lib.correction(n)
            hist = [h for h in lib.history(c["doc_id"]) if h["correction_id"] == n]
            if c["status"] != "applied" or len(hist) != 1 or hist[0]["after"] != text:
                lost_corrections.append(n)
    finally:
        lib.close()
    consistent = crash.library_problems(Path(url)) if "://" not in url else []
    return {
        "seconds": seconds,
        "operations": {k: v[1] for k, v in by.items()},
        "operations_total": sum(v[1] for v in by.values()),
        "errors": sum(v[2] for v in by.values()),
        "error_samples": {k: v[3] for k, v in by.items() if v[3]},
        "documents_ingested": len(by["ingest"][4]),
        "corrections_applied": len(by["correct"][4]),
        "lost_writes": len(lost_docs) + len(lost_corrections),
        "consistency_problems": consistent[:10],
    }


def run_web() -> dict[str, Any]:
    from tests.reliability.test_web_hostile import HOSTILE_INPUTS

    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            str(ROOT / "tests/reliability/test_web_hostile.py"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    last = (proc.stdout.strip().splitlines() or [""])[-1]
    return {
        "hostile_inputs": HOSTILE_INPUTS,
        "tried_in": [
            "title",
            "authors",
            "source",
            "keywords",
            "unit text",
            "search query",
            "search filters",
            "correction text",
            "correction note",
        ],
        "all_inert": proc.returncode == 0,
        "pytest": last,
    }


def run_soak(seconds: float, workers_list: tuple[int, ...] = (1, 2, 4)) -> dict[str, Any]:
    """The many-processes scenario as a timed soak, once per worker count, each on a fresh library."""
    out: dict[str, Any] = {"seconds_each": seconds}
    for workers in workers_list:
        tmp = Path(tempfile.mkdtemp(prefix="dz-soak-"))
        try:
            files = crash.make_corpus(tmp / "files", 60)
            db = tmp / "lib.db"
            many.prepare(str(db), tmp, files[:20])
            o = many.run(str(db), tmp, files[:20], files[20:], workers=workers, rounds=None, seconds=seconds, sqlite_file=db)
            out[f"workers_{workers}"] = {**o.to_dict(), "first_problems": o.problems()[:5]}
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return out


def save(results: dict[str, Any], part: str) -> None:
    """Merge one part into bench/results.json, re-reading it first: parts run separately (--skip, or two
    runs side by side) keep each other's figures."""
    import json

    from common import RESULTS

    previous = json.loads(RESULTS.read_text()).get("reliability", {}) if RESULTS.exists() else {}
    merged = {k: v for k, v in previous.items() if not k.startswith("_")}
    merged[part] = results[part]
    record("reliability", merged)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--fuzz", type=int, default=10_000)
    ap.add_argument("--workers", type=int, default=2, help="processes for the fuzz cases")
    ap.add_argument("--trials", type=int, default=50)
    ap.add_argument("--files", type=int, default=2000)
    ap.add_argument("--correction-trials", type=int, default=20)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--skip", nargs="*", default=[], choices=["fuzz", "kill9", "concurrent", "postgres", "soak", "web", "parse_scale", "hostile"])
    ap.add_argument("--replay", help="re-run fuzz cases by number (e.g. 12,345) and print how each ends")
    args = ap.parse_args()
    if args.replay:
        fuzzcases.run_case(*fuzzcases.base_files()[0])  # warm-up
        for i in (int(x) for x in args.replay.split(",")):
            name, data, ops = fuzzcases.make_case(random.Random(10 * 1_000_003 + i))
            o = fuzzcases.run_case(name, data)
            print(f"case {i} ({ops}, {name}, {len(data)} bytes): {o.kind} in {o.seconds:.1f} s: {o.detail[:200]}")
        return
    results: dict[str, Any] = {}
    if "fuzz" not in args.skip:
        results["fuzz"] = run_fuzz(args.fuzz, workers=args.workers)
        save(results, "fuzz")
    if "kill9" not in args.skip:
        results["kill9"] = run_kill9(args.trials, args.files, args.correction_trials)
        save(results, "kill9")
    if "concurrent" not in args.skip:
        tmp = Path(tempfile.mkdtemp(prefix="dz-conc-"))
        try:
            results["concurrent_sqlite"] = run_concurrent(str(tmp / "lib.db"), args.seconds, tmp)
            save(results, "concurrent_sqlite")
            if "postgres" not in args.skip:
                from tests.pg import find_bin_dir, start_server

                if find_bin_dir() is not None:
                    server = start_server()
                    try:
                        results["concurrent_postgres"] = run_concurrent(
                            server.create_database("bench"), args.seconds, tmp
                        )
                    finally:
                        server.stop()
                else:
                    results["concurrent_postgres"] = "skipped: PostgreSQL binaries not installed"
                save(results, "concurrent_postgres")
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    if "soak" not in args.skip:
        results["serve_soak"] = run_soak(args.seconds)
        save(results, "serve_soak")
    # The parse scale curve (area reliability_parse) and the hostile web figures (reliability_web:
    # throttle, floods, long documents, uploads) are scripts of their own, run from here.
    for part in ("parse_scale", "hostile"):
        if part not in args.skip:
            subprocess.run([sys.executable, str(Path(__file__).resolve().parent / f"{part}.py")], check=False)
    if "web" not in args.skip:
        results["web"] = run_web()
        save(results, "web")
    summary = {
        k: {kk: vv for kk, vv in v.items() if not isinstance(vv, (list, dict))} if isinstance(v, dict) else v
        for k, v in results.items()
    }
    print(summary)


if __name__ == "__main__":
    main()
