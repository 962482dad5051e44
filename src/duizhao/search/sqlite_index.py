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
from typing import Any

from ..errors import DuizhaoError
from ..model import Document, Unit
from ..store.state import LibraryState
from . import dense, index_rows, postings, tiers
from .index import Counted, Row, count_key, rows_in_order
from .index_rows import Row as UnitRow
from .index_rows import analyzer_mode, changed_title, document_rows, indexed_units, unit_rows
from .query import Match

# The hooks a web upload's parse worker runs (Library.index_contexts, pipeline.prepare_upload).
index_context = index_rows.index_context
prepare_index = index_rows.prepare_index

PG_MIGRATIONS: list[tuple[str, str]] = []  # this index serves the other backend only (store.base.Indexer)

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
    # rows inserted from now on have paired ids (insert_rows): older ones are built again
    index_rows.reindex_after("0109_search_row_pairs", "search_rows"),
    postings.MIGRATION,
    index_rows.reindex_after("0111_search_titles", "documents"),  # titles are indexed rows from now on
    (
        # 0109 and 0111 once left their own markers (search_stats' paired_from, the search_titles
        # setting), each checked apart; what they said is now the one marker (theirs are left, unread)
        "0112_search_reindex_marker",
        f"""
        INSERT INTO settings (key, value) SELECT '{index_rows.REINDEX_SETTING}', '0112' WHERE
            (SELECT MIN(id) FROM search_rows) < (SELECT value FROM search_stats WHERE key = 'paired_from')
            OR (EXISTS (SELECT 1 FROM documents) AND COALESCE((SELECT value FROM settings WHERE key = 'search_titles'), '') != 'indexed')
            ON CONFLICT (key) DO NOTHING;
        """,
    ),
]


# -- hooks ---------------------------------------------------------------------------------------
def index_document(lib: Any, cur: Any, doc: Document, prepared: Any = None) -> None:
    """`prepared`: what prepare_index made of `doc` (in the upload's worker process), or None."""
    insert_rows(cur, document_rows(lib, cur, doc, prepared))
    dense.sync_vectors(lib, cur, doc.id, indexed_units(doc))


def reindex_units(lib: Any, cur: Any, doc_id: str, units: list[Unit]) -> None:
    """Changed units, and the title when it changed (a metadata edit reindexes through here too)."""
    mode = analyzer_mode(lib, cur)
    title = changed_title(lib, cur, doc_id, mode)
    units = [*units, title] if title else units
    for unit in units:
        _delete(cur, "doc_id = ? AND unit_id = ?", (doc_id, unit.id))
        insert_rows(cur, unit_rows(doc_id, unit, mode))
    dense.sync_vectors(lib, cur, doc_id, units)


def delete_document(lib: Any, cur: Any, doc_id: str) -> None:
    _delete(cur, "doc_id = ?", (doc_id,))
    cur.execute("DELETE FROM search_spans WHERE doc_id = ?", (doc_id,))
    cur.execute("DELETE FROM search_vectors WHERE doc_id = ?", (doc_id,))


def insert_rows(cur: Any, rows: list[UnitRow]) -> None:
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
    # `rowid & 1` the side, so counting units and filtering by side need no row lookups (see count).
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


def rebuild(lib: Any, mode: str | None = None) -> int:
    """Re-analyse every unit (after an analyzer change or to switch the Chinese mode); returns rows."""
    with lib.transaction() as cur:
        rows = index_rows.rebuild_rows(lib, cur, mode)
        cur.execute("DELETE FROM search_rows")
        cur.execute("DELETE FROM search_spans")
        cur.execute("INSERT INTO search_fts (search_fts) VALUES ('delete-all')")
        cur.execute("UPDATE search_stats SET value = 0 WHERE key IN ('rows', 'tokens')")
        for table in ("search_top", "search_top_terms", "search_top_state", "search_bits", "search_bits_dead"):
            cur.execute(f"DELETE FROM {table}")  # lists and bitmaps of the old rows
        cur.execute("DELETE FROM search_stats WHERE key = 'bits_upto'")
        insert_rows(cur, rows)
        index_rows.reindexed(lib, cur)
        cur.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")
    return len(rows)


def maintain(lib: Any, force: bool = False) -> dict[str, Any] | None:
    """After a batch of writes: keep the champion lists current (tiers.py); `force` rebuilds them and
    merges the FTS5 index's segments."""
    if force:
        with lib.transaction() as cur:
            cur.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")
    return tiers.maintain(lib, force)


