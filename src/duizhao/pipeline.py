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
from .read import parse_deadline, read_bytes, read_file

INGEST_EXTENSIONS = {".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf"}


def parse_file(path: str | Path, encoding: str | None = None) -> Document:
    """What ingest would store for one file, without storing: the Document with its analysis."""
    with parse_deadline(str(path)):  # a hostile file must not hang a batch (read/__init__.py)
        doc = parse_source(read_file(path, encoding))
        doc.path = Path(path).name
        return analyse(doc)


def parse_data(name: str, data: bytes, encoding: str | None = None) -> Document:
    """The same for bytes already in memory (web uploads)."""
    with parse_deadline(name):
        doc = parse_source(read_bytes(name, data, encoding))
        doc.path = Path(name).name
        return analyse(doc)


def parse_pair(zh_path: str | Path, en_path: str | Path, encoding: str | None = None) -> Document:
    """One document whose Chinese and English come as two files (any format each).

    Each file is read and laid out on its own (so headers, titles, headings and bullets are found
    as usual); then their units are paired by structure and content exactly as the two halves of a
    bilingual file are, and the sentences inside each pair are aligned.
    """
    from .layouts import document_id, pair_units

    with parse_deadline(f"{zh_path} + {en_path}"):
        halves = {}
        for lang, path in (("zh", zh_path), ("en", en_path)):
            half = parse_source(read_file(path, encoding))
            if not any(getattr(u, lang) for u in half.units):
                raise BadInput(f"{Path(path).name}: expected {'Chinese' if lang == 'zh' else 'English'} text")
            halves[lang] = half
        zh, en = halves["zh"], halves["en"]
        pair_headlines(zh, en)
        doc = Document(path=f"{Path(zh_path).name} + {Path(en_path).name}")
        for field_name in ("authors", "authors_zh", "source", "original_source", "published", "original_published", "keywords", "translators", "url"):
            setattr(doc, field_name, getattr(en, field_name) or getattr(zh, field_name))
        doc.title = {"zh": zh.title.get("zh"), "en": en.title.get("en")}
        doc.abstract = {"zh": zh.abstract.get("zh"), "en": en.abstract.get("en")}
        doc.units = pair_units(zh.units, en.units)
        doc.layout, doc.format, doc.encoding = "pair", f"{zh.format}+{en.format}", f"{zh.encoding}+{en.encoding}"
        doc.script = zh.script
        doc.id = document_id(doc)
        return analyse(doc)


_END_ZH = "。．.！!；;…"
_END_EN = ".!;…"
_CLOSERS = "”’」』\"')）"


def _headline_text(half: Document, lang: str) -> str | None:
    """The first unit's text when it can be a headline: one line of one side, in a unit of its own."""
    if not half.units:
        return None
    u = half.units[0]
    text = getattr(u, lang)
    other = u.en if lang == "zh" else u.zh
    if not text or other or "\n" in text.strip() or len(half.units) < 2:
        return None
    return text.strip()


def _reads_as_headline(text: str, lang: str) -> bool:
    """No sentence-final stop (a question mark is fine: headlines ask), and headline-short."""
    core = text.rstrip(_CLOSERS + " ")
    if not core or core[-1] in (_END_ZH if lang == "zh" else _END_EN):
        return False
    return len(core) <= (60 if lang == "zh" else 200)


def pair_headlines(zh: Document, en: Document) -> None:
    """The first lines of two files that translate each other are their headlines: pair them as the title.

    A file's layout finds its title on its own, and a long or colon-laden English headline often
    reads as a body line; left in the body it pairs with the Chinese lead sentence and pushes every
    sentence after it off by one. So when one side found its title, the other side's first line
    (one line, in a unit of its own) is taken as its twin; when neither did, both first lines are
    taken when both read as headlines (no sentence-final stop). Mutates the two halves.
    """
    found = {"zh": bool(zh.title.get("zh")), "en": bool(en.title.get("en"))}
    if all(found.values()):
        return
    cand = {lang: _headline_text(half, lang) for lang, half in (("zh", zh), ("en", en))}
    if not any(found.values()):
        if not all(t is not None and _reads_as_headline(t, lang) for lang, t in cand.items()):
            return
    for lang, half in (("zh", zh), ("en", en)):
        text = cand[lang]
        if not found[lang] and text is not None:
            half.title[lang] = text
            half.units = half.units[1:]


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

    def stored(self, doc: Document, status: str, path: str) -> None:
        """Record what the library said about a stored document ('ingested' or 'unchanged')."""
        if status == "unchanged":
            self.unchanged.append({"id": doc.id, "path": path})
        else:
            self.ingested.append({"id": doc.id, "path": path, "title": display_title(doc)})


