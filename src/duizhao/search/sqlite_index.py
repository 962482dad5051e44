"""The SQLite search index: hooks called by the library inside its transactions, and the lookups
search needs (candidates by FTS5, document frequencies, the stored tokens of candidate rows).

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
- search_vectors: optional dense embeddings (dense.py), one per unit side that has real content.
"""

from __future__ import annotations

from typing import Any

from ..model import Document, Unit
from . import analyzer

ANALYZER_SETTING = "search_analyzer"  # the Chinese mode the index was built with (analyzer.BIGRAMS_MODES)

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
]


# -- hooks ---------------------------------------------------------------------------------------
def analyzer_mode(lib: Any, cur: Any = None) -> str:
    """The mode this library's index uses; fixed when the first document is indexed."""
    cached = getattr(lib, "_search_mode", None)
    if cached:
        return cached
    cur = cur or lib.cursor()
    cur.execute("SELECT value FROM settings WHERE key = ?", (ANALYZER_SETTING,))
    row = cur.fetchone()
    mode = row[0] if row and row[0] in analyzer.BIGRAMS_MODES else None
    if mode is None:
        mode = analyzer.DEFAULT_BIGRAMS
        cur.execute("INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)", (ANALYZER_SETTING, mode))
    lib._search_mode = mode
    return mode


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


def unit_rows(doc_id: str, unit: Unit, mode: str) -> list[tuple[str, str, str, int, str]]:
    out = []
    for side in ("zh", "en"):
        text = getattr(unit, side)
        if text and text.strip():
            toks = analyzer.tokens(text, side, mode)
            if toks:
                out.append((doc_id, unit.id, side, len(toks), " ".join(toks)))
    return out


def insert_rows(cur: Any, rows: list[tuple[str, str, str, int, str]]) -> None:
    """Insert analysed rows (doc_id, unit_id, side, ntok, tokens); the bench builds big libraries with this."""
    if not rows:
        return
    for r in rows:
        cur.execute("INSERT INTO search_rows (doc_id, unit_id, side, ntok, tokens) VALUES (?, ?, ?, ?, ?)", r)
        cur.execute("INSERT INTO search_fts (rowid, tokens) VALUES (?, ?)", (cur.lastrowid, r[4]))
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
            cur.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (ANALYZER_SETTING, mode),
            )
            lib._search_mode = None
        mode = analyzer_mode(lib, cur)
        cur.execute("DELETE FROM search_rows")
        cur.execute("INSERT INTO search_fts (search_fts) VALUES ('delete-all')")
        cur.execute("UPDATE search_stats SET value = 0")
        cur.execute("SELECT doc_id, unit_id, kind, zh, en FROM units ORDER BY doc_id, ord")
        units = cur.fetchall()
        rows = [r for d, u, k, zh, en in units for r in unit_rows(d, Unit(id=u, kind=k, zh=zh, en=en), mode)]
        insert_rows(cur, rows)
        cur.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")
    return len(rows)


# -- lookups -------------------------------------------------------------------------------------
def stats(lib: Any) -> tuple[int, float]:
    """(rows, average tokens per row)."""
    rows = dict(lib.cursor().execute("SELECT key, value FROM search_stats").fetchall())
    n = int(rows.get("rows", 0))
    return n, (rows.get("tokens", 0) / n if n else 1.0)


def doc_freqs(lib: Any, terms: list[str]) -> dict[str, int]:
    if not terms:
        return {}
    cur = lib.cursor()
    out: dict[str, int] = {}
    for t in set(terms):
        # fts5vocab answers `term = ?` from the index directly (no scan)
        row = cur.execute("SELECT doc FROM search_vocab WHERE term = ?", (t,)).fetchone()
        out[t] = int(row[0]) if row else 0
    return out


def candidates(
    lib: Any, match: str, filters: dict[str, Any], side: str | None, k: int
) -> list[tuple[int, str, str, str, int, str]]:
    """Top-k rows by FTS5's BM25 for `match`: (rowid, doc_id, unit_id, side, ntok, tokens)."""
    where, params = _filters(lib, filters, side)
    if not where:
        sql = (
            "SELECT r.id, r.doc_id, r.unit_id, r.side, r.ntok, r.tokens FROM"
            " (SELECT rowid, rank FROM search_fts WHERE search_fts MATCH ? ORDER BY rank LIMIT ?) f"
            " JOIN search_rows r ON r.id = f.rowid ORDER BY f.rank"
        )
        return lib.cursor().execute(sql, (match, k)).fetchall()
    sql = (
        "SELECT r.id, r.doc_id, r.unit_id, r.side, r.ntok, r.tokens FROM search_fts f"
        " JOIN search_rows r ON r.id = f.rowid"
        + (" JOIN documents d ON d.id = r.doc_id" if "d." in where else "")
        + f" WHERE search_fts MATCH ? {where} ORDER BY f.rank LIMIT ?"
    )
    return lib.cursor().execute(sql, (match, *params, k)).fetchall()


def count(lib: Any, match: str, filters: dict[str, Any], side: str | None) -> int:
    """How many units match (a unit matching on both sides counts once)."""
    where, params = _filters(lib, filters, side)
    sql = (
        "SELECT COUNT(*) FROM (SELECT DISTINCT r.doc_id, r.unit_id FROM search_fts f"
        " JOIN search_rows r ON r.id = f.rowid"
        + (" JOIN documents d ON d.id = r.doc_id" if "d." in where else "")
        + f" WHERE search_fts MATCH ? {where})"
    )
    return int(lib.cursor().execute(sql, (match, *params)).fetchone()[0])


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
    """Both sides of the given units and their documents' path and titles."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    cur = lib.cursor()
    for doc_id, unit_id in keys:
        row = cur.execute(
            "SELECT u.zh, u.en, u.kind, d.path, d.title_zh, d.title_en, d.source, d.published FROM units u"
            " JOIN documents d ON d.id = u.doc_id WHERE u.doc_id = ? AND u.unit_id = ?",
            (doc_id, unit_id),
        ).fetchone()
        if row:
            out[(doc_id, unit_id)] = dict(
                zip(("zh", "en", "kind", "path", "title_zh", "title_en", "source", "published"), row, strict=True)
            )
    return out


def doc_meta(lib: Any, doc_ids: list[str]) -> dict[str, tuple[str | None, str | None]]:
    """(source, published) per document, for facets."""
    out = {}
    cur = lib.cursor()
    for d in set(doc_ids):
        row = cur.execute("SELECT source, published FROM documents WHERE id = ?", (d,)).fetchone()
        if row:
            out[d] = (row[0], row[1])
    return out
