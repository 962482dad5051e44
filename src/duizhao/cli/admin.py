"""Operations on the library as a whole: `migrate`, `copy`, `backup`, `stats`, `optimize`, `reindex`."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import click

from ..errors import BadInput, DuizhaoError
from . import command


def _backend(lib: Any) -> str:
    return getattr(lib, "backend", "sqlite")


def _shown_url(lib: Any) -> str:
    if _backend(lib) == "postgresql":
        from ..store.postgres import redact

        return redact(lib.url)
    return str(lib.url)


def _migrations(lib: Any) -> list[dict[str, Any]]:
    return lib.fetch_all(lib.cursor(), "SELECT name, applied_at FROM migrations ORDER BY applied_at, name")


def _human_migrate(value: dict[str, Any]) -> str:
    lines = [
        f"{m['name']:40} {m['applied_at']}{'  (applied now)' if m['name'] in value['applied'] else ''}"
        for m in value["migrations"]
    ]
    if "reindexed_rows" in value:
        lines.append(f"search index rebuilt ({value['reindexed_rows']} rows): it predated this duizhao")
    lines.append(f"{len(value['applied'])} applied now, {len(value['migrations'])} in all; the library is up to date")
    return "\n".join(lines)


@command("migrate", human=_human_migrate)
def migrate_cmd(ctx: Any) -> dict[str, Any]:
    """Bring the library's tables up to date and list the migrations applied; a search index built by
    an older duizhao in a form search no longer reads is rebuilt (as `duizhao reindex` does)."""
    before = _sqlite_applied(ctx.db)
    lib = ctx.library(create=True)  # opening a library applies what is pending
    applied = list(getattr(lib, "applied_on_open", None) or []) + lib.migrate()
    rows = _migrations(lib)
    if before is not None:
        # SQLite applies migrations while opening without saying which: those not there before.
        applied += [m["name"] for m in rows if m["name"] not in before and m["name"] not in applied]
    out = {"db": _shown_url(lib), "backend": _backend(lib), "applied": applied, "migrations": rows}
    from ..search import dense, index_rows

    if index_rows.needs_reindex(lib):
        out["reindexed_rows"] = lib.search_index.rebuild(lib)
        lib.maintain(force=True)
        if dense.enabled(lib) and dense.has_vectors(lib):
            # what the rebuild added without a vector (titles, from migration 0111) is embedded too
            out["embedded"] = dense.embed_library(lib)["passages"]
    return out


def _sqlite_applied(db: str) -> set[str] | None:
    """Migrations recorded in an SQLite library before it is opened (read-only peek); None for PostgreSQL."""
    if db.startswith(("postgresql://", "postgres://")):
        return None
    path = (db[len("sqlite:///") :] or "duizhao.db") if db.startswith("sqlite:///") else db  # as open_library reads it
    if not Path(path).is_file():
        return set()
    try:
        conn = sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True)
        try:
            return {r[0] for r in conn.execute("SELECT name FROM migrations")}
        finally:
            conn.close()
    except sqlite3.Error:
        return set()


def _human_copy(value: dict[str, Any]) -> str:
    c = value["copied"]
    return (
        f"copied {c['documents']} documents ({c['units']} units, {c['findings']} findings),"
        f" {c['corrections']} corrections,"
        f" {c['history']} history entries, {c['users']} users, {c['settings']} settings"
        f" from {value['from']} to {value['to']}"
        + (f"; {c['documents_skipped']} documents were already there" if c["documents_skipped"] else "")
    )


@command("copy", human=_human_copy)
@click.option("--from", "source", metavar="URL_OR_PATH", help="The library to copy (default: --db / $DUIZHAO_DB).")
@click.option(
    "--to",
    "target",
    metavar="URL_OR_PATH",
    required=True,
    help="Where to copy it: a path, sqlite:///path or postgresql://…",
)
def copy_cmd(ctx: Any, source: str | None, target: str) -> dict[str, Any]:
    """Copy a whole library to another backend (ids and history kept; safe to run again)."""
    from ..store import open_library
    from ..store.copy import copy_library

    source = source or ctx.db
    if os.path.abspath(source) == os.path.abspath(target) or source == target:
        raise BadInput("copy: --from and --to are the same library")
    if "://" not in source and not source.startswith("sqlite:") and not Path(source).exists():
        raise BadInput(f"no library at {source} (ingest creates one)")
    src = open_library(source, create=False)
    try:
        dst = open_library(target)
        try:
            last = [0.0]

            def progress(what: str, done: int, total: int) -> None:
                if time.monotonic() - last[0] > 2 or done == total:
                    last[0] = time.monotonic()
                    sys.stderr.write(f"copy: {what} {done}/{total}\n")

            counts = copy_library(src, dst, progress=progress)
            return {"from": _shown_url(src), "to": _shown_url(dst), "copied": counts, "target": dst.stats()}
        finally:
            dst.close()
    finally:
        src.close()


def _human_backup(value: dict[str, Any]) -> str:
    return f"backup of {value['db']} written to {value['path']} ({value['bytes']:,} bytes)"


@command("backup", human=_human_backup)
@click.argument("out", type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Overwrite OUT if it exists.")
def backup_cmd(ctx: Any, out: str, force: bool) -> dict[str, Any]:
    """Write a consistent copy of the library to OUT while others keep using it."""
    target = Path(out)
    if target.exists() and not force:
        raise BadInput(f"{out}: exists already (use --force to overwrite)")
    if not target.parent.exists():
        raise BadInput(f"{target.parent}: no such folder")
    lib = ctx.library()
    if _backend(lib) == "postgresql":
        pg_dump = shutil.which("pg_dump")
        hint = f"pg_dump --format=custom --file {out} '{_shown_url(lib)}' (restore with pg_restore)"
        if pg_dump is None:
            raise DuizhaoError(f"PostgreSQL libraries are backed up with pg_dump, which is not on PATH: {hint}")
        if target.exists():
            target.unlink()
        proc = subprocess.run(
            [pg_dump, "--format=custom", "--no-owner", "--file", str(target), "--dbname", lib.url],
            capture_output=True,
            text=True,
        )
        if proc.returncode != 0:
            msg = " ".join(proc.stderr.replace(lib.url, _shown_url(lib)).split())[:300]
            raise DuizhaoError(f"pg_dump failed: {msg}")
        return _written(lib, target, "postgresql", "pg_dump custom")
    own = {os.path.realpath(f) for f in lib.own_files()}
    if os.path.realpath(target) in own:
        raise BadInput(f"{out}: is the library itself; back it up to another file")
    # Into a new file beside OUT, then renamed over it: an interrupted backup leaves OUT as it was.
    part = target.with_name(f".{target.name}.part-{os.getpid()}")
    try:
        lib.backup(part)
        os.replace(part, target)
    finally:
        if part.exists():
            part.unlink()
    return _written(lib, target, "sqlite", "sqlite")


def _written(lib: Any, target: Path, backend: str, fmt: str) -> dict[str, Any]:
    """What `backup` reports once the copy is on disk."""
    size = target.stat().st_size
    return {"db": _shown_url(lib), "backend": backend, "path": str(target), "format": fmt, "bytes": size}


def _human_stats(value: dict[str, Any]) -> str:
    lines = [f"{value['db']} ({value['backend']}, {value['bytes']:,} bytes, {value['migrations']} migrations)"]
    lines += [f"  {k:12} {v:>10,}" for k, v in value["counts"].items()]
    return "\n".join(lines)


@command("stats", human=_human_stats)
def stats_cmd(ctx: Any) -> dict[str, Any]:
    """How much the library holds and how big it is on disk."""
    lib = ctx.library()
    size = lib.size_bytes()
    return {
        "db": _shown_url(lib),
        "backend": _backend(lib),
        "counts": lib.stats(),
        "bytes": size,
        "migrations": len(_migrations(lib)),
    }


def _human_optimize(value: dict[str, Any]) -> str:
    s = value.get("search") or {}
    if not s:
        return "nothing to do"
    return (
        f"search: champion lists for {s.get('terms', 0)} common terms ({s.get('entries', 0)} entries)"
        f" over {s.get('rows', 0)} index rows in {s.get('seconds', 0)} s"
    )


@command("optimize", human=_human_optimize)
def optimize_cmd(ctx: Any) -> dict[str, Any]:
    """Rebuild the search index's champion lists of common terms (and merge SQLite's index segments).

    Ingest keeps them current on its own; run this after bulk loads made outside `ingest` or to
    re-centre them after many corrections."""
    lib = ctx.library()
    done = lib.maintain(force=True)
    return {"db": _shown_url(lib), "backend": _backend(lib), "search": done.get("sqlite_index") or done.get("postgres_index")}


def _human_reindex(value: dict[str, Any]) -> str:
    return f"search index rebuilt: {value['rows']} rows (Chinese mode {value['mode']}); " + _human_optimize(value)


@command("reindex", human=_human_reindex)
@click.option(
    "--mode", type=click.Choice(["words", "bigrams", "both"]), default=None,
    help="Chinese tokens: jieba words, character bigrams, or both (the default mode of new libraries).",
)
def reindex_cmd(ctx: Any, mode: str | None) -> dict[str, Any]:
    """Re-analyse every unit into a new search index (after an analyzer upgrade, to switch the Chinese
    mode, or to give a library indexed by an older duizhao the numbering that counts faster), then
    rebuild the champion lists. Searches keep working meanwhile on the old index until it commits."""
    from .. import search
    from ..search.index_rows import analyzer_mode

    lib = ctx.library()
    rows = search.reindex(lib, mode)
    done = lib.maintain(force=True)
    return {
        "db": _shown_url(lib), "backend": _backend(lib), "rows": rows, "mode": analyzer_mode(lib),
        "search": done.get("sqlite_index") or done.get("postgres_index"),
    }
