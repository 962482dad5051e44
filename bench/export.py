"""Seconds per PDF export: the largest seed (002) and a 500-unit document. Run: .venv/bin/python bench/export.py"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import SEEDS, record  # noqa: E402

from duizhao.export import export  # noqa: E402
from duizhao.model import Document, Unit  # noqa: E402


def seconds(doc: Document, fmt: str = "pdf", runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        export(doc, fmt)
        times.append(time.perf_counter() - t)
    return round(statistics.median(times), 3)


def synthetic(n: int) -> Document:
    zh = "中俄关系维系了稳定发展的势头，双边贸易额在一年内增长了三成。"
    en = "Relations kept a steady momentum, and bilateral trade grew by thirty percent in one year."
    units = []
    for i in range(n):
        if i % 25 == 0:
            units.append(Unit(f"u{i}", "heading", zh=f"第{i // 25 + 1}节", en=f"Section {i // 25 + 1}"))
        else:
            units.append(Unit(f"u{i}", "paragraph", zh=zh * 3, en=en * 3))
    title = {"zh": "基准文档", "en": "Benchmark Document"}
    return Document(id="bench500", title=title, authors=["Ann Lee"], units=units)


def main() -> None:
    from duizhao.pipeline import parse_file

    export(synthetic(5), "pdf")  # warm up: font loading and imports happen once per process
    values: dict[str, object] = {}
    seed = SEEDS / "002_a99887a930e7fcc5.txt"
    if seed.exists():
        doc = parse_file(seed)
        values["pdf_seconds_seed_002"] = seconds(doc)
        values["seed_002_units"] = len(doc.units)
        values["docx_seconds_seed_002"] = seconds(doc, "docx")
    big = synthetic(500)
    values["pdf_seconds_500_units"] = seconds(big, runs=1)
    values["pdf_500_units_bytes"] = len(export(big, "pdf"))
    record("export", values)
    print(values)


if __name__ == "__main__":
    main()