# -- champion lists (tiers.py) ------------------------------------------------------------------
BITMAPS = True  # posting bitmaps of the listed terms are kept beside the lists (postings.py)


def vocabulary(lib: Any) -> dict[str, int]:
    """Every indexed term with its document frequency; fts5vocab reads the whole index once (fine for
    a maintenance step)."""
    return {t: int(d) for t, d in lib.cursor().execute("SELECT term, doc FROM search_vocab").fetchall()}


def store_lists(lib: Any, cur: Any, heaps: dict[str, list[tuple[float, int]]], vocab: dict[str, int]) -> None:
    """A build's lists and every term's frequency, into the emptied tables."""
    add_entries(lib, cur, [(t, imp, rowid) for t, h in heaps.items() for imp, rowid in h])
    cur.executemany("INSERT INTO search_top_terms (term, df) VALUES (?, ?)", list(vocab.items()))


def add_entries(lib: Any, cur: Any, entries: list[tuple[str, float, int]]) -> None:
    cur.executemany("INSERT INTO search_top (term, impact, row_id) VALUES (?, ?, ?)", entries)


def top_floors(lib: Any, tiers_: tiers.Tiers) -> tuple[dict[str, int], dict[str, float]]:
    """({}, each full list's weakest impact: its keep-th entry), read from the lists (in-process: cheap;
    PostgreSQL keeps them in search_top_terms instead)."""
    sql = (
        "SELECT k.term, (SELECT s.impact FROM search_top s WHERE s.term = k.term ORDER BY s.impact DESC, s.row_id DESC"
        f" LIMIT 1 OFFSET {int(tiers_.keep) - 1}) FROM search_top_terms k WHERE k.term IN ({{marks}})"
    )
    return {}, {term: float(imp) for term, imp in rows_in(lib, sql, sorted(tiers_.df)) if imp is not None}


def lock_top(cur: Any, tiers_: tiers.Tiers) -> bool:
    """A merge's transaction holds SQLite's write lock already: no other merge runs meanwhile."""
    return True


def trim_top(cur: Any, keep: int, changed: dict[str, tuple[int, list[tuple[float, int]]]]) -> None:
    """Each changed list back to `keep` entries, best first (a statement per term costs microseconds)."""
    for term in sorted(changed):
        cur.execute(
            "DELETE FROM search_top WHERE term = ? AND row_id IN (SELECT row_id FROM search_top"
            " WHERE term = ? ORDER BY impact DESC, row_id DESC LIMIT -1 OFFSET ?)",
            (term, term, keep),
        )


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
    return int(cur.execute("PRAGMA data_version").fetchone()[0]), int(lib.conn.total_changes)


def _state(lib: Any) -> LibraryState:
    """The library's kept state as of now (what was read before the last commit dropped); checks
    once per version that the index is current (index_rows.needs_reindex)."""
    state: LibraryState = lib.state.at(version(lib))
    if not state.index_current:
        if index_rows.needs_reindex(lib):
            raise DuizhaoError(
                f"{lib.url}: its search index predates this duizhao; run `duizhao migrate` (it reindexes)"
            )
        state.index_current = True
    return state


def doc_freqs(lib: Any, terms: list[str]) -> dict[str, int]:
    """Rows holding each term. fts5vocab counts by reading the term's whole posting list (~0.3 ms for
    a common term at a million units), so answers are kept while the library is unchanged."""
    if not terms:
        return {}
    cache = _state(lib).doc_freqs
    missing = sorted({t for t in terms if t not in cache})
    if len(cache) + len(missing) > 200_000:
        cache.clear()
    # fts5vocab answers `term IN (…)` as lookups in the index (no vocabulary scan): one statement for
    # all of a query's new terms costs ~30% less than one per term
    found = dict(rows_in(lib, "SELECT term, doc FROM search_vocab WHERE term IN ({marks})", missing))
    for t in missing:
        cache[t] = int(found.get(t, 0))
    return {t: cache[t] for t in terms}


