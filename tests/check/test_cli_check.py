from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import call


def test_check_json_pairs(tmp_path: Path, capsys) -> None:
    f = tmp_path / "pairs.json"
    f.write_text(
        json.dumps(
            [
                {"id": "p1", "zh": "出口额为2760.5亿美元。", "en": "Exports were 27.605 billion U.S. dollars."},
                {"id": "p2", "zh": "习近平会见普京。", "en": "Xi Jinping met Putin."},
            ],
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    code, out, _err = call(capsys, "check", str(f), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["doc_id"] is None
    assert [(x["unit_id"], x["kind"], x["severity"]) for x in data["findings"]] == [("p1", "number", "error")]
    assert set(data["findings"][0]) == {"kind", "severity", "unit_id", "zh", "en", "detail", "id", "review"}


def test_check_tmx(tmp_path: Path, capsys) -> None:
    f = tmp_path / "mem.tmx"
    f.write_text(
        """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en"
 srclang="zh-CN" datatype="plaintext"/><body>
<tu tuid="t1"><tuv xml:lang="zh-CN"><seg>2021年8月15日开幕</seg></tuv>
 <tuv xml:lang="en"><seg>opened on August 16, 2021</seg></tuv></tu>
<tu tuid="t2"><tuv xml:lang="zh-CN"><seg>增长12%</seg></tuv><tuv xml:lang="en"><seg>up 12 percent</seg></tuv></tu>
</body></tmx>""",
        encoding="utf-8",
    )
    code, out, _err = call(capsys, "check", str(f), "--json")
    assert code == 0
    findings = json.loads(out)["findings"]
    assert [(x["unit_id"], x["kind"], x["severity"]) for x in findings] == [("t1", "date", "error")]


def test_check_human_output(tmp_path: Path, capsys) -> None:
    f = tmp_path / "pairs.json"
    f.write_text(json.dumps([{"id": "a", "zh": "增长12%", "en": "up 21 percent"}]), encoding="utf-8")
    code, out, _err = call(capsys, "check", str(f))
    assert code == 0 and "error" in out and "1 error(s), 0 warning(s)" in out


def test_check_bad_input(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    code, _out, err = call(capsys, "check", str(bad), "--json")
    assert code == 2 and "bad.json" in err and "\n" == err[-1] and err.count("\n") == 1
    code, _out, err = call(capsys, "check", str(tmp_path / "missing.json"))
    assert code == 2


def test_check_unknown_library_id(tmp_path: Path, capsys) -> None:
    code, _out, err = call(capsys, "--db", str(tmp_path / "lib.db"), "check", "deadbeef")
    assert code == 2 and "no library at" in err  # neither a file nor a library to look the id up in
    assert call(capsys, "--db", str(tmp_path / "lib.db"), "migrate")[0] == 0
    code, _out, err = call(capsys, "--db", str(tmp_path / "lib.db"), "check", "deadbeef")
    assert code == 2 and "deadbeef" in err


def test_check_document_file_and_library_id(seed_files: list[Path], tmp_path: Path, capsys) -> None:
    seed = seed_files[2]
    code, out, _err = call(capsys, "check", str(seed), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["doc_id"] and not [f for f in data["findings"] if f["severity"] == "error"]
    db = str(tmp_path / "lib.db")
    code, _out, _err = call(capsys, "--db", db, "ingest", str(seed), "--json")
    assert code == 0
    code, out, _err = call(capsys, "--db", db, "check", data["doc_id"], "--json")
    assert code == 0 and json.loads(out)["doc_id"] == data["doc_id"]


def test_check_deeply_nested_json_is_one_line(tmp_path: Path, capsys) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")  # json recursed until RecursionError
    code, out, err = call(capsys, "check", str(deep), "--json")
    assert code == 2 and out == ""
    assert err == "duizhao: deep.json: JSON nested too deeply to read (expected a flat list of pairs)\n"
