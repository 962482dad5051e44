"""`duizhao cite` and `duizhao export` against a real SQLite library in tmp_path."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from duizhao.cli import run
from duizhao.model import Document
from tests.conftest import call

store = pytest.importorskip("duizhao.store.sqlite")


@pytest.fixture
def db(db_path: Path, translated: Document, digest: Document, two_authors: Document) -> str:
    from duizhao.store import open_library

    lib = open_library(str(db_path))
    for doc in (translated, digest, two_authors):
        lib.add_document(doc)
    lib.close()
    return str(db_path)



def test_cite_json(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = call(capsys, "--db", db, "cite", "t000", "--style", "mla", "--json")
    assert code == 0
    assert json.loads(out) == {
        "style": "mla",
        "text": "Gabuev, Alexander. “China’s Ukraine Calculus.” Foreign Affairs, 14 June 2024,"
        " https://www.example.org/china-ukraine-calculus.",
    }


def test_cite_human_bibtex(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = call(capsys, "--db", db, "cite", "t002", "--style", "bibtex")
    assert code == 0 and out.startswith("@online{feng2023russias,")


def test_cite_unknown_id_and_style_exit_2(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = call(capsys, "--db", db, "cite", "nope", "--style", "apa", "--json")
    assert code == 2 and out == "" and "nope" in err and len(err.strip().splitlines()) == 1
    code, _, err = call(capsys, "--db", db, "cite", "t000", "--style", "harvard", "--json")
    assert code == 2 and "harvard" in err


def test_export_to_a_folder_names_the_file(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    code, out, _ = call(capsys, "--db", db, "export", "t002", "--format", "md", "-o", str(out_dir), "--json")
    assert code == 0
    result = json.loads(out)
    assert result == {"path": str(out_dir / "t002.md"), "format": "md", "bytes": (out_dir / "t002.md").stat().st_size}
    assert "莫斯科把重点转向东方和南方" in (out_dir / "t002.md").read_text(encoding="utf-8")


def test_export_to_a_folder_not_there_yet_makes_it(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """SPEC's `-o DIR`: a name without an extension (or ending in /) is a folder, made when missing."""
    for name in ("termbase-out", "slash-out/"):
        code, out, err = call(capsys, "--db", db, "export", "--all", "--format", "tbx", "-o", str(tmp_path / name), "--json")
        assert code == 0, err
        folder = tmp_path / name.rstrip("/")
        assert folder.is_dir() and json.loads(out)["path"] == str(folder / "termbase.tbx")
        assert (folder / "termbase.tbx").read_bytes().startswith(b"<?xml")
    # a name with an extension is still a file, and a missing parent folder is still refused
    code, out, _ = call(capsys, "--db", db, "export", "t002", "--format", "md", "-o", str(tmp_path / "one.md"), "--json")
    assert code == 0 and (tmp_path / "one.md").is_file()
    code, _, err = call(capsys, "--db", db, "export", "t002", "--format", "md", "-o", str(tmp_path / "no" / "such"))
    assert code == 2 and "does not exist" in err


def test_export_pdf_to_a_file(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "paper.pdf"
    code, out, _ = call(capsys, "--db", db, "export", "t000", "--format", "pdf", "-o", str(target), "--json")
    assert code == 0 and json.loads(out)["path"] == str(target)
    assert target.read_bytes().startswith(b"%PDF-")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".duizhao-")] == []


