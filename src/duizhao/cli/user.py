"""`duizhao user add NAME [--editor]`, `user list`, `user passwd NAME`, `user sessions NAME [--revoke]`,
`user delete NAME`: accounts for the web application."""

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


def _ended(v: dict[str, Any]) -> str:
    n = v["sessions_ended"]
    return f"{n} session{'' if n == 1 else 's'} ended"


def _must_exist(lib: Any, name: str) -> None:
    if not lib.get_user(name):
        raise BadInput(f"no user {name!r}")


@subcommand(user, "passwd", human=lambda v: f"password changed for {v['name']}; {_ended(v)}")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of standard input.")
def user_passwd(ctx: Any, name: str, password_stdin: bool) -> dict[str, Any]:
    """Set a new password for a user; it signs the user out everywhere."""
    lib = ctx.library()
    _must_exist(lib, name)
    password_hash = _hash(_read_password(password_stdin))
    live = len(lib.user_sessions(name))
    lib.set_password(name, password_hash)  # ends every session of the user in the same transaction
    return {"name": name, "sessions_ended": live}


def _sessions_human(v: dict[str, Any]) -> str:
    if v["revoked"]:
        return f"{v['name']}: {_ended(v)}"
    rows = v["sessions"]
    lines = [f"{r['created_at']}  until {r['expires_at']}" for r in rows]
    return "\n".join(lines) or f"{v['name']} has no live sessions"


@subcommand(user, "sessions", human=_sessions_human)
@click.argument("name")
@click.option("--revoke", is_flag=True, help="End every session of the user (signed out everywhere).")
def user_sessions(ctx: Any, name: str, revoke: bool) -> dict[str, Any]:
    """List a user's live sessions (when each began and ends), or end them all with --revoke."""
    lib = ctx.library()
    _must_exist(lib, name)
    sessions = lib.user_sessions(name)
    ended = lib.end_sessions(name) if revoke else 0
    return {"name": name, "sessions": sessions, "revoked": revoke, "sessions_ended": ended}


@subcommand(user, "delete", human=lambda v: f"deleted user {v['name']}; {_ended(v)}")
@click.argument("name")
def user_delete(ctx: Any, name: str) -> dict[str, Any]:
    """Delete an account and end its sessions (its corrections and history keep the name)."""
    lib = ctx.library()
    _must_exist(lib, name)
    return {"name": name, "sessions_ended": lib.delete_user(name)}


@subcommand(user, "token", human=lambda v: f"token #{v['id']} for {v['user']} (shown once; keep it secret):\n{v['token']}")
@click.argument("name")
@click.option("--label", default="", help="What the token is for (shown in `user tokens`).")
def user_token(ctx: Any, name: str, label: str) -> dict[str, Any]:
    """A new API token for NAME, printed once (only its hash is kept); send it as Authorization: Bearer."""
    number, token = ctx.library().create_token(name, label)
    return {"id": number, "user": name, "label": label, "token": token}


def _human_tokens(rows: list[dict[str, Any]]) -> str:
    lines = [f"#{r['id']}  {r['user']:16} {r['label'] or '-':20} created {r['created_at']}" + (f"  revoked {r['revoked_at']}" if r["revoked_at"] else "") for r in rows]
    return "\n".join(lines) or "no tokens"


@subcommand(user, "tokens", human=_human_tokens)
@click.argument("name", required=False)
def user_tokens(ctx: Any, name: str | None) -> list[dict[str, Any]]:
    """The API tokens (all, or NAME's): number, label, created, revoked."""
    return ctx.library().tokens(name)


@subcommand(user, "revoke-token", human=lambda v: f"token #{v['id']} of {v['user']} revoked")
@click.argument("number", type=int)
def user_revoke_token(ctx: Any, number: int) -> dict[str, Any]:
    """Revoke an API token by its number (`user tokens`): requests with it are refused from now on."""
    return ctx.library().revoke_token(number)
