"""The real seeds (read from ../shared, skipped when absent): citations and exports of what the parser gives."""
from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from duizhao.export import export, export_many
from duizhao.export.cite import STYLES, cite
from duizhao.model import Document

pipeline = pytest.importorskip("duizhao.pipeline")


@pytest.fixture(scope="module")
def seed_docs(seed_files: list[Path]) -> dict[str, Document]:
    return {p.name[:3]: pipeline.parse_file(p) for p in seed_files}


def test_002_chicago_matches_the_pages_own_cite_this_page(seed_docs: dict[str, Document]) -> None:
    # The page: 冯玉军 (Feng Yujun). "Russia's Diplomatic Dilemmas and “Bright Spots” Pertaining to the
    # Russia-Ukraine Conflict [俄乌冲突下俄罗斯外交的困境与“亮点”]". CSIS Interpret: China, original work
    # published in The Paper [澎湃], January 11, 2023. Ours says the same in CMOS 18 form.
    text = cite(seed_docs["002"], "chicago")
    assert text.startswith(
        "冯玉军 (Feng Yujun). “Russia’s Diplomatic Dilemmas and ‘Bright Spots’ Pertaining to the Russia-Ukraine"
        " Conflict.” CSIS Interpret: China, January 11, 2023."
        " Originally published as 俄乌冲突下俄罗斯外交的困境与“亮点”"
    )
    assert "The Paper [澎湃]" in text


def test_000_is_cited_as_a_foreign_affairs_article(seed_docs: dict[str, Document]) -> None:
    text = cite(seed_docs["000"], "chicago")
    assert text.startswith("Gabuev, Alexander.") and "Foreign Affairs, June 14, 2024" in text
    assert "Gabuev, A. (2024, June 14)." in cite(seed_docs["000"], "apa")


@pytest.mark.parametrize("style", STYLES)
def test_every_seed_cites_in_every_style(seed_docs: dict[str, Document], style: str) -> None:
    for doc in seed_docs.values():
        assert cite(doc, style).strip()


def test_library_bibtex_of_the_seeds_parses(seed_docs: dict[str, Document]) -> None:
    import bibtexparser

    lib = bibtexparser.parse_string(export_many(seed_docs.values(), "bibtex").decode("utf-8"))
    assert not lib.failed_blocks and len(lib.entries) == len(seed_docs)
    assert len({e.key for e in lib.entries}) == len(seed_docs)


def test_002_pdf_and_docx(seed_docs: dict[str, Document]) -> None:
    import docx

    doc = seed_docs["002"]
    d = docx.Document(io.BytesIO(export(doc, "docx")))
    cells = [c.text for r in d.tables[0].rows for c in r.cells]
    assert any(c.startswith("2022年升级的俄乌冲突使俄罗斯的国际环境大面积恶化") for c in cells)
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext not installed")
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=export(doc, "pdf"), capture_output=True,
                          check=True).stdout.decode()
    flat = " ".join(text.split())
    zh = [flat.find(u.zh[:10]) for u in doc.units if u.zh and len(u.zh) >= 10]
    en = [flat.find(" ".join(u.en.split()[:4])) for u in doc.units if u.en and len(u.en.split()) >= 4]
    assert -1 not in zh and zh == sorted(zh)
    assert -1 not in en and en == sorted(en)
    assert "Return to the Library" not in text
    assert re.search(r"^\s*1\s*/\s*\d+\s*$", text, re.M)
