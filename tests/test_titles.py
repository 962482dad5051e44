"""The best title a record has: title field, then a digest's stand-in, then a headline, file name last;
the same for a Document, its dict and a summary row of the library."""

from __future__ import annotations

from pathlib import Path

from duizhao.model import Document, Unit
from duizhao.pipeline import parse_pair
from duizhao.store import open_library
from duizhao.titles import best_title, headline


def _doc(**kw: object) -> Document:
    return Document(id="abc", path="41_zh.txt + 41_en.txt", **kw)  # type: ignore[arg-type]


def test_order_of_the_fallbacks() -> None:
    first = Unit("u1", "paragraph", zh="俄罗斯与土耳其：“格格不入联盟”？", en="Russia and Turkey: an alliance of misfits?")
    long = Unit("u2", "paragraph", zh="一" * 80, en="word " * 60)
    titled = _doc(title={"zh": "标题", "en": "Title"}, source="Foreign Affairs", units=[first])
    assert best_title(titled) == "Title / 标题"
    digest = _doc(authors=["Alexander Gabuev"], source="Foreign Affairs", published="2024-06-14", units=[first])
    assert best_title(digest) == "Alexander Gabuev — Foreign Affairs — 2024-06-14"
    pair = _doc(units=[first, long])
    assert best_title(pair) == "Russia and Turkey: an alliance of misfits? / 俄罗斯与土耳其：“格格不入联盟”？"
    assert best_title(pair.to_dict()) == best_title(pair)
    assert best_title(_doc(units=[long])) == "41_zh.txt + 41_en.txt"  # a long first paragraph is no headline
    assert best_title(Document(id="abc")) == "abc"


def test_headline() -> None:
    assert headline("heading", "很长" * 50, None) == {"zh": "很长" * 50, "en": None}
    assert headline("paragraph", "两行\n文字", None) is None
    assert headline("paragraph", None, "  ") is None


def test_summary_rows_carry_the_headline(tmp_path: Path) -> None:
    zh, en = tmp_path / "41_zh.txt", tmp_path / "41_en.txt"
    zh.write_text("俄罗斯与土耳其：“格格不入联盟”？\n\n一个手势结束一场危机。俄罗斯与土耳其领导人周二进行会见,双方握手。\n", encoding="utf-8")
    en.write_text("Russia and Turkey - “An alliance of misfits?”\n\nA hand gesture ended this crisis. The leaders met on Tuesday.\n", encoding="utf-8")
    doc = parse_pair(zh, en)
    assert doc.title == {"zh": "俄罗斯与土耳其：“格格不入联盟”？", "en": "Russia and Turkey - “An alliance of misfits?”"}
    # an untitled document whose headline stayed its first unit (a layout that did not take it for a title)
    doc.units.insert(0, Unit("u0", "paragraph", zh=doc.title["zh"], en=doc.title["en"]))
    doc.title = {"zh": None, "en": None}
    lib = open_library(tmp_path / "lib.db")
    try:
        lib.add_document(doc, [], source_path="41_zh.txt + 41_en.txt")
        row = lib.list_documents()[0]
        assert best_title(row) == "Russia and Turkey - “An alliance of misfits?” / 俄罗斯与土耳其：“格格不入联盟”？"
        assert best_title(row) == best_title(lib.get_document(row["id"]))
    finally:
        lib.close()