def matching_rows(lib: Any, match: Match, filters: dict[str, Any], side: str | None, limit: int, after: int = 0) -> list[Row]:
    """Rows matching, newest first, at most `limit` (only rows with id > after): (rowid, doc_id, unit_id,
    side, ntok, tokens). Unranked on purpose: FTS5 streams matches by rowid, and search re-scores every
    row it gets with the query's weights (rank.py), which FTS5's bm25() cannot apply."""
    spans = _allowed_spans(lib, filters)
    if spans is not None:
        return rows_in_order(lib, _ids_in_spans(lib, match, spans, side, limit, after))
    sql = (
        "SELECT r.id, r.doc_id, r.unit_id, r.side, r.ntok, r.tokens FROM search_fts f"
        " JOIN search_rows r ON r.id = f.rowid"
        f" WHERE search_fts MATCH ? AND f.rowid > ? {'AND r.side = ?' if side else ''} ORDER BY f.rowid DESC LIMIT ?"
    )
    return lib.cursor().execute(sql, (match.fts(), after, *([side] if side else []), limit)).fetchall()


def count(lib: Any, match: Match, filters: dict[str, Any], side: str | None, cap: int | None) -> Counted:
    """The matching rows up to `cap`, with the units they belong to (counted in the FTS index alone:
    paired row ids, insert_rows) and, when every match was read, their ids (index.rows, count_capped).
    Without ORDER BY rank FTS5 streams matches, so LIMIT really stops it: a common word at a million
    units would otherwise cost a full pass over its posting list just to print "123456 hits"."""
    spans = _allowed_spans(lib, filters)
    key = count_key(match, filters, side)
    if spans is not None:
        ids = _ids_in_spans(lib, match, spans, side, cap)
        return Counted(key, len(ids), not cap or len(ids) < cap, len({i >> 1 for i in ids}), ids=ids)
    # ascending (FTS5's cheaper direction); the ids come along as one string for matching_rows
    sql = (
        "SELECT COUNT(*), COUNT(DISTINCT rowid >> 1), group_concat(rowid) FROM"
        " (SELECT rowid FROM search_fts WHERE search_fts MATCH ?"
        + (" AND (rowid & 1) = ?" if side else "") + " ORDER BY rowid" + (" LIMIT ?" if cap else "") + ")"
    )
    args = (match.fts(), *([int(side == "en")] if side else []), *([cap] if cap else []))
    rows, units, ids_text = lib.cursor().execute(sql, args).fetchone()
    return Counted(key, int(rows), not cap or int(rows) < cap, int(units), ids_text=ids_text)


def rows_in(lib: Any, sql: str, keys: list) -> list[tuple]:
    """Run `sql` (a SELECT ending in "IN ({marks})") for `keys`, 500 at a time (bound-parameter limits)."""
    rows: list[tuple] = []
    cur = lib.cursor()
    for i in range(0, len(keys), 500):
        chunk = keys[i : i + 500]
        rows += cur.execute(sql.format(marks=",".join("?" * len(chunk))), chunk).fetchall()
    return rows


STREAM_CHUNK = 2048  # row ids fetched from FTS5 at a time while looking for rows inside the spans


def _allowed_spans(lib: Any, filters: dict[str, Any]) -> tuple[list[int], list[int]] | None:
    """(starts, ends) of the row-id runs of the documents meeting the metadata filters, sorted and with
    touching runs merged; None without metadata filters. Kept while the library is unchanged: a reader
    paging or refining a filtered search asks for the same filter again and again."""
    wanted = {k: v for k, v in filters.items() if v not in (None, "", [])}
    if not wanted:
        return None
    kept = _state(lib).spans
    key = repr(sorted(wanted.items()))
    got = kept.get(key)
    if got is not None:
        return got
    where, params = lib.where_clause(wanted)
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
    if len(kept) >= 32:
        kept.clear()
    kept[key] = (starts, ends)
    return starts, ends


def matching_ids(lib: Any, match: Match, filters: dict[str, Any], side: str | None, unless: list | None = None) -> Any:
    """Every matching row id as a bitmap (postings.matching_ids; rows `unless` matches are left out, the
    tail's aside), or None when the bitmaps cannot answer."""
    allowed = None
    state = _state(lib)
    spans = _allowed_spans(lib, filters)
    if spans is not None:
        key = repr(sorted(filters.items()))
        allowed = state.allowed.get(key)
        if allowed is None:
            if len(state.allowed) >= 32:
                state.allowed.clear()
            allowed = state.allowed[key] = postings.allowed_bits(spans)
    return postings.matching_ids(lib, state, match, allowed, side, unless)


def _ids_in_spans(
    lib: Any, match: Match, spans: tuple[list[int], list[int]], side: str | None, want: int | None, after: int = 0
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
        (match.fts(), max(after, starts[0] - 1), ends[-1]),
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
        if side and inside:
            inside = [r for r in inside if (r & 1) == (side == "en")]  # the side is in the id
        out += inside
    return out if want is None else out[:want]


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
