"""Sub-command groups (`duizhao user add`, `duizhao correct apply`) with the same --json and exit-code
behaviour as `command()` in __init__.py. Not a command module itself (the leading underscore keeps
the loader from importing it as one)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from . import main, register


def group(name: str, help: str) -> click.Group:
    @main.group(name, help=help)
    def _group() -> None:
        pass

    return _group


def subcommand(parent: click.Group, name: str, human: Callable[[Any], str] | None = None, **kwargs: Any) -> Callable:
    """A command of `parent`, registered exactly like a top-level one (`register` in __init__.py)."""
    return register(parent, name, human, **kwargs)
