"""Readers: bytes of a file → `Source` (text blocks with light structure).

Each reader is registered with a `score(path, data)`; the best score wins, so a Word file named
.txt is still read as Word. Readers know nothing about languages or layouts: they only say which
block is a heading, a bullet, a numbered item or a plain paragraph when the file format tells them.
"""
from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import BadInput

BLOCK_KINDS = ("paragraph", "heading", "bullet", "item", "table")
# Largest file read, in bytes; DUIZHAO_MAX_FILE_MB overrides the default of 50 MB.
MAX_FILE_BYTES = int(float(os.environ.get("DUIZHAO_MAX_FILE_MB") or 50) * 1024 * 1024)
# Seconds one file may take to parse (read + layout + alignment); DUIZHAO_PARSE_SECONDS overrides, 0 = no limit.
PARSE_SECONDS = float(os.environ.get("DUIZHAO_PARSE_SECONDS") or 60)
# Megabytes of memory one parse may add to its process; DUIZHAO_PARSE_MB overrides, 0 = no limit. The
# largest legal input (a 50 MB file) needs well under this; a pathological one is refused, not the
# machine's swap.
PARSE_MB = float(os.environ.get("DUIZHAO_PARSE_MB") or 2048)


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
        raise BadInput(f"{Path(path).name}: file larger than {MAX_FILE_BYTES / (1024 * 1024):g} MB")
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
            raise BadInput(f"{p.name}: file larger than {MAX_FILE_BYTES / (1024 * 1024):g} MB")
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


_LOADED = False


def _load_readers() -> None:
    """Import every reader once (importing registers it). Not "is the registry empty?": importing one
    reader module directly (duizhao.read.text, as the aligner does) registers only that one."""
    global _LOADED
    if _LOADED:
        return
    import importlib

    for name in ("text", "html", "docx", "pdf"):  # order only matters for equal scores
        importlib.import_module(f"{__name__}.{name}")
    _LOADED = True


class _Overtime(BaseException):
    """Raised by the alarm inside a parse. A BaseException, so that the readers' broad `except Exception`
    fallbacks (one bad PDF page, a damaged zip member) cannot swallow it and carry on."""


@contextmanager
def parse_deadline(name: str, seconds: float | None = None) -> Iterator[None]:
    """Refuse a file (BadInput) whose parse runs longer than `seconds` (default PARSE_SECONDS).

    SIGALRM is the only way to interrupt a pathological regex or a parser loop without a subprocess, and
    it works only in the main thread of a POSIX process: elsewhere (web worker threads) and when an outer
    timer is already running, the block runs without a limit of its own.
    """
    limit = PARSE_SECONDS if seconds is None else seconds
    usable = (
        limit > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0
    )
    if not usable:
        yield
        return

    def _alarm(signum: int, frame: object) -> None:
        raise _Overtime()

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, limit)
    try:
        yield
    except _Overtime:
        raise BadInput(f"{Path(name).name}: parsing took longer than {limit:g} s; refused") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def memory_ceiling(name: str, megabytes: float | None = None) -> Iterator[None]:
    """Refuse a file (BadInput) whose parse grows the process by more than `megabytes` (default
    PARSE_MB) of resident memory.

    A watcher thread samples the process's peak resident size (reset when the parse starts) every
    few milliseconds; past the allowance
    it interrupts the main thread (a signal, as the time limit does), whose handler raises, and the
    growth left at the end is checked once more. Not the kernel's RLIMIT_AS: an allocation refused
    there fails inside C code too (the tokenizer, a dictionary load), which may crash the whole
    process instead of refusing one file. The watcher may let a parse overshoot by what it allocates
    between two samples; the refusal still comes, and nothing of the file is stored. Main thread only
    (the CLI, a parse worker); a server's request threads parse in a worker process instead
    (pipeline.prepare_isolated).
    """
    global _CEILING_SET
    limit = PARSE_MB if megabytes is None else megabytes
    if limit <= 0 or _CEILING_SET or threading.current_thread() is not threading.main_thread():
        yield
        return
    _reset_peak()
    base = _resident()
    if base is None:
        yield
        return
    allowance = int(limit * 1024 * 1024)
    over = threading.Event()
    done = threading.Event()
    main = threading.main_thread().ident

    def watch() -> None:
        while not done.wait(0.005):
            now = _peak()
            if now is not None and now - base > allowance:
                over.set()
                if main is not None:
                    signal.pthread_kill(main, signal.SIGUSR2)
                return

    def interrupt(signum: int, frame: Any) -> None:
        # Not while the with-block is being left (the handler runs at the next bytecode, which may be
        # contextlib's __exit__ or this function's cleanup): the growth is checked there anyway.
        if over.is_set() and (frame is None or frame.f_code not in _cleanup_codes()):
            raise _OverMemory

    previous = signal.signal(signal.SIGUSR2, interrupt)
    watcher = threading.Thread(target=watch, name="duizhao-parse-memory", daemon=True)
    _CEILING_SET = True
    refused = False
    watcher.start()
    try:
        yield
        now = _peak()
        refused = over.is_set() or (now is not None and now - base > allowance)
    except (_OverMemory, MemoryError):
        refused = True
    finally:
        # The interrupt may land here too (it is run at the next bytecode after the signal): keep
        # cleaning up until the watcher is gone and the handler restored.
        while True:
            try:
                done.set()
                watcher.join()
                signal.signal(signal.SIGUSR2, previous)
                break
            except _OverMemory:
                refused = True
        _CEILING_SET = False
    if refused:
        raise BadInput(f"{Path(name).name}: parsing needed more than {limit:g} MB of memory; refused")


def _cleanup_codes() -> tuple[Any, ...]:
    import contextlib

    return (contextlib._GeneratorContextManager.__exit__.__code__, memory_ceiling.__wrapped__.__code__)  # type: ignore[attr-defined]


class _OverMemory(BaseException):
    """Raised in the main thread by memory_ceiling's watcher (a BaseException, so that no parser's
    `except Exception` fallback swallows it)."""


_CEILING_SET = False


def _reset_peak() -> None:
    """Start the kernel's peak-resident count afresh (Linux: "5" to clear_refs resets VmHWM), so a
    parse's brief peak counts even when the watcher thread could not run during it (a long C call
    holds the GIL) and an earlier, larger peak of the process does not hide it."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def _peak() -> int | None:
    """Bytes of this process's peak resident memory since _reset_peak (VmHWM), or the resident size
    now where the kernel does not say."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return _resident()


def _resident() -> int | None:
    """Bytes of this process's resident memory now (Linux), or None where that cannot be read."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


@contextmanager
def parse_limits(name: str) -> Iterator[None]:
    """The time and memory limits of one parse (DUIZHAO_PARSE_SECONDS, DUIZHAO_PARSE_MB)."""
    with parse_deadline(name), memory_ceiling(name):
        yield
