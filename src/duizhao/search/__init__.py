"""Search across languages and scripts: `search(library, query, …)` → the SPEC's result shape.

Pieces: analyzer.py (text → tokens, shared by every backend), query.py (the query language →
weighted concepts → one FTS5 MATCH), translate.py (CC-CEDICT query translation), rank.py (weighted
BM25 re-scoring, fusion), dense.py (optional multilingual-e5-small), snippet.py (marked snippets),
sqlite_index.py (the SQLite tables and the library hooks).

Result: {"query", "total", "total_exact", "relaxed", "hits": [{"doc_id", "path", "title", "unit_id", "zh", "en",
"score", "snippet", "side"}], "facets": {"source": [[name, n]…], "year": [[yyyy, n]…]}}.
Snippets wrap matched terms in « » (see snippet.py). `facets` count the hits that were ranked (the
top max(200, 3 × page end) candidates), not the whole match set. `total` is the number of matching
units (with dense retrieval on, plus the dense-only hits that were ranked); counting stops at
TOTAL_CAP matching index rows (unit sides), and is skipped when the query's posting lists hold
more than COUNT_WORK entries; then `total_exact` is false and `total` is a lower bound (TOTAL_CAP, or
the units ranked so far; show it as "1000+"): an exact count of common words at a million units
costs more than the search itself.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from ..errors import BadInput
from . import analyzer, rank
from . import query as query_mod
from . import snippet as snippet_mod

__all__ = ["search", "parse_query"]

MAX_CONCEPTS_FOR_AND = 6  # longer queries (a pasted sentence) go straight to ranked OR
TOTAL_CAP = 1000  # index rows read at most to count the matches (see the module docstring)
# Counting still walks every posting list the MATCH names; past COUNT_WORK postings (sum of the
# alternatives' document frequencies) it is skipped and `total` is the lower bound already in hand.
COUNT_WORK = 50_000
WEAK = 0.5  # an alternative below this weight is "weak" (see _trimmed_and)
# First stage: FTS5's bm25 ranks every matching row (~3–4 µs CPU each), so at a million units a
# common word costs 100s of ms. When the document frequencies say more than RANK_SCAN rows may match:
# - a ranked-OR query (relaxed, or a pasted sentence) keeps only its rarest alternatives, up to
#   RANK_SCAN rows' worth (the common ones carry little BM25 weight; the re-scoring still counts them);
# - an AND query of common words ranks only the newest RANK_SCAN matches (candidates_bounded).
# How often that happens: bench/search.py latency.*.bounded_share (0% at 10k units, 7.5% at 100k,
# 74% at 1M). The dev-set quality figures never reach it (~2k rows): its effect on ranking quality at
# scale is NOT measured yet. Below RANK_SCAN rows per query nothing changes.
RANK_SCAN = 4000
parse_query = query_mod.parse


@lru_cache(maxsize=512)
def _parsed(query: str, mode: str) -> query_mod.Query:
    """Parsing and translating a query costs ~1–3 ms; pages 2, 3… and facet clicks repeat it.
    (search() never mutates the Query.)"""
    return query_mod.parse(query, mode)


def _backend(lib: Any) -> Any:
    """The index module for this library's backend (same functions: see sqlite_index.py)."""
    if getattr(lib, "param", "?") == "?":
        from . import sqlite_index

        return sqlite_index
    from . import postgres_index

    return postgres_index


def _date(value: str | None, name: str, strict: bool) -> str | None:
    if not value:
        return None
    v = str(value).strip()
    for fmt, pad in (("%Y-%m-%d", ""), ("%Y-%m", "-01"), ("%Y", "-01-01")):
        try:
            dt.datetime.strptime(v, fmt)
        except ValueError:
            continue
        if name == "to" and pad:
            return v + ("-12-31" if pad == "-01-01" else "-31")
        return v + pad
    if strict:
        raise BadInput(f"--{name}: {value!r} is not a date (YYYY-MM-DD)")
    return None


