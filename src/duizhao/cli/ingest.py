"""`duizhao ingest PATH…`: files or folders into the library."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from ..errors import BadInput, DuizhaoError
from ..pipeline import IngestReport, expand_paths, ingest, parse_pair, shown_path, unwritable
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
        self.embedded = 0
        self.tty = sys.stderr.isatty() if tty is None else tty
        self.enabled = total > 1 and (self.tty or total >= 20)

    def __call__(self, path: Path, embedded: int = 0) -> None:
        self.done += 1
        self.embedded += embedded
        if not self.enabled:
            return
        # the embeddings are most of the time a file takes: their count says why it is slow
        vectors = f", {self.embedded} passages embedded" if self.embedded else ""
        if not self.tty:
            if self.done % self.EVERY == 0 or self.done == self.total:
                sys.stderr.write(f"ingest: {self.done}/{self.total} files{vectors}\n")
                sys.stderr.flush()
            return
        width = 30
        filled = int(width * self.done / self.total)
        end = "\n" if self.done == self.total else ""
        name = path.name[:40]
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}{vectors} {name:<40}{end}")
        sys.stderr.flush()


@command("ingest", human=_human)
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--pair", is_flag=True, help="PATHS are two files, the Chinese and the English of one document.")
@click.option("--encoding", help="Force the text encoding (e.g. gb18030, big5) instead of detecting it.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Parse in N processes (default: one per core, up to 4, for 64 files or more).")
@click.option(
    "--published",
    metavar="YYYY-MM-DD",
    help="Publication date of documents whose text states none (relative dates such as 昨天 or last Tuesday are read against it).",
)
@click.option("--no-embed", "no_embed", is_flag=True, help="Store no embeddings (faster; `duizhao embed` adds them later).")
def ingest_cmd(
    ctx: Any, paths: tuple[str, ...], encoding: str | None, jobs: int | None, pair: bool, published: str | None, no_embed: bool
) -> CommandResult:
    """Parse files or folders (recursively) and store them; bad files are listed under failed."""
    published = _date(published)
    if pair:
        return _ingest_pair(ctx, paths, encoding, published, not no_embed)
    files = list(expand_paths(paths))
    lib = ctx.library(create=True)
    report = ingest(
        lib, files, encoding=encoding, progress=Progress(len(files)), jobs=jobs, published=published,
        embed=False if no_embed else None,
    ).to_dict()
    _note_date_not_applied(lib, report, published)
    return CommandResult(report, 2 if report["failed"] else 0)


def _note_date_not_applied(lib: Any, report: dict[str, Any], published: str | None) -> None:
    """Say so when --published meets a document already stored without a date: it stays unchanged (the
    same content is one document), so the date the user gave is not stored and they should know."""
    if not published or not report["unchanged"]:
        return
    paths = {u["id"]: u["path"] for u in report["unchanged"]}
    for d in lib.list_documents(ids=list(paths)):
        if not d.get("published"):
            sys.stderr.write(f"duizhao: {paths[d['id']]}: already in the library, unchanged: --published {published} not applied\n")


def _date(value: str | None) -> str | None:
    if value is None:
        return None
    import datetime as dt

    try:
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise BadInput(f"--published must be a date YYYY-MM-DD, not {value!r}") from None


def _ingest_pair(ctx: Any, paths: tuple[str, ...], encoding: str | None, published: str | None, embed: bool) -> CommandResult:
    if len(paths) != 2:
        raise click.UsageError("--pair takes exactly two files: the Chinese one, then the English one")
    from ..pipeline import stored_findings

    doc = parse_pair(paths[0], paths[1], encoding)
    doc.published = doc.published or published
    shown = shown_path(" + ".join(paths))
    lib = ctx.library(create=True)
    from ..search import dense

    try:
        with dense.preset_vectors({}, compute=embed):  # the index hooks embed it (one document: here)
            status = lib.add_document(doc, stored_findings(lib, doc), source_path=shown)
    except DuizhaoError:
        raise
    except Exception as e:
        reason = unwritable(e)
        if reason is None:
            raise
        raise DuizhaoError(f"{shown}: not stored: {reason}") from None
    lib.maintain()  # as ingest does after a batch
    report = IngestReport()
    report.stored(doc, status, shown)
    _note_date_not_applied(lib, report.to_dict(), published)
    return CommandResult(report.to_dict())
