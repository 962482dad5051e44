"""Search on PostgreSQL (search/postgres_index.py) against search on SQLite: the same library on both,
the same queries, the same top hits; plus the index hooks (corrections, copy)."""

from __future__ import annotations

from pathlib import Path

import pytest

from duizhao.search import search
from duizhao.search.postgres_index import estimate, tsquery, tsvector_literal
from duizhao.search.query import Alt, Match
from duizhao.store import open_library

QUERIES = [
    "trade",
    "China",
    "外交",
    "中国 美国",
    "economic growth",
    "俄罗斯",
    "security",
    "一带一路",
    "Taiwan",
    "global economy",
]


def _alt(*tokens: str, adjacent: bool = True) -> Alt:
    return Alt(tokens, 1.0, "orig", adjacent)


def test_match_to_tsquery():
    assert tsquery(Match(((_alt("a"),),))) == "'a'"
    match = Match(((_alt("a"), _alt("b", "c"), _alt("x", "y", adjacent=False)), (_alt("d"),)), ((_alt("e"),),))
    assert tsquery(match) == "(('a' | ('b' <-> 'c') | ('x' & 'y')) & 'd' & !'e')"
    assert tsquery(Match(((_alt('it"s'), _alt("it's")),))) == "('it\"s' | 'it''s')"
    # what the first stage's cost model reads: an upper bound, and a low guess (independent words)
    match = Match(((_alt("a"), _alt("b", "c")), (_alt("d"),)), ((_alt("e"),),))
    df = {"a": 10, "b": 4, "c": 6, "d": 5, "e": 90}
    assert estimate(match, df, 100) == 5
    assert estimate(match, df, 100, low=True) == pytest.approx(0.5)
    assert tsvector_literal(["ent:x", "3.5", "a", "ent:x"]) == "'ent:x':1,4 '3.5':2 'a':3"


def _ingest(url: str, files: list[Path]):
    from duizhao.pipeline import check, parse_file

    lib = open_library(url)
    for f in files:
        doc = parse_file(f)
        lib.add_document(doc, check(doc), source_path=str(f))
    return lib


def _top(lib, q: str, n: int = 5, **kw) -> list[tuple[str, str]]:
    return [(h["doc_id"], h["unit_id"]) for h in search(lib, q, limit=n, dense=False, **kw)["hits"]]


@pytest.mark.postgres
def test_seeds_rank_alike_on_both_backends(seed_files: list[Path], tmp_path: Path, pg_url: str):
    sq = _ingest(str(tmp_path / "lib.db"), seed_files)
    pg = _ingest(pg_url, seed_files)
    try:
        import duizhao.search.postgres_index as px
        import duizhao.search.sqlite_index as sx

        assert px.stats(pg) == sx.stats(sq)  # same rows, same tokens: same BM25 statistics
        compared = 0
        for q in QUERIES:
            a, b = search(sq, q, limit=5, dense=False), search(pg, q, limit=5, dense=False)
            assert a["total"] == b["total"], q
            assert [(h["doc_id"], h["unit_id"]) for h in a["hits"]] == [
                (h["doc_id"], h["unit_id"]) for h in b["hits"]
            ], q
            compared += bool(a["hits"])
        assert compared >= 5  # the queries really hit something on the seeds
        src = sq.list_documents()[0]["source"]
        assert _top(sq, "China", source=src) == _top(pg, "China", source=src)
    finally:
        sq.close()
        pg.close()


@pytest.mark.postgres
def test_index_follows_corrections_and_copy(tmp_path: Path, pg_url: str):
    from store_helpers import make_doc

    from duizhao.store.copy import copy_library

    pg = open_library(pg_url)
    try:
        for n in range(1, 6):
            pg.add_document(make_doc(n, authors=["Wang Yi"], source="Xinhua News Agency"))
        doc_id = pg.document_ids()[0]
        assert _top(pg, "zeppelin") == []
        c = pg.propose_correction(doc_id, "u2", "en", "A zeppelin flew over the city.")
        pg.apply_correction(c, editor="ed")
        assert _top(pg, "zeppelin") == [(doc_id, "u2")]

        back = open_library(str(tmp_path / "back.db"))
        copy_library(pg, back)
        assert _top(back, "zeppelin") == [(doc_id, "u2")]
        assert search(back, "Beijing", dense=False)["total"] == search(pg, "Beijing", dense=False)["total"] > 0
        back.close()
    finally:
        pg.close()