@dataclass
class Prepared:
    """One file parsed, analysed and checked, ready to store (or the one-line reason it is not)."""

    path: Path
    doc: Document | None = None
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None


def prepare(path: Path, encoding: str | None = None) -> Prepared:
    """Everything ingest does to a file before storing it; never raises."""
    try:
        if not path.exists():
            raise BadInput(f"{path}: no such file or folder")
        doc = parse_file(path, encoding)
        return Prepared(path, doc, check(doc))
    except DuizhaoError as e:
        return Prepared(path, error=str(e))
    except Exception as e:  # noqa: BLE001 - a parser bug must not stop the batch either
        return Prepared(path, error=f"{path.name}: cannot parse ({type(e).__name__}: {' '.join(str(e).split())[:200]})")


def _prepare_star(args: tuple[Path, str | None]) -> Prepared:
    return prepare(*args)


def _prepared(files: list[Path], encoding: str | None, jobs: int) -> Iterator[Prepared]:
    """Parse in `jobs` worker processes when that pays; results come back in file order.

    Parsing, alignment and checks are pure and CPU-bound, so they spread over cores; storing stays
    in this process, one transaction per file, so the library sees one writer.
    """
    if jobs <= 1 or len(files) < 2 * jobs:
        for f in files:
            yield prepare(f, encoding)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork: the workers inherit the loaded dictionaries instead of loading them again.
    ctx = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_die_with_parent) as pool:
        yield from pool.map(_prepare_star, [(f, encoding) for f in files], chunksize=8)


def _die_with_parent() -> None:
    """A parse worker must not outlive an ingest that was killed (kill -9, the OOM killer): on Linux
    the kernel sends it SIGKILL when its parent goes; elsewhere a watcher thread notices."""
    import ctypes
    import signal
    import threading
    import time

    parent = os.getppid()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


_ISOLATED: Any = None


def prepare_isolated(name: str, data: bytes, encoding: str | None = None) -> tuple[Document, list[Finding]]:
    """Parse and check bytes in a separate worker process (used for web uploads).

    The parse time limit (read.parse_deadline) needs a main thread, which a web server's request
    threads are not; the worker runs each parse in its own main thread, so an upload gets the same
    limit as the command line, and a parser crash costs the worker, not the server. The worker comes
    from a fork server (forking a threaded server is unsafe) and is kept, so its dictionaries stay
    loaded between uploads.
    """
    global _ISOLATED
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    if _ISOLATED is None:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["duizhao.pipeline"])
        _ISOLATED = ProcessPoolExecutor(max_workers=1, mp_context=ctx)
        # Shut the worker down before the interpreter tears its modules down.
        import atexit

        atexit.register(_ISOLATED.shutdown, wait=True, cancel_futures=True)
    try:
        return _ISOLATED.submit(_parse_and_check, name, data, encoding).result()
    except BrokenProcessPool:
        _ISOLATED = None
        raise BadInput(f"{Path(name).name}: the parser stopped on this file (the file is refused)") from None


def _parse_and_check(name: str, data: bytes, encoding: str | None) -> tuple[Document, list[Finding]]:
    doc = parse_data(name, data, encoding)
    return doc, check(doc)


def default_jobs(n_files: int) -> int:
    """Parallel parsing only for batches large enough to repay starting workers."""
    return min(os.cpu_count() or 1, 4) if n_files >= 64 else 1


def ingest(
    library: Any,
    paths: Iterable[str | Path],
    encoding: str | None = None,
    progress: Callable[[Path], None] | None = None,
    jobs: int | None = None,
) -> IngestReport:
    """Parse and store every file; one bad file never stops the rest and stores nothing of itself."""
    report = IngestReport()
    files = list(expand_paths(paths))
    for item in _prepared(files, encoding, default_jobs(len(files)) if jobs is None else jobs):
        if progress:
            progress(item.path)
        shown = str(item.path)
        if item.doc is None:
            report.failed.append({"path": shown, "error": item.error or f"{item.path.name}: cannot parse"})
            continue
        try:
            status = library.add_document(item.doc, item.findings, source_path=shown)
        except DuizhaoError as e:
            report.failed.append({"path": shown, "error": str(e)})
            continue
        report.stored(item.doc, status, shown)
    if report.ingested:
        library.maintain()  # e.g. search folds the new rows into its champion lists
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
