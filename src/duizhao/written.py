"""Documents that people write (the API, later the digest editor) rather than files duizhao reads:
JSON in, a validated Document out, with the same limits as the web forms and one-line errors.

`document_from_json(data)` is pure. It accepts the Document fields of SPEC ("Record"): title
{zh, en}, authors, authors_zh, source, original_source, published, keywords, url, translators,
abstract {zh, en}, layout, and units [{id?, kind, level, zh, en, section?}]. Unit ids are given
(then unique, short, plain) or made ("u1", "u2" …). The document's id is the hash of its content,
as for an ingested file, so a document written twice is the same document.
"""

from __future__ import annotations

import re
from typing import Any

from .errors import BadInput
from .model import UNIT_KINDS, Document, Unit

MAX_UNITS = 5000
MAX_UNIT_CHARS = 20_000
MAX_FIELD_CHARS = 500
MAX_LIST = 50
MAX_LEVEL = 4
LAYOUTS = ("digest", "interleaved", "bilist", "monolingual")
UNIT_ID = re.compile(r"^[A-Za-z0-9_.-]{1,40}$")
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
EDITABLE = ("title", "authors", "authors_zh", "source", "original_source", "published", "keywords", "url",
            "translators", "abstract", "layout", "units")


def _text(value: Any, name: str, limit: int = MAX_FIELD_CHARS) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadInput(f"{name} must be a string")
    value = " ".join(value.split()) if limit <= MAX_FIELD_CHARS else value.strip()
    if len(value) > limit:
        raise BadInput(f"{name} is longer than {limit} characters")
    return value or None


def _strings(value: Any, name: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise BadInput(f"{name} must be a list of strings")
    if len(value) > MAX_LIST:
        raise BadInput(f"{name}: at most {MAX_LIST} entries")
    return [t for t in (_text(v, name) for v in value) if t]


def _pair(value: Any, name: str, limit: int) -> dict[str, str | None]:
    if value is None:
        return {"zh": None, "en": None}
    if not isinstance(value, dict) or set(value) - {"zh", "en"}:
        raise BadInput(f'{name} must be {{"zh": …, "en": …}}')
    return {side: _text(value.get(side), f"{name}.{side}", limit) for side in ("zh", "en")}


def _date(value: Any) -> str | None:
    text = _text(value, "published")
    if text is None:
        return None
    if not DATE.match(text):
        raise BadInput(f"published must be a date as YYYY-MM-DD (or YYYY-MM, YYYY), not {text!r}")
    import datetime as dt

    parts = [int(p) for p in text.split("-")] + [1, 1]
    try:
        dt.date(parts[0], parts[1], parts[2])
    except ValueError:
        raise BadInput(f"published: {text!r} is not a date") from None
    return text


def url_value(value: Any) -> str | None:
    """An http(s) address, or None for an empty one (the API's and the metadata form's one rule)."""
    url = _text(value, "url", 2000)
    if url and not re.match(r"^https?://\S+$", url):
        raise BadInput("url must be an http(s) address")
    return url


def _units(value: Any) -> list[Unit]:
    if not isinstance(value, list):
        raise BadInput("units must be a list")
    if len(value) > MAX_UNITS:
        raise BadInput(f"units: at most {MAX_UNITS}")
    out: list[Unit] = []
    seen: set[str] = set()
    for i, raw in enumerate(value, 1):
        where = f"units[{i - 1}]"
        if not isinstance(raw, dict):
            raise BadInput(f"{where} must be an object")
        kind = raw.get("kind", "paragraph")
        if kind not in UNIT_KINDS:
            raise BadInput(f"{where}.kind must be one of {', '.join(UNIT_KINDS)}, not {kind!r}")
        level = raw.get("level", 0)
        if not isinstance(level, int) or isinstance(level, bool) or not 0 <= level <= MAX_LEVEL:
            raise BadInput(f"{where}.level must be a whole number from 0 to {MAX_LEVEL}")
        zh = _text(raw.get("zh"), f"{where}.zh", MAX_UNIT_CHARS)
        en = _text(raw.get("en"), f"{where}.en", MAX_UNIT_CHARS)
        if not zh and not en:
            raise BadInput(f"{where} has neither Chinese nor English text")
        uid = raw.get("id") or f"u{i}"
        if not isinstance(uid, str) or not UNIT_ID.match(uid):
            raise BadInput(f"{where}.id must be 1-40 letters, digits, '.', '_' or '-'")
        if uid in seen:
            raise BadInput(f"{where}.id {uid!r} is used twice")
        seen.add(uid)
        section = raw.get("section")
        if section is not None and not isinstance(section, str):
            raise BadInput(f"{where}.section must be a unit id")
        out.append(Unit(id=uid, kind=kind, zh=zh, en=en, level=level, section=section))
    return out


def metadata_texts(doc: Document, list_sep: str) -> dict[str, str]:
    """A document's metadata as a form's text fields (lists joined by `list_sep`; "" for nothing):
    the metadata editor's and the digest editor's header read it."""
    return {
        "title_zh": doc.title.get("zh") or "",
        "title_en": doc.title.get("en") or "",
        "authors": list_sep.join(doc.authors),
        "source": doc.source or "",
        "original_source": doc.original_source or "",
        "url": doc.url or "",
        "published": doc.published or "",
        "keywords": list_sep.join(doc.keywords),
    }


def document_from_json(data: Any, base: Document | None = None) -> Document:
    """A Document from the API's JSON. With `base` (a PATCH), fields absent from `data` keep the
    base's values. Unknown fields are refused, so a typo never silently does nothing."""
    if not isinstance(data, dict):
        raise BadInput("the body must be a JSON object (a Document)")
    allowed = set(EDITABLE) | {"status", "version", "id", "script", "path"}
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise BadInput(f"unknown field(s): {', '.join(unknown)}; a document has {', '.join(EDITABLE)}")
    doc = Document.from_dict(base.to_dict()) if base is not None else Document(layout="digest")
    if "title" in data:
        doc.title = _pair(data["title"], "title", MAX_FIELD_CHARS)
    if "abstract" in data:
        doc.abstract = _pair(data["abstract"], "abstract", MAX_UNIT_CHARS)
    for name in ("authors", "authors_zh", "keywords", "translators"):
        if name in data:
            setattr(doc, name, _strings(data[name], name))
    for name in ("source", "original_source"):
        if name in data:
            setattr(doc, name, _text(data[name], name))
    if "url" in data:
        doc.url = url_value(data["url"])
    if "published" in data:
        doc.published = _date(data["published"])
    if "layout" in data:
        if data["layout"] not in LAYOUTS:
            raise BadInput(f"layout must be one of {', '.join(LAYOUTS)}")
        doc.layout = data["layout"]
    if "units" in data:
        doc.units = _units(data["units"])
    if not doc.units:
        raise BadInput("a document needs at least one unit")
    from .layouts import detect_document_script, document_id
    from .layouts.meta import canonical_outlet

    doc.source = canonical_outlet(doc.source)
    doc.script = detect_document_script(doc)
    if base is None:
        doc.format = "json"
        doc.id = document_id(doc)
        doc.path = f"{doc.id}.json"
    return doc

