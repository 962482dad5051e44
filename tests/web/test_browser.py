"""In a real browser (Debian chromium via Playwright) against `duizhao serve` on 127.0.0.1.

search → open a document → the pair is side by side → report an error → an editor signs in and
applies it → the history shows it; plus the script switch, the citation menu, a phone-width
screen and a hostile document. Screenshots of each page go to tests/artifacts/.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from .conftest import PASSWORD, doc_id_by_title, make_library

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(db: Path, cwd: Path) -> Iterator[str]:
    """`duizhao serve` on `db` as a real process on a free port; yields its base URL."""
    port = free_port()
    exe = Path(sys.executable).with_name("duizhao")
    proc = subprocess.Popen(
        [str(exe), "--db", str(db), "serve", "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        cwd=str(cwd),
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(base + "/static/style.css", timeout=2).read()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                out = proc.stdout.read().decode() if proc.stdout else ""
                proc.kill()
                raise RuntimeError(f"duizhao serve did not start: {out[-2000:]}") from None
            time.sleep(0.3)
    try:
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def server(tmp_path_factory: Any) -> Iterator[dict[str, Any]]:
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian chromium is not installed (make setup)")
    pytest.importorskip("playwright")
    tmp = tmp_path_factory.mktemp("browser")
    hostile = tmp / "hostile"
    hostile.mkdir()
    from .conftest import HOSTILE

    (hostile / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    db = tmp / "lib.db"
    lib = make_library(db, [hostile])
    info = {
        "db": db,
        "harbour": doc_id_by_title(lib, "Harbour Cities"),
        "hostile": next(d["id"] for d in lib.list_documents() if d["path"] == "hostile.txt"),
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


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    pg = context.new_page()
    pg.problems = []  # console errors (a CSP violation shows up here) and dialogs (an alert() that ran)
    pg.on("console", lambda m: pg.problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.problems.append(f"page error: {e}"))
    pg.on("dialog", lambda d: (pg.problems.append(f"dialog: {d.message}"), d.dismiss()))
    yield pg
    context.close()


def shot(pg: Any, name: str, full: bool = True) -> None:
    pg.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full)


def test_read_report_apply_history(server: dict[str, Any], page: Any) -> None:
    base, doc_id = server["base"], server["harbour"]
    page.goto(base + "/")
    assert page.locator(".doc-card").count() >= 2
    shot(page, "01-library")

    # search from the header box
    page.fill("#site-q", "harbours")
    page.press("#site-q", "Enter")
    page.wait_for_url("**/search?q=harbours")
    assert page.locator(".hit mark").count() >= 1
    shot(page, "02-search")

    # open the document from a hit
    page.locator(f'.hit a.doc-title[href^="/doc/{doc_id}"]').first.click()
    page.wait_for_url(f"**/doc/{doc_id}*")
    shot(page, "03-document")

    # the pair is side by side: Chinese left, English right, same row
    zh = page.locator('[data-unit-id="u3"] .side.zh').bounding_box()
    en = page.locator('[data-unit-id="u3"] .side.en').bounding_box()
    assert zh and en and zh["x"] + zh["width"] <= en["x"] and abs(zh["y"] - en["y"]) < 4
    assert "鐵路" in page.locator('[data-unit-id="u3"] .side.zh').inner_text()
    assert "railway" in page.locator('[data-unit-id="u3"] .side.en').inner_text()

    # hovering a sentence highlights its twin
    page.hover('[data-unit-id="u1"] .side.zh .s[data-s="1"]')
    assert "hl" in (page.locator('[data-unit-id="u1"] .side.en .s[data-s="1"]').get_attribute("class") or "")
    assert "hl" not in (page.locator('[data-unit-id="u1"] .side.en .s[data-s="0"]').get_attribute("class") or "")

    # the finding is marked on its unit
    assert page.locator('[data-unit-id="u4"] .finding.sev-error').inner_text().strip().endswith("zh 30% ≠ en 20%")

    # report an error in u3's English (the form comes in place with htmx)
    page.hover('[data-unit-id="u3"]')
    page.click('[data-unit-id="u3"] a.report')
    form = page.locator("#report-u3 form.report-form")
    form.wait_for()
    form.locator('input[value="en"]').check()
    form.locator('textarea[name="text"]').fill("A new railway line links the three harbours.")
    form.locator('textarea[name="note"]').fill("joins → links")
    shot(page, "04-report-form", full=False)
    form.locator('button[type="submit"]').click()
    page.locator("#report-u3 .alert.ok").wait_for()
    assert "Thank you" in page.locator("#report-u3").inner_text()

    # an editor signs in and applies it
    page.goto(base + "/login?next=/corrections")
    shot(page, "05-login")
    page.fill("#login-name", "edith")
    page.fill("#login-password", PASSWORD)
    page.click('form[action="/login"] button[type="submit"]')
    page.wait_for_url("**/corrections")
    item = page.locator("li.correction").filter(has_text="links the three harbours")
    assert item.count() == 1
    assert item.locator("ins").first.inner_text() == "links"
    shot(page, "06-corrections")
    item.locator('button:has-text("Apply")').click()
    page.locator(".alert.ok").wait_for()
    assert "applied" in page.locator(".alert.ok").inner_text()

    # the document shows the new text, and its history the old one
    page.goto(f"{base}/doc/{doc_id}#history")
    assert "links the three harbours" in page.locator('[data-unit-id="u3"] .side.en').inner_text()
    history = page.locator("#history ol.history li").first
    assert "edith" in history.inner_text()
    assert "A new railway line joins the three harbours." in history.locator(".before").inner_text()
    assert "A new railway line links the three harbours." in history.locator(".after").inner_text()
    shot(page, "07-history")
    assert page.problems == []


def test_script_switch_and_cite_menu(server: dict[str, Any], page: Any) -> None:
    base, doc_id = server["base"], server["harbour"]
    page.goto(f"{base}/doc/{doc_id}")
    assert "處理" in page.locator('[data-unit-id="u1"] .side.zh').inner_text()
    page.click('.script-switch a[lang="zh-Hans"]')
    page.wait_for_url("**script=zh-Hans")
    assert "处理" in page.locator('[data-unit-id="u1"] .side.zh').inner_text()
    page.click("#cite-menu summary")
    page.locator("#cite-body .citation").first.wait_for()
    assert page.locator("#cite-body .citation").count() >= 4
    assert "Harbour Cities" in page.locator("#cite-apa").inner_text()
    shot(page, "08-cite-menu", full=False)
    assert page.problems == []


def test_phone_width_stacks_the_columns(server: dict[str, Any], browser: Any) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    pg = context.new_page()
    try:
        pg.goto(f"{server['base']}/doc/{server['harbour']}")
        zh = pg.locator('[data-unit-id="u3"] .side.zh').bounding_box()
        en = pg.locator('[data-unit-id="u3"] .side.en').bounding_box()
        assert zh and en and en["y"] >= zh["y"] + zh["height"] - 1  # English under Chinese
        assert pg.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
        pg.screenshot(path=str(ARTIFACTS / "09-phone-document.png"), full_page=True)
        pg.goto(f"{server['base']}/")
        pg.screenshot(path=str(ARTIFACTS / "10-phone-library.png"), full_page=False)
    finally:
        context.close()


def test_hostile_document_is_inert_in_the_browser(server: dict[str, Any], page: Any) -> None:
    base, doc_id = server["base"], server["hostile"]
    for url in (f"/doc/{doc_id}", "/", "/search?q=testing", f"/doc/{doc_id}/cite"):
        page.goto(base + url)
        page.wait_for_timeout(300)
        assert page.locator("iframe, img, svg, [onerror], [onclick], [onload], [onmouseover]").count() == 0, url
        assert page.locator('a[href^="javascript:"]').count() == 0, url
    page.goto(f"{base}/doc/{doc_id}")
    assert "<script>alert('title')</script>" in page.locator("h1.doc-h1").inner_text()
    page.hover('[data-unit-id="u1"]')
    shot(page, "11-hostile-document")
    assert page.problems == []  # no alert() ran, no CSP violation, no script error


def test_keyboard_reaches_report_and_search(server: dict[str, Any], page: Any) -> None:
    page.goto(f"{server['base']}/doc/{server['harbour']}")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    seen = set()
    for _ in range(40):
        page.keyboard.press("Tab")
        seen.add(page.evaluate("document.activeElement.textContent.trim()"))
    assert "Report an error" in seen and "Search" in seen


def test_knowledge_pages_linked_and_fit_a_phone(server: dict[str, Any], browser: Any, page: Any) -> None:
    """The header links the knowledge pages; on a phone none of them scrolls sideways."""
    base = server["base"]
    page.goto(f"{base}/")
    for label, href in (("Entities", "/entities"), ("Timeline", "/timeline"), ("Figures", "/figures")):
        page.locator(".site-nav").get_by_role("link", name=label, exact=True).click()
        page.wait_for_url(f"{base}{href}")
        assert page.locator(f'.site-nav a[href="{href}"][aria-current="page"]').count() == 1
        assert page.locator(f'.kn-nav a[href="{href}"][aria-current="page"]').count() == 1
        shot(page, f"12-desktop{href.replace('/', '-')}", full=False)
    assert page.problems == []
    page.goto(f"{base}/entities")
    links = page.locator(".kn-table tbody a")
    first = links.first.get_attribute("href") if links.count() else None  # an entity's page, when there is one
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    pg = context.new_page()
    try:
        for url in ("/entities", "/timeline", "/figures", first or "/entities"):
            pg.goto(base + url)
            assert pg.evaluate("document.documentElement.scrollWidth") <= 390, url
            pg.screenshot(path=str(ARTIFACTS / f"13-phone{url.replace('/', '-')}.png"), full_page=False)
    finally:
        context.close()


def test_editor_reviews_a_finding_in_the_browser(server: dict[str, Any], page: Any) -> None:
    base, doc_id = server["base"], server["harbour"]
    page.goto(base + f"/login?next=/doc/{doc_id}")
    page.fill("#login-name", "edith")
    page.fill("#login-password", PASSWORD)
    page.click('form[action="/login"] button[type="submit"]')
    page.wait_for_url(f"**/doc/{doc_id}*")
    unit = page.locator('[data-unit-id="u4"]')
    assert "has-error" in (unit.get_attribute("class") or "")
    finding = unit.locator(".finding.sev-error").first
    finding.locator('input[name="note"]').fill("checked against the original")
    finding.locator('button:has-text("Correct as it stands")').click()
    page.wait_for_url(f"**/doc/{doc_id}#u4")
    unit = page.locator('[data-unit-id="u4"]')
    assert "has-error" not in (unit.get_attribute("class") or "")
    reviewed = unit.locator(".finding.reviewed").first
    assert "Reviewed — correct as it stands (edith" in reviewed.inner_text()
    assert "checked against the original" in reviewed.inner_text()
    shot(page, "09-reviewed-finding", full=False)
    reviewed.locator('button:has-text("Withdraw review")').click()
    page.wait_for_url(f"**/doc/{doc_id}#u4")
    assert "has-error" in (page.locator('[data-unit-id="u4"]').get_attribute("class") or "")
    assert page.problems == []
