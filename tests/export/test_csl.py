"""Document → CSL-JSON: type, names, titles, dates, as the issue describes."""
from __future__ import annotations

from duizhao.export.csl import csl_date, csl_name, to_csl
from duizhao.model import Document


def test_translated_page_is_a_webpage_with_the_chinese_original(translated: Document) -> None:
    item = to_csl(translated)
    assert item["type"] == "webpage"
    assert item["title"] == "Russia’s Diplomatic Dilemmas and “Bright Spots” in Wartime"
    assert item["original-title"] == "冲突下外交的困境与“亮点”"
    assert item["author"] == [{"literal": "冯玉军 (Feng Yujun)"}]
    assert item["container-title"] == "CSIS Interpret: China"
    assert item["original-publisher"] == "The Paper (澎湃)"
    assert item["issued"] == {"date-parts": [[2023, 1, 11]]}
    assert item["original-date"] == {"date-parts": [[2023, 1, 11]]}
    assert item["language"] == "en"
    assert "translator" not in item


def test_foreign_affairs_digest_is_a_magazine_article(digest: Document) -> None:
    item = to_csl(digest)
    assert item["type"] == "article-magazine"
    assert item["author"] == [{"family": "Gabuev", "given": "Alexander"}]
    assert item["title"] == "China’s Ukraine Calculus"
    # The English piece is the original: the Chinese digest title is not its "original title".
    assert "original-title" not in item and "original-publisher" not in item
    assert item["URL"] == "https://www.example.org/china-ukraine-calculus"
    assert item["keyword"] == "外交, Diplomacy"


def test_translators_are_listed_when_known(translated: Document) -> None:
    translated.translators = ["Jane Doe"]
    assert to_csl(translated)["translator"] == [{"family": "Doe", "given": "Jane"}]


def test_other_pages_are_webpages() -> None:
    doc = Document(id="x", title={"zh": None, "en": "A Report"}, source="Some Institute", published="2023-09")
    item = to_csl(doc)
    assert item["type"] == "webpage"
    assert item["issued"] == {"date-parts": [[2023, 9]]}


def test_chinese_only_document_cites_the_chinese_title() -> None:
    title = {"zh": "习近平访俄", "en": None}
    doc = Document(id="x", title=title, authors_zh=["王毅"], script="zh-Hans", source="外交事务")
    item = to_csl(doc)
    assert item["title"] == "习近平访俄"
    assert item["language"] == "zh-Hans"
    assert item["author"] == [{"literal": "王毅"}]


def test_names() -> None:
    assert csl_name("Feng Yujun", "冯玉军") == {"literal": "冯玉军 (Feng Yujun)"}
    assert csl_name("王毅") == {"literal": "王毅"}
    # Surname-first pinyin is kept whole; a given-name-first name is split.
    assert csl_name("Feng Yujun", chinese_context=True) == {"literal": "Feng Yujun"}
    assert csl_name("Bonny Lin", chinese_context=True) == {"family": "Lin", "given": "Bonny"}
    # … and in any other document too: "Lin Meiyu" is never inverted to "Meiyu, Lin".
    assert csl_name("Lin Meiyu") == {"literal": "Lin Meiyu"}
    assert csl_name("Bonny Lin") == {"family": "Lin", "given": "Bonny"}
    assert csl_name("Mary Ann van Dyke") == {"family": "Dyke", "given": "Mary Ann", "non-dropping-particle": "van"}
    assert csl_name("Xinhua") == {"literal": "Xinhua"}


def test_dates() -> None:
    assert csl_date("2024-06-14") == {"date-parts": [[2024, 6, 14]]}
    assert csl_date("2024") == {"date-parts": [[2024]]}
    assert csl_date("June 2024") is None
    assert csl_date(None) is None
