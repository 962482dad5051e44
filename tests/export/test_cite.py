"""Citation strings. The expected strings are written by hand from the style guides
(CMOS 18 bibliography and author-date, APA 7 reference list, MLA 9 works cited), not copied from output.

Plain text loses italics; APA keeps the title's capitals as given (CSL cannot sentence-case safely).
"""
from __future__ import annotations

import json

import pytest

from duizhao.errors import BadInput
from duizhao.export.cite import STYLES, cite
from duizhao.model import Document

URL = "https://www.example.org/china-ukraine-calculus"


def test_chicago_magazine_article(digest: Document) -> None:
    assert cite(digest, "chicago") == (
        f"Gabuev, Alexander. “China’s Ukraine Calculus.” Foreign Affairs, June 14, 2024. {URL}."
    )


def test_chicago_author_date_magazine_article(digest: Document) -> None:
    assert cite(digest, "chicago-author-date") == (
        f"Gabuev, Alexander. 2024. “China’s Ukraine Calculus.” Foreign Affairs, June 14. {URL}."
    )


def test_apa_magazine_article(digest: Document) -> None:
    assert cite(digest, "apa") == f"Gabuev, A. (2024, June 14). China’s Ukraine Calculus. Foreign Affairs. {URL}"


def test_mla_magazine_article(digest: Document) -> None:
    assert cite(digest, "mla") == (
        f"Gabuev, Alexander. “China’s Ukraine Calculus.” Foreign Affairs, 14 June 2024, {URL}."
    )


def test_two_authors(two_authors: Document) -> None:
    # A title ending in "?" takes no full stop after it (CMOS 6.123, MLA 6.x).
    assert cite(two_authors, "chicago") == (
        "Lin, Bonny, and Alexander Gabuev. “Is the Alliance Closer Than Ever?” Foreign Policy, September 11, 2023."
    )
    assert cite(two_authors, "mla") == (
        "Lin, Bonny, and Alexander Gabuev. “Is the Alliance Closer Than Ever?” Foreign Policy, 11 Sept. 2023."
    )
    assert cite(two_authors, "apa") == (
        "Lin, B., & Gabuev, A. (2023, September 11). Is the Alliance Closer Than Ever? Foreign Policy."
    )


def test_chicago_translated_page(translated: Document) -> None:
    # Chinese name as written by the source's own "Cite This Page"; the title's quotes become single
    # inside the quoted title, the full stop goes inside both; the Chinese title keeps its own “”.
    assert cite(translated, "chicago") == (
        "冯玉军 (Feng Yujun). “Russia’s Diplomatic Dilemmas and ‘Bright Spots’ in Wartime.” CSIS Interpret: China,"
        " January 11, 2023. Originally published as 冲突下外交的困境与“亮点” (The Paper [澎湃], January 11, 2023)."
    )


def test_author_date_translation_of_the_same_year_has_one_year(translated: Document) -> None:
    text = cite(translated, "chicago-author-date")
    assert text.startswith("冯玉军 (Feng Yujun). 2023. “Russia’s Diplomatic Dilemmas and ‘Bright Spots’ in Wartime.”")
    assert "(2023) 2023" not in text


def test_citeproc_faults_are_corrected(digest: Document, translated: Document) -> None:
    for style in ("chicago", "chicago-author-date", "mla"):
        text = cite(digest, style)
        assert "Alexander" in text and "Gabuev, A." not in text  # no initials
        assert "Edition" not in text  # no label for an empty variable
        assert "”." not in text and "”," not in text  # punctuation inside the closing quote
    # The data's own Chinese quotation marks are not touched by the punctuation rule.
    assert "“亮点”" in cite(translated, "mla")
    assert "“亮点,”" not in cite(translated, "apa")


def test_no_author_puts_the_title_first_once() -> None:
    doc = Document(id="x", title={"zh": None, "en": "A Page & More"}, source="Some Site")
    assert cite(doc, "apa") == "A Page & More. (n.d.). Some Site."
    assert cite(doc, "mla") == "“A Page & More.” Some Site."


