"""Against `duizhao serve` as a real process: the sign-in throttle under parallel guesses and several
workers, the client address and scheme behind nginx (and spoofed without it), and a clean SIGTERM."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from duizhao.store import open_library

from .conftest import make_library, password_hash
from .served import NGINX, PASSWORD, Served, client, csrf, nginx, serve, sign_in

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs a POSIX system")


# Counts last WINDOW_SECONDS, so every test locks out its own user and client address. Nothing here
# opens the library in the test process while a server runs (see issue 18: a second process's
# handles could end the servers' WAL).
USERS = ("raced", "shared", "proxied", "nginxed")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("served") / "lib.db"
    lib = make_library(path)
    for name in USERS:
        lib.add_user(name, password_hash())
    lib.close()
    return path


@pytest.fixture(scope="module")
def first_unit(db: Path) -> tuple[str, str]:
    """(document id, unit id) to report on, read before any server starts."""
    lib = open_library(db)
    try:
        doc_id = lib.list_documents()[0]["id"]
        return doc_id, lib.get_document(doc_id).units[0].id
    finally:
        lib.close()


@pytest.fixture(scope="module")
def served(db: Path, first_unit: tuple[str, str]) -> Iterator[Served]:
    s = serve(db, "--workers", "2")  # two processes: one count must hold for both
    yield s
    s.stop()


def parallel_sign_ins(base: str, n: int, name: str, source: str = "127.0.0.1", headers: Any = None) -> list[int]:
    """n wrong passwords for `name`, posted at the same moment from n clients; their status codes."""
    clients = [client(base, source) for _ in range(n)]
    tokens = [csrf(c) for c in clients]
    start = threading.Barrier(n)
    codes: list[int] = [0] * n

    def attempt(k: int) -> None:
        start.wait()
        r = clients[k].post(
            "/login", data={"csrf": tokens[k], "name": name, "password": f"wrong guess {k}"}, headers=headers
        )
        codes[k] = r.status_code

    threads = [threading.Thread(target=attempt, args=(k,)) for k in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for c in clients:
        c.close()
    return codes


def test_forty_parallel_guesses_check_at_most_the_limit(served: Served) -> None:
    from duizhao.web.auth import MAX_FAILURES

    codes = parallel_sign_ins(served.base, 40, "raced", source="127.0.0.11")
    checked = codes.count(401)  # a 401 is a password that was hashed and compared
    assert codes.count(401) + codes.count(429) == 40, codes
    assert 1 <= checked <= MAX_FAILURES, codes
    with client(served.base, "127.0.0.11") as c:
        r = sign_in(c, "raced")  # the right password, while locked: refused without being checked
        assert r.status_code == 429 and "dz_session" not in r.headers.get("set-cookie", "")


def test_a_good_sign_in_clears_the_counts(served: Served) -> None:
    # each attempt on a new connection, so they spread over both workers
    for k in range(4):
        with client(served.base, "127.0.0.12") as c:
            assert sign_in(c, "shared", f"wrong {k}").status_code == 401
    with client(served.base, "127.0.0.12") as c:
        assert sign_in(c, "shared").status_code == 303
    codes = []
    for k in range(6):
        with client(served.base, "127.0.0.12") as c:
            codes.append(sign_in(c, "shared", f"wrong again {k}").status_code)
    assert codes == [401] * 5 + [429]


def test_parallel_anonymous_reports_stop_at_the_limit(served: Served, first_unit: tuple[str, str]) -> None:
    from duizhao.web.auth import REPORTS

    doc_id, unit = first_unit
    n = REPORTS.limit + 5
    clients = [client(served.base, "127.0.0.21") for _ in range(n)]
    tokens = [csrf(c, f"/doc/{doc_id}/unit/{unit}/report") for c in clients]
    start = threading.Barrier(n)
    codes: list[int] = [0] * n
    text = "洪水" * 9999  # with the two digits below: 20,000 characters, the longest report accepted

    def report(k: int) -> None:
        start.wait()
        r = clients[k].post(
            f"/doc/{doc_id}/unit/{unit}/report", data={"csrf": tokens[k], "side": "zh", "text": f"{text}{k:02d}"}
        )
        codes[k] = r.status_code

    threads = [threading.Thread(target=report, args=(k,)) for k in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for c in clients:
        c.close()
    assert codes.count(200) == REPORTS.limit and codes.count(429) == n - REPORTS.limit, codes
    with client(served.base, "127.0.0.22") as c:  # an editor sees the flood a page at a time
        assert sign_in(c, "edith").status_code == 303
        page = c.get("/corrections")
        assert page.status_code == 200 and page.text.count('class="correction ') == REPORTS.limit
        assert f"Pending ({REPORTS.limit})" in page.text


def lock_out(base: str, source: str, headers: dict[str, str] | None = None) -> None:
    """Five wrong passwords from `source`, each for a different (unknown) name, so only the address counts."""
    with client(base, source) as c:
        for k in range(5):
            r = c.post(
                "/login", data={"csrf": csrf(c), "name": f"nobody{k}", "password": "wrong password"}, headers=headers
            )
            assert r.status_code == 401
        r = c.post("/login", data={"csrf": csrf(c), "name": "nobody9", "password": "x" * 9}, headers=headers)
        assert r.status_code == 429


def test_forwarded_for_is_ignored_from_untrusted_peers(served: Served) -> None:
    # Connections from 127.0.0.2 are not from the trusted proxy (127.0.0.1): their X-Forwarded-For is
    # the client's own claim, and changing it does not buy new attempts.
    lock_out(served.base, "127.0.0.2", headers={"X-Forwarded-For": "203.0.113.1"})
    with client(served.base, "127.0.0.2") as c:
        r = c.post(
            "/login",
            data={"csrf": csrf(c), "name": "proxied", "password": PASSWORD},
            headers={"X-Forwarded-For": "203.0.113.77", "X-Forwarded-Proto": "https"},
        )
        assert r.status_code == 429
    with client(served.base, "127.0.0.3") as c:  # another address is not locked out
        r = sign_in(c, "proxied")
        assert r.status_code == 303
        assert "secure" not in r.headers["set-cookie"].lower()  # plain http, and the Proto claim ignored


def test_forwarded_headers_from_the_trusted_proxy(served: Served) -> None:
    # What nginx sends (docs/deployment.md), from 127.0.0.1, the default trusted proxy
    nginx_headers = {"X-Forwarded-For": "198.51.100.7", "X-Forwarded-Proto": "https"}
    lock_out(served.base, "127.0.0.1", headers=nginx_headers)
    with client(served.base) as c:
        # the proxy itself, and every other client behind it, are not locked out with 198.51.100.7
        r = c.post(
            "/login",
            data={"csrf": csrf(c), "name": "proxied", "password": PASSWORD},
            headers={"X-Forwarded-For": "198.51.100.8", "X-Forwarded-Proto": "https"},
        )
        assert r.status_code == 303
        cookie = r.headers["set-cookie"].lower()
        assert "dz_session=" in cookie and "; secure" in cookie


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed (make setup installs nginx-light)")
def test_behind_real_nginx(served: Served, tmp_path: Path) -> None:
    proxy = nginx(served.base, tmp_path / "nginx")
    try:
        # a client at 127.0.0.5 locks itself out through the proxy; its spoofed X-Forwarded-For
        # is only the left part of what nginx forwards, so it changes nothing
        lock_out(proxy.base, "127.0.0.5", headers={"X-Forwarded-For": "192.0.2.50"})
        with client(proxy.base, "127.0.0.5") as c:
            r = c.post(
                "/login",
                data={"csrf": csrf(c), "name": "nginxed", "password": PASSWORD},
                headers={"X-Forwarded-For": "192.0.2.51"},
            )
            assert r.status_code == 429
        with client(proxy.base, "127.0.0.6") as c:  # the editor elsewhere still signs in, over HTTPS
            page = c.get("/login")
            assert "; secure" in page.headers.get("set-cookie", "").lower()  # the reader's CSRF cookie
            r = sign_in(c, "nginxed")
            assert r.status_code == 303
            assert "; secure" in r.headers["set-cookie"].lower()
    finally:
        proxy.stop()


def descendants(pid: int) -> set[int]:
    """Every process below `pid` (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry))
    out: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.add(child)
            todo.append(child)
    return out


def alive(pid: int) -> bool:
    try:
        return "multiprocessing" in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_sigterm_leaves_no_processes_behind(db: Path) -> None:
    s = serve(db)
    try:
        with client(s.base) as c:
            assert sign_in(c, "edith").status_code == 303
            r = c.post(
                "/upload",
                data={"csrf": csrf(c, "/upload")},
                files={"files": ("harbour.txt", "标题\n\n港口城市。\n\nHarbour cities.\n".encode())},
                headers={"accept": "application/json"},
            )
            assert r.status_code == 200 and r.json()["results"][0]["status"] in ("ingested", "unchanged")
        helpers = descendants(s.proc.pid)
        assert any(alive(p) for p in helpers)  # the fork server, its parse worker, the resource tracker
        s.proc.send_signal(signal.SIGTERM)
        s.proc.wait(timeout=30)
        deadline = time.monotonic() + 10
        while any(alive(p) for p in helpers) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not [p for p in helpers if alive(p)]
    finally:
        if s.proc.poll() is None:
            s.proc.kill()
