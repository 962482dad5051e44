"""Search across languages and scripts: `search(library, query, …)` → the SPEC's result shape.

Pieces: analyzer.py (text → tokens, shared by every backend), query.py (the query language →
weighted concepts → the Match the index is asked for), translate.py (CC-CEDICT query translation),
rank.py (weighted BM25 re-scoring, fusion), dense.py (optional multilingual-e5-small), snippet.py
(marked snippets), index.py (the SearchIndex protocol) and its backends sqlite_index.py, postgres_index.py.

Result: {"query", "total", "total_exact", "relaxed", "first_stage", "hits": [{"doc_id", "path", "title", "unit_id",
"zh", "en", "score", "snippet", "side"}], "facets": {"source": [[name, n]…], "year": [[yyyy, n]…]}}.
`first_stage` says how the rows to score were found: "exact" (every match scored), "champions" (a
one-concept query over common terms, from the champion lists: exact as far as their impacts go, see
tiers.py), "bounded" (a conjunction of common words: its newest BOUNDED_SCAN matches plus verified
champions; on SQLite found from the whole match set, which posting bitmaps give at once, so its
`total` is exact: postings.py) or "pruned" (a long OR query: only its rarer alternatives searched). Snippets wrap matched
terms in « » (see snippet.py). `facets` count the hits that were ranked (the top max(200, 3 × page
end) units), not the whole match set. `total` is the number of matching units (with dense retrieval
on, plus the dense-only hits that were ranked) when every match was scored or counting is cheap;
otherwise `total_exact` is false and `total` is a lower bound (at most TOTAL_CAP; show it as "1000+"):
an exact count of common words at a million units costs more than the search itself.
"""

from __future__ import annotations

import datetime as dt
import heapq
import re
from collections.abc import Callable
from functools import lru_cache, wraps
from typing import Any, ParamSpec, TypeVar

from .. import catalog
from ..errors import BadInput
from ..terms.lookup import NONE as NO_TERMS
from ..terms.lookup import QueryTerms, query_terms
from . import analyzer, index, index_rows, postings, rank, tiers
from . import query as query_mod
from . import snippet as snippet_mod
from .index import Counted, SearchIndex

__all__ = ["search", "parse_query"]
P = ParamSpec("P")
R = TypeVar("R")

MAX_CONCEPTS_FOR_AND = 6  # longer queries (a pasted sentence) go straight to ranked OR
TOTAL_CAP = 1000  # index rows read at most to count the matches (see the module docstring)
# Counting still walks every posting list the MATCH names; past COUNT_WORK postings (sum of the
# alternatives' document frequencies) it is skipped and `total` is the lower bound already in hand.
COUNT_WORK = 50_000
WEAK = 0.5  # an alternative below this weight is "weak" (see _trimmed_and)
# First stage (finding the rows to score). Every candidate row is scored in Python with the query's
# weights (rank.py: ~5–10 µs a row here), so the work per query is bounded by RANK_SCAN rows:
# - fewer matches than RANK_SCAN (counted by the index without scoring): all of them — exact;
# - a one-concept query over common terms: the champion lists (tiers.py) — exact as far as the
#   lists' impacts go (average row length of their last build);
# - a conjunction of common words with more matches: its newest BOUNDED_SCAN matches plus the
#   champions of its strong alternatives that hold every concept — approximate;
# - a long ranked-OR query (pasted sentence, relaxed): its rarest alternatives, RANK_SCAN rows' worth.
# bench/search.py measures how often each happens (latency.*.first_stage_share) and how close the
# top 10 comes to scoring every match (latency.*.first_stage_fidelity).
RANK_SCAN = 500
# With champion lists the bounded stage of a conjunction ranks fewer of the newest matches: the
# verified champions (_with_champions) bring the rows where its words weigh most.
BOUNDED_SCAN = 100
parse_query = query_mod.parse


