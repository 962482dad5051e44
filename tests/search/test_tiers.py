"""Champion lists (search/tiers.py): built, merged, used by search, and never stale after writes."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

import duizhao.search as search_pkg
from duizhao.model import Document, Unit
from duizhao.search import search, tiers
from duizhao.store import open_library

FILLER = "ships cargo port weather crew engine river bridge market tariff grain steel".split()


def _doc(i: int, rnd: random.Random) -> Document:
    units = []
    for j in range(6):
        words = rnd.sample(FILLER, rnd.randrange(2, 9))
        if rnd.random() < 0.6:
            words.insert(rnd.randrange(len(words) + 1), "harbour")
        if rnd.random() < 0.2:
            words += ["harbour", "harbour"]
        units.append(Unit(f"u{j}", "paragraph", en=" ".join(words) + "."))
    return Document(id=f"d{i:03d}", path=f"d{i}.txt", title={"en": f"Report {i}"}, units=units)


@pytest.fixture
def library(db_path: Path):
    lib = open_library(db_path)
    rnd = random.Random(5)
    for i in range(100):  # ~400 rows hold 'harbour': more than a list keeps (200), more than a pool
        lib.add_document(_doc(i, rnd))
    yield lib
    lib.close()


def _ranked(lib, q: str, **kw) -> list[tuple[str, str]]:
    return [(h["doc_id"], h["unit_id"]) for h in search(lib, q, snippets=False, **kw)["hits"]]


def _top_scores(lib, q: str, **kw) -> list[float]:
    return [h["score"] for h in search(lib, q, snippets=False, **kw)["hits"]]


def test_one_concept_query_from_the_lists_equals_exact_ranking(library, monkeypatch) -> None:
    exact = _top_scores(library, "harbour", limit=20)
    monkeypatch.setattr(search_pkg, "RANK_SCAN", 5)  # the bounded stage would rank only 5 rows
    bounded = _top_scores(library, "harbour", limit=20)
    assert bounded != exact  # the approximation the lists exist to avoid (else this test proves nothing)
    built = tiers.refresh(library, min_df=10, keep=200)
    assert built["terms"] >= 1 and built["entries"] > 0
    assert _top_scores(library, "harbour", limit=20) == exact
    r = search(library, "harbour", limit=5)
    assert r["total"] >= 5 and r["total_exact"] is False  # "1000+"-style lower bound, not a count


def test_rows_added_after_the_build_are_found(library, monkeypatch) -> None:
    tiers.refresh(library, min_df=10, keep=200)
    monkeypatch.setattr(search_pkg, "RANK_SCAN", 5)
    library.add_document(Document(id="new", path="new.txt", title={"en": "N"}, units=[
        Unit("u0", "paragraph", en="Harbour harbour harbour."),
    ]))
    assert _ranked(library, "harbour", limit=3)[0] == ("new", "u0")  # the tail is ranked beside the lists


def test_a_corrected_unit_never_keeps_its_old_place(library, monkeypatch) -> None:
    library.add_document(Document(id="zz", path="zz.txt", title={"en": "Z"}, units=[
        Unit("u0", "paragraph", en="Harbour harbour harbour harbour."),
    ]))
    tiers.refresh(library, min_df=10, keep=200)
    monkeypatch.setattr(search_pkg, "RANK_SCAN", 5)
    assert _ranked(library, "harbour", limit=1) == [("zz", "u0")]
    version = library.unit_versions("zz")["u0"]
    library.edit_unit("zz", "u0", "en", "Nothing about ports here.", editor="ed", base_version=version)
    assert ("zz", "u0") not in _ranked(library, "harbour", limit=50)
    # the edited row got a new id above every old one (ids are never reused)
    top = library.cursor().execute("SELECT MAX(id) FROM search_rows").fetchone()[0]
    assert top > tiers.state(library).upto


def test_merge_equals_a_scan_of_every_row(library) -> None:
    built = tiers.refresh(library, min_df=10, keep=15)
    rnd = random.Random(9)
    for i in range(100, 120):
        library.add_document(_doc(i, rnd))
    st = tiers.state(library)
    assert st is not None and tiers.tail_rows(library, st) > 0
    tiers.merge(library, st)
    after = tiers.state(library)
    assert after is not None and after.upto > built["upto"] and tiers.tail_rows(library, after) == 0
    # what the lists should hold: every row scanned with the build's average length
    expected = tiers._scan(library, set(st.df), st.avgdl, st.keep, 0, after.upto + 1, {})
    for term, heap in expected.items():
        got = library.cursor().execute(
            "SELECT row_id FROM search_top WHERE term = ? ORDER BY impact DESC, row_id DESC", (term,)
        ).fetchall()
        want = sorted(heap, key=lambda x: (-x[0], -x[1]))
        assert [r[0] for r in got] == [rowid for _, rowid in want]


def test_maintain_builds_when_big_enough_and_rebuilds_after_a_reindex(library, monkeypatch) -> None:
    assert tiers.maintain(library) is None  # 600 rows: far below BUILD_MIN_ROWS
    monkeypatch.setattr(tiers, "BUILD_MIN_ROWS", 500)
    monkeypatch.setattr(tiers, "MIN_DF", 10)
    assert library.maintain().get("sqlite_index", {}).get("terms", 0) >= 1
    assert library.maintain() == {}  # nothing new: nothing done
    search_pkg.reindex(library)  # re-analysing everything drops the lists of the old rows
    assert tiers.state(library) is None


def test_optimize_command(db_path: Path, library) -> None:
    library.close()
    out = subprocess.run(
        [str(Path(sys.executable).parent / "duizhao"), "--db", str(db_path), "optimize", "--json"],
        capture_output=True, text=True, check=True,
    )
    data = json.loads(out.stdout)
    assert data["backend"] == "sqlite" and "search" in data
    lib = open_library(db_path)
    assert tiers.state(lib) is not None  # forced: built even for a small library
    lib.close()


def test_merge_only_maintenance_never_rebuilds(library, monkeypatch) -> None:
    """What a web upload runs: a tail is merged, a first build or a rebuild is left to ingest/optimize."""
    monkeypatch.setattr(tiers, "BUILD_MIN_ROWS", 100)
    assert tiers.maintain(library, rebuild=False) is None  # no lists yet: not built from a web request
    tiers.refresh(library, min_df=10, keep=200)
    monkeypatch.setattr(tiers, "MERGE_MIN", 5)
    rnd = random.Random(3)
    for i in range(200, 205):
        library.add_document(_doc(i, rnd))
    done = tiers.maintain(library, rebuild=False)
    assert done is not None and "merged_rows_after" in done
    assert tiers.tail_rows(library, tiers.state(library)) == 0


def test_champions_never_bring_rows_outside_the_filters(db_path: Path, monkeypatch) -> None:
    """A several-concept query over common words takes the bounded stage, which adds each word's
    champions: with a source or date filter those must meet the filter too."""
    lib = open_library(db_path)
    rnd = random.Random(7)
    for i in range(100):
        doc = _doc(i, rnd)
        doc.source = "Harbour Gazette" if i % 4 == 0 else "River Times"
        doc.published = f"{2010 + i % 10}-05-01"
        if i % 4 != 0:  # the rows where both words weigh most are all outside the filter
            doc.units.append(Unit("u9", "paragraph", en="harbour ships harbour ships."))
        lib.add_document(doc)
    tiers.refresh(lib, min_df=10, keep=200)
    monkeypatch.setattr(search_pkg, "RANK_SCAN", 5)
    monkeypatch.setattr(search_pkg, "BOUNDED_SCAN", 5)
    got = search(lib, "harbour ships", limit=50, source="Harbour Gazette", snippets=False)
    assert got["first_stage"] == "bounded" and got["hits"]
    assert {h["doc_id"] for h in got["hits"]} <= {f"d{i:03d}" for i in range(0, 100, 4)}
    dated = search(lib, "harbour ships", limit=50, date_from="2018-01-01", snippets=False)
    assert dated["hits"]
    assert all(int(h["doc_id"][1:]) % 10 >= 8 for h in dated["hits"])
    lib.close()


def test_best_champions_read_from_the_lists_alone_equal_the_joined_read(library) -> None:
    tiers.refresh(library, min_df=10, keep=200)
    # terms with a list (search_top_terms also holds every other term's frequency)
    terms = [t for (t,) in library.cursor().execute("SELECT DISTINCT term FROM search_top ORDER BY term").fetchall()][:3]
    assert len(terms) == 3
    weighted = [(1.0, terms[0]), (0.7, terms[1]), (0.4, terms[2])]
    for k in (5, 50, 200):
        fast = tiers.best_champions(library, weighted, k, None)
        joined = tiers.best_champions(library, weighted, k, "en")  # a side asked: the joined read
        assert fast == joined and len(fast) == k  # every row here is English
    # a listed row deleted since the build: the lists are read joined to the live rows instead
    top = fast[0]
    version = library.unit_versions(top[1])[top[2]]
    library.edit_unit(top[1], top[2], "en", "Nothing of the kind.", editor="ed", base_version=version)
    after = tiers.best_champions(library, weighted, 200, None)
    assert top[0] not in {r[0] for r in after} and len(after) == 200


def test_reindex_command(db_path: Path, library) -> None:
    before = _ranked(library, "harbour", limit=10)
    library.close()
    exe = str(Path(sys.executable).parent / "duizhao")
    out = subprocess.run([exe, "--db", str(db_path), "reindex", "--json"], capture_output=True, text=True, check=True)
    data = json.loads(out.stdout)
    assert data["rows"] == 700 and data["mode"] == "both" and data["search"]["rows"] == 700  # 600 units, 100 titles
    lib = open_library(db_path)
    assert _ranked(lib, "harbour", limit=10) == before and tiers.state(lib) is not None
    lib.close()
    bad = subprocess.run([exe, "--db", str(db_path), "reindex", "--mode", "trigram"], capture_output=True, text=True)
    assert bad.returncode != 0 and "Traceback" not in bad.stderr and "trigram" in bad.stderr


def test_the_champion_check_on_padded_tokens_equals_the_check_on_token_sets() -> None:
    """_with_champions keeps a champion row when it holds every concept: some one-token alternative,
    or all the tokens of a phrase alternative. Its substring test must agree with the plain set test
    (tokens that are prefixes or suffixes of one another included)."""
    rnd = random.Random(11)
    vocab = ["port", "ports", "sport", "harbour", "ship", "ships", "港口", "港", "口岸", "ent:port", "x.y", "a"]
    for _ in range(3000):
        row = rnd.sample(vocab, rnd.randrange(0, 6))
        plan = [
            ([rnd.choice(vocab) for _ in range(rnd.randrange(0, 3))], [rnd.sample(vocab, 2) for _ in range(rnd.randrange(0, 2))])
            for _ in range(rnd.randrange(1, 4))
        ]
        held = set(row)
        want = bool(held) and all(
            any(t in held for t in singles) or any(all(t in held for t in p) for p in phrases) for singles, phrases in plan
        )
        needles = [([f" {t} " for t in singles], [[f" {t} " for t in p] for p in phrases]) for singles, phrases in plan]
        assert search_pkg._holds_every(" " + " ".join(row) + " ", needles) == want, (row, plan)
