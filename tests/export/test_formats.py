"""export()/export_many(): Markdown, JSON, JSON Lines, and refusing what they cannot write."""
from __future__ import annotations

import json

import pytest

from duizhao.errors import BadInput
from duizhao.export import DOCUMENT_FORMATS, LIBRARY_FORMATS, export, export_many, extension
from duizhao.export.common import markers
from duizhao.export.md import _escape
from duizhao.model import Document


def test_markdown_has_both_languages_in_order(translated: Document) -> None:
    md = export(translated, "md").decode("utf-8")
    assert md.startswith("# Russia’s Diplomatic Dilemmas and “Bright Spots” in Wartime\n\n"
                         "## 冲突下外交的困境与“亮点”\n")
    assert "- **Author(s):** Feng Yujun (冯玉军)" in md
    assert "> 冯玉军 (Feng Yujun). “Russia’s" in md
    # Headings keep their numbers as text, not as Markdown lists.
    assert "### 一、环境的变化\n### 1\\. A Changing Environment\n" in md
    body = md.index("\n---\n")
    order = [md.index(_escape(t), body) for u in translated.units for t in (u.zh, u.en) if t]
    assert order == sorted(order)
    assert "这一段没有英文译文。" in md


def test_markdown_lists(digest: Document) -> None:
    md = export(digest, "md").decode("utf-8")
    assert "- 北京依賴西方市場。\n\n  Beijing depends on Western markets.\n" in md
    assert "    1. 他們找到了中間人。\n\n       They found intermediaries.\n" in md
    assert "    2. 他們建設了基礎設施。" in md


def test_markers_restart_numbering_under_each_bullet(digest: Document) -> None:
    from duizhao.model import Unit

    digest.units += [Unit("u6", "item", level=1, zh="再一項。", en="One more.")]
    assert markers(digest.units) == {"u2": "•", "u3": "1.", "u4": "2.", "u5": "•", "u6": "1."}


def test_json_is_the_document(translated: Document) -> None:
    data = json.loads(export(translated, "json"))
    assert data == translated.to_dict()
    assert Document.from_dict(data).to_dict() == translated.to_dict()


def test_jsonl_one_document_per_line(translated: Document, digest: Document) -> None:
    lines = export_many([translated, digest], "jsonl").decode("utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["t002", "t000"]


def test_single_document_bibliographies(digest: Document) -> None:
    assert export(digest, "bibtex").decode().startswith("@article{gabuev2024chinas,")
    assert export(digest, "ris").decode().startswith("TY  - MGZN\n")
    assert json.loads(export(digest, "csl-json"))[0]["type"] == "article-magazine"


def test_unknown_formats_are_bad_input(digest: Document) -> None:
    with pytest.raises(BadInput, match="odt"):
        export(digest, "odt")
    with pytest.raises(BadInput, match="pdf"):
        export_many([digest], "pdf")  # a PDF of a whole library is not offered


def test_every_format_has_an_extension() -> None:
    assert {extension(f) for f in (*DOCUMENT_FORMATS, *LIBRARY_FORMATS)} >= {"pdf", "docx", "md", "bib", "ris"}
