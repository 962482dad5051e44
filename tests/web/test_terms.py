"""The Terms page and /api/terms through the real app in-process (real SQLite library, real sign-in)."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from duizhao.store import open_library
from duizhao.web import create_app
from tests.terms.conftest import PAIRS_A, PAIRS_B, make_doc
from tests.web.conftest import Client, password_hash


@pytest.fixture
def term_app(tmp_path: Path) -> Any:
    db = tmp_path / "terms.db"
    lib = open_library(db)
    lib.add_document(make_doc("aaaa000000000001", PAIRS_A, title="Pipelines and operations"))
    lib.add_document(make_doc("bbbb000000000002", PAIRS_B, title="Second"))
    lib.add_user("edith", password_hash(), editor=True)
    lib.add_user("rita", password_hash(), editor=False)
    lib.close()
    app = create_app(str(db))
    yield app
    app.state.web.close()


@pytest.fixture
def web(term_app: Any) -> Any:
    c = Client(term_app)
    yield c
    c.close()


def term_id(web: Client, q: str) -> int:
    rows = web.get("/api/terms", params={"q": q}).json()
    return int(rows[0]["id"])


def test_page_lists_terms_with_example_and_documents(web):
    r = web.get("/terms", params={"q": "特別軍事行動"})
    assert r.status_code == 200
    assert "特别军事行动" in r.text and "special military operation" in r.text
    assert "Russia launched a “special military operation”." in r.text  # the example pair
    assert 'href="/doc/aaaa000000000001#u1"' in r.text and "Pipelines and operations" in r.text
    assert "/terms/add" not in r.text and "/confirm" not in r.text  # readers see no editor forms
    glossary = web.get("/terms", params={"origin": "glossary", "status": "confirmed"})
    assert "普京" in glossary.text and "<td lang=\"en\">special military operation" not in glossary.text
    assert web.get("/terms", params={"origin": "bogus", "q": "<script>"}).status_code == 200


def test_api_shape_matches_spec(web):
    rows = web.get("/api/terms", params={"q": "pipeline"}).json()
    assert rows and set(rows[0]) == {"id", "zh", "zh_variants", "en", "en_variants", "origin", "status", "count", "documents", "example"}


def test_editors_confirm_reject_add_edit_with_csrf(web):
    tid = term_id(web, "special military operation")
    # not signed in: refused
    r = web.post(f"/terms/{tid}/confirm", data={"csrf": "x"})
    assert r.status_code in (401, 403) or r.status_code == 303 and "/login" in r.headers["location"]
    assert web.login("edith").status_code == 303
    page = web.get("/terms", params={"q": "special military"})
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    assert f"/terms/{tid}/confirm" in page.text
    # a POST without the token is refused
    assert web.post(f"/terms/{tid}/confirm", data={}).status_code == 403
    r = web.post(f"/terms/{tid}/confirm", data={"csrf": token, "back": "q=special"})
    assert r.status_code == 303 and r.headers["location"].startswith("/terms?q=special&message=")
    assert web.get("/api/terms", params={"q": "special military"}).json()[0]["status"] == "confirmed"
    web.post(f"/terms/{tid}/reject", data={"csrf": token})
    assert web.get("/api/terms", params={"q": "special military"}).json()[0]["status"] == "rejected"
    web.post(f"/terms/{tid}/edit", data={"csrf": token, "zh": "特别军事行动", "en": "special military operation (SMO)"})
    row = web.get("/api/terms", params={"q": "SMO"}).json()[0]
    assert row["id"] == tid and row["status"] == "confirmed" and row["count"] == 1
    r = web.post("/terms/add", data={"csrf": token, "zh": "无人机群", "en": "drone swarm"})
    assert r.status_code == 303
    added = web.get("/api/terms", params={"q": "無人機群"}).json()
    assert added[0]["origin"] == "editor" and added[0]["status"] == "confirmed"
    # bad input: a clear page, nothing stored
    r = web.post("/terms/add", data={"csrf": token, "zh": "", "en": "x"})
    assert r.status_code == 400


def test_a_reader_cannot_change_terms(web):
    tid = term_id(web, "pipeline")
    assert web.login("rita").status_code == 303
    token = web.csrf("/terms")
    assert web.post(f"/terms/{tid}/reject", data={"csrf": token}).status_code == 403
    assert web.get("/api/terms", params={"q": "pipeline"}).json()[0]["status"] == "candidate"


def test_the_terms_page_names_an_untitled_document_by_its_best_title(tmp_path: Path) -> None:
    import dataclasses

    db = tmp_path / "untitled.db"
    lib = open_library(db)
    doc = make_doc("cccc000000000003", PAIRS_B)
    lib.add_document(dataclasses.replace(doc, title={"zh": None, "en": None}, authors=["Ann Lee"],
                                         source="Test Outlet", published="2024-01-02"))
    lib.close()
    app = create_app(str(db))
    c = Client(app)
    try:
        page = c.get("/terms", params={"q": "天然气管线"}).text
        assert "Ann Lee — Test Outlet — 2024-01-02" in page  # a digest's stand-in, as on every other page
        assert ">cccc000000000003<" not in page
    finally:
        c.close()
        app.state.web.close()


def test_a_page_or_offset_past_any_integer_sqlite_holds_is_an_empty_page_not_a_500(web: Any) -> None:
    huge = "99999999999999999999"
    r = web.get("/terms", params={"page": huge})
    assert r.status_code == 200 and "Pipelines and operations" not in r.text
    r = web.get("/api/terms", params={"offset": huge})
    assert r.status_code == 200 and r.json() == []
