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
    "tbx": ("tbx", "application/x-tbx+xml"),
    "terms-csv": ("csv", "text/csv; charset=utf-8"),
    "csv": ("csv", "text/csv; charset=utf-8"),
}
# The termbase's formats (export/tbx.py): `export --all --format tbx|terms-csv` writes the library's
# terms (termbase.tbx, termbase.csv); `--format csv` is the documents' list.
TERMBASE_FORMATS = ("tbx", "terms-csv")
DOCUMENT_FORMATS = ("pdf", "docx", "md", "txt", "json", "tmx", "csl-json", "bibtex", "ris")
LIBRARY_FORMATS = ("csl-json", "bibtex", "ris", "tmx", "jsonl", "csv")
# The columns of a CSV export: one row per document, for a spreadsheet
CSV_COLUMNS = ("id", "title", "title_en", "title_zh", "authors", "source", "published", "keywords", "url", "file")


def _check(fmt: str, allowed: tuple[str, ...]) -> str:
    fmt = (fmt or "").strip().lower()
    if fmt not in allowed:
        raise BadInput(f"unknown export format {fmt!r}; use one of: {', '.join(allowed)}")
    return fmt


def _tmx(docs: list[Document], min_confidence: float | None) -> bytes:
    from .tmx import documents_to_tmx

    if min_confidence is None:
        return documents_to_tmx(docs)
    return documents_to_tmx(docs, min_confidence=min_confidence)


def export(doc: Document, fmt: str, lang: str | None = None, *, min_confidence: float | None = None) -> bytes:
    """One document as `fmt` (one of DOCUMENT_FORMATS); a PDF of one language with `lang` "zh"/"en";
    `min_confidence` is TMX's (None: its default)."""
    fmt = _check(fmt, DOCUMENT_FORMATS)
    if lang is not None and fmt != "pdf":
        raise BadInput(f"a language of its own is for PDF exports, not {fmt}")
    if fmt == "pdf":
        from .pdf import to_pdf

        return to_pdf(doc, lang)
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
    if fmt == "csv":
        return _csv(docs)
    items = [to_csl(d) for d in docs]
    if fmt == "csl-json":
        return (json.dumps(items, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if fmt == "bibtex":
        keys = unique_keys(items)
        return "\n".join(to_bibtex(i, k) for i, k in zip(items, keys, strict=True)).encode("utf-8")
    return "\n".join(to_ris(i) for i in items).encode("utf-8")


def _csv(docs: list[Document]) -> bytes:
    """One row per document; UTF-8 with a byte-order mark so that spreadsheet programs read the Chinese."""
    import io

    from ..titles import best_title
    from . import csvcells

    buf = io.StringIO()
    out = csvcells.writer(buf)  # a title or author starting with = + - @ is text, not a formula
    out.writerow(CSV_COLUMNS)
    for d in docs:
        out.writerow(
            [
                d.id,
                best_title(d),
                d.title.get("en") or "",
                d.title.get("zh") or "",
                "; ".join(d.authors),
                d.source or "",
                d.published or "",
                "; ".join(d.keywords),
                d.url or "",
                d.path,
            ]
        )
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def extension(fmt: str) -> str:
    return FORMATS[_check(fmt, tuple(FORMATS))][0]


def media_type(fmt: str) -> str:
    return FORMATS[_check(fmt, tuple(FORMATS))][1]
