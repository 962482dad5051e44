"""`duizhao terms …` and `export --all --format tbx|csv` end to end (in-process, real SQLite library)."""
from __future__ import annotations

import csv
import json

from duizhao.store import open_library
from tests.conftest import call

SPEC_KEYS = {"id", "zh", "zh_variants", "en", "en_variants", "origin", "status", "count", "documents", "example"}


def test_terms_query_in_any_script_with_spec_shape(db, capsys):
    code, out, _ = call(capsys, "--db", db, "terms", "特別軍事行動", "--json")
    rows = json.loads(out)
    assert code == 0 and [r["en"] for r in rows] == ["special military operation"]
    assert set(rows[0]) == SPEC_KEYS and set(rows[0]["example"]) == {"doc_id", "unit_id", "zh", "en"}
    code, out, _ = call(capsys, "--db", db, "terms", "--origin", "glossary", "--json")
    assert code == 0 and all(r["origin"] == "glossary" and r["status"] == "confirmed" for r in json.loads(out))
    code, out, _ = call(capsys, "--db", db, "terms", "pipeline")
    assert code == 0 and "天然气管线 = natural gas pipeline" in out and "[library, candidate, 2×, 2 docs]" in out


def test_add_confirm_reject_and_errors(db, capsys):
    code, out, _ = call(capsys, "--db", db, "terms", "add", "金砖国家", "BRICS countries", "--editor", "ann", "--json")
    added = json.loads(out)
    assert code == 0 and (added["origin"], added["status"]) == ("editor", "confirmed")
    code, out, _ = call(capsys, "--db", db, "terms", "reject", str(added["id"]), "--json")
    assert code == 0 and json.loads(out)["status"] == "rejected"
    code, out, _ = call(capsys, "--db", db, "terms", "confirm", str(added["id"]), "--json")
    assert code == 0 and json.loads(out)["status"] == "confirmed"
    lib = open_library(db)
    from duizhao.terms.library import term_history

    assert [(h["action"], h["editor"]) for h in term_history(lib, added["id"])] == [("add", "ann"), ("reject", "cli"), ("confirm", "cli")]
    lib.close()
    for args in (("terms", "confirm", "nope"), ("terms", "confirm", "999999"), ("terms", "add", "abc", "abc"), ("terms", "--status", "bogus")):
        code, out, err = call(capsys, "--db", db, *args)
        assert code == 2 and err.startswith("duizhao: ") and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_inconsistent(tmp_path, doc_a, capsys):
    from tests.terms.conftest import make_doc

    path = str(tmp_path / "inc.db")
    lib = open_library(path)
    lib.add_document(make_doc("cccc000000000003", [("两国加强国防合作。", "The two countries strengthen cooperation for defense.")]))
    lib.add_document(make_doc("dddd000000000004", [("国防合作很重要。", "Defense cooperation is important.")]))
    lib.close()
    code, out, _ = call(capsys, "--db", path, "terms", "--inconsistent", "--json")
    groups = json.loads(out)
    assert code == 0 and [g["zh"] for g in groups] == ["国防合作"] and len(groups[0]["translations"]) == 2


def test_export_tbx_read_back_by_translate_toolkit(db, tmp_path, capsys):
    from translate.storage import tbx

    code, out, _ = call(capsys, "--db", db, "export", "--all", "--format", "tbx", "-o", str(tmp_path), "--json")
    assert code == 0 and json.loads(out)["terms"] > 0
    store = tbx.tbxfile.parsefile(str(tmp_path / "termbase.tbx"))
    pairs = {(u.source, u.target) for u in store.units}
    assert ("特别军事行动", "special military operation") in pairs
    assert any(s == "普京" for s, _ in pairs)


def test_export_csv_neutralises_formulas(db, tmp_path, capsys):
    code, _, _ = call(capsys, "--db", db, "terms", "add", "公式", "=HYPERLINK(1)")
    assert code == 0
    code, _, _ = call(capsys, "--db", db, "export", "--all", "--format", "terms-csv", "-o", str(tmp_path))
    assert code == 0
    rows = list(csv.DictReader((tmp_path / "termbase.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert any(r["en"] == "'=HYPERLINK(1)" for r in rows)
    assert any(r["zh"] == "特别军事行动" and r["en"] == "special military operation" for r in rows)
    code, _, err = call(capsys, "--db", db, "export", "--format", "tbx", "-o", str(tmp_path))
    assert code == 2 and "--all" in err


def test_empty_listings_say_what_was_asked(db, capsys) -> None:
    code, out, _ = call(capsys, "--db", db, "terms", "zzzqqq")
    assert code == 0 and out.strip() == "no term matches"
    code, out, _ = call(capsys, "--db", db, "terms", "--inconsistent", "--json")
    groups = json.loads(out)
    code, out, _ = call(capsys, "--db", db, "terms", "--inconsistent")
    assert code == 0 and (out.strip() == "no Chinese term is translated in more than one way") == (groups == [])
