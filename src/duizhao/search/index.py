"""What search needs from a backend's index: the `SearchIndex` protocol, implemented by sqlite_index.py and
postgres_index.py (`Library.search_index` names one); search/__init__.py and the helpers at the end of this
module (count_capped, rows by id, facets' metadata) are written once over it.

Rows are (row id, doc_id, unit_id, side, ntok, tokens): one per unit side with text, tokens being the
analyzer's output joined by spaces. A `Match` (query.py) is what to find: an AND of ORs of the query's
alternatives, less its exclusions; each backend compiles it (FTS5 MATCH, tsquery). `filters` are the
metadata filters of Library.where_clause; `side` "zh", "en" or None.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from .index_rows import TITLE_ID
from .query import Match

Row = tuple[int, str, str, str, int, str]


@dataclass(frozen=True)
class Counted:
    """What one count of a match read, handed by search to the next calls about the same match (its
    rows, its units) so they need not walk the index again: `rows` matching rows (every one when
    `complete`), the units they belong to (None where that needs row lookups) and their ids, newest
    first (`ids`, possibly only the newest of them) or ascending as one comma-separated string
    (`ids_text`, SQLite's group_concat: one string instead of thousands of Python ints)."""

    key: tuple  # (match, filters, side) counted: see count_key
    rows: int
    complete: bool
    units: int | None
    ids: list[int] | None = None
    ids_text: str | None = None

    def newest(self, limit: int) -> list[int] | None:
        """The newest `limit` matching ids, newest first (None when the count did not keep them)."""
        if self.ids is not None and (self.complete or len(self.ids) >= limit):
            return self.ids[:limit]
        if not self.complete:
            return None
        if self.ids_text is None:
            return [] if self.rows == 0 else None
        return [int(i) for i in reversed(self.ids_text.rsplit(",", limit)[-limit:])]

    def capped(self, cap: int | None) -> tuple[int, bool] | None:
        """count_capped's answer when this count knows it: (cap, False) once `cap` rows were read, the
        units when every match was; None otherwise."""
        if cap and self.rows >= cap:
            return cap, False
        if self.complete and self.units is not None:
            return self.units, True
        return None


def count_key(match: Match, filters: dict[str, Any], side: str | None) -> tuple:
    return match, repr(sorted(filters.items())), side


def known(counted: Counted | None, match: Match, filters: dict[str, Any], side: str | None) -> Counted | None:
    """`counted` when it counted this very match (same filters and side)."""
    return counted if counted is not None and counted.key == count_key(match, filters, side) else None


class SearchIndex(Protocol):
    """The lookups search() makes, each inside the caller's read snapshot (Library.reading)."""

    def stats(self, lib: Any) -> tuple[int, float]:
        """(rows, average tokens per row): BM25's N and average length."""
        ...

    def version(self, lib: Any) -> tuple | None:
        """Changes with every commit to the library, by any process; None when the backend has no
        cheap one (then nothing is kept between calls on its account)."""
        ...

    def doc_freqs(self, lib: Any, terms: list[str]) -> dict[str, int]:
        """Rows holding each term."""
        ...

    def count(self, lib: Any, match: Match, filters: dict[str, Any], side: str | None, cap: int | None) -> Counted:
        """The matching rows, counted up to `cap`."""
        ...

    def matching_rows(self, lib: Any, match: Match, filters: dict[str, Any], side: str | None, limit: int, after: int = 0) -> list[Row]:
        """Rows matching, newest first, at most `limit`, only rows with id > after. Unranked: search
        re-scores every row it gets with the query's weights (rank.py)."""
        ...

    def matching_ids(self, lib: Any, match: Match, filters: dict[str, Any], side: str | None, unless: list | None = None) -> Any:
        """Every matching row id as a bitmap (rows `unless`'s alternatives match left out), or None
        when the index cannot answer so."""
        ...

    def rows_in(self, lib: Any, sql: str, keys: list) -> list[tuple]:
        """`sql` (a SELECT whose last condition is "x IN ({marks})") run for all of `keys`."""
        ...

    def units_text(self, lib: Any, keys: list[tuple[str, str]]) -> dict[tuple[str, str], dict[str, Any]]:
        """Both sides of the given units and their documents' path and titles."""
        ...

    # -- the champion lists' upkeep (tiers.py: written once, these differ by backend) ---------------
    BITMAPS: bool  # posting bitmaps are built and merged beside the lists (postings.py)

    def vocabulary(self, lib: Any) -> dict[str, int]:
        """Every indexed term with its document frequency."""
        ...

    def store_lists(self, lib: Any, cur: Any, heaps: dict[str, list[tuple[float, int]]], vocab: dict[str, int]) -> None:
        """A build's lists (term → (impact, row id) entries) and every term's frequency, into emptied tables."""
        ...

    def add_entries(self, lib: Any, cur: Any, entries: list[tuple[str, float, int]]) -> None:
        """A merge's new list entries (term, impact, row id)."""
        ...

    def top_floors(self, lib: Any, tiers: Any) -> tuple[dict[str, int], dict[str, float]]:
        """(length of each list where kept, the weakest impact of each full list)."""
        ...

    def lock_top(self, cur: Any, tiers: Any) -> bool:
        """Inside a merge's transaction: whether the lists are still the ones the merge read."""
        ...

    def trim_top(self, cur: Any, keep: int, changed: dict[str, tuple[int, list[tuple[float, int]]]]) -> None:
        """Each changed list back to its `keep` best entries."""
        ...

    def rebuild(self, lib: Any, mode: str | None = None) -> int:
        """Re-analyse every unit (optionally switching the Chinese mode); returns the rows written."""
        ...


# -- written once over the protocol ---------------------------------------------------------------
def rows(
    lib: Any, match: Match, filters: dict[str, Any], side: str | None, limit: int, after: int = 0,
    counted: Counted | None = None,
) -> list[Row]:
    """matching_rows, answered from `counted` (a count of the same match that kept its ids) when it can."""
    memo = known(counted, match, filters, side) if not after else None
    newest = memo.newest(limit) if memo is not None else None
    if newest is not None:
        return rows_in_order(lib, newest)
    return list(lib.search_index.matching_rows(lib, match, filters, side, limit, after))


def count_capped(
    lib: Any, match: Match, filters: dict[str, Any], side: str | None, cap: int | None, counted: Counted | None = None
) -> tuple[int, bool]:
    """(units matching, exact?) reading at most `cap` matching rows: (cap, False) at the cap (at least
    `cap` matching unit sides). A count of the same match that read enough (`counted`) answers."""
    memo = known(counted, match, filters, side)
    got = memo.capped(cap) if memo is not None else None
    if got is None:
        got = lib.search_index.count(lib, match, filters, side, cap).capped(cap)
    assert got is not None  # a count to `cap` knows its units or reached the cap
    return got


def rows_of(lib: Any, rowids: list[int]) -> dict[int, Row]:
    """The live rows among these ids."""
    got = lib.search_index.rows_in(lib, "SELECT id, doc_id, unit_id, side, ntok, tokens FROM search_rows WHERE id IN ({marks})", rowids)
    return {int(r[0]): (int(r[0]), r[1], r[2], r[3], int(r[4]), r[5]) for r in got}


def rows_in_order(lib: Any, rowids: list[int]) -> list[Row]:
    """The live rows among these ids, in the given order."""
    found = rows_of(lib, rowids)
    return [found[i] for i in rowids if i in found]


def tokens_of(lib: Any, rowids: list[int]) -> list[tuple[int, str]]:
    """(id, tokens) of the live rows among these ids: checking candidates on their tokens first and
    looking up whole rows for the few that pass costs about half of reading every whole row."""
    got = lib.search_index.rows_in(lib, "SELECT id, tokens FROM search_rows WHERE id IN ({marks})", rowids)
    return [(int(r[0]), r[1]) for r in got]


def titles_text(lib: Any, doc_ids: list[str]) -> dict[tuple[str, str], dict[str, Any]]:
    """units_text's answer for documents' titles (index_rows.TITLE_ID): the title is the unit's text."""
    got = lib.search_index.rows_in(
        lib, "SELECT id, path, title_zh, title_en, source, published FROM documents WHERE id IN ({marks})", sorted(set(doc_ids))
    )
    return {
        (d, TITLE_ID): {"zh": zh, "en": en, "kind": "title", "path": path, "title_zh": zh, "title_en": en, "source": source, "published": pub}
        for d, path, zh, en, source, pub in got
    }


def doc_meta(lib: Any, doc_ids: list[str]) -> dict[str, tuple[str | None, str | None]]:
    """(source, published) per document, for facets. Kept while the library is unchanged (where the
    index has a version): every search reads those of its ~200 ranked units' documents, mostly the
    same ones from one search to the next."""
    version = lib.search_index.version(lib)
    cache = lib.state.at(version).doc_meta if version is not None else {}
    if len(cache) > 200_000:
        cache.clear()
    wanted = set(doc_ids)
    missing = sorted(wanted - cache.keys())
    for d, source, published in lib.search_index.rows_in(lib, "SELECT id, source, published FROM documents WHERE id IN ({marks})", missing):
        cache[d] = (source, published)
    return {d: cache[d] for d in wanted if d in cache}
