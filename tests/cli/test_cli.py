"""The command line as a user meets it: JSON on stdout, one-line errors, exit codes 0/2/1."""
from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from duizhao.cli import run
from tests.conftest import FIXTURES, REPO

DEMO = REPO / "demo"


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_ingest_list_show_roundtrip(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    code, out, err = cli(capsys, "--db", db_path, "ingest", DEMO, "--json")
    assert code == 0, err
    report = json.loads(out)
    assert len(report["ingested"]) == len(list(DEMO.glob("*.txt"))) and not report["failed"]
    code, out, _ = cli(capsys, "--db", db_path, "list", "--json")
    rows = json.loads(out)
    assert code == 0 and [set(r) for r in rows] == [{"id", "path", "title", "authors", "source", "published", "keywords"}] * len(rows)
    dates = [r["published"] for r in rows if r["published"]]
    assert dates == sorted(dates, reverse=True)
    code, out, _ = cli(capsys, "--db", db_path, "list", "--limit", "1", "--json")
    assert len(json.loads(out)) == 1
    doc_id = report["ingested"][0]["id"]
    code, out, _ = cli(capsys, "--db", db_path, "show", doc_id, "--json")
    doc = json.loads(out)
    assert code == 0 and doc["id"] == doc_id and doc["units"]
    for key in ("id", "path", "title", "authors", "source", "original_source", "published", "keywords", "script", "abstract", "units"):
        assert key in doc
    # A prefix of the id and the file name find the same document.
    assert json.loads(cli(capsys, "--db", db_path, "show", doc_id[:6], "--json")[1])["id"] == doc_id
    name = report["ingested"][0]["path"].rsplit("/", 1)[-1]
    assert json.loads(cli(capsys, "--db", db_path, "show", name, "--json")[1])["id"] == doc_id


def test_show_unknown_id_is_bad_input(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    assert cli(capsys, "--db", db_path, "migrate")[0] == 0  # an empty library (show refuses a missing one)
    code, out, err = cli(capsys, "--db", db_path, "show", "ffffffffffff", "--json")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "no document" in err


def test_parse_does_not_create_a_library(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    db = tmp_path / "never.db"
    code, out, _ = cli(capsys, "--db", db, "parse", FIXTURES / "page_with_chrome.txt", "--json")
    assert code == 0 and json.loads(out)["layout"] == "interleaved"
    assert not db.exists()


def test_bad_option_and_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = cli(capsys, "parse", tmp_path / "nope.txt")
    assert code == 2 and "no such file" in err and err.count("\n") == 1
    code, _, err = cli(capsys, "list", "--limit", "zero")
    assert code == 2 and err.count("\n") == 1


def _bad_files(folder: Path) -> dict[str, str]:
    """Bad files next to good ones: what each should be refused for."""
    (folder / "empty.txt").write_bytes(b"")
    (folder / "random.pdf").write_bytes(os.urandom(4096))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "not a word file")
    (folder / "notword.docx").write_bytes(buf.getvalue())
    return {"empty.txt": "empty", "random.pdf": "", "notword.docx": ""}


def test_bad_files_fail_alone_and_store_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path, db_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for f in DEMO.glob("*.txt"):
        (folder / f.name).write_bytes(f.read_bytes())
    expected = _bad_files(folder)
    code, out, err = cli(capsys, "--db", db_path, "ingest", folder, "--json")
    report = json.loads(out)
    assert code == 2
    assert {Path(f["path"]).name for f in report["failed"]} == set(expected)
    for f in report["failed"]:
        assert f["error"] and "\n" not in f["error"] and "Traceback" not in f["error"]
        assert expected[Path(f["path"]).name] in f["error"]
    assert len(report["ingested"]) == len(list(DEMO.glob("*.txt")))
    con = sqlite3.connect(db_path)
    stored = {r[0] for r in con.execute("SELECT path FROM documents")}
    orphans = con.execute("SELECT COUNT(*) FROM units WHERE doc_id NOT IN (SELECT id FROM documents)").fetchone()[0]
    con.close()
    assert stored == {f.name for f in DEMO.glob("*.txt")} and orphans == 0
    # Again: every good file is unchanged, the bad ones fail again, nothing duplicates.
    code, out, _ = cli(capsys, "--db", db_path, "ingest", folder, "--json")
    again = json.loads(out)
    assert not again["ingested"] and len(again["unchanged"]) == len(stored) and len(again["failed"]) == len(expected)


def test_same_content_in_another_encoding_is_unchanged(capsys: pytest.CaptureFixture[str], tmp_path: Path, db_path: Path) -> None:
    src = DEMO / "bilist_sco_astana.txt"
    copy = tmp_path / "same.txt"
    copy.write_bytes(src.read_text(encoding="utf-8").replace("\n", "\r\n").encode("gb18030"))
    assert cli(capsys, "--db", db_path, "ingest", src)[0] == 0
    code, out, _ = cli(capsys, "--db", db_path, "ingest", copy, "--json")
    assert code == 0 and len(json.loads(out)["unchanged"]) == 1


def test_json_stdout_is_one_document_even_with_progress(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    text = (DEMO / "bilist_sco_astana.txt").read_text(encoding="utf-8")
    for i in range(25):  # enough files for the progress bar to show on stderr
        (folder / f"f{i:02}.txt").write_text(text.replace("十个", f"第{i}个"), encoding="utf-8")
    exe = Path(sys.executable).parent / "duizhao"
    p = subprocess.run([str(exe), "--db", str(tmp_path / "l.db"), "ingest", str(folder), "--json"], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    assert len(json.loads(p.stdout)["ingested"]) == 25
    assert "25/25" in p.stderr


def test_not_a_library_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    fake = tmp_path / "fake.db"
    fake.write_text("hello")
    code, _, err = cli(capsys, "--db", fake, "list")
    assert code == 2 and "not a duizhao library" in err


def test_parallel_ingest_stores_the_same_as_serial(tmp_path: Path) -> None:
    from duizhao.pipeline import ingest
    from duizhao.store import open_library

    folder = tmp_path / "in"
    folder.mkdir()
    text = (DEMO / "interleaved_summit_2024.txt").read_text(encoding="utf-8")
    for i in range(12):
        (folder / f"d{i:02}.txt").write_text(text.replace("May 16", f"May {i + 1}").replace("5月16日", f"5月{i + 1}日"), encoding="utf-8")
    (folder / "bad.pdf").write_bytes(b"%PDF-1.4 broken")
    results = {}
    for jobs in (1, 2):
        lib = open_library(tmp_path / f"j{jobs}.db")
        report = ingest(lib, [folder], jobs=jobs)
        results[jobs] = (
            [(d["id"], Path(d["path"]).name) for d in report.ingested],
            [Path(d["path"]).name for d in report.failed],
            [lib.get_document(d["id"]).to_dict() for d in report.ingested],
        )
        lib.close()
    assert results[1] == results[2]
    assert len(results[2][0]) == 12 and results[2][1] == ["bad.pdf"]


def test_ingest_pair_of_files(capsys: pytest.CaptureFixture[str], tmp_path: Path, db_path: Path) -> None:
    zh = tmp_path / "zh.txt"
    en = tmp_path / "en.docx.txt"
    zh.write_text("北极航道\n\n2023年俄罗斯货运量增长了一成。冰情限制了航运季节。\n\n  • 保险费用很高。\n  • 港口需要更新。\n", encoding="gb18030")
    en.write_text(
        "The Arctic Route\n\nRussian cargo grew by a tenth in 2023. Ice limits the season.\n\n  • Port facilities need renewal.\n",
        encoding="utf-8",
    )
    code, out, err = cli(capsys, "--db", db_path, "ingest", "--pair", zh, en, "--json")
    assert code == 0, err
    doc_id = json.loads(out)["ingested"][0]["id"]
    doc = json.loads(cli(capsys, "--db", db_path, "show", doc_id, "--json")[1])
    assert doc["title"] == {"zh": "北极航道", "en": "The Arctic Route"}
    pairs = [(u["kind"], u["zh"], u["en"]) for u in doc["units"]]
    assert pairs[0][0] == "paragraph" and pairs[0][1].startswith("2023年") and pairs[0][2].startswith("Russian cargo")
    assert len(doc["units"][0]["sentences"]) == 2
    # The English has one bullet less: the unmatched Chinese bullet stands alone, the other meets its twin.
    assert ("bullet", "港口需要更新。", "Port facilities need renewal.") in pairs
    assert ("bullet", "保险费用很高。", None) in pairs
    code, out, _ = cli(capsys, "--db", db_path, "ingest", "--pair", zh, en, "--json")
    assert json.loads(out)["unchanged"]
    code, _, err = cli(capsys, "--db", db_path, "ingest", "--pair", en, zh)
    assert code == 2 and "expected Chinese" in err
    code, _, err = cli(capsys, "--db", db_path, "ingest", "--pair", zh)
    assert code == 2 and "exactly two files" in err


@pytest.mark.parametrize("zh_head, en_head", [
    # the Chinese layout finds its headline, the English one (a full sentence) would stay in the body
    ("俄罗斯总统解除办公厅主任职务", "President of Russia has relieved his Chief of Staff of his position."),
    # neither layout finds one (both end in a question): the first lines still pair as the title
    ("港口与航道：“一场不对称的竞赛”？", "Ports and sea lanes - “An uneven race?”"),
])
def test_ingest_pair_first_lines_are_the_title(capsys: pytest.CaptureFixture[str], tmp_path: Path, db_path: Path,
                                               zh_head: str, en_head: str) -> None:
    zh, en = tmp_path / "02_zh.txt", tmp_path / "02_en.txt"
    zh.write_text(f"{zh_head}\n俄罗斯总统出乎意料地解除了办公厅主任的职务。\n多年来，他一直是总统信任的核心集团的一分子。\n",
                  encoding="utf-8")
    en.write_text(f"{en_head}\nThe Russian President unexpectedly dismissed his Chief of Staff.\n"
                  "For many years, he had been a member of the core group the President trusted.\n", encoding="utf-8")
    code, out, err = cli(capsys, "--db", db_path, "ingest", "--pair", zh, en, "--json")
    assert code == 0, err
    doc_id = json.loads(out)["ingested"][0]["id"]
    doc = json.loads(cli(capsys, "--db", db_path, "show", doc_id, "--json")[1])
    assert doc["title"] == {"zh": zh_head, "en": en_head}
    # the body pairs lead sentence with lead sentence: nothing is left one-sided
    assert [(u["zh"][:6], u["en"][:10]) for u in doc["units"]] == [("俄罗斯总统出", "The Russia"), ("多年来，他一", "For many y")]
    listed = json.loads(cli(capsys, "--db", db_path, "list", "--json")[1])
    assert [r["title"] for r in listed] == [{"zh": zh_head, "en": en_head}]


def test_ingest_pair_body_first_lines_stay_in_the_body(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                       db_path: Path) -> None:
    # no headline on either side (the first lines are sentences): no title is invented
    zh, en = tmp_path / "zh.txt", tmp_path / "en.txt"
    zh.write_text("一次握手结束了这场争端。\n两国领导人周二会面，宣布结束长达八个月的争吵。\n", encoding="utf-8")
    en.write_text("A handshake ended the dispute.\nThe two leaders met on Tuesday and announced the end of an eight-month quarrel.\n",
                  encoding="utf-8")
    code, out, err = cli(capsys, "--db", db_path, "ingest", "--pair", zh, en, "--json")
    assert code == 0, err
    doc = json.loads(cli(capsys, "--db", db_path, "show", json.loads(out)["ingested"][0]["id"], "--json")[1])
    assert doc["title"] == {"zh": None, "en": None} and len(doc["units"]) == 2


def test_isolated_parse_gives_the_same_document_and_survives_a_crashing_worker() -> None:
    from duizhao.errors import BadInput
    from duizhao.pipeline import check, parse_data, prepare_isolated

    data = (DEMO / "bilist_sco_astana.txt").read_bytes()
    doc, findings = prepare_isolated("list.txt", data)
    here = parse_data("list.txt", data)
    assert doc.to_dict() == here.to_dict() and findings == check(here)
    with pytest.raises(BadInput, match="empty"):
        prepare_isolated("empty.txt", b"")
    # The worker process dies (as a parser crash would kill it): the file is refused, the next one works.
    import duizhao.pipeline as pipeline

    for pid in list(pipeline._ISOLATED._processes):  # the executor's own record of its workers
        os.kill(pid, 9)
    with pytest.raises(BadInput, match="parser stopped"):
        prepare_isolated("list.txt", data)
    assert prepare_isolated("list.txt", data)[0].id == doc.id
