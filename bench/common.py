"""Shared by the benchmark scripts: results go into bench/results.json under one key per area."""
from __future__ import annotations

import json
import os
import platform
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results.json"
SHARED = HERE.parent.parent / "shared"
SEEDS = SHARED / "seeds"
DEV_DATA = SHARED / "data" / "wmt17-zhen-dev.jsonl"


def record(area: str, values: dict[str, Any]) -> None:
    """Merge `values` into results.json under `area`, stamped with time and machine."""
    data = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    values = dict(values)
    values["_measured"] = time.strftime("%Y-%m-%dT%H:%M:%S")
    values["_machine"] = f"{platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}"
    data[area] = values
    RESULTS.write_text(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n")


def cpu_ticks() -> dict[str, int]:
    """The machine's CPU time so far by kind (/proc/stat: user, system, idle, steal, …), in ticks."""
    names = ("user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal")
    with open("/proc/stat") as f:
        fields = f.readline().split()[1:9]
    return dict(zip(names, (int(x) for x in fields), strict=True))


def steal_share(before: dict[str, int], after: dict[str, int]) -> float:
    """Of the machine's CPU time between two cpu_ticks(), the share the hypervisor gave to other
    machines ("steal"): this VM's two cores are not always two whole cores, and a throughput figure
    means little without it."""
    total = sum(after.values()) - sum(before.values())
    return round((after["steal"] - before["steal"]) / total, 3) if total > 0 else 0.0


def dev_docs() -> list[dict]:
    if not DEV_DATA.exists():
        raise SystemExit(f"dev data not found at {DEV_DATA}")
    return [json.loads(line) for line in DEV_DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
