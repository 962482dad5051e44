"""The Terms page in a real browser (Debian chromium via Playwright) against `duizhao serve`: an
editor signs in, adds a term, finds it by its traditional form, rejects it; no console errors."""
from __future__ import annotations

from typing import Any

import pytest

from .conftest import PASSWORD
from .test_browser import browser, page, server, shot  # noqa: F401 - the fixtures of that module

pytestmark = pytest.mark.browser


def test_terms_page_add_search_reject(server: dict[str, Any], page: Any) -> None:  # noqa: F811
    base = server["base"]
    page.goto(base + "/terms")
    assert page.locator("nav.site-nav a[href='/terms']").get_attribute("aria-current") == "page"
    assert page.locator("form[action='/terms/add']").count() == 0  # readers: no editor forms
    page.goto(base + "/login?next=/terms")
    page.fill("#login-name", "edith")
    page.fill("#login-password", PASSWORD)
    page.click('form[action="/login"] button[type="submit"]')
    page.wait_for_url("**/terms")
    page.fill("#add-zh", "无人机群")
    page.fill("#add-en", "drone swarm")
    page.click("form.terms-add button[type='submit']")
    page.wait_for_url("**/terms?message=*")
    assert "Added" in page.locator(".message").inner_text()
    page.fill("#terms-q", "無人機群")
    page.click("form.terms-search button[type='submit']")
    page.wait_for_url("**/terms?q=*")
    row = page.locator("tr.term").first
    assert "drone swarm" in row.inner_text() and "confirmed" in row.inner_text()
    shot(page, "20-terms")
    row.locator("form[action$='/reject'] button").click()
    page.wait_for_url("**/terms?q=*message=*")
    assert "rejected" in page.locator("tr.term").first.inner_text()
    assert page.problems == []
