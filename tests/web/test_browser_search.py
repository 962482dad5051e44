"""The search page's "One hit per document" toggle in a real browser (Debian chromium via Playwright)
against `duizhao serve`: ticking it and refining groups the hits, one per document, with the
document's next best units beneath; the links keep it; no console errors."""
from __future__ import annotations

from typing import Any

import pytest

from .test_browser import browser, page, server, shot  # noqa: F401 - the fixtures of that module

pytestmark = pytest.mark.browser


def test_by_document_toggle(server: dict[str, Any], page: Any) -> None:  # noqa: F811
    base = server["base"]
    page.goto(base + "/search?q=harbours")
    flat = page.locator("ol.hits > li.hit").count()
    flat_docs = {h.split("#")[0] for h in page.locator("ol.hits > li.hit a.doc-title").evaluate_all("els => els.map(e => e.getAttribute('href'))")}
    assert flat >= 2 and not page.locator("#f-by-document").is_checked()
    page.check("#f-by-document")
    page.click("form.filters button[type='submit']")
    page.wait_for_url("**by_document=1*")
    assert page.locator("#f-by-document").is_checked()
    grouped = page.locator("ol.hits > li.hit a.doc-title").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    docs = [h.split("#")[0] for h in grouped]
    assert len(docs) == len(set(docs)) and set(docs) <= flat_docs | set(docs) and len(docs) <= flat
    assert "document" in page.locator("h1 .count-big").inner_text()
    if flat > len(flat_docs):  # some document had several hits: they are beneath it now
        assert page.locator("ul.beneath li").count() >= 1
    shot(page, "30-search-by-document")
    assert page.problems == []
