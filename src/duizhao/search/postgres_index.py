"""The PostgreSQL search index: the same hooks and lookups as sqlite_index.py, over tsvector + GIN.

Same analyzer output, same rows: one row per unit and side with `ntok` and `tokens` (analyzer
tokens joined by spaces), from which search re-scores candidates with its weighted BM25 (rank.py),
so both backends rank alike when the candidate pool holds the same rows.

- search_rows.tsv: a tsvector built from duizhao's own tokens, verbatim and with positions (phrase
  queries use `<->`). It is the `simple` configuration's result (no stemming, no stop words: the
  analyzer already did both) without letting PostgreSQL's text parser re-split tokens such as
  `ent:q123` or `3.5`, which to_tsvector('simple', …) would break apart.
- search_terms: term → number of rows holding it (FTS5's fts5vocab): BM25's document frequencies
  in one index lookup instead of counting matches. Updated in each indexing transaction in term
  order, so concurrent writers wait on hot terms rather than deadlock.
- search_stats: one row, (rows, tokens), for N and the average length.
- search_names + pg_trgm: the library's names (authors, sources) for fuzzy matching (`fuzzy_names`).
- Candidates: GIN match of a tsquery compiled from query.py's FTS5 MATCH expression, ordered by
  ts_rank (length-normalised); rank.py re-scores them.
Dense embeddings (dense.py) are SQLite-only for now: no search_vectors table here, so search sees
no vectors on PostgreSQL and stays lexical.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from ..model import Document, Unit
from .index_rows import Row, all_unit_rows, analyzer_mode, set_mode, unit_rows  # shared with sqlite_index
from .sqlite_index import _filters

MAX_POS = 16383  # tsvector positions are capped here
MAX_POSITIONS = 255  # positions kept per lexeme (PostgreSQL's limit is 256)

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
        CREATE EXTENSION IF NOT EXISTS pg_trgm;
        CREATE TABLE search_names (name TEXT PRIMARY KEY, kind TEXT NOT NULL);
        CREATE INDEX search_names_trgm ON search_names USING gin (name gin_trgm_ops);
        """,
    ),
]


# -- hooks ---------------------------------------------------------------------------------------
def index_document(lib: Any, cur: Any, doc: Document) -> None:
    mode = analyzer_mode(lib, cur)
    insert_rows(cur, [row for unit in doc.units for row in unit_rows(doc.id, unit, mode)])
    names = [(a, "author") for a in [*doc.authors, *doc.authors_zh]] + [
        (s, "source") for s in (doc.source, doc.original_source)
    ]
    names = sorted({(n.strip(), k) for n, k in names if n and n.strip()})
    if names:
        cur.executemany("INSERT INTO search_names (name, kind) VALUES (%s, %s) ON CONFLICT (name) DO NOTHING", names)


def reindex_units(lib: Any, cur: Any, doc_id: str, units: list[Unit]) -> None:
    mode = analyzer_mode(lib, cur)
    ids = [u.id for u in units]
    old = _take_rows(cur, "doc_id = %s AND unit_id = ANY(%s)", (doc_id, ids))
    new = [row for unit in units for row in unit_rows(doc_id, unit, mode)]
    _insert(cur, new)
    _account(cur, added=new, removed=old)


def delete_document(lib: Any, cur: Any, doc_id: str) -> None:
    old = _take_rows(cur, "doc_id = %s", (doc_id,))
    _account(cur, added=[], removed=old)


def insert_rows(cur: Any, rows: list[Row]) -> None:
    """Insert analysed rows (doc_id, unit_id, side, ntok, tokens) and count them in."""
    if rows:
        _insert(cur, rows)
        _account(cur, added=rows, removed=[])


def _insert(cur: Any, rows: list[Row]) -> None:
    if rows:
        cur.executemany(
            "INSERT INTO search_rows (doc_id, unit_id, side, ntok, tokens, tsv)"
            " VALUES (%s, %s, %s, %s, %s, %s::tsvector)",
            [(*r, tsvector_literal(r[4].split())) for r in rows],
        )


def _take_rows(cur: Any, where: str, params: tuple) -> list[Row]:
    cur.execute(f"DELETE FROM search_rows WHERE {where} RETURNING doc_id, unit_id, side, ntok, tokens", params)
    return [tuple(r) for r in cur.fetchall()]


