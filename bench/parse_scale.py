"""Parse scale curve (issue 23): paragraphs → seconds and peak memory, for a text file and a DOCX.

    .venv/bin/python bench/parse_scale.py            # 1k … 100k paragraphs (~5 min on 2 cores)
    .venv/bin/python bench/parse_scale.py 1000 5000  # only these sizes

The files are generated: tiny alternating Chinese and English paragraphs ("第17段。" / "Paragraph 17."),
the shape a hostile or careless upload takes and the one that made block pairing quadratic. Each size
is parsed as `duizhao ingest` parses a file (read, layout, sentence alignment, checks; nothing stored)
in a fresh interpreter, with the time limit off, so the curve shows the cost itself; `peak_mb` is that
process's peak resident memory, `base_mb` the same process after parsing a 20-paragraph file first
(interpreter and dictionaries). Figures go to bench/results.json under "reliability_parse". On this
shared VM the seconds swing with the other users' load (recorded as the load average); the memory
figures do not.
"""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import cpu_ticks, record, steal_share  # noqa: E402

SIZES = [1_000, 5_000, 10_000, 20_000, 50_000, 100_000]

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from duizhao.pipeline import prepare
warm = prepare(Path(sys.argv[2]))
assert warm.doc is not None, warm.error
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
t = time.perf_counter()
p = prepare(Path(sys.argv[1]))
seconds = time.perf_counter() - t
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
units = len(p.doc.units) if p.doc else 0
pairs = sum(1 for u in p.doc.units if u.zh and u.en) if p.doc else 0
print(json.dumps({"seconds": round(seconds, 2), "peak_mb": round(peak), "base_mb": round(base),
                  "units": units, "pairs": pairs, "error": p.error}))
"""


def lines(n: int) -> list[str]:
    out = []
    for i in range(n // 2):
        out += [f"第{i}段。", f"Paragraph {i}."]
    return out


def text_file(n: int) -> bytes:
    return ("\n\n".join(lines(n)) + "\n").encode("utf-8")


def docx_file(n: int) -> bytes:
    """A Word package from python-docx with its body replaced by n paragraphs (python-docx's own
    add_paragraph takes minutes at 100k)."""
    import zipfile
    from xml.sax.saxutils import escape

    import docx

    template = io.BytesIO()
    d = docx.Document()
    d.add_paragraph("MARK")
    d.save(template)
    src = zipfile.ZipFile(io.BytesIO(template.getvalue()))
    body = "".join(f"<w:p><w:r><w:t>{escape(line)}</w:t></w:r></w:p>" for line in lines(n))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                xml = data.decode("utf-8")
                start = xml.index("<w:p>") if "<w:p>" in xml else xml.index("<w:p ")
                end = xml.index("</w:p>", start) + len("</w:p>")
                data = (xml[:start] + body + xml[end:]).encode("utf-8")
            dst.writestr(info, data)
    return out.getvalue()


def measure(path: Path, warm: Path) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
           "DUIZHAO_PARSE_SECONDS": "0", "DUIZHAO_PARSE_MB": "0"}
    p = subprocess.run([sys.executable, "-c", CHILD, str(path), str(warm)], capture_output=True, text=True, env=env)
    if p.returncode:
        return {"error": p.stderr.strip().splitlines()[-1] if p.stderr.strip() else f"exit {p.returncode}"}
    return json.loads(p.stdout)


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or SIZES
    ticks = cpu_ticks()
    started = time.monotonic()
    results: dict[str, Any] = {"text": {}, "docx": {}}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        warm = folder / "warm.txt"
        warm.write_bytes(text_file(20))
        for n in sizes:
            for kind, make, ext in (("text", text_file, "txt"), ("docx", docx_file, "docx")):
                f = folder / f"p{n}.{ext}"
                f.write_bytes(make(n))
                row = {"file_kb": round(f.stat().st_size / 1024), **measure(f, warm)}
                results[kind][str(n)] = row
                print(f"{kind:5} {n:>7} paragraphs: {row}", flush=True)
                f.unlink()
    results["data"] = "generated: n tiny alternating 第i段。/ Paragraph i. paragraphs (n/2 pairs), .txt and .docx"
    results["limits_default"] = {"DUIZHAO_PARSE_SECONDS": 60, "DUIZHAO_PARSE_MB": 2048}
    results["wall_seconds"] = round(time.monotonic() - started)
    results["steal_share"] = steal_share(ticks, cpu_ticks())
    # the cores are shared: seconds swing with the others' load, peak memory does not
    results["load_average_1min_end"] = round(os.getloadavg()[0], 1)
    record("reliability_parse", results)


if __name__ == "__main__":
    main()
