"""A hostile visitor against `duizhao serve` (issue 23): the sign-in throttle under parallel guesses,
floods of anonymous reports, the editors' queue when full, a long document, a big upload.

    .venv/bin/python bench/hostile.py                       # ~2-4 min on 2 cores
    .venv/bin/python bench/hostile.py --before /path/to/older/src   # the same against other code, too
                                                                    # (each of its pages given 120 s)

Everything goes through a real `serve` process on a free loopback port (httpx clients, one
connection each), on a library built here from text written by this script (no shared data):
- throttle: 40 wrong passwords posted at once to `serve --workers 2`, how many were checked (401)
  and refused (429), then whether the right password got in;
- reports: 35 anonymous reports of 20,000 characters posted at once: how many were accepted
  against the limit (30 an hour per address);
- queue: GET /corrections as an editor with those reports plus 90 more 20,000-character ones
  against a 3,000-character unit: seconds and bytes;
- long document: GET /doc/ID of a 20,000-unit document (about 2.3 MB of text): seconds and bytes
  of the first page, of ?all=1, and of the last page;
- upload: a 1 MB bilingual text uploaded by an editor: wall seconds, and the CPU seconds the server
  process itself spent (its children, the parse worker, excluded).
Figures go to bench/results.json under "reliability_web" (with "before" when --before is given).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from common import record  # noqa: E402

from duizhao.model import Document, Unit  # noqa: E402
from duizhao.store import open_library  # noqa: E402
from duizhao.web.auth import hash_password  # noqa: E402
from tests.web.served import PASSWORD, Served, client, csrf, serve, sign_in  # noqa: E402

LONG_UNITS = 20_000
QUEUE_EXTRA = 90
UPLOAD_BYTES = 1_000_000

ZH = "中俄两国在能源、贸易和交通领域的合作不断加深,双方同意扩大本币结算的规模。"
EN = "Cooperation between China and Russia in energy, trade and transport keeps deepening, and both sides agreed to widen settlement in their own currencies."


def build(db: Path) -> dict[str, Any]:
    """The library: an editor, a 20,000-unit document, a document with one 3,000-character unit
    and QUEUE_EXTRA pending reports of 20,000 characters against it."""
    lib = open_library(db)
    try:
        lib.add_user("edith", hash_password(PASSWORD), editor=True)
        lib.add_user("target", hash_password(PASSWORD))
        units = [Unit(id=f"u{i + 1}", kind="paragraph", zh=f"{ZH}第{i + 1}段。", en=f"{EN} ({i + 1})") for i in range(LONG_UNITS)]
        long_doc = Document(id="1000000000000001", path="long.txt", title={"zh": "长文", "en": "A long document"}, units=units)
        lib.add_document(long_doc)
        big = Unit(id="u1", kind="paragraph", zh=(ZH * 90)[:3000], en=(EN * 21)[:3000])
        lib.add_document(Document(id="2000000000000002", path="target.txt", title={"en": "Target"}, units=[big]))
        for k in range(QUEUE_EXTRA):
            text = (f"Rewritten {k}. " + EN[::-1] + " ") * 140
            lib.propose_correction("2000000000000002", "u1", "en", text[:20000], "", "reader")
        chars = sum(len(u.zh or "") + len(u.en or "") for u in units)
    finally:
        lib.close()
    return {"long_doc": "1000000000000001", "long_chars": chars, "target": "2000000000000002"}


def at_once(n: int, fn: Any) -> list[int]:
    """fn(k) → status code, called from n threads released together."""
    start = threading.Barrier(n)
    codes = [0] * n

    def run(k: int) -> None:
        start.wait()
        codes[k] = fn(k)

    threads = [threading.Thread(target=run, args=(k,)) for k in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return codes


def throttle(s: Served) -> dict[str, Any]:
    n = 40
    clients = [client(s.base, "127.0.0.31") for _ in range(n)]
    tokens = [csrf(c) for c in clients]
    t = time.perf_counter()
    codes = at_once(
        n,
        lambda k: clients[k].post("/login", data={"csrf": tokens[k], "name": "target", "password": f"guess {k}"}).status_code,
    )
    took = time.perf_counter() - t
    for c in clients:
        c.close()
    with client(s.base, "127.0.0.31") as c:
        got_in = sign_in(c, "target").status_code == 303
    return {
        "parallel_attempts": n,
        "checked": codes.count(401),
        "refused": codes.count(429),
        "other": n - codes.count(401) - codes.count(429),
        "seconds": round(took, 2),
        "right_password_afterwards_got_in": got_in,
    }


def reports(s: Served, doc_id: str) -> dict[str, Any]:
    n = 35
    clients = [client(s.base, "127.0.0.32") for _ in range(n)]
    tokens = [csrf(c, f"/doc/{doc_id}/unit/u1/report") for c in clients]
    text = "洪水" * 9999
    codes = at_once(
        n,
        lambda k: clients[k]
        .post(f"/doc/{doc_id}/unit/u1/report", data={"csrf": tokens[k], "side": "zh", "text": f"{text}{k:02d}"})
        .status_code,
    )
    for c in clients:
        c.close()
    return {"posted": n, "accepted": codes.count(200), "limit": 30, "refused": codes.count(429)}


def timed_get(c: Any, url: str, limit: float) -> dict[str, Any]:
    """Seconds and bytes of one GET; a page that takes longer than `limit` is recorded as a timeout."""
    import httpx

    t = time.perf_counter()
    try:
        r = c.get(url, timeout=limit)
    except httpx.TimeoutException:
        return {"status": "timeout", "seconds": f">{limit:g}"}
    return {"status": r.status_code, "seconds": round(time.perf_counter() - t, 3), "bytes": len(r.content)}


def server_cpu(pid: int) -> float:
    """utime + stime of the process itself (not its children), in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def upload(c: Any, s: Served) -> dict[str, Any]:
    lines = ["标题:上传测试", "Title: Upload test", ""]
    k = 0
    while sum(len(x.encode()) for x in lines) < UPLOAD_BYTES:
        lines += [f"{ZH}第{k}段。", "", f"{EN} ({k})", ""]
        k += 1
    data = "\n".join(lines).encode()
    before = server_cpu(s.proc.pid)
    t = time.perf_counter()
    r = c.post(
        "/upload",
        data={"csrf": csrf(c, "/upload")},
        files={"files": ("upload.txt", data)},
        headers={"accept": "application/json"},
        timeout=900,
    )
    took = time.perf_counter() - t
    result = r.json()["results"][0] if r.status_code == 200 else {"status": f"HTTP {r.status_code}"}
    return {
        "bytes": len(data),
        "status": result.get("status"),
        "seconds": round(took, 2),
        "server_process_cpu_seconds": round(server_cpu(s.proc.pid) - before, 2),
    }


