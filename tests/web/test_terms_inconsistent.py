"""The consistency check's face: /terms/inconsistent and /api/terms/inconsistent (real app, real SQLite)."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from duizhao.store import open_library
from tests.terms.conftest import make_doc
from tests.web.conftest import Client, app_client, password_hash


@pytest.fixture
def web(tmp_path: Path) -> Any:
    db = tmp_path / "inc.db"
    lib = open_library(db)
    lib.add_document(make_doc("cccc000000000003", [("两国加强国防合作。", "The two countries strengthen cooperation for defense.")]))
    lib.add_document(make_doc("dddd000000000004", [("国防合作很重要。", "Defense cooperation is important.")]))
    lib.add_user("edith", password_hash(), editor=True)
    lib.close()
    with app_client(db) as c:
        yield c


def test_inconsistent_terms_page_and_api(web: Client) -> None:
    groups = web.get("/api/terms/inconsistent").json()
    assert [g["zh"] for g in groups] == ["国防合作"] and len(groups[0]["translations"]) == 2
    r = web.get("/terms/inconsistent")
    assert r.status_code == 200 and "国防合作" in r.text
    for t in groups[0]["translations"]:
        assert f'id="term-{t["id"]}"' in r.text and t["en"] in r.text
    assert "/confirm" not in r.text  # readers: no editor forms
    assert 'href="/terms/inconsistent"' in web.get("/terms").text


def test_editor_settles_an_inconsistency(web: Client) -> None:
    groups = web.get("/api/terms/inconsistent").json()
    keep, drop = groups[0]["translations"][0], groups[0]["translations"][1]
    assert web.login("edith").status_code == 303
    page = web.get("/terms/inconsistent")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    assert web.post(f"/terms/{keep['id']}/confirm", data={"csrf": token}).status_code == 303
    assert web.post(f"/terms/{drop['id']}/reject", data={"csrf": token}).status_code == 303
    assert web.get("/api/terms/inconsistent").json() == []
    assert "translated one way" in web.get("/terms/inconsistent").text
