"""The SQLite search index: hooks called by the library inside its transactions, and the lookups
search needs (matching rows newest first, counts, document frequencies, the stored tokens of rows).

Tables
- search_rows: one row per unit and side (doc_id, unit_id, side, ntok, tokens). `tokens` is the
  analyzer output joined by spaces; it is also the external content of the FTS5 table, and search
  re-scores candidates from it (weighted BM25, see rank.py).
- search_fts: FTS5 over search_rows.tokens; unicode61 with tokenchars ':._' so each analyzer token
  stays whole (the trigram tokenizer would miss two-character Chinese words).
- search_vocab: fts5vocab (term → number of rows holding it) for IDF.
- search_stats: row and token counts for BM25's N and average length.
Document metadata is not copied: filters join `documents` through Library._where, so a metadata
edit is visible to search at once and `list --source X` and `search --source X` agree.
- search_top, search_top_terms, search_top_state: champion lists of common terms (tiers.py).
- search_vectors: optional dense embeddings (dense.py), one per unit side that has real content.
"""

from __future__ import annotations

from typing import Any

from ..model import Document, Unit
from . import tiers
from .index_rows import Row, all_unit_rows, analyzer_mode, set_mode, unit_rows

SQLITE_MIGRATIONS: list[tuple[str, str]] = [
    (
        "0101_search",
        """
        CREATE TABLE search_rows (
            id INTEGER PRIMARY KEY,
            doc_id TEXT NOT NULL,
            unit_id TEXT NOT NULL,
            side TEXT NOT NULL,
            ntok INTEGER NOT NULL,
            tokens TEXT NOT NULL
        );
        CREATE INDEX search_rows_unit ON search_rows (doc_id, unit_id);
        CREATE VIRTUAL TABLE search_fts USING fts5(
            tokens, content='search_rows', content_rowid='id',
            tokenize="unicode61 remove_diacritics 0 tokenchars ':._'"
        );
        CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search_fts, row);
        CREATE TABLE search_stats (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
        INSERT INTO search_stats (key, value) VALUES ('rows', 0), ('tokens', 0);
        CREATE TABLE search_vectors (
            doc_id TEXT NOT NULL,
            unit_id TEXT NOT NULL,
            side TEXT NOT NULL,
            vec BLOB NOT NULL,
            PRIMARY KEY (doc_id, unit_id, side)
        );
        """,
    ),
    (
        "0103_search_top",
        """
        CREATE TABLE search_top (
            term TEXT NOT NULL,
            impact REAL NOT NULL,
            row_id INTEGER NOT NULL,
            PRIMARY KEY (term, impact, row_id)
        ) WITHOUT ROWID;
        CREATE TABLE search_top_terms (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE search_top_state (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            upto INTEGER NOT NULL,
            rows INTEGER NOT NULL,
            avgdl REAL NOT NULL,
            min_df INTEGER NOT NULL,
            keep INTEGER NOT NULL,
            built_at TEXT NOT NULL
        );
        """,
    ),
]


# -- hooks ---------------------------------------------------------------------------------------
def index_document(lib: Any, cur: Any, doc: Document) -> None:
    mode = analyzer_mode(lib, cur)
    rows = [row for unit in doc.units for row in unit_rows(doc.id, unit, mode)]
    insert_rows(cur, rows)
    _embed(lib, cur, doc.id, doc.units)


def reindex_units(lib: Any, cur: Any, doc_id: str, units: list[Unit]) -> None:
    mode = analyzer_mode(lib, cur)
    for unit in units:
        _delete(cur, "doc_id = ? AND unit_id = ?", (doc_id, unit.id))
        insert_rows(cur, unit_rows(doc_id, unit, mode))
    _embed(lib, cur, doc_id, units)


def delete_document(lib: Any, cur: Any, doc_id: str) -> None:
    _delete(cur, "doc_id = ?", (doc_id,))
    cur.execute("DELETE FROM search_vectors WHERE doc_id = ?", (doc_id,))


