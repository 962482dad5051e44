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
- search_bits, search_bits_dead: posting bitmaps of the same terms, and the rows deleted since their
  build (postings.py): conjunctions of common words by set algebra (matching_ids).
- search_vectors: optional dense embeddings (dense.py), one per unit side that has real content.
- search_spans: runs of consecutive row ids that belong to one document (lo, hi, doc_id). Row ids are
  never reused, so a run stays exact after deletes. A metadata filter becomes the allowed documents'
  runs, checked on the row ids FTS5 streams (~0.5 µs a row) instead of joining every matching row to
  search_rows and documents (~2.3 µs): `--source X` over common words at a million units scans
  tens of thousands of matches to find the newest few hundred that meet it.
"""

from __future__ import annotations

import bisect
import threading
from dataclasses import dataclass
from typing import Any

from ..model import Document, Unit
from . import index_rows, postings, tiers
from .index_rows import (
    Row,
    all_unit_rows,
    analyzer_mode,
    document_rows,
    set_mode,
    unit_rows,
)

# The hooks a web upload's parse worker runs (Library.index_contexts, pipeline.prepare_upload).
index_context = index_rows.index_context
prepare_index = index_rows.prepare_index

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
    (
        "0108_search_spans",
        # existing rows: ids that are consecutive among one document's rows (id - its rank within the
        # document is constant along a run; ids are unique, so no other document's row lies inside)
        """
        CREATE TABLE search_spans (lo INTEGER PRIMARY KEY, hi INTEGER NOT NULL, doc_id TEXT NOT NULL);
        CREATE INDEX search_spans_doc ON search_spans (doc_id);
        INSERT INTO search_spans (lo, hi, doc_id)
            SELECT MIN(id), MAX(id), doc_id FROM (
                SELECT id, doc_id, id - ROW_NUMBER() OVER (PARTITION BY doc_id ORDER BY id) AS run FROM search_rows
            ) GROUP BY doc_id, run;
        """,
    ),
    (
        "0109_search_row_pairs",
        # rows inserted from now on have paired ids (insert_rows); older ones keep theirs until
        # `duizhao reindex` renumbers every row, and search counts them the slower way meanwhile
        """
        INSERT INTO search_stats (key, value) SELECT 'paired_from', MAX(
            COALESCE((SELECT MAX(id) FROM search_rows), 0),
            COALESCE((SELECT value FROM search_stats WHERE key = 'last_id'), 0)
        ) + 1;
        """,
    ),
    postings.MIGRATION,
]


# -- hooks ---------------------------------------------------------------------------------------
def index_document(lib: Any, cur: Any, doc: Document, prepared: Any = None) -> None:
    """`prepared`: what prepare_index made of `doc` (in the upload's worker process), or None."""
    insert_rows(cur, document_rows(lib, cur, doc, prepared))
    _embed(lib, cur, doc.id, doc.units)


def reindex_units(lib: Any, cur: Any, doc_id: str, units: list[Unit]) -> None:
    mode = analyzer_mode(lib, cur)
    for unit in units:
        _delete(cur, "doc_id = ? AND unit_id = ?", (doc_id, unit.id))
        insert_rows(cur, unit_rows(doc_id, unit, mode))
    _embed(lib, cur, doc_id, units)


def delete_document(lib: Any, cur: Any, doc_id: str) -> None:
    _delete(cur, "doc_id = ?", (doc_id,))
    cur.execute("DELETE FROM search_spans WHERE doc_id = ?", (doc_id,))
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
    spans: list[list[Any]] = []  # [lo, hi, doc_id] of each run of one document's rows
    # A unit's rows get the pair of ids 2k (zh) and 2k + 1 (en): `rowid >> 1` names the unit and
    # `rowid & 1` the side, so counting units and filtering by side need no row lookups (see _paired).
    pair, unit, used = -1, ("", ""), set[int]()
    for r in rows:
        slot = 0 if r[2] == "zh" else 1
        if (r[0], r[1]) != unit or slot in used:
            pair, unit, used = (next_id + 1) // 2, (r[0], r[1]), set()  # the next pair with both ids unused
        used.add(slot)
        rowid = 2 * pair + slot
        cur.execute(
            "INSERT INTO search_rows (id, doc_id, unit_id, side, ntok, tokens) VALUES (?, ?, ?, ?, ?, ?)", (rowid, *r)
        )
        cur.execute("INSERT INTO search_fts (rowid, tokens) VALUES (?, ?)", (rowid, r[4]))
        if spans and spans[-1][2] == r[0]:
            spans[-1][0], spans[-1][1] = min(spans[-1][0], rowid), max(spans[-1][1], rowid)
        else:
            spans.append([rowid, rowid, r[0]])
        next_id = max(next_id, rowid + 1)
    cur.executemany("INSERT INTO search_spans (lo, hi, doc_id) VALUES (?, ?, ?)", spans)
    cur.execute(
        "INSERT INTO search_stats (key, value) VALUES ('last_id', ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (next_id - 1,),
    )
    _bump(cur, len(rows), sum(r[3] for r in rows))


def _delete(cur: Any, where: str, params: tuple) -> None:
    cur.execute(f"SELECT id, ntok, tokens FROM search_rows WHERE {where}", params)
    old = cur.fetchall()
    postings.note_deleted(cur, [r[0] for r in old])
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
        cur.execute("DELETE FROM search_spans")
        cur.execute("INSERT INTO search_fts (search_fts) VALUES ('delete-all')")
        cur.execute("UPDATE search_stats SET value = 0 WHERE key IN ('rows', 'tokens')")
        # every row is inserted again below, with paired ids (insert_rows)
        cur.execute(
            "INSERT INTO search_stats (key, value) VALUES ('paired_from', 0)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value"
        )
        for table in ("search_top", "search_top_terms", "search_top_state", "search_bits", "search_bits_dead"):
            cur.execute(f"DELETE FROM {table}")  # lists and bitmaps of the old rows
        cur.execute("DELETE FROM search_stats WHERE key = 'bits_upto'")
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
    memo = _last_count(lib, match, filters, side) if not after else None
    counted = memo.newest(limit) if memo is not None else None
    if counted is not None:
        return _rows_by_id(lib, counted)
    spans = _allowed_spans(lib, filters)
    if spans is not None:
        return _rows_by_id(lib, _ids_in_spans(lib, match, spans, side, limit, after))
    where, params = _filters(lib, {}, side)
    sql = (
        "SELECT r.id, r.doc_id, r.unit_id, r.side, r.ntok, r.tokens FROM search_fts f"
        " JOIN search_rows r ON r.id = f.rowid"
        f" WHERE search_fts MATCH ? AND f.rowid > ? {where} ORDER BY f.rowid DESC LIMIT ?"
    )
    return lib.cursor().execute(sql, (match, after, *params, limit)).fetchall()


def count_rows(lib: Any, match: str, filters: dict[str, Any], side: str | None, cap: int) -> int:
    """Index rows (unit sides) matching, counted up to `cap`; without filters in the FTS index alone."""
    return _count(lib, match, filters, side, cap)[0]


def count_capped(
    lib: Any, match: str, filters: dict[str, Any], side: str | None, cap: int | None
) -> tuple[int, bool]:
    """(units matching, exact?) reading at most `cap` matching rows.

    Without ORDER BY rank FTS5 streams matches, so LIMIT really stops it: a common word at a million
    units would otherwise cost a full pass over its posting list just to print "123456 hits". With
    paired row ids (_paired) units are counted in the FTS index alone, and a count_rows of the same
    match that has just read every match answers without reading them again. At the cap the answer
    is (cap, False): at least `cap` matching unit sides.
    """
    memo = _last_count(lib, match, filters, side)
    if memo is not None and memo.complete and memo.units is not None:
        return (cap, False) if cap and memo.rows >= cap else (memo.units, True)
    spans = _allowed_spans(lib, filters)
    if spans is not None and not _paired(lib):  # the ids say nothing of units: read the rows once
        ids = _ids_in_spans(lib, match, spans, side, cap)
        if cap and len(ids) >= cap:
            return cap, False
        return len({(r[1], r[2]) for r in _rows_by_id(lib, ids)}), True
    rows, units = _count(lib, match, filters, side, cap)
    if cap and rows >= cap:
        return cap, False
    if units is not None:
        return units, True
    # no metadata filter, old ids, fewer than `cap` matches: their units need the rows
    where, params = _filters(lib, {}, side)
    inner = (
        "SELECT r.doc_id, r.unit_id FROM search_fts f JOIN search_rows r ON r.id = f.rowid"
        f" WHERE search_fts MATCH ? {where}" + (" LIMIT ?" if cap else "")
    )
    sql = f"SELECT COUNT(*), COUNT(DISTINCT doc_id || char(0) || unit_id) FROM ({inner})"
    args = (match, *params, cap) if cap else (match, *params)
    rows, units = lib.cursor().execute(sql, args).fetchone()
    if cap and rows >= cap:
        return cap, False
    return int(units), True


@dataclass
class _Counted:
    """What one count of a match read: `rows` matching rows (all of them when `complete`), the units they
    belong to (None where that needs row lookups) and, when complete, their ids — ascending in
    `ids_text` (SQL's group_concat: one string instead of thousands of Python ints) or newest first."""

    key: tuple
    rows: int
    complete: bool
    units: int | None
    ids_text: str | None = None
    ids_newest: list[int] | None = None

    def newest(self, limit: int) -> list[int] | None:
        """The newest `limit` matching ids, newest first (None when the count did not keep them)."""
        if not self.complete:
            return None
        if self.ids_newest is not None:
            return self.ids_newest[:limit]
        if self.ids_text is None:
            return [] if self.rows == 0 else None
        return [int(i) for i in reversed(self.ids_text.rsplit(",", limit)[-limit:])]


# The last count of this thread: search() counts a conjunction (count_rows) and then asks for its rows
# (matching_rows) and its units (count_capped) with the same expression. When the count read every
# match, both answer from it instead of walking the index again (FTS5 walks a conjunction of common
# words, newest first, at ~1.4× the cost of the count's ascending walk).
_LAST_COUNT = threading.local()


def _count_key(lib: Any, match: str, filters: dict[str, Any], side: str | None) -> tuple:
    return (str(getattr(lib, "url", id(lib))), *version(lib), match, repr(sorted(filters.items())), side)


def _last_count(lib: Any, match: str, filters: dict[str, Any], side: str | None) -> _Counted | None:
    memo: _Counted | None = getattr(_LAST_COUNT, "last", None)
    return memo if memo is not None and memo.key == _count_key(lib, match, filters, side) else None


def _count(lib: Any, match: str, filters: dict[str, Any], side: str | None, cap: int | None) -> tuple[int, int | None]:
    """(matching rows up to `cap`, the units they belong to, or None where that would need row lookups)."""
    spans = _allowed_spans(lib, filters)
    paired = _paired(lib)
    ids_text, ids_newest = None, None
    if spans is not None:
        ids_newest = _ids_in_spans(lib, match, spans, side, cap)
        rows, units = len(ids_newest), (len({i >> 1 for i in ids_newest}) if paired else None)
    elif paired:
        # ascending (FTS5's cheaper direction); the ids come along as one string for matching_rows
        sql = (
            "SELECT COUNT(*), COUNT(DISTINCT rowid >> 1), group_concat(rowid) FROM"
            " (SELECT rowid FROM search_fts WHERE search_fts MATCH ?"
            + (" AND (rowid & 1) = ?" if side else "") + " ORDER BY rowid" + (" LIMIT ?" if cap else "") + ")"
        )
        args = (match, *([int(side == "en")] if side else []), *([cap] if cap else []))
        got = lib.cursor().execute(sql, args).fetchone()
        rows, units, ids_text = int(got[0]), int(got[1]), got[2]
    elif not side:
        sql = "SELECT COUNT(*) FROM (SELECT rowid FROM search_fts WHERE search_fts MATCH ?" + (" LIMIT ?" if cap else "") + ")"
        rows, units = int(lib.cursor().execute(sql, (match, *([cap] if cap else []))).fetchone()[0]), None
    else:
        sql = (
            "SELECT COUNT(*) FROM (SELECT f.rowid FROM search_fts f JOIN search_rows r ON r.id = f.rowid"
            " WHERE search_fts MATCH ? AND r.side = ?" + (" LIMIT ?" if cap else "") + ")"
        )
        rows, units = int(lib.cursor().execute(sql, (match, side, *([cap] if cap else []))).fetchone()[0]), None
    complete = not cap or rows < cap
    _LAST_COUNT.last = _Counted(_count_key(lib, match, filters, side), rows, complete, units, ids_text, ids_newest)
    return rows, units


_PAIRED: dict[tuple, bool] = {}


def _paired(lib: Any) -> bool:
    """Every row has a paired id (insert_rows): true of libraries made since migration 0109, and of
    older ones after `duizhao reindex`. Kept per library state."""
    key = (str(getattr(lib, "url", id(lib))), *version(lib))
    got = _PAIRED.get(key)
    if got is None:
        start, lowest = lib.cursor().execute(
            "SELECT (SELECT value FROM search_stats WHERE key = 'paired_from'), (SELECT MIN(id) FROM search_rows)"
        ).fetchone()
        got = start is not None and (lowest is None or lowest >= start)
        _PAIRED.clear()
        _PAIRED[key] = got
    return got


# Allowed runs of row ids per metadata filter, kept per library state (like _DF_CACHE): a reader paging
# or refining a filtered search asks for the same filter again and again.
_SPANS_CACHE: dict[tuple, tuple[list[int], list[int]]] = {}
STREAM_CHUNK = 2048  # row ids fetched from FTS5 at a time while looking for rows inside the spans


def _allowed_spans(lib: Any, filters: dict[str, Any]) -> tuple[list[int], list[int]] | None:
    """(starts, ends) of the row-id runs of the documents meeting the metadata filters, sorted and with
    touching runs merged; None without metadata filters."""
    wanted = {k: v for k, v in filters.items() if v not in (None, "", [])}
    if not wanted:
        return None
    key = (str(getattr(lib, "url", id(lib))), *version(lib), repr(sorted(wanted.items())))
    got = _SPANS_CACHE.get(key)
    if got is not None:
        return got
    where, params = lib._where(wanted)
    rows = lib.cursor().execute(
        f"SELECT lo, hi FROM search_spans WHERE doc_id IN (SELECT id FROM documents{where}) ORDER BY lo", params
    ).fetchall()
    starts: list[int] = []
    ends: list[int] = []
    for lo, hi in rows:
        if ends and lo == ends[-1] + 1:
            ends[-1] = hi
        else:
            starts.append(lo)
            ends.append(hi)
    if len(_SPANS_CACHE) >= 32 or any(k[:3] != key[:3] for k in _SPANS_CACHE):
        _SPANS_CACHE.clear()  # another library state: what was kept is stale
    _SPANS_CACHE[key] = (starts, ends)
    return starts, ends


def knows_absent_terms(lib: Any) -> bool:
    """A term the champion lists' vocabulary lacks is in no row (postings.knows_absent_terms)."""
    return postings.knows_absent_terms(lib, version(lib))


_ALLOWED_BITS: dict[tuple, Any] = {}


def matching_ids(
    lib: Any, groups: list, excluded: list, expr: str, filters: dict[str, Any], side: str | None,
    unless: list | None = None,
) -> Any:
    """Every matching row id as a bitmap (postings.matching_ids: `groups` and `excluded` are the Query's
    alternatives that `expr` was built from; rows `unless` matches are left out, the tail's aside), or
    None when the bitmaps cannot answer."""
    allowed = None
    state = version(lib)
    spans = _allowed_spans(lib, filters)
    if spans is not None:
        key = (str(getattr(lib, "url", id(lib))), *state, repr(sorted(filters.items())))
        allowed = _ALLOWED_BITS.get(key)
        if allowed is None:
            if len(_ALLOWED_BITS) >= 32 or any(k[:3] != key[:3] for k in _ALLOWED_BITS):
                _ALLOWED_BITS.clear()  # another library state
            allowed = _ALLOWED_BITS[key] = postings.allowed_bits(spans)
    return postings.matching_ids(lib, state, groups, excluded, expr, allowed, side, _paired(lib), unless)


def _ids_in_spans(
    lib: Any, match: str, spans: tuple[list[int], list[int]], side: str | None, want: int | None, after: int = 0
) -> list[int]:
    """Up to `want` row ids matching, newest first, inside the spans (and on `side`): FTS5 streams the
    matches' ids alone, newest first, and each is checked against the spans by bisection."""
    starts, ends = spans
    if not starts:
        return []
    cur = lib.cursor()
    # the spans bound the ids: FTS5 seeks to the newest allowed one instead of starting at the top
    cur.execute(
        "SELECT rowid FROM search_fts WHERE search_fts MATCH ? AND rowid > ? AND rowid <= ? ORDER BY rowid DESC",
        (match, max(after, starts[0] - 1), ends[-1]),
    )
    out: list[int] = []
    while want is None or len(out) < want:
        chunk = cur.fetchmany(STREAM_CHUNK)
        if not chunk:
            break
        inside = []
        for (rowid,) in chunk:
            k = bisect.bisect_right(starts, rowid) - 1
            if k >= 0 and ends[k] >= rowid:
                inside.append(rowid)
        if side and inside and _paired(lib):
            inside = [r for r in inside if (r & 1) == (side == "en")]  # the side is in the id
        elif side and inside:
            sides = dict(tiers.rows_in(lib, "SELECT id, side FROM search_rows WHERE id IN ({marks})", inside))
            inside = [r for r in inside if sides.get(r) == side]
        out += inside
    return out if want is None else out[:want]


def _rows_by_id(lib: Any, ids: list[int]) -> list[tiers.Row]:
    """search_rows of these ids, in the given order."""
    return tiers.rows_in_order(lib, ids)


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


_META_CACHE: dict[tuple, dict[str, tuple[str | None, str | None]]] = {}


def doc_meta(lib: Any, doc_ids: list[str]) -> dict[str, tuple[str | None, str | None]]:
    """(source, published) per document, for facets. Kept per library state (like _DF_CACHE): every
    search reads those of its ~200 ranked units' documents, mostly the same ones from one search to the next."""
    key = (str(getattr(lib, "url", id(lib))), *version(lib))
    cache = _META_CACHE.get(key)
    if cache is None or len(cache) > 200_000:
        _META_CACHE.clear()  # one library state at a time: a metadata edit is a write, and changes the key
        cache = _META_CACHE[key] = {}
    wanted = set(doc_ids)
    missing = sorted(wanted - cache.keys())
    rows = tiers.rows_in(lib, "SELECT id, source, published FROM documents WHERE id IN ({marks})", missing)
    for d, source, published in rows:
        cache[d] = (source, published)
    return {d: cache[d] for d in wanted if d in cache}