def search(
    library: Any,
    query: str,
    *,
    limit: int = 10,
    offset: int = 0,
    source: str | None = None,
    author: str | None = None,
    keyword: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    side: str | None = None,
    group_by_document: bool = False,
    dense: bool | None = None,
    snippets: bool = True,
) -> dict[str, Any]:
    """Ranked unit hits for `query` (any string).

    dense: None = use embeddings when the library has them; snippets=False leaves "snippet" empty (cheaper).
    """
    if limit < 1 or limit > 1000:
        raise BadInput("limit must be between 1 and 1000")
    if offset < 0:
        raise BadInput("offset must be ≥ 0")
    if side not in (None, "", "zh", "en"):
        raise BadInput(f"side must be zh or en, not {side!r}")
    ix = _backend(library)
    mode = ix.analyzer_mode(library)
    q = _parsed(query, mode)
    filters = {
        "source": source or q.filters.get("source"),
        "author": author or q.filters.get("author"),
        "keyword": keyword or q.filters.get("keyword"),
        "date_from": _date(date_from, "from", True) or _date(q.filters.get("date_from"), "from", False),
        "date_to": _date(date_to, "to", True) or _date(q.filters.get("date_to"), "to", False),
    }
    if q.filters.get("year") and str(q.filters["year"]).isdigit():
        filters["year"] = int(q.filters["year"])
    side = side or q.side or None
    result: dict[str, Any] = {
        "query": query,
        "total": 0,
        "total_exact": True,
        "relaxed": False,
        "hits": [],
        "facets": {"source": [], "year": []},
    }

    pool = max(200, 3 * (offset + limit))
    unit_scores: dict[tuple[str, str], tuple[float, str]] = {}
    total = 0
    expr = q.match(relaxed=len(q.concepts) > MAX_CONCEPTS_FOR_AND)
    if expr is not None:
        n, avgdl = ix.stats(library)
        df = ix.doc_freqs(library, sorted({t for c in q.concepts for a in c.alts for t in a.tokens}))
        relaxed = len(q.concepts) > MAX_CONCEPTS_FOR_AND
        if relaxed:
            expr, est = _pruned_or(q, df, n)
        else:
            expr = _trimmed_and(q, df) or expr
            est = _estimate(q.concepts, df, n)
        rows = _candidates(ix, library, expr, filters, side, pool, est) if expr else []
        if not rows and len(q.concepts) > 1 and not relaxed:
            expr, est = _pruned_or(q, df, n)
            rows = _candidates(ix, library, expr, filters, side, pool, est) if expr else []
            result["relaxed"] = bool(rows)
        else:
            result["relaxed"] = relaxed
        if rows:
            scores = rank.score_rows(q.concepts, [(r[0], r[4], r[5]) for r in rows], df, n, avgdl)
            for r in rows:
                key = (r[1], r[2])
                s = scores.get(r[0], 0.0)
                if key not in unit_scores or s > unit_scores[key][0]:
                    unit_scores[key] = (s, r[3])
            if len(rows) < pool:
                total = len(unit_scores)
            elif sum(_alt_df(a, df) for a in {a for c in q.concepts for a in c.alts}) > COUNT_WORK:
                total, result["total_exact"] = len(unit_scores), False
            elif hasattr(ix, "count_capped"):
                total, result["total_exact"] = ix.count_capped(library, expr, filters, side, TOTAL_CAP)
            else:
                total = ix.count(library, expr, filters, side)
    lexical = sorted(unit_scores, key=lambda k: (-unit_scores[k][0], k))

    ordered: list[tuple[tuple[str, str], float, str]] = [(k, unit_scores[k][0], unit_scores[k][1]) for k in lexical]
    use_dense = dense if dense is not None else _dense_ready(library)
    if use_dense and q.concepts:
        from . import dense as dense_mod

        allowed = None
        if any(v for v in filters.values()):
            where, params = library._where({k: v for k, v in filters.items() if v})
            cur = library.cursor()
            cur.execute(library.q(f"SELECT id FROM documents{where}"), params)
            allowed = {r[0] for r in cur.fetchall()}
        text = " ".join(c.label for c in q.concepts)
        hits = dense_mod.search(library, text, k=pool, side=side, allowed_docs=allowed)
        dense_units: list[tuple[str, str]] = []
        dense_side: dict[tuple[str, str], str] = {}
        for (d, u, s), _score in hits:
            if (d, u) not in dense_side:
                dense_side[(d, u)] = s
                dense_units.append((d, u))
        fused = rank.fuse([f"{d}\x00{u}" for d, u in lexical], [f"{d}\x00{u}" for d, u in dense_units], q.lang or "en")
        ordered = []
        for fkey, fscore in fused:
            d, u = fkey.split("\x00", 1)
            k2 = (d, u)
            ordered.append((k2, fscore, unit_scores[k2][1] if k2 in unit_scores else dense_side[k2]))
        total += sum(1 for k in dense_units if k not in unit_scores)

    if group_by_document:
        seen: set[str] = set()
        grouped = []
        for item in ordered:
            if item[0][0] not in seen:
                seen.add(item[0][0])
                grouped.append(item)
        ordered = grouped
        total = len(grouped) if len(grouped) < pool else total
    result["total"] = max(total, len(ordered))

    meta = ix.doc_meta(library, [k[0] for k, _, _ in ordered])
    src: dict[str, int] = {}
    years: dict[str, int] = {}
    for (d, _u), _s, _side in ordered:
        s_, pub = meta.get(d, (None, None))
        if s_:
            src[s_] = src.get(s_, 0) + 1
        if pub:
            years[pub[:4]] = years.get(pub[:4], 0) + 1
    result["facets"] = {
        "source": sorted(src.items(), key=lambda kv: (-kv[1], kv[0])),
        "year": sorted(years.items(), key=lambda kv: kv[0], reverse=True),
    }

    page = ordered[offset : offset + limit]
    texts = ix.units_text(library, [k for k, _, _ in page])
    wanted = q.mark_tokens(mode)
    for (d, u), s, hit_side in page:
        t = texts.get((d, u))
        if t is None:
            continue
        text = t[hit_side] or t["zh"] or t["en"]
        lang = hit_side if t[hit_side] else ("zh" if t["zh"] else "en")
        result["hits"].append(
            {
                "doc_id": d,
                "path": t["path"],
                "title": {"zh": t["title_zh"], "en": t["title_en"]},
                "unit_id": u,
                "zh": t["zh"],
                "en": t["en"],
                "score": round(float(s), 6),
                "side": hit_side,
                "snippet": snippet_mod.snippet(text, lang, wanted, mode) if snippets else "",
            }
        )
    return result


