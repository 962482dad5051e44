"""Kill -9 trials: an ingest (or a run of corrections being applied) in a subprocess, killed at a random
moment, then the library is reopened and checked for consistency. Shared by test_crash.py (a few
trials) and bench/reliability.py (50).

Consistency of an SQLite library (`library_problems`):
- it opens; PRAGMA integrity_check and the FTS5 integrity-check pass;
- every stored document is complete: its units are exactly those the parse gives (ids, kinds, texts),
  its findings are exactly those the checks give, the search rows are exactly the analyzer's tokens of
  the current unit texts, the knowledge layer holds one sentence row per aligned sentence;
- nothing refers to a document that is not there, and the search statistics add up.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
DEV_DATA = REPO.parent / "shared" / "data" / "wmt17-zhen-dev.jsonl"
DUIZHAO = str(Path(sys.executable).parent / "duizhao")

OWN_EN = [
    "The ministry said exports of {x} rose by {n} percent in {y}.",
    "Officials from both countries met in {c} on {d} May to discuss {x}.",
    "Analysts expect the {x} agreement to be signed before {y}.",
    "The report lists {n} projects in {c}, most of them related to {x}.",
]
OWN_ZH = [
    "该部表示,{y}年{x}出口增长了{n}%。",
    "两国官员于5月{d}日在{c}会面,讨论{x}问题。",
    "分析人士预计,{x}协议将在{y}年之前签署。",
    "报告列出了{c}的{n}个项目,其中大部分与{x}有关。",
]
TOPICS = [("energy", "能源"), ("grain", "粮食"), ("steel", "钢铁"), ("rail", "铁路"), ("fisheries", "渔业")]
CITIES = [("Beijing", "北京"), ("Moscow", "莫斯科"), ("Astana", "阿斯塔纳"), ("Hanoi", "河内")]


def make_corpus(folder: Path, n: int, dev_docs: list[dict] | None = None) -> list[Path]:
    """`n` small bilingual files (title + alternating English/Chinese paragraphs), all different.

    From the WMT17 dev documents when given (windows of 2-4 aligned segments), else our own sentences.
    """
    folder.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(n)
    paths = []
    windows: list[tuple[list[str], list[str]]] = []
    if dev_docs:
        for doc in dev_docs:
            zh, en = doc["zh"], doc["en"]
            for i in range(0, max(1, len(zh) - 1)):
                size = 2 + (i % 3)
                if i + size <= len(zh):
                    windows.append((zh[i : i + size], en[i : i + size]))
    for k in range(n):
        if windows:
            zh, en = windows[k % len(windows)]
        else:
            zh, en = [], []
            for j in range(2 + k % 3):
                (x_en, x_zh), (c_en, c_zh) = rnd.choice(TOPICS), rnd.choice(CITIES)
                values = {"n": rnd.randint(2, 90), "y": 2000 + rnd.randint(0, 24), "d": rnd.randint(1, 28)}
                en.append(OWN_EN[(k + j) % 4].format(x=x_en, c=c_en, **values))
                zh.append(OWN_ZH[(k + j) % 4].format(x=x_zh, c=c_zh, **values))
        lines = [f"Dispatch {k}: a test digest", "", f"第{k}号快讯:测试摘要", ""]
        for z, e in zip(zh, en, strict=False):
            lines += [e, "", z, ""]
        path = folder / f"f{k:05d}.txt"
        path.write_text("\n".join(lines), encoding="utf-8")
        paths.append(path)
    return paths


class Expected:
    """What a complete ingest stores for each file of `folder` (by file name): id, units, findings.
    Parsed on first use and cached, so a check costs one parse per stored document, once."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.cache: dict[str, dict[str, Any] | None] = {}

    def lookup(self, name: str) -> dict[str, Any] | None:
        if name not in self.cache:
            self.cache[name] = _expected(self.folder / name)
        return self.cache[name]

    def ids(self) -> set[str]:
        return {w["id"] for p in sorted(self.folder.iterdir()) if (w := self.lookup(p.name))}


def _expected(path: Path) -> dict[str, Any] | None:
    from duizhao.check import check_document, termset
    from duizhao.errors import DuizhaoError
    from duizhao.pipeline import parse_file
    from duizhao.terms import glossary_terms

    if not path.is_file():
        return None
    try:
        doc = parse_file(path)
    except DuizhaoError:
        return None
    return {
        "id": doc.id,
        "units": [(u.id, u.kind, u.zh, u.en) for u in doc.units],
        # a fresh library's confirmed terms are the glossary's, so its term warnings are stored too
        "findings": Counter((f.unit_id, f.kind, f.severity, f.detail) for f in check_document(doc, termset(glossary_terms()))),
    }


def dev_docs() -> list[dict] | None:
    """The WMT17 dev documents when ../shared is there (never copied into the repo)."""
    if not DEV_DATA.exists():
        return None
    return [json.loads(line) for line in DEV_DATA.read_text(encoding="utf-8").splitlines() if line.strip()]


def _rows(conn: sqlite3.Connection, sql: str, params: tuple = ()) -> list[tuple]:
    return conn.execute(sql, params).fetchall()


