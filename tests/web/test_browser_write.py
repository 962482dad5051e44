"""The digest editor in a real browser (Debian chromium via Playwright) against `duizhao serve`:
write a digest from nothing with the checks shown while typing, use the concordance, lose nothing
on a reload, save a draft, publish, find it by search, edit it again, meet a concurrent change as a
conflict with both versions, trash it and restore it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.reliability import many
from tests.reliability.crash import make_corpus

from .test_browser import ARGS, ARTIFACTS, CHROMIUM

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(tmp_path_factory: Any) -> Iterator[dict[str, Any]]:
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian chromium is not installed (make setup)")
    tmp = tmp_path_factory.mktemp("write")
    db = str(tmp / "lib.db")
    many.prepare(db, tmp, make_corpus(tmp / "files", 3))
    token = many.cli_json(db, "user", "token", many.EDITOR)["token"]
    server = many.Server(db, 1, tmp)
    try:
        yield {"db": db, "base": server.base, "token": token}
    finally:
        server.stop()


@pytest.fixture
def page(served: dict[str, Any]) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        context = b.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
        pg = context.new_page()
        pg.problems = []
        pg.on("pageerror", lambda e: pg.problems.append(f"page error: {e}"))
        pg.on("console", lambda m: pg.problems.append(f"console: {m.text}") if m.type == "error" else None)
        pg.on("dialog", lambda d: d.accept())
        pg.goto(served["base"] + "/login")
        pg.fill("input[name=name]", many.EDITOR)
        pg.fill("input[name=password]", many.PASSWORD)
        pg.locator("form button[type=submit]").last.click()
        pg.wait_for_load_state()
        yield pg
        b.close()


def test_write_publish_edit_conflict_trash(served: dict[str, Any], page: Any) -> None:
    base = served["base"]
    page.goto(base + "/write")
    page.fill("input[name=authors]", "Mei Lin")
    page.fill("input[name=source]", "Foreign Affairs")
    page.fill("input[name=published]", "2024-11-02")
    page.fill("input[name=keywords]", "北極, Arctic")
    page.fill("input[name=title_en]", "A New Season on Arctic Routes")
    rows = page.locator(".write-row")
    assert rows.count() == 3
    rows.nth(0).locator("textarea[name=zh]").fill("北極航道的通航季節正在延長。")
    rows.nth(0).locator("textarea[name=en]").fill("The navigation season on Arctic routes is getting longer.")
    rows.nth(1).locator("textarea[name=zh]").fill("航道與港口")
    rows.nth(1).locator("textarea[name=en]").fill("Routes and Ports")
    # a wrong figure: the row's checks say so while typing
    rows.nth(2).locator("textarea[name=zh]").fill("2023年經北方海路運輸的貨物達到3600萬噸。")
    rows.nth(2).locator("textarea[name=en]").type("In 2023, 63 million tonnes of cargo were shipped along the Northern Sea Route.")
    page.locator(".write-row").nth(2).locator(".row-checks .finding").first.wait_for(timeout=15000)
    assert "36" in page.locator(".write-row").nth(2).locator(".row-checks").inner_text()
    page.screenshot(path=str(ARTIFACTS / "write-01-checks.png"), full_page=True)
    rows.nth(2).locator("textarea[name=en]").fill("In 2023, 36 million tonnes of cargo were shipped along the Northern Sea Route.")

    # nothing typed is lost on a reload before saving
    page.reload()
    page.locator(".restore:not([hidden]) .restore-now").click()
    assert page.locator(".write-row").nth(2).locator("textarea[name=en]").input_value().startswith("In 2023, 36 million")
    assert page.locator("input[name=authors]").input_value() == "Mei Lin"

    # a row added with the keyboard (Alt+Enter), then the draft saved
    page.locator(".write-row").nth(2).locator("textarea[name=en]").press("Alt+Enter")
    page.wait_for_load_state()
    assert page.locator(".write-row").count() == 4
    assert page.locator(".write-row").nth(3).locator("select").input_value() == "bullet"
    page.locator(".write-row").nth(3).locator("textarea[name=zh]").fill("中國的航運公司在夏季增開了航次。")
    page.locator(".write-row").nth(3).locator("textarea[name=en]").fill("Chinese shipping companies added voyages in the summer.")
    page.locator("button[value=save]").click()
    page.wait_for_load_state()
    assert "Saved as draft" in page.locator(".alert.ok").inner_text()
    doc_id = page.locator("input[name=doc_id]").input_value()
    assert doc_id and httpx.get(f"{base}/api/doc/{doc_id}").status_code == 404  # a draft: not for readers

    # publish: the reading view, and search finds it
    page.locator("button[value=publish]").click()
    page.wait_for_url(f"**/doc/{doc_id}")
    assert "Northern Sea Route" in page.locator("#reading").inner_text()
    hits = httpx.get(f"{base}/api/search", params={"q": "Northern Sea Route"}).json()["hits"]
    assert doc_id in {h["doc_id"] for h in hits}

    # the concordance shows how the library translated a phrase
    page.goto(f"{base}/doc/{doc_id}/write")
    page.fill("#cc-q", "北方海路")
    page.locator(".concordance-panel button[type=submit]").click()
    page.locator("#concordance li").first.wait_for(timeout=15000)
    assert "Northern Sea Route" in page.locator("#concordance").inner_text()

    # an edit while someone else changed the document: a conflict with both versions, nothing lost
    page.locator(".write-row").nth(0).locator("textarea[name=en]").fill("Arctic shipping seasons grow longer.")
    stored = httpx.get(f"{base}/api/doc/{doc_id}", headers={"Authorization": f"Bearer {served['token']}"}).json()
    r = httpx.patch(f"{base}/api/doc/{doc_id}", json={"version": stored["version"], "keywords": ["Arctic"]},
                    headers={"Authorization": f"Bearer {served['token']}"})
    assert r.status_code == 200
    page.locator("button[value=save]").click()
    page.wait_for_load_state()
    assert "changed this document" in page.locator("h1").inner_text()
    assert "Arctic shipping seasons grow longer." in page.locator(".conflict").inner_text()
    page.screenshot(path=str(ARTIFACTS / "write-02-conflict.png"), full_page=True)

    # trash from the document page, restore from the trash
    page.goto(f"{base}/doc/{doc_id}")
    page.locator("form[action$='/trash'] button").click()
    page.wait_for_url("**/trash**")
    assert httpx.get(f"{base}/doc/{doc_id}").status_code == 404
    page.locator(f"form[action='/doc/{doc_id}/restore'] button").click()
    page.wait_for_url(f"**/doc/{doc_id}")
    assert httpx.get(f"{base}/doc/{doc_id}").status_code == 200
    # the conflict page answers 409 on purpose; nothing else may go wrong in the page
    assert [p for p in page.problems if "409 (Conflict)" not in p] == []


def test_the_editor_works_without_javascript(served: dict[str, Any]) -> None:
    client, csrf = many.sign_in(served["base"], many.EDITOR)
    try:
        page = client.get("/write").text
        assert 'name="kind"' in page and "Save draft" in page
        form = {"csrf": csrf, "doc_id": "", "version": "", "title_zh": "", "title_en": "No script", "authors": "A B",
                "source": "", "url": "", "published": "06/14/2024", "keywords": "", "op": "add",
                "kind": ["paragraph"], "level": ["0"], "zh": ["無腳本也能寫。"], "en": ["It works without scripts."], "uid": [""]}
        r = client.post("/write", data=form)
        assert r.status_code == 200 and r.text.count('<li class="write-row') == 2
        form["op"] = "publish"
        r = client.post("/write", data=form)
        assert r.status_code == 303
        doc = httpx.get(served["base"] + r.headers["location"].replace("/doc/", "/api/doc/")).json()
        assert doc["published"] == "2024-06-14" and doc["units"][0]["en"] == "It works without scripts."
        form["published"] = "not a date"
        form["units"] = []
        r = client.post("/write", data={**form, "en": ["Another text."]})
        assert r.status_code == 400 and "published" in r.text
    finally:
        client.close()


def test_row_checks_offer_the_termbase_rendering(served: dict[str, Any]) -> None:
    client, csrf = many.sign_in(served["base"], many.EDITOR)
    try:
        r = client.post("/write/check", data={"csrf": csrf, "zh": "普京在莫斯科会见了到访的代表团。", "en": "The delegation met him in the capital."})
        assert r.status_code == 200
        assert "Putin" in r.text and "Moscow" in r.text  # glossary terms, through the termbase
        r = client.post("/write/check", data={"csrf": csrf, "zh": "普京在莫斯科会见了代表团。", "en": "Putin met the delegation in Moscow."})
        assert 'class="offer"' not in r.text  # rendered already: nothing to offer
    finally:
        client.close()


def test_row_checks_are_those_of_the_row_typed_in(served: dict[str, Any]) -> None:
    # htmx posts every row of the form; `row` says which one is being typed
    client, csrf = many.sign_in(served["base"], many.EDITOR)
    good = ("中俄贸易额达到2401亿美元。", "Trade reached 240.1 billion dollars.")
    bad = ("中俄贸易额达到2401亿美元。", "Trade reached 240.1 million dollars.")
    try:
        form = {"csrf": csrf, "zh": [good[0], bad[0], ""], "en": [good[1], bad[1], ""]}
        assert "factor of 1,000" in client.post("/write/check", data={**form, "row": "1"}).text
        assert "factor of 1,000" not in client.post("/write/check", data={**form, "row": "0"}).text
        assert "No findings" in client.post("/write/check", data={**form, "row": "2"}).text
    finally:
        client.close()


def test_typing_in_the_second_row_shows_its_own_checks(served: dict[str, Any], page: Any) -> None:
    page.goto(served["base"] + "/write")
    page.evaluate("localStorage.clear()")
    rows = page.locator(".write-row")
    assert rows.count() >= 3  # a new digest starts with more rows than the one typed in
    rows.nth(1).locator("textarea[name=zh]").fill("中俄贸易额达到2401亿美元。")
    rows.nth(1).locator("textarea[name=en]").click()
    rows.nth(1).locator("textarea[name=en]").press_sequentially("Trade reached 240.1 million dollars.")
    rows.nth(1).locator(".row-checks", has_text="factor of 1,000").wait_for(timeout=15000)
    assert "factor" not in rows.nth(0).locator(".row-checks").inner_text()
    assert not page.problems, page.problems


def _wait_kept(page: Any) -> None:
    """Until the typing is kept in localStorage (polled from here: the page's CSP forbids
    wait_for_function's string evaluation)."""
    for _ in range(100):
        if page.evaluate("() => localStorage.getItem('duizhao:write:new') !== null"):
            return
        page.wait_for_timeout(100)
    raise AssertionError("the typing was never kept in localStorage")


@pytest.mark.parametrize("button", ["Save draft", "Publish"])
def test_a_saved_digest_is_not_offered_back_as_unsaved(served: dict[str, Any], page: Any, button: str) -> None:
    """The copy kept while typing a new digest (key "new") outlived its save: the next "New digest"
    offered to restore it, and restoring it made a second copy. Once the server has it, it is gone —
    after Save draft (the editor page comes back) and after Publish (the document page)."""
    base = served["base"]
    page.goto(base + "/write")
    page.evaluate("localStorage.clear()")
    page.fill("input[name=title_en]", f"Kept copy test ({button})")
    page.locator(".write-row").nth(0).locator("textarea[name=zh]").fill("中俄贸易稳步增长。")
    page.locator(".write-row").nth(0).locator("textarea[name=en]").fill("China-Russia trade grew steadily.")
    _wait_kept(page)
    with page.expect_navigation():
        page.locator("button", has_text=button).first.click()
    page.locator("main").wait_for()
    assert ("/doc/" in page.url and "kept=" not in page.url) if button == "Publish" else page.url.endswith("/write")
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('duizhao:write:'))") == []
    page.goto(base + "/write")
    assert not page.locator(".restore").is_visible()
    assert not page.problems, page.problems


def test_a_kept_copy_survives_a_link_naming_another_mark(served: dict[str, Any], page: Any) -> None:
    """Only the mark of the form actually sent removes a kept copy: a link with any other `kept`
    leaves the unsaved typing alone."""
    base = served["base"]
    page.goto(base + "/write")
    page.evaluate("localStorage.clear()")
    page.fill("input[name=title_en]", "Never saved")
    _wait_kept(page)
    page.goto(base + "/?kept=guessed")
    assert "kept=" not in page.url
    page.goto(base + "/write")
    assert page.locator(".restore").is_visible()
    assert not page.problems, page.problems
