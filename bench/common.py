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


def dev_docs() -> list[dict]:
    if not DEV_DATA.exists():
        raise SystemExit(f"dev data not found at {DEV_DATA}")
    return [json.loads(line) for line in DEV_DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
