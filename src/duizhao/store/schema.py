"""The core tables, written once for both backends; each backend substitutes its dialect.

Columns are the same on both sides (JSON kept as TEXT, as base.py reads it), so rows move between
the backends unchanged (store/copy.py). The few differences are the `Dialect` fields below.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Dialect:
    key: str  # a text id column (documents.id, doc_id, unit_id)
    serial: str  # an auto-numbered integer primary key
    bigint: str  # an integer column that holds such an id
    extra: str  # statements only this backend runs in 0001_core


SQLITE = Dialect(key="TEXT", serial="INTEGER PRIMARY KEY AUTOINCREMENT", bigint="INTEGER", extra="")
# Ids that must sort and prefix-match byte-wise as in SQLite use the "C" collation (which also lets
# `id LIKE 'abcd%'` use the index). corrections_doc: corrections are looked up per document.
POSTGRES = Dialect(
    key='TEXT COLLATE "C"',
    serial="BIGSERIAL PRIMARY KEY",
    bigint="BIGINT",
    extra="CREATE INDEX corrections_doc ON corrections (doc_id);\n        ",
)

# The name is recorded in each library's `migrations` table: never rename it.
CORE_NAME = "0001_core"

_CORE = """
        CREATE TABLE documents (
            id {key} PRIMARY KEY,
            path TEXT NOT NULL,
            source_path TEXT,
            title_zh TEXT,
            title_en TEXT,
            authors TEXT NOT NULL DEFAULT '[]',
            source TEXT,
            original_source TEXT,
            published TEXT,
            keywords TEXT NOT NULL DEFAULT '[]',
            script TEXT,
            data TEXT NOT NULL,
            ingested_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX documents_published ON documents (published);
        CREATE INDEX documents_source ON documents (source);
        CREATE INDEX documents_path ON documents (path);
        CREATE TABLE units (
            doc_id {key} NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            unit_id {key} NOT NULL,
            ord INTEGER NOT NULL,
            kind TEXT NOT NULL,
            section TEXT,
            level INTEGER NOT NULL DEFAULT 0,
            zh TEXT,
            en TEXT,
            sentences TEXT NOT NULL DEFAULT '[]',
            version INTEGER NOT NULL DEFAULT 1,
            PRIMARY KEY (doc_id, unit_id)
        );
        CREATE TABLE findings (
            id {serial},
            doc_id {key} NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            unit_id {key} NOT NULL,
            kind TEXT NOT NULL,
            severity TEXT NOT NULL,
            zh TEXT,
            en TEXT,
            detail TEXT NOT NULL
        );
        CREATE INDEX findings_doc ON findings (doc_id, unit_id);
        CREATE TABLE corrections (
            id {serial},
            doc_id {key} NOT NULL REFERENCES documents (id),
            unit_id {key} NOT NULL,
            side TEXT NOT NULL CHECK (side IN ('zh', 'en')),
            old_text TEXT,
            new_text TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            reporter TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('pending', 'applied', 'rejected')),
            base_version INTEGER NOT NULL,
            created_at TEXT NOT NULL,
            decided_by TEXT,
            decided_at TEXT,
            decision_note TEXT
        );
        CREATE INDEX corrections_status ON corrections (status);
        CREATE TABLE history (
            id {serial},
            doc_id {key} NOT NULL REFERENCES documents (id),
            unit_id {key},
            field TEXT NOT NULL,
            before TEXT,
            after TEXT,
            editor TEXT NOT NULL,
            at TEXT NOT NULL,
            correction_id {bigint},
            version INTEGER
        );
        CREATE INDEX history_doc ON history (doc_id);
        CREATE TABLE users (
            name TEXT PRIMARY KEY,
            password_hash TEXT NOT NULL,
            editor INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL
        );
        CREATE TABLE sessions (
            token_hash TEXT PRIMARY KEY,
            user_name TEXT NOT NULL REFERENCES users (name),
            csrf TEXT NOT NULL,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL
        );
        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT);
        {extra}"""


# Editors' reviews of findings (SPEC "Reviewing findings"): keyed by the finding's stable id, which
# changes with the unit's text, so a review lapses by itself when the text is edited (the row stays:
# nothing an editor wrote is thrown away).
REVIEWS_NAME = "0019_finding_reviews"
_REVIEWS = """
        CREATE TABLE finding_reviews (
            doc_id {key} NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            finding_id {key} NOT NULL,
            unit_id {key} NOT NULL,
            status TEXT NOT NULL DEFAULT 'accepted' CHECK (status IN ('accepted')),
            note TEXT NOT NULL DEFAULT '',
            reviewer TEXT NOT NULL,
            at TEXT NOT NULL,
            PRIMARY KEY (doc_id, finding_id)
        );"""


def reviews_migration(dialect: Dialect) -> tuple[str, str]:
    return REVIEWS_NAME, _REVIEWS.format(**vars(dialect))


def core_migration(dialect: Dialect) -> tuple[str, str]:
    """The (name, sql) of the first migration in this dialect."""
    return CORE_NAME, _CORE.format(**vars(dialect))


# Attempts counted per key (a client address, a user name) in a window, for the sign-in throttle and
# the flood limits: in the library, so every worker process of `serve --workers N` counts against
# the same numbers; one row per key, counted by a single UPSERT (store/base.py, take_attempt).
# With it, units by position: a page of a long document reads that page (and the reading view's
# fingerprint sums the versions from the index, not from 49 MB of rows).
LIMITS_NAME = "0002_rate_limits_unit_pages"

_LIMITS = """
        CREATE TABLE rate_limits (
            key TEXT PRIMARY KEY,
            hits INTEGER NOT NULL,
            expires {float} NOT NULL
        );
        CREATE INDEX rate_limits_expires ON rate_limits (expires);
        CREATE INDEX units_doc_ord ON units (doc_id, ord, version);
        """


def core_migrations(dialect: Dialect) -> list[tuple[str, str]]:
    """The core migrations in this dialect, in order (each backend's MIGRATIONS)."""
    floating = "REAL" if dialect is SQLITE else "DOUBLE PRECISION"
    return [
        core_migration(dialect),
        (LIMITS_NAME, _LIMITS.format(float=floating)),
        reviews_migration(dialect),
        lifecycle_migration(dialect),
        (REVIEW_LOG_NAME, _REVIEW_LOG.format(**vars(dialect))),
    ]


# Every review and withdrawal as it was written (store/base.py review_finding, unreview_finding):
# finding_reviews holds the standing review, which a second review replaces and a withdrawal deletes;
# the log keeps each editor's note. Existing reviews enter it as they stand.
REVIEW_LOG_NAME = "0020_finding_review_log"
_REVIEW_LOG = """
        CREATE TABLE finding_review_log (
            id {serial},
            doc_id {key} NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
            finding_id {key} NOT NULL,
            unit_id {key} NOT NULL,
            action TEXT NOT NULL CHECK (action IN ('accepted', 'withdrawn')),
            note TEXT NOT NULL DEFAULT '',
            reviewer TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE INDEX finding_review_log_doc ON finding_review_log (doc_id, finding_id, id);
        INSERT INTO finding_review_log (doc_id, finding_id, unit_id, action, note, reviewer, at)
            SELECT doc_id, finding_id, unit_id, status, note, reviewer, at FROM finding_reviews ORDER BY at;
        """


# A document's status (store/lifecycle.py: draft, published, trashed; every existing document is
# published) and the API tokens (only their SHA-256 is kept).
LIFECYCLE_NAME = "0003_document_status_api_tokens"

_LIFECYCLE = """
        ALTER TABLE documents ADD COLUMN status TEXT NOT NULL DEFAULT 'published';
        CREATE INDEX documents_status ON documents (status);
        CREATE TABLE api_tokens (
            id {serial},
            token_hash TEXT NOT NULL UNIQUE,
            user_name TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,
            label TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL,
            revoked_at TEXT
        );
        """


def lifecycle_migration(dialect: Dialect) -> tuple[str, str]:
    return LIFECYCLE_NAME, _LIFECYCLE.format(**vars(dialect))