@lru_cache(maxsize=512)
def parsed_query(query: str, mode: str, terms: QueryTerms = NO_TERMS) -> query_mod.Query:
    """Parsing and translating a query costs ~1–3 ms; pages 2, 3… and facet clicks repeat it.
    (search() never mutates the Query.) terms: the library's termbase's answers for it."""
    return query_mod.parse(query, mode, terms=terms)


def _date(value: str | None, name: str, label: str) -> str | None:
    """`value` as YYYY-MM-DD (a month or a year widened to its first or, for "to", last day);
    BadInput naming `label` (the option or the query field the user wrote) when it is no date."""
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
    raise BadInput(f"{label} {value!r} is not a date (YYYY-MM-DD)")


def _one_snapshot(fn: Callable[P, R]) -> Callable[P, R]:
    """`fn` run inside one read snapshot of its library (its first argument): ~20 statements, one view."""

    @wraps(fn)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with args[0].reading():  # type: ignore[attr-defined]  # a Library
            return fn(*args, **kwargs)

    return run


@_one_snapshot
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
    other_side: bool = False,
) -> dict[str, Any]:
    """Ranked unit hits for `query` (any string).

    group_by_document: one hit per document, its next best units beneath it in "units" (BENEATH).
    Documents whose author, source or keyword holds every query word come first ("matched"); a query
    that is only filters lists the documents meeting them ("listing": true).
    dense: None = use embeddings when the library has them; snippets=False leaves "snippet" empty (cheaper).
    other_side: each hit (and related hit) also gets "other_snippet", its other side marked with the
    same (translated) tokens, for the CLI's and the web page's two marked lines (not in SPEC's JSON).
    """
    if limit < 1 or limit > 1000:
        raise BadInput("limit must be between 1 and 1000")
    if offset < 0:
        raise BadInput("offset must be ≥ 0")
    if side not in (None, "", "zh", "en"):
        raise BadInput(f"side must be zh or en, not {side!r}")
    ix: SearchIndex = library.search_index
    mode = index_rows.analyzer_mode(library)
    q = parsed_query(query, mode, query_terms(library, query))
    filters = {
        "source": source or q.filters.get("source"),
        "author": author or q.filters.get("author"),
        "keyword": keyword or q.filters.get("keyword"),
        "date_from": _date(date_from, "from", "--from") or _date(q.filters.get("date_from"), "from", "from:"),
        "date_to": _date(date_to, "to", "--to") or _date(q.filters.get("date_to"), "to", "to:"),
    }
    if q.filters.get("year"):
        # a filter the user typed is never dropped in silence (it would widen the search unasked)
        if not re.fullmatch(r"\d{4}", str(q.filters["year"])):
            raise BadInput(f"year: {q.filters['year']!r} is not a year (YYYY)")
        filters["year"] = int(q.filters["year"])
    side = side or q.side or None
    result: dict[str, Any] = {
        "query": query,
        "total": 0,
        "total_exact": True,
        "relaxed": False,
        "first_stage": "exact",
        "hits": [],
        "facets": {"source": [], "year": []},
    }

    pool = max(200, 3 * (offset + limit))
    unit_scores: dict[tuple[str, str], tuple[float, str]] = {}
    total = 0
    # stopwords alone match nothing (issue 24): "the of" matched most rows, its translations (的) the rest
    stop_only = all(analyzer.is_stopword(c.label.lower()) for c in q.concepts)
    expr = None if stop_only else q.match(relaxed=len(q.concepts) > MAX_CONCEPTS_FOR_AND)
    if expr is not None:
        n, avgdl = ix.stats(library)
        tiered = tiers.state(library)
        df = doc_freqs(ix, library, q, tiered, n)
        relaxed = len(q.concepts) > MAX_CONCEPTS_FOR_AND
        if relaxed:
            expr, est = _pruned_or(q, df, n)
        else:
            expr = _trimmed_and(q, df, n) or expr
            est = _estimate(q.concepts, df, n)
        rows, stage, complete, counted, units = _first_stage(ix, library, q, df, n, filters, side, pool, tiered, relaxed, expr, est)
        loose = q.loose_text if not rows and not relaxed else None
        if loose is not None:
            # no unit holds the long quoted passage: its words, ranked (query.LONG_PHRASE)
            q = parsed_query(loose, mode, query_terms(library, loose))
            df = doc_freqs(ix, library, q, tiered, n)
        if not rows and (len(q.concepts) > 1 or loose is not None) and not relaxed:
            expr, est = _pruned_or(q, df, n)
            rows, stage, complete, counted, units = _first_stage(ix, library, q, df, n, filters, side, pool, tiered, True, expr, est)
            result["relaxed"] = bool(rows)
        else:
            result["relaxed"] = relaxed
        result["first_stage"] = stage
        if rows:
            scores = rank.score_rows(q.concepts, [(r[0], r[4], r[5]) for r in rows], df, n, avgdl)
            for r in rows:
                key = (r[1], r[2])
                s = scores.get(r[0], 0.0)
                if key not in unit_scores or s > unit_scores[key][0]:
                    unit_scores[key] = (s, r[3])
            if units is not None:
                total = units  # the first stage had every match (posting bitmaps): counted exactly
            elif stage == "champions":
                # the lists hold a term found in ≥ MIN_DF (> TOTAL_CAP) rows: "1000+" without counting
                total, result["total_exact"] = max(TOTAL_CAP, len(unit_scores)), False
            elif complete:
                total = len(unit_scores)  # every matching row was scored
            elif counted is not None and counted.rows >= RANK_SCAN and counted.rows > TOTAL_CAP:
                # at least this many units: a unit has at most two index rows (its sides)
                low = min(TOTAL_CAP, counted.rows if side else -(-counted.rows // 2))
                total, result["total_exact"] = max(low, len(unit_scores)), False
            elif sum(_alt_df(a, df) for a in {a for c in q.concepts for a in c.alts}) > COUNT_WORK:
                total, result["total_exact"] = len(unit_scores), False
            elif expr is not None:  # (rows were found by it)
                total, result["total_exact"] = index.count_capped(library, expr, filters, side, TOTAL_CAP, counted)
    # the best `pool` units are ranked and shown in facets (up to RANK_SCAN rows may have been scored)
    lexical = heapq.nsmallest(pool, unit_scores, key=lambda k: (-unit_scores[k][0], k))

    ordered: list[tuple[tuple[str, str], float, str]] = [(k, unit_scores[k][0], unit_scores[k][1]) for k in lexical]
    use_dense = dense if dense is not None else _dense_ready(library)
    related: list[tuple[tuple[str, str], float, str]] = []
    if use_dense and not stop_only:
        from . import dense as dense_mod

        allowed = catalog.meeting(library, filters) if any(v for v in filters.values()) else None
        ordered, related, above = dense_mod.fused(library, q, side, pool, lexical, unit_scores, allowed)
        total += above

    matched: dict[str, list[str]] = {}
    words = catalog.metadata_words(query) if q.concepts else []
    if words or (not q.concepts and any(v for v in filters.values())):
        # authors and keywords are scanned only when the text found less than a page (catalog.matching)
        found = catalog.matching(
            library, words, filters, catalog.MAX_DOCS if words else offset + limit, len(ordered) < offset + limit or not words, query,
        )
        matched = dict(found)
        firsts = catalog.first_units(library, list(matched))
        top = ordered[0][1] if ordered else 1.0
        front = [((d, firsts[d]), top, "zh") for d in matched if d in firsts]
        ordered = front + [item for item in ordered if item[0][0] not in matched]
        if not q.concepts:
            result["listing"] = True
            total = catalog.count(library, filters)
        else:
            total += len(front)
    beneath: dict[str, list[tuple[tuple[str, str], float, str]]] = {}
    if group_by_document:
        grouped = []
        for item in ordered:
            if item[0][0] not in beneath:
                beneath[item[0][0]] = []
                grouped.append(item)
            elif len(beneath[item[0][0]]) < BENEATH and item[0][0] not in matched:
                beneath[item[0][0]].append(item)
        ordered = grouped
        total = len(grouped) if len(grouped) < pool or result.get("listing") else total
    result["total"] = max(total, len(ordered))

    meta = index.doc_meta(library, [k[0] for k, _, _ in ordered])
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
    under = [k for (d, _u), _s, _side in page for k, _s2, _side2 in beneath.get(d, [])]
    shown = [k for k, _, _ in page] + under + [k for k, _, _ in related]
    texts = ix.units_text(library, [k for k in shown if k[1] != index_rows.TITLE_ID])
    texts.update(index.titles_text(library, [d for d, u in shown if u == index_rows.TITLE_ID]))
    wanted = q.mark_tokens(mode)

    def hit(d: str, u: str, s: float, hit_side: str, others: bool = False) -> dict[str, Any] | None:
        t = texts.get((d, u))
        if t is None:
            return None
        if not t[hit_side]:  # a document listed by its metadata, its first unit in one language
            hit_side = "en" if t["en"] else "zh"
        text = t[hit_side] or ""
        lang = hit_side
        out = {
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
        if others:
            other = "en" if hit_side == "zh" else "zh"
            out["other_snippet"] = snippet_mod.snippet(t[other], other, wanted, mode) if t[other] else ""
        if u == index_rows.TITLE_ID:
            # the document's title matched: no unit (unit_id null), the title is the matching text
            out["unit_id"] = None
            out["matched"] = ["title"]
        return out

    for (d, u), s, hit_side in page:
        h = hit(d, u, s, hit_side, other_side)
        if h is None:
            continue
        if d in matched:
            h["matched"] = [*matched[d], *h.get("matched", [])]
        if group_by_document:
            h["units"] = [x for x in (hit(*k, s2, side2) for k, s2, side2 in beneath.get(d, [])) if x]
        result["hits"].append(h)
    if related and offset == 0:
        # dense-only neighbours below the floor, apart from the hits and never counted (first page only)
        result["related"] = [x for x in (hit(*k, s, side_, other_side) for k, s, side_ in related) if x]
    return result


BENEATH = 3  # a document's best units shown under its hit when results are grouped by document


def _alt_df(a: query_mod.Alt, df: dict[str, int]) -> int:
    return min((df.get(t, 0) for t in a.tokens), default=0)


def _estimate(concepts: list[query_mod.Concept], df: dict[str, int], n: int) -> int:
    """An upper bound of the rows an AND query can match, from document frequencies alone."""
    return min((min(n, sum(_alt_df(a, df) for a in c.alts)) for c in concepts), default=0)


def _costly(a: query_mod.Alt, df: dict[str, int], n: int) -> bool:
    """An alternative that costs the index far more than it can add to the match set: a weak
    translation (weight < WEAK) of a common word, or a phrase holding a word found in more than
    STOP_SHARE of all rows ("end of the year": FTS5 checks positions along all of "the")."""
    if a.weight < WEAK and _alt_df(a, df) > RANK_SCAN:
        return True
    return len(a.tokens) > 1 and max(df.get(t, 0) for t in a.tokens) > max(RANK_SCAN, STOP_SHARE * n)


STOP_SHARE = 0.1


def _trimmed_and(q: query_mod.Query, df: dict[str, int], n: int = 0) -> query_mod.Match | None:
    """The AND expression without the costly alternatives (_costly), or None when none is costly.

    FTS5 intersects AND branches by walking each OR branch's posting lists; a loose translation of a
    common word ("不要" → "want") can hold 100k+ postings at a million units and dominate the cost,
    while adding little that the word's strong forms do not find. They still count in re-scoring, and
    a concept left with nothing keeps all its alternatives (Query.match).
    Never triggers below RANK_SCAN rows per term, i.e. not on small libraries (nor the dev set).
    """
    costly = costly_alts(q, df, n)
    if not costly:
        return None
    return q.match(only=lambda a: a not in costly)


def costly_alts(q: query_mod.Query, df: dict[str, int], n: int) -> set[query_mod.Alt]:
    """The alternatives a conjunction leaves out of its walk (_costly); bench/search.py's peer too."""
    return {a for c in q.concepts for a in c.alts if _costly(a, df, n)}


def _pruned_or(q: query_mod.Query, df: dict[str, int], n: int) -> tuple[query_mod.Match | None, int]:
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


def _first_stage(
    ix: SearchIndex, library: Any, q: query_mod.Query, df: dict[str, int], n: int, filters: dict, side: str | None,
    pool: int, tiered: tiers.Tiers | None, relaxed: bool, expr: query_mod.Match | None, est: int,
) -> tuple[list, str, bool, Counted | None, int | None]:
    """Candidate rows for re-scoring: (rows, stage, complete, counted, units).

    complete: the rows are every match (so the ranking and the count are exact); counted: the index
    rows counted (up to 2 × TOTAL_CAP) when counting was needed; units: the exact number of matching units when
    the whole match set was in hand (posting bitmaps), else None. Every candidate is re-scored with the
    query's weights (rank.py); no FTS5 ranking is involved, so a strong word's rows are never crowded
    out by a loose translation's (FTS5's bm25 weighs all alternatives alike).
    """
    if not expr:
        return [], "exact", True, None, None
    if relaxed:
        rows = ix.matching_rows(library, expr, filters, side, RANK_SCAN)
        pruned = expr != q.match(relaxed=True)
        return rows, ("pruned" if pruned else "exact"), (not pruned and len(rows) < RANK_SCAN), None, None
    if est > RANK_SCAN and tiered is not None:
        champions = _champion_first_stage(ix, library, q, tiered, df, n, filters, side, pool)
        if champions is not None:
            return champions, "champions", False, None, None
    if est > RANK_SCAN:
        ids = ix.matching_ids(library, expr, filters, side)
        if ids is not None:
            return (*_from_ids(library, q, tiered, df, n, side, ids), postings.units_of(ids))
    counted = None
    if est > RANK_SCAN:
        # the frequencies only bound a conjunction's match set from above; counting (no scoring) is
        # cheap, and counted far enough it also says "1000+ units" (a unit has at most two rows)
        counted = ix.count(library, expr, filters, side, max(RANK_SCAN, 2 * TOTAL_CAP))
    if counted is None or counted.rows < RANK_SCAN:
        rows = index.rows(library, expr, filters, side, RANK_SCAN, counted=counted)
        return rows, "exact", len(rows) < RANK_SCAN, counted, None
    if len(q.concepts) > 1 and tiered is not None:
        rows = index.rows(library, expr, filters, side, min(BOUNDED_SCAN, RANK_SCAN), counted=counted)
        return _with_champions(library, q, tiered, filters, side, rows, df, n), "bounded", False, counted, None
    return index.rows(library, expr, filters, side, RANK_SCAN, counted=counted), "bounded", False, counted, None


def _from_ids(
    library: Any, q: query_mod.Query, tiered: tiers.Tiers | None, df: dict[str, int], n: int, side: str | None,
    ids: Any,
) -> tuple[list, str, bool, None]:
    """The first stage over the whole match set (a bitmap of row ids): every row when there are fewer
    than RANK_SCAN; else the bounded stage's newest BOUNDED_SCAN rows plus each concept's champions
    that are in the set (membership is exact: phrases, exclusions, filters and side included)."""
    matched = len(ids)
    if matched < RANK_SCAN:
        return index.rows_in_order(library, postings.newest(ids, RANK_SCAN)), "exact", True, None
    if len(q.concepts) == 1 or tiered is None:
        return index.rows_in_order(library, postings.newest(ids, RANK_SCAN)), "bounded", False, None
    chosen = postings.newest(ids, BOUNDED_SCAN)
    have = set(chosen)
    for rowid in _concept_champions(library, q, tiered, df, n, side):
        if rowid not in have and rowid in ids:
            have.add(rowid)
            chosen.append(rowid)
    return index.rows_in_order(library, chosen), "bounded", False, None



def doc_freqs(ix: Any, library: Any, q: query_mod.Query, tiered: tiers.Tiers | None, n: int) -> dict[str, int]:
    """Document frequencies as of the champion lists' build (scaled to today's row count; one query),
    and from the index for terms new since (fts5vocab reads a term's whole posting list)."""
    terms = sorted(q.tokens())
    if tiered is None or not tiered.df:
        return dict(ix.doc_freqs(library, terms))
    scale = n / max(tiered.rows, 1)
    built = {t: tiered.df[t] for t in terms if t in tiered.df}
    built.update(tiers.stored_dfs(library, [t for t in terms if t not in built]))
    out = {t: max(1, round(d * scale)) for t, d in built.items()}
    out.update(ix.doc_freqs(library, [t for t in terms if t not in out]))  # new since the build, or in no row
    return out


def _champion_first_stage(
    ix: Any, library: Any, q: query_mod.Query, tiered: tiers.Tiers, df: dict[str, int], n: int,
    filters: dict, side: str | None, pool: int,
) -> list | None:
    """Candidates of a one-concept query from the champion lists; None when they cannot answer it.

    Exact (as far as the lists' impacts go): the concept scores as its best alternative, so its top
    `pool` rows are among the top `pool` of each alternative. Alternatives without a list (rare words,
    phrases) are ranked by the index as usual; rows indexed after the lists were built (the tail) too.
    Not used with metadata filters, exclusions or several concepts (the bounded stage handles those).
    """
    if len(q.concepts) != 1 or q.excluded or pool > tiered.keep or any(v for v in filters.values()):
        return None
    alts = q.concepts[0].alts
    listed = [a for a in alts if len(a.tokens) == 1 and a.tokens[0] in tiered.df]
    if not listed:
        return None
    weighted = _listed_weights(listed, tiered, df, n)
    rows: list = tiers.best_champions(library, weighted, pool, side)
    rest = [a for a in alts if a not in listed and not _costly(a, df, n)]  # costly ones: scored, not searched
    if rest:
        rows += _rest_rows(ix, library, rest, listed, side)
    if tiers.newest_row(library) > tiered.upto:
        # the tail (rows indexed since the lists were built; maintain() keeps it under tiers.MERGE_MIN)
        rows += ix.matching_rows(library, query_mod.Match.either(listed), filters, side, RANK_SCAN, tiered.upto)
    unique: dict[int, Any] = {}
    for r in rows:
        unique.setdefault(r[0], r)
    return list(unique.values())


def _rest_rows(ix: Any, library: Any, rest: list[query_mod.Alt], listed: list[query_mod.Alt], side: str | None) -> list:
    """The newest RANK_SCAN rows the unlisted alternatives of a one-concept query match (rare words,
    phrases). A word's character-bigram fallback is searched only where the word itself is not a
    token: where it is, the row is the word's, and the word's champion list ranks it (the bigrams
    stand wherever the word does, as often)."""
    words = [a for a in listed if a.kind == "orig"]
    fallbacks = [a for a in rest if a.kind == "bigram"]
    others = [a for a in rest if a.kind != "bigram"]
    parts = [
        ix.matching_ids(library, query_mod.Match.either(alts), {}, side, unless=unless)
        for alts, unless in ((fallbacks, words), (others, []))
        if alts
    ]
    if all(p is not None for p in parts):
        ids = parts[0] if len(parts) == 1 else parts[0] | parts[1]
        return index.rows_in_order(library, postings.newest(ids, RANK_SCAN))
    return ix.matching_rows(library, query_mod.Match.either(rest), {}, side, RANK_SCAN)


CHAMPION_EXTRAS = 50  # champions per concept checked for a several-concept query


def _listed_weights(alts: list[query_mod.Alt], tiered: tiers.Tiers, df: dict[str, int], n: int) -> list[tuple[float, str]]:
    """(weight × idf, term) of the one-token alternatives that have a champion list."""
    return [
        (a.weight * rank.idf(df.get(a.tokens[0], 0), n), a.tokens[0])
        for a in alts
        if len(a.tokens) == 1 and a.tokens[0] in tiered.df
    ]


def _concept_champions(
    library: Any, q: query_mod.Query, tiered: tiers.Tiers, df: dict[str, int], n: int, side: str | None
) -> list[int]:
    """Concept by concept, its CHAMPION_EXTRAS best row ids over its strong listed alternatives."""
    return [
        rowid
        for c in q.concepts
        for rowid in tiers.best_champion_ids(library, _listed_weights([a for a in c.alts if a.weight >= WEAK], tiered, df, n), CHAMPION_EXTRAS, side)
    ]


def _with_champions(
    library: Any, q: query_mod.Query, tiered: tiers.Tiers, filters: dict, side: str | None, rows: list,
    df: dict[str, int], n: int,
) -> list:
    """The bounded stage's rows plus each concept's champions that hold every concept and meet the
    filters (the lists know nothing of metadata).

    The bounded stage ranks only the newest BOUNDED_SCAN matches of a conjunction of common words; rows
    where one of the concepts weighs most (short rows holding its word) are then missed however old.
    Per concept, its CHAMPION_EXTRAS rows of highest weight × idf × impact over its strong listed
    alternatives (a concept scores as its best alternative, rank.py) are checked against the other
    concepts on their tokens, cheaply. (Fifty per alternative instead read ~4× the rows, for the same
    top 10 in all 272 bounded queries of bench/search.py's two query sets at 1M units.)"""
    if q.excluded:
        return rows
    have = {r[0] for r in rows}
    # the lists read alone (without a side); the token lookup below drops rows deleted since the build
    ids = set(_concept_champions(library, q, tiered, df, n, side))
    # per concept: its one-token alternatives, then its phrases (all of whose tokens the row must hold),
    # as " token " needles: a substring test on the row's padded tokens is ~3× cheaper than splitting it
    plan = [
        ([f" {a.tokens[0]} " for a in c.alts if len(a.tokens) == 1], [[f" {t} " for t in a.tokens] for a in c.alts if len(a.tokens) > 1])
        for c in q.concepts
    ]
    holding = [rowid for rowid, toks in index.tokens_of(library, sorted(ids - have)) if _holds_every(f" {toks} ", plan)]
    found = index.rows_of(library, holding)
    if found and any(v for v in filters.values()):
        meeting = catalog.meeting(library, filters, {row[1] for row in found.values()})
        found = {rowid: row for rowid, row in found.items() if row[1] in meeting}
    extra = [found[rowid] for rowid in holding if rowid in found]
    return rows + extra


def _holds_every(padded: str, plan: list[tuple[list[str], list[list[str]]]]) -> bool:
    """Whether the row (its tokens with a space before and after) holds every concept of the plan."""
    for singles, phrases in plan:  # plain loops: generator expressions cost ~2× here (~300 rows a query)
        for needle in singles:
            if needle in padded:
                break
        else:
            for phrase in phrases:
                if all(n in padded for n in phrase):
                    break
            else:
                return False
    return True


def _dense_ready(library: Any) -> bool:
    try:
        from . import dense as dense_mod

        return dense_mod.available() and dense_mod.has_vectors(library)
    except Exception:  # noqa: BLE001 - a backend without the vectors table simply has no dense search
        return False


def reindex(library: Any, mode: str | None = None) -> int:
    if mode is not None and mode not in analyzer.BIGRAMS_MODES:
        raise BadInput(f"mode must be one of {', '.join(analyzer.BIGRAMS_MODES)}")
    return library.search_index.rebuild(library, mode)
