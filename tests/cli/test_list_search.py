"""`list`/`show`/`search` name documents by their best title, search marks the query on both lines,
`--db` is taken after the command too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from duizhao.cli import run
from tests.conftest import REPO

DEMO = REPO / "demo"


def cli(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = run([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def _pair(tmp_path: Path) -> tuple[Path, Path]:
    zh, en = tmp_path / "41_zh.txt", tmp_path / "41_en.txt"
    zh.write_text(
        "俄罗斯与土耳其：“格格不入联盟”？\n\n俄罗斯与土耳其领导人周二进行会见,双方握手并宣布结束长达八个月的口水战与经济制裁。\n",
        encoding="utf-8",
    )
    en.write_text(
        "Russia and Turkey - “An alliance of misfits?”\n\nThe leaders of Russia and Turkey met on Tuesday, shook hands"
        " and announced the end of an eight-month war of words and economic sanctions.\n",
        encoding="utf-8",
    )
    return zh, en


def test_list_show_and_search_use_the_best_title(capsys: pytest.CaptureFixture[str], tmp_path: Path, db_path: Path) -> None:
    zh, en = _pair(tmp_path)
    code, out, err = cli(capsys, "--db", db_path, "ingest", "--pair", zh, en, "--json")
    assert code == 0, err
    doc_id = json.loads(out)["ingested"][0]["id"]
    code, out, _ = cli(capsys, "--db", db_path, "list")
    assert code == 0 and "An alliance of misfits" in out and "41_zh.txt + " not in out
    code, out, _ = cli(capsys, "--db", db_path, "show", doc_id)
    assert out.splitlines()[0].startswith("Russia and Turkey")
    code, out, _ = cli(capsys, "--db", db_path, "search", "sanctions")
    assert code == 0 and "An alliance of misfits" in out.splitlines()[2]
    # the JSON keeps SPEC's shape
    rows = json.loads(cli(capsys, "--db", db_path, "list", "--json")[1])
    assert set(rows[0]) == {"id", "path", "title", "authors", "source", "published", "keywords"}


def test_search_marks_both_lines(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    assert cli(capsys, "--db", db_path, "ingest", DEMO)[0] == 0
    code, out, _ = cli(capsys, "--db", db_path, "search", "Putin", "--limit", "3")
    assert code == 0
    blocks = [b.splitlines() for b in out.split("\n\n")[1:]]
    assert blocks and all(len(b) == 3 for b in blocks)
    for _, first, second in blocks:
        assert "«" in first and "«" in second, (first, second)
    assert any("«普京»" in line for b in blocks for line in b)
    raw = json.loads(cli(capsys, "--db", db_path, "search", "Putin", "--json")[1])
    assert "titles" not in raw and "others" not in raw


def test_db_after_the_command(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    assert cli(capsys, "--db", db_path, "ingest", DEMO)[0] == 0
    before = cli(capsys, "--db", db_path, "list", "--json")
    after = cli(capsys, "list", "--db", db_path, "--json")
    assert after[0] == 0 and after[1] == before[1] and json.loads(after[1])
    assert cli(capsys, "show", "--db", db_path, json.loads(after[1])[0]["id"], "--json")[0] == 0
    code, _, err = cli(capsys, "list", "--db")
    assert code == 2 and "--db" in err


def test_an_empty_trash_or_drafts_list_says_so_not_that_the_library_is_empty(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, db_path: Path
) -> None:
    zh, en = _pair(tmp_path)
    assert cli(capsys, "--db", db_path, "ingest", "--pair", zh, en)[0] == 0
    code, out, _ = cli(capsys, "--db", db_path, "list", "--trash")
    assert code == 0 and out.strip() == "the trash is empty"
    code, out, _ = cli(capsys, "--db", db_path, "list", "--drafts")
    assert code == 0 and out.strip() == "there are no drafts"
    code, out, _ = cli(capsys, "--db", db_path, "list")
    assert "the library is empty" not in out and "alliance of misfits" in out.lower()
