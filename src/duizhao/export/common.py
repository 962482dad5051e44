"""What every document export shows the same way: the title block's lines and list markers."""
from __future__ import annotations

import re

from ..model import Document, Unit
from ..titles import best_title

_NUMBERED = re.compile(r"^\s*(?:\d+|[一二三四五六七八九十]+)\s*[.、)）]")


def display_authors(doc: Document) -> str:
    """"Feng Yujun (冯玉军)": romanised name with the Chinese form when known."""
    out = []
    for i, name in enumerate(doc.authors):
        zh = doc.authors_zh[i] if i < len(doc.authors_zh) else None
        out.append(f"{name} ({zh})" if zh and zh != name else name)
    out += doc.authors_zh[len(doc.authors):]
    return "; ".join(out)


def display_title(doc: Document) -> tuple[str, str]:
    """(main title, second title): English first when there is one, the other language below."""
    en, zh = doc.title.get("en") or "", doc.title.get("zh") or ""
    if en:
        return en, zh
    if zh:
        return zh, ""
    # Untitled (a digest may give only its source): name it by who and where, else by file.
    who = " · ".join(x for x in (display_authors(doc), doc.source or "", doc.published or "") if x)
    return who or best_title(doc), ""  # best_title: the headline of a --pair document, else the file name


def metadata(doc: Document) -> list[tuple[str, str]]:
    """Label/value lines shown above the text, only the known ones."""
    rows = [
        ("Author(s)", display_authors(doc)),
        ("Translator(s)", "; ".join(doc.translators)),
        ("Source", doc.source or ""),
        ("Published", doc.published or ""),
        ("Original source", doc.original_source or ""),
        ("Originally published", doc.original_published or ""),
        ("Keywords", "; ".join(doc.keywords)),
        ("URL", doc.url or ""),
    ]
    return [(k, v) for k, v in rows if v]


def markers(units: list[Unit]) -> dict[str, str]:
    """List markers by unit id: "•" for bullets, "1." "2." … for numbered items (restarting after
    anything else), nothing when the text already carries its own number."""
    out: dict[str, str] = {}
    count: dict[int, int] = {}
    for u in units:
        if u.kind == "item":
            count[u.level] = count.get(u.level, 0) + 1
            text = u.zh or u.en or ""
            out[u.id] = "" if _NUMBERED.match(text) else f"{count[u.level]}."
        else:
            # A bullet ends the numbering of items nested deeper than it; anything else ends all.
            count = {k: v for k, v in count.items() if u.kind == "bullet" and k <= u.level}
            if u.kind == "bullet":
                out[u.id] = "•"
    return out
