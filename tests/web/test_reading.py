"""Chinese typography on the reading page: no space between Chinese sentences, footnote marks as
superscripts linked to a notes section, the Taiwan standard for a Taiwan document's conversions."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from duizhao.model import Document, Sentence, Unit
from duizhao.pipeline import ingest
from duizhao.web.document import footnotes, reading_html, reading_rows

# A Taiwan digest: 為, 峰, 軟體 are Taiwan's forms (OpenCC's own standard writes 爲, 峯).
TAIWAN = """標題/Title: Taiwan Software Summit

作者/Author(s): Chen Yawen

網站來源/Source: Test Review

日期/Date: 2024-04-01


摘要:
因為軟體產業成長,臺北舉辦了高峰會。與會者說,明年的規模會更大。

Summary:
Because the software industry grew, Taipei held a summit. Participants said next year's would be larger.
"""


def _two_sentence_unit() -> Unit:
    return Unit(
        "u1",
        "paragraph",
        zh="海牙国际法院做出裁决。俄被开除出欧洲委员会。",
        en="The court ruled on Ukraine.”1 Russia was expelled from the Council of Europe.2",
        sentences=[
            Sentence(zh="海牙国际法院做出裁决。", en="The court ruled on Ukraine.”1"),
            Sentence(zh="俄被开除出欧洲委员会。", en="Russia was expelled from the Council of Europe.2"),
        ],
    )


def test_chinese_sentences_join_without_a_space_english_with_one() -> None:
    doc = Document(id="d1", script="zh-Hans", units=[_two_sentence_unit()])
    rows, _ = reading_rows(doc, [])
    html = str(reading_html(rows, "d1", "zh-Hans"))
    assert "裁决。</span><span" in html and "裁决。</span> <span" not in html
    # the English side keeps its space, also after a closing quote and a note mark
    assert re.search(r"Ukraine\.”<sup class=\"fn\">.*?</sup></span> <span", html)


def test_footnote_marks_are_superscripts_linked_to_the_notes() -> None:
    notes_heading = Unit("u2", "heading", en="Notes", zh="注释")
    note_1 = Unit("u3", "paragraph", en="1. UN General Assembly resolution ES-11/1.")
    doc = Document(id="d1", script="zh-Hans", units=[_two_sentence_unit(), notes_heading, note_1])
    rows, _ = reading_rows(doc, [])
    html = str(reading_html(rows, "d1", "zh-Hans"))
    assert '<sup class="fn"><a href="#fn-1" aria-label="note 1">1</a></sup>' in html
    assert 'href="#fn-2"' in html and "Europe.2" not in html
    notes = footnotes(doc)
    assert [(n.number, n.unit_id) for n in notes] == [(1, "u1"), (2, "u1")]
    assert notes[0].text == "UN General Assembly resolution ES-11/1." and notes[1].text is None


def test_numbers_are_not_taken_for_note_marks() -> None:
    unit = Unit("u1", "paragraph", en="See section 3.1 of the plan, 1,750 drones and 2.5 percent.")
    doc = Document(id="d1", units=[unit])
    assert footnotes(doc) == []
    rows, _ = reading_rows(doc, [])
    assert "<sup" not in str(reading_html(rows, "d1", "zh"))


def test_the_page_has_the_notes_section(client: Any, library: Any, tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text(
        "Title: Noted\n\nSource: Test Review\n\n摘要:\n海牙国际法院做出裁决,要求俄罗斯立即停止军事行动。俄被开除出欧洲委员会。\n\n"
        "Summary:\nThe International Court of Justice ruled that Russia must stop its military operations.”1"
        " Russia was expelled from the Council of Europe.\n",
        encoding="utf-8",
    )
    report = ingest(library, [path])
    assert not report.failed, report.failed
    doc_id = report.ingested[0]["id"]
    page = client.get(f"/doc/{doc_id}").text
    assert 'href="#fn-1"' in page and 'id="fn-1"' in page and 'href="#u' in page.split('id="fn-1"')[1][:400]


def test_a_taiwan_document_converts_with_the_taiwan_standard(client: Any, library: Any, tmp_path: Path) -> None:
    path = tmp_path / "taiwan.txt"
    path.write_text(TAIWAN, encoding="utf-8")
    report = ingest(library, [path])
    assert not report.failed, report.failed
    doc_id = report.ingested[0]["id"]
    hant = client.get(f"/doc/{doc_id}?script=zh-Hant").text
    assert "因為軟體" in hant and "爲" not in hant and "峯" not in hant
    assert "s2twp" in hant and "Taiwan" in hant  # the page says which conversion it used
    hans = client.get(f"/doc/{doc_id}?script=zh-Hans").text
    assert "因为软件" in hans and "tw2sp" in hans
    # a simplified document keeps OpenCC's general configuration
    simplified = Document(id="d2", script="zh-Hans", units=[Unit("u1", "paragraph", zh="因为软件。")])
    rows, _ = reading_rows(simplified, [], "zh-Hant", None)
    assert "因爲軟件" in str(reading_html(rows, "d2", "zh-Hant"))


def test_views_one_language_or_both_remembered(client: Any, library: Any) -> None:
    from .conftest import doc_id_by_title

    doc_id = doc_id_by_title(library, "Harbour Cities")
    page = client.get(f"/doc/{doc_id}").text
    assert 'class="document view-both"' in page
    assert f'href="/doc/{doc_id}?view=zh"' in page and f'href="/doc/{doc_id}?view=en"' in page
    r = client.get(f"/doc/{doc_id}?view=zh&script=zh-Hans")
    assert 'class="document view-zh"' in r.text and "duizhao_view=zh" in r.headers.get("set-cookie", "")
    # the other links keep the script; the choice is remembered without the parameter
    assert f'href="/doc/{doc_id}?script=zh-Hans&amp;view=en"' in r.text
    assert 'class="document view-zh"' in client.get(f"/doc/{doc_id}").text
    assert 'class="document view-en"' in client.get(f"/doc/{doc_id}?view=en").text
    assert 'class="document view-en"' in client.get(f"/doc/{doc_id}?view=nonsense").text  # ignored, kept
    # the Export menu offers a PDF per language
    assert f"/doc/{doc_id}/export?format=pdf&amp;lang=zh" in page and "PDF, English only" in page


def test_pdf_per_language(client: Any, library: Any) -> None:
    import io

    import pypdf

    from .conftest import doc_id_by_title

    doc_id = doc_id_by_title(library, "Harbour Cities")
    texts = {}
    for lang in ("zh", "en"):
        r = client.get(f"/doc/{doc_id}/export?format=pdf&lang={lang}")
        assert r.status_code == 200 and r.content.startswith(b"%PDF")
        assert f'filename="{doc_id}-{lang}.pdf"' in r.headers["content-disposition"]
        texts[lang] = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(r.content)).pages)
    assert "鐵路" in texts["zh"] and "railway" not in texts["zh"]
    assert "railway" in texts["en"] and "鐵路" not in texts["en"]
    assert client.get(f"/doc/{doc_id}/export?format=pdf&lang=fr").status_code == 400
    assert client.get(f"/doc/{doc_id}/export?format=md&lang=zh").status_code == 400


def test_report_form_offers_the_language_being_read(client: Any, library: Any) -> None:
    from .conftest import doc_id_by_title

    doc_id = doc_id_by_title(library, "Harbour Cities")
    assert 'value="en" checked' in client.get(f"/doc/{doc_id}/unit/u3/report").text.replace("\n", " ")
    client.get(f"/doc/{doc_id}?view=zh")
    assert 'value="zh" checked' in client.get(f"/doc/{doc_id}/unit/u3/report").text.replace("\n", " ")
    assert 'value="en" checked' in client.get(f"/doc/{doc_id}/unit/u3/report?side=en").text.replace("\n", " ")
