"""What one library handle keeps between calls: every cache of search, the knowledge layer and the web
app's result pages, in one object (`Library.state`), so a reader of any function sees where its
remembered answers live and when they are dropped.

Two kinds of entries:
- bound to the library's data version (the search index's `version`: any commit by any process
  changes it): read again after any write. `at(version)` is the one place they are dropped.
- checked against what they were built from on each use (the champion lists' build mark, the
  glossary's additions, the analyzer mode fixed at the first document), or keyed by the version
  themselves (the web's result pages).

One handle serves one thread on SQLite (the web app opens one per thread); on PostgreSQL a handle is
shared by threads, and only the entries of the second kind are used there (its index has no version).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..search.dense import Vectors
    from ..search.postings import Bits
    from ..search.tiers import Tiers


@dataclass
class LibraryState:
    version: tuple | None = None  # the data version the entries below were read at
    doc_freqs: dict[str, int] = field(default_factory=dict)  # term → rows holding it (sqlite_index)
    spans: dict[str, tuple[list[int], list[int]]] = field(default_factory=dict)  # filter → allowed row-id runs
    allowed: dict[str, Any] = field(default_factory=dict)  # filter → those runs as a bitmap
    doc_meta: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)  # doc → (source, published)
    bits: Bits | None = None  # the posting bitmaps' mark, dead rows and stored terms (postings.py)
    index_current: bool = False  # no migration asks for a reindex (index_rows.needs_reindex; sqlite_index._state)

    # -- checked on use ---------------------------------------------------------------------------
    mode: str | None = None  # the index's Chinese analyzer mode (index_rows.analyzer_mode)
    tiers: Tiers | None = None  # the champion lists' state and listed terms (tiers.state)
    glossary: tuple[Any, Any] | None = None  # (signature of kn_glossary, Glossary): knowledge layer
    results: Any = None  # the web app's result pages (web/search.py: an LRU keyed by version)
    vectors: Vectors | None = None  # dense.py: every stored vector, with the mark it was read at

    def at(self, version: tuple | None) -> LibraryState:
        """This state as of `version`: the entries bound to an older one are dropped first."""
        if version is None or version != self.version:
            self.version = version
            self.doc_freqs, self.spans, self.allowed, self.doc_meta, self.index_current = {}, {}, {}, {}, False
            self.bits = self.bits.stale() if self.bits is not None else None
        return self
