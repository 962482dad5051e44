"""A small per-process cache of what the reading view derives from a document.

Parsing a 500-unit document (JSON sentences per unit) and rendering its rows cost tens of
milliseconds; readers ask for the same document again and again. Entries are keyed by a
fingerprint of everything the rows show — the document's updated_at, its units' versions, its
findings, their reviews and its history — read with one cheap query per request, so an edit made by any process
(another worker, the CLI) is seen at the next request. Bounded by entry count and by bytes.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from ..store import Library

FINGERPRINT_SQL = (
    "SELECT d.updated_at, d.ingested_at,"
    " (SELECT COUNT(*) FROM units u WHERE u.doc_id = d.id) AS n_units,"
    " (SELECT COALESCE(SUM(u.version), 0) FROM units u WHERE u.doc_id = d.id) AS versions,"
    " (SELECT COUNT(*) FROM findings f WHERE f.doc_id = d.id) AS n_findings,"
    " (SELECT COALESCE(MAX(f.id), 0) FROM findings f WHERE f.doc_id = d.id) AS last_finding,"
    " (SELECT COALESCE(MAX(h.id), 0) FROM history h WHERE h.doc_id = d.id) AS last_change,"
    # the review log's newest id: every review and withdrawal appends to it (store/base.py), so no count
    # is needed, and unlike the newest review's time it moves when a review is withdrawn and given again
    # within one second (the page showed the old note)
    " (SELECT COALESCE(MAX(r.id), 0) FROM finding_review_log r WHERE r.doc_id = d.id) AS last_review"
    " FROM documents d WHERE d.id = ?"
)


def fingerprint(lib: Library, doc_id: str) -> tuple | None:
    """What changes whenever the document, its units, findings or history change; None when absent."""
    row = lib.fetch_one(lib.cursor(), FINGERPRINT_SQL, (doc_id,))
    if row is None:
        return None
    return tuple(str(row[k]) for k in ("updated_at", "ingested_at", "n_units", "versions", "n_findings",
                                      "last_finding", "last_change", "last_review"))


class LRU:
    """Thread-safe LRU bounded by entries and by an estimated size in bytes."""

    def __init__(self, max_entries: int = 64, max_bytes: int = 64 * 1024 * 1024) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._data: OrderedDict[Any, tuple[Any, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: Any) -> Any | None:
        with self._lock:
            got = self._data.get(key)
            if got is None:
                return None
            self._data.move_to_end(key)
            return got[0]

    def put(self, key: Any, value: Any, size: int) -> None:
        """Store `value` (replacing what `key` held); the least recently used entries go first."""
        with self._lock:
            old = self._data.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            self._data[key] = (value, size)
            self._bytes += size
            while self._data and (len(self._data) > self.max_entries or self._bytes > self.max_bytes):
                _, (_, dropped) = self._data.popitem(last=False)
                self._bytes -= dropped

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._data)
