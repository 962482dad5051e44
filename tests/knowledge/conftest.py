"""Fixtures of the knowledge tests: small documents written for these tests, and libraries holding them."""

from __future__ import annotations

import pytest

from duizhao.model import Document, Unit
from duizhao.pipeline import analyse


def make_doc(
    doc_id: str,
    published: str | None,
    pairs: list[tuple[str, str]],
    source: str = "Test Source",
    kind: str = "paragraph",
) -> Document:
    """A document of one bilingual unit per pair, sentence-aligned by the real aligner."""
    units = [Unit(id=f"u{i + 1}", kind=kind, zh=zh, en=en) for i, (zh, en) in enumerate(pairs)]
    doc = Document(
        id=doc_id,
        path=f"{doc_id}.txt",
        title={"zh": None, "en": f"Test {doc_id}"},
        source=source,
        published=published,
        script="zh-Hans",
        units=units,
    )
    return analyse(doc)


# Written for these tests (not taken from any source).
PAIRS_A = [
    ("2023年5月10日,普京在莫斯科会见了习近平。", "On May 10, 2023, Putin met Xi Jinping in Moscow."),
    ("上个月,金砖国家在南非举行峰会。", "Last month, the BRICS countries held a summit in South Africa."),
    (
        "前三个月,中俄贸易额达到350.5亿美元,同比增长20%。",
        "In the first three months, China-Russia trade reached 35.05 billion U.S. dollars,"
        " a year-on-year increase of 20 percent.",
    ),
    (
        "联合国大会以100票赞成、10票反对、50票弃权通过决议。",
        "The UN General Assembly adopted the resolution with 100 votes in favor, 10 against and 50 abstentions.",
    ),
    ("黑河公路大桥连接两国。", "The Heihe Highway Bridge links the two countries."),
]
PAIRS_B = [
    (
        "2023年5月10日,俄罗斯总统普丁与习近平举行会谈。",
        "On May 10, 2023, Russian President Putin held talks with Xi Jinping.",
    ),
    ("2023年俄罗斯对华出口煤炭1200万吨。", "In 2023 Russia exported 12 million tons of coal to China."),
]


@pytest.fixture
def doc_a() -> Document:
    return make_doc("aaaa000000000001", "2023-06-15", PAIRS_A)


@pytest.fixture
def doc_b() -> Document:
    return make_doc("bbbb000000000002", "2023-07-01", PAIRS_B, source="Other Source")

