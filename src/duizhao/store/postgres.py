"""PostgreSQL, the shared-server backend: the same Library operations (store/base.py) over psycopg 3.

Why the connection runs with driver-level autocommit: psycopg would otherwise open an implicit
transaction on the first bare read and keep it open ("idle in transaction"), and a later
`conn.transaction()` would then only be a savepoint inside it. Here a bare read is its own
statement, and every write goes through `transaction()`, an explicit BEGIN … COMMIT.

Concurrency: READ COMMITTED plus row locks (`row_lock` = FOR UPDATE) for corrections and unit
edits, so two editors changing one unit serialise on its row and the second sees the new version
(→ Conflict). A transaction that loses to another (serialization failure, deadlock, or a
duplicate key from a concurrent ingest of the same document) is rolled back and the whole
operation is run again; on the rerun the operation's own checks give the right answer
("unchanged", "already applied", …). The retry wraps the public write methods because a `with`
block cannot be re-entered by its context manager.
"""

from __future__ import annotations

import functools
import random
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar, cast
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import errors as pg_errors

from ..errors import BadInput, DuizhaoError
from .base import Indexer, Library, now, reading_only
from .schema import POSTGRES, core_migrations

if TYPE_CHECKING:
    from ..search.index import SearchIndex

# Named migrations, applied in order and recorded in the `migrations` table; the core tables are
# those of SQLite (store/schema.py), so rows move between the backends unchanged (store/copy.py).
MIGRATIONS: list[tuple[str, str]] = core_migrations(POSTGRES)

# Tables whose id comes from a sequence: copy.py inserts explicit ids, so the sequences are moved
# past them afterwards (reset_sequences).
SERIAL_TABLES = ("findings", "corrections", "history", "api_tokens", "finding_review_log")

# pg_advisory_xact_lock key that serialises concurrent migrate() calls ("duizhao" in ASCII, truncated).
MIGRATION_LOCK = 0x64756971

RETRIES = 8
# Errors after which rerunning the whole operation is correct (its transaction was rolled back).
RETRYABLE = (
    pg_errors.SerializationFailure,
    pg_errors.DeadlockDetected,
    pg_errors.UniqueViolation,
    pg_errors.LockNotAvailable,
)

F = TypeVar("F", bound=Callable[..., Any])


def _retrying(fn: F) -> F:
    @functools.wraps(fn)
    def run(self: PostgresLibrary, *args: Any, **kwargs: Any) -> Any:
        for attempt in range(RETRIES):
            try:
                return fn(self, *args, **kwargs)
            except RETRYABLE as e:
                if attempt == RETRIES - 1:
                    raise DuizhaoError(f"the library is busy ({type(e).__name__}); try again") from e
                # Jittered backoff so the losers of one race do not collide again in lockstep.
                time.sleep(0.01 * (2**attempt) * (0.5 + random.random()))
        raise AssertionError("unreachable")

    return cast(F, run)  # wraps keeps fn's signature