def library_problems(db: Path, expected: Expected | None = None) -> list[str]:
    """Everything inconsistent in the SQLite library at `db` (an empty list when it is sound)."""
    from duizhao.search import sqlite_index
    from duizhao.store import open_library

    problems: list[str] = []
    if not db.exists():
        return []  # killed before the library was created: nothing stored, nothing to be wrong
    try:
        lib = open_library(db, create=False)
    except Exception as e:  # noqa: BLE001 - not opening is the first thing to report
        return [f"library does not open: {type(e).__name__}: {e}"]
    try:
        conn = lib.conn
        ok = _rows(conn, "PRAGMA integrity_check")
        if ok != [("ok",)]:
            problems.append(f"integrity_check: {ok[:3]}")
        try:
            conn.execute("INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)")
        except sqlite3.DatabaseError as e:
            problems.append(f"FTS5 integrity-check: {e}")
        mode = sqlite_index.analyzer_mode(lib)
        docs = {r[0]: r[1] for r in _rows(conn, "SELECT id, source_path FROM documents")}
        for table in (
            "units",
            "findings",
            "search_rows",
            "search_vectors",
            "kn_sentences",
            "kn_mentions",
            "kn_events",
            "kn_figures",
        ):
            try:
                orphans = _rows(conn, f"SELECT COUNT(*) FROM {table} WHERE doc_id NOT IN (SELECT id FROM documents)")[
                    0
                ][0]
            except sqlite3.OperationalError:
                continue  # a layer that is not installed
            if orphans:
                problems.append(f"{orphans} rows of {table} belong to no document")
        n_rows, n_tok = _rows(conn, "SELECT COUNT(*), COALESCE(SUM(ntok), 0) FROM search_rows")[0]
        stats = dict(_rows(conn, "SELECT key, value FROM search_stats"))
        if stats.get("rows") != n_rows or stats.get("tokens") != n_tok:
            problems.append(f"search_stats {stats} but search_rows holds {n_rows} rows, {n_tok} tokens")
        for doc_id, source_path in docs.items():
            problems += _document_problems(lib, conn, doc_id, source_path, expected, mode)
    finally:
        lib.close()
    return problems


def _document_problems(
    lib: Any, conn: sqlite3.Connection, doc_id: str, source_path: str | None, expected: Expected | None, mode: str
) -> list[str]:
    from duizhao.model import Unit
    from duizhao.search import index_rows, sqlite_index

    out: list[str] = []
    units = _rows(conn, "SELECT unit_id, kind, zh, en, sentences FROM units WHERE doc_id = ? ORDER BY ord", (doc_id,))
    if not units:
        out.append(f"{doc_id}: stored without units")
    if expected is not None:
        want = expected.lookup(Path(source_path or "").name)
        if want is None:
            out.append(f"{doc_id}: from {source_path}, a file that was not ingested")
        else:
            if want["id"] != doc_id:
                out.append(f"{doc_id}: {source_path} parses to {want['id']}")
            got_units = [(u, k, zh, en) for u, k, zh, en, _ in units]
            if got_units != want["units"]:
                out.append(
                    f"{doc_id}: {len(got_units)} units stored, the parse gives {len(want['units'])} (or texts differ)"
                )
            got_findings = Counter(
                tuple(r)
                for r in _rows(conn, "SELECT unit_id, kind, severity, detail FROM findings WHERE doc_id = ?", (doc_id,))
            )
            if got_findings != want["findings"]:
                out.append(
                    f"{doc_id}: findings {sum(got_findings.values())} stored, {sum(want['findings'].values())} expected"
                )
    # The search rows are the analyzer's tokens of the current title and texts, nothing more or less.
    titles = _rows(conn, "SELECT title_zh, title_en FROM documents WHERE id = ?", (doc_id,))
    title = index_rows.title_unit({"zh": titles[0][0], "en": titles[0][1]} if titles else None)
    want_rows = Counter(
        (r[1], r[2], r[4])
        for unit in [*([title] if title else []), *(Unit(id=u, kind=k, zh=zh, en=en) for u, k, zh, en, _ in units)]
        for r in sqlite_index.unit_rows(doc_id, unit, mode)
    )
    got_rows = Counter(
        tuple(r) for r in _rows(conn, "SELECT unit_id, side, tokens FROM search_rows WHERE doc_id = ?", (doc_id,))
    )
    if got_rows != want_rows:
        out.append(f"{doc_id}: {sum(got_rows.values())} search rows, {sum(want_rows.values())} expected from its units")
    try:
        kn = _rows(conn, "SELECT COUNT(*) FROM kn_sentences WHERE doc_id = ?", (doc_id,))[0][0]
        sentences = sum(len(json.loads(s or "[]")) for *_, s in units)
        if kn != sentences:
            out.append(f"{doc_id}: {kn} knowledge sentences, the units hold {sentences}")
    except sqlite3.OperationalError:
        pass
    return out


# ---------------------------------------------------------------- ingest, killed


