"""Champion lists: for each common term, the rows where it weighs most, so a common word at a million
units is answered without ranking every row that holds it.

Why: FTS5's bm25() (and PostgreSQL's ts_rank) cost ~3–4 µs per matching row; a word in 90,000 rows
costs ~300 ms to rank exactly. A term's BM25 contribution to a row depends only on its frequency in the
row and the row's length (the "impact"); the rows with the highest impact are its champions. Keeping
the top KEEP of them for every term found in more than MIN_DF rows (Manning, Raghavan & Schütze,
*Introduction to Information Retrieval*, §7.1.3 "champion lists") answers a one-concept query
exactly: a concept scores as its best alternative (rank.py), so its top-k rows are among the top-k of
its alternatives' lists. Queries of several common concepts still use the bounded first stage
(search/__init__.py), with the champions that hold every concept added to it.

Tables (both backends): search_top (term, impact, row_id), search_top_terms (term, df at build; on
PostgreSQL also the list's floor: lo = its lowest impact, n = its length, kept by refresh and merge),
search_top_state (one row: upto = the largest row id when built, rows, avgdl, min_df, keep, built_at).
Rows indexed later (id > upto) are the "tail": search ranks their matches exactly beside the lists.
Rows deleted since are dropped by the join with search_rows. `refresh()` rebuilds everything from one
pass over the rows; `merge()` folds the tail in (cost ∝ tail); `maintain()` picks one after each ingest;
`duizhao optimize` rebuilds on demand. On SQLite the same pass over the rows also gathers, per listed
term, every row holding it: the posting bitmaps of postings.py, built and merged in step with the lists.
"""

from __future__ import annotations

import datetime as dt
import heapq
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from . import index, postings, rank
from .index import Row

MIN_DF = 500  # a term in fewer rows is searched exactly (search.RANK_SCAN: every match scored)
KEEP = 500  # champions kept per term: result pools up to 500 (search's pool: 3 × (offset + limit), ≥ 200)
BUILD_MIN_ROWS = 20_000  # index rows (unit sides) before the first build: below it no term is common
MERGE_MIN = 500  # a smaller tail is scored exactly beside the lists (search.RANK_SCAN)


@dataclass
class Tiers:
    upto: int  # rows with id ≤ upto are covered by the lists
    rows: int
    avgdl: float
    min_df: int
    keep: int
    built_at: str
    df: dict[str, int] = field(default_factory=dict)  # the listed terms and their document frequency at build


_STATE_SQL = "SELECT upto, rows, avgdl, min_df, keep, built_at FROM search_top_state WHERE id = 1"


def state(lib: Any) -> Tiers | None:
    """The tiers of this library (None when never built or empty). Term dfs are read once per build
    and kept on the library's state (store/state.py) until the next build or merge."""
    cur = lib.cursor()
    cur.execute(_STATE_SQL)
    row = cur.fetchone()
    if not row:
        return None
    cached = lib.state.tiers
    if cached is not None and cached.built_at == row[5] and cached.upto == row[0]:
        return cached
    t = Tiers(int(row[0]), int(row[1]), float(row[2]), int(row[3]), int(row[4]), str(row[5]))
    cur.execute(lib.q("SELECT term, df FROM search_top_terms WHERE df >= ?"), (t.min_df,))
    t.df = {term: int(d) for term, d in cur.fetchall()}
    lib.state.tiers = t
    return t


def stored_dfs(lib: Any, terms: list[str]) -> dict[str, int]:
    """Document frequencies of `terms` as of the last build (absent: not indexed then)."""
    return {t: int(d) for t, d in lib.search_index.rows_in(lib, "SELECT term, df FROM search_top_terms WHERE term IN ({marks})", terms)}


def _scan(
    lib: Any, terms: set[str], avgdl: float, keep: int, after: int, before: int,
    bar: dict[str, float], batch: int = 50_000, holders: postings.Holders | None = None,
) -> dict[str, list[tuple[float, int]]]:
    """The rows after < id < before, newest first: per term of `terms`, the (impact, id) at or above its
    bar (a list's weakest entry, when merging), at most `keep` of the best. Newest first: among equal
    impacts the first seen stays, so ties favour recent text (merge's trim then drops the older ones).
    holders: filled with every row id holding each term (the posting bitmaps, postings.py)."""
    heaps: dict[str, list[tuple[float, int]]] = {t: [] for t in terms}
    k1, b = rank.K1, rank.B
    cur = lib.cursor()
    sql = lib.q("SELECT id, ntok, tokens FROM search_rows WHERE id > ? AND id < ? ORDER BY id DESC LIMIT ?")
    last = before
    while terms:
        cur.execute(sql, (after, last, batch))
        chunk = cur.fetchall()
        if not chunk:
            break
        for rowid, ntok, tokens in chunk:
            toks = tokens.split()
            if holders is not None and holders.vocabulary is not None:
                holders.vocabulary.update(set(toks))
            present = terms.intersection(toks)
            if not present:
                continue
            norm = k1 * (1 - b + b * ntok / avgdl)
            once = (k1 + 1) / (1 + norm)  # tf = 1, by far the usual case in a paragraph
            counts = Counter(toks) if len(set(toks)) != len(toks) else None
            if holders is not None:
                pending = holders.pending
                for t in present:
                    pending.setdefault(t, []).append(rowid)
            for t in present:
                imp = once
                if counts is not None and counts[t] > 1:
                    imp = counts[t] * (k1 + 1) / (counts[t] + norm)
                h = heaps[t]
                if len(h) < keep:
                    if imp >= bar.get(t, -1.0):
                        heapq.heappush(h, (imp, rowid))
                elif imp > h[0][0]:
                    heapq.heapreplace(h, (imp, rowid))
        last = chunk[-1][0]
        if holders is not None:
            holders.flush()
    return {t: h for t, h in heaps.items() if h}


