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
