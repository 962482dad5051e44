"""Questions over the library's knowledge tables: entities, one entity, the timeline, figures, candidates.

Every answer is plain JSON-able data (what `--json` prints and /api/knowledge/… returns). Names are
resolved through the library's glossary (shared glossary + confirmed additions), in any script or
language: entity(lib, "普丁"), entity(lib, "Putin") and entity(lib, "putin") are the same entity.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter, defaultdict
from collections.abc import Collection
from typing import Any

from ..errors import BadInput, NotFound
from ..lang.glossary import Glossary
from .entities import candidate_key
from .events import merge_events
from .store_hooks import effective_glossary, rebuild


def _label(g: Glossary, eid: str) -> dict[str, str]:
    try:
        e = g.entity(eid)
    except KeyError:
        return {"id": eid, "en": eid, "zh": "", "type": "term"}
    return {"id": e.id, "en": e.en, "zh": e.zh, "type": e.type}


def resolve_entity(lib: Any, name: str) -> str:
    """An entity id from an id or any variant (普丁, Putin, 金磚國家); BadInput when unknown."""
    g = effective_glossary(lib)
    name = (name or "").strip()
    if not name:
        raise BadInput("empty entity name")
    try:
        g.entity(name)
        return name
    except KeyError:
        pass
    ids = g.lookup(name)
    if not ids:
        low = name.lower()
        ids = [e.id for e in g.entities() if e.en.lower() == low or any(v.lower() == low for v in e.variants)]
    if not ids:
        raise NotFound(f"no entity {name!r} in the glossary")
    return ids[0]


def _check_date(value: str | None, what: str) -> str | None:
    if not value:
        return None
    value = value.strip()
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
        raise BadInput(f"{what} must be YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")
    from .events import date_bounds

    try:
        lo, hi = date_bounds(value)
        dt.date.fromisoformat(lo)
        dt.date.fromisoformat(hi)
    except ValueError:
        raise BadInput(f"{what} is not a real date: {value!r}") from None
    return lo if what == "--from" else hi


def _source_clause(source: str | None, alias: str = "d") -> tuple[str, list[Any]]:
    if not source:
        return "", []
    return f" AND ({alias}.source = ? OR {alias}.original_source = ? OR {alias}.path = ? OR {alias}.id = ?)", [
        source
    ] * 4


def _date_clause(date_from: str | None, date_to: str | None, alias: str) -> tuple[str, list[Any]]:
    """Rows whose period [date_lo, date_hi] overlaps the asked range (either end may be open)."""
    lo, hi = _check_date(date_from, "--from"), _check_date(date_to, "--to")
    sql = ""
    params: list[Any] = []
    if lo:
        sql += f" AND {alias}.date_hi >= ?"
        params.append(lo)
    if hi:
        sql += f" AND {alias}.date_lo <= ?"
        params.append(hi)
    return sql, params


def _doc_fields(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "doc_id": row["doc_id"],
        "path": row["path"],
        "title": {"zh": row["title_zh"], "en": row["title_en"]},
        "source": row["source"],
        "published": row["published"],
    }


# -- entities ---------------------------------------------------------------------------------------
def entities(
    lib: Any, type: str | None = None, source: str | None = None, q: str | None = None, limit: int | None = None
) -> list[dict[str, Any]]:
    """Entities mentioned in the library, most mentioned first, with mention and document counts."""
    g = effective_glossary(lib)
    where, params = _source_clause(source)
    rows = lib.fetch_all(
        lib.cursor(),
        "SELECT m.entity_id AS entity_id, COUNT(*) AS n, COUNT(DISTINCT m.doc_id) AS docs FROM kn_mentions m"
        " JOIN documents d ON d.id = m.doc_id WHERE 1 = 1" + where + " GROUP BY m.entity_id",
        params,
    )
    out: list[dict[str, Any]] = []
    for r in rows:
        label = _label(g, r["entity_id"])
        if type and label["type"] != type:
            continue
        if q and q.lower() not in (label["en"] + " " + label["zh"] + " " + label["id"]).lower():
            continue
        out.append({**label, "mentions": int(r["n"]), "documents": int(r["docs"])})
    out.sort(key=lambda e: (-e["mentions"], e["en"]))
    return out[:limit] if limit else out


def entity(lib: Any, name: str, limit: int = 500) -> dict[str, Any]:
    """One entity: its variants, the surfaces seen, mentions with their sentences, documents, co-mentions."""
    eid = resolve_entity(lib, name)
    g = effective_glossary(lib)
    e = g.entity(eid)
    cur = lib.cursor()
    rows = lib.fetch_all(
        cur,
        "SELECT m.doc_id AS doc_id, m.unit_id AS unit_id, m.sentence AS sentence, m.side AS side, m.surface AS surface,"
        " s.zh AS zh, s.en AS en, s.ord AS ord, d.path AS path, d.title_zh AS title_zh, d.title_en AS title_en,"
        " d.source AS source, d.published AS published"
        " FROM kn_mentions m JOIN documents d ON d.id = m.doc_id"
        " LEFT JOIN kn_sentences s ON s.doc_id = m.doc_id AND s.unit_id = m.unit_id AND s.sentence = m.sentence"
        " WHERE m.entity_id = ? ORDER BY d.published DESC, m.doc_id, s.ord, m.side DESC, m.pos_start",
        (eid,),
    )
    surfaces = Counter((r["surface"], r["side"]) for r in rows)
    docs: dict[str, dict[str, Any]] = {}
    mentions: list[dict[str, Any]] = []
    seen_sentences: dict[tuple[str, str, int], dict[str, Any]] = {}
    for r in rows:
        d = docs.setdefault(r["doc_id"], {**_doc_fields(r), "mentions": 0})
        d["mentions"] += 1
        key = (r["doc_id"], r["unit_id"], r["sentence"])
        if key in seen_sentences:
            if r["surface"] not in seen_sentences[key]["surfaces"]:
                seen_sentences[key]["surfaces"].append(r["surface"])
            continue
        item = {
            "doc_id": r["doc_id"],
            "path": r["path"],
            "unit_id": r["unit_id"],
            "sentence": r["sentence"],
            "surfaces": [r["surface"]],
            "zh": r["zh"],
            "en": r["en"],
        }
        seen_sentences[key] = item
        mentions.append(item)
    co = co_mentions(lib, eid)
    return {
        **{k: v for k, v in _label(g, eid).items()},
        "variants": list(e.variants),
        "surfaces": [{"surface": s, "side": side, "count": n} for (s, side), n in surfaces.most_common()],
        "mention_count": len(rows),
        "mentions": mentions[:limit],
        "documents": sorted(docs.values(), key=lambda d: (-d["mentions"], d["path"] or "")),
        "co_mentioned": [{**_label(g, other), "weight": w} for other, w in co],
    }


def _sentence_entities(lib: Any, doc_ids: Collection[str] | None = None) -> dict[tuple[str, str, int], set[str]]:
    rows = lib.fetch_all(lib.cursor(), "SELECT DISTINCT doc_id, unit_id, sentence, entity_id FROM kn_mentions")
    out: dict[tuple[str, str, int], set[str]] = defaultdict(set)
    for r in rows:
        if doc_ids is None or r["doc_id"] in doc_ids:
            out[(r["doc_id"], r["unit_id"], r["sentence"])].add(r["entity_id"])
    return out


def co_mentions(lib: Any, eid: str, limit: int = 30) -> list[tuple[str, int]]:
    """Entities named in the same sentences as `eid`, with the number of such sentences."""
    counts: Counter[str] = Counter()
    for ents in _sentence_entities(lib).values():
        if eid in ents:
            counts.update(x for x in ents if x != eid)
    return counts.most_common(limit)


def network(lib: Any, min_weight: int = 1, source: str | None = None) -> dict[str, Any]:
    """The co-mention network: nodes (entities with mention counts), edges (sentences shared)."""
    g = effective_glossary(lib)
    doc_ids = None
    if source:
        where, params = _source_clause(source)
        doc_ids = {
            r["id"] for r in lib.fetch_all(lib.cursor(), "SELECT d.id AS id FROM documents d WHERE 1 = 1" + where, params)
        }
    weights: Counter[tuple[str, str]] = Counter()
    docs: dict[tuple[str, str], set[str]] = defaultdict(set)
    mentions: Counter[str] = Counter()
    for (doc_id, _u, _s), ents in _sentence_entities(lib, doc_ids).items():
        ordered = sorted(ents)
        mentions.update(ordered)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                weights[(a, b)] += 1
                docs[(a, b)].add(doc_id)
    edges = [
        {"source": a, "target": b, "weight": w, "documents": len(docs[(a, b)])}
        for (a, b), w in sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))
        if w >= min_weight
    ]
    used = {x for e in edges for x in (e["source"], e["target"])} if min_weight > 1 else set(mentions)
    nodes = [{**_label(g, n), "mentions": c} for n, c in mentions.most_common() if n in used]
    return {"nodes": nodes, "edges": edges}


# -- timeline ---------------------------------------------------------------------------------------
def timeline(
    lib: Any,
    entity: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    source: str | None = None,
    precision: str | None = None,
    unresolved: bool | None = None,
) -> list[dict[str, Any]]:
    """Events in date order; the same event told by several documents is one entry listing every source.

    Events whose date needs a publication date the document lacks are kept `unresolved` (after the
    dated ones); `unresolved=False` leaves them out, `True` lists only them. A date range leaves them out."""
    g = effective_glossary(lib)
    sql = (
        "SELECT e.doc_id AS doc_id, e.unit_id AS unit_id, e.sentence AS sentence, e.date_iso AS date,"
        " e.prec AS precision, e.date_end AS date_end, e.unresolved AS unresolved,"
        " e.part AS part, e.relative AS relative, e.surface AS surface, e.actors AS actors, e.zh AS zh, e.en AS en,"
        " d.path AS path, d.title_zh AS title_zh, d.title_en AS title_en, d.source AS source, d.published AS published"
        " FROM kn_events e JOIN documents d ON d.id = e.doc_id WHERE 1 = 1"
    )
    sql_dates, params = _date_clause(date_from, date_to, "e")
    sql += sql_dates
    if sql_dates or unresolved is False:
        sql += " AND e.unresolved = 0"
    elif unresolved:
        sql += " AND e.unresolved = 1"
    if precision:
        if precision not in ("day", "month", "year"):
            raise BadInput("precision must be day, month or year")
        sql += " AND e.prec = ?"
        params.append(precision)
    where, p = _source_clause(source)
    sql += where
    params += p
    eid = resolve_entity(lib, entity) if entity else None
    if eid:
        sql += " AND e.actors LIKE ?"
        params.append(f'%"{eid}"%')
    rows = lib.fetch_all(lib.cursor(), sql, params)
    for r in rows:
        r["actors"] = json.loads(r["actors"] or "[]")
        r["title"] = {"zh": r.pop("title_zh"), "en": r.pop("title_en")}
    merged = merge_events(rows)
    for m in merged:
        m["actors"] = [_label(g, a) for a in m["actors"]]
    return merged


# -- figures ----------------------------------------------------------------------------------------
FIGURE_SORTS = ("date", "measure", "value", "document")


def figures(
    lib: Any,
    entity: str | None = None,
    measure: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    source: str | None = None,
    sort: str = "date",
) -> list[dict[str, Any]]:
    """Figures with what they measure, normalised value and unit, period, both surfaces and the sentence."""
    from .figures import display_value

    if sort not in FIGURE_SORTS:
        raise BadInput(f"unknown sort {sort!r}: one of {', '.join(FIGURE_SORTS)}")
    sql = (
        "SELECT f.*, d.path AS path, d.title_zh AS title_zh, d.title_en AS title_en, d.source AS source,"
        " d.published AS published FROM kn_figures f JOIN documents d ON d.id = f.doc_id WHERE 1 = 1"
    )
    sql_dates, params = _date_clause(date_from, date_to, "f")
    sql += sql_dates
    if measure:
        sql += " AND f.measure LIKE ?"
        params.append(f"%{measure}%")
    where, p = _source_clause(source)
    sql += where
    params += p
    if entity:
        sql += " AND f.entities LIKE ?"
        params.append(f'%"{resolve_entity(lib, entity)}"%')
    rows = lib.fetch_all(lib.cursor(), sql, params)
    g = effective_glossary(lib)
    out = []
    for r in rows:
        out.append(
            {
                "measure": r["measure"],
                "value": r["value"],
                "high": r["high"],
                "unit": r["unit"],
                "display": display_value(r["value"], r["unit"], r["high"]),
                "approx": bool(r["approx"]),
                "period": r["period_text"],
                "year": r["year"],
                "direction": r.get("direction"),
                "kind": r.get("kind") or "level",
                "measure_zh": r.get("measure_zh"),
                "measure_en": r.get("measure_en"),
                "date": r["date_iso"],
                "surface_zh": r["surface_zh"],
                "surface_en": r["surface_en"],
                "entities": [_label(g, x) for x in json.loads(r["entities"] or "[]")],
                "doc_id": r["doc_id"],
                "path": r["path"],
                "title": {"zh": r["title_zh"], "en": r["title_en"]},
                "source": r["source"],
                "published": r["published"],
                "unit_id": r["unit_id"],
                "sentence": r["sentence"],
                "zh": r["zh"],
                "en": r["en"],
            }
        )
    keys = {
        "date": lambda f: (f["date"] or str(f["year"] or "9999"), f["measure"]),
        "measure": lambda f: (f["measure"], f["date"] or str(f["year"] or "")),
        "value": lambda f: (f["unit"] or "", -f["value"]),
        "document": lambda f: (f["published"] or "", f["doc_id"], f["unit_id"], f["sentence"]),
    }
    out.sort(key=keys[sort])
    return out


# -- candidates -------------------------------------------------------------------------------------
def candidates(lib: Any, min_count: int = 1, limit: int | None = None) -> list[dict[str, Any]]:
    """Names the glossary lacks, most frequent first, each with the Chinese forms seen beside it."""
    g = effective_glossary(lib)
    rows = lib.fetch_all(
        lib.cursor(),
        "SELECT c.cand_key AS cand_key, c.en AS en, c.zh AS zh, c.type AS type, c.doc_id AS doc_id, c.unit_id AS unit_id,"
        " c.sentence AS sentence, s.en AS sentence_en, s.zh AS sentence_zh, d.path AS path"
        " FROM kn_candidates c JOIN documents d ON d.id = c.doc_id"
        " LEFT JOIN kn_sentences s ON s.doc_id = c.doc_id AND s.unit_id = c.unit_id AND s.sentence = c.sentence"
        " ORDER BY d.published, c.doc_id",
    )
    groups: dict[str, dict[str, Any]] = {}
    for r in rows:
        if (r["en"] and g.lookup(r["en"])) or (not r["en"] and r["zh"] and g.lookup(r["zh"])):
            continue  # confirmed since
        grp = groups.setdefault(
            r["cand_key"],
            {
                "key": r["cand_key"],
                "en": Counter(),
                "zh": Counter(),
                "type": Counter(),
                "count": 0,
                "documents": set(),
                "examples": [],
            },
        )
        grp["en"][r["en"]] += 1
        grp["type"][r["type"] or "name"] += 1
        if r["zh"]:
            grp["zh"][r["zh"]] += 1
        grp["count"] += 1
        grp["documents"].add(r["doc_id"])
        if len(grp["examples"]) < 3:
            grp["examples"].append(
                {
                    "doc_id": r["doc_id"],
                    "path": r["path"],
                    "unit_id": r["unit_id"],
                    "sentence": r["sentence"],
                    "en": r["sentence_en"],
                    "zh": r["sentence_zh"],
                }
            )
    out = []
    for grp in groups.values():
        if grp["count"] < min_count:
            continue
        out.append(
            {
                "key": grp["key"],
                "status": "candidate",
                "type": grp["type"].most_common(1)[0][0],  # person | org | place | name (not told apart)
                "en": grp["en"].most_common(1)[0][0],
                "zh": grp["zh"].most_common(1)[0][0] if grp["zh"] else None,
                "zh_forms": [z for z, _ in grp["zh"].most_common()],
                "count": grp["count"],
                "documents": len(grp["documents"]),
                "examples": grp["examples"],
            }
        )
    out.sort(key=lambda c: (-c["count"], -len(c["zh_forms"]), c["en"]))
    return out[:limit] if limit else out


_TYPES = ("person", "country", "place", "city", "org", "term", "currency")


def confirm_candidate(
    lib: Any,
    en: str,
    zh: str | None = None,
    entity_id: str | None = None,
    type: str = "term",
    variants: list[str] | None = None,
    editor: str = "editor",
    reindex: bool = True,
) -> dict[str, Any]:
    """Confirm a name into the library's glossary: a new entity, or (entity_id) new variants of a known one.

    `zh` defaults to the Chinese form seen most often beside the candidate. Every document is then
    re-extracted so the name is found everywhere, not only in documents ingested later.
    """
    from .store_hooks import additions

    en = " ".join((en or "").split())
    if not en or len(en) > 200:
        raise BadInput("give the English name to confirm (1–200 characters)")
    if type not in _TYPES:
        raise BadInput(f"type must be one of {', '.join(_TYPES)}")
    g = effective_glossary(lib)
    if zh is None:
        seen = [c for c in candidates(lib) if c["key"] == candidate_key(en)]
        zh = seen[0]["zh"] if seen else None
    zh = (zh or "").strip() or None
    if entity_id:
        eid = resolve_entity(lib, entity_id)
        type = g.entity(eid).type
    else:
        if g.lookup(en):
            raise BadInput(f"{en!r} is already in the glossary (entity {g.lookup(en)[0]}); add variants with --entity")
        base = re.sub(r"[^a-z0-9]+", "_", en.lower()).strip("_") or "entity"
        known = {e.id for e in g.entities()} | {r["entity_id"] for r in additions(lib)}
        eid, n = base, 2
        while eid in known:
            eid, n = f"{base}_{n}", n + 1
    from ..store.base import now

    with lib.transaction() as cur:
        cur.execute(
            lib.q(
                "INSERT INTO kn_glossary (entity_id, type, en, zh, variants, confirmed_by, confirmed_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)"
            ),
            (
                eid,
                type,
                en if not entity_id else g.entity(eid).en,
                zh,
                json.dumps([en, *(variants or [])], ensure_ascii=False),
                editor,
                now(),
            ),
        )
    lib.state.glossary = None
    done = rebuild(lib) if reindex else 0
    g = effective_glossary(lib)
    return {"entity": {**_label(g, eid), "variants": g.variants(eid)}, "reindexed": done}
