"""What search needs from a backend's index: the `SearchIndex` protocol, implemented by the modules
sqlite_index.py (FTS5, posting bitmaps) and postgres_index.py (tsvector + GIN). A library handle names
its own (`Library.search_index`); everything in search/__init__.py is written once over it.

Rows are (row id, doc_id, unit_id, side, ntok, tokens): one per unit side with text, tokens being the
analyzer's output joined by spaces. A MATCH expression is FTS5's syntax (query.py builds it; PostgreSQL
compiles it to a tsquery). `filters` are the metadata filters of Library.where_clause; `side` "zh", "en"
or None.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

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


def count_key(match: str, filters: dict[str, Any], side: str | None) -> tuple:
    return match, repr(sorted(filters.items())), side


def known(counted: Counted | None, match: str, filters: dict[str, Any], side: str | None) -> Counted | None:
    """`counted` when it counted this very match (same filters and side)."""
    return counted if counted is not None and counted.key == count_key(match, filters, side) else None


class SearchIndex(Protocol):
    """The lookups search() makes, each inside the caller's read snapshot (Library.reading)."""

    def analyzer_mode(self, lib: Any, cur: Any = None) -> str:
        """The Chinese analyzer mode the index was built with (analyzer.BIGRAMS_MODES)."""
        ...

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

    def knows_absent_terms(self, lib: Any) -> bool:
        """Whether a term the champion lists' vocabulary lacks is in no row at all."""
        ...

    def count(self, lib: Any, match: str, filters: dict[str, Any], side: str | None, cap: int) -> Counted:
        """The matching rows, counted up to `cap`."""
        ...

    def matching_rows(
        self, lib: Any, match: str, filters: dict[str, Any], side: str | None, limit: int, after: int = 0,
        counted: Counted | None = None,
    ) -> list[Row]:
        """Rows matching, newest first, at most `limit`, only rows with id > after. Unranked: search
        re-scores every row it gets with the query's weights (rank.py)."""
        ...

    def count_capped(
        self, lib: Any, match: str, filters: dict[str, Any], side: str | None, cap: int | None,
        counted: Counted | None = None,
    ) -> tuple[int, bool]:
        """(units matching, exact?) reading at most `cap` matching rows; (cap, False) at the cap."""
        ...

    def matching_ids(
        self, lib: Any, groups: list, excluded: list, expr: str, filters: dict[str, Any], side: str | None,
        unless: list | None = None,
    ) -> Any:
        """Every matching row id as a bitmap (groups, excluded: the Query's alternatives `expr` was
        built from; rows `unless` matches left out), or None when the index cannot answer so."""
        ...

    def rows_of(self, lib: Any, rowids: list[int]) -> dict[int, Row]:
        """The live rows among these ids."""
        ...

    def tokens_of(self, lib: Any, rowids: list[int]) -> list[tuple[int, str]]:
        """(id, tokens) of the live rows among these ids."""
        ...

    def units_text(self, lib: Any, keys: list[tuple[str, str]]) -> dict[tuple[str, str], dict[str, Any]]:
        """Both sides of the given units and their documents' path and titles."""
        ...

    def doc_meta(self, lib: Any, doc_ids: list[str]) -> dict[str, tuple[str | None, str | None]]:
        """(source, published) per document, for facets."""
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

    def needs_reindex(self, lib: Any) -> bool:
        """Whether the index was built by an older duizhao in a form search no longer reads
        (`duizhao migrate` then reindexes)."""
        ...

    def rebuild(self, lib: Any, mode: str | None = None) -> int:
        """Re-analyse every unit (optionally switching the Chinese mode); returns the rows written."""
        ...
