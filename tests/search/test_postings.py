"""Posting bitmaps (search/postings.py): the rows they say a query matches are exactly FTS5's — for
words, phrases (checked on tokens or by FTS5), exclusions, OR, metadata filters and sides — after the
build, with a tail of new rows, after edits (a unit's old rows leave the index), after a merge; and search counts from them."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from pyroaring import BitMap

import duizhao.search as search_pkg
from duizhao.model import Document, Unit
from duizhao.search import postings, search, sqlite_index, tiers
from duizhao.search import query as query_mod
from duizhao.store import open_library

EN = "ships cargo port weather crew engine river bridge market tariff grain steel harbour flood".split()
ZH = ["港口", "船只", "货物", "天气", "市场", "关税", "粮食", "钢铁", "洪涝灾害", "长江大桥"]
SOURCES = ["Harbour Gazette", "River Times", "Port Review"]


def _filters(lib, filters: dict, side: str | None) -> tuple[str, list]:
    """The filters as SQL over search_rows r joined to documents d, written here (the reference)."""
    where, params = lib.where_clause(filters, "d")
    clauses = ([f"({where[len(' WHERE '):]})"] if where else []) + (["r.side = ?"] if side else [])
    return ("AND " + " AND ".join(clauses)) if clauses else "", [*params, *([side] if side else [])]


def _doc(i: int, rnd: random.Random, prefix: str = "d") -> Document:
    units = []
    for j in range(5):
        en = " ".join(rnd.choice(EN) for _ in range(rnd.randrange(2, 9))) + "."
        zh = "，".join(rnd.choice(ZH) for _ in range(rnd.randrange(1, 5))) + "。"
        units.append(Unit(f"u{j}", "paragraph", en=en if j != 4 else None, zh=zh if j != 2 else None))
    return Document(
        id=f"{prefix}{i:03d}", path=f"{prefix}{i}.txt", title={"en": f"Report {i}"}, units=units,
        source=SOURCES[i % 3], published=f"{2015 + i % 8}-03-01",
    )


@pytest.fixture
def library(db_path: Path):
    lib = open_library(db_path)
    rnd = random.Random(11)
    for i in range(80):
        lib.add_document(_doc(i, rnd))
    built = tiers.refresh(lib, min_df=15, keep=50)
    assert built["bitmaps"] >= 10  # most words have a bitmap; the rarer ones go through FTS5
    yield lib
    lib.close()


def _queries(seed: int, n: int = 60) -> list[str]:
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        words = [rnd.choice(EN + ZH) for _ in range(rnd.randrange(1, 4))]
        kind = rnd.random()
        if kind < 0.25:
            out.append('"' + " ".join(rnd.sample(EN, 2)) + '"')  # a phrase of common words
        elif kind < 0.4:
            out.append(" ".join(words) + " -" + rnd.choice(EN))
        elif kind < 0.5 and len(words) > 1:
            out.append(f"{words[0]} OR {words[1]}")
        else:
            out.append(" ".join(words))
    return out + ["洪涝灾害", "长江大桥 ships", '"river bridge"', "flood -harbour"]


def _reference(lib, expr: str, filters: dict, side: str | None) -> set[int]:
    where, params = _filters(lib, filters, side)
    sql = (
        "SELECT r.id FROM search_fts f JOIN search_rows r ON r.id = f.rowid JOIN documents d ON d.id = r.doc_id"
        f" WHERE search_fts MATCH ? {where}"
    )
    return {r[0] for r in lib.cursor().execute(sql, (expr, *params)).fetchall()}


def _check(lib, queries: list[str], filters: dict | None = None, side: str | None = None) -> int:
    """Asserts bitmaps == FTS5 for every query; returns how many matched something."""
    filters = filters or {}
    nonempty = 0
    for text in queries:
        q = query_mod.parse(text, sqlite_index.analyzer_mode(lib))
        expr = q.match()
        if expr is None:
            continue
        got = sqlite_index.matching_ids(lib, expr, filters, side)
        assert got is not None
        want = _reference(lib, expr.fts(), filters, side)
        assert set(got) == want, text
        nonempty += bool(want)
    return nonempty


def test_bitmaps_match_fts5_exactly(library) -> None:
    assert _check(library, _queries(1)) > 30


@pytest.mark.parametrize("verify_max", [0, 10_000])
def test_phrases_checked_either_way(library, monkeypatch, verify_max: int) -> None:
    # 0: every phrase candidate is checked by FTS5; 10,000: every one on its stored tokens
    monkeypatch.setattr(postings, "VERIFY_MAX", verify_max)
    phrases = ['"ships cargo"', '"cargo ships"', '"river bridge" port', '"steel grain" -flood', "洪涝灾害 天气"]
    assert _check(library, phrases) >= 3


def test_filters_and_sides(library) -> None:
    queries = _queries(2, 30)
    for filters, side in (({"source": "River Times"}, None), ({"date_from": "2019-01-01"}, "en"), ({}, "zh"), ({}, "en")):
        _check(library, queries, filters, side)


def test_tail_edits_deletes_and_merge(library) -> None:
    rnd = random.Random(5)
    for i in range(6):  # the tail: rows after the build
        library.add_document(_doc(i, rnd, prefix="t"))
    version = library.unit_versions("d003")["u0"]
    library.edit_unit("d003", "u0", "en", "Nothing about ships here at all.", editor="ed", base_version=version)
    version = library.unit_versions("d004")["u1"]
    library.edit_unit("d004", "u1", "zh", "港口关闭。", editor="ed", base_version=version)
    dead = {r for (r,) in library.cursor().execute("SELECT id FROM search_bits_dead")}
    assert dead  # noted, and subtracted below
    queries = _queries(3)
    _check(library, queries)
    merged = tiers.merge(library, tiers.state(library))
    assert merged["upto"] > merged["merged_rows_after"]
    assert postings.upto_of(library.cursor()) == merged["upto"]
    _check(library, queries)
    tiers.refresh(library, min_df=15, keep=50)  # a build starts over: nothing left to subtract
    assert not library.cursor().execute("SELECT COUNT(*) FROM search_bits_dead").fetchone()[0]
    _check(library, queries)


def test_without_a_build_the_index_answers(db_path: Path) -> None:
    lib = open_library(db_path)
    lib.add_document(_doc(0, random.Random(1)))
    q = query_mod.parse("ships")
    assert sqlite_index.matching_ids(lib, q.match(), {}, None) is None
    lib.close()


def test_a_term_fts5_counts_differently_is_left_to_fts5(library) -> None:
    with library.transaction() as cur:
        found = {"ship": BitMap([2, 4]), "cargo": BitMap([6])}
        kept = postings.write_build(cur, found, {"ship": 2, "cargo": 5}, 10, 0)
    assert kept == 1
    assert {t for (t,) in library.cursor().execute("SELECT term FROM search_bits")} == {"ship"}


def test_search_counts_every_match_from_the_bitmaps(library, monkeypatch) -> None:
    monkeypatch.setattr(search_pkg, "RANK_SCAN", 5)  # so the index counts instead of listing
    for text in ("ships cargo", "港口 weather", "river -steel"):
        q = query_mod.parse(text, sqlite_index.analyzer_mode(library))
        units = {
            (r[0], r[1])
            for r in library.cursor().execute(
                "SELECT r.doc_id, r.unit_id FROM search_fts f JOIN search_rows r ON r.id = f.rowid WHERE search_fts MATCH ?",
                (q.match().fts(),),
            )
        }
        got = search(library, text, snippets=False)
        assert got["total"] == len(units) and got["total_exact"] is True, text
        assert got["hits"]


def test_a_merge_lists_the_new_terms(library, monkeypatch) -> None:
    library.add_document(Document(id="new", path="new.txt", title={"en": "N"}, units=[
        Unit("u0", "paragraph", en="Zeppelins over the harbour."),
    ]))
    assert search(library, "zeppelins harbour", snippets=False)["total"] == 1
    tiers.merge(library, tiers.state(library))
    listed = dict(library.cursor().execute("SELECT term, df FROM search_top_terms WHERE term LIKE 'zeppelin%'"))
    assert listed and set(listed.values()) == {1}
    monkeypatch.setattr(search_pkg, "RANK_SCAN", 0)  # so "harbour" goes through the bitmaps too
    got = search(library, "zeppelins harbour", snippets=False)
    assert got["total"] == 1 and got["hits"][0]["doc_id"] == "new"


def test_a_library_from_before_the_bitmaps_gets_them_at_its_next_maintenance(library) -> None:
    with library.transaction() as cur:  # as a library whose lists were built before migration 0110
        cur.execute("DELETE FROM search_bits")
        cur.execute("DELETE FROM search_stats WHERE key = 'bits_upto'")
    q = query_mod.parse("ships cargo")
    assert sqlite_index.matching_ids(library, q.match(), {}, None) is None
    assert tiers.maintain(library, rebuild=False) is None  # a web upload's merge-only pass leaves it be
    done = tiers.maintain(library)  # a rebuild (with the default thresholds: no word is common here)
    assert done is not None and "bitmaps" in done
    assert postings.upto_of(library.cursor()) == done["upto"]
    _check(library, ["ships cargo", '"river bridge"'])


def test_a_relaxed_query_after_an_empty_bitmap_conjunction_counts_its_own_matches(db_path: Path, monkeypatch) -> None:
    """No unit holds both words, found from the bitmaps (an empty set, 0 units): the relaxed search that
    follows is counted as itself, not reported as the few units it ranked (the empty AND's 0 once leaked)."""
    lib = open_library(db_path)
    for i in range(40):
        units = [Unit(f"u{j}", "paragraph", en=("harbour" if j % 2 else "cargo") + f" report {i} {j}.") for j in range(6)]
        lib.add_document(Document(id=f"d{i:03d}", path=f"d{i}.txt", units=units))
    tiers.refresh(lib, min_df=15, keep=50)
    monkeypatch.setattr(search_pkg, "RANK_SCAN", 20)  # both words common: the conjunction goes to the bitmaps
    got = search(lib, "harbour cargo", snippets=False, dense=False)
    assert got["relaxed"] and got["first_stage"] == "pruned"
    assert got["total"] == 120 and got["total_exact"] is True  # the units holding the word searched (cargo)
    lib.close()
