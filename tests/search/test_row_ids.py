"""How SQLite index rows are numbered, and the lookups that rely on it: metadata filters through
search_spans (the runs of row ids of one document) and counts through paired ids (a unit's zh and en
rows are 2k and 2k + 1). Both must give what joining every match to its row and document gives: after
edits and deletes, and for libraries migrated with rows in them. A library whose ids are not paired
(indexed before migration 0109) is refused by search until `duizhao migrate` reindexes it."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from duizhao.errors import DuizhaoError
from duizhao.model import Document, Unit
from duizhao.search import index, index_rows, query, sqlite_index
from duizhao.store import open_library

WORDS = "ships cargo port weather crew engine river bridge market tariff grain steel harbour".split()
SOURCES = ["Harbour Gazette", "River Times", "Port Review"]


def _filters(lib, filters: dict, side: str | None) -> tuple[str, list]:
    """The filters as SQL over search_rows r joined to documents d, written here (the reference)."""
    where, params = lib.where_clause(filters, "d")
    clauses = ([f"({where[len(' WHERE '):]})"] if where else []) + (["r.side = ?"] if side else [])
    return ("AND " + " AND ".join(clauses)) if clauses else "", [*params, *([side] if side else [])]


def _doc(i: int, rnd: random.Random) -> Document:  # both sides, and some units with one side only
    units = []
    for j in range(5):
        en = " ".join(rnd.sample(WORDS, rnd.randrange(2, 7))) + "."
        zh = "".join(rnd.sample(ZH, rnd.randrange(1, 4))) + "。" if j != 2 else None
        units.append(Unit(f"u{j}", "paragraph", en=en if j != 4 else None, zh=zh))
    return Document(
        id=f"d{i:03d}", path=f"d{i}.txt", title={"en": f"Report {i}"}, units=units,
        source=SOURCES[i % 3], published=f"{2015 + i % 8}-03-01", authors=[f"Author {i % 4}"],
    )


ZH = ["港口", "船只", "货物", "天气", "市场", "关税", "粮食", "钢铁"]


@pytest.fixture
def library(db_path: Path):
    lib = open_library(db_path)
    rnd = random.Random(3)
    for i in range(60):
        lib.add_document(_doc(i, rnd))
    assert not index_rows.needs_reindex(lib)
    yield lib
    lib.close()


def _make_old(lib) -> None:
    """As a library indexed before migration 0109 looks (its rows' ids are not paired) once migrations
    0109 as it was and then 0112 are applied."""
    with lib.transaction() as cur:
        cur.execute("INSERT OR REPLACE INTO search_stats (key, value) VALUES ('paired_from', 1000000)")
        cur.execute("DELETE FROM migrations WHERE name = '0112_search_reindex_marker'")
    lib.migrate()


def _m(text: str) -> query.Match:
    """What the index is asked for the query `text`, untranslated."""
    match = query.parse(text, translate_query=False).match()
    assert match is not None
    return match


def _joined(lib, match: query.Match, filters: dict, side: str | None) -> list[int]:
    """The reference: every match joined to its row and document, filtered there, newest first."""
    where, params = _filters(lib, filters, side)
    sql = (
        "SELECT r.id FROM search_fts f JOIN search_rows r ON r.id = f.rowid JOIN documents d ON d.id = r.doc_id"
        f" WHERE search_fts MATCH ? {where} ORDER BY f.rowid DESC"
    )
    return [r[0] for r in lib.cursor().execute(sql, (match.fts(), *params)).fetchall()]


CASES = [
    ({"source": "River Times"}, None),
    ({"source": "Port Review", "date_from": "2018-01-01"}, None),
    ({"author": "Author 2"}, "en"),
    ({"date_to": "2016-12-31"}, "zh"),
    ({"source": "No Such Source"}, None),
]


def _units_joined(lib, match: query.Match, filters: dict, side: str | None) -> int:
    where, params = _filters(lib, filters, side)
    sql = (
        "SELECT COUNT(DISTINCT r.doc_id || char(0) || r.unit_id) FROM search_fts f JOIN search_rows r ON r.id = f.rowid"
        f" JOIN documents d ON d.id = r.doc_id WHERE search_fts MATCH ? {where}"
    )
    return int(lib.cursor().execute(sql, (match.fts(), *params)).fetchone()[0])


def _check(lib) -> None:
    for match in map(_m, ("harbour", "ships OR grain", "cargo port", "港口", "港口 OR harbour")):
        for filters, side in [*CASES, ({}, None), ({}, "en"), ({}, "zh")]:
            want = _joined(lib, match, filters, side)
            got = [r[0] for r in sqlite_index.matching_rows(lib, match, filters, side, 10_000)]
            assert got == want, (match, filters, side)
            assert [r[0] for r in sqlite_index.matching_rows(lib, match, filters, side, 3)] == want[:3]
            assert sqlite_index.count(lib, match, filters, side, 5).rows == min(5, len(want))
            units = _units_joined(lib, match, filters, side)
            assert index.count_capped(lib, match, filters, side, None) == (units, True)
            assert index.count_capped(lib, match, filters, side, 10_000) == (units, True)
            if len(want) > 3:
                assert index.count_capped(lib, match, filters, side, 3) == (3, False)
            # handed a count of the same match (what search does), from what that count read: its units,
            # and the newest rows when it read every match; a count stopped at its cap leaves the rows
            # to a walk of the index; a count of another match is not used
            c = sqlite_index.count(lib, match, filters, side, 10_000)
            assert c.complete and c.rows == len(want)
            assert [r[0] for r in index.rows(lib, match, filters, side, 3, counted=c)] == want[:3]
            assert [r[0] for r in index.rows(lib, match, filters, side, 10_000, counted=c)] == want
            assert index.count_capped(lib, match, filters, side, 10_000, c) == (units, True)
            c = sqlite_index.count(lib, match, filters, side, 2)
            assert [r[0] for r in index.rows(lib, match, filters, side, 10_000, counted=c)] == want
            other = sqlite_index.count(lib, _m("nosuchword"), filters, side, 10_000)
            assert [r[0] for r in index.rows(lib, match, filters, side, 10_000, counted=other)] == want


def test_filtered_rows_equal_the_join(library) -> None:
    _check(library)


def test_after_edits_deletes_and_metadata_changes(library) -> None:
    for i in (3, 10, 31):
        version = library.unit_versions(f"d{i:03d}")["u1"]
        library.edit_unit(f"d{i:03d}", "u1", "en", "harbour ships harbour grain.", editor="ed", base_version=version)
    with library.transaction() as cur:  # what `duizhao copy` does to a document it replaces
        sqlite_index.delete_document(library, cur, "d004")
    assert library.cursor().execute("SELECT COUNT(*) FROM search_spans WHERE doc_id = 'd004'").fetchone()[0] == 0
    library.update_metadata("d005", {"source": "River Times"}, editor="ed")
    library.add_document(_doc(99, random.Random(9)))  # new ids after the edited rows
    _check(library)


def test_what_is_kept_from_before_a_write_is_not_used(library) -> None:
    filters = {"date_from": "2010-01-01"}  # every document: the kept runs of row ids must grow
    df = sqlite_index.doc_freqs(library, ["harbour"])["harbour"]
    before = [r[0] for r in sqlite_index.matching_rows(library, _m("harbour"), filters, None, 10_000)]
    assert library.state.spans and library.state.doc_freqs  # kept on the handle's state
    library.add_document(_doc(98, random.Random(5)))
    after = [r[0] for r in sqlite_index.matching_rows(library, _m("harbour"), filters, None, 10_000)]
    assert after == _joined(library, _m("harbour"), filters, None) and after != before
    assert sqlite_index.doc_freqs(library, ["harbour"])["harbour"] == df + len(after) - len(before)


def test_the_migration_fills_spans_for_existing_rows(library) -> None:
    version = library.unit_versions("d007")["u0"]
    library.edit_unit("d007", "u0", "en", "harbour harbour.", editor="ed", base_version=version)
    maintained = _covered(library)
    migration = dict(sqlite_index.SQLITE_MIGRATIONS)["0108_search_spans"]
    fill = migration[migration.index("INSERT INTO search_spans") :].strip().rstrip(";")
    with library.transaction() as cur:
        cur.execute("DELETE FROM search_spans")
        cur.execute(fill)
    assert _covered(library) == maintained
    _check(library)


def _covered(lib) -> dict[str, set[int]]:
    """Per document, the ids of its existing rows that its spans cover."""
    out: dict[str, set[int]] = {}
    spans = lib.cursor().execute("SELECT lo, hi, doc_id FROM search_spans").fetchall()
    for rowid, doc_id in lib.cursor().execute("SELECT id, doc_id FROM search_rows").fetchall():
        if any(lo <= rowid <= hi and d == doc_id for lo, hi, d in spans):
            out.setdefault(doc_id, set()).add(rowid)
    return out


def test_a_units_rows_have_paired_ids(library) -> None:
    rows = library.cursor().execute("SELECT id, doc_id, unit_id, side FROM search_rows").fetchall()
    by_unit: dict[tuple[str, str], set[int]] = {}
    for rowid, doc_id, unit_id, side in rows:
        assert rowid & 1 == (side == "en")
        by_unit.setdefault((doc_id, unit_id), set()).add(rowid >> 1)
    assert all(len(pairs) == 1 for pairs in by_unit.values())  # one pair per unit, after edits too
    assert len({p for pairs in by_unit.values() for p in pairs}) == len(by_unit)  # and no pair shared


def test_an_old_library_is_refused_until_migrate_reindexes_it(library, db_path: Path, capsys) -> None:
    from duizhao.cli import run
    from duizhao.search import search

    before = search(library, "harbour ships", limit=50, snippets=False)
    _make_old(library)
    with pytest.raises(DuizhaoError, match="duizhao migrate"):
        search(library, "harbour ships", limit=50, snippets=False)
    assert run(["--db", str(db_path), "search", "harbour"]) == 1
    assert "run `duizhao migrate`" in capsys.readouterr().err
    assert run(["--db", str(db_path), "migrate", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["reindexed_rows"] > 0
    assert not index_rows.needs_reindex(library)
    after = search(library, "harbour ships", limit=50, snippets=False)
    assert after["total"] == before["total"]
    assert [(h["doc_id"], h["unit_id"]) for h in after["hits"]] == [(h["doc_id"], h["unit_id"]) for h in before["hits"]]
    _check(library)
