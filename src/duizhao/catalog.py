"""The catalogue: documents found by their metadata rather than their text: a query naming an author, a source or a
keyword ("Gabuev", "Foreign Affairs"), and a query that is only filters (author:Gabuev).

Each such document is one hit: its first unit, with "matched" naming the fields that matched
(["author"], or ["filters"] for a filter-only query). Published documents only, like the index.
"""
from __future__ import annotations

import json
import re
from typing import Any

MAX_WORDS = 5  # names, sources and keywords are short; a longer query is about text
MAX_DOCS = 50  # documents a metadata match puts before the text hits, at most
_FIELDS = (("author", "authors"), ("source", "source"), ("source", "original_source"), ("keyword", "keywords"))
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def metadata_words(text: str) -> list[str]:
    """The query's words as metadata is matched: lower case, none of its field:value items or -words."""
    words = [w.lower() for w in _WORD.findall(_plain(text)) if w not in ("OR",)]
    return words if 0 < len(words) <= MAX_WORDS else []


def _plain(text: str) -> str:
    """The query without its field:value items and -exclusions."""
    return " ".join(re.sub(r'-?[A-Za-z]+:(?:"[^"]*"?|\S+)|(?:^|\s)-\S+', " ", text or "").split())


def _like(word: str) -> str:
    escaped = json.dumps(word, ensure_ascii=False)[1:-1]  # authors and keywords are stored as JSON
    return "%" + escaped.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def matching(
    library: Any, words: list[str], filters: dict[str, Any], limit: int = MAX_DOCS, scan: bool = True, typed: str = ""
) -> list[tuple[str, list[str]]]:
    """(doc_id, fields matched) of the documents one of whose author, source or keyword fields holds
    every word (or, with no words, that meet `filters`), newest first.

    scan=False: only a source named as `typed` (as typed, in title or upper case), found through the
    index on source. Authors and keywords are JSON lists that no index serves: reading every
    document's costs ~140 ms at 100k documents, so search scans them only when the text found less
    than a page."""
    where, params = library.where_clause({**{k: v for k, v in filters.items() if v}, "status": "published"})
    fields: list[str] = []
    if words and not scan:
        plain = _plain(typed)
        forms = list(dict.fromkeys(f for f in (plain, plain.title(), plain.upper()) if f))
        where += f" AND source IN ({', '.join('?' for _ in forms)})"
        params += forms
        fields = ["authors", "source", "original_source", "keywords"]
    elif words:
        ors = []
        for _name, column in _FIELDS:
            ors.append("(" + " AND ".join(f"LOWER(COALESCE({column}, '')) LIKE ? ESCAPE '\\'" for _ in words) + ")")
            params += [_like(w) for w in words]
        where += " AND (" + " OR ".join(ors) + ")"
        fields = [c for _n, c in _FIELDS]
    cur = library.cursor()
    cols = ", ".join(["id", *fields])
    cur.execute(
        library.q(f"SELECT {cols} FROM documents{where} ORDER BY published IS NULL, published DESC, id LIMIT {int(limit) * 4}"),
        params,
    )
    out = []
    for row in cur.fetchall():
        if not words:
            out.append((row[0], ["filters"]))
            continue
        names = [name for (name, _c), value in zip(_FIELDS, row[1:], strict=True) if value and _names(name, value, words)]
        if names:
            out.append((row[0], list(dict.fromkeys(names))))
    return out[:limit]


def _names(field: str, value: Any, words: list[str]) -> bool:
    """Whether the field names what the query says: an author by some of the words of their name
    ("Gabuev", "Alexander Gabuev"); a source or a keyword by all of its words ("Foreign Affairs",
    not "foreign" alone: a source's every word would otherwise list its documents)."""
    values = json.loads(value) if field in ("author", "keyword") and str(value).startswith("[") else [value]
    for v in values:
        have = [w.lower() for w in _WORD.findall(str(v))]
        if (field == "author" and set(words) <= set(have)) or have == words:
            return True
    return False


def meeting(library: Any, filters: dict[str, Any], ids: set[str] | None = None) -> set[str]:
    """The ids of the documents meeting the metadata filters (Library.where_clause; "status" too),
    among `ids` when given."""
    cur = library.cursor()
    cur.execute(*_selecting("id", library, filters, ids))
    return {r[0] for r in cur.fetchall()}


def count(library: Any, filters: dict[str, Any]) -> int:
    """Published documents meeting the filters (a filter-only query's total), counted by the database."""
    cur = library.cursor()
    cur.execute(*_selecting("COUNT(*)", library, {**filters, "status": "published"}, None))
    return int(cur.fetchone()[0])


def _selecting(what: str, library: Any, filters: dict[str, Any], ids: set[str] | None) -> tuple[str, Any]:
    """SELECT `what` FROM the documents meeting the filters (among `ids`): (sql, params)."""
    wanted = {k: v for k, v in filters.items() if v}
    if ids is not None:
        wanted["ids"] = sorted(ids)
    where, params = library.where_clause(wanted)
    return library.q(f"SELECT {what} FROM documents{where}"), params


def first_units(library: Any, doc_ids: list[str]) -> dict[str, str]:
    """doc_id → the id of its first unit that has text."""
    if not doc_ids:
        return {}
    marks = ", ".join("?" for _ in doc_ids)
    cur = library.cursor()
    cur.execute(
        library.q(
            f"SELECT doc_id, unit_id FROM units u WHERE doc_id IN ({marks}) AND ord = (SELECT MIN(ord) FROM units v"
            " WHERE v.doc_id = u.doc_id AND (COALESCE(v.zh, '') <> '' OR COALESCE(v.en, '') <> ''))"
        ),
        doc_ids,
    )
    return {r[0]: r[1] for r in cur.fetchall()}
