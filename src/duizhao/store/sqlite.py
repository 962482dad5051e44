"""SQLite, the embedded default: one file, WAL so readers never wait for a writer, a busy timeout
and BEGIN IMMEDIATE with retries so concurrent writers queue instead of failing."""
from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import BadInput, DuizhaoError
from .base import Indexer, Library, now, reading_only
from .schema import SQLITE, core_migrations

if TYPE_CHECKING:
    from ..search.index import SearchIndex

# Named migrations, applied in order and recorded in the `migrations` table.
MIGRATIONS: list[tuple[str, str]] = core_migrations(SQLITE)

RETRIES = 8


class SQLiteLibrary(Library):
    param = "?"

    def __init__(self, path: str | Path, create: bool = True, indexers: bool = True) -> None:
        self.url = str(path)
        p = Path(path)
        if p.is_dir():
            raise BadInput(f"{p}: is a folder; give a file path for the library")
        if not create and (not p.exists() or p.stat().st_size == 0):
            raise BadInput(f"no library at {p} (ingest creates one)")
        if not p.parent.exists():
            raise BadInput(f"{p.parent}: no such folder for the library")
        # Nothing here may open the file outside SQLite (not even to read its header): POSIX locks
        # belong to the process, and closing any descriptor on the file drops all of them, so the
        # connections this process already holds would lose theirs and another process, believing
        # itself alone, would delete the WAL under them. SQLite itself knows its other connections to
        # the same file and defers such closes; so the header is checked by SQLite (below).
        try:
            # isolation_level=None: transactions are explicit (BEGIN IMMEDIATE below).
            self.conn = sqlite3.connect(str(p), timeout=30, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as e:
            raise BadInput(f"{p}: cannot open library ({e})") from None
        try:
            self.conn.execute("PRAGMA schema_version").fetchone()  # reads the header: "file is not a database"
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.conn.execute("PRAGMA busy_timeout = 30000")
            # Reads through a memory map instead of read() calls into SQLite's small page cache: search's
            # random row lookups (champions, candidates' tokens) cost ~18% less at a million units.
            # DUIZHAO_SQLITE_MMAP=0 turns it off (bytes; SQLite caps it at its compile-time maximum, 2 GB).
            self.conn.execute(f"PRAGMA mmap_size = {_mmap_size()}")
        except sqlite3.DatabaseError as e:
            self.conn.close()
            if "not a database" in str(e):
                raise BadInput(f"{p}: not a duizhao library (not an SQLite file)") from None
            raise BadInput(f"{p}: cannot open library ({e})") from None
        self._indexers = _load_indexers() if indexers else None
        self.migrate()

    @property
    def indexers(self) -> list[Indexer]:
        return reading_only(self._indexers)

    @property
    def search_index(self) -> SearchIndex:
        from ..search import sqlite_index

        return sqlite_index

    def migrations(self) -> list[tuple[str, str]]:
        extra = [m for ix in self._indexers or [] for m in ix.SQLITE_MIGRATIONS]
        return MIGRATIONS + extra

    def applied_migrations(self) -> list[str]:
        rows = self.conn.execute("SELECT name FROM migrations ORDER BY applied_at, name").fetchall()
        return [r[0] for r in rows]

    def migrate(self) -> list[str]:
        """Apply the migrations not yet recorded; returns their names."""
        self.conn.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        done = set(self.applied_migrations())
        applied = []
        for name, sql in self.migrations():
            if name in done:
                continue
            with self.transaction() as cur:
                # Another process may have applied it while we waited for the write lock.
                if cur.execute("SELECT 1 FROM migrations WHERE name = ?", (name,)).fetchone():
                    continue
                for statement in _statements(sql):
                    cur.execute(statement)
                cur.execute("INSERT INTO migrations (name, applied_at) VALUES (?, ?)", (name, now()))
            applied.append(name)
        return applied

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Cursor]:
        cur = self.conn.cursor()
        for attempt in range(RETRIES):
            try:
                cur.execute("BEGIN IMMEDIATE")
                break
            except sqlite3.OperationalError as e:
                if "locked" not in str(e) and "busy" not in str(e):
                    raise
                time.sleep(0.05 * (2**attempt))
        else:
            raise DuizhaoError("the library is busy (another process holds the write lock); try again")
        try:
            yield cur
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    def cursor(self) -> sqlite3.Cursor:
        return self.conn.cursor()

    @contextmanager
    def reading(self) -> Iterator[None]:
        """One read transaction for the statements inside: they see one snapshot, and SQLite takes its
        WAL read lock once instead of once per statement (a search runs ~20: ~8% of its CPU). Inside a
        transaction already, nothing changes."""
        if self.conn.in_transaction:
            yield
            return
        self.conn.execute("BEGIN")
        try:
            yield
        finally:
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")

    def close(self) -> None:
        try:
            self.conn.close()
        except sqlite3.Error:
            pass

    def own_files(self) -> list[str]:
        return [self.url, f"{self.url}-wal", f"{self.url}-shm", f"{self.url}-journal"]

    def size_bytes(self) -> int:
        return sum(os.path.getsize(p) for p in (self.url, f"{self.url}-wal") if os.path.exists(p))

    def check_writable(self) -> None:
        """As Library's, and first: a network file system, where SQLite's locks and WAL's shared
        memory do not work across machines (sqlite.org "WAL", "Use on network filesystems")."""
        fs = filesystem_type(Path(self.url))
        if fs in NETWORK_FILESYSTEMS:
            raise BadInput(
                f"{self.url}: on a network file system ({fs}), where SQLite cannot lock it safely;"
                " keep the library on a local disk, or use PostgreSQL for a shared one"
            )
        super().check_writable()

    def backup(self, target: str | Path) -> None:
        """A consistent copy while others keep reading and writing (SQLite's online backup API)."""
        dest = sqlite3.connect(str(target))
        try:
            self.conn.backup(dest)
        finally:
            dest.close()


