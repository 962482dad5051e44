"""The `duizhao` command line: each command is a thin shell over one library call.

Commands live one per module in this package and register themselves on `main` with
`@command(...)`. A command's module is imported only when that command runs (COMMANDS says which
module holds which command): `list` and `show` do not pay for the parsers, checks and search. A command returns a JSON-able value:
with `--json` that value is printed as the one JSON document on stdout, otherwise its human
rendering. Errors become one line on stderr and exit 2 (bad input) or 1 (anything else).
"""
from __future__ import annotations

import functools
import importlib
import json
import os
import pkgutil
import sys
from collections.abc import Callable
from typing import Any

import click

from ..errors import DuizhaoError

DEFAULT_DB = "duizhao.db"


class Context:
    def __init__(self, db: str | None) -> None:
        self.db = db or os.environ.get("DUIZHAO_DB") or DEFAULT_DB
        self._library: Any = None

    def use_db(self, db: str) -> None:
        """The library named after the command (before anything opened the one named before it)."""
        if self._library is not None:
            self._library.close()
            self._library = None
        self.db = db

    def library(self, create: bool = False, indexers: bool = True) -> Any:
        """Open the library lazily, so commands that need none (parse, align) never create a file.
        Only the commands that make a library (ingest, migrate, user add, copy --to) pass
        `create`; any other on a path with no library refuses, so a typo in --db never leaves an
        empty library behind (SPEC "One library, many processes"). indexers=False for commands
        that only read documents (list, show): see store.open_library."""
        if self._library is None:
            from ..store import open_library

            self._library = open_library(self.db, create=create, indexers=indexers)
        return self._library

    def close(self) -> None:
        if self._library is not None:
            self._library.close()


def _clean(text: str) -> str:
    """Lone surrogates (undecodable bytes from argv, kept by surrogateescape) → U+FFFD, so stdout is
    always valid UTF-8 and a JSON consumer never meets a raw byte."""
    return text.encode("utf-8", "replace").decode("utf-8") if any("\ud800" <= c <= "\udfff" for c in text) else text


def emit(value: Any, as_json: bool, human: Callable[[Any], str] | None = None) -> None:
    if as_json or human is None:
        sys.stdout.write(_clean(json.dumps(value, ensure_ascii=False, indent=2)) + "\n")
        return
    text = human(value)
    if text:
        text = _clean(text)
        sys.stdout.write(text if text.endswith("\n") else text + "\n")


class ExitWith(Exception):
    """Raised by a command that printed its result but must still exit non-zero (ingest with failures)."""

    def __init__(self, code: int) -> None:
        self.code = code


def command(name: str, human: Callable[[Any], str] | None = None, **kwargs: Any) -> Callable:
    """Register a command on `main`: adds --json, opens/closes the library, maps errors to exits."""
    return register(main, name, human, **kwargs)


def register(parent: click.Group, name: str, human: Callable[[Any], str] | None = None, **kwargs: Any) -> Callable:
    """Register a command on `parent` (`main` or a group of _groups.py): adds --json, prints the
    returned value (JSON or `human`), exits with a CommandResult's code."""

    def wrap(fn: Callable[..., Any]) -> Callable[..., Any]:
        @parent.command(name, **kwargs)
        @click.option("--json", "as_json", is_flag=True, help="Print one JSON document on stdout.")
        @_db_after_command
        @click.pass_obj
        @functools.wraps(fn)
        def run(ctx: Context, as_json: bool, db_after: str | None = None, **params: Any) -> None:
            if db_after:
                ctx.use_db(db_after)
            code = 0
            try:
                value = fn(ctx, **params)
            except ExitWith as e:  # pragma: no cover - defensive, commands use ctx results instead
                code = e.code
                value = None
            shown = None
            if isinstance(value, CommandResult):
                code = value.exit_code
                shown = value.shown
                value = value.value
            if value is not None:
                emit(value if as_json or shown is None else shown, as_json, human)
            if code:
                raise SystemExit(code)

        return run

    return wrap