def test_export_all_bibtex(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import bibtexparser

    code, out, _ = call(capsys, "--db", db, "export", "--all", "--format", "bibtex", "-o", str(tmp_path), "--json")
    assert code == 0
    result = json.loads(out)
    assert result["path"] == str(tmp_path / "duizhao-library.bib") and result["documents"] == 3
    lib = bibtexparser.parse_string((tmp_path / "duizhao-library.bib").read_text(encoding="utf-8"))
    assert {e.key for e in lib.entries} == {"feng2023russias", "gabuev2024chinas", "lin2023alliance"}


def test_export_all_filtered_by_source(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "fa.jsonl"
    code, out, _ = call(capsys, "--db", db, "export", "--all", "--source", "Foreign Affairs", "--format", "jsonl",
                        "-o", str(target), "--json")
    assert code == 0 and json.loads(out)["documents"] == 1
    assert json.loads(target.read_text(encoding="utf-8"))["id"] == "t000"


@pytest.mark.parametrize(
    "argv, needle",
    [
        (["export", "--format", "md"], "ID"),
        (["export", "t000", "--all", "--format", "bibtex"], "not both"),
        (["export", "--all", "--format", "pdf"], "--all"),
        (["export", "--all", "--format", "pdf"], "tbx"),  # the message names every format --all takes
        (["export", "t000", "--format", "jsonl"], "one document"),
        (["export", "t000", "--format", "md", "-o", "/nonexistent-dir/x.md"], "does not exist"),
        (["export", "missing", "--format", "md"], "missing"),
    ],
)
def test_export_bad_input_exits_2(db: str, capsys: pytest.CaptureFixture[str], argv: list[str], needle: str) -> None:
    code, out, err = call(capsys, "--db", db, *argv, "--json")
    assert code == 2 and out == "" and needle in err


def test_export_all_tmx(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("duizhao.export.tmx")
    from translate.storage.tmx import tmxfile

    code, out, _ = call(capsys, "--db", db, "export", "--all", "--format", "tmx", "-o", str(tmp_path), "--json")
    assert code == 0
    store = tmxfile.parsefile(str(tmp_path / "duizhao-library.tmx"))
    assert any(u.target == "The two countries grew closer." for u in store.units)



def test_export_pdf_of_one_language(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import pypdf

    texts = {}
    for lang in ("zh", "en"):
        assert run(["--db", db, "export", "t002", "--format", "pdf", "--lang", lang, "-o", str(tmp_path), "--json"]) == 0
        out = json.loads(capsys.readouterr().out)
        assert out["path"].endswith(f"t002-{lang}.pdf")
        texts[lang] = "".join(p.extract_text() for p in pypdf.PdfReader(out["path"]).pages).replace("\n", "")
    assert "莫斯科把重点转向东方和南方" in texts["zh"] and "Moscow turned" not in texts["zh"]
    assert "Moscow turned its attention" in texts["en"] and "莫斯科" not in texts["en"]
    assert "这一段没有英文译文" in texts["zh"]
    assert run(["--db", db, "export", "t002", "--format", "md", "--lang", "en"]) == 2
    assert "--lang" in capsys.readouterr().err


def test_export_tmx_min_confidence(db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from duizhao.model import Sentence, Unit
    from duizhao.store import open_library

    lib = open_library(str(db_path))
    lib.add_document(Document(id="c0nf1dence0000aa", path="c.txt", title={"zh": None, "en": "Conf"}, units=[
        Unit("u1", "paragraph", "甲。乙。", "A. B.", sentences=[Sentence("甲。", "A.", 0.9), Sentence("乙。", "B.", 0.3)]),
    ]))
    lib.close()
    out_default, out_all = tmp_path / "d.tmx", tmp_path / "a.tmx"
    code, _, err = call(capsys, "--db", str(db_path), "export", "c0nf1dence0000aa", "--format", "tmx", "-o", str(out_default))
    assert code == 0, err
    code, _, err = call(capsys, "--db", str(db_path), "export", "c0nf1dence0000aa", "--format", "tmx",
                        "--min-confidence", "0", "-o", str(out_all))
    assert code == 0, err
    assert "<seg>A.</seg>" in out_default.read_text() and "<seg>B.</seg>" not in out_default.read_text()
    assert "<seg>B.</seg>" in out_all.read_text()
    code, _, err = call(capsys, "--db", str(db_path), "export", "c0nf1dence0000aa", "--format", "md", "--min-confidence", "0.5")
    assert code == 2 and "--min-confidence goes with --format tmx" in err
    code, _, err = call(capsys, "--db", str(db_path), "export", "c0nf1dence0000aa", "--format", "tmx", "--min-confidence", "2")
    assert code == 2 and "Traceback" not in err
