"""The termbase as TBX (TBX-Basic shaped `martif`, what CAT tools import) and as CSV.

Rejected terms are left out (a CAT tool would offer them); confirmed terms are marked preferred,
candidates admitted. Pure functions over terms.model.Term.
"""
from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

from ..terms.model import Term
from .csvcells import safe_cell

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_STATUS = {"confirmed": "preferredTerm-admn-sts", "candidate": "admittedTerm-admn-sts"}


def _tig(parent: ET.Element, text: str, status: str | None) -> None:
    tig = ET.SubElement(parent, "tig")
    ET.SubElement(tig, "term").text = text
    if status:
        ET.SubElement(tig, "termNote", type="administrativeStatus").text = status


def terms_tbx(terms: list[Term]) -> bytes:
    root = ET.Element("martif", {"type": "TBX", _XML_LANG: "en"})
    header = ET.SubElement(ET.SubElement(ET.SubElement(root, "martifHeader"), "fileDesc"), "sourceDesc")
    ET.SubElement(header, "p").text = "duizhao termbase"
    body = ET.SubElement(ET.SubElement(root, "text"), "body")
    for t in terms:
        if t.status == "rejected":
            continue
        entry = ET.SubElement(body, "termEntry", id=f"term-{t.id}")
        note = f"origin: {t.origin}; status: {t.status}; occurrences: {t.count}; documents: {len(t.documents)}"
        ET.SubElement(entry, "descrip", type="note").text = note
        status = _STATUS.get(t.status)
        zh = ET.SubElement(entry, "langSet", {_XML_LANG: "zh"})
        for form in [t.zh, *t.zh_variants]:
            _tig(zh, form, status)
        en = ET.SubElement(entry, "langSet", {_XML_LANG: "en"})
        if t.example is not None:
            ET.SubElement(en, "descrip", type="context").text = t.example.en
        for form in [t.en, *t.en_variants]:
            _tig(en, form, status)
    ET.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"


def _cell(value: object) -> str:
    """A spreadsheet must not run a cell as a formula (export/csvcells; every cell is text here)."""
    return str(safe_cell(str(value), keep_numbers=False))


def terms_csv(terms: list[Term]) -> bytes:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(["id", "zh", "zh_variants", "en", "en_variants", "origin", "status", "count", "documents", "example_zh", "example_en"])
    for t in terms:
        ex = t.example
        w.writerow([_cell(v) for v in (
            t.id, t.zh, " | ".join(t.zh_variants), t.en, " | ".join(t.en_variants), t.origin, t.status, t.count,
            " ".join(t.documents), ex.zh if ex else "", ex.en if ex else "",
        )])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # the BOM lets Excel read UTF-8
