"""The PostgreSQL index's fast paths (search/postgres_index.py) against its exact ones: the bounded
first stage, the capped count, the tail of new rows, the COPY bulk load, and the migrations that
search's tiers rely on. Small libraries: these check results, not speed (bench/storage.py measures)."""

from __future__ import annotations

import pytest
from store_helpers import make_doc

from duizhao.search import postgres_index as px
from duizhao.search import search
from duizhao.search.index_rows import analyzer_mode, unit_rows
from duizhao.store import open_library

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg(pg_url: str):
    lib = open_library(pg_url)
    for n in range(1, 41):
        lib.add_document(make_doc(n, units=5, source="Xinhua" if n % 3 else "Reuters"))
    try:
        yield lib
    finally:
        lib.close()


def _match_ids(lib, match: str) -> list[int]:
    cur = lib.cursor()
    cur.execute("SELECT id FROM search_rows WHERE tsv @@ %s::tsquery ORDER BY id DESC", (px.to_tsquery(match),))
    return [r[0] for r in cur.fetchall()]


def test_bounded_stage_ranks_exactly_the_newest_matches(pg):
    match = '"trade"'
    ids = _match_ids(pg, match)
    assert len(ids) > 20
    # with room for every match it is candidates() itself
    assert px.candidates_bounded(pg, match, {}, None, 10, scan=len(ids)) == px.candidates(pg, match, {}, None, 10)
    # with scan=12: ts_rank over the 12 newest matches only, i.e. candidates() over the rows after the 13th newest
    scan = 12
    bounded = px.candidates_bounded(pg, match, {}, None, 5, scan=scan)
    assert bounded == px.tail_candidates(pg, match, {}, None, 5, after=ids[scan])
    assert {r[0] for r in bounded} <= set(ids[:scan])
    assert len(bounded) == 5
    # count_rows reads the same newest matches and keeps their ranks: the ranking after it is the same
    px._MEMO.last = None
    assert px.count_rows(pg, match, {}, None, scan) == scan
    assert px.candidates_bounded(pg, match, {}, None, 5, scan=scan) == bounded
    assert px.count_rows(pg, match, {}, None, 10_000) == len(ids)  # every match read: candidates() reuses them
    exact = px.candidates(pg, match, {}, None, 10)
    px._MEMO.last = None
    assert exact == px.candidates(pg, match, {}, None, 10)
    assert px.count_rows(pg, '"trade" AND "贸易"', {}, None, 10_000) == 0  # the two languages sit in different rows
    # filters and side apply inside the windows too
    rows = px.candidates_bounded(pg, match, {"source": "Reuters"}, "en", 50, scan=4)
    assert rows and all(r[3] == "en" for r in rows) and len(rows) <= 4
    reuters = {d["id"] for d in pg.list_documents(source="Reuters")}
    assert {r[1] for r in rows} <= reuters


