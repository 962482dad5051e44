"""The PostgreSQL index's fast paths (search/postgres_index.py) against its exact ones: the bounded
first stage, the capped count, the COPY bulk load, the champion lists' merge with stored floors, and
the migrations that search's tiers rely on. Small libraries: these check results, not speed (bench/storage.py measures)."""

from __future__ import annotations

import pytest
from store_helpers import make_doc

from duizhao.search import index, index_rows, query, search, tiers
from duizhao.search import postgres_index as px
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


def _m(text: str) -> query.Match:
    """What the index is asked for the query `text`, untranslated."""
    match = query.parse(text, translate_query=False).match()
    assert match is not None
    return match


def _match_ids(lib, match: query.Match) -> list[int]:
    cur = lib.cursor()
    cur.execute("SELECT id FROM search_rows WHERE tsv @@ %s::tsquery ORDER BY id DESC", (px.tsquery(match),))
    return [r[0] for r in cur.fetchall()]


def test_count_then_matching_rows_reuse_what_was_read(pg):
    match = _m("trade")
    ids = _match_ids(pg, match)
    assert len(ids) > 20
    # a count reads the newest matches and keeps their ids: matching_rows handed it gives the same
    # rows as without it
    scan = 12
    fresh = [r[0] for r in px.matching_rows(pg, match, {}, None, scan)]
    assert fresh == ids[:scan]
    c = px.count(pg, match, {}, None, scan)
    assert c.rows == scan and c.ids == fresh
    assert [r[0] for r in index.rows(pg, match, {}, None, scan, counted=c)] == fresh
    c = px.count(pg, match, {}, None, 10_000)
    assert c.rows == len(ids) and c.complete  # every match read
    assert [r[0] for r in index.rows(pg, match, {}, None, 10_000, counted=c)] == ids
    assert px.count(pg, _m("trade 贸易"), {}, None, 10_000).rows == 0  # the two languages sit in different rows
    # filters and side apply inside the windows too
    rows = px.matching_rows(pg, match, {"source": "Reuters"}, "en", 4)
    assert rows and all(r[3] == "en" for r in rows) and len(rows) <= 4
    reuters = {d["id"] for d in pg.list_documents(source="Reuters")}
    assert {r[1] for r in rows} <= reuters


