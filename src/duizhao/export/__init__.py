"""Exports: one document to a file format, or many (a library, a search result) to a bibliography.

`export(doc, fmt)` and `export_many(docs, fmt)` return bytes; callers (CLI, web) decide where they
go. Format modules are imported lazily: WeasyPrint and python-docx are slow to import and the
TMX writer belongs to the alignment work (export/tmx.py, `documents_to_tmx(docs) -> bytes`).
"""
from __future__ import annotations

import json
from collections.abc import Iterable

from ..errors import BadInput
from ..model import Document

# Format → file extension and media type (the web's downloads use both).
FORMATS: dict[str, tuple[str, str]] = {
    "pdf": ("pdf", "application/pdf"),
    "docx": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "md": ("md", "text/markdown; charset=utf-8"),
    "json": ("json", "application/json"),
    "tmx": ("tmx", "application/x-tmx+xml"),
    "csl-json": ("csl.json", "application/vnd.citationstyles.csl+json"),
    "bibtex": ("bib", "application/x-bibtex; charset=utf-8"),
    "ris": ("ris", "application/x-research-info-systems"),
    "jsonl": ("jsonl", "application/x-ndjson"),
}
DOCUMENT_FORMATS = ("pdf", "docx", "md", "json", "tmx", "csl-json", "bibtex", "ris")
LIBRARY_FORMATS = ("csl-json", "bibtex", "ris", "tmx", "jsonl")


def _check(fmt: str, allowed: tuple[str, ...]) -> str:
    fmt = (fmt or "").strip().lower()
    if fmt not in allowed:
        raise BadInput(f"unknown export format {fmt!r}; use one of: {', '.join(allowed)}")
    return fmt


def _tmx(docs: list[Document], min_confidence: float | None) -> bytes:
    try:
        from .tmx import documents_to_tmx
    except ImportError as e:  # the alignment work provides it; say so rather than fail obscurely
        raise BadInput("TMX export is not available in this build (export/tmx.py missing)") from e
    if min_confidence is None:
        return documents_to_tmx(docs)
    return documents_to_tmx(docs, min_confidence=min_confidence)


def export(doc: Document, fmt: str, *, min_confidence: float | None = None) -> bytes:
    """One document as `fmt` (one of DOCUMENT_FORMATS); `min_confidence` is TMX's (None: its default)."""
    fmt = _check(fmt, DOCUMENT_FORMATS)
    if fmt == "pdf":
        from .pdf import to_pdf

        return to_pdf(doc)
    if fmt == "docx":
        from .docx import to_docx

        return to_docx(doc)
    if fmt == "md":
        from .md import to_markdown

        return to_markdown(doc).encode("utf-8")
    if fmt == "json":
        return (json.dumps(doc.to_dict(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if fmt == "tmx":
        return _tmx([doc], min_confidence)
    return export_many([doc], fmt)


def export_many(docs: Iterable[Document], fmt: str, *, min_confidence: float | None = None) -> bytes:
    """Many documents as one file: a bibliography (csl-json, bibtex, ris), a TMX, or JSON Lines."""
    from .cite import to_bibtex, to_ris, unique_keys
    from .csl import to_csl

    fmt = _check(fmt, LIBRARY_FORMATS)
    docs = list(docs)
    if fmt == "tmx":
        return _tmx(docs, min_confidence)
    if fmt == "jsonl":
        return "".join(json.dumps(d.to_dict(), ensure_ascii=False) + "\n" for d in docs).encode("utf-8")
    items = [to_csl(d) for d in docs]
    if fmt == "csl-json":
        return (json.dumps(items, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if fmt == "bibtex":
        keys = unique_keys(items)
        return "\n".join(to_bibtex(i, k) for i, k in zip(items, keys, strict=True)).encode("utf-8")
    return "\n".join(to_ris(i) for i in items).encode("utf-8")


def extension(fmt: str) -> str:
    return FORMATS[_check(fmt, tuple(FORMATS))][0]


def media_type(fmt: str) -> str:
    return FORMATS[_check(fmt, tuple(FORMATS))][1]