def newest_row(lib: Any) -> int:
    """The largest row id in the index (0 when empty): rows past a build's `upto` are its tail."""
    cur = lib.cursor()
    cur.execute("SELECT COALESCE(MAX(id), 0) FROM search_rows")
    return int(cur.fetchone()[0])


def _extent(lib: Any) -> tuple[int, int, float]:
    """(largest row id, rows, average tokens per row) without scanning the table."""
    upto = newest_row(lib)
    nrows, avgdl = lib.search_index.stats(lib)
    return upto, int(nrows), float(avgdl)


def refresh(lib: Any, min_df: int | None = None, keep: int | None = None) -> dict[str, Any]:
    """Rebuild the champion lists: read every index row once and keep, per common term, its `keep` rows
    of highest impact (on SQLite also every row holding it: the bitmaps), and every term's frequency
    (search reads them in one query). Returns what was built.

    The reading holds no write lock: rows added meanwhile have ids above `upto` and stay in the tail."""
    t0 = time.perf_counter()
    ix = lib.search_index
    dead_seq = postings.dead_mark(lib) if ix.BITMAPS else 0  # before the scan: deletions from now on stay noted
    holders = postings.Holders() if ix.BITMAPS else None
    min_df = MIN_DF if min_df is None else min_df
    keep = KEEP if keep is None else keep
    upto, nrows, avgdl = _extent(lib)
    vocab = ix.vocabulary(lib) if nrows else {}
    df = {t: d for t, d in vocab.items() if d >= min_df}
    heaps = _scan(lib, set(df), avgdl, keep, 0, upto + 1, {}, holders=holders)
    built = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
    tiers = Tiers(upto, nrows, avgdl, min_df, keep, built, df)
    with lib.transaction() as cur:
        cur.execute("DELETE FROM search_top")
        cur.execute("DELETE FROM search_top_terms")
        cur.execute("DELETE FROM search_top_state")
        ix.store_lists(lib, cur, heaps, vocab)
        cur.execute(
            lib.q(
                "INSERT INTO search_top_state (id, upto, rows, avgdl, min_df, keep, built_at)"
                " VALUES (1, ?, ?, ?, ?, ?, ?)"
            ),
            (tiers.upto, tiers.rows, tiers.avgdl, tiers.min_df, tiers.keep, tiers.built_at),
        )
        bitmapped = postings.write_build(cur, holders.bitmaps(), vocab, tiers.upto, dead_seq) if holders is not None else None
    lib.state.tiers = None
    return {
        "terms": len(tiers.df),
        **({"bitmaps": bitmapped} if bitmapped is not None else {}),
        "entries": sum(len(h) for h in heaps.values()),
        "rows": tiers.rows,
        "upto": tiers.upto,
        "seconds": round(time.perf_counter() - t0, 2),
    }


def tail_rows(lib: Any, tiers: Tiers | None) -> int:
    cur = lib.cursor()
    cur.execute(lib.q("SELECT COUNT(*) FROM search_rows WHERE id > ?"), (tiers.upto if tiers else 0,))
    return int(cur.fetchone()[0])


