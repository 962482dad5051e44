"""Ingest = read → layout → analysis (sentences, checks) → store, one transaction per file.

Every stage is a function; this module only strings them together and decides what happens to a
batch when one file fails (that file is reported, nothing of it is stored, the rest goes on).
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import BadInput, DuizhaoError
from .layouts import parse_source
from .model import Document, Finding
from .read import read_bytes, read_file

INGEST_EXTENSIONS = {".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf"}


def parse_file(path: str | Path, encoding: str | None = None) -> Document:
    """What ingest would store for one file, without storing: the Document with its analysis."""
    doc = parse_source(read_file(path, encoding))
    doc.path = Path(path).name
    return analyse(doc)


def parse_data(name: str, data: bytes, encoding: str | None = None) -> Document:
    """The same for bytes already in memory (web uploads)."""
    doc = parse_source(read_bytes(name, data, encoding))
    doc.path = Path(name).name
    return analyse(doc)


def analyse(doc: Document) -> Document:
    """Sentence alignment inside every unit. Pure: returns the same document, units filled in."""
    try:
        from .align import align_unit
    except ImportError:  # alignment is part of the package; this only guards partial installs
        return doc
    for unit in doc.units:
        unit.sentences = align_unit(unit.zh, unit.en)
    return doc


def check(doc: Document) -> list[Finding]:
    try:
        from .check import check_document
    except ImportError:
        return []
    return check_document(doc)


def expand_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files as given, folders recursively (hidden files and unknown extensions inside folders skipped)."""
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    f = Path(root) / name
                    if not name.startswith(".") and f.suffix.lower() in INGEST_EXTENSIONS:
                        yield f
        else:
            yield p


@dataclass
class IngestReport:
    ingested: list[dict[str, Any]] = field(default_factory=list)
    unchanged: list[dict[str, Any]] = field(default_factory=list)
    failed: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"ingested": self.ingested, "unchanged": self.unchanged, "failed": self.failed}


def ingest(
    library: Any,
    paths: Iterable[str | Path],
    encoding: str | None = None,
    progress: Callable[[Path], None] | None = None,
) -> IngestReport:
    """Parse and store every file; one bad file never stops the rest and stores nothing of itself."""
    report = IngestReport()
    for path in expand_paths(paths):
        if progress:
            progress(path)
        shown = str(path)
        try:
            if not path.exists():
                raise BadInput(f"{path}: no such file or folder")
            doc = parse_file(path, encoding)
            findings = check(doc)
            status = library.add_document(doc, findings, source_path=str(path))
        except DuizhaoError as e:
            report.failed.append({"path": shown, "error": str(e)})
            continue
        except Exception as e:  # noqa: BLE001 - a parser bug must not stop the batch either
            report.failed.append({"path": shown, "error": f"{path.name}: cannot parse ({type(e).__name__}: {e})"})
            continue
        if status == "unchanged":
            report.unchanged.append({"id": doc.id, "path": shown})
        else:
            report.ingested.append({"id": doc.id, "path": shown, "title": display_title(doc)})
    return report


def display_title(doc: Document | dict) -> str:
    """The title to show in lists: English and Chinese when both exist; a description otherwise."""
    d = doc.to_dict() if isinstance(doc, Document) else doc
    title = d.get("title") or {}
    parts = [t for t in (title.get("en"), title.get("zh")) if t]
    if parts:
        return " / ".join(parts)
    who = ", ".join(d.get("authors") or [])
    bits = [b for b in (who, d.get("source"), d.get("published")) if b]
    return " — ".join(bits) if bits else (d.get("path") or d.get("id") or "untitled")
