"""Search across languages and scripts: `search(library, query, …)` → the SPEC's result shape.

Pieces: analyzer.py (text → tokens, shared by every backend), query.py (the query language →
weighted concepts → one FTS5 MATCH), translate.py (CC-CEDICT query translation), rank.py (weighted
BM25 re-scoring, fusion), dense.py (optional multilingual-e5-small), snippet.py (marked snippets),
sqlite_index.py (the SQLite tables and the library hooks).

Result: {"query", "total", "relaxed", "hits": [{"doc_id", "path", "title", "unit_id", "zh", "en",
"score", "snippet", "side"}], "facets": {"source": [[name, n]…], "year": [[yyyy, n]…]}}.
Snippets wrap matched terms in « » (see snippet.py). `facets` count the hits that were ranked (the
top max(200, 3 × page end) candidates), not the whole match set. `total` is the number of matching
units (with dense retrieval on, plus the dense-only hits that were ranked).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..errors import BadInput
from . import analyzer, rank
from . import query as query_mod
from . import snippet as snippet_mod

__all__ = ["search", "parse_query"]

MAX_CONCEPTS_FOR_AND = 6  # longer queries (a pasted sentence) go straight to ranked OR
parse_query = query_mod.parse


def _backend(lib: Any) -> Any:
    """The index module for this library's backend (same functions: see sqlite_index.py)."""
    if getattr(lib, "param", "?") == "?":
        from . import sqlite_index

        return sqlite_index
    from . import postgres_index  # type: ignore[attr-defined]  # written by the PostgreSQL backend

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
    q = query_mod.parse(query, mode)
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
        "relaxed": False,
        "hits": [],
        "facets": {"source": [], "year": []},
    }

    pool = max(200, 3 * (offset + limit))
    unit_scores: dict[tuple[str, str], tuple[float, str]] = {}
    total = 0
    expr = q.match(relaxed=len(q.concepts) > MAX_CONCEPTS_FOR_AND)
    if expr is not None:
        rows = ix.candidates(library, expr, filters, side, pool)
        if not rows and len(q.concepts) > 1 and len(q.concepts) <= MAX_CONCEPTS_FOR_AND:
            expr = q.match(relaxed=True)
            rows = ix.candidates(library, expr, filters, side, pool)
            result["relaxed"] = bool(rows)
        else:
            result["relaxed"] = len(q.concepts) > MAX_CONCEPTS_FOR_AND
        if rows:
            n, avgdl = ix.stats(library)
            df = ix.doc_freqs(library, sorted({t for c in q.concepts for a in c.alts for t in a.tokens}))
            scores = rank.score_rows(q.concepts, [(r[0], r[4], r[5]) for r in rows], df, n, avgdl)
            for r in rows:
                key = (r[1], r[2])
                s = scores.get(r[0], 0.0)
                if key not in unit_scores or s > unit_scores[key][0]:
                    unit_scores[key] = (s, r[3])
            total = ix.count(library, expr, filters, side) if len(rows) >= pool else len(unit_scores)
    lexical = sorted(unit_scores, key=lambda k: (-unit_scores[k][0], k))

    ordered: list[tuple[tuple[str, str], float, str]] = [(k, unit_scores[k][0], unit_scores[k][1]) for k in lexical]
    use_dense = dense if dense is not None else _dense_ready(library)
    if use_dense and q.concepts:
        from . import dense as dense_mod

        allowed = None
        if any(v for v in filters.values()):
            where, params = library._where({k: v for k, v in filters.items() if v})
            allowed = {r[0] for r in library.cursor().execute(f"SELECT id FROM documents{where}", params).fetchall()}
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
        for key, s in fused:
            d, u = key.split("\x00", 1)
            k2 = (d, u)
            ordered.append((k2, s, unit_scores[k2][1] if k2 in unit_scores else dense_side[k2]))
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
    wanted = q.tokens()
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
