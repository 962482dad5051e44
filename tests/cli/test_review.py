"""`duizhao review FINDING_ID --note` / `--undo`, and `check ID` showing reviews and counting only the rest."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from duizhao.cli import run

BAD = """标题/Title: 审阅测试

摘要:
仓库的租金在两年内上涨了30%。会议于2024年7月3日举行。

Summary:
Rents rose by 20% within two years. The meeting was held on July 4, 2024.
"""


def _json(capsys: Any, *args: str) -> tuple[int, Any]:
    code = run(list(args))
    out = capsys.readouterr().out
    return code, json.loads(out) if out.strip() else None


def test_review_then_undo(tmp_path: Path, capsys: Any) -> None:
    db = str(tmp_path / "lib.db")
    src = tmp_path / "bad.txt"
    src.write_text(BAD, encoding="utf-8")
    assert run(["--db", db, "ingest", str(src)]) == 0
    capsys.readouterr()
    code, checked = _json(capsys, "--db", db, "check", "bad.txt", "--json")
    assert code == 0 and checked["summary"]["errors"] == 2
    fid = checked["findings"][0]["id"]
    code, got = _json(capsys, "--db", db, "review", fid, "--note", "right as it stands", "--editor", "ann", "--json")
    assert code == 0 and got["id"] == fid and got["review"]["by"] == "ann" and got["review"]["note"] == "right as it stands"
    code, again = _json(capsys, "--db", db, "check", checked["doc_id"], "--json")
    assert again["summary"] == {"errors": 1, "warnings": 0, "reviewed": 1}
    assert [f["id"] for f in again["findings"]] == [f["id"] for f in checked["findings"]]  # still listed
    assert run(["--db", db, "check", checked["doc_id"]]) == 0
    assert "1 reviewed" in capsys.readouterr().out
    code, undone = _json(capsys, "--db", db, "review", fid, "--undo", "--json")
    assert code == 0 and undone["review"] is None
    code, last = _json(capsys, "--db", db, "check", checked["doc_id"], "--json")
    assert last["summary"]["reviewed"] == 0


def test_review_bad_ids_exit_2(tmp_path: Path, capsys: Any) -> None:
    db = str(tmp_path / "lib.db")
    src = tmp_path / "bad.txt"
    src.write_text(BAD, encoding="utf-8")
    run(["--db", db, "ingest", str(src)])
    capsys.readouterr()
    assert run(["--db", db, "review", "not-an-id"]) == 2
    assert run(["--db", db, "review", "nohyphen"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("\n") == 2


def test_check_writes_a_qa_report(tmp_path: Path, capsys: Any) -> None:
    db = str(tmp_path / "lib.db")
    src = tmp_path / "bad.txt"
    src.write_text(BAD, encoding="utf-8")
    run(["--db", db, "ingest", str(src)])
    capsys.readouterr()
    _code, checked = _json(capsys, "--db", db, "check", "bad.txt", "--json")
    fid = checked["findings"][0]["id"]
    run(["--db", db, "review", fid, "--note", "fine", "--editor", "ann"])
    capsys.readouterr()
    out = tmp_path / "qa.csv"
    code, got = _json(capsys, "--db", db, "check", checked["doc_id"], "--format", "csv", "-o", str(out), "--json")
    assert code == 0 and got["path"] == str(out) and got["bytes"] == out.stat().st_size
    assert got["summary"] == {"errors": 1, "warnings": 0, "reviewed": 1}
    text = out.read_text(encoding="utf-8")
    assert text.startswith("unit,zh,en,kind,severity,detail,review,finding_id")
    assert "仓库的租金在两年内上涨了30%" in text and "accepted by ann" in text and fid in text
    html = tmp_path / "qa.html"
    assert run(["--db", db, "check", checked["doc_id"], "-o", str(html)]) == 0  # format from the suffix
    assert "<table>" in html.read_text(encoding="utf-8")
    capsys.readouterr()
    assert run(["--db", db, "check", checked["doc_id"], "--format", "csv"]) == 2  # no -o
    assert run(["--db", db, "check", checked["doc_id"], "-o", str(tmp_path / "qa.txt")]) == 2
    assert run(["--db", db, "check", checked["doc_id"], "-o", str(tmp_path / "no" / "qa.csv")]) == 2
    assert "Traceback" not in capsys.readouterr().err