def insert_rows(cur: Any, rows: list[Row]) -> None:
    """Insert analysed rows (doc_id, unit_id, side, ntok, tokens); the bench builds big libraries with this."""
    if not rows:
        return
    # Ids are never reused (as AUTOINCREMENT would do): the champion lists (tiers.py) treat ids up to
    # their build mark as covered, and SQLite would otherwise hand a deleted newest row's id to new text.
    cur.execute("SELECT COALESCE(MAX(id), 0) FROM search_rows")
    top = int(cur.fetchone()[0])
    cur.execute("SELECT value FROM search_stats WHERE key = 'last_id'")
    got = cur.fetchone()
    next_id = max(top, int(got[0]) if got else 0) + 1
    for r in rows:
        cur.execute(
            "INSERT INTO search_rows (id, doc_id, unit_id, side, ntok, tokens) VALUES (?, ?, ?, ?, ?, ?)", (next_id, *r)
        )
        cur.execute("INSERT INTO search_fts (rowid, tokens) VALUES (?, ?)", (next_id, r[4]))
        next_id += 1
    cur.execute(
        "INSERT INTO search_stats (key, value) VALUES ('last_id', ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (next_id - 1,),
    )
    _bump(cur, len(rows), sum(r[3] for r in rows))


def _delete(cur: Any, where: str, params: tuple) -> None:
    cur.execute(f"SELECT id, ntok, tokens FROM search_rows WHERE {where}", params)
    old = cur.fetchall()
    for rowid, _ntok, toks in old:
        cur.execute("INSERT INTO search_fts (search_fts, rowid, tokens) VALUES ('delete', ?, ?)", (rowid, toks))
    cur.execute(f"DELETE FROM search_rows WHERE {where}", params)
    _bump(cur, -len(old), -sum(r[1] for r in old))


def _bump(cur: Any, rows: int, toks: int) -> None:
    cur.execute("UPDATE search_stats SET value = value + ? WHERE key = 'rows'", (rows,))
    cur.execute("UPDATE search_stats SET value = value + ? WHERE key = 'tokens'", (toks,))


def _embed(lib: Any, cur: Any, doc_id: str, units: list[Unit]) -> None:
    from . import dense

    if not dense.enabled(lib, cur):
        # stale vectors of changed units would rank the old text: drop them
        for u in units:
            cur.execute("DELETE FROM search_vectors WHERE doc_id = ? AND unit_id = ?", (doc_id, u.id))
        return
    dense.store_vectors(cur, doc_id, units)


def rebuild(lib: Any, mode: str | None = None) -> int:
    """Re-analyse every unit (after an analyzer change or to switch the Chinese mode); returns rows."""
    with lib.transaction() as cur:
        if mode:
            set_mode(lib, cur, mode)
        mode = analyzer_mode(lib, cur)
        cur.execute("DELETE FROM search_rows")
        cur.execute("INSERT INTO search_fts (search_fts) VALUES ('delete-all')")
        cur.execute("UPDATE search_stats SET value = 0 WHERE key IN ('rows', 'tokens')")
        for table in ("search_top", "search_top_terms", "search_top_state"):  # lists of the old rows
            cur.execute(f"DELETE FROM {table}")
        rows = all_unit_rows(cur, mode)
        insert_rows(cur, rows)
        cur.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")
    return len(rows)


def maintain(lib: Any, force: bool = False) -> dict[str, Any] | None:
    """After a batch of writes: keep the champion lists current (tiers.py); `force` rebuilds them and
    merges the FTS5 index's segments."""
    if force:
        with lib.transaction() as cur:
            cur.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")
    return tiers.maintain(lib, force)