def _alt_df(a: query_mod.Alt, df: dict[str, int]) -> int:
    return min((df.get(t, 0) for t in a.tokens), default=0)


def _estimate(concepts: list[query_mod.Concept], df: dict[str, int], n: int) -> int:
    """An upper bound of the rows an AND query can match, from document frequencies alone."""
    return min((min(n, sum(_alt_df(a, df) for a in c.alts)) for c in concepts), default=0)


def _trimmed_and(q: query_mod.Query, df: dict[str, int]) -> str | None:
    """The AND expression without weak (weight < WEAK) alternatives that are common (df > RANK_SCAN).

    FTS5 intersects AND branches by walking each OR branch's posting lists; a loose translation of a
    common word ("不要" → "want") can hold 100k+ postings at a million units and dominate the cost,
    while adding little that the word's strong forms do not find. They still count in re-scoring.
    Never triggers below RANK_SCAN rows per term, i.e. not on small libraries (nor the dev set).
    """
    weak = {a for c in q.concepts for a in c.alts if a.weight < WEAK and _alt_df(a, df) > RANK_SCAN}
    if not weak:
        return None
    return q.match(only=lambda a: a not in weak)


def _pruned_or(q: query_mod.Query, df: dict[str, int], n: int) -> tuple[str | None, int]:
    """(ranked-OR expression, its row estimate): the rarest alternatives, about RANK_SCAN rows' worth."""
    alts = sorted({a for c in q.concepts for a in c.alts if _alt_df(a, df)}, key=lambda a: (_alt_df(a, df), a.tokens))
    if n <= RANK_SCAN or sum(_alt_df(a, df) for a in alts) <= RANK_SCAN:
        return q.match(relaxed=True), min(n, sum(_alt_df(a, df) for a in alts))  # small enough to rank all
    keep: set[query_mod.Alt] = set()
    rows = 0
    for a in alts:
        d = _alt_df(a, df)
        if keep and rows + d > RANK_SCAN:
            break
        keep.add(a)
        rows += d
    if len(keep) == len(alts):
        return q.match(relaxed=True), min(n, rows)  # nothing pruned
    return q.match(relaxed=True, only=keep.__contains__), min(n, rows)


def _candidates(ix: Any, library: Any, expr: str, filters: dict, side: str | None, pool: int, est: int) -> list:
    if est > RANK_SCAN and hasattr(ix, "candidates_bounded"):
        return ix.candidates_bounded(library, expr, filters, side, pool, RANK_SCAN)
    return ix.candidates(library, expr, filters, side, pool)


def _dense_ready(library: Any) -> bool:
    try:
        from . import dense as dense_mod

        return dense_mod.available() and dense_mod.has_vectors(library)
    except Exception:  # noqa: BLE001 - a backend without the vectors table simply has no dense search
        return False


def reindex(library: Any, mode: str | None = None) -> int:
    if mode is not None and mode not in analyzer.BIGRAMS_MODES:
        raise BadInput(f"mode must be one of {', '.join(analyzer.BIGRAMS_MODES)}")
    return _backend(library).rebuild(library, mode)
