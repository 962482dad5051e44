"""Both backends: attempts counted in one step (and across connections, as across server processes),
sessions ended by a new password, revoked, or with the user; pages of units and of corrections."""

from __future__ import annotations

import threading
from typing import Any

from duizhao.model import Document, Unit
from duizhao.store import open_library


def test_attempts_are_counted_once_each_under_parallel_connections(library: Any, library_url: str) -> None:
    n, limit = 24, 5
    allowed: list[bool] = []
    start = threading.Barrier(n)
    lock = threading.Lock()

    def attempt() -> None:
        lib = open_library(library_url)  # its own connection, as another worker process has
        try:
            start.wait()
            ok = lib.take_attempt(("ip:x", "user:y"), limit, 300.0)
            with lock:
                allowed.append(ok)
        finally:
            lib.close()

    threads = [threading.Thread(target=attempt) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert allowed.count(True) == limit and len(allowed) == n
    assert library.take_attempt(("user:y",), limit, 300.0) is False
    library.clear_attempts(("ip:x", "user:y"))
    assert library.take_attempt(("ip:x", "user:y"), limit, 300.0) is True


def test_a_window_ends(library: Any) -> None:
    for _ in range(3):
        library.take_attempt(("k",), 2, 0.0)  # a window of no time: each attempt finds the last one gone
    assert library.take_attempt(("k",), 1, 0.0) is True
    assert library.take_attempt(("k2",), 1, 300.0) and not library.take_attempt(("k2",), 1, 300.0)


def test_sessions_end_with_a_new_password_a_revoke_or_the_user(library: Any) -> None:
    library.add_user("ann", "hash-1", editor=True)
    library.create_session("t1", "ann", "c1", "2999-01-01T00:00:00Z")
    library.create_session("t2", "ann", "c2", "2999-01-01T00:00:00Z")
    assert len(library.user_sessions("ann")) == 2
    library.set_password("ann", "hash-2")
    assert library.user_sessions("ann") == [] and library.get_session("t1") is None
    library.create_session("t3", "ann", "c3", "2999-01-01T00:00:00Z")
    library.set_password("ann", "hash-2b", end_sessions=False)  # a rehash at sign-in keeps the session
    assert library.get_session("t3") is not None
    assert library.end_sessions("ann") == 1 and library.get_session("t3") is None
    library.create_session("t4", "ann", "c4", "2999-01-01T00:00:00Z")
    assert library.delete_user("ann") == 1
    assert library.get_user("ann") is None and library.get_session("t4") is None


def test_pages_of_units_and_corrections(library: Any) -> None:
    units = [Unit(id=f"u{i}", kind="paragraph", zh=f"第{i}段。", en=f"Paragraph {i}.") for i in range(30)]
    library.add_document(Document(id="abcd000000000001", path="a.txt", units=units))
    page = library.get_document("abcd000000000001", units=(10, 5))
    assert [u.id for u in page.units] == ["u10", "u11", "u12", "u13", "u14"]
    assert library.count_units("abcd000000000001") == 30 and library.unit_position("abcd000000000001", "u17") == 17
    ids = [library.propose_correction("abcd000000000001", "u1", "en", f"Fix {k}.") for k in range(7)]
    assert [c["id"] for c in library.corrections(status="pending", limit=3, offset=3)] == ids[3:6]
    assert [c["id"] for c in library.corrections(limit=2, newest_first=True)] == ids[:-3:-1]
    assert library.count_corrections(status="pending") == 7 and library.count_corrections(status="applied") == 0
