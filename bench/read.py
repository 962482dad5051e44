"""Readers: how much of a document's text comes back from its HTML, DOCX and PDF versions, and how fast.

Each dev-data document (84 news articles, Chinese and English paragraphs interleaved) and each seed is
written as a plain text file, then turned into an HTML page with site chrome, a Word file and two PDFs
(A4 ragged-right; A5 justified with automatic hyphenation and first-line indents) by tests/read/variants.py.
Figures: share of the source's paragraphs found verbatim (whitespace-normalized) among the blocks,
documents whose blocks equal the source paragraphs exactly (nothing lost, split, merged or added),
and reading time per document / per PDF page.

Run: .venv/bin/python bench/read.py   (results under "read" in bench/results.json)
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from common import SEEDS, dev_docs, record  # noqa: E402

from duizhao.read import read_file  # noqa: E402
from tests.read.variants import SEED_CHROME, content_lines, seed_to_docx, seed_to_html, seed_to_pdf  # noqa: E402

MAKERS = {
    "html": seed_to_html,
    "docx": seed_to_docx,
    "pdf": seed_to_pdf,
    "pdf_justified_hyphenated": lambda path, out: seed_to_pdf(path, out, dense=True),
}


def measure(sources: list[Path], out: Path) -> dict:
    import pypdf

    results = {}
    for fmt, make in MAKERS.items():
        found = total = exact = pages = 0
        seconds = 0.0
        for src in sources:
            want = content_lines(src)
            path = make(src, out)
            start = time.perf_counter()
            blocks = read_file(path).blocks
            seconds += time.perf_counter() - start
            got = [b.text for b in blocks]
            if fmt == "docx":  # the Word version keeps the seed's chrome lines as the .txt has them
                got = [g for g in got if g not in SEED_CHROME]
            found += sum(1 for w in want if w in got)
            total += len(want)
            exact += got == want
            if fmt.startswith("pdf"):
                pages += len(pypdf.PdfReader(path).pages)
        row = {
            "documents": len(sources),
            "paragraphs_found": round(found / total, 4),
            "documents_exact": round(exact / len(sources), 4),
            "ms_per_document": round(1000 * seconds / len(sources), 1),
        }
        if pages:
            row["ms_per_pdf_page"] = round(1000 * seconds / pages, 1)
        results[fmt] = row
        print(fmt, row, flush=True)
    return results


def main() -> int:
    out = Path(tempfile.mkdtemp(prefix="duizhao-read-bench-"))
    dev_sources = []
    for doc in dev_docs():
        path = out / (doc["docid"].replace("/", "_") + ".txt")
        lines = []
        for zh, en in zip(doc["zh"], doc["en"], strict=False):
            lines += [zh, "", en, ""]
        path.write_text("\n".join(lines), encoding="utf-8")
        dev_sources.append(path)
    read_file(dev_sources[0])  # imports and caches out of the timing
    values = {"dev": measure(dev_sources, out)}
    if SEEDS.is_dir():
        values["seeds"] = measure(sorted(SEEDS.glob("*.txt")), out)
    record("read", values)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
