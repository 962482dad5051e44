"""PostgreSQL document frequencies kept as appended deltas (search/postgres_index.py): indexing
transactions append per-term changes to search_terms_delta, maintain() folds them into
search_terms_base, and the search_terms view (what doc_freqs and tiers read) is exact at every
moment: after ingest, edits and deletions, across a fold, beside an uncommitted writer, after rebuild."""

from __future__ import annotations

import pytest
from store_helpers import make_doc

from duizhao.search import postgres_index as px
from duizhao.search.index_rows import analyzer_mode, unit_rows
from duizhao.store import open_library

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg(pg_url: str):
    lib = open_library(pg_url)
    for n in range(1, 13):
        lib.add_document(make_doc(n, units=5))
    try:
        yield lib
    finally:
        lib.close()


def truth(lib) -> dict[str, int]:
    """Rows holding each term, counted from the index rows themselves."""
    cur = lib.cursor()
    cur.execute(
        "SELECT t, COUNT(DISTINCT r.id) FROM search_rows r, unnest(string_to_array(r.tokens, ' ')) AS u(t)"
        " WHERE t <> '' GROUP BY t"
    )
    return {t: int(n) for t, n in cur.fetchall()}


def totals_ok(lib) -> bool:
    """stats() (search_stats plus search_stats_delta) against the index rows themselves."""
    cur = lib.cursor()
    cur.execute("SELECT COUNT(*), COALESCE(SUM(ntok), 0) FROM search_rows")
    n, ntok = cur.fetchone()
    return px.stats(lib) == (int(n), int(ntok) / n if n else 1.0)


def pending_totals(lib) -> int:
    cur = lib.cursor()
    cur.execute("SELECT COUNT(*) FROM search_stats_delta")
    return int(cur.fetchone()[0])


def pending(lib) -> int:
    cur = lib.cursor()
    cur.execute("SELECT COUNT(*) FROM search_terms_delta")
    return int(cur.fetchone()[0])


def folded(lib) -> dict[str, int]:
    cur = lib.cursor()
    cur.execute("SELECT term, df FROM search_terms_base WHERE df > 0")
    return {t: int(d) for t, d in cur.fetchall()}


def test_ingest_appends_deltas_and_maintain_folds_them(pg):
    assert "0105_search_terms_delta" in pg.applied_migrations()
    want = truth(pg)
    assert pending(pg) > 0 and folded(pg) == {}  # nothing upserted on the ingest path
    assert pending_totals(pg) == 12 and totals_ok(pg)  # one totals row per document, none updated
    assert pg.search_index.vocabulary(pg) == want  # the view: exact before any fold
    assert px.doc_freqs(pg, ["trade", "北京", "nosuchterm"]) == {
        "trade": want["trade"], "北京": want["北京"], "nosuchterm": 0,
    }  # fmt: skip
    pg.maintain()
    assert pending(pg) == 0 and pending_totals(pg) == 0 and totals_ok(pg)
    assert folded(pg) == want == pg.search_index.vocabulary(pg)
    # a second fold with nothing pending changes nothing
    assert px.fold_terms(pg) == 0 and folded(pg) == want


def test_edits_and_deletions_subtract_through_deltas(pg):
    pg.maintain()
    doc = pg.get_document(pg.document_ids()[0])
    unit = doc.units[1]
    before = px.doc_freqs(pg, ["trade", "weather"])
    pg.edit_unit(doc.id, unit.id, "en", "Weather news only.", editor="ed", base_version=1)
    after = truth(pg)
    assert pg.search_index.vocabulary(pg) == after
    assert px.doc_freqs(pg, ["weather"])["weather"] == before["weather"] + 1
    with pg.transaction() as cur:
        px.delete_document(pg, cur, doc.id)
    assert pending(pg) > 0
    assert pg.search_index.vocabulary(pg) == truth(pg) and totals_ok(pg)
    pg.maintain()
    assert pending(pg) == 0 and folded(pg) == truth(pg) and totals_ok(pg)


def test_fold_leaves_an_uncommitted_writers_deltas_for_later(pg, pg_url):
    other = open_library(pg_url)
    try:
        mode = analyzer_mode(other)
        doc = make_doc(99, units=4)
        rows = [r for u in doc.units for r in unit_rows(doc.id, u, mode)]
        with other.transaction() as cur:
            px.insert_rows(cur, rows)
            assert px.fold_terms(pg) > 0  # folds what was committed; does not wait for `other`
            assert pg.search_index.vocabulary(pg) == truth(pg)  # the uncommitted rows and deltas are invisible alike
            assert totals_ok(pg)
        assert pending(pg) > 0 and pending_totals(pg) == 1  # `other`'s, committed after the fold
        assert pg.search_index.vocabulary(pg) == truth(pg) and totals_ok(pg)
        px.fold_terms(pg)
        assert pending(pg) == 0 and folded(pg) == truth(pg) and totals_ok(pg)
    finally:
        other.close()


def test_rebuild_and_bulk_load_leave_exact_frequencies(pg):
    want = truth(pg)
    assert px.rebuild(pg) > 0
    assert pending(pg) == 0 and pending_totals(pg) == 0 and folded(pg) == want and totals_ok(pg)
    pg.add_document(make_doc(50, units=3))
    with pg.transaction() as cur:
        doc = make_doc(51, units=3)
        px.bulk_insert_rows(pg, cur, [r for u in doc.units for r in unit_rows(doc.id, u, analyzer_mode(pg))])
    assert pg.search_index.vocabulary(pg) == truth(pg) and totals_ok(pg)
    pg.maintain()
    assert pending(pg) == 0 and folded(pg) == truth(pg) and totals_ok(pg)
