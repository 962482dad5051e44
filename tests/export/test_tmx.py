"""TMX 1.4b export: structure, languages, properties, and translate-toolkit reading it back."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from translate.storage import tmx as tt_tmx

from duizhao.export.tmx import documents_to_tmx, pairs_of
from duizhao.model import Document, Sentence, Unit

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _doc(doc_id: str = "d1", script: str | None = "zh-Hans") -> Document:
    return Document(
        id=doc_id,
        path=f"{doc_id}.txt",
        title={"zh": "中俄关系", "en": "China & Russia <ties>"},
        source="CSIS Interpret: China",
        script=script,
        units=[
            Unit("u1", "heading", "一、背景", "1. Background"),  # no sentences: the unit pair itself
            Unit("u2", "paragraph", "第一句。第二句。", "First. Second. Extra.", sentences=[
                Sentence("第一句。", "First."),
                Sentence("第二句。", "Second. Extra."),
                Sentence("", "Untranslated aside."),  # one side only: not a translation unit
            ]),
            Unit("u3", "paragraph", "只有中文。", None),  # monolingual: nothing to export
        ],
    )


def test_pairs_fall_back_to_unit_and_skip_one_sided() -> None:
    assert list(pairs_of(_doc())) == [
        ("u1", "一、背景", "1. Background"),
        ("u2", "第一句。", "First."),
        ("u2", "第二句。", "Second. Extra."),
    ]


def test_tmx_structure_and_properties() -> None:
    root = ET.fromstring(documents_to_tmx([_doc()]))
    assert root.tag == "tmx" and root.get("version") == "1.4"
    header = root.find("header")
    assert header is not None and header.get("srclang") == "zh-Hans" and header.get("segtype") == "sentence"
    tus = root.findall("body/tu")
    assert len(tus) == 3
    props = {p.get("type"): p.text for p in tus[0].findall("prop")}
    assert props["x-document-id"] == "d1"
    assert props["x-document-title"] == "China & Russia <ties>"
    assert props["x-source"] == "CSIS Interpret: China"
    assert props["x-unit-id"] == "u1"
    langs = [tuv.get(XML_LANG) for tuv in tus[1].findall("tuv")]
    assert langs == ["zh-Hans", "en"]


def test_traditional_documents_and_mixed_libraries() -> None:
    root = ET.fromstring(documents_to_tmx([_doc("t1", "zh-Hant")]))
    assert root.find("header").get("srclang") == "zh-Hant"
    assert root.find("body/tu/tuv").get(XML_LANG) == "zh-Hant"
    mixed = ET.fromstring(documents_to_tmx([_doc("s1", "zh-Hans"), _doc("t1", "zh-Hant")]))
    assert mixed.find("header").get("srclang") == "*all*"
    assert len(mixed.findall("body/tu")) == 6


def test_translate_toolkit_reads_it_back() -> None:
    data = documents_to_tmx([_doc()])
    store = tt_tmx.tmxfile(sourcelanguage="zh-Hans", targetlanguage="en")
    store.parse(data)
    got = [(u.source, u.target) for u in store.units]
    assert got == [("一、背景", "1. Background"), ("第一句。", "First."), ("第二句。", "Second. Extra.")]


def test_control_characters_are_dropped() -> None:
    doc = Document(id="x", script="zh-Hans", units=[Unit("u1", "paragraph", "甲\x0b乙", "A\x0cB")])
    store = tt_tmx.tmxfile(sourcelanguage="zh-Hans", targetlanguage="en")
    store.parse(documents_to_tmx([doc]))
    assert [(u.source, u.target) for u in store.units] == [("甲乙", "AB")]


def test_uncertain_pairs_stay_out_unless_asked() -> None:
    doc = _doc()
    doc.units[1].sentences[0].confidence = 0.92
    doc.units[1].sentences[1].confidence = 0.2  # below the default threshold
    assert [zh for _, zh, _ in pairs_of(doc)] == ["一、背景", "第一句。"]
    assert [zh for _, zh, _ in pairs_of(doc, 0.0)] == ["一、背景", "第一句。", "第二句。"]
    assert b"Second. Extra." not in documents_to_tmx([doc])
    assert b"Second. Extra." in documents_to_tmx([doc], min_confidence=0.1)
