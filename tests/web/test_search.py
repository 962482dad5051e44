"""The search page and /api/search: grouping by document (the page's toggle, by_document=1), filters
alone listing documents, an author's name as a query word; real app in-process, real SQLite library."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from duizhao.store import open_library
from tests.search.test_termbase_search import EN_ONLY, ZH_ONLY, _one_language
from tests.terms.conftest import PAIRS_A, make_doc
from tests.web.conftest import app_client


@pytest.fixture
def web(tmp_path: Path) -> Any:
    db = tmp_path / "search.db"
    lib = open_library(db)
    lib.add_document(make_doc("aaaa000000000001", PAIRS_A))
    lib.add_document(_one_language("zzzz000000000001", ZH_ONLY, "zh", authors=["Alexander Gabuev"], source="Foreign Affairs"))
    lib.add_document(_one_language("eeee000000000001", EN_ONLY, "en", source="Foreign Policy"))
    lib.close()
    with app_client(db) as c:
        yield c


def test_api_by_document_and_filters_alone(web):
    flat = web.get("/api/search", params={"q": "special military operation", "limit": 20}).json()
    grouped = web.get("/api/search", params={"q": "special military operation", "by_document": "1"}).json()
    assert len(flat["hits"]) > len(grouped["hits"]) == grouped["total"] == 3
    assert all("units" in h for h in grouped["hits"]) and all("units" not in h for h in flat["hits"])
    r = web.get("/api/search", params={"q": "author:Gabuev"}).json()
    assert r["listing"] is True and [h["doc_id"] for h in r["hits"]] == ["zzzz000000000001"]
    r = web.get("/api/search", params={"source": "Foreign Policy"}).json()
    assert [h["doc_id"] for h in r["hits"]] == ["eeee000000000001"]
    assert web.get("/api/search").status_code == 400
    assert web.get("/api/search", params={"q": "Gabuev"}).json()["hits"][0]["matched"] == ["author"]


def test_page_toggle_groups_and_filters_alone_list_documents(web):
    page = web.get("/search", params={"q": "special military operation"}).text
    assert 'name="by_document"' in page and "checked" not in page.split('name="by_document"')[1][:40]
    grouped = web.get("/search", params={"q": "special military operation", "by_document": "1"}).text
    assert "3 documents for" in grouped and 'class="beneath' in grouped
    assert all(f'href="/doc/zzzz000000000001#{u}"' in grouped for u in ("u1", "u2")) and "by_document=1" in grouped  # links keep the toggle
    listed = web.get("/search", params={"q": "author:Gabuev"}).text
    assert "1 document meeting the filters" in listed and "Nothing found" not in listed
    assert "zzzz000000000001" in listed
    listed = web.get("/search", params={"author": "Gabuev"}).text
    assert "1 document meeting the filters" in listed
    assert "matches its author" in web.get("/search", params={"q": "Gabuev"}).text
