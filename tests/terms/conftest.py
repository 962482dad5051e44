"""Fixtures of the termbase tests: documents written for these tests, and libraries holding them."""
from __future__ import annotations

from typing import Any

import pytest

from duizhao.model import Document, Sentence, Unit


def make_doc(doc_id: str, pairs: list[tuple[str, str]], title: str = "Test") -> Document:
    """One bilingual unit per pair, already sentence-aligned (one sentence each)."""
    units = [Unit(id=f"u{i + 1}", kind="paragraph", zh=zh, en=en, sentences=[Sentence(zh, en)]) for i, (zh, en) in enumerate(pairs)]
    return Document(id=doc_id, path=f"{doc_id}.txt", title={"zh": None, "en": title}, script="zh-Hans", units=units)


# Written for these tests (not taken from any source).
PAIRS_A = [
    ("俄罗斯发动了“特别军事行动”。", "Russia launched a “special military operation”."),
    ("普京访问北京。", "Putin visited Beijing."),
    ("“西伯利亚力量”天然气管线开通。", "The “Power of Siberia” natural gas pipeline opened."),
]
PAIRS_B = [
    ("俄乌之间的特别军事行动仍在继续。", "The special military campaign between Russia and Ukraine goes on."),
    ("天然气管线很长。", "The natural gas pipeline is long."),
]


@pytest.fixture
def doc_a() -> Document:
    return make_doc("aaaa000000000001", PAIRS_A)


@pytest.fixture
def doc_b() -> Document:
    return make_doc("bbbb000000000002", PAIRS_B)



@pytest.fixture
def filled(library: Any, doc_a: Document, doc_b: Document) -> Any:
    library.add_document(doc_a)
    library.add_document(doc_b)
    return library
