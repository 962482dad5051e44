"""`make bench`: run every benchmark script, then write bench/README.md's table from results.json.

Each script measures one area and records its figures with bench/common.record(); a script that
fails is reported and the others still run.
"""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ORDER = ["read", "ingest", "checks", "align", "search", "search_refactor", "export", "web", "storage", "knowledge", "reliability"]


def main() -> int:
    only = set(sys.argv[1:])
    failed = []
    for name in ORDER:
        script = HERE / f"{name}.py"
        if not script.exists() or (only and name not in only):
            continue
        print(f"== bench/{name}.py", flush=True)
        start = time.time()
        p = subprocess.run([sys.executable, str(script)], cwd=HERE.parent)
        print(f"   {name}: exit {p.returncode} in {time.time() - start:.0f} s", flush=True)
        if p.returncode:
            failed.append(name)
    write_table()
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


def _flatten(prefix: str, value: object, out: list[tuple[str, str]]) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            if not str(k).startswith("_"):
                _flatten(f"{prefix}.{k}" if prefix else str(k), v, out)
    elif isinstance(value, float):
        out.append((prefix, f"{value:.4g}"))
    elif isinstance(value, list):
        out.append((prefix, json.dumps(value, ensure_ascii=False)[:80]))
    else:
        out.append((prefix, str(value)))


def write_table() -> None:
    results = HERE / "results.json"
    if not results.exists():
        return
    data = json.loads(results.read_text())
    lines = ["# Benchmarks", "", "Written by `make bench` from `bench/results.json` (do not edit by hand).", ""]
    for area in sorted(data):
        rows: list[tuple[str, str]] = []
        _flatten("", data[area], rows)
        lines += [f"## {area}", "", f"measured {data[area].get('_measured', '?')} on {data[area].get('_machine', '?')}", "", "| figure | value |", "|---|---|"]
        lines += [f"| {k} | {v} |" for k, v in rows]
        lines.append("")
    (HERE / "README.md").write_text("\n".join(lines))


if __name__ == "__main__":
    raise SystemExit(main())
