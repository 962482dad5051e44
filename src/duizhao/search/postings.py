"""Posting bitmaps of the common terms (SQLite): a conjunction of common words answered by set algebra
instead of FTS5's walk of their posting lists.

Why: at a million units the slowest queries are conjunctions of common words ("since China started",
"数量 全省 第一"): FTS5 intersects their posting lists by decoding every entry, 2–4 ms a query, and a
metadata filter makes it read tens of thousands of matches to find the allowed ones. The same sets as
compressed bitmaps (Roaring, through pyroaring) intersect in microseconds, and the result is the whole
match set: its exact size, its newest rows, its units, membership tests for champions, all from one
evaluation.

What is kept (search_bits): for every term of the champion lists (tiers.py: found in ≥ MIN_DF rows at
the build) the ids of the rows holding it, in parts: part 0 from the build, part k + 1 for ids in the
k-th block of 2^16 added by later merges (a merge rewrites only small blocks, never a big bitmap).
They cover the row ids up to `bits_upto` (search_stats), the lists' own mark. Rows indexed later are the
tail, matched by FTS5 (`rowid > bits_upto`: a seek, then a short walk); rows deleted since are noted in
search_bits_dead and subtracted. A term FTS5 counts differently from the stored rows' tokens (never
seen: the analyzer's tokens are FTS5's) is left out and matched by FTS5 like a rare term.

Evaluation (matching_ids) of search's AND of ORs, over the ids up to bits_upto: per concept, the union
of its one-token alternatives' bitmaps (a rare word's ids from FTS5, one OR for all of them) and, for an
alternative of several words, the intersection of its words' sets; the concepts intersected, rarest first.
A phrase's word set is only where it may match: the rows the rest of the query keeps are checked on their
stored tokens (VERIFY_MAX at most) or by FTS5 within their id range. Then exclusions, dead rows, the tail,
filters (the allowed row-id runs, search_spans) and the side (the parity of a paired id), all as sets.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from pyroaring import BitMap

if TYPE_CHECKING:
    from ..store.state import LibraryState
from . import index, tiers  # tiers calls back here during builds and merges (both only at run time)
from . import query as query_mod

PART_BITS = 16  # merges write blocks of 65,536 ids (one Roaring container: ≤ 8 KB)

MIGRATION = (
    "0110_search_bits",
    """
    CREATE TABLE search_bits (
        term TEXT NOT NULL,
        part INTEGER NOT NULL,
        bits BLOB NOT NULL,
        PRIMARY KEY (term, part)
    );
    CREATE TABLE search_bits_dead (seq INTEGER PRIMARY KEY, id INTEGER NOT NULL);
    """,
)


# -- writing (inside the champion lists' build and merge, tiers.py) -------------------------------------
class Holders:
    """The rows holding each term, gathered while tiers.py reads the rows: plain lists for the hot loop
    (`pending`), folded into bitmaps after each batch (`flush`), so a million-unit build does not hold
    ~60 million Python list entries at once (its peak: 2.8 GB, 3.1 GB with lists kept to the end)."""

    def __init__(self, every_term: bool = False) -> None:
        self.pending: dict[str, list[int]] = {}
        self.done: dict[str, BitMap] = {}
        # a merge also counts every term of the tail's rows: write_merge lists the new ones with their df
        self.vocabulary: Counter[str] | None = Counter() if every_term else None

    def flush(self) -> None:
        for term, rows in self.pending.items():
            have = self.done.get(term)
            if have is None:
                self.done[term] = BitMap(rows)
            else:
                have.update(rows)
        self.pending = {}

    def bitmaps(self) -> dict[str, BitMap]:
        self.flush()
        return self.done


def dead_mark(lib: Any) -> int:
    """The newest deletion noted so far: a build that starts reading now sees every row deleted before."""
    return int(lib.cursor().execute("SELECT COALESCE(MAX(seq), 0) FROM search_bits_dead").fetchone()[0])


def write_build(cur: Any, ids: dict[str, BitMap], df: dict[str, int], upto: int, dead_seq: int) -> int:
    """Replace every bitmap with the build's: `ids` per term (read from the rows), `df` FTS5's count of
    each. Deletions noted before the build began are in it already; later ones stay noted. Returns terms kept."""
    cur.execute("DELETE FROM search_bits")
    cur.execute("DELETE FROM search_bits_dead WHERE seq <= ?", (dead_seq,))
    kept = 0
    rows = []
    for term, bm in ids.items():
        if len(bm) != df.get(term):  # the stored tokens and FTS5 disagree on this term: FTS5 matches it
            continue
        rows.append((term, 0, bm.serialize()))
        kept += 1
        if len(rows) >= 1000:
            cur.executemany("INSERT INTO search_bits (term, part, bits) VALUES (?, ?, ?)", rows)
            rows = []
    cur.executemany("INSERT INTO search_bits (term, part, bits) VALUES (?, ?, ?)", rows)
    _set_upto(cur, upto)
    return kept


def write_merge(cur: Any, holders: Holders, after: int, upto: int) -> bool:
    """Add the ids of rows after < id ≤ upto (the merged tail) to their terms' blocks, and the tail's new
    terms to search_top_terms. Only when the bitmaps cover exactly up to `after` (built, and merged in
    step with the lists); returns whether they were."""
    if upto_of(cur) != after:
        return False
    if holders.vocabulary:
        cur.executemany(
            "INSERT INTO search_top_terms (term, df) VALUES (?, ?) ON CONFLICT (term) DO NOTHING",
            list(holders.vocabulary.items()),
        )
    ids = holders.bitmaps()
    stored = _stored_terms(cur)
    for term, found in ids.items():
        if term not in stored:  # left out at the build (FTS5 matches it): a block alone would be partial
            continue
        blocks: dict[int, list[int]] = {}
        for rowid in found:
            blocks.setdefault((rowid >> PART_BITS) + 1, []).append(rowid)
        for part, members in blocks.items():
            got = cur.execute("SELECT bits FROM search_bits WHERE term = ? AND part = ?", (term, part)).fetchone()
            bm = BitMap.deserialize(got[0]) if got else BitMap()
            bm.update(members)
            cur.execute(
                "INSERT INTO search_bits (term, part, bits) VALUES (?, ?, ?)"
                " ON CONFLICT (term, part) DO UPDATE SET bits = excluded.bits",
                (term, part, bm.serialize()),
            )
    _set_upto(cur, upto)
    return True


def note_deleted(cur: Any, rowids: Iterable[int]) -> None:
    """Rows leaving the index: subtracted from the bitmaps until the next build."""
    upto = upto_of(cur)
    if upto is not None:
        cur.executemany("INSERT INTO search_bits_dead (id) VALUES (?)", [(r,) for r in rowids if r <= upto])


def _set_upto(cur: Any, upto: int) -> None:
    cur.execute(
        "INSERT INTO search_stats (key, value) VALUES ('bits_upto', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (upto,),
    )


def _stored_terms(cur: Any) -> set[str]:
    return {t for (t,) in cur.execute("SELECT DISTINCT term FROM search_bits")}


def upto_of(cur: Any) -> int | None:
    """The largest row id the bitmaps cover (None: never built)."""
    got = cur.execute("SELECT value FROM search_stats WHERE key = 'bits_upto'").fetchone()
    return int(got[0]) if got else None


# -- reading ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Bits:
    """What the bitmaps cover, kept on the library's state (store/state.py) while the library is
    unchanged: their build, their mark, the newest row, the stored terms and the rows deleted since."""

    built_at: str | None
    upto: int
    last: int
    terms: set[str]
    dead: BitMap
    current: bool = True  # False: read at an older version (only `terms` may be reused)

    def stale(self) -> Bits:
        return replace(self, current=False)


def _bits_state(lib: Any, state: LibraryState) -> Bits | None:
    old = state.bits
    if old is not None and old.current:
        return old
    cur = lib.cursor()
    upto = upto_of(cur)
    if upto is None:
        return None
    got = cur.execute("SELECT built_at FROM search_top_state WHERE id = 1").fetchone()
    built_at = got[0] if got else None
    if old is not None and old.built_at == built_at:
        terms = old.terms  # the stored terms change only with a build (merges add blocks to them)
    else:
        terms = _stored_terms(cur)
    last = tiers.newest_row(lib)
    dead = BitMap(r for (r,) in cur.execute("SELECT id FROM search_bits_dead"))
    state.bits = Bits(built_at, upto, last, terms, dead)
    return state.bits


@lru_cache(maxsize=8)
def _mask(odd: bool, bits: int) -> BitMap:
    """The even (zh) or odd (en) ids below 2^bits (a few, ~1 ms each at a million units; never mutated)."""
    return BitMap(range(int(odd), 1 << bits, 2))


def _parity(upto: int, odd: bool) -> BitMap:
    """The even (zh) or odd (en) ids up to at least `upto`: a mask grown to the next power of two."""
    return _mask(odd, max(16, upto.bit_length()))


def bitmaps(lib: Any, terms: list[str]) -> dict[str, BitMap]:
    """The stored bitmaps of these terms (all parts united)."""
    out: dict[str, BitMap] = {}
    for term, blob in lib.search_index.rows_in(lib, "SELECT term, bits FROM search_bits WHERE term IN ({marks})", terms):
        bm = BitMap.deserialize(blob)
        have = out.get(term)
        if have is None:
            out[term] = bm
        else:
            have |= bm
    return out


def _fts_ids(lib: Any, expr: str, lo: int, hi: int | None) -> BitMap:
    """Ids of the rows FTS5 matches with lo < id (≤ hi)."""
    sql = "SELECT rowid FROM search_fts WHERE search_fts MATCH ? AND rowid > ?" + (" AND rowid <= ?" if hi is not None else "")
    args = (expr, lo, hi) if hi is not None else (expr, lo)
    return BitMap(r for (r,) in lib.cursor().execute(sql, args))


def _concept(
    lib: Any, alts: Sequence[query_mod.Alt], stored: dict[str, BitMap], upto: int, exact: bool = False
) -> tuple[BitMap, BitMap, list[query_mod.Alt]]:
    """(sure, maybe, phrases) for one OR of alternatives over the ids ≤ upto: `sure` the rows it
    matches, from bitmaps (one-token alternatives, and all-of-the-words ones) and FTS5 (alternatives
    alone); `maybe` the other rows holding every word of one of `phrases`, which match only where the
    words stand in a row. exact: phrases from FTS5 too (maybe empty)."""
    sure, maybe = BitMap(), BitMap()
    phrases, rest = [], []
    for a in alts:
        if len(a.tokens) == 1:
            bm = stored.get(a.tokens[0])
            if bm is None:
                rest.append(a)
            else:
                sure |= bm
        elif a.adjacent and exact:
            rest.append(a)
        else:
            # a rare word's rows from FTS5 alone (a short walk), not the whole phrase's (a walk of every word)
            every = BitMap.intersection(*(_token_rows(lib, t, stored, upto) for t in a.tokens))
            if a.adjacent:
                maybe |= every
                phrases.append(a)
            else:
                sure |= every
    if rest:
        sure |= _fts_ids(lib, query_mod.any_of(rest), 0, upto)
    return sure, maybe - sure, phrases


def _token_rows(lib: Any, token: str, stored: dict[str, BitMap], upto: int) -> BitMap:
    got = stored.get(token)
    if got is None:
        got = stored[token] = _fts_ids(lib, query_mod.Alt((token,), 1.0, "orig").fts(), 0, upto)
    return got


VERIFY_MAX = 500  # phrase candidates checked on their stored tokens (~2 µs a row); past it FTS5 checks them


def _phrase_rows(lib: Any, ids: BitMap, phrases: list[query_mod.Alt], upto: int) -> BitMap:
    """Those of `ids` where one of the phrases stands: its words in a row, as FTS5's phrase matches them
    (the stored tokens are FTS5's, one space between them)."""
    if len(ids) > VERIFY_MAX:
        return ids & _fts_ids(lib, query_mod.any_of(phrases), ids.min() - 1, min(upto, ids.max()))
    needles = [" " + " ".join(a.tokens) + " " for a in phrases]
    found = BitMap()
    for rowid, toks in index.tokens_of(lib, list(ids)):
        padded = f" {toks} "
        for needle in needles:
            if needle in padded:
                found.add(rowid)
                break
    return found


def matching_ids(
    lib: Any, lstate: LibraryState, match: query_mod.Match, allowed: BitMap | None, side: str | None,
    unless: list[query_mod.Alt] | None = None,
) -> BitMap | None:
    """Every row id matching (the AND of the match's groups less any of its excluded ones) among
    `allowed` (None: no metadata filter) and on `side`: the same rows as FTS5's MATCH of match.fts().
    unless: also leave out the rows (up to the bitmaps' mark) any of these alternatives matches.
    None when the bitmaps cannot answer (never built)."""
    groups, excluded = match.groups, match.excluded
    if not groups:
        return None
    state = _bits_state(lib, lstate)
    if state is None:
        return None
    every = [*groups, *excluded, *([unless] if unless else [])]
    stored = bitmaps(lib, sorted({t for alts in every for a in alts for t in a.tokens if t in state.terms}))
    concepts = sorted((_concept(lib, alts, stored, state.upto) for alts in groups), key=lambda c: len(c[0]) + len(c[1]))
    ids = concepts[0][0] | concepts[0][1]
    for sure, maybe, _phrases in concepts[1:]:  # rarest first: each later one only has to shrink a small set
        if not ids:
            break
        ids &= sure | maybe
    if unless and ids:
        ids -= _concept(lib, unless, stored, state.upto, exact=True)[0]
    for _sure, maybe, phrases in concepts:
        unsure = ids & maybe  # rows this concept holds only if one of its phrases stands in them
        if unsure:
            ids -= unsure - _phrase_rows(lib, unsure, phrases, state.upto)
    for alts in excluded:
        if ids:
            ids -= _concept(lib, alts, stored, state.upto, exact=True)[0]
    if state.dead:
        ids -= state.dead
    if state.last > state.upto:
        ids |= _fts_ids(lib, match.fts(), state.upto, None)  # the tail: rows indexed since the bitmaps
    if allowed is not None:
        ids &= allowed
    if side:
        ids &= _parity(ids.max() if ids else 0, side == "en")
    return ids


def allowed_bits(spans: tuple[list[int], list[int]]) -> BitMap:
    """The row ids inside the allowed runs (sqlite_index keeps it per filter, beside the runs)."""
    bm = BitMap()
    for lo, hi in zip(*spans, strict=True):
        bm.add_range(lo, hi + 1)
    return bm


def units_of(ids: BitMap) -> int:
    """Units among paired row ids (a unit's zh and en rows are 2k and 2k + 1): rows less the units
    matched on both sides."""
    if not ids:
        return 0
    odd = ids & _parity(ids.max(), True)
    even = ids - odd
    return len(ids) - len(even.shift(1) & odd)


def newest(ids: BitMap, limit: int) -> list[int]:
    """The `limit` largest ids, largest first."""
    if not ids:
        return []
    return list(reversed(ids[-limit:]))