def test_tail_candidates_only_sees_rows_after_the_mark(pg):
    match = '"beij"'  # the analyzer's stem of Beijing
    every = px.candidates(pg, match, {}, None, 1000)
    mark = sorted(r[0] for r in every)[len(every) // 2]
    tail = px.tail_candidates(pg, match, {}, None, 1000, after=mark)
    assert tail and all(r[0] > mark for r in tail)
    assert tail == [r for r in every if r[0] > mark]  # same order: ts_rank, then id
    assert px.tail_candidates(pg, match, {}, None, 3, after=mark) == tail[:3]
    assert px.tail_candidates(pg, match, {}, None, 10, after=max(r[0] for r in every)) == []
    # a short tail is tested row by row instead of through the GIN index: the same answer
    ids = sorted(r[0] for r in every)
    short = ids[-4] - 1
    assert px.tail_candidates(pg, match, {}, None, 1000, after=short) == [r for r in every if r[0] > short]
    # scan: only the newest `scan` matches after the mark are ranked
    newest = set(ids[-3:])
    assert px.tail_candidates(pg, match, {}, None, 1000, after=mark, scan=3) == [r for r in every if r[0] in newest]
    assert px.tail_candidates(pg, match, {}, None, 1000, after=short, scan=2) == [
        r for r in every if r[0] in set(ids[-2:])
    ]


def test_matching_rows_are_the_newest_matches(pg):
    match = '("trade" OR "北京")'
    ids = _match_ids(pg, match)
    assert len(ids) > 40
    for limit in (1, 7, 40, 10_000):
        px._MEMO.last = None
        rows = px.matching_rows(pg, match, {}, None, limit)
        assert [r[0] for r in rows] == ids[:limit]
    full = {r[0]: r for r in px.matching_rows(pg, match, {}, None, 10_000)}
    assert all(r[5] and r[4] == len(r[5].split()) for r in full.values())  # tokens and their count
    after = ids[len(ids) // 2]
    assert [r[0] for r in px.matching_rows(pg, match, {}, None, 10_000, after)] == [i for i in ids if i > after]
    assert [r[0] for r in px.matching_rows(pg, match, {}, None, 3, after)] == ids[:3]
    # after count_rows (which keeps what it read) the same answer
    assert px.count_rows(pg, match, {}, None, 20) == 20
    assert [r[0] for r in px.matching_rows(pg, match, {}, None, 10)] == ids[:10]
    assert [r[0] for r in px.matching_rows(pg, match, {}, "zh", 10_000)] == [i for i in ids if full[i][3] == "zh"]


def test_capped_count(pg):
    match = '"trade"'
    cur = pg.cursor()
    cur.execute(
        "SELECT COUNT(DISTINCT (doc_id, unit_id)) FROM search_rows WHERE tsv @@ %s::tsquery", (px.to_tsquery(match),)
    )
    exact = cur.fetchone()[0]  # units matching, counted without the index module
    assert exact > 10
    assert px.count_capped(pg, match, {}, None, None) == (exact, True)
    assert px.count_capped(pg, match, {}, None, 10_000) == (exact, True)
    assert px.count_capped(pg, match, {}, None, 5) == (5, False)
    assert px.count_capped(pg, '"nosuchword"', {}, None, 5) == (0, True)
    rows = len(_match_ids(pg, match))
    assert px.count_rows(pg, match, {}, None, 10_000) == rows
    assert px.count_rows(pg, match, {}, None, 7) == 7
    assert px.count_rows(pg, match, {}, "zh", 10_000) == 0  # "trade" is an English token
    # the same unit matching on both sides counts once
    both = px.count_capped(pg, '("trade" OR "贸易")', {}, None, None)
    assert both == (exact, True)
    # right after a first stage that read every match, the count comes from what it read: the same
    px._MEMO.last = None
    assert px.count_rows(pg, '("trade" OR "贸易")', {}, None, 10_000) == 2 * exact
    assert px._MEMO.last[2]  # every match was read
    assert px.count_capped(pg, '("trade" OR "贸易")', {}, None, 10_000) == (exact, True)
    assert px.count_capped(pg, '("trade" OR "贸易")', {}, "en", 10_000) == (exact, True)


def test_bulk_load_equals_row_by_row(pg, pg_server):
    """COPY + one GIN build gives the same index, statistics and search results as add_document."""
    bulk = open_library(pg_server.create_database("bulk"))
    try:
        mode = analyzer_mode(bulk)
        src = pg.cursor()
        with bulk.transaction() as cur:
            for table in ("documents", "units"):
                src.execute(f"SELECT * FROM {table}")
                cols = [c[0] for c in src.description]
                bulk.copy_in(cur, table, cols, src.fetchall())
            docs = [pg.get_document(d) for d in pg.document_ids()]
            rows = [r for doc in docs for u in doc.units for r in unit_rows(doc.id, u, mode)]
            assert px.bulk_insert_rows(bulk, cur, iter(rows)) == len(rows)
        assert px.stats(bulk) == px.stats(pg)
        terms = sorted({t for r in rows for t in r[4].split()})
        assert px.doc_freqs(bulk, terms) == px.doc_freqs(pg, terms)
        for q in ("trade", "北京", "Beijing rain", "合作"):
            a, b = search(pg, q, dense=False), search(bulk, q, dense=False)
            assert [(h["doc_id"], h["unit_id"]) for h in a["hits"]] == [(h["doc_id"], h["unit_id"]) for h in b["hits"]]
            assert a["total"] == b["total"]
        # the GIN index is back, and later documents go through the ordinary path
        cur = bulk.cursor()
        cur.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'search_rows_tsv'")
        assert cur.fetchone()
        bulk.add_document(make_doc(99, units=3))
        assert px.stats(bulk)[0] == px.stats(pg)[0] + 6
    finally:
        bulk.close()


def test_tier_tables_exist(pg):
    assert {"0101_search_pg", "0102_search_vectors", "0103_search_top", "0104_search_terms_fillfactor"} <= set(
        pg.applied_migrations()
    )
    cur = pg.cursor()
    cur.execute("INSERT INTO search_top (term, impact, row_id) VALUES ('trade', 1.5, 3)")
    cur.execute(
        "INSERT INTO search_top_state (id, upto, rows, avgdl, min_df, keep, built_at)"
        " VALUES (1, 3, 10, 7.5, 2, 100, 'x')"
    )
    cur.execute("INSERT INTO search_top_terms (term, df) VALUES ('trade', 5)")
    cur.execute("SELECT term, impact, row_id FROM search_top")
    assert cur.fetchall() == [("trade", 1.5, 3)]


def test_champion_lists_on_postgresql_equal_scoring_every_match(pg, monkeypatch):
    """tiers.py is written once for both backends (COPY here): a one-concept query over a common
    word answered from the lists scores like scoring every match; the lists hold their `keep` best."""
    import duizhao.search as search_pkg
    from duizhao.search import tiers

    exact = [h["score"] for h in search(pg, "trade", limit=10, snippets=False)["hits"]]
    built = tiers.refresh(pg, min_df=5, keep=200)
    assert built["terms"] > 0 and built["entries"] > 0
    cur = pg.cursor()
    cur.execute("SELECT term, COUNT(*) FROM search_top GROUP BY term ORDER BY 2 DESC LIMIT 1")
    assert cur.fetchone()[1] <= 200
    monkeypatch.setattr(search_pkg, "RANK_SCAN", 5)  # force the lists to answer
    r = search(pg, "trade", limit=10, snippets=False)
    assert r["first_stage"] == "champions"
    assert [h["score"] for h in r["hits"]] == exact


def test_champion_list_merge_on_postgresql_equals_a_scan_of_every_row(pg):
    """The set-based merge (COPY + one LATERAL trim) keeps exactly what a scan of every row would."""
    from duizhao.search import tiers

    tiers.refresh(pg, min_df=5, keep=20)
    for n in range(41, 61):
        pg.add_document(make_doc(n, units=5, source="Xinhua"))
    st = tiers.state(pg)
    assert st is not None and tiers.tail_rows(pg, st) > 0
    done = tiers.merge(pg, st)
    assert done["terms_changed"] > 10  # many lists really changed (else this proves little)
    after = tiers.state(pg)
    assert after is not None and tiers.tail_rows(pg, after) == 0
    expected = tiers._scan(pg, set(st.df), st.avgdl, st.keep, 0, after.upto + 1, {})
    cur = pg.cursor()
    for term, heap in expected.items():
        cur.execute("SELECT row_id FROM search_top WHERE term = %s ORDER BY impact DESC, row_id DESC", (term,))
        assert [r[0] for r in cur.fetchall()] == [rowid for _, rowid in sorted(heap, key=lambda x: (-x[0], -x[1]))]