def measure(src: Path | None, limit: float) -> dict[str, Any]:
    env = {"PYTHONPATH": str(src)} if src else None
    with tempfile.TemporaryDirectory(prefix="dz-hostile-") as tmp:
        db = Path(tmp) / "lib.db"
        info = build(db)
        out: dict[str, Any] = {"code": str(src) if src else "this checkout"}
        s = serve(db, "--workers", "2", env=env)
        try:
            out["throttle"] = throttle(s)
            out["reports"] = reports(s, info["target"])
        finally:
            s.stop()
        s = serve(db, env=env)  # one worker: the upload's CPU is this one process's
        try:
            with client(s.base, "127.0.0.33") as c:
                get = lambda url: timed_get(c, url, limit)  # noqa: E731
                assert sign_in(c, "edith").status_code == 303
                queue = get("/corrections")
                queue["pending"] = QUEUE_EXTRA + out["reports"]["accepted"]
                out["queue"] = queue
                d = info["long_doc"]
                out["long_document"] = {
                    "units": LONG_UNITS,
                    "text_chars": info["long_chars"],
                    "first_page": get(f"/doc/{d}"),
                    "first_page_again": get(f"/doc/{d}"),
                    "all": get(f"/doc/{d}?all=1"),
                    "last_page": get(f"/doc/{d}?page={LONG_UNITS // 200}"),
                }
                out["upload"] = upload(c, s)
        finally:
            s.stop()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--before", type=Path, help="also measure the code under this src folder")
    args = ap.parse_args()
    values = measure(None, 600.0)
    print(values, flush=True)
    if args.before:  # older code can take minutes a page: each GET is given 120 s
        values["before"] = measure(args.before.resolve(), 120.0)
        print(values["before"], flush=True)
    record("reliability_web", values)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
