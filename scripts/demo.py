"""Build the demo library: the team's sample documents, plus ../shared/seeds when present.

Also makes an editor account `editor` (password printed once) so the corrections workflow can be
tried in the browser. Run by `make demo`; safe to run again (documents already there are unchanged).
"""
from __future__ import annotations

import argparse
import secrets
import sys
from pathlib import Path

from duizhao.pipeline import ingest
from duizhao.store import open_library

REPO = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", default="demo.db")
    args = parser.parse_args()
    sources = [REPO / "demo"]
    seeds = REPO.parent / "shared" / "seeds"
    if seeds.is_dir():
        sources.append(seeds)
    lib = open_library(args.db)
    try:
        report = ingest(lib, sources)
        print(f"demo library {args.db}: {len(report.ingested)} ingested, {len(report.unchanged)} unchanged, {len(report.failed)} failed")
        for f in report.failed:
            print(f"  failed {f['path']}: {f['error']}", file=sys.stderr)
        if lib.get_user("editor") is None:
            try:
                from duizhao.web.auth import hash_password
            except ImportError:
                return 0
            password = secrets.token_urlsafe(9)
            lib.add_user("editor", hash_password(password), editor=True)
            print(f"editor account: editor / {password}  (shown once; `duizhao --db {args.db} user passwd editor` to change)")
    finally:
        lib.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
