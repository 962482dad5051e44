"""`duizhao search`: --by-document (one hit per document, its best units beneath), a filter-only query
listing documents, an author's name as a query word — in the human output and the JSON."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from duizhao.cli import run
from duizhao.store import open_library
from tests.search.test_termbase_search import EN_ONLY, ZH_ONLY, _one_language
from tests.terms.conftest import PAIRS_A, make_doc


def cli(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = run([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(db_path: Path) -> Path:
    lib = open_library(db_path)
    lib.add_document(make_doc("aaaa000000000001", PAIRS_A))
    lib.add_document(_one_language("zzzz000000000001", ZH_ONLY, "zh", authors=["Alexander Gabuev"], source="Foreign Affairs"))
    lib.add_document(_one_language("eeee000000000001", EN_ONLY, "en", source="Foreign Policy"))
    lib.close()
    return db_path


def test_by_document(capsys, db):
    code, out, err = cli(capsys, "--db", db, "search", "special military operation", "--by-document", "--json")
    assert code == 0, err
    r = json.loads(out)
    assert len({h["doc_id"] for h in r["hits"]}) == len(r["hits"]) == r["total"] == 3
    z = next(h for h in r["hits"] if h["doc_id"] == "zzzz000000000001")
    assert len(z["units"]) == 1 and {z["unit_id"], z["units"][0]["unit_id"]} == {"u1", "u2"}
    code, out, _ = cli(capsys, "--db", db, "search", "special military operation", "--by-document")
    assert code == 0 and "3 hit(s)" in out
    assert f"    {z['units'][0]['unit_id']}  " in out  # the next best unit, beneath its document's hit


def test_filters_alone_and_author_names(capsys, db):
    code, out, _ = cli(capsys, "--db", db, "search", "author:Gabuev")
    assert code == 0 and "1 document(s) meeting the filters" in out and "zzzz000000000001 u1" in out
    r = json.loads(cli(capsys, "--db", db, "search", 'source:"Foreign Policy"', "--json")[1])
    assert r["listing"] is True and [h["doc_id"] for h in r["hits"]] == ["eeee000000000001"]
    code, out, _ = cli(capsys, "--db", db, "search", "Gabuev")
    assert code == 0 and "[author]" in out
    code, out, _ = cli(capsys, "--db", db, "search", "author:Nobody")
    assert code == 0 and "no hits" in out


def test_an_empty_query_is_an_error_not_no_hits(capsys, db):
    code, out, err = cli(capsys, "--db", db, "search", "  ")
    assert code == 2 and out == "" and "the query is empty" in err and len(err.strip().splitlines()) == 1
    code, out, _ = cli(capsys, "--db", db, "search", "", "--source", "Foreign Policy")
    assert code == 0 and "eeee000000000001" in out  # a filter alone still lists its documents
