"""copy_library: a whole library moves between backends with ids and history intact, idempotently."""

from __future__ import annotations

from pathlib import Path

import pytest
from store_helpers import finding, make_doc

from duizhao.store import open_library
from duizhao.store.copy import copy_library, library_content


def _fill(lib) -> None:
    """A library with some of everything: documents, findings, applied/rejected/pending corrections,
    metadata edits, users, settings."""
    docs = [make_doc(n, published=f"202{n % 4}-0{1 + n % 9}-15", source=f"Outlet {n % 3}") for n in range(1, 8)]
    for doc in docs:
        lib.add_document(doc, [finding("u2"), finding("u3", "date")])
    a = lib.propose_correction(docs[0].id, "u2", "en", "Corrected English.", note="typo", reporter="r1")
    lib.apply_correction(a, editor="alice")
    b = lib.propose_correction(docs[1].id, "u3", "zh", "改正的中文。")
    lib.reject_correction(b, editor="alice", reason="no")
    lib.propose_correction(docs[2].id, "u4", "en", "Pending.")
    lib.update_metadata(docs[3].id, {"title_en": "Renamed", "keywords": ["energy", "能源"]}, editor="alice")
    lib.edit_unit(docs[4].id, "u2", "zh", "直接修改。", editor="bob", base_version=1)
    lib.add_user("alice", "h1", editor=True)
    lib.add_user("bob", "h2")
    lib.create_session("tok", "alice", "c", "2999-01-01T00:00:00Z")
    lib.set_setting("site_name", "对照")


def _documents(lib) -> dict[str, dict]:
    return {i: lib.get_document(i).to_dict() for i in lib.document_ids()}


def test_copy_to_another_file_and_again(library, tmp_path: Path):
    _fill(library)
    target = open_library(str(tmp_path / "copy.db"))
    try:
        counts = copy_library(library, target)
        assert counts["documents"] == 7 and counts["units"] == 28 and counts["findings"] == 14
        assert counts["history"] == 4 and counts["corrections"] == 3 and counts["users"] == 2
        assert library_content(target) == library_content(library)
        assert _documents(target) == _documents(library)
        assert target.get_session("tok") is None  # sessions stay behind

        again = copy_library(library, target)  # idempotent: nothing new, nothing duplicated
        assert again["documents"] == 0 and again["documents_skipped"] == 7
        assert library_content(target) == library_content(library)

        # A change in the source after the first copy reaches the target on the next run.
        c = library.propose_correction(library.document_ids()[5], "u2", "en", "Later fix.")
        library.apply_correction(c, editor="alice")
        third = copy_library(library, target)
        assert third["documents"] == 1
        assert library_content(target) == library_content(library)

        # New rows in the target continue after the copied ids.
        d = target.propose_correction(target.document_ids()[0], "u3", "en", "After the copy.")
        assert d > max(r["id"] for r in library.corrections())
    finally:
        target.close()


@pytest.mark.postgres
def test_round_trip_sqlite_postgres_sqlite(tmp_path: Path, pg_url: str):
    first = open_library(str(tmp_path / "a.db"))
    pg = open_library(pg_url)
    back = open_library(str(tmp_path / "b.db"))
    try:
        _fill(first)
        copy_library(first, pg)
        assert library_content(pg) == library_content(first)
        copy_library(pg, back)
        assert library_content(back) == library_content(first)
        assert _documents(back) == _documents(first)
        assert [h["id"] for h in back.history(first.document_ids()[0])] == [
            h["id"] for h in first.history(first.document_ids()[0])
        ]
        # The copy on PostgreSQL is a working library: its sequences continue after the copied ids.
        c = pg.propose_correction(pg.document_ids()[1], "u2", "en", "On the server.")
        assert c == max(r["id"] for r in first.corrections()) + 1
        pg.apply_correction(c, editor="alice")
    finally:
        for lib in (first, pg, back):
            lib.close()


def test_copy_refuses_same_library(library):
    from duizhao.errors import BadInput

    with pytest.raises(BadInput):
        copy_library(library, library)