def _account(cur: Any, added: list[Row], removed: list[Row]) -> None:
    """Document frequencies and totals: net change per term, written in term order (no deadlocks)."""
    delta: Counter[str] = Counter()
    for r in added:
        delta.update(set(r[4].split()))
    for r in removed:
        delta.subtract(set(r[4].split()))
    changes = sorted((t, d) for t, d in delta.items() if d)
    if changes:
        cur.execute(
            "INSERT INTO search_terms (term, df) SELECT t, d FROM unnest(%s::text[], %s::int[]) AS x(t, d) ORDER BY t"
            " ON CONFLICT (term) DO UPDATE SET df = search_terms.df + excluded.df",
            ([t for t, _ in changes], [d for _, d in changes]),
        )
    nrows = len(added) - len(removed)
    ntok = sum(r[3] for r in added) - sum(r[3] for r in removed)
    if nrows or ntok:
        cur.execute("UPDATE search_stats SET rows = rows + %s, tokens = tokens + %s WHERE id = 1", (nrows, ntok))


def tsvector_literal(tokens: list[str]) -> str:
    """Tokens → tsvector text with positions ('a':1,3 'b':2), each token kept whole."""
    positions: dict[str, list[int]] = {}
    for i, t in enumerate(tokens, 1):
        if t:
            p = positions.setdefault(t, [])
            if len(p) < MAX_POSITIONS:
                p.append(min(i, MAX_POS))
    return " ".join(f"{_lexeme(t)}:{','.join(map(str, sorted(set(p))))}" for t, p in positions.items())


def _lexeme(token: str) -> str:
    t = token.encode("utf-8")[:2046].decode("utf-8", "ignore")  # PostgreSQL's lexeme limit is 2 KB
    return "'" + t.replace("\\", "\\\\").replace("'", "''") + "'"


def rebuild(lib: Any, mode: str | None = None) -> int:
    """Re-analyse every unit (after an analyzer change or to switch the Chinese mode); returns rows."""
    with lib.transaction() as cur:
        if mode:
            set_mode(lib, cur, mode)
        mode = analyzer_mode(lib, cur)
        cur.execute("TRUNCATE search_rows, search_terms")
        cur.execute("UPDATE search_stats SET rows = 0, tokens = 0")
        rows = all_unit_rows(cur, mode)
        insert_rows(cur, rows)
    return len(rows)


# -- FTS5 MATCH expression → tsquery ------------------------------------------------------------
_LEX = re.compile(r'\s*(?:(\()|(\))|"((?:[^"]|"")*)"|(AND|OR|NOT)\b|(\S+))')


def to_tsquery(expr: str) -> str:
    """query.py's MATCH expression ("tok", "a b" phrases, AND, OR, NOT, parentheses; FTS5
    precedence NOT > AND > OR) → the equivalent tsquery text, fully parenthesised."""
    items: list[tuple[str, str]] = []
    for m in _LEX.finditer(expr):
        if m.group(1):
            items.append(("(", "("))
        elif m.group(2):
            items.append((")", ")"))
        elif m.group(3) is not None:
            items.append(("phrase", m.group(3).replace('""', '"')))
        elif m.group(4):
            items.append((m.group(4), m.group(4)))
        elif m.group(5):
            items.append(("phrase", m.group(5)))
    pos = 0

    def peek() -> str | None:
        return items[pos][0] if pos < len(items) else None

    def take() -> tuple[str, str]:
        nonlocal pos
        pos += 1
        return items[pos - 1]

    def or_expr() -> str | None:
        parts = [and_expr()]
        while peek() == "OR":
            take()
            parts.append(and_expr())
        kept = [p for p in parts if p]
        return None if not kept else kept[0] if len(kept) == 1 else "(" + " | ".join(kept) + ")"

    def and_expr() -> str | None:
        parts = [not_expr()]
        while peek() in ("AND", "(", "phrase"):  # FTS5 reads adjacency as AND too
            if peek() == "AND":
                take()
            parts.append(not_expr())
        kept = [p for p in parts if p]
        return None if not kept else kept[0] if len(kept) == 1 else "(" + " & ".join(kept) + ")"

    def not_expr() -> str | None:
        left = primary()
        while peek() == "NOT":
            take()
            right = primary()
            if left and right:
                left = f"({left} & !{right})"
        return left

    def primary() -> str | None:
        kind, value = take() if pos < len(items) else ("end", "")
        if kind == "(":
            inner = or_expr()
            if peek() == ")":
                take()
            return inner
        if kind == "phrase":
            toks = [t for t in value.split() if t]
            if not toks:
                return None
            return _lexeme(toks[0]) if len(toks) == 1 else "(" + " <-> ".join(_lexeme(t) for t in toks) + ")"
        return None

    out = or_expr()
    return out or ""


