"""The knowledge layer's tables and the hooks the library calls inside its transactions.

Tables (same names and columns in SQLite and PostgreSQL; SQL written once with `?`, run via lib.q):
- kn_sentences: every sentence pair (doc, unit, index, zh, en) — what mentions point at;
- kn_mentions: entity, surface, side, offsets within the sentence;
- kn_events: one row per document sentence and date (merged across documents at query time);
- kn_figures: measure, normalised value and unit, period, both surfaces;
- kn_candidates: names not in the glossary, with the Chinese form found beside them;
- kn_glossary: glossary entries and variants an editor confirmed (data/glossary.tsv is never written).

The glossary used for extraction is the shared one plus kn_glossary (`effective_glossary`).
After a confirmation every document is re-extracted (`rebuild`), so old documents gain the name too.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from ..lang.glossary import Entity, Glossary, _script_forms, load
from ..model import Document, Sentence, Unit
from .events import date_bounds

_TABLES = """
CREATE TABLE kn_sentences (
    doc_id TEXT NOT NULL, unit_id TEXT NOT NULL, sentence INTEGER NOT NULL, ord INTEGER NOT NULL,
    zh TEXT, en TEXT,
    PRIMARY KEY (doc_id, unit_id, sentence)
);
CREATE TABLE kn_mentions (
    doc_id TEXT NOT NULL, unit_id TEXT NOT NULL, sentence INTEGER NOT NULL, side TEXT NOT NULL,
    entity_id TEXT NOT NULL, surface TEXT NOT NULL, pos_start INTEGER NOT NULL, pos_end INTEGER NOT NULL
);
CREATE INDEX kn_mentions_entity ON kn_mentions (entity_id);
CREATE INDEX kn_mentions_doc ON kn_mentions (doc_id, unit_id, sentence);
CREATE TABLE kn_events (
    id {serial}, doc_id TEXT NOT NULL, unit_id TEXT NOT NULL, sentence INTEGER NOT NULL,
    date_iso TEXT NOT NULL, prec TEXT NOT NULL, part TEXT, relative INTEGER NOT NULL DEFAULT 0,
    date_lo TEXT NOT NULL, date_hi TEXT NOT NULL, surface TEXT, actors TEXT NOT NULL DEFAULT '[]', zh TEXT, en TEXT
);
CREATE INDEX kn_events_date ON kn_events (date_lo);
CREATE INDEX kn_events_doc ON kn_events (doc_id);
CREATE TABLE kn_figures (
    id {serial}, doc_id TEXT NOT NULL, unit_id TEXT NOT NULL, sentence INTEGER NOT NULL,
    measure TEXT NOT NULL, value {real} NOT NULL, high {real}, unit TEXT, approx INTEGER NOT NULL DEFAULT 0,
    period_text TEXT, year INTEGER, date_iso TEXT, date_lo TEXT, date_hi TEXT,
    surface_zh TEXT, surface_en TEXT, entities TEXT NOT NULL DEFAULT '[]', zh TEXT, en TEXT
);
CREATE INDEX kn_figures_doc ON kn_figures (doc_id);
CREATE INDEX kn_figures_measure ON kn_figures (measure);
CREATE TABLE kn_candidates (
    doc_id TEXT NOT NULL, unit_id TEXT NOT NULL, sentence INTEGER NOT NULL,
    cand_key TEXT NOT NULL, en TEXT NOT NULL, zh TEXT
);
CREATE INDEX kn_candidates_key ON kn_candidates (cand_key);
CREATE INDEX kn_candidates_doc ON kn_candidates (doc_id);
CREATE TABLE kn_glossary (
    id {serial}, entity_id TEXT NOT NULL, type TEXT NOT NULL, en TEXT NOT NULL, zh TEXT,
    variants TEXT NOT NULL DEFAULT '[]', confirmed_by TEXT NOT NULL, confirmed_at TEXT NOT NULL
);
CREATE INDEX kn_glossary_entity ON kn_glossary (entity_id);
"""

# Events kept unresolved (no publication date: date_iso, date_lo and date_hi are ''), ranges' ends,
# figures' direction, kind and measure words of each side, candidates' type. Rows of older libraries
# get their values at the next `rebuild` (the migration itself cannot re-read documents).
_FACTS = """
ALTER TABLE kn_events ADD COLUMN date_end TEXT;
ALTER TABLE kn_events ADD COLUMN unresolved INTEGER NOT NULL DEFAULT 0;
ALTER TABLE kn_figures ADD COLUMN direction TEXT;
ALTER TABLE kn_figures ADD COLUMN kind TEXT NOT NULL DEFAULT 'level';
ALTER TABLE kn_figures ADD COLUMN measure_zh TEXT;
ALTER TABLE kn_figures ADD COLUMN measure_en TEXT;
ALTER TABLE kn_candidates ADD COLUMN type TEXT NOT NULL DEFAULT 'name';
"""

SQLITE_MIGRATIONS: list[tuple[str, str]] = [
    ("0201_knowledge", _TABLES.format(serial="INTEGER PRIMARY KEY AUTOINCREMENT", real="REAL")),
    ("0202_knowledge_facts", _FACTS),
]
PG_MIGRATIONS: list[tuple[str, str]] = [
    ("0201_knowledge", _TABLES.format(serial="BIGSERIAL PRIMARY KEY", real="DOUBLE PRECISION")),
    ("0202_knowledge_facts", _FACTS),
]

_KN_TABLES = ("kn_sentences", "kn_mentions", "kn_events", "kn_figures", "kn_candidates")


# -- the glossary with the editors' additions -----------------------------------------------------
def _forms(values: list[str]) -> set[str]:
    out: set[str] = set()
    for v in values:
        v = (v or "").strip()
        if v:
            out |= _script_forms(v) if any("\u3400" <= c <= "\u9fff" for c in v) else {v}
    return out


def glossary_with(additions: list[dict[str, Any]]) -> Glossary:
    """The shared glossary plus confirmed rows (new entities, or new variants of known ones)."""
    base = load()
    if not additions:
        return base
    entities = {e.id: e for e in base.entities()}
    for row in additions:
        variants = json.loads(row["variants"]) if isinstance(row["variants"], str) else list(row["variants"] or [])
        forms = _forms([row["en"], row.get("zh") or "", *variants])
        old = entities.get(row["entity_id"])
        if old is not None:
            merged = tuple(sorted(set(old.variants) | forms, key=lambda s: (-len(s), s)))
            entities[old.id] = replace(old, variants=merged)
        else:
            entities[row["entity_id"]] = Entity(
                row["entity_id"],
                row["type"],
                row["en"],
                row.get("zh") or "",
                tuple(sorted(forms, key=lambda s: (-len(s), s))),
                (),
                f"editor {row['confirmed_by']}",
            )
    return Glossary(list(entities.values()))


def additions(lib: Any, cur: Any = None) -> list[dict[str, Any]]:
    return lib.fetch_all(cur or lib.cursor(), "SELECT * FROM kn_glossary ORDER BY id")


def _signature(rows: list[dict[str, Any]]) -> tuple[int, int]:
    return (len(rows), int(rows[-1]["id"]) if rows else 0)


def effective_glossary(lib: Any, cur: Any = None) -> Glossary:
    """The glossary this library extracts with; rebuilt only when kn_glossary changed (kept on the
    library's state, store/state.py)."""
    rows = additions(lib, cur)
    sig = _signature(rows)
    cached = lib.state.glossary
    if cached is not None and cached[0] == sig:
        return cached[1]
    g = glossary_with(rows)
    lib.state.glossary = (sig, g)
    return g


# -- hooks ------------------------------------------------------------------------------------------
def maintain(lib: Any, force: bool = False) -> None:
    """Nothing to tidy after a batch: mentions are written in step with every change."""
    return None


def index_context(lib: Any) -> list[dict[str, Any]]:
    """What prepare_index needs from the library: the editors' confirmed glossary rows (a few)."""
    return additions(lib)


def prepare_index(doc: Document, rows: list[dict[str, Any]]) -> tuple[tuple[int, int], Any]:
    """The document's knowledge, extracted away from the library (a web upload's parse worker)."""
    from . import extract

    return _signature(rows), extract(doc, glossary_with(rows))


def index_document(lib: Any, cur: Any, doc: Document, prepared: Any = None) -> None:
    """`prepared`: what prepare_index made of `doc`, used when the glossary has not changed since."""
    from . import extract

    if prepared is not None and prepared[0] == _signature(additions(lib, cur)):
        k = prepared[1]
    else:
        k = extract(doc, effective_glossary(lib, cur))
    _insert(lib, cur, doc, k)


def reindex_units(lib: Any, cur: Any, doc_id: str, units: list[Unit]) -> None:
    """A unit was corrected or the metadata edited: redo the whole document (dates carry across units)."""
    doc = _load(lib, cur, doc_id, units)
    if doc is None:
        return
    delete_document(lib, cur, doc_id)
    index_document(lib, cur, doc)


def delete_document(lib: Any, cur: Any, doc_id: str) -> None:
    for table in _KN_TABLES:
        cur.execute(lib.q(f"DELETE FROM {table} WHERE doc_id = ?"), (doc_id,))


def rebuild(lib: Any) -> int:
    """Re-extract every document (after a glossary confirmation or an extractor change); returns documents."""
    n = 0
    for doc_id in lib.document_ids():
        with lib.transaction() as cur:
            doc = _load(lib, cur, doc_id, [])
            if doc is None:
                continue
            delete_document(lib, cur, doc_id)
            index_document(lib, cur, doc)
            n += 1
    return n


def _load(lib: Any, cur: Any, doc_id: str, changed: list[Unit]) -> Document | None:
    """The document as stored inside this transaction, with `changed` units taking precedence."""
    row = lib.fetch_one(cur, "SELECT id, path, published FROM documents WHERE id = ?", (doc_id,))
    if row is None:
        return None
    units = []
    fresh = {u.id: u for u in changed}
    for u in lib.fetch_all(
        cur,
        "SELECT unit_id, kind, zh, en, section, level, sentences FROM units WHERE doc_id = ? ORDER BY ord",
        (doc_id,),
    ):
        sents = json.loads(u["sentences"]) if isinstance(u["sentences"], str) else (u["sentences"] or [])
        unit = Unit(
            u["unit_id"],
            u["kind"],
            u["zh"],
            u["en"],
            u["section"],
            u["level"] or 0,
            [Sentence.from_dict(s) for s in sents],
        )
        if unit.id in fresh:
            unit = fresh[unit.id]
            if not unit.sentences or _stale(unit):
                from ..align import align_unit

                unit.sentences = align_unit(unit.zh, unit.en)
        units.append(unit)
    return Document(id=row["id"], path=row["path"], published=row["published"], units=units)


def _stale(unit: Unit) -> bool:
    """Sentences that no longer spell the unit's text (a correction without re-alignment)."""
    joined_zh = "".join(s.zh for s in unit.sentences).replace(" ", "")
    joined_en = "".join(s.en for s in unit.sentences).replace(" ", "")
    return joined_zh != (unit.zh or "").replace(" ", "").replace("\n", "") or joined_en != (unit.en or "").replace(
        " ", ""
    ).replace("\n", "")


def _insert(lib: Any, cur: Any, doc: Document, k: Any) -> None:
    from . import unit_pairs

    q = lib.q
    sent_rows = []
    ordn = 0
    for unit in doc.units:
        for i, (zh, en) in enumerate(unit_pairs(unit)):
            sent_rows.append((doc.id, unit.id, i, ordn, zh or None, en or None))
            ordn += 1
    if sent_rows:
        cur.executemany(
            q("INSERT INTO kn_sentences (doc_id, unit_id, sentence, ord, zh, en) VALUES (?, ?, ?, ?, ?, ?)"), sent_rows
        )
    if k.mentions:
        cur.executemany(
            q(
                "INSERT INTO kn_mentions (doc_id, unit_id, sentence, side, entity_id, surface, pos_start, pos_end)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            ),
            [(doc.id, m.unit_id, m.sentence, m.side, m.entity_id, m.surface, m.start, m.end) for m in k.mentions],
        )
    if k.events:
        cur.executemany(
            q(
                "INSERT INTO kn_events (doc_id, unit_id, sentence, date_iso, prec, part, relative, date_lo, date_hi,"
                " surface, actors, zh, en, date_end, unresolved) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            ),
            [
                (
                    doc.id,
                    e.unit_id,
                    e.sentence,
                    e.date,
                    e.precision,
                    e.part,
                    1 if e.relative else 0,
                    date_bounds(e.date)[0] if e.date else "",
                    date_bounds(e.end or e.date)[1] if e.date else "",
                    e.surface,
                    json.dumps(e.actors),
                    e.zh or None,
                    e.en or None,
                    e.end,
                    1 if e.unresolved else 0,
                )
                for e in k.events
            ],
        )
    if k.figures:
        rows = []
        for f in k.figures:
            when = f.date or (str(f.year) if f.year else None)
            lo, hi = date_bounds(when) if when else (None, None)
            pair_zh, pair_en = _pair_text(doc, f.unit_id, f.sentence)
            rows.append(
                (
                    doc.id,
                    f.unit_id,
                    f.sentence,
                    f.measure,
                    f.value,
                    f.high,
                    f.unit,
                    1 if f.approx else 0,
                    f.period,
                    f.year,
                    f.date,
                    lo,
                    hi,
                    f.surface_zh,
                    f.surface_en,
                    json.dumps(f.entities),
                    pair_zh,
                    pair_en,
                    f.direction,
                    f.kind,
                    f.measure_zh,
                    f.measure_en,
                )
            )
        cur.executemany(
            q(
                "INSERT INTO kn_figures (doc_id, unit_id, sentence, measure, value, high, unit, approx, period_text,"
                " year,"
                " date_iso, date_lo, date_hi, surface_zh, surface_en, entities, zh, en, direction, kind, measure_zh,"
                " measure_en) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            ),
            rows,
        )
    if k.candidates:
        cur.executemany(
            q(
                "INSERT INTO kn_candidates (doc_id, unit_id, sentence, cand_key, en, zh, type)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)"
            ),
            [(doc.id, c.unit_id, c.sentence, c.key, c.en, c.zh, c.type) for c in k.candidates],
        )


def _pair_text(doc: Document, unit_id: str, index: int) -> tuple[str | None, str | None]:
    from . import unit_pairs

    unit = doc.unit(unit_id)
    pairs = unit_pairs(unit) if unit else []
    if 0 <= index < len(pairs):
        return pairs[index][0] or None, pairs[index][1] or None
    return None, None
