"""The `duizhao` command line: each command is a thin shell over one library call.

Commands live one per module in this package and register themselves on `main` with
`@command(...)`; importing the package imports them all. A command returns a JSON-able value:
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

    def library(self, create: bool = False) -> Any:
        """Open the library lazily, so commands that need none (parse, align) never create a file.
        Only the commands that make a library (ingest, migrate, user add, copy --to) pass
        `create`; any other on a path with no library refuses, so a typo in --db never leaves an
        empty library behind (SPEC "One library, many processes")."""
        if self._library is None:
            from ..store import open_library

            self._library = open_library(self.db, create=create)
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
        @click.pass_obj
        @functools.wraps(fn)
        def run(ctx: Context, as_json: bool, **params: Any) -> None:
            code = 0
            try:
                value = fn(ctx, **params)
            except ExitWith as e:  # pragma: no cover - defensive, commands use ctx results instead
                code = e.code
                value = None
            if isinstance(value, CommandResult):
                code = value.exit_code
                value = value.value
            if value is not None:
                emit(value, as_json, human)
            if code:
                raise SystemExit(code)

        return run

    return wrap


class CommandResult:
    """A value to print plus the exit code to return after printing it."""

    def __init__(self, value: Any, exit_code: int = 0) -> None:
        self.value = value
        self.exit_code = exit_code


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", "db", metavar="URL_OR_PATH", help="The library: a path, sqlite:///path or postgresql://… (default $DUIZHAO_DB or ./duizhao.db).")
@click.version_option(package_name="duizhao")
@click.pass_context
def main(click_ctx: click.Context, db: str | None) -> None:
    """duizhao (对照): a bilingual Chinese–English research library."""
    ctx = Context(db)
    click_ctx.obj = ctx
    click_ctx.call_on_close(ctx.close)


def _load_commands() -> None:
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")


def run(argv: list[str] | None = None) -> int:
    """Entry point: never lets a traceback reach the user."""
    _load_commands()
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