class CommandResult:
    """A value to print plus the exit code to return after printing it; `shown`, when given, is what
    the human rendering reads instead of `value` (more than the JSON contract carries, e.g. the
    headline an untitled document is named by)."""

    def __init__(self, value: Any, exit_code: int = 0, shown: Any = None) -> None:
        self.value = value
        self.exit_code = exit_code
        self.shown = shown


# command → the module of this package that defines it. A name missing here still works (every module
# is then imported), only slower; tests/cli/test_startup.py checks the table against the modules.
COMMANDS = {
    "align": "align",
    "backup": "admin",
    "candidates": "knowledge",
    "check": "check",
    "cite": "cite",
    "copy": "admin",
    "correct": "corrections",
    "corrections": "corrections",
    "embed": "embed",
    "edit": "lifecycle",
    "empty-trash": "lifecycle",
    "entities": "knowledge",
    "entity": "knowledge",
    "export": "export",
    "figures": "knowledge",
    "graph": "knowledge",
    "history": "lifecycle",
    "ingest": "ingest",
    "list": "list",
    "migrate": "admin",
    "optimize": "admin",
    "parse": "parse",
    "publish": "lifecycle",
    "reindex": "admin",
    "restore": "lifecycle",
    "review": "review",
    "saved": "saved",
    "search": "search",
    "serve": "serve",
    "settings": "settings",
    "show": "show",
    "stats": "admin",
    "terms": "terms",
    "timeline": "knowledge",
    "trash": "lifecycle",
    "user": "user",
}


class LazyGroup(click.Group):
    """The top-level group: imports a command's module when the command is asked for."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            importlib.import_module(f"{__name__}.{COMMANDS[cmd_name]}")
        if cmd_name not in self.commands:
            _load_commands()  # a command this table does not know yet (or a typo: click says so)
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        _load_commands()  # --help lists every command
        return super().list_commands(ctx)


def _db_after_command(fn: Callable[..., Any]) -> Callable[..., Any]:
    """`duizhao list --db X` as well as `duizhao --db X list`: the option after the command wins."""
    return click.option(
        "--db", "db_after", metavar="URL_OR_PATH", help="The library (as the --db before the command)."
    )(fn)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", "db", metavar="URL_OR_PATH", help="The library: a path, sqlite:///path or postgresql://… (default $DUIZHAO_DB or ./duizhao.db).")
@click.version_option(package_name="duizhao")
@click.pass_context
def main(click_ctx: click.Context, db: str | None) -> None:
    """duizhao (对照): a bilingual Chinese–English research library."""
    ctx = Context(db)
    click_ctx.obj = ctx
    click_ctx.call_on_close(ctx.close)


def _load_commands() -> None:
    """Import every command module (for --help, and for a command COMMANDS does not name)."""
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")


def run(argv: list[str] | None = None) -> int:
    """Entry point: never lets a traceback reach the user."""
    try:
        main.main(args=argv, prog_name="duizhao", standalone_mode=False)
    except click.exceptions.Abort:
        sys.stderr.write("duizhao: aborted\n")
        return 1
    except click.ClickException as e:
        sys.stderr.write(f"duizhao: {' '.join(e.format_message().split())}\n")
        return 2
    except DuizhaoError as e:
        sys.stderr.write(f"duizhao: {e}\n")
        return e.exit_code
    except SystemExit as e:
        return e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    except KeyboardInterrupt:
        sys.stderr.write("duizhao: interrupted\n")
        return 130
    except BrokenPipeError:
        return 0
    except Exception as e:  # noqa: BLE001 - the promise is: no traceback, one line
        sys.stderr.write(f"duizhao: internal error: {type(e).__name__}: {' '.join(str(e).split())[:300]}\n")
        if os.environ.get("DUIZHAO_DEBUG"):
            raise
        return 1
    return 0


def cli_main() -> None:
    raise SystemExit(run())