def test_matching_rows_are_the_newest_matches(pg):
    match = _m("trade OR 北京")
    ids = _match_ids(pg, match)
    assert len(ids) > 40
    for limit in (1, 7, 40, 10_000):
        rows = px.matching_rows(pg, match, {}, None, limit)
        assert [r[0] for r in rows] == ids[:limit]
    full = {r[0]: r for r in px.matching_rows(pg, match, {}, None, 10_000)}
    assert all(r[5] and r[4] == len(r[5].split()) for r in full.values())  # tokens and their count
    after = ids[len(ids) // 2]
    assert [r[0] for r in px.matching_rows(pg, match, {}, None, 10_000, after)] == [i for i in ids if i > after]
    assert [r[0] for r in px.matching_rows(pg, match, {}, None, 3, after)] == ids[:3]
    # handed a count (which keeps what it read) the same answer
    c = px.count(pg, match, {}, None, 20)
    assert c.rows == 20
    assert [r[0] for r in index.rows(pg, match, {}, None, 10, counted=c)] == ids[:10]
    assert [r[0] for r in px.matching_rows(pg, match, {}, "zh", 10_000)] == [i for i in ids if full[i][3] == "zh"]


def test_capped_count(pg):
    match = _m("trade")
    cur = pg.cursor()
    cur.execute(
        "SELECT COUNT(DISTINCT (doc_id, unit_id)) FROM search_rows WHERE tsv @@ %s::tsquery", (px.tsquery(match),)
    )
    exact = cur.fetchone()[0]  # units matching, counted without the index module
    assert exact > 10
    assert index.count_capped(pg, match, {}, None, None) == (exact, True)
    assert index.count_capped(pg, match, {}, None, 10_000) == (exact, True)
    assert index.count_capped(pg, match, {}, None, 5) == (5, False)
    assert index.count_capped(pg, _m("nosuchword"), {}, None, 5) == (0, True)
    rows = len(_match_ids(pg, match))
    assert px.count(pg, match, {}, None, 10_000).rows == rows
    assert px.count(pg, match, {}, None, 7).rows == 7
    assert px.count(pg, match, {}, "zh", 10_000).rows == 0  # "trade" is an English token
    # the same unit matching on both sides counts once
    both = index.count_capped(pg, _m("trade OR 贸易"), {}, None, None)
    assert both == (exact, True)
    # handed a first stage's count that read every match, the count comes from what it read: the same
    c = px.count(pg, _m("trade OR 贸易"), {}, None, 10_000)
    assert c.rows == 2 * exact and c.complete  # every match was read
    assert index.count_capped(pg, _m("trade OR 贸易"), {}, None, 10_000, c) == (exact, True)
    assert index.count_capped(pg, _m("trade OR 贸易"), {}, "en", 10_000) == (exact, True)


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
            rows = [r for doc in docs for u in index_rows.indexed_units(doc) for r in unit_rows(doc.id, u, mode)]
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
        later = make_doc(99, units=3)
        bulk.add_document(later)
        added = sum(len(unit_rows(later.id, u, mode)) for u in index_rows.indexed_units(later))
        assert px.stats(bulk)[0] == px.stats(pg)[0] + added
    finally:
        bulk.close()


def test_tier_tables_exist(pg):
    assert {"0101_search_pg", "0103_search_top", "0104_search_terms_fillfactor", "0107_search_top_floors"} <= set(
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


def _lists(pg) -> dict[str, list[int]]:
    cur = pg.cursor()
    cur.execute("SELECT term, row_id FROM search_top ORDER BY term, impact DESC, row_id DESC")
    out: dict[str, list[int]] = {}
    for term, rowid in cur.fetchall():
        out.setdefault(term, []).append(rowid)
    return out


def _floors_match_lists(pg, st) -> None:
    """search_top_terms' (n, lo) are each list's length and lowest impact; top_floors gives the floors
    the lists themselves give (the keep-th entry of each full list)."""
    cur = pg.cursor()
    cur.execute(
        "SELECT k.term, k.n, k.lo, COUNT(s.term), MIN(s.impact) FROM search_top_terms k"
        " LEFT JOIN search_top s ON s.term = k.term GROUP BY k.term, k.n, k.lo"
    )
    rows = cur.fetchall()
    assert rows and all((n, lo) == (count, low) for _, n, lo, count, low in rows)
    lengths, floor = px.top_floors(pg, st)
    cur.execute(
        "SELECT term, impact FROM (SELECT term, impact, ROW_NUMBER() OVER (PARTITION BY term"
        " ORDER BY impact DESC, row_id DESC) AS k FROM search_top) x WHERE k = %s",
        (st.keep,),
    )
    assert floor == {term: float(imp) for term, imp in cur.fetchall()}
    assert any(n < st.keep for n in lengths.values()) and any(n == st.keep for n in lengths.values())


def test_champion_list_merge_on_postgresql_equals_a_scan_of_every_row(pg):
    """The set-based merge (COPY, floors read from search_top_terms, a trim of the entries pushed out)
    keeps exactly what a scan of every row would, merge after merge, and keeps the floors exact."""
    from duizhao.search import tiers

    tiers.refresh(pg, min_df=5, keep=20)
    st = tiers.state(pg)
    assert st is not None
    _floors_match_lists(pg, st)  # as built
    for first in (41, 61):
        for n in range(first, first + 20):
            pg.add_document(make_doc(n, units=5, source="Xinhua"))
        st = tiers.state(pg)
        assert st is not None and tiers.tail_rows(pg, st) > 0
        done = tiers.merge(pg, st)
        assert done["terms_changed"] > 10  # many lists really changed (else this proves little)
        after = tiers.state(pg)
        assert after is not None and tiers.tail_rows(pg, after) == 0
        expected = tiers._scan(pg, set(st.df), st.avgdl, st.keep, 0, after.upto + 1, {})
        got = _lists(pg)
        for term, heap in expected.items():
            assert got[term] == [rowid for _, rowid in sorted(heap, key=lambda x: (-x[0], -x[1]))]
        _floors_match_lists(pg, after)


def test_a_stale_merge_changes_nothing(pg):
    """A merge that started from lists another merge has changed since skips (its floors are stale)."""
    from duizhao.search import tiers

    tiers.refresh(pg, min_df=5, keep=20)
    for n in range(41, 61):
        pg.add_document(make_doc(n, units=5, source="Xinhua"))
    stale = tiers.state(pg)
    assert stale is not None
    tiers.merge(pg, stale)
    before = _lists(pg)
    assert tiers.merge(pg, stale).get("skipped")
    assert _lists(pg) == before


def test_first_stage_context_equals_its_parts(pg):
    """_context (one statement) gives what _top_id, stats and doc_freqs give apart, with df changes
    pending and after they are folded in."""
    terms = ["trade", "北京", "nosuchword", "beij"]
    pg.add_document(make_doc(77, units=4))
    cur = pg.cursor()
    cur.execute("SELECT COUNT(*) FROM search_terms_delta")
    assert cur.fetchone()[0] > 0  # changes pending
    for _ in range(2):
        top, n, df = px._context(pg, terms)
        assert (top, n, df) == (tiers.newest_row(pg), px.stats(pg)[0], px.doc_freqs(pg, terms))
        assert df["trade"] > 0 and df["nosuchword"] == 0
        px.fold_terms(pg)


def test_maintain_merges_the_gin_pending_list(pg):
    """Every search scans the GIN index's pending list whole: maintain() after a batch empties it."""
    for n in range(41, 46):
        pg.add_document(make_doc(n, units=5))
    pg.maintain()
    cur = pg.cursor()
    cur.execute("SELECT gin_clean_pending_list('search_rows_tsv'::regclass)")  # pages it had left to merge
    assert cur.fetchone()[0] == 0
    pg.add_document(make_doc(46, units=5))
    cur.execute("SELECT gin_clean_pending_list('search_rows_tsv'::regclass)")
    assert cur.fetchone()[0] > 0  # (the check above could fail: new rows do wait there)
