"""The termbase's tables and the hooks the library calls inside its transactions (like knowledge/).

Tables (same names and columns in SQLite and PostgreSQL; SQL written once with `?`, run via lib.q):
- tm_terms: one row per term pair, keyed by (zh, en_key): zh simplified, en as first met, variants,
  origin (glossary, library, editor), status (confirmed, candidate, rejected), who changed it last;
- tm_occurrences: where a term occurs (document, unit, sentence, how it was found, the pair's text);
- tm_history: every editor's change of a term (add, confirm, reject, edit) with who and when.

At ingest (index_document) the document's sentence pairs are mined and their terms upserted, in the
library's transaction; a corrected unit (reindex_units) redoes its document; deleting a document drops
its occurrences and the candidates nothing else supports. Editors' decisions are rows of tm_terms and
tm_history and are never dropped by mining.
"""
from __future__ import annotations

import hashlib
import json
from typing import Any

from ..lang.glossary import load
from ..model import Document, Unit
from ..store.base import now
from .glossary import glossary_terms
from .mining import Mined, en_key, link_runs, mine_with_runs, zh_key

_TABLES = """
CREATE TABLE tm_terms (
    id {serial}, zh TEXT NOT NULL, en TEXT NOT NULL, en_key TEXT NOT NULL,
    zh_variants TEXT NOT NULL DEFAULT '[]', en_variants TEXT NOT NULL DEFAULT '[]',
    origin TEXT NOT NULL, status TEXT NOT NULL,
    created_at TEXT NOT NULL, updated_by TEXT, updated_at TEXT NOT NULL
);
CREATE UNIQUE INDEX tm_terms_key ON tm_terms (zh, en_key);
CREATE INDEX tm_terms_status ON tm_terms (status);
CREATE TABLE tm_occurrences (
    term_id {bigint} NOT NULL, doc_id TEXT NOT NULL, unit_id TEXT NOT NULL, sentence INTEGER NOT NULL,
    evidence TEXT NOT NULL, zh TEXT, en TEXT
);
CREATE INDEX tm_occurrences_term ON tm_occurrences (term_id);
CREATE INDEX tm_occurrences_doc ON tm_occurrences (doc_id);
CREATE TABLE tm_history (
    id {serial}, term_id {bigint} NOT NULL, action TEXT NOT NULL, before TEXT, after TEXT,
    editor TEXT NOT NULL, at TEXT NOT NULL
);
CREATE INDEX tm_history_term ON tm_history (term_id);
"""

# What the dictionary left unexplained in each sentence pair, by key: association across the library
# counts these (a name met once in each of three documents is still met three times).
_RUNS = """
CREATE TABLE tm_runs (
    doc_id TEXT NOT NULL, unit_id TEXT NOT NULL, sentence INTEGER NOT NULL, side TEXT NOT NULL,
    run_key TEXT NOT NULL, surface TEXT NOT NULL
);
CREATE INDEX tm_runs_key ON tm_runs (side, run_key);
CREATE INDEX tm_runs_doc ON tm_runs (doc_id, unit_id, sentence);
"""

# Search looks English query phrases up by key (terms/lookup.py); Chinese ones use tm_terms_key.
_EN_KEY = "CREATE INDEX tm_terms_en_key ON tm_terms (en_key);"

# The names are recorded in each library's `migrations` table: never rename them.
SQLITE_MIGRATIONS: list[tuple[str, str]] = [
    ("0301_terms", _TABLES.format(serial="INTEGER PRIMARY KEY AUTOINCREMENT", bigint="INTEGER")),
    ("0302_terms_runs", _RUNS),
    ("0303_terms_en_key", _EN_KEY),
]
PG_MIGRATIONS: list[tuple[str, str]] = [
    ("0301_terms", _TABLES.format(serial="BIGSERIAL PRIMARY KEY", bigint="BIGINT")),
    ("0302_terms_runs", _RUNS),
    ("0303_terms_en_key", _EN_KEY),
]

