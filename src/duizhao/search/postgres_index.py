"""The PostgreSQL search index: the same hooks and lookups as sqlite_index.py, over tsvector + GIN.

Same analyzer output, same rows: one row per unit and side with `ntok` and `tokens` (analyzer
tokens joined by spaces), from which search re-scores candidates with its weighted BM25 (rank.py),
so both backends rank alike when the candidate pool holds the same rows.

- search_rows.tsv: a tsvector built from duizhao's own tokens, verbatim and with positions (phrase
  queries use `<->`). It is the `simple` configuration's result (no stemming, no stop words: the
  analyzer already did both) without letting PostgreSQL's text parser re-split tokens such as
  `ent:q123` or `3.5`, which to_tsvector('simple', …) would break apart.
- search_terms: term → number of rows holding it (FTS5's fts5vocab): BM25's document frequencies
  in one index lookup instead of counting matches. A view: search_terms_base plus the pending
  changes in search_terms_delta, summed per term. An indexing transaction appends its net per-term
  changes to search_terms_delta (one plain INSERT: no upsert of ~1,500 hot rows per document, no
  row locks that concurrent writers queue on), and maintain() folds them into search_terms_base
  with one statement (fold_terms); readers of the view get exact frequencies either way.
- search_stats: one row, (rows, tokens), for N and the average length; indexing transactions append
  their change to search_stats_delta instead of updating that one row (which every concurrent writer
  would queue on until its commit), and fold_terms adds the pending changes in.
- Candidates: GIN match of a tsquery compiled from search's Match (query.py; tsquery()), unranked:
  rank.py scores every candidate row (no ts_rank anywhere).
- search_vectors: dense.py's embeddings (BYTEA, the float32 bytes SQLite stores), kept by the same
  hooks as on SQLite; dense.py reads and writes them on both backends.
- search_top, search_top_state, search_top_terms: created here, filled by search's tiers; each
  list's floor (lowest impact, length) is kept in search_top_terms (top_floors, trim_top).
- Speed at a million units: matching_rows / count read only the newest matches (a walk down the
  primary key, or the GIN bitmap ANDed with a window of the newest ids, or the bitmap alone, chosen
  by a cost model over the document frequencies: see WALK_US); a count's ids are handed on by
  search (index.Counted); search statements run unprepared (_match_sql).
  bulk_insert_rows loads big libraries by COPY with one GIN build.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from ..model import Document, Unit
from . import dense, index_rows, tiers
from .index import Counted, count_key, rows_in_order
from .index import Row as Candidate
from .index_rows import Row, analyzer_mode, document_rows, unit_rows  # shared with sqlite_index
from .query import Alt, Match

# The hooks a web upload's parse worker runs (Library.index_contexts, pipeline.prepare_upload).
index_context = index_rows.index_context
prepare_index = index_rows.prepare_index

MAX_POS = 16383  # tsvector positions are capped here
MAX_POSITIONS = 255  # positions kept per lexeme (PostgreSQL's limit is 256)

SQLITE_MIGRATIONS: list[tuple[str, str]] = []  # this index serves the other backend only (store.base.Indexer)

PG_MIGRATIONS: list[tuple[str, str]] = [
    (
        "0101_search_pg",
        """
        CREATE TABLE search_rows (
            id BIGSERIAL PRIMARY KEY,
            doc_id TEXT COLLATE "C" NOT NULL,
            unit_id TEXT COLLATE "C" NOT NULL,
            side TEXT NOT NULL,
            ntok INTEGER NOT NULL,
            tokens TEXT NOT NULL,
            tsv TSVECTOR NOT NULL
        );
        CREATE INDEX search_rows_unit ON search_rows (doc_id, unit_id);
        CREATE INDEX search_rows_tsv ON search_rows USING gin (tsv);
        CREATE TABLE search_terms (term TEXT COLLATE "C" PRIMARY KEY, df INTEGER NOT NULL);
        CREATE TABLE search_stats (id INTEGER PRIMARY KEY CHECK (id = 1), rows BIGINT NOT NULL, tokens BIGINT NOT NULL);
        INSERT INTO search_stats (id, rows, tokens) VALUES (1, 0, 0);
        """,
    ),
    (
        # dense.py's vectors, the same float32 bytes as SQLite's BLOBs
        "0102_search_vectors",
        """
        CREATE TABLE search_vectors (
            doc_id TEXT COLLATE "C" NOT NULL,
            unit_id TEXT COLLATE "C" NOT NULL,
            side TEXT NOT NULL,
            vec BYTEA NOT NULL,
            PRIMARY KEY (doc_id, unit_id, side)
        );
        """,
    ),
    (
        # search's precomputed "champion" tiers (filled by search, from generic SQL)
        "0103_search_top",
        """
        CREATE TABLE search_top (
            term TEXT COLLATE "C" NOT NULL, impact REAL NOT NULL, row_id BIGINT NOT NULL,
            PRIMARY KEY (term, impact, row_id)
        );
        CREATE TABLE search_top_state (
            id INTEGER PRIMARY KEY CHECK (id = 1), upto BIGINT NOT NULL, rows BIGINT NOT NULL,
            avgdl DOUBLE PRECISION NOT NULL, min_df INTEGER NOT NULL, keep INTEGER NOT NULL, built_at TEXT NOT NULL
        );
        CREATE TABLE search_top_terms (term TEXT COLLATE "C" PRIMARY KEY, df INTEGER NOT NULL);
        """,
    ),
    (
        # Every ingest updates the df of ~1,500 terms per 50-unit document. With room left on each page
        # the new row version stays on its page (a HOT update: no index entry, no index bloat); the
        # df upserts took about half the time in a small trial here. Applies to pages written from now
        # on (VACUUM FULL search_terms rewrites the old ones).
        "0104_search_terms_fillfactor",
        "ALTER TABLE search_terms SET (fillfactor = 50);",
    ),
    (
        # Per-transaction df changes, folded into the table by maintain() (see the module docstring).
        # search_terms becomes a view of table + pending changes, so every reader (doc_freqs, tiers'
        # vocabulary) sees exact frequencies. A hash index (equality lookups only, for doc_freqs):
        # ~1,500 entries per document cost less there than in a B-tree (9.5 vs 12.5 ms in a trial).
        "0105_search_terms_delta",
        """
        ALTER TABLE search_terms RENAME TO search_terms_base;
        CREATE TABLE search_terms_delta (term TEXT COLLATE "C" NOT NULL, d INTEGER NOT NULL);
        CREATE INDEX search_terms_delta_term ON search_terms_delta USING hash (term);
        CREATE TABLE search_stats_delta (rows BIGINT NOT NULL, tokens BIGINT NOT NULL);
        CREATE VIEW search_terms AS
            SELECT term, SUM(df)::INTEGER AS df
            FROM (SELECT term, df FROM search_terms_base UNION ALL SELECT term, d FROM search_terms_delta) x
            GROUP BY term;
        """,
    ),
    (
        # Impacts in double precision, as SQLite's REAL and as tiers.py computes them: a list's weakest
        # impact read back as float4 no longer equals the same impact of a new row, so merges dropped
        # ties. Lists built before are dropped (ingest or `duizhao optimize` builds them again).
        "0106_search_top_double",
        """
        ALTER TABLE search_top ALTER COLUMN impact TYPE DOUBLE PRECISION;
        DELETE FROM search_top;
        DELETE FROM search_top_state;
        """,
    ),
    (
        # Each champion list's floor (lo: its lowest impact, n: its length) beside the term, kept by
        # tiers.refresh and tiers.merge: a merge reads every floor in one statement (at a million
        # units, ~22,000 lists, each walked 500 entries deep, cost most of an ingest batch's merge)
        # and trims only the entries pushed out. Filled here from the lists already built.
        "0107_search_top_floors",
        """
        ALTER TABLE search_top_terms ADD COLUMN lo DOUBLE PRECISION, ADD COLUMN n INTEGER NOT NULL DEFAULT 0;
        UPDATE search_top_terms k SET lo = m.lo, n = m.n
            FROM (SELECT term, MIN(impact) AS lo, COUNT(*)::INTEGER AS n FROM search_top GROUP BY term) m
            WHERE k.term = m.term;
        """,
    ),
    # search_names (authors and sources for pg_trgm's fuzzy matching; 0101 no longer creates it) was filled
    # but read by nothing a user runs; catalog.py matches metadata on both backends. Derived data: nothing is lost.
    ("0111_search_names_gone", "DROP TABLE IF EXISTS search_names;"),
    index_rows.reindex_after("0111_search_titles", "documents"),  # titles are indexed rows from now on
    (
        # 0111 once left its own marker (the search_titles setting, left unread): now the one marker
        "0112_search_reindex_marker",
        f"""
        INSERT INTO settings (key, value) SELECT '{index_rows.REINDEX_SETTING}', '0112' WHERE
            EXISTS (SELECT 1 FROM documents) AND COALESCE((SELECT value FROM settings WHERE key = 'search_titles'), '') != 'indexed'
            ON CONFLICT (key) DO NOTHING;
        """,
    ),
]

# pg_advisory_xact_lock key for fold_terms ("dzfd"): one fold at a time; others skip.
FOLD_LOCK = 0x647A6664


# -- hooks ---------------------------------------------------------------------------------------
def index_document(lib: Any, cur: Any, doc: Document, prepared: Any = None) -> None:
    """`prepared`: what prepare_index made of `doc` (in the upload's worker process), or None."""
    insert_rows(cur, document_rows(lib, cur, doc, prepared))
    dense.sync_vectors(lib, cur, doc.id, index_rows.indexed_units(doc))


def reindex_units(lib: Any, cur: Any, doc_id: str, units: list[Unit]) -> None:
    """Changed units, and the title when it changed (a metadata edit reindexes through here too)."""
    mode = analyzer_mode(lib, cur)
    title = index_rows.changed_title(lib, cur, doc_id, mode)
    units = [*units, title] if title else units
    ids = [u.id for u in units]
    old = _take_rows(cur, "doc_id = %s AND unit_id = ANY(%s)", (doc_id, ids))
    new = [row for unit in units for row in unit_rows(doc_id, unit, mode)]
    _insert(cur, new)
    _account(cur, added=new, removed=old)
    dense.sync_vectors(lib, cur, doc_id, units)


def delete_document(lib: Any, cur: Any, doc_id: str) -> None:
    old = _take_rows(cur, "doc_id = %s", (doc_id,))
    _account(cur, added=[], removed=old)
    cur.execute("DELETE FROM search_vectors WHERE doc_id = %s", (doc_id,))


def insert_rows(cur: Any, rows: list[Row]) -> None:
    """Insert analysed rows (doc_id, unit_id, side, ntok, tokens) and count them in."""
    if rows:
        _insert(cur, rows)
        _account(cur, added=rows, removed=[])


def _insert(cur: Any, rows: list[Row]) -> None:
    # COPY: a document's ~100 rows in a third of the time of an executemany of INSERTs (measured at 1M)
    if rows:
        with cur.copy("COPY search_rows (doc_id, unit_id, side, ntok, tokens, tsv) FROM STDIN") as cp:
            for r in rows:
                cp.write_row((*r, tsvector_literal(r[4].split())))


def _take_rows(cur: Any, where: str, params: tuple) -> list[Row]:
    cur.execute(f"DELETE FROM search_rows WHERE {where} RETURNING doc_id, unit_id, side, ntok, tokens", params)
    return [tuple(r) for r in cur.fetchall()]


def _account(cur: Any, added: list[Row], removed: list[Row]) -> None:
    """Document frequencies and totals: the net change per term appended to search_terms_delta
    and the totals to search_stats_delta (both folded in later: fold_terms). Plain INSERTs: no row
    that concurrent writers would wait on."""
    delta: Counter[str] = Counter()
    for r in added:
        delta.update(set(r[4].split()))
    for r in removed:
        delta.subtract(set(r[4].split()))
    changes = [(t, d) for t, d in delta.items() if d]
    if changes:
        # terms hold no whitespace (they come from str.split()): two strings pass ~1,500 values at
        # C speed, where text[]/int[] parameters are converted element by element in Python
        cur.execute(
            "INSERT INTO search_terms_delta (term, d)"
            " SELECT * FROM unnest(string_to_array(%s, ' '), string_to_array(%s, ' ')::int[])",
            (" ".join(t for t, _ in changes), " ".join(str(d) for _, d in changes)),
        )
    nrows = len(added) - len(removed)
    ntok = sum(r[3] for r in added) - sum(r[3] for r in removed)
    if nrows or ntok:
        cur.execute("INSERT INTO search_stats_delta (rows, tokens) VALUES (%s, %s)", (nrows, ntok))


def tsvector_literal(tokens: list[str]) -> str:
    """Tokens → tsvector text with positions ('a':1,3 'b':2), each token kept whole.
    (On the ingest path for every row: kept to plain loops and a cache of quoted lexemes.)"""
    positions: dict[str, list[int]] = {}
    for i, t in enumerate(tokens, 1):
        if t:
            pos = i if i < MAX_POS else MAX_POS
            p = positions.get(t)
            if p is None:
                positions[t] = [pos]
            elif p[-1] != pos and len(p) < MAX_POSITIONS:
                p.append(pos)
    return " ".join(_lexeme(t) + ":" + ",".join(map(str, p)) for t, p in positions.items())


@lru_cache(maxsize=200_000)
def _lexeme(token: str) -> str:
    if len(token) > 500:  # PostgreSQL's lexeme limit is 2 KB (UTF-8 bytes)
        token = token.encode("utf-8")[:2046].decode("utf-8", "ignore")
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


GIN_INDEX = "CREATE INDEX search_rows_tsv ON search_rows USING gin (tsv)"


def bulk_insert_rows(lib: Any, cur: Any, rows: Iterable[Row]) -> int:
    """COPY many analysed rows in at once (building a big library: bench/storage.py, bulk imports),
    inside the caller's transaction; returns the rows written.

    Why not insert_rows: the GIN index is dropped first and built once at the end (a sorted build is
    ~10× faster than row-by-row maintenance and leaves no pending list to scan at query time), and
    document frequencies are summed in memory per distinct token string, then merged in one statement.
    The index drop takes an exclusive lock on search_rows: searches wait until the transaction ends."""
    cur.execute("DROP INDEX IF EXISTS search_rows_tsv")
    per_text: Counter[str] = Counter()
    n = ntok = 0
    with cur.copy("COPY search_rows (doc_id, unit_id, side, ntok, tokens, tsv) FROM STDIN") as cp:
        for r in rows:
            cp.write_row((*r, _tsv_of(r[4])))
            per_text[r[4]] += 1
            n += 1
            ntok += r[3]
    df: Counter[str] = Counter()
    for text, times in per_text.items():
        for t in set(text.split()):
            df[t] += times
    _merge_df(cur, sorted(df.items()))
    cur.execute("UPDATE search_stats SET rows = rows + %s, tokens = tokens + %s WHERE id = 1", (n, ntok))
    cur.execute("SET LOCAL maintenance_work_mem = '512MB'")
    cur.execute(GIN_INDEX)
    cur.execute("ANALYZE search_rows")
    cur.execute("ANALYZE search_terms_base")
    return n


@lru_cache(maxsize=50_000)
def _tsv_of(tokens: str) -> str:
    return tsvector_literal(tokens.split())


def _merge_df(cur: Any, changes: list[tuple[str, int]]) -> None:
    """Add per-term row counts to search_terms_base, in term order (concurrent writers queue, never
    deadlock). For bulk loads, which hold the table anyway; indexing transactions append deltas."""
    for i in range(0, len(changes), 50_000):
        chunk = changes[i : i + 50_000]
        cur.execute(
            "INSERT INTO search_terms_base (term, df) SELECT t, d FROM unnest(%s::text[], %s::int[]) AS x(t, d)"
            " ORDER BY t ON CONFLICT (term) DO UPDATE SET df = search_terms_base.df + excluded.df",
            ([t for t, _ in chunk], [d for _, d in chunk]),
        )


def fold_terms(lib: Any) -> int:
    """Fold the pending changes into search_terms_base and search_stats (one statement each, one
    transaction); returns the terms changed (0 also when another fold holds the lock: that one
    folds these rows).

    Safe beside writers and readers: the DELETE … RETURNING takes only the deltas committed when it
    starts (later ones wait for the next fold), and deltas and totals change in one commit, so the
    search_terms view (one statement, one snapshot) reads the same sums before and after.
    The upsert runs in term order, so it cannot deadlock with another writer of search_terms."""
    with lib.transaction() as cur:
        cur.execute("SELECT pg_try_advisory_xact_lock(%s)", (FOLD_LOCK,))
        if not cur.fetchone()[0]:
            return 0
        cur.execute(
            "WITH moved AS (DELETE FROM search_terms_delta RETURNING term, d)"
            " INSERT INTO search_terms_base (term, df) SELECT term, SUM(d) FROM moved GROUP BY term ORDER BY term"
            " ON CONFLICT (term) DO UPDATE SET df = search_terms_base.df + excluded.df"
        )
        changed = int(cur.rowcount or 0)
        cur.execute(
            "WITH moved AS (DELETE FROM search_stats_delta RETURNING rows, tokens)"
            " UPDATE search_stats SET rows = search_stats.rows + m.r, tokens = search_stats.tokens + m.t"
            " FROM (SELECT SUM(rows) AS r, SUM(tokens) AS t FROM moved) m WHERE id = 1 AND m.r IS NOT NULL"
        )
        return changed


def maintain(lib: Any, force: bool = False) -> dict[str, Any] | None:
    """After a batch of writes: fold the pending df changes into search_terms (fold_terms), merge the
    GIN index's pending list, then keep the champion lists current (tiers.py, which reads search_terms
    whole), as sqlite_index.maintain.

    Why merge the pending list every time: it holds the rows inserted since the last merge, and every
    search scans it whole; left to autovacuum (which at a million units waits for ~400k inserts) or
    to the insert that passes gin_pending_list_limit, searches after an ingest batch read up to 4 MB
    of it (at 1M: search p50 41–52 ms with it, 29 ms after the merge). The merge is work the next
    inserts would do anyway."""
    fold_terms(lib)
    cur = lib.cursor()
    cur.execute("SELECT gin_clean_pending_list('search_rows_tsv'::regclass)")
    return tiers.maintain(lib, force)


# -- champion lists (tiers.py) ------------------------------------------------------------------
BITMAPS = False  # no posting bitmaps on PostgreSQL: the GIN index answers conjunctions


def vocabulary(lib: Any) -> dict[str, int]:
    """Every indexed term with its document frequency (rows holding it)."""
    cur = lib.cursor()
    cur.execute("SELECT term, df FROM search_terms WHERE df > 0")
    return {t: int(d) for t, d in cur.fetchall()}


def store_lists(lib: Any, cur: Any, heaps: dict[str, list[tuple[float, int]]], vocab: dict[str, int]) -> None:
    """A build's lists and every term's frequency, by COPY (~10× INSERTs for millions of entries),
    with each list's floor (lowest impact, length): merge() reads them in one statement."""
    add_entries(lib, cur, ((t, imp, rowid) for t, h in heaps.items() for imp, rowid in h))
    floors = {t: (min(h)[0], len(h)) for t, h in heaps.items()}
    lib.copy_in(cur, "search_top_terms", ("term", "df", "lo", "n"),
                ((t, d, *floors.get(t, (None, 0))) for t, d in vocab.items()))  # fmt: skip


def add_entries(lib: Any, cur: Any, entries: Iterable[tuple[str, float, int]]) -> None:
    lib.copy_in(cur, "search_top", ("term", "impact", "row_id"), entries)


# -- champion-list floors (tiers.merge) -------------------------------------------------------------
def top_floors(lib: Any, tiers: Any) -> tuple[dict[str, int], dict[str, float]]:
    """(length of every listed term's list, floor of each full one: its weakest impact), one statement."""
    cur = lib.cursor()
    cur.execute("SELECT term, n, lo FROM search_top_terms WHERE df >= %s", (tiers.min_df,))
    lengths: dict[str, int] = {}
    floor: dict[str, float] = {}
    for term, n, lo in cur.fetchall():
        lengths[term] = int(n)
        if n >= tiers.keep and lo is not None:
            floor[term] = float(lo)
    return lengths, floor


def lock_top(cur: Any, tiers: Any) -> bool:
    """Inside the merge's transaction: lock the lists' state row if it is still the one the merge
    started from. A concurrent merge or build waits here, then finds it changed and skips (the
    floors and lengths it read are stale)."""
    cur.execute(
        "SELECT 1 FROM search_top_state WHERE id = 1 AND upto = %s AND built_at = %s FOR UPDATE",
        (tiers.upto, tiers.built_at),
    )
    return cur.fetchone() is not None


def trim_top(cur: Any, keep: int, changed: dict[str, tuple[int, list[tuple[float, int]]]]) -> None:
    """After a merge inserted new entries (term → (list length before, entries added)): delete each
    list's weakest entries past `keep` (the same as keeping its `keep` best by impact, then row id,
    but reading only the entries deleted) and store the lists' new floors."""
    if not changed:
        return
    terms = sorted(changed)
    total = {t: changed[t][0] + len(changed[t][1]) for t in terms}
    over = [t for t in terms if total[t] > keep]
    if over:
        # by ctid (a TID scan): joined back on the key, the planner hashed every changed list whole
        cur.execute(
            "DELETE FROM search_top WHERE ctid = ANY(ARRAY(SELECT x.ctid"
            " FROM unnest(string_to_array(%s, ' '), string_to_array(%s, ' ')::int[]) AS t(term, extra)"
            " CROSS JOIN LATERAL (SELECT ctid FROM search_top WHERE term = t.term"
            " ORDER BY impact, row_id LIMIT t.extra) x))",
            (" ".join(over), " ".join(str(total[t] - keep) for t in over)),
        )
    # the new floor: a list's lowest entry, one index probe per changed list
    cur.execute(
        "UPDATE search_top_terms k SET n = c.n,"
        " lo = (SELECT s.impact FROM search_top s WHERE s.term = c.term ORDER BY s.impact, s.row_id LIMIT 1)"
        " FROM unnest(string_to_array(%s, ' '), string_to_array(%s, ' ')::int[]) AS c(term, n) WHERE k.term = c.term",
        (" ".join(terms), " ".join(str(min(total[t], keep)) for t in terms)),
    )


def rebuild(lib: Any, mode: str | None = None) -> int:
    """Re-analyse every unit (after an analyzer change or to switch the Chinese mode); returns rows."""
    with lib.transaction() as cur:
        rows = index_rows.rebuild_rows(lib, cur, mode)
        cur.execute("TRUNCATE search_rows, search_terms_base, search_terms_delta")
        cur.execute("TRUNCATE search_stats_delta")
        cur.execute("UPDATE search_stats SET rows = 0, tokens = 0")
        insert_rows(cur, rows)
        index_rows.reindexed(lib, cur)
    fold_terms(lib)
    return len(rows)


# -- Match → tsquery ----------------------------------------------------------------------------
def tsquery(match: Match) -> str:
    """The Match as tsquery text: an alternative's tokens as a phrase (<->) or all of them (&), an OR
    (|) per group, the groups ANDed (&), each excluded group negated (& !)."""
    parts = [_any(alts) for alts in match.groups] + ["!" + _any(alts) for alts in match.excluded]
    return parts[0] if len(parts) == 1 else "(" + " & ".join(parts) + ")"


def _any(alts: tuple[Alt, ...]) -> str:
    parts = [
        _lexeme(a.tokens[0]) if len(a.tokens) == 1 else "(" + (" <-> " if a.adjacent else " & ").join(map(_lexeme, a.tokens)) + ")"
        for a in alts
    ]
    return parts[0] if len(parts) == 1 else "(" + " | ".join(parts) + ")"


def _terms(match: Match) -> set[str]:
    return {t for alts in match.groups for a in alts for t in a.tokens}


def estimate(match: Match, df: dict[str, int], n: int, low: bool = False) -> float:
    """Rows matching, from document frequencies alone: an upper bound (the rarest group; a group the
    sum of its alternatives; an alternative its rarest token), or with low=True a low guess (a group
    its commonest alternative; groups, and an alternative's tokens, independent: n × the product of
    their densities). Exclusions are left out of both."""

    def together(parts: list[float]) -> float:
        if not low:
            return min(parts)
        out = float(n)
        for p in parts:
            out *= p / max(n, 1)
        return parts[0] if len(parts) == 1 else out

    groups = [[together([float(df.get(t, 0)) for t in a.tokens]) for a in alts] for alts in match.groups]
    return together([max(g) if low else min(float(n), sum(g)) for g in groups]) if groups else 0.0


# -- lookups -------------------------------------------------------------------------------------
# The folded figures plus the changes not folded yet (fold_terms), as SQL: rows, tokens, and the
# document frequency of the term x.term. Read in one statement, they are one snapshot's.
_PENDING = "(SELECT s.{col} + COALESCE((SELECT SUM(p.{col}) FROM search_stats_delta p), 0) FROM search_stats s WHERE s.id = 1)"
_ROWS, _TOKENS = _PENDING.format(col="rows"), _PENDING.format(col="tokens")
_DF = (
    "COALESCE((SELECT b.df FROM search_terms_base b WHERE b.term = x.term), 0)"
    " + COALESCE((SELECT SUM(p.d) FROM search_terms_delta p WHERE p.term = x.term), 0)"
)


def stats(lib: Any) -> tuple[int, float]:
    """(rows, average tokens per row)."""
    cur = lib.cursor()
    cur.execute(f"SELECT {_ROWS}, {_TOKENS}")
    row = cur.fetchone()
    n = int(row[0] or 0) if row else 0
    return n, (int(row[1]) / n if n else 1.0)


def doc_freqs(lib: Any, terms: list[str]) -> dict[str, int]:
    """Rows holding each term, exact (what the search_terms view sums), by index lookups per term."""
    if not terms:
        return {}
    cur = lib.cursor()
    cur.execute(f"SELECT x.term, {_DF} FROM unnest(%s::text[]) AS x(term)", (sorted(set(terms)),))
    found = {t: int(d) for t, d in cur.fetchall()}
    return {t: found.get(t, 0) for t in set(terms)}


def version(lib: Any) -> None:
    """No cheap version of a PostgreSQL library: nothing is kept between calls on its account."""
    return None


def matching_ids(lib: Any, match: Match, filters: dict[str, Any], side: str | None, unless: list | None = None) -> None:
    """No posting bitmaps here: the first stage counts and walks matches (_newest)."""
    return None


def rows_in(lib: Any, sql: str, keys: list) -> list[tuple]:
    """`sql` (ending in "IN ({marks})") with the keys as one array parameter: PostgreSQL plans IN with
    hundreds of parameters in ~2× the time of the read."""
    if not keys:
        return []
    cur = lib.cursor()
    cur.execute(sql.replace("IN ({marks})", "= ANY(%s)"), (list(keys),))
    return list(cur.fetchall())


def _match_sql(lib: Any, filters: dict[str, Any], side: str | None, extra: str = "") -> tuple[str, list[Any]]:
    """FROM … WHERE for rows matching a tsquery (the first parameter) under the filters.

    Statements built on it run with prepare=False: psycopg prepares a statement after its 5th run,
    and PostgreSQL then soon switches to a generic plan, made without the tsquery and id bounds; for
    these the right plan depends on them (GIN bitmap, id window, or a walk: 20 ms or 300 ms)."""
    where, params = lib.where_clause(filters, "d")
    clauses = ([f"({where[len(' WHERE '):]})"] if where else [])
    if side:
        clauses.insert(0, "r.side = ?")
        params.insert(0, side)
    cond = ("AND " + " AND ".join(clauses)) if clauses else ""
    join = " JOIN documents d ON d.id = r.doc_id" if where else ""
    return lib.q(f"FROM search_rows r{join} WHERE r.tsv @@ ?::tsquery {extra}{cond}"), params


# Bounded first stage (matching_rows, count): the newest `scan` matches, found one of three
# ways, whichever a cost model over the document frequencies says is cheapest (costs in µs, measured
# on this machine at a million units, 2M index rows):
# - walk: the primary key backwards, testing each row, until `scan` matches: WALK_US per row, i.e.
#   scan / density rows (at most WALK_ROWS × scan; the GIN index takes over below them);
# - window: the GIN bitmap (GIN_US per posting in the whole table) ANDed with a primary-key range of
#   the newest ids (RANGE_US per id in it), so only rows in both are read (HEAP_US each); the window
#   is sized for WINDOW_SLACK × scan matches, and while it holds fewer than `scan` the next, older one
#   (sized by the density seen) is read: WINDOW_ROUNDS windows at most, then the rest down to the
#   oldest row in one;
# - all: the GIN bitmap alone, every match read (for match sets too small for a window to pay).
WALK_US, GIN_US, RANGE_US, HEAP_US = 0.7, 0.3, 0.15, 3.0
WALK_ROWS = 50
WINDOW_SLACK = 2.5
WINDOW_ROUNDS = 3


def _context(lib: Any, terms: list[str]) -> tuple[int, int, dict[str, int]]:
    """(largest row id, rows as stats() counts them, doc_freqs(terms)) in one statement: the first
    stage needs all three before each match, and each round trip costs ~0.3 ms."""
    cur = lib.cursor()
    cur.execute(
        f"SELECT (SELECT COALESCE(MAX(id), 0) FROM search_rows), {_ROWS},"
        f" ARRAY(SELECT {_DF} FROM unnest(%s::text[]) WITH ORDINALITY AS x(term, i) ORDER BY x.i)",
        (terms,),
    )
    top, n, dfs = cur.fetchone()
    return int(top), int(n or 0), {t: int(d) for t, d in zip(terms, dfs, strict=True)}


def _newest(
    lib: Any,
    match: Match,
    filters: dict[str, Any],
    side: str | None,
    scan: int,
    after: int = 0,
) -> tuple[list[int], list[tuple[str, str]], bool]:
    """(ids of the newest `scan` matches with id > after, newest first (all of them when fewer), their
    units, whether every match was read)."""
    if not match.groups:
        return [], [], True
    top, n, df = _context(lib, sorted(_terms(match)))
    tsq = tsquery(match)
    # {order}: "r.id" lets the planner walk the primary key backwards; "r.id + 0" keeps it on the
    # GIN bitmap (then a top-N sort of the matches read). The unit of each match comes along (its
    # heap row is read anyway): count_capped counts units from it.
    select = "SELECT r.id, r.doc_id, r.unit_id {frm} ORDER BY {order} DESC LIMIT %s"
    first = (tsq,)
    cur = lib.cursor()
    found: list[int] = []
    units: list[tuple[str, str]] = []
    hi = top
    rows = max(1, top - after)  # ids in play; the matches among them scale with the library's density
    high = max(1.0, estimate(match, df, n) * min(1.0, rows / max(n, 1)))  # an upper bound of the matches
    low = max(1.0, min(high, estimate(match, df, n, low=True) * min(1.0, rows / max(n, 1))))
    mid = math.sqrt(high * low)
    window = int(WINDOW_SLACK * scan * rows / mid)
    walk_cost = WALK_US * scan * rows / low
    gin = GIN_US * max(1.0, estimate(match, df, n))  # the GIN bitmap spans the whole table
    window_cost = gin + RANGE_US * min(window, rows) + HEAP_US * min(mid, WINDOW_SLACK * scan)
    all_cost = gin + RANGE_US * rows * (after > 0) + HEAP_US * mid
    if walk_cost < min(window_cost, all_cost):
        # ts_match_vq is the function behind @@: called by name it cannot use the GIN index, so the
        # planner takes the backward primary-key walk, which the LIMIT stops early.
        frm, params = _match_sql(lib, filters, side, "AND r.id > %s ")
        frm = frm.replace("r.tsv @@ %s::tsquery", "ts_match_vq(r.tsv, %s::tsquery)", 1)
        lo = max(after, top - WALK_ROWS * scan)
        cur.execute(select.format(frm=frm, order="r.id"), (*first, lo, *params, scan), prepare=False)
        got = cur.fetchall()
        found, units = [int(r[0]) for r in got], [(r[1], r[2]) for r in got]
        hi = lo
        window = max(scan, int((top - lo) * (scan - len(found)) / max(1, len(found)) * WINDOW_SLACK))
    elif all_cost <= window_cost:
        window = top
    frm, params = _match_sql(lib, filters, side, "AND r.id > %s AND r.id <= %s ")
    rounds = 0
    while len(found) < scan and hi > after:
        rounds += 1
        lo = after if rounds > WINDOW_ROUNDS else max(after, hi - window)
        args = (*first, lo, hi, *params, scan - len(found))
        cur.execute(select.format(frm=frm, order="r.id + 0"), args, prepare=False)
        got = cur.fetchall()
        found += [int(r[0]) for r in got]
        units += [(r[1], r[2]) for r in got]
        # the next window, below this one: sized by the density seen so far
        window = max(window, int((top - lo) * (scan - len(found)) / max(1, len(found)) * WINDOW_SLACK))
        hi = lo
    return found, units, hi <= after and len(found) < scan


def count(lib: Any, match: Match, filters: dict[str, Any], side: str | None, cap: int | None) -> Counted:
    """Index rows (unit sides) matching, counted up to `cap` (None: all), read newest first: their ids
    and units come along for the calls that follow about the same match (index.rows, count_capped)."""
    found, units, complete = _newest(lib, match, filters, side, cap or 1 << 62)
    return Counted(count_key(match, filters, side), len(found), complete, len(set(units)) if complete else None, ids=found)


def matching_rows(lib: Any, match: Match, filters: dict[str, Any], side: str | None, limit: int, after: int = 0) -> list[Candidate]:
    """Rows matching, newest first, at most `limit`, only rows with id > after (as
    sqlite_index.matching_rows), found as the bounded stage finds them (see WALK_US)."""
    return rows_in_order(lib, _newest(lib, match, filters, side, limit, after=int(after))[0])


def units_text(lib: Any, keys: list[tuple[str, str]]) -> dict[tuple[str, str], dict[str, Any]]:
    """Both sides of the given units and their documents' path and titles."""
    if not keys:
        return {}
    cur = lib.cursor()
    cur.execute(
        "SELECT u.doc_id, u.unit_id, u.zh, u.en, u.kind, d.path, d.title_zh, d.title_en, d.source, d.published"
        " FROM units u JOIN documents d ON d.id = u.doc_id"
        " WHERE (u.doc_id, u.unit_id) IN (SELECT * FROM unnest(%s::text[], %s::text[]))",
        ([k[0] for k in keys], [k[1] for k in keys]),
    )
    cols = ("zh", "en", "kind", "path", "title_zh", "title_en", "source", "published")
    return {(r[0], r[1]): dict(zip(cols, r[2:], strict=True)) for r in cur.fetchall()}
