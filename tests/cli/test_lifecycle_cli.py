"""`duizhao trash|restore|publish|empty-trash` and `list --trash/--drafts`, as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

from duizhao.cli import run

from ..reliability.crash import make_corpus


def _run(capsys, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = run(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_trash_restore_and_empty(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "lib.db")
    files = make_corpus(tmp_path / "files", 2)
    assert _run(capsys, "--db", db, "ingest", *map(str, files))[0] == 0
    docs = json.loads(_run(capsys, "--db", db, "list", "--json")[1])
    first = docs[0]["id"]
    code, out, _ = _run(capsys, "--db", db, "trash", first, "--json")
    assert code == 0 and json.loads(out)["status"] == "trashed"
    assert [d["id"] for d in json.loads(_run(capsys, "--db", db, "list", "--trash", "--json")[1])] == [first]
    assert first not in _run(capsys, "--db", db, "list")[1]
    code, _, err = _run(capsys, "--db", db, "restore", docs[1]["id"])
    assert code == 2 and "not in the trash" in err
    assert _run(capsys, "--db", db, "restore", first)[0] == 0
    assert first in _run(capsys, "--db", db, "list")[1]
    assert _run(capsys, "--db", db, "trash", first)[0] == 0
    code, _, err = _run(capsys, "--db", db, "empty-trash")
    assert code == 2 and "--yes" in err
    code, out, _ = _run(capsys, "--db", db, "empty-trash", "--yes", "--json")
    assert code == 0 and json.loads(out)["deleted"] == [first]
    assert [d["id"] for d in json.loads(_run(capsys, "--db", db, "list", "--json")[1])] == [docs[1]["id"]]


def test_edit_changes_metadata_with_history(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "lib.db")
    files = make_corpus(tmp_path / "files", 1)
    assert _run(capsys, "--db", db, "ingest", *map(str, files))[0] == 0
    doc = json.loads(_run(capsys, "--db", db, "list", "--json")[1])[0]["id"]
    shown = json.loads(_run(capsys, "--db", db, "show", doc, "--json")[1])
    v0 = shown["version"]
    code, out, err = _run(
        capsys, "--db", db, "edit", doc, "--source", "Foreign Affairs", "--published", "2024-07-05",
        "--author", "A. Writer", "--author", "B. Writer", "--url", "https://example.org/a", "--editor", "ed", "--json",
    )
    assert code == 0, err
    got = json.loads(out)
    assert got["changed"] == ["authors", "source", "published", "url"] and got["version"] == v0 + 4
    after = json.loads(_run(capsys, "--db", db, "show", doc, "--json")[1])
    assert (after["source"], after["published"], after["authors"], after["url"]) == (
        "Foreign Affairs", "2024-07-05", ["A. Writer", "B. Writer"], "https://example.org/a",
    )
    assert [u["zh"] for u in after["units"]] == [u["zh"] for u in shown["units"]]
    # the old values are kept in the history, with who changed them
    from duizhao.store import open_library

    lib = open_library(db)
    rows = {r["field"]: r for r in lib.history(doc)}
    lib.close()
    assert rows["source"]["editor"] == "ed" and rows["source"]["before"] == shown["source"]
    assert rows["url"]["before"] == shown.get("url") and rows["url"]["after"] == "https://example.org/a"
    # search and the source filter see the new metadata
    word = max((w.strip(".,;:") for u in shown["units"] if u.get("en") for w in u["en"].split()), key=len)
    hits = json.loads(_run(capsys, "--db", db, "search", "--source", "Foreign Affairs", "--json", "--", word)[1])
    assert hits["total"] >= 1 and hits["hits"][0]["doc_id"] == doc
    # an unchanged value changes nothing; clearing empties the field
    code, out, _ = _run(capsys, "--db", db, "edit", doc, "--source", "Foreign Affairs", "--json")
    assert code == 0 and json.loads(out) == {"id": doc, "changed": [], "version": v0 + 4}
    code, out, _ = _run(capsys, "--db", db, "edit", doc, "--clear", "authors", "--json")
    assert code == 0 and json.loads(out)["changed"] == ["authors"]
    assert json.loads(_run(capsys, "--db", db, "show", doc, "--json")[1])["authors"] == []


def test_edit_refuses_bad_input_and_stale_versions(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "lib.db")
    files = make_corpus(tmp_path / "files", 1)
    assert _run(capsys, "--db", db, "ingest", *map(str, files))[0] == 0
    doc = json.loads(_run(capsys, "--db", db, "list", "--json")[1])[0]["id"]
    version = json.loads(_run(capsys, "--db", db, "show", doc, "--json")[1])["version"]
    for args, message in (
        (("--published", "2024-13-01"), "not a date"),
        (("--url", "ftp://example.org"), "http"),
        (("--clear", "source", "--source", "X"), "give one of them"),
        ((), "nothing to change"),
    ):
        code, out, err = _run(capsys, "--db", db, "edit", doc, *args)
        assert code == 2 and message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err, (args, err)
    assert _run(capsys, "--db", db, "edit", doc, "--source", "One", "--version", str(version))[0] == 0
    code, _, err = _run(capsys, "--db", db, "edit", doc, "--source", "Two", "--version", str(version))
    assert code == 2 and "changed since version" in err
    assert json.loads(_run(capsys, "--db", db, "show", doc, "--json")[1])["source"] == "One"
    code, _, err = _run(capsys, "--db", db, "edit", "nosuch", "--source", "X")
    assert code == 2 and "no document" in err


def test_history_lists_every_change(tmp_path: Path, capsys) -> None:
    db = str(tmp_path / "lib.db")
    files = make_corpus(tmp_path / "files", 1)
    assert _run(capsys, "--db", db, "ingest", *map(str, files))[0] == 0
    doc = json.loads(_run(capsys, "--db", db, "list", "--json")[1])[0]["id"]
    code, out, _ = _run(capsys, "--db", db, "history", doc)
    assert code == 0 and out.strip() == "no changes since it was stored"
    assert _run(capsys, "--db", db, "edit", doc, "--source", "Foreign Affairs", "--editor", "ann")[0] == 0
    assert _run(capsys, "--db", db, "trash", doc, "--editor", "ben")[0] == 0
    code, out, _ = _run(capsys, "--db", db, "history", doc, "--json")
    rows = json.loads(out)
    assert code == 0 and [(r["field"], r["editor"]) for r in rows] == [("source", "ann"), ("status", "ben")]
    assert rows[0]["after"] == "Foreign Affairs"
    code, out, _ = _run(capsys, "--db", db, "history", doc)
    assert "ann" in out and "source:" in out and "→ Foreign Affairs" in out
    code, _, err = _run(capsys, "--db", db, "history", "nosuch")
    assert code == 2 and "no document" in err
