"""Saved searches kept in the library (one settings row each) and their Atom feed."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from duizhao.errors import BadInput, NotFound
from duizhao.pipeline import ingest
from duizhao.saved import atom, feed_entries, remove, save, saved_searches
from duizhao.store import open_library
from tests.conftest import REPO


def test_save_replace_list_remove(tmp_path: Path) -> None:
    lib = open_library(tmp_path / "lib.db")
    try:
        lib.add_user("ana", "x")
        save(lib, "ana", "Putin", "Putin", {"date_from": "2022-01-01", "side": ""})
        save(lib, "ana", "  Putin ", "普京", {})  # the same name: replaced
        save(lib, "ana", "Trade", "trade", {"source": "Foreign Affairs"})
        got = saved_searches(lib, "ana")
        assert [(s.name, s.query, s.filters) for s in got] == [("Putin", "普京", {}), ("Trade", "trade", {"source": "Foreign Affairs"})]
        assert got[1].feed_url() == "/search.atom?q=trade&source=Foreign+Affairs"
        assert lib.get_setting("private") is None  # the library's own settings untouched
        remove(lib, "ana", "Putin")
        assert [s.name for s in saved_searches(lib, "ana")] == ["Trade"]
        with pytest.raises(NotFound):
            remove(lib, "ana", "Putin")
        with pytest.raises(BadInput):
            save(lib, "nobody", "x", "y")
        with pytest.raises(BadInput):
            save(lib, "ana", "x", "y", {"date_to": "tomorrow"})
        with pytest.raises(BadInput):
            save(lib, "ana", "", "y")
    finally:
        lib.close()


def test_feed_lists_matching_documents_newest_added_first(tmp_path: Path) -> None:
    lib = open_library(tmp_path / "lib.db")
    try:
        ingest(lib, [REPO / "demo"])
        entries = feed_entries(lib, {"q": "Putin"})
        assert entries and all(e["hit"]["doc_id"] == e["doc"]["id"] for e in entries)
        added = [e["doc"]["added"] for e in entries]
        assert added == sorted(added, reverse=True)
        feed = ET.fromstring(atom(entries, "Putin", "http://example.org/", "/search.atom?q=Putin"))
        ns = "{http://www.w3.org/2005/Atom}"
        assert feed.find(f"{ns}link").get("href") == "http://example.org/search.atom?q=Putin"  # type: ignore[union-attr]
        assert len(feed.findall(f"{ns}entry")) == len(entries)
    finally:
        lib.close()
