"""Floods, in process: long documents come a page at a time, the editors' queue is paged and its
diffs bounded, an upload holds at most MAX_FILES files, and an upload's analysis runs in the worker."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest

from duizhao.model import Document, Unit
from duizhao.web.auth import MAX_FILES
from duizhao.web.document import ALL_UNITS, PAGE_UNITS
from duizhao.web.editor import DIFF_BUDGET, QUEUE_PAGE, diff_parts


def long_document(n: int, doc_id: str) -> Document:
    units = [Unit(id=f"u{i + 1}", kind="paragraph", zh=f"第{i + 1}段。", en=f"Paragraph {i + 1}.") for i in range(n)]
    return Document(id=doc_id, path=f"{doc_id}.txt", title={"zh": "长文", "en": f"Long {n}"}, units=units)


def unit_ids(html: str) -> list[str]:
    return re.findall(r'<div class="unit [^"]*" id="(u\d+)"', html)


def test_a_long_document_comes_a_page_at_a_time(client: Any, library: Any) -> None:
    n = 2 * PAGE_UNITS + 50
    library.add_document(long_document(n, "10ng000000000001"))
    r = client.get("/doc/10ng000000000001")
    assert r.status_code == 200
    assert unit_ids(r.text) == [f"u{i + 1}" for i in range(PAGE_UNITS)]
    assert f"Units 1–{PAGE_UNITS} of {n}" in r.text and 'rel="next" href="/doc/10ng000000000001?page=2"' in r.text
    last = client.get("/doc/10ng000000000001?page=3")
    assert unit_ids(last.text) == [f"u{i + 1}" for i in range(2 * PAGE_UNITS, n)] and 'rel="next"' not in last.text
    assert client.get("/doc/10ng000000000001?page=99").text.count('class="unit ') == 50  # clamped to the last
    # a link to a unit finds its page (app.js sends /doc/ID#u300 there when the unit is not on the page)
    held = client.get(f"/doc/10ng000000000001?unit=u{PAGE_UNITS + 7}")
    assert f'id="u{PAGE_UNITS + 7}"' in held.text and "page 2 of 3" in held.text
    assert 'data-paged="10ng000000000001"' in r.text
    # ... and all of it on one page, side by side as ever
    whole = client.get("/doc/10ng000000000001?all=1")
    assert len(unit_ids(whole.text)) == n and "data-paged" not in whole.text and "Read it a page at a time" in whole.text
    assert whole.text.count('<div class="pair"><div class="side zh"') == n
    # the script switch keeps the page
    hant = client.get("/doc/10ng000000000001?script=zh-Hant")
    assert 'href="/doc/10ng000000000001?script=zh-Hant&amp;page=2"' in hant.text and "第1段" in hant.text


def test_too_long_to_show_whole(client: Any, library: Any) -> None:
    library.add_document(long_document(ALL_UNITS + 1, "10ng000000000002"))
    r = client.get("/doc/10ng000000000002?all=1")
    assert len(unit_ids(r.text)) == PAGE_UNITS and "Too long for one page" in r.text
    assert len(r.content) < 2_000_000


def test_a_short_document_is_one_page(client: Any, library: Any) -> None:
    library.add_document(long_document(PAGE_UNITS, "10ng000000000003"))
    r = client.get("/doc/10ng000000000003")
    assert len(unit_ids(r.text)) == PAGE_UNITS and "doc-pager" not in r.text and "data-paged" not in r.text


def test_the_queue_is_paged(client: Any, library: Any) -> None:
    doc_id = library.list_documents()[0]["id"]
    unit = library.get_document(doc_id).units[0].id
    ids = [library.propose_correction(doc_id, unit, "en", f"Fix number {k}.", "", "reader") for k in range(QUEUE_PAGE + 20)]
    client.login("edith")
    first = client.get("/corrections")
    shown = [int(x) for x in re.findall(r'<li class="correction status-pending" id="c(\d+)"', first.text)]
    assert shown == ids[:QUEUE_PAGE]  # oldest first
    assert f"Pending ({QUEUE_PAGE + 20})" in first.text and "page=2" in first.text
    second = client.get("/corrections?page=2")
    assert [int(x) for x in re.findall(r'id="c(\d+)"', second.text)] == ids[QUEUE_PAGE:]


def test_long_rewrites_are_diffed_within_the_budget() -> None:
    old = " ".join(f"w{k % 97}" for k in range(3000))
    new = " ".join(f"v{k % 89}" for k in range(9000))
    assert len(old.split()) * len(new.split()) > DIFF_BUDGET
    t = time.perf_counter()
    parts = diff_parts("Same start. " + old + " same end.", "Same start. " + new + " same end.")
    assert time.perf_counter() - t < 1.0
    assert parts[0] == ("equal", "Same start. ") and parts[-1] == ("equal", " same end.")
    assert [op for op, _ in parts[1:-1]] == ["del", "ins"]
    # short edits are still diffed word by word
    assert diff_parts("the red car", "the blue car") == [("equal", "the "), ("del", "red"), ("ins", "blue"), ("equal", " car")]


def test_more_files_than_allowed_are_refused_whole(client: Any, library: Any) -> None:
    client.login("edith")
    token = client.csrf("/upload")
    before = library.stats()["documents"]
    files = [("files", (f"f{k}.txt", f"标题{k}\n\n第{k}段。\n\nParagraph {k}.\n".encode())) for k in range(MAX_FILES + 10)]
    r = client.post("/upload", data={"csrf": token}, files=files)
    assert r.status_code in (400, 413) and str(MAX_FILES) in r.text
    assert library.stats()["documents"] == before


def test_an_uploads_analysis_runs_in_the_worker(client: Any, library: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The server process stores what the parse worker analysed: here its own analyzers fail if called."""
    import duizhao.knowledge
    from duizhao.search import index_rows

    def not_here(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("analysed inside the server process")

    monkeypatch.setattr(index_rows, "unit_rows", not_here)
    monkeypatch.setattr(duizhao.knowledge, "extract", not_here)
    client.login("edith")
    text = "标题:测试上传\n\n2023年俄罗斯对华出口煤炭1200万吨。\n\nIn 2023 Russia exported 12 million tons of coal to China.\n"
    r = client.post(
        "/upload",
        data={"csrf": client.csrf("/upload")},
        files={"files": ("worker.txt", text.encode())},
        headers={"accept": "application/json"},
    )
    result = r.json()["results"][0]
    assert result["status"] == "ingested", result
    rows = library.fetch_all(library.cursor(), "SELECT side, tokens FROM search_rows WHERE doc_id = ?", (result["id"],))
    assert {r["side"] for r in rows} == {"zh", "en"} and any("coal" in r["tokens"] for r in rows)
    figures = library.fetch_all(library.cursor(), "SELECT measure FROM kn_figures WHERE doc_id = ?", (result["id"],))
    assert figures  # the knowledge the worker extracted was stored
