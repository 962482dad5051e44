"""Reading pages, in process: library, document, citations, exports, search, reports."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest

from duizhao.model import Document, Sentence, Unit

from .conftest import doc_id_by_title


class Units(HTMLParser):
    """Collects each [data-unit-id] element's zh and en text."""

    def __init__(self) -> None:
        super().__init__()
        self.units: dict[str, dict[str, str]] = {}
        self.stack: list[tuple[str, str | None, str | None]] = []  # (tag, unit id, side)
        self.sentences: list[tuple[str, str, str]] = []  # (unit, side, data-s)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        unit = a.get("data-unit-id") or (self.stack[-1][1] if self.stack else None)
        classes = (a.get("class") or "").split()
        side = (
            "zh"
            if "zh" in classes and "side" in classes
            else "en"
            if "en" in classes and "side" in classes
            else (self.stack[-1][2] if self.stack else None)
        )
        if a.get("data-unit-id"):
            self.units[a["data-unit-id"]] = {"zh": "", "en": ""}
        if "data-s" in a and unit and side:
            self.sentences.append((unit, side, a["data-s"] or ""))
        if tag not in ("br", "input", "meta", "link"):
            self.stack.append((tag, unit, side))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1][1] and self.stack[-1][2]:
            self.units[self.stack[-1][1]][self.stack[-1][2]] += data


def parse_units(html: str) -> Units:
    p = Units()
    p.feed(html)
    return p


