"""The README documents every command (datasette-style completeness: a new command without a line in
the README fails here)."""

from __future__ import annotations

import re
from pathlib import Path

import click

from duizhao.cli import _load_commands, main

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = ""):
    for name, cmd in group.commands.items():
        full = f"{prefix} {name}".strip()
        yield full
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, full)


def test_every_command_is_in_the_readme() -> None:
    _load_commands()
    names = list(_commands(main))
    assert "search" in names and "reindex" in names
    missing = [
        n for n in names if not re.search(r"duizhao(?: --db \S+)? " + re.escape(n) + r"\b", README) and f"`{n}`" not in README
    ]
    assert missing == []
