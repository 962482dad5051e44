"""Readers: bytes of a file → `Source` (text blocks with light structure).

Each reader is registered with a `score(path, data)`; the best score wins, so a Word file named
.txt is still read as Word. Readers know nothing about languages or layouts: they only say which
block is a heading, a bullet, a numbered item or a plain paragraph when the file format tells them.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BadInput

BLOCK_KINDS = ("paragraph", "heading", "bullet", "item", "table")
MAX_FILE_BYTES = 50 * 1024 * 1024


@dataclass
class Block:
    text: str
    kind: str = "paragraph"  # one of BLOCK_KINDS; "paragraph" when the format says nothing
    level: int = 0  # list nesting depth (0 = top)
    marker: str | None = None  # the number of a numbered item as written: "1.", "一、", "(2)"


@dataclass
class Source:
    path: str
    format: str  # txt | html | docx | pdf
    blocks: list[Block] = field(default_factory=list)
    encoding: str | None = None  # for text formats: the encoding used to decode


Reader = Callable[[str, bytes, str | None], Source]
_READERS: list[tuple[Callable[[str, bytes], float], Reader]] = []


def register(score: Callable[[str, bytes], float]) -> Callable[[Reader], Reader]:
    def wrap(reader: Reader) -> Reader:
        _READERS.append((score, reader))
        return reader

    return wrap


def read_bytes(path: str, data: bytes, encoding: str | None = None) -> Source:
    """Read `data` (the bytes of the file named `path`) with the best-scoring reader."""
    _load_readers()
    if not data or not data.strip():
        raise BadInput(f"{Path(path).name}: empty file")
    if len(data) > MAX_FILE_BYTES:
        raise BadInput(f"{Path(path).name}: file larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    scored = sorted(((score(path, data), i) for i, (score, _) in enumerate(_READERS)), reverse=True)
    best, index = scored[0]
    if best <= 0:
        raise BadInput(f"{Path(path).name}: not a file duizhao can read (txt, md, html, docx, pdf)")
    return _READERS[index][1](path, data, encoding)


def read_file(path: str | Path, encoding: str | None = None) -> Source:
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_FILE_BYTES:
            raise BadInput(f"{p.name}: file larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
        data = p.read_bytes()
    except IsADirectoryError:
        raise BadInput(f"{p}: is a folder, not a file") from None
    except FileNotFoundError:
        raise BadInput(f"{p}: no such file") from None
    except PermissionError:
        raise BadInput(f"{p}: permission denied") from None
    except OSError as e:
        raise BadInput(f"{p}: cannot read ({e.strerror or e})") from None
    return read_bytes(str(p), data, encoding)


def _load_readers() -> None:
    if _READERS:
        return
    # Importing registers them; order only matters for equal scores.
    import importlib

    for name in ("text", "html", "docx", "pdf"):
        importlib.import_module(f"{__name__}.{name}")
