"""`duizhao user add NAME [--editor]`, `user list`, `user passwd NAME`: accounts for the web application."""

from __future__ import annotations

import sys
from typing import Any

import click

from ..errors import BadInput
from ._groups import group, subcommand

user = group("user", "Accounts for the web application (editors apply corrections, upload, edit metadata).")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        if not line:
            raise BadInput("no password on standard input")
        return line.rstrip("\r\n")
    if not sys.stdin.isatty():
        raise BadInput("no terminal to ask for the password: use --password-stdin")
    return str(click.prompt("Password", hide_input=True, confirmation_prompt="Repeat the password", err=True))


def _hash(password: str) -> str:
    from ..web.auth import hash_password

    return hash_password(password)


@subcommand(user, "add", human=lambda v: f"added {'editor' if v['editor'] else 'user'} {v['name']}")
@click.argument("name")
@click.option("--editor", is_flag=True, help="May apply corrections, upload and edit metadata.")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
def user_add(ctx: Any, name: str, editor: bool, password_stdin: bool) -> dict[str, Any]:
    """Add a user; the password is asked twice on the terminal (or read with --password-stdin)."""
    lib = ctx.library(create=True)
    if lib.get_user(name):
        raise BadInput(f"user {name!r} exists already")
    lib.add_user(name, _hash(_read_password(password_stdin)), editor=editor)
    return {"name": name, "editor": editor}


@subcommand(
    user,
    "list",
    human=lambda rows: (
        "\n".join(f"{r['name']:24} {'editor' if r['editor'] else 'reader':7} {r['created_at']}" for r in rows)
        or "no users"
    ),
)
def user_list(ctx: Any) -> list[dict[str, Any]]:
    """List the users."""
    return [
        {"name": r["name"], "editor": bool(r["editor"]), "created_at": r["created_at"]}
        for r in ctx.library().list_users()
    ]


@subcommand(user, "passwd", human=lambda v: f"password changed for {v['name']}")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
def user_passwd(ctx: Any, name: str, password_stdin: bool) -> dict[str, Any]:
    """Set a new password for a user."""
    lib = ctx.library()
    if not lib.get_user(name):
        raise BadInput(f"no user {name!r}")
    lib.set_password(name, _hash(_read_password(password_stdin)))
    return {"name": name}
