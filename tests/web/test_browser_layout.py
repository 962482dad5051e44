"""Layout and typography in a real browser (Debian chromium via Playwright), at desktop (1400 px) and
phone (390 px) width: nothing wider than its container or the screen, the phone header short, the
Export menu's links off its border, upload results in even columns, Chinese sentences without a
space between them, footnote marks raised and linked. Screenshots go to tests/artifacts/layout-*.png.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import PASSWORD, doc_id_by_title, make_library
from .test_browser import ARGS, ARTIFACTS, CHROMIUM, serving

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1400, "height": 900}
PHONE = {"width": 390, "height": 844}

# Written for this test: Chinese sentences (joined without a space), English with footnote marks.
NOTED = """標題/Title: Notes and Sentences

作者/Author(s): Test Author

網站來源/Source: Test Review

日期/Date: 2024-05-01


摘要:
海牙国际法院做出裁决,要求俄罗斯立即停止军事行动。俄被开除出欧洲委员会,并被暂停在联合国人权理事会的会员资格。

Summary:
The International Court of Justice ordered Russia to stop its military operations at once.”1 Russia was expelled from the Council of Europe and suspended from the UN Human Rights Council.2
"""

# Measured in the page: every visible element that sticks out of `container` (or of the viewport),
# skipping what lives inside a box that scrolls sideways on purpose (the phone's link row, wide tables).
OVERFLOW_JS = """
([selector, slack]) => {
  const vw = document.documentElement.clientWidth;
  // inside a box that scrolls or clips sideways on purpose (the phone's link row, wide tables)
  const clipped = (el, stop) => {
    for (let p = el.parentElement; p && p !== stop; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible') return true;
    }
    return false;
  };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const out = [];
  const boxes = selector ? Array.from(document.querySelectorAll(selector)) : [document.body];
  for (const box of boxes) {
    const b = box.getBoundingClientRect();
    const left = selector ? b.left : 0, right = selector ? b.right : vw;
    for (const el of box.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width <= 1 || r.height <= 1 || r.right <= 0 || getComputedStyle(el).visibility === 'hidden') continue;
      if (clipped(el, selector ? box : null)) continue;
      // a closed <details> keeps its content's boxes in Chromium (content-visibility), unseen
      const shut = el.closest('details:not([open])');
      if (shut && !el.closest('summary') && el !== shut) continue;
      if (r.right > right + slack || (selector && r.left < left - slack)) {
        out.push(name(el) + ' [' + Math.round(r.left) + ', ' + Math.round(r.right) + '] outside ' +
                 (selector || 'the viewport') + ' [' + Math.round(left) + ', ' + Math.round(right) + ']');
      }
    }
  }
  return out;
}
"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: Any) -> Iterator[dict[str, Any]]:
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian chromium is not installed (make setup)")
    pytest.importorskip("playwright")
    tmp = tmp_path_factory.mktemp("layout")
    extra = tmp / "extra"
    extra.mkdir()
    (extra / "noted.txt").write_text(NOTED, encoding="utf-8")
    db = tmp / "lib.db"
    lib = make_library(db, [extra])
    info: dict[str, Any] = {
        "db": db,
        "harbour": doc_id_by_title(lib, "Harbour Cities"),
        "noted": doc_id_by_title(lib, "Notes and Sentences"),
        "tmp": tmp,
    }
    lib.close()
    with serving(db, tmp) as base:
        info["base"] = base
        yield info


@pytest.fixture(scope="module")
def browser(server: dict[str, Any]) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


def _context(browser: Any, size: dict[str, int]) -> Any:
    phone = size["width"] < 500
    return browser.new_context(viewport=size, is_mobile=phone, has_touch=phone, locale="en-US")


def overflow(pg: Any, selector: str | None = None, slack: float = 1.0) -> list[str]:
    problems: list[str] = pg.evaluate(OVERFLOW_JS, [selector, slack])
    return problems