NETWORK_FILESYSTEMS = frozenset(
    {"nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "afs", "ceph", "glusterfs", "fuse.sshfs", "fuse.glusterfs", "lustre", "gpfs", "ncpfs", "coda"}
)


def filesystem_type(path: Path) -> str | None:
    """The type of the file system holding `path` (the longest mount point above it in
    /proc/self/mountinfo); None where that cannot be read. Reads only the mount table, never the
    library file."""
    try:
        lines = Path("/proc/self/mountinfo").read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    target = str(path.resolve())
    best, best_type = "", None
    for line in lines:
        left, sep, right = line.partition(" - ")
        fields, after = left.split(), right.split()
        if not sep or len(fields) < 5 or not after:
            continue
        mount = fields[4].replace("\\040", " ")
        inside = target == mount or target.startswith(mount.rstrip("/") + "/")
        if inside and len(mount) >= len(best):
            best, best_type = mount, after[0]
    return best_type


def _statements(sql: str) -> list[str]:
    """Split a migration into statements (trigger bodies end with END; keep them whole)."""
    out, buf = [], []
    for line in sql.splitlines():
        buf.append(line)
        joined = "\n".join(buf).strip()
        if joined.endswith(";") and sqlite3.complete_statement(joined):
            out.append(joined)
            buf = []
    rest = "\n".join(buf).strip()
    if rest:
        out.append(rest)
    return out


def _load_indexers() -> list[Indexer]:
    """The search index, the knowledge layer and the termbase: what every write tells (Library.indexers).
    Imported here, not at the top, because `list` and `show` open a library without them (their
    imports cost most of a second: store.open_library(indexers=False))."""
    from ..knowledge import store_hooks
    from ..search import sqlite_index
    from ..terms import store_hooks as terms_hooks

    return [sqlite_index, store_hooks, terms_hooks]


def _mmap_size() -> int:
    raw = os.environ.get("DUIZHAO_SQLITE_MMAP", "")
    if not raw.strip():
        return 1 << 31
    try:
        return max(0, int(raw))
    except ValueError:
        raise BadInput(f"DUIZHAO_SQLITE_MMAP must be a number of bytes, not {raw!r}") from None