def merge(lib: Any, tiers: Tiers) -> dict[str, Any]:
    """Fold the tail into the lists: its rows' impacts (with the build's average length) against each
    list's weakest entry; lists stay at `keep`. Costs as much as the tail, not the library, and a few
    statements per 500 terms, not per term (per-term statements cost PostgreSQL a round trip each and,
    with stale statistics, sometimes a bad plan). On PostgreSQL the backend keeps each list's floor
    (lowest impact, length) beside its df, so the floors are one read and the trim deletes only
    the entries pushed out (postgres_index.top_floors / trim_top), not a walk of every list."""
    t0 = time.perf_counter()
    upto, _nrows, _avgdl = _extent(lib)
    ix = lib.search_index
    lengths, floor = ix.top_floors(lib, tiers)
    holders = postings.Holders(every_term=True) if ix.BITMAPS else None
    heaps = _scan(lib, set(tiers.df), tiers.avgdl, tiers.keep, tiers.upto, upto + 1, floor, holders=holders)
    entries = [(t, imp, rowid) for t, h in heaps.items() for imp, rowid in h]
    changed = sorted(heaps)
    with lib.transaction() as cur:
        if not ix.lock_top(cur, tiers):
            return {"merged_rows_after": tiers.upto, "skipped": "another merge or build came first"}
        ix.add_entries(lib, cur, entries)
        # trim each changed list back to `keep`: what lies past its keep-th entry, best first
        ix.trim_top(cur, tiers.keep, {t: (lengths.get(t, 0), heaps[t]) for t in changed})
        cur.execute(lib.q("UPDATE search_top_state SET upto = ? WHERE id = 1 AND upto = ?"), (upto, tiers.upto))
        if holders is not None:
            postings.write_merge(cur, holders, tiers.upto, upto)
    lib.state.tiers = None
    return {"merged_rows_after": tiers.upto, "upto": upto, "terms_changed": len(heaps),
            "entries": len(entries), "seconds": round(time.perf_counter() - t0, 2)}


def maintain(lib: Any, force: bool = False, rebuild: bool = True) -> dict[str, Any] | None:
    """After writes (end of an ingest, `duizhao optimize`): build the lists when the library first has
    common terms, merge a tail of MERGE_MIN+ rows, rebuild when the library has doubled since the last
    build or its average row length moved by more than 10% (impacts and the set of common terms drift).
    rebuild=False only merges (cost ∝ the tail: what a web request can afford). Returns what was done, or None."""
    tiers = state(lib)
    upto, nrows, avgdl = _extent(lib)
    if tiers is None:
        return refresh(lib) if rebuild and (force or nrows >= BUILD_MIN_ROWS) and nrows else None
    drifted = nrows > 2 * tiers.rows or abs(avgdl - tiers.avgdl) > 0.1 * tiers.avgdl
    # a library whose lists predate the posting bitmaps (migration 0110) gets both built once
    unmapped = lib.search_index.BITMAPS and postings.upto_of(lib.cursor()) is None
    if rebuild and (force or drifted or unmapped):
        return refresh(lib)
    if upto > tiers.upto and tail_rows(lib, tiers) >= MERGE_MIN:
        return merge(lib, tiers)
    return None


def _entries(lib: Any, term: str, k: int, side: str | None, joined: bool) -> list[tuple[float, int]]:
    """The term's top-k entries (impact, row id), best first: from the list alone (a row deleted since
    the build is still listed; rows_of leaves it out), or joined to the live rows (on `side`)."""
    if side or joined:
        sql = (
            "SELECT t.impact, t.row_id FROM search_top t JOIN search_rows r ON r.id = t.row_id WHERE t.term = ?"
            + (" AND r.side = ?" if side else "") + " ORDER BY t.impact DESC, t.row_id DESC LIMIT ?"
        )
    else:
        sql = "SELECT impact, row_id FROM search_top WHERE term = ? ORDER BY impact DESC, row_id DESC LIMIT ?"
    cur = lib.cursor()
    cur.execute(lib.q(sql), (term, side, k) if side else (term, k))
    return [(float(impact), int(rowid)) for impact, rowid in cur.fetchall()]


def best_champion_ids(
    lib: Any, weighted: list[tuple[float, str]], k: int, side: str | None = None, joined: bool = False
) -> list[int]:
    """The ids of the k best rows over several terms' lists, a row weighing its best weight × impact,
    best first (newest first among equals). Read from the lists alone unless a side is asked or
    `joined`: then only live rows (on that side) are listed."""
    best: dict[int, float] = {}
    for weight, term in weighted:
        for impact, rowid in _entries(lib, term, k, side, joined):
            if weight * impact > best.get(rowid, -1.0):
                best[rowid] = weight * impact
    # (-weight, -id) pairs sort best first, newest first among equals, with no key function per entry
    return [-neg_id for _neg_w, neg_id in heapq.nsmallest(k, [(-w, -rowid) for rowid, w in best.items()])]


def best_champions(lib: Any, weighted: list[tuple[float, str]], k: int, side: str | None) -> list[Row]:
    """The k best live rows over several terms' lists (best_champion_ids), best first. The lists are
    read alone (one range of their key each) and only the k chosen rows are looked up: joining every
    entry to its row cost ~2× as much. When a chosen row is gone (deleted since the build) or a side
    is asked, the lists are read joined to the live rows instead."""
    if side is None:
        top = best_champion_ids(lib, weighted, k)
        rows = index.rows_of(lib, top)
        if len(rows) == len(top):
            return [rows[rowid] for rowid in top]
    chosen = best_champion_ids(lib, weighted, k, side, joined=True)
    live = index.rows_of(lib, chosen)
    return [live[rowid] for rowid in chosen if rowid in live]
