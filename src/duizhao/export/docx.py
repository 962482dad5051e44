"""Document → DOCX: title and metadata above, then one two-column table (中文 | English), a row per unit."""
from __future__ import annotations

import io
from typing import TYPE_CHECKING

from ..model import Document
from .cite import cite
from .common import display_title, markers, metadata

if TYPE_CHECKING:  # python-docx is imported only when a DOCX is written
    from docx.text.run import Run

# Word picks the East Asian font from w:eastAsia; without it Chinese may fall back to a font
# without the glyphs on some systems. SimSun ships with Word; LibreOffice substitutes its own.
EAST_ASIAN_FONT = "SimSun"


def _set_east_asian(run: Run, font: str = EAST_ASIAN_FONT) -> None:
    from docx.oxml.ns import qn

    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), font)


# Documents an analyst writes in Word: exported in their own layout (the lines of export/txt.py as
# paragraphs), so the file reads back as the same record; the rest as the side-by-side table.
OWN_LAYOUTS = ("digest", "bilist")


def to_docx(doc: Document) -> bytes:
    from docx import Document as Docx
    from docx.shared import Pt

    if doc.layout in OWN_LAYOUTS:
        return _own_layout(doc)
    out = Docx()
    out.styles["Normal"].font.size = Pt(10.5)
    main, second = display_title(doc)
    core = out.core_properties
    core.title = main[:255]
    core.author = "; ".join(doc.authors or doc.authors_zh)[:255]
    core.keywords = "; ".join(doc.keywords)[:255]
    core.language = "en-US" if doc.title.get("en") else "zh-CN"
    _set_east_asian(out.add_heading(main, level=0).runs[0])
    if second:
        _set_east_asian(out.add_heading(second, level=1).runs[0])
    for label, value in metadata(doc):
        p = out.add_paragraph()
        p.add_run(f"{label}: ").bold = True
        _set_east_asian(p.add_run(value))
    p = out.add_paragraph()
    p.add_run("Cite: ").bold = True
    _set_east_asian(p.add_run(cite(doc, "chicago")))
    for lang, label in (("zh", "摘要"), ("en", "Summary")):
        if doc.abstract.get(lang):
            p = out.add_paragraph()
            _set_east_asian(p.add_run(f"{label}: "))
            p.runs[0].bold = True
            _set_east_asian(p.add_run(doc.abstract[lang] or ""))

    table = out.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    header = table.rows[0].cells
    for cell, heading in zip(header, ("中文", "English"), strict=True):
        run = cell.paragraphs[0].add_run(heading)
        run.bold = True
        _set_east_asian(run)
    marks = markers(doc.units)
    for u in doc.units:
        if not ((u.zh and u.zh.strip()) or (u.en and u.en.strip())):
            continue
        cells = table.add_row().cells
        mark = marks.get(u.id, "")
        for cell, text in zip(cells, (u.zh, u.en), strict=True):
            if not text:
                continue
            para = cell.paragraphs[0]
            if u.level:
                para.paragraph_format.left_indent = Pt(12 * u.level)
            run = para.add_run((mark + " " if mark else "") + " ".join(text.split()))
            run.bold = u.kind in ("title", "heading")
            if u.kind == "footnote":
                run.font.size = Pt(8.5)
            _set_east_asian(run)
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()


def _own_layout(doc: Document) -> bytes:
    """The digest (or list) as its writer lays it out in Word: the header lines, 摘要 with the Chinese
    units, Summary with the English ones; a paragraph per line, list indentation kept."""
    from docx import Document as Docx
    from docx.shared import Pt

    from .txt import to_text

    out = Docx()
    out.styles["Normal"].font.size = Pt(10.5)
    main, _ = display_title(doc)
    out.core_properties.title = main[:255]
    out.core_properties.author = "; ".join(doc.authors or doc.authors_zh)[:255]
    out.core_properties.keywords = "; ".join(doc.keywords)[:255]
    headings = {" ".join((t or "").split()) for u in doc.units if u.kind in ("heading", "title") for t in (u.zh, u.en)}
    for line in to_text(doc).split("\n"):
        if not line.strip():
            continue
        run = out.add_paragraph().add_run(line)
        run.bold = line.strip() in headings or line.strip() in ("摘要:", "Summary:")
        _set_east_asian(run)
    buf = io.BytesIO()
    out.save(buf)
    return buf.getvalue()

