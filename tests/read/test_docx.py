"""Word: body order with tables, list numbering as Word shows it, headings; bad zips refused in one line."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml

from duizhao.read import read_file
from duizhao.read.docx import format_number

from .seedcheck import missing_in_order, refusal, structure_mismatches
from .variants import seed_to_docx

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_documents_give_the_seed_text(seeds_dir: Path, tmp_path: Path, prefix: str) -> None:
    seed = next(seeds_dir.glob(f"{prefix}_*.txt"))
    source = read_file(seed_to_docx(seed, tmp_path))
    assert source.format == "docx"
    assert missing_in_order(source.blocks, seed) == []
    # Numbered runs restart at 1 under each bullet (Word's "restart numbering"), bullets stay bullets.
    assert structure_mismatches(source.blocks, seed) == []
    assert all(b.text and "\u00a0" not in b.text for b in source.blocks)


def _save(document, tmp_path: Path, name: str = "t.docx") -> Path:
    path = tmp_path / name
    document.save(str(path))
    return path


def test_body_order_tables_headings_and_list_levels(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("中俄关系报告", style="Title")
    d.add_paragraph("一、背景", style="Heading 1")
    d.add_paragraph("第一段。")
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "中文", "English"
    table.cell(1, 0).text, table.cell(1, 1).text = "条约", "Treaty"
    d.add_paragraph("Point one", style="List Bullet")
    d.add_paragraph("Sub point", style="List Bullet 2")
    d.add_paragraph("Step", style="List Number")
    d.add_paragraph("Step two", style="List Number")
    d.add_paragraph("Line one\u00a0\u00a0text")
    got = [(b.kind, b.level, b.marker, b.text) for b in read_file(_save(d, tmp_path)).blocks]
    assert got == [
        ("heading", 0, None, "中俄关系报告"),
        ("heading", 0, None, "一、背景"),
        ("paragraph", 0, None, "第一段。"),
        ("paragraph", 0, None, "中文"),
        ("paragraph", 0, None, "English"),
        ("paragraph", 0, None, "条约"),
        ("paragraph", 0, None, "Treaty"),
        ("bullet", 0, None, "Point one"),
        ("bullet", 1, None, "Sub point"),  # List Bullet 2: a one-level list of its own, nested by its name
        ("item", 0, "1.", "Step"),
        ("item", 0, "2.", "Step two"),
        ("paragraph", 0, None, "Line one text"),
    ]


def test_chinese_multilevel_numbering_and_soft_breaks(tmp_path: Path) -> None:
    d = docx.Document()
    numbering = d.part.numbering_part.element
    numbering.insert(
        0,
        parse_xml(
            f'<w:abstractNum {W_NS} w:abstractNumId="90">'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
            '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="(%2)"/></w:lvl>'
            "</w:abstractNum>"
        ),
    )
    numbering.append(parse_xml(f'<w:num {W_NS} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def numbered(text: str, ilvl: int) -> None:
        p = d.add_paragraph(text)
        p._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {W_NS}><w:ilvl w:val="{ilvl}"/><w:numId w:val="90"/></w:numPr>')
        )

    numbered("总则", 0)
    numbered("目的", 1)
    numbered("范围", 1)
    numbered("合作领域", 0)
    numbered("能源", 1)  # restarts under a new parent item
    p = d.add_paragraph("中文一行")
    p.add_run().add_break()
    p.add_run("English line")
    for _ in range(9):
        numbered("x", 0)
    got = [(b.kind, b.level, b.marker, b.text) for b in read_file(_save(d, tmp_path)).blocks]
    assert got[:7] == [
        ("item", 0, "一、", "总则"),
        ("item", 1, "(1)", "目的"),
        ("item", 1, "(2)", "范围"),
        ("item", 0, "二、", "合作领域"),
        ("item", 1, "(1)", "能源"),
        ("paragraph", 0, None, "中文一行"),
        ("paragraph", 0, None, "English line"),
    ]
    assert [b.marker for b in read_file(tmp_path / "t.docx").blocks][-1] == "十一、"


def test_number_formats() -> None:
    assert [format_number(n, "lowerLetter") for n in (1, 26, 27)] == ["a", "z", "aa"]
    assert format_number(14, "upperRoman") == "XIV"
    assert [format_number(n, "chineseCounting") for n in (3, 10, 12, 20, 35)] == ["三", "十", "十二", "二十", "三十五"]
    assert format_number(3, "decimalEnclosedCircle") == "③"


def _valid_docx(tmp_path: Path) -> bytes:
    d = docx.Document()
    for i in range(40):
        d.add_paragraph(f"第{i}段 paragraph {i}.")
    return _save(d, tmp_path, "ok.docx").read_bytes()


def test_bad_word_files_are_refused_in_one_line(tmp_path: Path) -> None:
    refusal("empty.docx", b"")
    assert "not a Word" in refusal("random.docx", bytes(range(256)) * 40)
    plain_zip = io.BytesIO()
    with zipfile.ZipFile(plain_zip, "w") as z:
        z.writestr("notes.txt", "hello")
    assert "not a Word document" in refusal("archive.docx", plain_zip.getvalue())
    good = _valid_docx(tmp_path)
    assert "damaged" in refusal("cut.docx", good[: len(good) // 2])
    assert "damaged" in refusal("cut-end.docx", good[:-200])
    corrupted = bytearray(good)
    start = good.index(b"word/document.xml") + 40  # inside that member's compressed bytes
    corrupted[start : start + 64] = b"\x00" * 64
    assert "damaged" in refusal("corrupt.docx", bytes(corrupted))


def test_zip_bombs_are_refused_before_unpacking(tmp_path: Path) -> None:
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"\x00" * (30 * 1024 * 1024))
    assert len(bomb.getvalue()) < 100_000
    assert "zip bomb" in refusal("bomb.docx", bomb.getvalue())


def test_field_results_and_tracked_changes(tmp_path: Path) -> None:
    d = docx.Document()
    p = d.add_paragraph("See ")
    p._p.append(parse_xml(f'<w:fldSimple {W_NS} w:instr="REF t1"><w:r><w:t>Table 1</w:t></w:r></w:fldSimple>'))
    p._p.append(parse_xml(f'<w:del {W_NS} w:id="1" w:author="a"><w:r><w:delText>old </w:delText></w:r></w:del>'))
    p._p.append(parse_xml(f'<w:ins {W_NS} w:id="2" w:author="a"><w:r><w:t> and new</w:t></w:r></w:ins>'))
    assert [b.text for b in read_file(_save(d, tmp_path)).blocks] == ["See Table 1 and new"]