def redact(url: str) -> str:
    """The URL without its password, for messages and `stats`."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "postgresql://…"
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


class PostgresLibrary(Library):
    param = "%s"
    row_lock = " FOR UPDATE"
    backend = "postgresql"

    def __init__(self, url: str, *, migrate: bool = True, indexers: bool = True) -> None:
        self.url = url
        # One connection per thread: the web server calls the library from a thread pool, and a
        # psycopg connection carries one transaction at a time.
        self._local = threading.local()
        self._conns: list[psycopg.Connection] = []
        self._lock = threading.Lock()
        self._closed = False
        self._indexers = _load_indexers() if indexers else None
        _ = self.conn  # connect now, so a bad URL fails here with a clear message
        self.applied_on_open: list[str] = self.migrate() if migrate else []

    # -- connections ---------------------------------------------------------------------------
    @property
    def conn(self) -> psycopg.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is not None and not conn.closed:
            return conn
        if self._closed:
            raise DuizhaoError("the library is closed")
        try:
            conn = psycopg.connect(self.url, autocommit=True, connect_timeout=10, application_name="duizhao")
        except psycopg.OperationalError as e:
            first = str(e).strip().splitlines()[-1] if str(e).strip() else type(e).__name__
            raise BadInput(f"cannot connect to PostgreSQL at {redact(self.url)}: {first}") from None
        except psycopg.ProgrammingError as e:  # malformed URL / connection options
            raise BadInput(f"bad PostgreSQL URL {redact(self.url)}: {e}") from None
        # JIT compilation pays off for long analytic queries, not for lookups of a few ms; the cost
        # estimate of ranking a common word at a million rows can pass jit_above_cost, and the search
        # would then pay the compile time (on servers built with LLVM JIT).
        conn.execute("SET jit = off")
        self._local.conn = conn
        with self._lock:
            self._conns.append(conn)
        return conn

    @property
    def indexers(self) -> list[Indexer]:
        return reading_only(self._indexers)

    @property
    def search_index(self) -> SearchIndex:
        from ..search import postgres_index

        return postgres_index

    @contextmanager
    def transaction(self) -> Iterator[psycopg.Cursor]:
        """BEGIN … COMMIT; ROLLBACK when the block raises. Callers get a cursor inside it."""
        conn = self.conn
        if conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
            # A write nested in another write would silently become a savepoint; refuse instead.
            raise DuizhaoError("internal: nested library transaction")
        with conn.transaction():
            with conn.cursor() as cur:
                yield cur

    def cursor(self) -> psycopg.Cursor:
        return self.conn.cursor()

    def close(self) -> None:
        self._closed = True
        with self._lock:
            conns, self._conns = self._conns, []
        for conn in conns:
            try:
                conn.close()
            except psycopg.Error:
                pass

    # -- migrations ----------------------------------------------------------------------------
    def migrations(self) -> list[tuple[str, str]]:
        extra = [m for ix in self._indexers or [] for m in ix.PG_MIGRATIONS]
        return MIGRATIONS + extra

    def applied_migrations(self) -> list[str]:
        try:
            rows = self.fetch_all(self.cursor(), "SELECT name FROM migrations ORDER BY applied_at, name")
        except pg_errors.UndefinedTable:
            return []
        return [r["name"] for r in rows]

    def migrate(self) -> list[str]:
        """Apply the migrations not yet recorded (all in one transaction: PostgreSQL DDL is
        transactional, so a failed migration leaves nothing behind); returns their names."""
        done = set(self.applied_migrations())
        if all(name in done for name, _ in self.migrations()):
            return []
        applied: list[str] = []
        with self.transaction() as cur:
            # Processes starting together queue here instead of creating the same tables twice.
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            cur.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
            cur.execute("SELECT name FROM migrations")
            done = {r[0] for r in cur.fetchall()}
            for name, sql in self.migrations():
                if name in done:
                    continue
                cur.execute(sql)  # no parameters: psycopg runs the multi-statement script as is
                cur.execute("INSERT INTO migrations (name, applied_at) VALUES (%s, %s)", (name, now()))
                applied.append(name)
        return applied

    # -- operations that must survive losing a race ---------------------------------------------
    add_document = _retrying(Library.add_document)
    propose_correction = _retrying(Library.propose_correction)
    apply_correction = _retrying(Library.apply_correction)
    reject_correction = _retrying(Library.reject_correction)
    edit_unit = _retrying(Library.edit_unit)
    update_metadata = _retrying(Library.update_metadata)
    add_user = _retrying(Library.add_user)
    set_password = _retrying(Library.set_password)
    delete_user = _retrying(Library.delete_user)
    end_sessions = _retrying(Library.end_sessions)
    take_attempt = _retrying(Library.take_attempt)
    clear_attempts = _retrying(Library.clear_attempts)
    create_session = _retrying(Library.create_session)
    delete_session = _retrying(Library.delete_session)
    set_setting = _retrying(Library.set_setting)

    # -- operations ----------------------------------------------------------------------------
    def reset_sequences(self, cur: Any) -> None:
        """After rows were inserted with explicit ids (copy), make new ids continue after them."""
        for table in SERIAL_TABLES:
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM {table}"
            )

    def copy_in(self, cur: Any, table: str, cols: list[str] | tuple[str, ...], rows: Iterable[tuple]) -> int:
        """COPY rows into `table` (inside the caller's transaction): building a big library (bench,
        bulk imports) at ~10–20× the speed of INSERTs. The caller's rows must already be valid:
        nothing here checks them beyond the table's own constraints. Returns the rows written."""
        n = 0
        with cur.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as cp:
            for row in rows:
                cp.write_row(row)
                n += 1
        return n

    def size_bytes(self) -> int:
        row = self.fetch_one(self.cursor(), "SELECT pg_database_size(current_database()) AS n")
        return int(row["n"]) if row else 0


def _load_indexers() -> list[Indexer]:
    """The search index, the knowledge layer and the termbase: what every write tells (Library.indexers).
    Imported here, not at the top, because `list` and `show` open a library without them (their
    imports cost most of a second: store.open_library(indexers=False))."""
    from ..knowledge import store_hooks
    from ..search import postgres_index
    from ..terms import store_hooks as terms_hooks

    return [postgres_index, store_hooks, terms_hooks]
