"""`make bench`: run every benchmark script, then write bench/README.md from results.json (bench/report.py).

Each script measures one area and records its figures with bench/common.record(); a script that
fails is reported and the others still run.
"""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ORDER = ["read", "ingest", "embed_speed", "checks", "checks_news", "align", "search", "crosslingual", "search_refactor", "export", "web", "storage", "knowledge", "terms", "reliability", "startup"]  # reliability runs parse_scale and hostile


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


def write_table() -> None:
    """bench/README.md: short tables per area and plots of curves (bench/report.py)."""
    import report

    report.write()


if __name__ == "__main__":
    raise SystemExit(main())
