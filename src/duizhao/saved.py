"""Saved searches: a query and its filters an analyst names and returns to, and the Atom feed of the
documents that match it, newest first (feed readers poll it: new matches show up as new entries).

A saved search belongs to a user of the library and is kept as one row of the library's settings
table (key "saved-search:USER:NAME", value the JSON below): one row per search, written in one
statement, so two processes saving at once never lose each other's searches, and `duizhao copy`
carries them with the settings. The feed is made from the search's own URL parameters, so it needs
no sign-in (a feed reader has none) and shows what /search shows.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode
from xml.sax.saxutils import escape

from .errors import BadInput, NotFound
from .titles import best_title

PREFIX = "saved-search:"
FILTERS = ("source", "author", "keyword", "date_from", "date_to", "side")
MAX_NAME = 100
MAX_QUERY = 500
FEED_ENTRIES = 50


@dataclass
class SavedSearch:
    owner: str
    name: str
    query: str
    filters: dict[str, str] = field(default_factory=dict)
    created: str = ""

    def params(self) -> dict[str, str]:
        """The /search (and /search.atom) parameters of this search."""
        return {"q": self.query, **{k: v for k, v in self.filters.items() if v}}

    def search_url(self) -> str:
        return "/search?" + urlencode(self.params())

    def feed_url(self) -> str:
        return "/search.atom?" + urlencode(self.params())

    def to_dict(self) -> dict[str, Any]:
        return {
            "owner": self.owner,
            "name": self.name,
            "query": self.query,
            "filters": self.filters,
            "created": self.created,
            "search": self.search_url(),
            "feed": self.feed_url(),
        }


def _key(owner: str, name: str) -> str:
    return f"{PREFIX}{owner}:{name}"


def clean_filters(filters: dict[str, Any]) -> dict[str, str]:
    """The filters a saved search keeps (the search page's), empty ones dropped, dates checked."""
    out: dict[str, str] = {}
    for k in FILTERS:
        v = str(filters.get(k) or "").strip()
        if not v:
            continue
        if k in ("date_from", "date_to"):
            try:
                v = dt.date.fromisoformat(v).isoformat()
            except ValueError:
                raise BadInput(f"{k} must be a date YYYY-MM-DD, not {v!r}") from None
        if k == "side" and v not in ("zh", "en"):
            raise BadInput(f"side is zh or en, not {v!r}")
        out[k] = v[:200]
    return out


def save(lib: Any, owner: str, name: str, query: str, filters: dict[str, Any] | None = None) -> SavedSearch:
    """Save (or replace) the search `name` of user `owner`."""
    name, query = " ".join((name or "").split()), (query or "").strip()
    if not name or len(name) > MAX_NAME:
        raise BadInput(f"a saved search needs a name of 1–{MAX_NAME} characters")
    if not query or len(query) > MAX_QUERY:
        raise BadInput(f"a saved search needs a query of 1–{MAX_QUERY} characters")
    if lib.get_user(owner) is None:
        raise BadInput(f"no user {owner!r} (duizhao user add)")
    saved = SavedSearch(owner, name, query, clean_filters(filters or {}), dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
    value = {"query": saved.query, "filters": saved.filters, "created": saved.created}
    lib.set_setting(_key(owner, name), json.dumps(value, ensure_ascii=False))
    return saved


def saved_searches(lib: Any, owner: str) -> list[SavedSearch]:
    """The user's saved searches, by name."""
    out = []
    prefix = f"{PREFIX}{owner}:"
    for key, raw in lib.settings_like(prefix).items():
        try:
            v = json.loads(raw)
        except ValueError:
            continue  # not ours: a setting that happens to share the prefix
        out.append(SavedSearch(owner, key[len(prefix) :], v.get("query", ""), v.get("filters") or {}, v.get("created", "")))
    return sorted(out, key=lambda s: s.name.lower())


def remove(lib: Any, owner: str, name: str) -> None:
    if not lib.delete_setting(_key(owner, " ".join((name or "").split()))):
        raise NotFound(f"{owner} has no saved search {name!r}")


def feed_entries(lib: Any, params: dict[str, Any], limit: int = FEED_ENTRIES) -> list[dict[str, Any]]:
    """The documents matching the search, the most recently added first: (summary, best hit) each."""
    from .search import search

    query = str(params.get("q") or "").strip()[:MAX_QUERY]
    if not query:
        raise BadInput("a feed needs a query (?q=)")
    filters = clean_filters(params)
    result = search(
        lib,
        query,
        limit=1000,
        group_by_document=True,
        snippets=False,
        source=filters.get("source"),
        author=filters.get("author"),
        keyword=filters.get("keyword"),
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
        side=filters.get("side"),
    )
    hits = {h["doc_id"]: h for h in result["hits"]}
    if not hits:
        return []
    rows = lib.list_documents(ids=list(hits), sort="added", limit=limit)
    return [{"doc": r, "hit": hits[r["id"]]} for r in rows]


def atom(entries: list[dict[str, Any]], query: str, base: str, self_url: str) -> bytes:
    """An Atom 1.0 feed of the entries (feed_entries), links absolute from `base` (the site's root)."""
    base = base.rstrip("/")
    updated = max((e["doc"].get("added") or "" for e in entries), default="") or "1970-01-01T00:00:00Z"
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"<title>{escape('duizhao: ' + query)}</title>",
        f"<id>{escape(base + self_url)}</id>",
        f'<link rel="self" href="{escape(base + self_url, {chr(34): "&quot;"})}"/>',
        f'<link rel="alternate" href="{escape(base + self_url.replace("/search.atom", "/search", 1), {chr(34): "&quot;"})}"/>',
        f"<updated>{escape(updated)}</updated>",
        "<author><name>duizhao</name></author>",
        "<generator>duizhao</generator>",
    ]
    for e in entries:
        d, h = e["doc"], e["hit"]
        href = f"{base}/doc/{d['id']}" + (f"#{h['unit_id']}" if h["unit_id"] else "")  # None: the title matched
        text = (h.get("en") or h.get("zh") or "")[:400] if h.get("side") == "en" else (h.get("zh") or h.get("en") or "")[:400]
        out += [
            "<entry>",
            f"<title>{escape(best_title(d))}</title>",
            f"<id>{escape(base + '/doc/' + d['id'])}</id>",
            f'<link href="{escape(href, {chr(34): "&quot;"})}"/>',
            f"<updated>{escape(d.get('added') or updated)}</updated>",
            *(f"<author><name>{escape(a)}</name></author>" for a in d.get("authors") or []),
            f"<summary>{escape(text)}</summary>",
            "</entry>",
        ]
    out.append("</feed>")
    return ("\n".join(out) + "\n").encode("utf-8")
