"""What both search indexes (sqlite_index.py, postgres_index.py) store, written once: the analysed
rows of a unit and the Chinese analyzer mode the library's index was built with.

SQL here uses "?" placeholders and goes through `lib.q`, which gives each backend its own.
"""

from __future__ import annotations

from typing import Any

from ..model import Document, Unit
from . import analyzer

ANALYZER_SETTING = "search_analyzer"  # the Chinese mode the index was built with (analyzer.BIGRAMS_MODES)

Row = tuple[str, str, str, int, str]  # doc_id, unit_id, side, ntok, tokens


def analyzer_mode(lib: Any, cur: Any = None) -> str:
    """The mode this library's index uses; fixed when the first document is indexed."""
    cached = lib.state.mode
    if cached:
        return str(cached)
    cur = cur or lib.cursor()
    mode = _stored_mode(lib, cur)
    if mode is None:
        mode = analyzer.DEFAULT_BIGRAMS
        cur.execute(
            lib.q("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING"),
            (ANALYZER_SETTING, mode),
        )
    lib.state.mode = mode
    return mode


def _stored_mode(lib: Any, cur: Any) -> str | None:
    cur.execute(lib.q("SELECT value FROM settings WHERE key = ?"), (ANALYZER_SETTING,))
    row = cur.fetchone()
    return str(row[0]) if row and row[0] in analyzer.BIGRAMS_MODES else None


def set_mode(lib: Any, cur: Any, mode: str) -> None:
    """Record a new mode (rebuild re-analyses everything with it); the cached one is dropped."""
    cur.execute(
        lib.q("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
        (ANALYZER_SETTING, mode),
    )
    lib.state.mode = None


def index_context(lib: Any) -> str:
    """What prepare_index needs from the library: the Chinese mode (read only; the first document's
    transaction records the default, which is what this returns then)."""
    return str(lib.state.mode or _stored_mode(lib, lib.cursor()) or analyzer.DEFAULT_BIGRAMS)


def prepare_index(doc: Document, mode: str) -> tuple[str, list[Row]]:
    """The document's analysed rows, computed away from the library (a web upload's parse worker:
    the analysis of a big upload is CPU the server process must not spend)."""
    return mode, [row for unit in doc.units for row in unit_rows(doc.id, unit, mode)]


def document_rows(lib: Any, cur: Any, doc: Document, prepared: tuple[str, list[Row]] | None) -> list[Row]:
    """The rows to store: the prepared ones when they were made in the library's mode."""
    mode = analyzer_mode(lib, cur)
    if prepared is not None and prepared[0] == mode:
        return prepared[1]
    return prepare_index(doc, mode)[1]


def unit_rows(doc_id: str, unit: Unit, mode: str) -> list[Row]:
    """One row per side with text that yields tokens."""
    out = []
    for side in ("zh", "en"):
        text = getattr(unit, side)
        if text and text.strip():
            toks = analyzer.tokens(text, side, mode)
            if toks:
                out.append((doc_id, unit.id, side, len(toks), " ".join(toks)))
    return out


def all_unit_rows(cur: Any, mode: str) -> list[Row]:
    """The rows of every unit in the library (rebuild)."""
    cur.execute("SELECT doc_id, unit_id, kind, zh, en FROM units ORDER BY doc_id, ord")
    units = cur.fetchall()
    return [r for d, u, k, zh, en in units for r in unit_rows(d, Unit(id=u, kind=k, zh=zh, en=en), mode)]