# -- lookups -------------------------------------------------------------------------------------
def stats(lib: Any) -> tuple[int, float]:
    """(rows, average tokens per row)."""
    rows = dict(lib.cursor().execute("SELECT key, value FROM search_stats").fetchall())
    n = int(rows.get("rows", 0))
    return n, (rows.get("tokens", 0) / n if n else 1.0)


def version(lib: Any) -> tuple[int, int]:
    """Changes whenever anything is committed to this library, by this connection (total_changes) or
    another (PRAGMA data_version): a cache key for what is read from it. Valid per connection."""
    cur = lib.cursor()
    conn = getattr(lib, "conn", None)
    return int(cur.execute("PRAGMA data_version").fetchone()[0]), int(conn.total_changes) if conn is not None else -1


_DF_CACHE: dict[tuple[str, int, int], dict[str, int]] = {}


def doc_freqs(lib: Any, terms: list[str]) -> dict[str, int]:
    """Rows holding each term. fts5vocab counts by reading the term's whole posting list (~0.3 ms for
    a common term at a million units), so answers are kept per library state: the key changes with
    any write by this connection (total_changes) or another one (PRAGMA data_version)."""
    if not terms:
        return {}
    key = (str(getattr(lib, "url", id(lib))), *version(lib))
    cache = _DF_CACHE.get(key)
    if cache is None:
        _DF_CACHE.clear()  # one library state at a time: the old one is stale or another library's
        cache = _DF_CACHE[key] = {}
    missing = sorted({t for t in terms if t not in cache})
    if len(cache) + len(missing) > 200_000:
        cache.clear()
    # fts5vocab answers `term IN (…)` as lookups in the index (no vocabulary scan): one statement for
    # all of a query's new terms costs ~30% less than one per term
    found = dict(tiers.rows_in(lib, "SELECT term, doc FROM search_vocab WHERE term IN ({marks})", missing))
    for t in missing:
        cache[t] = int(found.get(t, 0))
    return {t: cache[t] for t in terms}


def matching_rows(
    lib: Any, match: str, filters: dict[str, Any], side: str | None, limit: int, after: int = 0
) -> list[tuple[int, str, str, str, int, str]]:
    """Rows matching, newest first, at most `limit` (only rows with id > after): (rowid, doc_id, unit_id,
    side, ntok, tokens). Unranked on purpose: FTS5 streams matches by rowid, and search re-scores every
    row it gets with the query's weights (rank.py), which FTS5's bm25() cannot apply."""
    where, params = _filters(lib, filters, side)
    sql = (
        "SELECT r.id, r.doc_id, r.unit_id, r.side, r.ntok, r.tokens FROM search_fts f"
        " JOIN search_rows r ON r.id = f.rowid"
        + (" JOIN documents d ON d.id = r.doc_id" if "d." in where else "")
        + f" WHERE search_fts MATCH ? AND f.rowid > ? {where} ORDER BY f.rowid DESC LIMIT ?"
    )
    return lib.cursor().execute(sql, (match, after, *params, limit)).fetchall()


def count_rows(lib: Any, match: str, filters: dict[str, Any], side: str | None, cap: int) -> int:
    """Index rows (unit sides) matching, counted up to `cap`; without filters in the FTS index alone."""
    where, params = _filters(lib, filters, side)
    if not where:
        sql = "SELECT COUNT(*) FROM (SELECT rowid FROM search_fts WHERE search_fts MATCH ? LIMIT ?)"
        return int(lib.cursor().execute(sql, (match, cap)).fetchone()[0])
    sql = (
        "SELECT COUNT(*) FROM (SELECT f.rowid FROM search_fts f JOIN search_rows r ON r.id = f.rowid"
        + (" JOIN documents d ON d.id = r.doc_id" if "d." in where else "")
        + f" WHERE search_fts MATCH ? {where} LIMIT ?)"
    )
    return int(lib.cursor().execute(sql, (match, *params, cap)).fetchone()[0])


