"""One library, many processes: `duizhao serve` (a real process on a real port, one or several
workers) while CLI processes list, ingest, correct, back up, count and migrate the same library,
readers send error reports and an editor applies corrections through the web.

Shared by tests/reliability/test_many_processes.py (a bounded number of rounds) and
bench/reliability.py (a timed soak). Every write that a process was told succeeded is recorded
("acknowledged"); at the end each one must be in the library, the server must never have held a
deleted library file open, and every change a CLI process made must be visible to the server at its
next request.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

DUIZHAO = str(Path(sys.executable).parent / "duizhao")
EDITOR, READER, PASSWORD = "edith", "rita", "a long test password 7"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cli(db: str, *args: str, stdin: str | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([DUIZHAO, "--db", db, *args], input=stdin, capture_output=True, text=True, timeout=timeout)


def cli_json(db: str, *args: str) -> Any:
    p = cli(db, *args, "--json")
    if p.returncode != 0:
        raise AssertionError(f"duizhao {' '.join(args)} exited {p.returncode}: {p.stderr.strip()}")
    return json.loads(p.stdout)


@dataclass
class Outcome:
    """What happened: writes acknowledged to their writer, and everything that went wrong."""

    acknowledged: dict[str, int] = field(default_factory=dict)  # kind -> count
    lost: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # 5xx answers, failed commands, stale reads
    deleted_fds: list[str] = field(default_factory=list)
    integrity: str = "not checked"
    seconds: float = 0.0

    def ack(self, kind: str) -> None:
        self.acknowledged[kind] = self.acknowledged.get(kind, 0) + 1

    def problems(self) -> list[str]:
        out = [f"lost: {x}" for x in self.lost] + self.errors[:20]
        out += [f"server held a deleted file: {x}" for x in sorted(set(self.deleted_fds))]
        if self.integrity not in ("ok", "not checked"):
            out.append(f"integrity_check: {self.integrity}")
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "acknowledged": dict(sorted(self.acknowledged.items())),
            "acknowledged_total": sum(self.acknowledged.values()),
            "lost": len(self.lost),
            "errors": len(self.errors),
            "deleted_fds_seen": len(set(self.deleted_fds)),
            "integrity": self.integrity,
            "seconds": round(self.seconds, 1),
        }


def prepare(db: str, folder: Path, corpus: list[Path]) -> None:
    """A library with the corpus, an editor and a reader (all through the CLI, as users make one)."""
    p = cli(db, "ingest", *map(str, corpus))
    if p.returncode != 0:
        raise AssertionError(f"ingest failed: {p.stderr.strip()} {p.stdout[-500:]}")
    for name, flag in ((EDITOR, ["--editor"]), (READER, [])):
        p = cli(db, "user", "add", name, *flag, "--password-stdin", stdin=PASSWORD + "\n")
        if p.returncode != 0:
            raise AssertionError(f"user add {name}: {p.stderr.strip()}")


class Server:
    """`duizhao serve` as its own process group; `pids()` is the server and all its workers."""

    def __init__(self, db: str, workers: int, cwd: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = open(cwd / f"serve-{self.port}.log", "wb")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [DUIZHAO, "--db", db, "serve", "--port", str(self.port), "--workers", str(workers), "--log-level", "warning"],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            cwd=str(cwd),
            start_new_session=True,
        )
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(self.base + "/static/style.css", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise AssertionError(f"serve did not start: {Path(self.log.name).read_text(errors='replace')[-2000:]}")
            time.sleep(0.2)

    def pids(self) -> list[int]:
        found, todo = [], [self.proc.pid]
        while todo:
            pid = todo.pop()
            found.append(pid)
            try:
                kids = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
            except OSError:
                continue
            todo += [int(k) for k in kids]
        return found

    def deleted_library_files(self, names: tuple[str, ...]) -> list[str]:
        """Library files (db, -wal, -shm) that a server process holds open after they were deleted."""
        out = []
        for pid in self.pids():
            fd_dir = Path(f"/proc/{pid}/fd")
            try:
                fds = list(fd_dir.iterdir())
            except OSError:
                continue
            for fd in fds:
                try:
                    target = os.readlink(fd)
                except OSError:
                    continue
                if target.endswith("(deleted)") and any(n in target for n in names):
                    out.append(f"pid {pid}: {target}")
        return out

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log.close()


def sign_in(base: str, name: str) -> tuple[httpx.Client, str]:
    """A signed-in browser-like client and its CSRF token."""
    c = httpx.Client(base_url=base, timeout=60, follow_redirects=False)
    page = c.get("/login")
    token = _csrf(page.text)
    r = c.post("/login", data={"name": name, "password": PASSWORD, "next": "/", "csrf": token})
    if r.status_code not in (302, 303):
        raise AssertionError(f"sign-in of {name} answered {r.status_code}")
    return c, _csrf(c.get("/").text)


def _csrf(html: str) -> str:
    m = re.search(r'name="csrf" value="([^"]+)"', html) or re.search(r'name="csrf-token" content="([^"]+)"', html)
    if not m:
        raise AssertionError("no CSRF token on the page")
    return m.group(1)


def run(
    db: str,
    work: Path,
    corpus: list[Path],
    extra: list[Path],
    workers: int = 1,
    rounds: int | None = 6,
    seconds: float | None = None,
    sqlite_file: Path | None = None,
) -> Outcome:
    """The scenario: bounded by `rounds` per actor, or by `seconds` (the soak). `extra` are files the
    CLI ingests while the server runs; `sqlite_file` is the library file when it is SQLite."""
    out = Outcome()
    lock = threading.Lock()
    server = Server(db, workers, work)
    start = time.monotonic()
    stop = threading.Event()
    docs = [d["id"] for d in cli_json(db, "list", "--limit", "1000")]
    reports: dict[int, str] = {}  # correction number -> text, acknowledged to a reader (web or CLI)
    tried: set[int] = set()  # the editor has tried to apply these
    applied: set[int] = set()  # acknowledged as applied
    ingested: list[str] = []
    names = tuple(str(sqlite_file.resolve()) + s for s in ("", "-wal", "-shm")) if sqlite_file else ()

    def going(i: int) -> bool:
        if stop.is_set():
            return False
        if seconds is not None:
            return time.monotonic() - start < seconds
        return i < (rounds or 0)

    def fail(msg: str) -> None:
        with lock:
            out.errors.append(msg)

    def reader() -> None:
        rnd = random.Random(1)
        c, token = sign_in(server.base, READER)
        i = 0
        while going(i):
            doc = rnd.choice(docs)
            r = c.get(f"/doc/{doc}")
            if r.status_code != 200:
                fail(f"GET /doc/{doc}: {r.status_code}")
                i += 1
                continue
            units = re.findall(rf'/doc/{doc}/unit/([^/"]+)/report', r.text)
            if not units:
                fail(f"/doc/{doc}: no unit to report on")
                i += 1
                continue
            unit = rnd.choice(units)
            text = f"Reader correction {i} of {unit} {rnd.random():.6f}."
            r = c.post(f"/doc/{doc}/unit/{unit}/report", data={"side": "en", "text": text, "note": "soak", "csrf": token})
            m = re.search(r"Your report \(#(\d+)\)", r.text)
            if r.status_code == 200 and m:
                with lock:
                    reports[int(m.group(1))] = text
                    out.ack("web_report")
            elif r.status_code >= 500:
                fail(f"report: {r.status_code}")
            i += 1
        c.close()

    def editor() -> None:
        c, token = sign_in(server.base, EDITOR)
        i = 0
        while going(i):
            with lock:
                pending = sorted(n for n in reports if n not in tried)
            if not pending:
                time.sleep(0.2)
                i += 1 if seconds is None else 0
                continue
            n = pending[0]
            tried.add(n)
            r = c.post(f"/corrections/{n}/apply", data={"csrf": token})
            if r.status_code == 200 and f"Correction #{n} applied" in r.text:
                with lock:
                    applied.add(n)
                    out.ack("web_apply")
            elif r.status_code >= 500:
                fail(f"apply #{n}: {r.status_code}")
            # else: a conflict (the unit changed since it was reported): refused, so not acknowledged
            i += 1
        c.close()

    def command_line() -> None:
        rnd = random.Random(2)
        i = 0
        todo = list(extra)
        probe = httpx.Client(base_url=server.base, timeout=60)
        while going(i):
            step = i % 7
            if step == 0:
                p = cli(db, "list", "--limit", "5")
                ok = p.returncode == 0
            elif step == 1 and todo:
                f = todo.pop(0)
                p = cli(db, "ingest", str(f), "--json")
                ok = p.returncode == 0
                if ok:
                    for d in json.loads(p.stdout)["ingested"]:
                        ingested.append(d["id"])
                        out.ack("cli_ingest")
                        # The server sees the CLI's change at its very next request.
                        r = probe.get(f"/doc/{d['id']}")
                        if r.status_code != 200:
                            fail(f"server did not see document {d['id']} ingested by the CLI: {r.status_code}")
            elif step == 2:
                doc = rnd.choice(docs)
                shown = cli_json(db, "show", doc)
                unit = rnd.choice([u for u in shown["units"] if u.get("en")])
                text = f"CLI correction {i} {rnd.random():.6f}."
                p = cli(db, "correct", "propose", doc, unit["id"], "--side", "en", "--text", text, "--json")
                ok = p.returncode == 0
                if ok:
                    n = json.loads(p.stdout)["id"]
                    with lock:
                        reports[n] = text
                        out.ack("cli_propose")
                    r = probe.get(f"/doc/{doc}")
                    if r.status_code != 200:
                        fail(f"GET /doc/{doc} after a CLI correction: {r.status_code}")
            elif step == 3:
                with lock:  # what was acknowledged before the command starts must be in its answer
                    expected = set(reports)
                p = cli(db, "corrections", "--json")
                ok = p.returncode == 0
                if ok:
                    have = {c["id"] for c in json.loads(p.stdout)}
                    missing = sorted(n for n in expected if n not in have)
                    if missing:
                        fail(f"corrections acknowledged but not listed: {missing[:5]}")
            elif step == 4:
                target = work / f"backup-{i}.db"
                p = cli(db, "backup", str(target))
                ok = p.returncode == 0
                if ok and sqlite_file is not None:
                    conn = sqlite3.connect(target)
                    res = conn.execute("PRAGMA integrity_check").fetchone()[0]
                    conn.close()
                    if res != "ok":
                        fail(f"backup {target.name}: {res}")
                if target.exists():
                    target.unlink()
            elif step == 5:
                p = cli(db, "stats")
                ok = p.returncode == 0
            else:
                p = cli(db, "migrate")
                ok = p.returncode == 0
            if not ok:
                fail(f"CLI step {step}: exit {p.returncode}: {p.stderr.strip()[:200]}")
            i += 1
        probe.close()

    def cli_writer() -> None:
        """A second command-line writer: proposals and `correct apply` of its own, back to back."""
        rnd = random.Random(3)
        i = 0
        while going(i):
            doc = rnd.choice(docs)
            shown = cli_json(db, "show", doc)
            unit = rnd.choice([u for u in shown["units"] if u.get("zh")])
            text = f"命令行更正{i}:{rnd.random():.6f}。"
            p = cli(db, "correct", "propose", doc, unit["id"], "--side", "zh", "--text", text, "--json")
            if p.returncode != 0:
                fail(f"correct propose: exit {p.returncode}: {p.stderr.strip()[:200]}")
                i += 1
                continue
            n = json.loads(p.stdout)["id"]
            with lock:
                reports[n] = text
                tried.add(n)  # this writer applies its own
                out.ack("cli_propose")
            p = cli(db, "correct", "apply", str(n), "--editor", EDITOR, "--json")
            if p.returncode == 0:
                with lock:
                    applied.add(n)
                    out.ack("cli_apply")
            elif p.returncode != 2:  # 2: a conflict with a concurrent edit of the unit, refused and said
                fail(f"correct apply #{n}: exit {p.returncode}: {p.stderr.strip()[:200]}")
            i += 1

    def watch() -> None:
        while not stop.is_set():
            if names:
                found = server.deleted_library_files(names)
                if found:
                    with lock:
                        out.deleted_fds += found
            stop.wait(0.1)

    actors: list[Callable[[], None]] = [reader, editor, command_line, cli_writer]
    threads = [threading.Thread(target=_guarded(a, fail)) for a in actors]
    watcher = threading.Thread(target=watch)
    watcher.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    time.sleep(0.3)  # one more look at the server's files after the last write
    stop.set()
    watcher.join()
    server.stop()
    out.seconds = time.monotonic() - start
    _audit(db, out, reports, applied, ingested, sqlite_file)
    return out


def _guarded(actor: Callable[[], None], fail: Callable[[str], None]) -> Callable[[], None]:
    def run_it() -> None:
        try:
            actor()
        except Exception as e:  # noqa: BLE001 - an actor's crash is a finding, not a hang
            fail(f"{actor.__name__} crashed: {type(e).__name__}: {e}")

    return run_it


def _audit(db: str, out: Outcome, reports: dict[int, str], applied: set[int], ingested: list[str], sqlite_file: Path | None) -> None:
    """Everything acknowledged is there, after the server has stopped."""
    have = {c["id"]: c for c in cli_json(db, "corrections")}
    for n, text in reports.items():
        c = have.get(n)
        if c is None:
            out.lost.append(f"correction #{n}")
        elif c["new_text"] != text:
            out.lost.append(f"correction #{n} text changed")
    for n in applied:
        if n in have and have[n]["status"] != "applied":
            out.lost.append(f"correction #{n} acknowledged as applied is {have[n]['status']}")
    docs = {d["id"] for d in cli_json(db, "list", "--limit", "100000")}
    out.lost += [f"document {d}" for d in ingested if d not in docs]
    if sqlite_file is not None:
        conn = sqlite3.connect(sqlite_file)
        try:
            out.integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        finally:
            conn.close()