def test_bibtex(digest: Document, translated: Document) -> None:
    assert cite(digest, "bibtex") == (
        "@article{gabuev2024chinas,\n"
        "  author = {Gabuev, Alexander},\n"
        "  title = {{China’s Ukraine Calculus}},\n"
        "  journal = {Foreign Affairs},\n"
        "  year = {2024},\n"
        "  month = jun,\n"
        "  date = {2024-06-14},\n"
        "  langid = {en},\n"
        f"  url = {{{URL}}},\n"
        "  keywords = {外交, Diplomacy},\n"
        "}\n"
    )
    text = cite(translated, "bibtex")
    assert text.startswith("@online{feng2023russias,\n  author = {{冯玉军 (Feng Yujun)}},")
    assert "  origtitle = {{冲突下外交的困境与“亮点”}},\n" in text
    assert "  origpublisher = {The Paper (澎湃)},\n" in text


def test_bibtex_escapes_specials() -> None:
    title = {"zh": None, "en": "50% of R&D_spend {costs} #1"}
    doc = Document(id="x", title=title, authors=["Ann Lee"], published="2020")
    assert "title = {{50\\% of R\\&D\\_spend \\{costs\\} \\#1}}" in cite(doc, "bibtex")


def test_ris(translated: Document) -> None:
    assert cite(translated, "ris") == (
        "TY  - ELEC\n"
        "AU  - 冯玉军 (Feng Yujun)\n"
        "TI  - Russia’s Diplomatic Dilemmas and “Bright Spots” in Wartime\n"
        "T2  - CSIS Interpret: China\n"
        "PY  - 2023\n"
        "DA  - 2023/01/11/\n"
        "OP  - The Paper (澎湃)\n"
        "N1  - Original: 冲突下外交的困境与“亮点”, The Paper (澎湃), 2023-01-11\n"
        "LA  - en\n"
        "AB  - A scholar argues that ties with China matter more as other ties fray.\n"
        "ID  - t002\n"
        "ER  - \n"
    )


def test_csl_json_is_a_list_of_one_item(translated: Document) -> None:
    items = json.loads(cite(translated, "csl-json"))
    assert [i["id"] for i in items] == ["t002"]


def test_unknown_style_is_bad_input(digest: Document) -> None:
    with pytest.raises(BadInput, match="harvard"):
        cite(digest, "harvard")


@pytest.mark.parametrize("style", STYLES)
def test_every_style_on_a_bare_document(style: str) -> None:
    doc = Document(id="bare")
    assert cite(doc, style).strip()


def test_untitled_digest_is_cited_by_author_source_and_date(digest: Document) -> None:
    digest.title = {"zh": None, "en": None}
    digest.url = None
    assert cite(digest, "chicago") == "Gabuev, Alexander. Foreign Affairs, June 14, 2024."
    assert cite(digest, "apa") == "Gabuev, A. (2024, June 14). Foreign Affairs."



def test_pinyin_name_surname_first_is_not_inverted(digest: Document) -> None:
    # Reported from the web view: "Lin Meiyu" (surname Lin) came out as "Meiyu, Lin". A romanised Chinese
    # name written surname first is cited as written — on a digest of an English magazine piece too, not
    # only on translations from Chinese — while a Western name beside it is still inverted.
    digest.authors = ["Lin Meiyu"]
    assert cite(digest, "chicago") == (
        f"Lin Meiyu. “China’s Ukraine Calculus.” Foreign Affairs, June 14, 2024. {URL}."
    )
    digest.authors = ["Lin Meiyu", "Tom Archer"]
    assert "Meiyu, Lin" not in cite(digest, "mla")
    assert cite(digest, "bibtex").startswith("@article{lin2024chinas,\n  author = {{Lin Meiyu} and Archer, Tom},")
