"""The termbase of one library: read terms, and an editor's changes (kept with who and when).

Thin functions over the Library's cursor; the CLI (`duizhao terms`) and the web page call these.
"""
from __future__ import annotations

import json
import re
from typing import Any

from ..errors import BadInput, NotFound
from ..lang.script import convert
from ..store.base import now
from .mining import en_key, zh_key
from .model import ORIGINS, STATUSES, Example, Term
from .store_hooks import ensure_glossary, upsert_term

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _terms(lib: Any, cur: Any, rows: list[dict[str, Any]]) -> list[Term]:
    """Rows of tm_terms with their count, documents and an example sentence pair."""
    if not rows:
        return []
    ids = [int(r["id"]) for r in rows]
    occ: dict[int, list[dict[str, Any]]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        for o in lib.fetch_all(
            cur,
            f"SELECT term_id, doc_id, unit_id, sentence, zh, en FROM tm_occurrences WHERE term_id IN ({marks})"
            " ORDER BY term_id, doc_id, unit_id, sentence",
            chunk,
        ):
            occ.setdefault(int(o["term_id"]), []).append(o)
    out = []
    for r in rows:
        found = occ.get(int(r["id"]), [])
        docs = list(dict.fromkeys(o["doc_id"] for o in found))
        first = found[0] if found else None
        out.append(
            Term(
                zh=r["zh"], en=r["en"], id=int(r["id"]),
                zh_variants=json.loads(r["zh_variants"]), en_variants=json.loads(r["en_variants"]),
                origin=r["origin"], status=r["status"], count=len(found), documents=docs,
                example=Example(first["doc_id"], first["unit_id"], first["zh"] or "", first["en"] or "") if first else None,
            )
        )
    return out


def _sync(lib: Any) -> None:
    """The glossary's rows exist (a library made before the termbase, or a newer glossary)."""
    cur = lib.cursor()
    from .store_hooks import _GLOSSARY_SETTING, _glossary_signature

    row = lib.fetch_one(cur, "SELECT value FROM settings WHERE key = ?", (_GLOSSARY_SETTING,))
    if row is None or row["value"] != _glossary_signature():
        with lib.transaction() as wcur:
            ensure_glossary(lib, wcur)


def list_terms(
    lib: Any, query: str | None = None, origin: str | None = None, status: str | None = None,
    limit: int | None = 200, offset: int = 0,
) -> list[Term]:
    """Terms matching `query` on either side (Chinese in any script, English in any case), most
    frequent first; `origin`/`status` filter."""
    if origin is not None and origin not in ORIGINS:
        raise BadInput(f"origin must be one of {', '.join(ORIGINS)}, not {origin!r}")
    if status is not None and status not in STATUSES:
        raise BadInput(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
    _sync(lib)
    where, params = [], []
    q = (query or "").strip()
    if q:
        if _CJK.search(q):
            forms = {zh_key(q), q, convert(q, "s2t"), convert(q, "s2tw"), convert(q, "s2hk")}
            parts = []
            for f in sorted(forms):
                parts.append("t.zh LIKE ? ESCAPE '\\' OR t.zh_variants LIKE ? ESCAPE '\\'")
                params += [_like(f), _like(f)]
            where.append("(" + " OR ".join(parts) + ")")
        else:
            where.append("(t.en_key LIKE ? ESCAPE '\\' OR LOWER(t.en) LIKE ? ESCAPE '\\' OR LOWER(t.en_variants) LIKE ? ESCAPE '\\')")
            params += [_like(en_key(q)), _like(q.lower()), _like(q.lower())]
    if origin:
        where.append("t.origin = ?")
        params.append(origin)
    if status:
        where.append("t.status = ?")
        params.append(status)
    sql = (
        "SELECT t.*, (SELECT COUNT(*) FROM tm_occurrences o WHERE o.term_id = t.id) AS n FROM tm_terms t"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY n DESC, t.zh, t.en_key"
    )
    if limit is not None:
        sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
    cur = lib.cursor()
    return _terms(lib, cur, lib.fetch_all(cur, sql, params))


def get_term(lib: Any, term_id: int | str) -> Term:
    tid = _id(term_id)
    cur = lib.cursor()
    rows = lib.fetch_all(cur, "SELECT * FROM tm_terms WHERE id = ?", (tid,))
    if not rows:
        raise NotFound(f"no term {term_id}")
    return _terms(lib, cur, rows)[0]


def _id(term_id: int | str) -> int:
    try:
        return int(str(term_id).strip())
    except ValueError:
        raise BadInput(f"a term id is a number, not {term_id!r}") from None


def _record(lib: Any, cur: Any, term_id: int, action: str, before: dict[str, Any] | None, after: dict[str, Any], editor: str) -> None:
    cur.execute(
        lib.q("INSERT INTO tm_history (term_id, action, before, after, editor, at) VALUES (?, ?, ?, ?, ?, ?)"),
        (term_id, action, json.dumps(before, ensure_ascii=False) if before else None, json.dumps(after, ensure_ascii=False), editor, now()),
    )


def _check_pair(zh: str, en: str) -> tuple[str, str]:
    zh, en = " ".join((zh or "").split()), " ".join((en or "").split())
    if not zh or not _CJK.search(zh):
        raise BadInput("the Chinese side of a term must contain Chinese characters")
    if not en or _CJK.search(en) or not en_key(en):
        raise BadInput("the English side of a term must be English text")
    if len(zh) > 100 or len(en) > 200:
        raise BadInput("a term is at most 100 Chinese and 200 English characters")
    return zh, en


def add_term(lib: Any, zh: str, en: str, editor: str) -> Term:
    """An editor's term: confirmed. Adding a pair the termbase already has confirms it."""
    zh, en = _check_pair(zh, en)
    _sync(lib)
    with lib.transaction() as cur:
        row = lib.fetch_one(cur, "SELECT * FROM tm_terms WHERE zh = ? AND en_key = ?", (zh_key(zh), en_key(en)))
        if row is None:
            tid = upsert_term(lib, cur, zh, en, "editor", "confirmed", [zh], [en])
            _record(lib, cur, tid, "add", None, {"zh": zh_key(zh), "en": en, "status": "confirmed"}, editor)
        else:
            tid = int(row["id"])
            _set_status(lib, cur, row, "confirmed", editor)
    return get_term(lib, tid)


def _set_status(lib: Any, cur: Any, row: dict[str, Any], status: str, editor: str) -> None:
    if row["status"] == status:
        return
    cur.execute(lib.q("UPDATE tm_terms SET status = ?, updated_by = ?, updated_at = ? WHERE id = ?"), (status, editor, now(), row["id"]))
    _record(lib, cur, int(row["id"]), "confirm" if status == "confirmed" else "reject" if status == "rejected" else status,
            {"status": row["status"]}, {"status": status}, editor)


def set_status(lib: Any, term_id: int | str, status: str, editor: str) -> Term:
    """confirm / reject a term (any origin; the glossary's file itself is never written)."""
    if status not in STATUSES:
        raise BadInput(f"status must be one of {', '.join(STATUSES)}")
    tid = _id(term_id)
    with lib.transaction() as cur:
        row = lib.fetch_one(cur, "SELECT * FROM tm_terms WHERE id = ?" + lib.row_lock, (tid,))
        if row is None:
            raise NotFound(f"no term {term_id}")
        _set_status(lib, cur, row, status, editor)
    return get_term(lib, tid)


def edit_term(lib: Any, term_id: int | str, zh: str, en: str, editor: str) -> Term:
    """Change a term's wording (a mined pair cut one word short): the term keeps its id and its
    occurrences, becomes confirmed, and the old wording is kept in history."""
    zh, en = _check_pair(zh, en)
    tid = _id(term_id)
    with lib.transaction() as cur:
        row = lib.fetch_one(cur, "SELECT * FROM tm_terms WHERE id = ?" + lib.row_lock, (tid,))
        if row is None:
            raise NotFound(f"no term {term_id}")
        other = lib.fetch_one(cur, "SELECT id FROM tm_terms WHERE zh = ? AND en_key = ? AND id <> ?", (zh_key(zh), en_key(en), tid))
        if other is not None:
            raise BadInput(f"the termbase already has {zh_key(zh)} = {en} (term {other['id']})")
        cur.execute(
            lib.q("UPDATE tm_terms SET zh = ?, en = ?, en_key = ?, status = 'confirmed', updated_by = ?, updated_at = ? WHERE id = ?"),
            (zh_key(zh), en, en_key(en), editor, now(), tid),
        )
        _record(lib, cur, tid, "edit", {"zh": row["zh"], "en": row["en"], "status": row["status"]},
                {"zh": zh_key(zh), "en": en, "status": "confirmed"}, editor)
    return get_term(lib, tid)


def term_history(lib: Any, term_id: int | str) -> list[dict[str, Any]]:
    rows = lib.fetch_all(lib.cursor(), "SELECT action, before, after, editor, at FROM tm_history WHERE term_id = ? ORDER BY id", (_id(term_id),))
    for r in rows:
        r["before"] = json.loads(r["before"]) if r["before"] else None
        r["after"] = json.loads(r["after"]) if r["after"] else None
    return rows


def inconsistent(lib: Any) -> list[dict[str, Any]]:
    """Chinese terms the library translates in more than one way (not counting rejected pairs):
    [{"zh", "translations": [term, …]}], the most used first — translators' consistency check."""
    cur = lib.cursor()
    rows = lib.fetch_all(
        cur,
        "SELECT t.* FROM tm_terms t WHERE t.status <> 'rejected'"
        " AND EXISTS (SELECT 1 FROM tm_occurrences o WHERE o.term_id = t.id)"
        " AND t.zh IN (SELECT zh FROM tm_terms x WHERE x.status <> 'rejected'"
        "   AND EXISTS (SELECT 1 FROM tm_occurrences o2 WHERE o2.term_id = x.id) GROUP BY zh HAVING COUNT(*) > 1)"
        " ORDER BY t.zh, t.en_key",
    )
    by_zh: dict[str, list[Term]] = {}
    for t in _terms(lib, cur, rows):
        by_zh.setdefault(t.zh, []).append(t)
    groups = sorted(by_zh.items(), key=lambda kv: (-sum(t.count for t in kv[1]), kv[0]))
    return [{"zh": zh, "translations": [t.to_dict() for t in sorted(ts, key=lambda t: -t.count)]} for zh, ts in groups]


def terms_in(lib: Any, zh: str, limit: int = 20) -> list[tuple[str, str, list[str]]]:
    """The termbase's terms whose Chinese occurs in `zh` (any script), longest first, as
    (zh as written in the text's script, en, every English form): what the digest editor offers for
    the English side. Rejected terms are left out; one rendering per Chinese term, confirmed first."""
    key = zh_key(zh)
    if len(key) < 2:
        return []
    _sync(lib)
    rows = lib.fetch_all(
        lib.cursor(),
        "SELECT zh, en, en_variants FROM tm_terms WHERE status != 'rejected' AND LENGTH(zh) >= 2"
        " AND ? LIKE '%' || zh || '%' ORDER BY LENGTH(zh) DESC, status = 'confirmed' DESC, zh",
        (key,),
    )
    out: list[tuple[str, str, list[str]]] = []
    seen: set[str] = set()
    for r in rows:
        if r["zh"] in seen:
            continue
        seen.add(r["zh"])
        at = key.find(r["zh"])
        forms = [r["en"], *json.loads(r["en_variants"] or "[]")]
        out.append((zh[at : at + len(r["zh"])] if at >= 0 and len(key) == len(zh) else r["zh"], r["en"], forms))
        if len(out) >= limit:
            break
    return out