def _sign_in(pg: Any, base: str) -> None:
    pg.goto(base + "/login?next=/upload")
    pg.fill("#login-name", "edith")
    pg.fill("#login-password", PASSWORD)
    pg.click('form[action="/login"] button[type="submit"]')
    pg.wait_for_url("**/upload")


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_pages_fit_their_containers_and_the_screen(server: dict[str, Any], browser: Any, size: dict[str, int]) -> None:
    base, tag = server["base"], f"{size['width']}"
    context = _context(browser, size)
    pg = context.new_page()
    try:
        pages = {
            "library": "/",
            "search": "/search?q=harbours&date_from=2024-01-01&date_to=2024-12-31",
            "document": f"/doc/{server['harbour']}",
            "document-zh": f"/doc/{server['noted']}?view=zh",
            "entities": "/entities",
        }
        for name, url in pages.items():
            pg.goto(base + url)
            pg.screenshot(path=str(ARTIFACTS / f"layout-{tag}-{name}.png"), full_page=False)
            assert overflow(pg) == [], (name, size)
            assert pg.evaluate("document.documentElement.scrollWidth") <= size["width"], name
            for box in (".facets", ".toolbar", ".site-inner", ".doc-head"):
                assert overflow(pg, box) == [], (name, box, size)
        # the search sidebar's date fields stay inside it (the To field ran over the results at 1400 px)
        pg.goto(base + pages["search"])
        side = pg.locator(".facets").bounding_box()
        for field in ("#f-from", "#f-to"):
            box = pg.locator(field).bounding_box()
            assert side and box and box["x"] + box["width"] <= side["x"] + side["width"] + 0.5, field
        # the Export menu: its links inside, off its border
        pg.goto(base + pages["document"])
        pg.locator("details.menu:has(summary:text('Export')) summary").click()
        menu = pg.locator("details.menu:has(summary:text('Export')) .menu-body")
        m = menu.bounding_box()
        assert m
        for link in menu.locator("a").all():
            r = link.bounding_box()
            assert r and r["x"] >= m["x"] + 6 and r["x"] + r["width"] <= m["x"] + m["width"] - 4, link.inner_text()
        first, last = menu.locator("a").first.bounding_box(), menu.locator("a").last.bounding_box()
        assert first and last and first["y"] >= m["y"] + 4 and last["y"] + last["height"] <= m["y"] + m["height"] - 4
        assert overflow(pg, ".menu-body") == []
        pg.screenshot(path=str(ARTIFACTS / f"layout-{tag}-export-menu.png"), full_page=False)
        # on a phone the header is a small part of the first screen
        header = pg.locator("header.site").bounding_box()
        assert header and header["height"] < 0.2 * size["height"], header
    finally:
        context.close()


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_upload_results_line_up(server: dict[str, Any], browser: Any, size: dict[str, int]) -> None:
    tmp: Path = server["tmp"]
    files = []
    for i in range(2):
        path = tmp / f"a_rather_long_file_name_for_an_upload_{i}_{size['width']}.txt"
        path.write_text(NOTED.replace("Notes and Sentences", f"Upload number {i}"), encoding="utf-8")
        files.append(str(path))
    bad = tmp / f"empty_{size['width']}.txt"
    bad.write_text("", encoding="utf-8")
    files.append(str(bad))
    context = _context(browser, size)
    pg = context.new_page()
    try:
        _sign_in(pg, server["base"])
        header = pg.locator("header.site").bounding_box()  # signed in, the header holds more links
        assert header and header["height"] < 0.2 * size["height"], header
        assert overflow(pg, ".site-inner") == []
        pg.set_input_files("#files", files)
        pg.click('#upload-form button[type="submit"]')
        rows = pg.locator("#upload-progress li")
        pg.wait_for_function(
            "() => Array.from(document.querySelectorAll('#upload-progress li .badge'))"
            ".every(b => !['waiting', 'uploading', 'reading'].includes(b.textContent))",
            timeout=60_000,
        )
        assert rows.count() == 3
        pg.screenshot(path=str(ARTIFACTS / f"layout-{size['width']}-upload.png"), full_page=True)
        lefts = {round(rows.nth(i).locator(".file").bounding_box()["x"]) for i in range(3)}  # type: ignore[index]
        infos = {round(rows.nth(i).locator(".info").bounding_box()["x"]) for i in range(3)}  # type: ignore[index]
        badges = {round(rows.nth(i).locator(".badge").bounding_box()["x"]) for i in range(3)}  # type: ignore[index]
        assert len(lefts) == 1 and infos == lefts and len(badges) == 1, (lefts, infos, badges)
        assert overflow(pg, ".progress") == [] and overflow(pg) == []
        assert rows.nth(2).locator(".badge").inner_text().lower() == "failed"
    finally:
        context.close()


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_chinese_typography_and_footnotes(server: dict[str, Any], browser: Any, size: dict[str, int]) -> None:
    context = _context(browser, size)
    pg = context.new_page()
    try:
        pg.goto(f"{server['base']}/doc/{server['noted']}")
        zh = pg.locator('[data-unit-id="u1"] .side.zh').inner_text()
        assert "行动。俄被开除" in zh and "。 " not in zh
        en = pg.locator('[data-unit-id="u1"] .side.en').inner_text()
        assert "once.”1 Russia" in en  # the space stays between English sentences
        sup = pg.locator('[data-unit-id="u1"] .side.en sup.fn a[href="#fn-1"]')
        assert sup.count() == 1
        # raised: the mark's box ends above the bottom of the character before it, and is smaller
        raised = pg.evaluate(
            """() => {
              const sup = document.querySelector('[data-unit-id="u1"] .side.en sup.fn');
              const text = sup.previousSibling;
              const range = document.createRange();
              range.setStart(text, text.length - 1);
              range.setEnd(text, text.length);
              const c = range.getBoundingClientRect(), m = sup.querySelector('a').getBoundingClientRect();
              return {char_bottom: c.bottom, char_height: c.height, mark_bottom: m.bottom, mark_height: m.height};
            }"""
        )
        assert raised["mark_bottom"] < raised["char_bottom"] - 2, raised
        assert raised["mark_height"] < raised["char_height"], raised
        sup.click()
        pg.wait_for_url("**#fn-1")
        assert pg.locator("#fn-1").is_visible() and "u1" in pg.locator("#fn-1 a.fn-back").inner_text()
        pg.screenshot(path=str(ARTIFACTS / f"layout-{size['width']}-notes.png"), full_page=False)
        # one language alone: the other side is gone and the text keeps a reading width
        pg.goto(f"{server['base']}/doc/{server['noted']}?view=en")
        assert pg.locator('[data-unit-id="u1"] .side.zh').is_hidden()
        assert pg.locator('[data-unit-id="u1"] .side.en').is_visible()
        pg.goto(f"{server['base']}/doc/{server['noted']}")  # remembered
        assert pg.locator('[data-unit-id="u1"] .side.zh').is_hidden()
        pg.screenshot(path=str(ARTIFACTS / f"layout-{size['width']}-english-only.png"), full_page=False)
    finally:
        context.close()
