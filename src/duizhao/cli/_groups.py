"""Sub-command groups (`duizhao user add`, `duizhao correct apply`) with the same --json and exit-code
behaviour as `command()` in __init__.py. Not a command module itself (the leading underscore keeps
the loader from importing it as one)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import click

from . import CommandResult, emit, main


def group(name: str, help: str) -> click.Group:
    @main.group(name, help=help)
    def _group() -> None:
        pass

    return _group


def subcommand(parent: click.Group, name: str, human: Callable[[Any], str] | None = None, **kwargs: Any) -> Callable:
    def wrap(fn: Callable[..., Any]) -> Callable[..., Any]:
        @parent.command(name, **kwargs)
        @click.option("--json", "as_json", is_flag=True, help="Print one JSON document on stdout.")
        @click.pass_obj
        @functools.wraps(fn)
        def run(ctx: Any, as_json: bool, **params: Any) -> None:
            value = fn(ctx, **params)
            code = 0
            if isinstance(value, CommandResult):
                code, value = value.exit_code, value.value
            if value is not None:
                emit(value, as_json, human)
            if code:
                raise SystemExit(code)

        return run

    return wrap