def _count(db: Path, sql: str = "SELECT COUNT(*) FROM documents") -> int:
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return int(conn.execute(sql).fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def ingest_and_kill(
    db: Path, folder: Path, rnd: random.Random, max_new: int = 40, timeout: float = 300
) -> dict[str, Any]:
    """Run `duizhao ingest` on `folder`, SIGKILL it after a random number of new documents plus a random
    fraction of a second (mid-parse, mid-transaction or mid-commit). Returns what happened."""
    before = _count(db)
    target = before + rnd.randint(1, max(1, max_new))
    # A session of its own: ingest parses in forked worker processes, and the kill takes them all (as a
    # terminal, systemd or a container stop does); killing only the parent leaves the workers blocked.
    proc = subprocess.Popen(
        [DUIZHAO, "--db", str(db), "ingest", str(folder), "--json"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=REPO,
        start_new_session=True,
    )
    start = time.monotonic()
    try:
        if max_new == 0:  # by time alone: may land while the library is created and migrated
            time.sleep(rnd.uniform(0.2, 1.0))  # a fast machine ingests the whole corpus in ~3 s
        while max_new and proc.poll() is None and _count(db) < target and time.monotonic() - start < timeout:
            time.sleep(0.02)
        time.sleep(rnd.random() * 0.05)  # a fraction of one document's ingest, whatever the machine's speed
        finished = proc.poll() is not None
        if not finished:
            os.killpg(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # workers left behind by a parent that ended first
        except ProcessLookupError:
            pass
    return {"before": before, "after": _count(db), "finished": finished}


def ingest_to_end(db: Path, folder: Path) -> dict[str, Any]:
    proc = subprocess.run(
        [DUIZHAO, "--db", str(db), "ingest", str(folder), "--json"], capture_output=True, text=True, cwd=REPO
    )
    return json.loads(proc.stdout)


# ---------------------------------------------------------------- corrections, killed

WORKER = r"""
import sys
from duizhao.store import open_library
from duizhao.pipeline import apply_correction as apply
lib = open_library(sys.argv[1])
docs = lib.document_ids()
units = [(d, u.id, side) for d in docs for u in lib.get_document(d).units for side in ("zh", "en") if getattr(u, side)]
i = int(sys.argv[2])
while True:
    d, u, side = units[i % len(units)]
    text = ("修订第%d版。" % i) if side == "zh" else ("Revision number %d of this unit." % i)
    n = lib.propose_correction(d, u, side, text, "kill test", "reader")
    apply(lib, n, "edith")
    i += 1
"""


def corrections_and_kill(db: Path, rnd: random.Random, max_new: int = 25, timeout: float = 300) -> dict[str, Any]:
    """Apply corrections in a loop in a subprocess; SIGKILL it at a random moment."""
    applied = "SELECT COUNT(*) FROM corrections WHERE status = 'applied'"
    before = _count(db, applied)
    target = before + rnd.randint(1, max_new)
    proc = subprocess.Popen(
        [sys.executable, "-c", WORKER, str(db), str(before * 7 + 1)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=REPO,
    )
    start = time.monotonic()
    try:
        while proc.poll() is None and _count(db, applied) < target and time.monotonic() - start < timeout:
            time.sleep(0.01)
        time.sleep(rnd.random() * 0.2)
        finished = proc.poll() is not None
        if not finished:
            os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
        err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        if proc.stderr:
            proc.stderr.close()
    return {"before": before, "after": _count(db, applied), "finished": finished, "stderr": err[-500:]}


def correction_problems(db: Path) -> list[str]:
    """Each correction is applied with its history or not at all; units, versions, sentences, search agree."""
    from duizhao.align import align_unit
    from duizhao.store import open_library

    problems = library_problems(db)  # structure, search rows and knowledge rows against current texts
    lib = open_library(db, create=False)
    try:
        conn = lib.conn
        for c in lib.corrections():
            rows = _rows(conn, "SELECT after, version FROM history WHERE correction_id = ?", (c["id"],))
            if c["status"] == "applied" and (len(rows) != 1 or rows[0][0] != c["new_text"]):
                problems.append(f"correction #{c['id']} applied but its history holds {rows}")
            if c["status"] == "pending" and rows:
                problems.append(f"correction #{c['id']} pending but history holds {rows}")
        for doc_id, unit_id, zh, en, version, sentences in _rows(
            conn, "SELECT doc_id, unit_id, zh, en, version, sentences FROM units"
        ):
            hist = _rows(
                conn,
                "SELECT field, after, version FROM history WHERE doc_id = ? AND unit_id = ? ORDER BY id",
                (doc_id, unit_id),
            )
            if version != 1 + len(hist):
                problems.append(f"{doc_id}/{unit_id}: version {version} after {len(hist)} changes")
            for side, current in (("zh", zh), ("en", en)):
                last = [a for f, a, _ in hist if f == side]
                if last and last[-1] != current:
                    problems.append(f"{doc_id}/{unit_id}: {side} is not the last history entry")
            want = [s.to_dict() for s in align_unit(zh, en)]
            if json.loads(sentences) != want:
                problems.append(f"{doc_id}/{unit_id}: stored sentences are not those of its current text")
    finally:
        lib.close()
    return problems
