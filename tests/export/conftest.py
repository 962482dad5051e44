"""Hand-built documents for the export tests, modelled on the seeds' shapes but with our own text."""
from __future__ import annotations

import pytest

from duizhao.model import Document, Unit


def translated_doc() -> Document:
    """Shaped like seed 002: a CSIS Interpret translation of a Chinese article (our own sentences)."""
    units = [
        Unit("u1", "paragraph", zh="二〇二二年的冲突改变了外交格局。",
             en="The conflict of 2022 changed the diplomatic landscape."),
        Unit("u2", "heading", zh="一、环境的变化", en="1. A Changing Environment"),
        Unit("u3", "paragraph", section="u2", zh="莫斯科把重点转向东方和南方。",
             en="Moscow turned its attention to the East and the South."),
        Unit("u4", "paragraph", section="u2", zh="双边贸易在一年内增长了三成。",
             en="Bilateral trade grew by thirty percent in one year."),
        Unit("u5", "heading", zh="二、稳定的伙伴", en="2. A Steady Partner"),
        Unit("u6", "paragraph", section="u5", zh="两国领导人保持了定期会晤。",
             en="The two leaders kept meeting at regular intervals."),
        Unit("u7", "paragraph", section="u5", zh="这一段没有英文译文。", en=None),
    ]
    return Document(
        id="t002",
        path="002_example.txt",
        title={"zh": "冲突下外交的困境与“亮点”", "en": "Russia’s Diplomatic Dilemmas and “Bright Spots” in Wartime"},
        authors=["Feng Yujun"],
        authors_zh=["冯玉军"],
        source="CSIS Interpret: China",
        original_source="The Paper (澎湃)",
        published="2023-01-11",
        original_published="2023-01-11",
        script="zh-Hans",
        abstract={"zh": None, "en": "A scholar argues that ties with China matter more as other ties fray."},
        units=units,
    )


def digest_doc() -> Document:
    """Shaped like seed 000: a Chinese digest of a Foreign Affairs article."""
    units = [
        Unit("u1", "heading", zh="夥伴關係的限度", en="The Limits of a Partnership"),
        Unit("u2", "bullet", section="u1", zh="北京依賴西方市場。", en="Beijing depends on Western markets."),
        Unit("u3", "item", section="u1", level=1, zh="他們找到了中間人。", en="They found intermediaries."),
        Unit("u4", "item", section="u1", level=1, zh="他們建設了基礎設施。", en="They built infrastructure."),
        Unit("u5", "bullet", section="u1", zh="制裁的影響有限。", en="Sanctions had limited effect."),
    ]
    return Document(
        id="t000",
        path="000_example.txt",
        title={"zh": "中國的烏克蘭盤算", "en": "China’s Ukraine Calculus"},
        authors=["Alexander Gabuev"],
        source="Foreign Affairs",
        published="2024-06-14",
        keywords=["外交", "Diplomacy"],
        script="zh-Hant",
        url="https://www.example.org/china-ukraine-calculus",
        units=units,
    )


def two_author_doc() -> Document:
    return Document(
        id="t001",
        path="001_example.txt",
        title={"zh": None, "en": "Is the Alliance Closer Than Ever?"},
        authors=["Bonny Lin", "Alexander Gabuev"],
        source="Foreign Policy",
        published="2023-09-11",
        keywords=["China-Russia Alliance"],
        script="zh-Hant",
        units=[Unit("u1", "paragraph", zh="兩國關係日益密切。", en="The two countries grew closer.")],
    )


@pytest.fixture
def translated() -> Document:
    return translated_doc()


@pytest.fixture
def digest() -> Document:
    return digest_doc()


@pytest.fixture
def two_authors() -> Document:
    return two_author_doc()
