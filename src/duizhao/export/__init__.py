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
    "txt": ("txt", "text/plain; charset=utf-8"),
    "json": ("json", "application/json"),
    "tmx": ("tmx", "application/x-tmx+xml"),
    "csl-json": ("csl.json", "application/vnd.citationstyles.csl+json"),
    "bibtex": ("bib", "application/x-bibtex; charset=utf-8"),
    "ris": ("ris", "application/x-research-info-systems"),
    "jsonl": ("jsonl", "application/x-ndjson"),
}
DOCUMENT_FORMATS = ("pdf", "docx", "md", "txt", "json", "tmx", "csl-json", "bibtex", "ris")
LIBRARY_FORMATS = ("csl-json", "bibtex", "ris", "tmx", "jsonl")


def _check(fmt: str, allowed: tuple[str, ...]) -> str:
    fmt = (fmt or "").strip().lower()
    if fmt not in allowed:
        raise BadInput(f"unknown export format {fmt!r}; use one of: {', '.join(allowed)}")
    return fmt


def _tmx(docs: list[Document]) -> bytes:
    from .tmx import documents_to_tmx

    return documents_to_tmx(docs)


def export(doc: Document, fmt: str) -> bytes:
    """One document as `fmt` (one of DOCUMENT_FORMATS)."""
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
    if fmt == "txt":
        from .txt import to_text

        return to_text(doc).encode("utf-8")
    if fmt == "json":
        return (json.dumps(doc.to_dict(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if fmt == "tmx":
        return _tmx([doc])
    return export_many([doc], fmt)


def export_many(docs: Iterable[Document], fmt: str) -> bytes:
    """Many documents as one file: a bibliography (csl-json, bibtex, ris), a TMX, or JSON Lines."""
    from .cite import to_bibtex, to_ris, unique_keys
    from .csl import to_csl

    fmt = _check(fmt, LIBRARY_FORMATS)
    docs = list(docs)
    if fmt == "tmx":
        return _tmx(docs)
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
