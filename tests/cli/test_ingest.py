"""`duizhao ingest`: what it tells the user about a date it could not store."""

from __future__ import annotations

from pathlib import Path

import pytest

from duizhao.cli import run


def test_published_on_an_unchanged_undated_document_says_it_was_not_applied(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, db_path: Path
) -> None:
    zh, en = tmp_path / "zh.txt", tmp_path / "en.txt"
    zh.write_text("中国和俄罗斯签署了协议。\n贸易额增长了百分之五。\n", encoding="utf-8")
    en.write_text("China and Russia signed an agreement.\nTrade grew by 5 percent.\n", encoding="utf-8")
    assert run(["--db", str(db_path), "ingest", "--pair", str(zh), str(en)]) == 0
    capsys.readouterr()
    assert run(["--db", str(db_path), "ingest", "--pair", str(zh), str(en), "--published", "2024-01-02"]) == 0
    err = capsys.readouterr().err
    assert "--published 2024-01-02 not applied" in err
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text("标题:一份测试\n\n中国和俄罗斯签署了协议。\n", encoding="utf-8")
    assert run(["--db", str(db_path), "ingest", str(folder)]) == 0
    capsys.readouterr()
    assert run(["--db", str(db_path), "ingest", str(folder), "--published", "2024-01-02"]) == 0
    assert "a.txt: already in the library, unchanged: --published 2024-01-02 not applied" in capsys.readouterr().err
    # a new document takes the date: nothing to say
    (folder / "b.txt").write_text("标题:另一份\n\n美国和欧盟发表声明。\n", encoding="utf-8")
    assert run(["--db", str(db_path), "ingest", str(folder / "b.txt"), "--published", "2024-01-02"]) == 0
    assert "not applied" not in capsys.readouterr().err
