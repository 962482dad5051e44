"""`duizhao align ZH_FILE EN_FILE --json`."""
from __future__ import annotations

import json
from pathlib import Path

from duizhao.cli import run


def test_align_command_json(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    zh = tmp_path / "zh.txt"
    en = tmp_path / "en.txt"
    zh.write_text("俄罗斯总统普京周二访问了北京。\n他与中国国家主席习近平举行了会谈。\n美国对此表示关切。\n",
                  encoding="utf-8")
    en.write_text("Russian President Putin visited Beijing on Tuesday.\nHe held talks\n"
                  "with Chinese President Xi Jinping.\nThe United States expressed concern about this.\n",
                  encoding="utf-8")
    assert run(["align", str(zh), str(en), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["links"] == [[[0], [0]], [[1], [1, 2]], [[2], [3]]]
    assert len(out["confidence"]) == 3 and all(0.0 <= c <= 1.0 for c in out["confidence"])
    assert run(["align", str(zh), str(en)]) == 0
    rows = [ln.split("\t") for ln in capsys.readouterr().out.splitlines()]
    assert [r[:2] for r in rows] == [["0", "0"], ["1", "1,2"], ["2", "3"]]
    assert [float(r[2]) for r in rows] == [round(c, 2) for c in out["confidence"]]


def test_align_command_gb18030_and_bad_input(tmp_path: Path, capsys) -> None:  # noqa: ANN001
    zh = tmp_path / "zh.txt"
    en = tmp_path / "en.txt"
    zh.write_bytes("第一句。\n第二句。\n".encode("gb18030"))
    en.write_text("First.\n", encoding="utf-8")
    assert run(["align", str(zh), str(en), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"links": [[[0, 1], [0]]], "confidence": [1.0]}
    assert run(["align", str(zh), str(tmp_path / "missing.txt"), "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "missing.txt" in captured.err