def squash(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


def test_library_lists_documents_newest_first_with_facets(client: Any, library: Any) -> None:
    r = client.get("/")
    assert r.status_code == 200
    assert "Harbour Cities and River Trade" in r.text
    ids = re.findall(r'href="/doc/([0-9a-f]+)"', r.text)
    expected = [d["id"] for d in library.list_documents()]
    assert list(dict.fromkeys(ids)) == expected
    # facets with counts and links that keep the filter in the URL
    assert re.search(r'href="\?source=Test\+Quarterly">Test Quarterly <span class="count">1</span>', r.text)
    assert "Lin Meiyu" in r.text and "Tom Archer" in r.text
    r = client.get("/?source=Test+Quarterly")
    assert "Harbour Cities" in r.text and "1 document" in r.text
    r = client.get("/?year=2024&script=zh-Hant")
    assert r.status_code == 200 and "Harbour Cities" in r.text
    r = client.get("/?keyword=nothing-like-this")
    assert "No document matches" in r.text


def test_library_sort_and_pagination(client: Any, library: Any) -> None:
    for i in range(25):
        library.add_document(
            Document(
                id=f"{i:016x}",
                path=f"p{i}.txt",
                title={"zh": None, "en": f"Paper number {i:02d}"},
                published=f"2001-01-{i + 1:02d}",
                units=[Unit("u1", "paragraph", "中文", "English")],
            )
        )
    r = client.get("/?sort=title")
    assert r.status_code == 200
    titles = re.findall(r'<span class="t-en" lang="en">(Paper number \d+)</span>', r.text)
    assert titles == sorted(titles) and titles
    assert 'href="?sort=title&amp;page=2"' in r.text
    page2 = client.get("/?sort=title&page=2")
    assert "Page 2 of 2" in page2.text
    r = client.get("/?page=99")  # past the end: the last page
    assert "Page 2 of 2" in r.text
    r = client.get("/?sort=evil")
    assert r.status_code == 200


def test_document_pairs_side_by_side(client: Any, library: Any) -> None:
    doc_id = doc_id_by_title(library, "Harbour Cities")
    doc = library.get_document(doc_id)
    r = client.get(f"/doc/{doc_id}")
    assert r.status_code == 200
    units = parse_units(r.text)
    assert list(units.units) == [u.id for u in doc.units]
    for u in doc.units:
        assert squash(units.units[u.id]["zh"]) == squash(u.zh)
        assert squash(units.units[u.id]["en"]) == squash(u.en)
    # the heading is one <h2> spanning both columns
    assert re.search(r'data-unit-id="u2">\s*<h2 class="pair">', r.text)
    # metadata header
    assert "Lin Meiyu" in r.text and "Test Quarterly" in r.text and "2024-03-05" in r.text


def test_document_sentence_twins_share_an_index(client: Any, library: Any) -> None:
    doc_id = doc_id_by_title(library, "Harbour Cities")
    u1 = library.get_document(doc_id).unit("u1")
    assert len(u1.sentences) == 2
    units = parse_units(client.get(f"/doc/{doc_id}").text)
    u1_spans = [(side, s) for unit, side, s in units.sentences if unit == "u1"]
    assert sorted(u1_spans) == [("en", "0"), ("en", "1"), ("zh", "0"), ("zh", "1")]


def test_stale_sentences_are_not_shown(client: Any, library: Any) -> None:
    """Sentences that no longer spell the unit (edited without re-analysis) give way to the whole text."""
    library.add_document(
        Document(
            id="feedfacefeedface",
            path="s.txt",
            title={"zh": None, "en": "Stale"},
            units=[
                Unit(
                    "u1",
                    "paragraph",
                    "新的文字。",
                    "New text. Really new.",
                    sentences=[Sentence("旧的。", "Old."), Sentence("旧的二。", "Old two.")],
                )
            ],
        )
    )
    page = parse_units(client.get("/doc/feedfacefeedface").text)
    assert page.sentences == [] and squash(page.units["u1"]["en"]) == squash("New text. Really new.")


def test_document_findings_marked_on_their_unit(client: Any, library: Any) -> None:
    doc_id = doc_id_by_title(library, "Harbour Cities")
    findings = library.findings(doc_id)
    assert any(f.unit_id == "u4" and f.kind == "number" for f in findings)
    r = client.get(f"/doc/{doc_id}")
    u4 = r.text[r.text.index('data-unit-id="u4"') : r.text.index('data-unit-id="u5"')]
    assert "has-error" in r.text[r.text.index('id="u4"') - 80 : r.text.index('id="u4"')]
    assert '<span class="flag flag-error" title="zh 30% ≠ en 20%">30%</span>' in u4
    assert '<span class="flag flag-error" title="zh 30% ≠ en 20%">20%</span>' in u4
    assert "zh 30% ≠ en 20%" in u4
    assert "1 error" in r.text


def test_document_script_switch(client: Any, library: Any) -> None:
    doc_id = doc_id_by_title(library, "Harbour Cities")
    original = client.get(f"/doc/{doc_id}").text
    assert "處理" in original and 'lang="zh-Hant"' in original
    hans = client.get(f"/doc/{doc_id}?script=zh-Hans").text
    assert "处理" in hans and "處理" not in parse_units(hans).units["u1"]["zh"]
    assert 'lang="zh-Hans"' in hans
    back = client.get(f"/doc/{doc_id}?script=zh-Hant").text
    assert "處理" in back
    assert client.get(f"/doc/{doc_id}?script=klingon").status_code == 200


def test_document_prefix_redirects_and_unknown_is_404(client: Any, library: Any) -> None:
    doc_id = doc_id_by_title(library, "Harbour Cities")
    r = client.get(f"/doc/{doc_id[:6]}")
    assert r.status_code == 307 and r.headers["location"] == f"/doc/{doc_id}"
    r = client.get("/doc/0000000000000000")
    assert r.status_code == 404 and "no document" in r.text
    assert client.get("/no/such/page").status_code == 404


def test_cite_menu_every_style(client: Any, library: Any) -> None:
    from duizhao.export.cite import STYLES

    doc_id = doc_id_by_title(library, "Harbour Cities")
    page = client.get(f"/doc/{doc_id}").text
    assert f'hx-get="/doc/{doc_id}/cite"' in page and f'href="/doc/{doc_id}/cite"' in page
    fragment = client.get(f"/doc/{doc_id}/cite", headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and "<html" not in fragment.text
    for style in STYLES:
        assert f'id="cite-{style}"' in fragment.text and f'data-copy="cite-{style}"' in fragment.text
    assert "Harbour Cities and River Trade" in fragment.text
    full = client.get(f"/doc/{doc_id}/cite")
    assert "<html" in full.text and "bibtex" in full.text


@pytest.mark.parametrize("fmt", ["md", "json", "bibtex", "ris", "csl-json"])
def test_export_downloads(client: Any, library: Any, fmt: str) -> None:
    doc_id = doc_id_by_title(library, "Harbour Cities")
    assert f"/doc/{doc_id}/export?format={fmt}" in client.get(f"/doc/{doc_id}").text
    r = client.get(f"/doc/{doc_id}/export?format={fmt}")
    assert r.status_code == 200
    assert r.headers["content-disposition"].startswith(f'attachment; filename="{doc_id}.')
    assert "Harbour" in r.content.decode("utf-8")


def test_export_unknown_format(client: Any, library: Any) -> None:
    doc_id = doc_id_by_title(library, "Harbour Cities")
    r = client.get(f"/doc/{doc_id}/export?format=exe")
    assert r.status_code == 400 and "unknown export format" in r.text


def test_history_shown_on_document(client: Any, library: Any) -> None:
    doc_id = doc_id_by_title(library, "Harbour Cities")
    assert "No changes since this document was added" in client.get(f"/doc/{doc_id}").text
    library.edit_unit(doc_id, "u3", "en", "A new railway joins the three harbours.", "edith", 1)
    r = client.get(f"/doc/{doc_id}")
    hist = r.text[r.text.index('id="history"') :]
    assert "edith" in hist and "A new railway line joins the three harbours." in hist
    assert "A new railway joins the three harbours." in hist and 'href="#u3"' in hist


def test_report_an_error_as_a_reader(client: Any, library: Any) -> None:
    doc_id = doc_id_by_title(library, "Harbour Cities")
    page = client.get(f"/doc/{doc_id}").text
    assert page.count("Report an error") >= len(library.get_document(doc_id).units)
    form = client.get(f"/doc/{doc_id}/unit/u3/report?side=en", headers={"HX-Request": "true"})
    assert form.status_code == 200 and "<html" not in form.text
    token = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)
    r = client.post(
        f"/doc/{doc_id}/unit/u3/report",
        data={
            "csrf": token,
            "side": "en",
            "text": "A new railway line links the three harbours.",
            "note": "joins → links",
        },
        headers={"HX-Request": "true"},
    )
    assert r.status_code == 200 and "Thank you" in r.text
    pending = library.corrections(status="pending")
    assert [(c["unit_id"], c["side"], c["new_text"], c["reporter"]) for c in pending] == [
        ("u3", "en", "A new railway line links the three harbours.", "reader")
    ]
    assert (
        library.get_document(doc_id).unit("u3").en == "A new railway line joins the three harbours."
    )  # unchanged until applied
    # without htmx: a whole page
    full = client.get(f"/doc/{doc_id}/unit/u3/report")
    assert "<html" in full.text
    r = client.post(
        f"/doc/{doc_id}/unit/u3/report", data={"csrf": token, "side": "zh", "text": "新的鐵路把三個港口連起來。"}
    )
    assert r.status_code == 200 and "<html" in r.text and "Thank you" in r.text


def test_report_rejects_bad_input(client: Any, library: Any) -> None:
    doc_id = doc_id_by_title(library, "Harbour Cities")
    token = client.csrf(f"/doc/{doc_id}/unit/u3/report")
    same = client.post(
        f"/doc/{doc_id}/unit/u3/report",
        data={"csrf": token, "side": "en", "text": "A new railway line joins the three harbours."},
    )
    assert same.status_code == 400 and "same as the current text" in same.text
    empty = client.post(f"/doc/{doc_id}/unit/u3/report", data={"csrf": token, "side": "en", "text": "   "})
    assert empty.status_code == 400
    side = client.post(f"/doc/{doc_id}/unit/u3/report", data={"csrf": token, "side": "fr", "text": "x"})
    assert side.status_code == 400
    assert client.get(f"/doc/{doc_id}/unit/u99/report").status_code == 404
    assert library.corrections() == []


def test_search_page_highlights_both_languages(client: Any, library: Any) -> None:
    r = client.get("/search?q=harbours")
    assert r.status_code == 200
    assert "<mark>" in r.text and "Harbour Cities" in r.text
    doc_id = doc_id_by_title(library, "Harbour Cities")
    assert f'href="/doc/{doc_id}#u' in r.text
    # filters are kept in the URL of the facet and page links
    r = client.get("/search?q=harbours&source=Test+Quarterly&side=en")
    assert r.status_code == 200 and "<mark>" in r.text
    assert 'value="Test Quarterly"' in r.text and '<option value="en" selected>' in r.text
    none = client.get("/search?q=harbours&source=Nowhere")
    assert "Nothing found" in none.text
    bad = client.get("/search?q=x&date_from=yesterday")
    assert bad.status_code == 400
    assert client.get("/search").status_code == 200


def test_search_page_says_when_the_total_is_a_lower_bound(client: Any, monkeypatch: Any) -> None:
    import re

    import duizhao.search as search_pkg

    exact = client.get("/search?q=harbours").text
    n = int(re.search(r"(\d+) hits? for", exact).group(1))
    assert n >= 2 and f"{n}+ hit" not in exact
    monkeypatch.setattr(search_pkg, "RANK_SCAN", 1)  # the first stage sees one match…
    monkeypatch.setattr(search_pkg, "TOTAL_CAP", 1)  # …and counting stops at once
    # another query string (result pages are kept per query): the same word, so the same hits
    assert re.search(r"\d+\+ hits for", client.get("/search?q=harbour").text)


def test_search_snippet_markup_is_escaped(client: Any, library: Any) -> None:
    r = client.get("/search?q=testing")
    assert r.status_code == 200
    assert "<script>alert" not in r.text
    assert "&lt;script&gt;" in r.text


def test_highlight_escapes_before_marking() -> None:
    from duizhao.web.search import highlight

    assert str(highlight("a «<b>» c")) == "a <mark>&lt;b&gt;</mark> c"
    assert str(highlight("<script>x</script>")) == "&lt;script&gt;x&lt;/script&gt;"
    assert "<mark>" not in str(highlight("«unclosed"))


def test_site_header_links_the_knowledge_pages(client: Any, library: Any) -> None:
    home = client.get("/").text
    nav = home[home.index('<nav class="site-nav"') : home.index("</nav>", home.index('<nav class="site-nav"'))]
    for href in ("/entities", "/timeline", "/figures"):
        assert f'<a href="{href}">' in nav
    page = client.get("/timeline").text
    assert '<a href="/timeline" aria-current="page">Timeline</a>' in page
    assert client.get("/entities").status_code == 200 and client.get("/figures").status_code == 200


def test_entities_filter_that_matches_nothing_says_so(client: Any, library: Any) -> None:
    """A filter with no match is not an empty library: the page says the filter matched nothing and
    offers the whole list back, rather than telling the user to ingest documents."""
    page = client.get("/entities", params={"q": "zzqqxx"}).text
    assert "No entity matches this filter (name “zzqqxx”)" in page and 'href="/entities">show them all' in page
    assert "ingest documents first" not in page
    typed = client.get("/entities", params={"type": "currency", "q": "zzqqxx"}).text
    assert "(name “zzqqxx”, type currency)" in typed
    figures = client.get("/figures", params={"measure": "zzqqxx"}).text
    assert "No figure matches this filter" in figures and 'href="/figures">show them all' in figures


def test_uncertain_links_and_omissions_are_marked(client: Any, library: Any) -> None:
    """A doubtful link shows as uncertain (its confidence in the tooltip); a sentence with no
    counterpart shows as an omission with a visible note; sure links stay plain."""
    library.add_document(
        Document(
            id="0123abcd0123abcd",
            path="m.txt",
            title={"zh": None, "en": "Marks"},
            units=[
                Unit(
                    "u1",
                    "paragraph",
                    "第一句。第二句。漏译的一句。",
                    "First. Second, perhaps.",
                    sentences=[Sentence("第一句。", "First.", 0.97), Sentence("第二句。", "Second, perhaps.", 0.31),
                               Sentence("漏译的一句。", "", 0.88)],
                )
            ],
        )
    )
    html = client.get("/doc/0123abcd0123abcd").text
    assert '<span class="s" data-s="0">第一句。</span>' in html
    assert re.search(r'<span class="s uncertain" data-s="1" title="Uncertain alignment \(confidence 0\.31\)">第二句。', html)
    assert re.search(r'<span class="s uncertain" data-s="1" [^>]*>Second, perhaps\.', html)
    assert re.search(r'<span class="s omission" data-s="2" [^>]*>漏译的一句。<span class="omission-note">no English</span>',
                     html)