_GLOSSARY_SETTING = "terms.glossary"


def _glossary_signature() -> str:
    rows = sorted((t.zh, t.en) for t in glossary_terms())
    return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode()).hexdigest()[:16]


def ensure_glossary(lib: Any, cur: Any) -> None:
    """The curated glossary's terms as rows (confirmed), once per glossary version. Existing rows
    (an editor may have rejected one) are left as they are."""
    sig = _glossary_signature()
    row = lib.fetch_one(cur, "SELECT value FROM settings WHERE key = ?", (_GLOSSARY_SETTING,))
    if row is not None and row["value"] == sig:
        return
    at = now()
    for t in glossary_terms():
        cur.execute(
            lib.q(
                "INSERT INTO tm_terms (zh, en, en_key, zh_variants, en_variants, origin, status, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, 'glossary', 'confirmed', ?, ?) ON CONFLICT (zh, en_key) DO NOTHING"
            ),
            (t.zh, t.en, en_key(t.en), json.dumps(t.zh_variants, ensure_ascii=False),
             json.dumps(t.en_variants, ensure_ascii=False), at, at),
        )
    cur.execute(
        lib.q("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
        (_GLOSSARY_SETTING, sig),
    )


def upsert_term(lib: Any, cur: Any, zh: str, en: str, origin: str, status: str, zh_forms: list[str] = (), en_forms: list[str] = ()) -> int:  # type: ignore[assignment]
    """The id of the term (zh, en): found, or inserted with `origin`/`status`; new surface forms are
    added to its variants. Safe beside another writer (ON CONFLICT, then read back)."""
    zk, ek = zh_key(zh), en_key(en)
    at = now()
    cur.execute(
        lib.q(
            "INSERT INTO tm_terms (zh, en, en_key, origin, status, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (zh, en_key) DO NOTHING"
        ),
        (zk, en.strip(), ek, origin, status, at, at),
    )
    row = lib.fetch_one(cur, "SELECT id, en, zh_variants, en_variants FROM tm_terms WHERE zh = ? AND en_key = ?", (zk, ek))
    assert row is not None  # inserted or already there, in this transaction
    zv = json.loads(row["zh_variants"])
    ev = json.loads(row["en_variants"])
    new_zv = [f for f in zh_forms if f != zk and f not in zv]
    new_ev = [f for f in en_forms if f != row["en"] and f not in ev]
    if new_zv or new_ev:
        cur.execute(
            lib.q("UPDATE tm_terms SET zh_variants = ?, en_variants = ? WHERE id = ?"),
            (json.dumps(zv + new_zv, ensure_ascii=False), json.dumps(ev + new_ev, ensure_ascii=False), row["id"]),
        )
    return int(row["id"])


def _glossary_key(m: Mined) -> tuple[str, str] | None:
    """A pair found through the glossary belongs to the glossary's term (普京 ↔ Putin → Vladimir Putin)."""
    g = load()
    for form in m.zh_forms:
        ids = g.lookup(form)
        if ids:
            e = g.entity(ids[0])
            if e.zh and e.en:
                return zh_key(e.zh), e.en
    return None


def _index(lib: Any, cur: Any, doc_id: str, units: list[Unit]) -> None:
    ensure_glossary(lib, cur)
    where: list[tuple[str, int, str, str]] = []
    for u in units:
        for i, s in enumerate(u.sentences):
            if s.zh and s.en:
                where.append((u.id, i, s.zh, s.en))
    if not where:
        return
    rows = []
    mined, runs = mine_with_runs([(z, e) for _, _, z, e in where], load())
    # Upserts in key order: two ingests of overlapping terms then lock rows in the same order (PostgreSQL).
    for m in sorted(mined, key=lambda m: (m.zh, m.en)):
        if m.evidence == {"glossary"}:
            key = _glossary_key(m)
            if key is None:
                continue
            term_id = upsert_term(lib, cur, key[0], key[1], "glossary", "confirmed", m.zh_forms, [])
        else:
            term_id = upsert_term(lib, cur, m.zh, m.en_forms[0], "library", "candidate", m.zh_forms, m.en_forms)
        evidence = ",".join(sorted(m.evidence))
        for n in m.pairs:
            unit_id, sentence, zh, en = where[n]
            rows.append((term_id, doc_id, unit_id, sentence, evidence, zh, en))
    if rows:
        cur.executemany(
            lib.q("INSERT INTO tm_occurrences (term_id, doc_id, unit_id, sentence, evidence, zh, en) VALUES (?, ?, ?, ?, ?, ?, ?)"),
            rows,
        )
    _associate_library(lib, cur, doc_id, where, runs, {(m.zh, m.en) for m in mined})


def _chunks(items: list[str], n: int = 400) -> list[list[str]]:
    return [items[i : i + n] for i in range(0, len(items), n)]


def _associate_library(lib: Any, cur: Any, doc_id: str, where: list[tuple[str, int, str, str]],
                       runs: list[tuple[set[str], set[str]]], mined: set[tuple[str, str]]) -> None:
    """Store this document's unexplained runs, then pair the runs it shares with the rest of the library
    by association over every stored sentence pair (the same rule as within a document)."""
    run_rows = []
    doc_pairs: set[tuple[str, str]] = set()
    for (unit_id, sentence, _zh, _en), (zs, es) in zip(where, runs, strict=True):
        zk = {zh_key(z): z for z in zs}
        ek = {en_key(e): e for e in es}
        run_rows += [(doc_id, unit_id, sentence, "zh", k, v) for k, v in zk.items()]
        run_rows += [(doc_id, unit_id, sentence, "en", k, v) for k, v in ek.items()]
        doc_pairs |= {(z, e) for z in zk for e in ek}
    if not run_rows:
        return
    cur.executemany(lib.q("INSERT INTO tm_runs (doc_id, unit_id, sentence, side, run_key, surface) VALUES (?, ?, ?, ?, ?, ?)"), run_rows)
    zs_all = sorted({z for z, _ in doc_pairs})
    es_all = sorted({e for _, e in doc_pairs})
    cz: dict[str, int] = {}
    ce: dict[str, int] = {}
    for side, keys, out in (("zh", zs_all, cz), ("en", es_all, ce)):
        for chunk in _chunks(keys):
            marks = ", ".join("?" for _ in chunk)
            for r in lib.fetch_all(cur, f"SELECT run_key, COUNT(*) AS n FROM tm_runs WHERE side = ? AND run_key IN ({marks}) GROUP BY run_key", [side, *chunk]):
                out[r["run_key"]] = int(r["n"])
    # Only pairs that could pass at all are counted jointly (each side met often enough).
    hopeful = sorted({(z, e) for z, e in doc_pairs if cz.get(z, 0) >= 3 and ce.get(e, 0) >= 3} - mined)
    if not hopeful:
        return
    both: dict[tuple[str, str], int] = {}
    places: dict[tuple[str, str], list[tuple[str, str, int]]] = {}
    for z in sorted({z for z, _ in hopeful}):
        ens = sorted({e for z2, e in hopeful if z2 == z})
        for chunk in _chunks(ens):
            marks = ", ".join("?" for _ in chunk)
            for r in lib.fetch_all(
                cur,
                "SELECT b.run_key AS e, a.doc_id, a.unit_id, a.sentence FROM tm_runs a JOIN tm_runs b"
                " ON b.doc_id = a.doc_id AND b.unit_id = a.unit_id AND b.sentence = a.sentence AND b.side = 'en'"
                f" WHERE a.side = 'zh' AND a.run_key = ? AND b.run_key IN ({marks})",
                [z, *chunk],
            ):
                places.setdefault((z, r["e"]), []).append((r["doc_id"], r["unit_id"], int(r["sentence"])))
    both = {k: len(v) for k, v in places.items()}
    for z, e in link_runs(cz, ce, both):
        if (z, e) in mined:
            continue
        en_surface = lib.fetch_one(cur, "SELECT surface FROM tm_runs WHERE side = 'en' AND run_key = ?", (e,))
        zh_surface = lib.fetch_one(cur, "SELECT surface FROM tm_runs WHERE side = 'zh' AND run_key = ?", (z,))
        term_id = upsert_term(lib, cur, z, en_surface["surface"] if en_surface else e, "library", "candidate",
                              [zh_surface["surface"]] if zh_surface else [], [])
        have = {(r["doc_id"], r["unit_id"], int(r["sentence"])) for r in lib.fetch_all(
            cur, "SELECT doc_id, unit_id, sentence FROM tm_occurrences WHERE term_id = ?", (term_id,))}
        new = []
        for d, u, n in places[(z, e)]:
            if (d, u, n) in have:
                continue
            zh, en = _sentence(lib, cur, d, u, n)
            new.append((term_id, d, u, n, "association", zh, en))
        if new:
            cur.executemany(
                lib.q("INSERT INTO tm_occurrences (term_id, doc_id, unit_id, sentence, evidence, zh, en) VALUES (?, ?, ?, ?, ?, ?, ?)"),
                new,
            )


def _sentence(lib: Any, cur: Any, doc_id: str, unit_id: str, n: int) -> tuple[str | None, str | None]:
    row = lib.fetch_one(cur, "SELECT sentences FROM units WHERE doc_id = ? AND unit_id = ?", (doc_id, unit_id))
    sents = json.loads(row["sentences"] or "[]") if row else []
    if 0 <= n < len(sents):
        return sents[n].get("zh"), sents[n].get("en")
    return None, None


# -- hooks ------------------------------------------------------------------------------------------
def index_context(lib: Any) -> None:
    """Nothing prepared away from the library: mining reads the library's own terms as it goes."""
    return None


def prepare_index(doc: Document, context: Any) -> None:
    return None


def maintain(lib: Any, force: bool = False) -> None:
    """Nothing to tidy after a batch: terms are written in step with every change."""
    return None


def index_document(lib: Any, cur: Any, doc: Document, prepared: Any = None) -> None:
    _index(lib, cur, doc.id, doc.units)


def reindex_units(lib: Any, cur: Any, doc_id: str, units: list[Unit]) -> None:
    """A unit was corrected: mine the whole document again (association spans its pairs)."""
    rows = lib.fetch_all(cur, "SELECT unit_id, kind, zh, en, sentences FROM units WHERE doc_id = ? ORDER BY ord", (doc_id,))
    fresh = {u.id: u for u in units}
    doc_units = []
    for r in rows:
        u = fresh.get(r["unit_id"]) or Unit.from_dict(
            {"id": r["unit_id"], "kind": r["kind"], "zh": r["zh"], "en": r["en"], "sentences": json.loads(r["sentences"] or "[]")}
        )
        if u.bilingual and (not u.sentences or _stale(u)):
            from ..align import align_unit

            u = Unit(u.id, u.kind, u.zh, u.en, u.section, u.level, align_unit(u.zh, u.en))
        doc_units.append(u)
    # Mined again before the unsupported candidates go, so a candidate the corrected document still
    # supports keeps its row and id (an editor's `terms confirm 347` from an earlier listing still works).
    before = _drop_occurrences(lib, cur, doc_id)
    _index(lib, cur, doc_id, doc_units)
    _drop_unsupported(lib, cur, before)


def _stale(unit: Unit) -> bool:
    """Sentences that no longer spell the unit's text (a correction stored without re-alignment)."""
    def flat(text: str | None) -> str:
        return "".join((text or "").split())

    return flat("".join(s.zh for s in unit.sentences)) != flat(unit.zh) or flat("".join(s.en for s in unit.sentences)) != flat(unit.en)


def delete_document(lib: Any, cur: Any, doc_id: str) -> None:
    _drop_unsupported(lib, cur, _drop_occurrences(lib, cur, doc_id))


def _drop_occurrences(lib: Any, cur: Any, doc_id: str) -> list[int]:
    """The document's occurrences and runs removed; returns the terms they supported."""
    ids = [int(r["term_id"]) for r in lib.fetch_all(cur, "SELECT DISTINCT term_id FROM tm_occurrences WHERE doc_id = ?", (doc_id,))]
    cur.execute(lib.q("DELETE FROM tm_occurrences WHERE doc_id = ?"), (doc_id,))
    cur.execute(lib.q("DELETE FROM tm_runs WHERE doc_id = ?"), (doc_id,))
    return ids


def _drop_unsupported(lib: Any, cur: Any, ids: list[int]) -> None:
    """Mined candidates nothing supports any more go; an editor's decision (history) keeps its term."""
    for term_id in ids:
        cur.execute(
            lib.q(
                "DELETE FROM tm_terms WHERE id = ? AND origin = 'library' AND status = 'candidate'"
                " AND NOT EXISTS (SELECT 1 FROM tm_occurrences o WHERE o.term_id = ?)"
                " AND NOT EXISTS (SELECT 1 FROM tm_history h WHERE h.term_id = ?)"
            ),
            (term_id, term_id, term_id),
        )


# -- copy to another library (store/copy.py) ----------------------------------------------------------
def copy_decisions(src: Any, dst: Any) -> int:
    """Replay the source's editor decisions (tm_history, in order) on the target, whose own ingest
    mined its candidates afresh (ids differ between libraries, so terms are matched by their pair).
    A decision the target already holds (same action, editor, time and result) is skipped, so a
    second copy changes nothing. Returns the decisions replayed."""
    rows = src.fetch_all(
        src.cursor(),
        "SELECT h.action, h.before, h.after, h.editor, h.at, t.zh, t.en, t.origin FROM tm_history h"
        " JOIN tm_terms t ON t.id = h.term_id ORDER BY h.id",
    )
    if not rows:
        return 0
    done = 0
    with dst.transaction() as cur:
        ensure_glossary(dst, cur)
        have = {(r["action"], r["editor"], r["at"], r["after"]) for r in dst.fetch_all(cur, "SELECT action, editor, at, after FROM tm_history")}
        for r in rows:
            if (r["action"], r["editor"], r["at"], r["after"]) in have:
                continue
            after = json.loads(r["after"]) if r["after"] else {}
            before = json.loads(r["before"]) if r["before"] else {}
            if r["action"] == "edit":
                zh, en = before.get("zh") or r["zh"], before.get("en") or r["en"]
            else:
                zh, en = after.get("zh") or r["zh"], after.get("en") or r["en"]
            origin = "editor" if r["action"] == "add" else r["origin"]
            tid = upsert_term(dst, cur, zh, en, origin, after.get("status") or "candidate", [], [])
            if r["action"] == "edit":
                new_zh, new_en = zh_key(after.get("zh") or zh), after.get("en") or en
                clash = dst.fetch_one(cur, "SELECT id FROM tm_terms WHERE zh = ? AND en_key = ? AND id <> ?", (new_zh, en_key(new_en), tid))
                if clash is not None:
                    tid = int(clash["id"])  # the target already has the edited pair: the decision lands there
                else:
                    cur.execute(dst.q("UPDATE tm_terms SET zh = ?, en = ?, en_key = ? WHERE id = ?"), (new_zh, new_en, en_key(new_en), tid))
            if after.get("status"):
                cur.execute(
                    dst.q("UPDATE tm_terms SET status = ?, updated_by = ?, updated_at = ? WHERE id = ?"),
                    (after["status"], r["editor"], r["at"], tid),
                )
            cur.execute(
                dst.q("INSERT INTO tm_history (term_id, action, before, after, editor, at) VALUES (?, ?, ?, ?, ?, ?)"),
                (tid, r["action"], r["before"], r["after"], r["editor"], r["at"]),
            )
            done += 1
    return done