# -- lookups -------------------------------------------------------------------------------------
def stats(lib: Any) -> tuple[int, float]:
    """(rows, average tokens per row)."""
    cur = lib.cursor()
    cur.execute("SELECT rows, tokens FROM search_stats WHERE id = 1")
    row = cur.fetchone()
    n = int(row[0]) if row else 0
    return n, (int(row[1]) / n if n else 1.0)


def doc_freqs(lib: Any, terms: list[str]) -> dict[str, int]:
    if not terms:
        return {}
    cur = lib.cursor()
    cur.execute("SELECT term, df FROM search_terms WHERE term = ANY(%s)", (sorted(set(terms)),))
    found = {t: int(d) for t, d in cur.fetchall()}
    return {t: found.get(t, 0) for t in set(terms)}


def _match_sql(lib: Any, filters: dict[str, Any], side: str | None) -> tuple[str, list[Any]]:
    where, params = _filters(lib, filters, side)  # the same filters as SQLite ("?" placeholders)
    join = " JOIN documents d ON d.id = r.doc_id" if "d." in where else ""
    return lib.q(f"FROM search_rows r{join} WHERE r.tsv @@ ?::tsquery {where}"), params


def candidates(
    lib: Any, match: str, filters: dict[str, Any], side: str | None, k: int
) -> list[tuple[int, str, str, str, int, str]]:
    """Top-k rows for `match` by ts_rank (normalised by length): (rowid, doc_id, unit_id, side, ntok, tokens)."""
    tsq = to_tsquery(match)
    if not tsq:
        return []
    frm, params = _match_sql(lib, filters, side)
    cur = lib.cursor()
    cur.execute(
        f"SELECT r.id, r.doc_id, r.unit_id, r.side, r.ntok, r.tokens {frm}"
        " ORDER BY ts_rank(r.tsv, %s::tsquery, 1) DESC, r.id LIMIT %s",
        (tsq, *params, tsq, k),
    )
    return [tuple(r) for r in cur.fetchall()]


def count(lib: Any, match: str, filters: dict[str, Any], side: str | None) -> int:
    """How many units match (a unit matching on both sides counts once)."""
    tsq = to_tsquery(match)
    if not tsq:
        return 0
    frm, params = _match_sql(lib, filters, side)
    cur = lib.cursor()
    cur.execute(f"SELECT COUNT(*) FROM (SELECT DISTINCT r.doc_id, r.unit_id {frm}) x", (tsq, *params))
    return int(cur.fetchone()[0])


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


def doc_meta(lib: Any, doc_ids: list[str]) -> dict[str, tuple[str | None, str | None]]:
    """(source, published) per document, for facets."""
    if not doc_ids:
        return {}
    cur = lib.cursor()
    cur.execute("SELECT id, source, published FROM documents WHERE id = ANY(%s)", (sorted(set(doc_ids)),))
    return {r[0]: (r[1], r[2]) for r in cur.fetchall()}


def fuzzy_names(lib: Any, text: str, limit: int = 5, kind: str | None = None) -> list[tuple[str, str, float]]:
    """Authors and sources spelled like `text` (pg_trgm similarity): [(name, kind, similarity)]."""
    text = (text or "").strip()
    if not text:
        return []
    cur = lib.cursor()
    cur.execute(
        "SELECT name, kind, similarity(name, %s) AS s FROM search_names WHERE name %% %s"
        + (" AND kind = %s" if kind else "")
        + " ORDER BY s DESC, name LIMIT %s",
        (text, text, *([kind] if kind else []), int(limit)),
    )
    return [(r[0], r[1], float(r[2])) for r in cur.fetchall()]
