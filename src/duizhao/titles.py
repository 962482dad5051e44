"""The best title a record has, the one function every face (web pages, CLI, exports) names a document by.

In order: the title field (English / Chinese); for a digest without a title line, a stand-in of who,
where and when ("Alexander Gabuev — Foreign Affairs — 2024-06-14"); for a document with neither
(two files ingested with --pair), its headline: a short first unit; the file name last.

A record is a Document, its to_dict(), or a summary row of Library.list_documents (which carries the
first unit as "headline" when the document has no title). Kept free of heavy imports: the CLI's
list and show load it at start.
"""

from __future__ import annotations

from typing import Any

HEADING_KINDS = ("title", "heading")
# A first paragraph this short and on one line reads as a headline ("俄罗斯与土耳其：“格格不入联盟”？"),
# a longer one is the text itself.
HEADLINE_ZH = 60
HEADLINE_EN = 160


def headline(kind: str | None, zh: str | None, en: str | None) -> dict[str, str | None] | None:
    """The first unit as a headline {"zh", "en"} when it is a heading or short enough to be one."""
    zh, en = (zh or "").strip() or None, (en or "").strip() or None
    if not (zh or en):
        return None
    if kind in HEADING_KINDS:
        return {"zh": zh, "en": en}
    if any("\n" in t for t in (zh, en) if t):
        return None
    if len(zh or "") <= HEADLINE_ZH and len(en or "") <= HEADLINE_EN:
        return {"zh": zh, "en": en}
    return None


def _get(record: Any, key: str) -> Any:
    return record.get(key) if isinstance(record, dict) else getattr(record, key, None)


def _headline_of(record: Any) -> dict[str, str | None] | None:
    if isinstance(record, dict):
        if record.get("headline"):
            got: dict[str, str | None] = record["headline"]
            return got
        units = record.get("units") or []
        first = units[0] if units else None
        return headline(first.get("kind"), first.get("zh"), first.get("en")) if first else None
    units = getattr(record, "units", None) or []
    return headline(units[0].kind, units[0].zh, units[0].en) if units else None


def _both(t: dict[str, str | None] | None) -> str:
    t = t or {}
    return " / ".join(x for x in (t.get("en"), t.get("zh")) if x)


def best_title(record: Any) -> str:
    """The title to show for a document: see the module's docstring for the order."""
    title = _both(_get(record, "title"))
    if title:
        return title
    who = ", ".join(_get(record, "authors") or [])
    bits = [b for b in (who, _get(record, "source"), _get(record, "published")) if b]
    if bits:
        return " — ".join(bits)
    head = _both(_headline_of(record))
    if head:
        return head
    return str(_get(record, "path") or _get(record, "id") or "untitled")


def is_stand_in(record: Any) -> bool:
    """True when the record has no title of its own (the best title is made up: shown in italics)."""
    return not _both(_get(record, "title"))
