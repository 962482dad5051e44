"""TMX 1.4b translation memory from aligned sentence pairs, for CAT tools (Trados, memoQ, OmegaT).

One <tu> per sentence pair that has both sides and that the aligner is at least `min_confidence`
sure of (default UNCERTAIN_BELOW: a translation memory should not teach a CAT tool a wrong pair;
pairs with no confidence, e.g. a unit's only sentence or an editor's correction, are kept); a
bilingual unit with no `sentences` yet falls back to the unit pair itself. Chinese is tagged zh-Hans or zh-Hant by the document's script, English en.
Each <tu> carries the document id, title and source (and the unit id) as <prop>s, so a translator
can trace a match back to the record. Output is deterministic (no creation timestamp).
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator

from ..align import UNCERTAIN_BELOW
from ..model import Document

__all__ = ["documents_to_tmx", "pairs_of"]

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# Characters XML 1.0 forbids (control characters from bad PDFs or HTML) are dropped, not escaped.
_BAD_XML = dict.fromkeys(c for c in range(0x20) if c not in (0x9, 0xA, 0xD))


def _zh_lang(doc: Document) -> str:
    return doc.script if doc.script in ("zh-Hans", "zh-Hant") else "zh-Hans"


def pairs_of(doc: Document, min_confidence: float = UNCERTAIN_BELOW) -> Iterator[tuple[str, str, str]]:
    """(unit id, zh, en) for every sentence pair with both sides (and sure enough); units without
    sentences give the unit pair."""
    for u in doc.units:
        if u.sentences:
            for s in u.sentences:
                if s.confidence is not None and s.confidence < min_confidence:
                    continue
                if s.zh.strip() and s.en.strip():
                    yield u.id, s.zh.strip(), s.en.strip()
        elif u.bilingual:
            yield u.id, (u.zh or "").strip(), (u.en or "").strip()


def _title(doc: Document) -> str | None:
    t = doc.title or {}
    return t.get("en") or t.get("zh")


def _clean(s: str) -> str:
    return s.translate(_BAD_XML)


def documents_to_tmx(docs: Iterable[Document], *, tool_version: str = "0.1.0",
                     min_confidence: float = UNCERTAIN_BELOW) -> bytes:
    """A TMX 1.4b document (UTF-8 bytes) holding the sentence pairs of `docs`."""
    docs = list(docs)
    langs = {_zh_lang(d) for d in docs}
    root = ET.Element("tmx", {"version": "1.4"})
    ET.SubElement(root, "header", {
        "creationtool": "duizhao",
        "creationtoolversion": tool_version,
        "segtype": "sentence",
        "o-tmf": "duizhao",
        "adminlang": "en",
        # one document (or one script): that language; a mixed library: TMX's wildcard
        "srclang": langs.pop() if len(langs) == 1 else "*all*",
        "datatype": "plaintext",
    })
    body = ET.SubElement(root, "body")
    for doc in docs:
        zh_lang = _zh_lang(doc)
        props = [("x-document-id", doc.id), ("x-document-title", _title(doc)), ("x-source", doc.source),
                 ("x-original-source", doc.original_source), ("x-document-path", doc.path)]
        for k, (unit_id, zh, en) in enumerate(pairs_of(doc, min_confidence)):
            tu = ET.SubElement(body, "tu", {"tuid": f"{doc.id}:{unit_id}:{k}", "srclang": zh_lang})
            for name, value in props:
                if value:
                    ET.SubElement(tu, "prop", {"type": name}).text = _clean(value)
            ET.SubElement(tu, "prop", {"type": "x-unit-id"}).text = unit_id
            for lang, text in ((zh_lang, zh), ("en", en)):
                tuv = ET.SubElement(tu, "tuv", {_XML_LANG: lang})
                ET.SubElement(tuv, "seg").text = _clean(text)
    ET.indent(root, space=" ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
