"""Quoted passages (search/query.py, LONG_PHRASE): a phrase of a few words stays a phrase; a
quotation as long as a sentence that no unit holds is searched as its words, ranked, so a quoted
headline finds its translation in a one-language document of the other side."""

from __future__ import annotations

from pathlib import Path

import pytest

from duizhao.model import Document, Unit
from duizhao.search import search
from duizhao.store import open_library

ZH = "环境问题表现在大气、水、土壤污染上，但根子还是在生产生活方式上。"
EN = "Environmental problems show up as air, water and soil pollution, but their roots lie in how we produce and live."


@pytest.fixture
def lib(db_path: Path):
    library = open_library(db_path)
    library.add_document(Document(id="z", path="z.txt", title={"zh": "环境"}, units=[Unit("u1", "paragraph", zh=ZH), Unit("u2", "paragraph", zh="今天天气很好。")]))
    library.add_document(Document(id="e", path="e.txt", title={"en": "Environment"}, units=[Unit("u1", "paragraph", en=EN), Unit("u2", "paragraph", en="The weather is fine today.")]))
    yield library
    library.close()


def _units(r: dict) -> list[tuple[str, str]]:
    return [(h["doc_id"], h["unit_id"]) for h in r["hits"]]


def test_a_quoted_chinese_sentence_finds_its_english_translation(lib) -> None:  # noqa: ANN001
    r = search(lib, f"“{ZH[:-1]}”。", side="en")
    assert _units(r)[:1] == [("e", "u1")] and r["relaxed"] is True
    # where the passage stands as quoted, it is a phrase still: found as such, nothing relaxed
    r = search(lib, f"“{ZH[:-1]}”")
    assert _units(r) == [("z", "u1")] and r["relaxed"] is False


def test_an_opening_quote_never_closed(lib) -> None:  # noqa: ANN001
    r = search(lib, f'"{EN}', side="zh")
    assert _units(r)[:1] == [("z", "u1")] and r["relaxed"] is True


def test_a_short_phrase_is_not_relaxed(lib) -> None:  # noqa: ANN001
    assert _units(search(lib, '"water air"', side="en")) == []
    assert _units(search(lib, '"air, water"', side="en")) == [("e", "u1")]
