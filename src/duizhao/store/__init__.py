"""The library: where documents, units, findings, corrections and users are kept.

`open_library(url)` picks the backend from the URL: a plain path or sqlite:///path is SQLite (the
embedded default), postgresql://… is the shared server. Both implement `Library` (store/base.py).
"""
from __future__ import annotations

from pathlib import Path

from ..errors import BadInput
from .base import Library


def open_library(url: str | Path, *, create: bool = True, indexers: bool = True) -> Library:
    """The library at `url`. With indexers=False the search and knowledge layers are not loaded (their
    imports cost most of a second): for commands that only read documents (`list`, `show`); such a
    library refuses writes that those layers would have to follow (Library.indexers raises)."""
    text = str(url)
    if text.startswith(("postgresql://", "postgres://")):
        try:
            from .postgres import PostgresLibrary
        except ImportError as e:
            raise BadInput(f"PostgreSQL support is not installed ({e.name}); pip install 'duizhao[postgres]'") from None
        return PostgresLibrary(text, indexers=indexers)
    if text.startswith("sqlite:///"):
        text = text[len("sqlite:///") :] or "duizhao.db"
        if not text.startswith("/") and str(url).startswith("sqlite:////"):
            text = "/" + text
    elif "://" in text:
        raise BadInput(f"unknown library URL {text!r}: use a path, sqlite:///path or postgresql://…")
    from .sqlite import SQLiteLibrary

    return SQLiteLibrary(text, create=create, indexers=indexers)


__all__ = ["Library", "open_library"]
