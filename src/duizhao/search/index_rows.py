"""What both search indexes (sqlite_index.py, postgres_index.py) store, written once: the analysed
rows of a unit and the Chinese analyzer mode the library's index was built with.

SQL here uses "?" placeholders and goes through `lib.q`, which gives each backend its own.
"""

from __future__ import annotations

from typing import Any

from ..model import Document, Unit
from . import analyzer

ANALYZER_SETTING = "search_analyzer"  # the Chinese mode the index was built with (analyzer.BIGRAMS_MODES)
# A document's title is indexed (lexically and densely) as one more unit under this id: a headline
# query then finds the document's own title, not only its body sentences. Unit ids are letters,
# digits, '.', '_' and '-' (written.UNIT_ID), so no real unit has it.
TITLE_ID = "#title"
# Set by a migration after which the index must be built again (its rows are in a form search no
# longer reads, or lack what it now indexes); `duizhao migrate` then reindexes (rebuild clears it), and
# search on SQLite refuses the library until then. One marker: no second code path serves an old index.
REINDEX_SETTING = "search_reindex"


def reindex_after(name: str, table: str) -> tuple[str, str]:
    """A migration `name` that marks a library holding rows in `table` for a reindex (an empty one has
    nothing to build again)."""
    return name, (
        f"INSERT INTO settings (key, value) SELECT '{REINDEX_SETTING}', '{name}' WHERE EXISTS (SELECT 1 FROM {table})"
        " ON CONFLICT (key) DO NOTHING;"
    )


def needs_reindex(lib: Any) -> bool:
    """Whether a migration marked the index for a reindex (REINDEX_SETTING)."""
    return lib.get_setting(REINDEX_SETTING) is not None

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
    return mode, [row for unit in indexed_units(doc) for row in unit_rows(doc.id, unit, mode)]


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


def title_unit(title: dict[str, Any] | None) -> Unit | None:
    """A document's title as the unit the index holds it as (None without a title)."""
    zh, en = ((title or {}).get(k) for k in ("zh", "en"))
    return Unit(id=TITLE_ID, kind="title", zh=zh, en=en) if (zh or en) else None


def indexed_units(doc: Document) -> list[Unit]:
    """What the index holds of a document: its title, then its units."""
    title = title_unit(doc.title)
    return [title, *doc.units] if title else list(doc.units)


def changed_title(lib: Any, cur: Any, doc_id: str, mode: str) -> Unit | None:
    """The document's title unit when its index rows no longer match the stored title (a metadata
    edit), else None; an empty unit (no text) when the title was removed."""
    cur.execute(lib.q("SELECT title_zh, title_en FROM documents WHERE id = ?"), (doc_id,))
    row = cur.fetchone()
    unit = title_unit({"zh": row[0], "en": row[1]} if row else None) or Unit(id=TITLE_ID, kind="title")
    cur.execute(lib.q("SELECT side, tokens FROM search_rows WHERE doc_id = ? AND unit_id = ?"), (doc_id, TITLE_ID))
    have = sorted((r[0], r[1]) for r in cur.fetchall())
    want = sorted((r[2], r[4]) for r in unit_rows(doc_id, unit, mode))
    return None if have == want else unit


def all_unit_rows(cur: Any, mode: str) -> list[Row]:
    """The rows of every published document's title and units (rebuild; drafts and the trash are
    not indexed)."""
    published = "doc_id IN (SELECT id FROM documents WHERE status = 'published')"
    cur.execute(f"SELECT doc_id, unit_id, kind, zh, en FROM units WHERE {published} ORDER BY doc_id, ord")
    units = [(d, Unit(id=u, kind=k, zh=zh, en=en)) for d, u, k, zh, en in cur.fetchall()]
    cur.execute("SELECT id, title_zh, title_en FROM documents WHERE status = 'published' ORDER BY id")
    titles = {d: title_unit({"zh": zh, "en": en}) for d, zh, en in cur.fetchall()}
    out: list[Row] = []
    for i, (d, unit) in enumerate(units):
        if i == 0 or units[i - 1][0] != d:  # a document's title first, as at ingest
            title = titles.pop(d, None)
            out += unit_rows(d, title, mode) if title else []
        out += unit_rows(d, unit, mode)
    for d, title in sorted(titles.items()):  # documents without units
        out += unit_rows(d, title, mode) if title else []
    return out


def rebuild_rows(lib: Any, cur: Any, mode: str | None) -> list[Row]:
    """Inside a rebuild's transaction: every unit's rows, analysed in `mode` (recorded) or the library's."""
    if mode:
        set_mode(lib, cur, mode)
    return all_unit_rows(cur, analyzer_mode(lib, cur))


def reindexed(lib: Any, cur: Any) -> None:
    """Inside a rebuild's transaction: the index is current (needs_reindex)."""
    cur.execute(lib.q("DELETE FROM settings WHERE key = ?"), (REINDEX_SETTING,))
