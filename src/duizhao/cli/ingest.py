"""`duizhao ingest PATH…`: files or folders into the library."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from ..pipeline import IngestReport, expand_paths, ingest, parse_pair
from . import CommandResult, command


def _human(report: dict[str, Any]) -> str:
    lines = [f"ingested  {d['id']}  {d['path']}  {d['title']}" for d in report["ingested"]]
    lines += [f"unchanged {d['id']}  {d['path']}" for d in report["unchanged"]]
    lines += [f"failed    {d['path']}: {d['error']}" for d in report["failed"]]
    lines.append(f"{len(report['ingested'])} ingested, {len(report['unchanged'])} unchanged, {len(report['failed'])} failed")
    return "\n".join(lines)


class Progress:
    """Progress on stderr. On a terminal, a one-line bar redrawn in place; otherwise (a log, a pipe,
    CI) a plain line every hundred files and at the end, never thousands of carriage-return frames."""

    EVERY = 100

    def __init__(self, total: int, tty: bool | None = None) -> None:
        self.total = total
        self.done = 0
        self.tty = sys.stderr.isatty() if tty is None else tty
        self.enabled = total > 1 and (self.tty or total >= 20)

    def __call__(self, path: Path) -> None:
        self.done += 1
        if not self.enabled:
            return
        if not self.tty:
            if self.done % self.EVERY == 0 or self.done == self.total:
                sys.stderr.write(f"ingest: {self.done}/{self.total} files\n")
                sys.stderr.flush()
            return
        width = 30
        filled = int(width * self.done / self.total)
        end = "\n" if self.done == self.total else ""
        name = path.name[:40]
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} {name:<40}{end}")
        sys.stderr.flush()


@command("ingest", human=_human)
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--pair", is_flag=True, help="PATHS are two files, the Chinese and the English of one document.")
@click.option("--encoding", help="Force the text encoding (e.g. gb18030, big5) instead of detecting it.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Parse in N processes (default: one per core, up to 4, for 64 files or more).")
def ingest_cmd(ctx: Any, paths: tuple[str, ...], encoding: str | None, jobs: int | None, pair: bool) -> CommandResult:
    """Parse files or folders (recursively) and store them; bad files are listed under failed."""
    if pair:
        return _ingest_pair(ctx, paths, encoding)
    files = list(expand_paths(paths))
    report = ingest(ctx.library(create=True), files, encoding=encoding, progress=Progress(len(files)), jobs=jobs).to_dict()
    return CommandResult(report, 2 if report["failed"] else 0)


def _ingest_pair(ctx: Any, paths: tuple[str, ...], encoding: str | None) -> CommandResult:
    if len(paths) != 2:
        raise click.UsageError("--pair takes exactly two files: the Chinese one, then the English one")
    from ..pipeline import check

    doc = parse_pair(paths[0], paths[1], encoding)
    shown = " + ".join(paths)
    lib = ctx.library(create=True)
    status = lib.add_document(doc, check(doc), source_path=shown)
    lib.maintain()  # as ingest does after a batch
    report = IngestReport()
    report.stored(doc, status, shown)
    return CommandResult(report.to_dict())