def count_capped(
    lib: Any, match: str, filters: dict[str, Any], side: str | None, cap: int | None
) -> tuple[int, bool]:
    """(units matching, exact?) reading at most `cap` matching rows.

    Without ORDER BY rank FTS5 streams matches, so LIMIT really stops it: a common word at a million
    units would otherwise cost a full pass over its posting list just to print "123456 hits". Rows
    are first counted in the FTS index alone (no table lookups); only below the cap are they joined
    to count distinct units. At the cap the answer is (cap, False): at least `cap` matching unit sides.
    """
    where, params = _filters(lib, filters, side)
    if cap and not where:
        rows = lib.cursor().execute(
            "SELECT COUNT(*) FROM (SELECT rowid FROM search_fts WHERE search_fts MATCH ? LIMIT ?)", (match, cap)
        ).fetchone()[0]
        if rows >= cap:
            return cap, False
    inner = (
        "SELECT r.doc_id, r.unit_id FROM search_fts f JOIN search_rows r ON r.id = f.rowid"
        + (" JOIN documents d ON d.id = r.doc_id" if "d." in where else "")
        + f" WHERE search_fts MATCH ? {where}"
        + (" LIMIT ?" if cap else "")
    )
    sql = f"SELECT COUNT(*), COUNT(DISTINCT doc_id || char(0) || unit_id) FROM ({inner})"
    args = (match, *params, cap) if cap else (match, *params)
    rows, units = lib.cursor().execute(sql, args).fetchone()
    if cap and rows >= cap:
        return cap, False
    return int(units), True


def _filters(lib: Any, filters: dict[str, Any], side: str | None) -> tuple[str, list[Any]]:
    clauses, params = [], []
    if side:
        clauses.append("r.side = ?")
        params.append(side)
    where, p = lib._where(filters)
    if where:
        # Library._where names bare documents columns; qualify them for the join
        cond = where[len(" WHERE ") :]
        for col in ("original_source", "source", "authors", "keywords", "published", "script"):
            cond = _qualify(cond, col)
        cond = cond.replace("id IN (", "d.id IN (")
        clauses.append(f"({cond})")
        params += p
    return ("AND " + " AND ".join(clauses)) if clauses else "", params


def _qualify(cond: str, col: str) -> str:
    import re

    return re.sub(rf"(?<![\w.]){col}\b", f"d.{col}", cond)


def units_text(lib: Any, keys: list[tuple[str, str]]) -> dict[tuple[str, str], dict[str, Any]]:
    """Both sides of the given units and their documents' path and titles (one statement per 400 keys:
    each statement costs more than reading one unit by its key)."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    cur = lib.cursor()
    names = ("zh", "en", "kind", "path", "title_zh", "title_en", "source", "published")
    for i in range(0, len(keys), 400):
        chunk = keys[i : i + 400]
        values = ",".join("(?, ?)" for _ in chunk)
        # the keys as a table driving the join: `(doc_id, unit_id) IN (VALUES …)` would scan units
        rows = cur.execute(
            f"WITH k (doc_id, unit_id) AS (VALUES {values})"
            " SELECT u.doc_id, u.unit_id, u.zh, u.en, u.kind, d.path, d.title_zh, d.title_en, d.source, d.published"
            " FROM k CROSS JOIN units u ON u.doc_id = k.doc_id AND u.unit_id = k.unit_id"
            " JOIN documents d ON d.id = u.doc_id",
            [x for key in chunk for x in key],
        ).fetchall()
        for row in rows:
            out[(row[0], row[1])] = dict(zip(names, row[2:], strict=True))
    return out


def doc_meta(lib: Any, doc_ids: list[str]) -> dict[str, tuple[str | None, str | None]]:
    """(source, published) per document, for facets."""
    rows = tiers.rows_in(lib, "SELECT id, source, published FROM documents WHERE id IN ({marks})", sorted(set(doc_ids)))
    return {d: (source, published) for d, source, published in rows}
