"""The reading-view cache: served again while the document is unchanged, never stale after a change
made anywhere (another worker, the CLI); the rows it renders in Python stay escaped; the warm-up."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from markupsafe import Markup

from duizhao.model import Finding
from duizhao.web.app import warm_up
from duizhao.web.cache import LRU, fingerprint
from duizhao.web.common import ENV, WebState
from duizhao.web.document import Row, reading_html, reading_view

from .conftest import doc_id_by_title, make_library
from .test_pages import parse_units


def test_second_view_comes_from_the_cache(app: Any, library: Any, client: Any) -> None:
    doc_id = doc_id_by_title(library, "Harbour Cities")
    web = app.state.web
    first = reading_view(web, web.library(), doc_id, None)
    assert reading_view(web, web.library(), doc_id, None) is first
    # each script is its own entry, the parsed document is shared
    hans = reading_view(web, web.library(), doc_id, "zh-Hans")
    assert hans is not first and hans.doc is first.doc and "处理" in hans.html and "處理" in first.html
    assert client.get(f"/doc/{doc_id}").text.count(str(first.html)) == 1
    assert reading_view(web, web.library(), doc_id[:6], None) is None  # a prefix: the page redirects


def test_a_change_made_outside_the_web_is_seen_at_once(app: Any, library: Any, client: Any) -> None:
    """Another process (the CLI, another worker) edits the library: the next page shows the edit."""
    doc_id = doc_id_by_title(library, "Harbour Cities")
    before = parse_units(client.get(f"/doc/{doc_id}").text).units["u3"]["en"]
    assert "joins the three harbours" in before
    version = library.unit_versions(doc_id)["u3"]
    library.edit_unit(doc_id, "u3", "en", "A railway now ties the three harbours.", "edith", version)
    after = parse_units(client.get(f"/doc/{doc_id}").text).units["u3"]["en"]
    assert after == "A railway now ties the three harbours."
    # two metadata edits within the same second (updated_at has one-second resolution)
    library.update_metadata(doc_id, {"title_en": "Harbour Towns"}, "edith")
    assert '<span class="t-en" lang="en">Harbour Towns</span>' in client.get(f"/doc/{doc_id}").text
    library.update_metadata(doc_id, {"title_en": "Harbour Villages"}, "edith")
    page = client.get(f"/doc/{doc_id}").text
    assert '<span class="t-en" lang="en">Harbour Villages</span>' in page and "Harbour Towns</span>" not in page


def test_fingerprint_changes_with_units_findings_and_history(library: Any) -> None:
    doc_id = doc_id_by_title(library, "Harbour Cities")
    fp = fingerprint(library, doc_id)
    assert fp is not None and fingerprint(library, doc_id) == fp
    assert fingerprint(library, "0000000000000000") is None
    version = library.unit_versions(doc_id)["u1"]
    library.edit_unit(doc_id, "u1", "en", "Changed.", "edith", version)
    assert fingerprint(library, doc_id) != fp


def test_lru_bounds() -> None:
    lru = LRU(max_entries=2, max_bytes=100)
    lru.put("a", 1, 10)
    lru.put("b", 2, 10)
    assert lru.get("a") == 1  # a is now the most recent
    lru.put("c", 3, 10)
    assert lru.get("b") is None and lru.get("a") == 1 and lru.get("c") == 3
    lru.put("big", 4, 95)  # over the byte bound: the older entries go
    assert lru.get("a") is None and lru.get("c") is None and lru.get("big") == 4 and len(lru) == 1
    lru.put("big", 5, 10)  # replacing an entry frees its old size
    lru.put("d", 6, 80)
    assert lru.get("big") == 5 and lru.get("d") == 6


def test_reading_html_escapes_everything() -> None:
    evil = '"><script>alert(1)</script>'
    row = Row(
        id=evil,
        kind=evil,
        level=0,
        zh="中文",
        en="English",
        zh_parts=[(None, Markup("中文"))],
        en_parts=[(0, Markup("English")), (1, Markup("Two"))],
        findings=[Finding(kind=evil, severity="error", unit_id=evil, zh=None, en=None, detail=evil)],
    )
    html = str(reading_html([row], evil, evil))
    assert "<script" not in html and html.count("&#34;&gt;&lt;script&gt;") == 16  # ids, doc id, lang, kind, detail
    assert '<span class="s" data-s="0">English</span> <span class="s" data-s="1">Two</span>' in html
    empty = Row(id="u9", kind="paragraph", level=1, zh=None, en="Only English", zh_parts=[],
                en_parts=[(None, Markup("Only English"))])
    html = str(reading_html([empty], "d", "zh"))
    assert 'class="side zh empty"' in html and "no Chinese" in html and 'class="unit kind-paragraph level-1"' in html


def test_warm_up_loads_templates_and_search(app: Any, library: Any, caplog: Any) -> None:
    ENV.cache.clear()
    with caplog.at_level(logging.INFO, logger="uvicorn.error"):
        took = warm_up(app.state.web)
    assert took >= 0 and "warm-up took" in caplog.text and "failed" not in caplog.text
    assert any(key[1] == "document.html" for key in ENV.cache.keys())


@pytest.mark.postgres
def test_fingerprint_and_cache_on_postgres(pg_url: str) -> None:
    """The fingerprint query is the web's own SQL: it must run on the PostgreSQL backend too."""
    lib = make_library(pg_url)  # type: ignore[arg-type]  # open_library takes a URL too
    try:
        doc_id = doc_id_by_title(lib, "Harbour Cities")
        web = WebState(pg_url)
        try:
            fp = fingerprint(lib, doc_id)
            assert fp is not None and fingerprint(lib, "0000000000000000") is None
            view = reading_view(web, web.library(), doc_id, None)
            assert view is not None and reading_view(web, web.library(), doc_id, None) is view
            lib.edit_unit(doc_id, "u3", "en", "Edited on PostgreSQL.", "edith", lib.unit_versions(doc_id)["u3"])
            assert fingerprint(lib, doc_id) != fp
            again = reading_view(web, web.library(), doc_id, None)
            assert again is not view and "Edited on PostgreSQL." in again.html
        finally:
            web.close()
    finally:
        lib.close()


def test_search_results_are_kept_and_never_stale(app: Any, library: Any, client: Any) -> None:
    """The same search is answered from the kept page; an edit made by another connection (the CLI,
    another worker) is found by the very next search."""
    from duizhao.web.search import run_search

    doc_id = doc_id_by_title(library, "Harbour Cities")
    web_lib = app.state.web.library()
    first = run_search(web_lib, "harbours", 10, 0)
    assert run_search(web_lib, "harbours", 10, 0) is first  # kept
    assert run_search(web_lib, "harbours", 10, 0, side="en") is not first  # another request, another entry
    assert "zeppelin" not in client.get("/search?q=harbours").text.lower()
    version = library.unit_versions(doc_id)["u3"]
    library.edit_unit(doc_id, "u3", "en", "A zeppelin now ties the three harbours.", "edith", version)
    assert run_search(web_lib, "harbours", 10, 0) is not first
    assert "zeppelin" in client.get("/search?q=zeppelin").text.lower()
    assert "zeppelin" in client.get("/search?q=harbours").text.lower()
