"""`duizhao export ID --format F -o OUT` (one document) and `duizhao export --all --format F -o OUT` (the library).

The file name is ours: OUT is either the file to write or an existing folder, in which case the
name is made from the document id (or "duizhao-library") and the format's extension. Nothing
else the user typed (titles, paths inside documents) ever becomes part of a path.
"""
from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Any

import click

from ..errors import BadInput
from ..export import DOCUMENT_FORMATS, LIBRARY_FORMATS, TERMBASE_FORMATS, export, export_many, extension
from . import command


def _safe_stem(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", text)[:80] or "document"


def _target(out: str | None, stem: str, fmt: str) -> Path:
    name = f"{_safe_stem(stem)}.{extension(fmt)}"
    if not out:
        return Path.cwd() / name
    path = Path(out).expanduser()
    if path.is_dir():
        return path / name
    if not path.parent.is_dir():
        raise BadInput(f"cannot write {out}: folder {path.parent} does not exist")
    if not path.exists() and (out.endswith(("/", os.sep)) or not path.suffix):
        # "-o exports" names a folder to make (SPEC: `-o DIR`), not a file without an extension
        try:
            path.mkdir()
        except OSError as e:
            raise BadInput(f"cannot make folder {out}: {e.strerror}") from None
        return path / name
    return path


def _write(path: Path, data: bytes) -> None:
    """Write next to the target and rename, so a failed export never leaves half a file."""
    fd, tmp = tempfile.mkstemp(prefix=".duizhao-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; an export is an ordinary file
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _human(value: dict[str, Any]) -> str:
    extra = f" ({value['documents']} documents)" if "documents" in value else f" ({value['terms']} terms)" if "terms" in value else ""
    return f"wrote {value['bytes']} bytes of {value['format']} to {value['path']}{extra}"


@command("export", human=_human)
@click.argument("doc_id", metavar="ID", required=False)
@click.option("--format", "-f", "fmt", required=True,
              type=click.Choice(sorted(set(DOCUMENT_FORMATS) | set(LIBRARY_FORMATS) | set(TERMBASE_FORMATS)), case_sensitive=False),
              help="pdf, docx, md, json, tmx, csl-json, bibtex, ris; with --all: csl-json, bibtex, ris, tmx, jsonl, "
              "and the termbase as tbx or terms-csv (termbase.tbx, termbase.csv).")
@click.option("-o", "--output", "out", metavar="OUT",
              help="File to write, or a folder (made if missing: a name without an extension; default: current folder).")
@click.option("--lang", type=click.Choice(["zh", "en"]), help="PDF: only the Chinese (zh) or only the English (en).")
@click.option("--all", "all_docs", is_flag=True, help="Export the whole library (or the part the filters select).")
@click.option("--source", help="With --all: only documents from this source.")
@click.option("--author", help="With --all: only documents by this author.")
@click.option("--keyword", help="With --all: only documents with this keyword.")
@click.option("--min-confidence", type=click.FloatRange(0.0, 1.0), default=None, metavar="C",
              help="TMX: leave out sentence pairs the aligner is less sure of than C (default 0.5; 0 keeps all).")
def export_command(ctx: Any, doc_id: str | None, fmt: str, out: str | None, all_docs: bool,
                   source: str | None, author: str | None, keyword: str | None,
                   min_confidence: float | None, lang: str | None = None) -> dict[str, Any]:
    """Export a document (or with --all the library) to a file."""
    fmt = fmt.lower()
    if lang and (fmt != "pdf" or all_docs):
        raise BadInput("--lang goes with --format pdf of one document")
    if min_confidence is not None and fmt != "tmx":
        raise BadInput("--min-confidence goes with --format tmx")
    library = ctx.library()
    if fmt in TERMBASE_FORMATS:
        if not all_docs or doc_id or source or author or keyword:
            raise BadInput(f"{fmt} exports the library's termbase: use --all without an ID or filters")
        from ..export.tbx import terms_csv, terms_tbx
        from ..terms.library import list_terms

        terms = list_terms(library, limit=None)
        data = terms_tbx(terms) if fmt == "tbx" else terms_csv(terms)  # terms-csv
        path = _target(out, "termbase", fmt)
        _write(path, data)
        return {"path": str(path), "format": fmt, "bytes": len(data), "terms": len(terms)}
    if all_docs:
        if doc_id:
            raise BadInput("give either an ID or --all, not both")
        if fmt not in LIBRARY_FORMATS:
            raise BadInput(f"--all exports {', '.join(LIBRARY_FORMATS + TERMBASE_FORMATS)}, not {fmt}")
        summaries = library.list_documents(source=source, author=author, keyword=keyword)
        docs = [library.get_document(s["id"]) for s in summaries]
        data = export_many(docs, fmt, min_confidence=min_confidence)
        path = _target(out, "duizhao-library", fmt)
        _write(path, data)
        return {"path": str(path), "format": fmt, "bytes": len(data), "documents": len(docs)}
    if not doc_id:
        raise BadInput("give a document ID, or --all for the whole library")
    if source or author or keyword:
        raise BadInput("--source, --author and --keyword go with --all")
    if fmt not in DOCUMENT_FORMATS:
        raise BadInput(f"one document exports as {', '.join(DOCUMENT_FORMATS)}, not {fmt}")
    doc = library.get_document(doc_id)
    data = export(doc, fmt, lang, min_confidence=min_confidence)
    path = _target(out, (doc.id or doc_id) + (f"-{lang}" if lang else ""), fmt)
    _write(path, data)
    return {"path": str(path), "format": fmt, "bytes": len(data)}
