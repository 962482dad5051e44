"""duizhao's own errors: each carries a one-line message meant for the user."""
from __future__ import annotations


class DuizhaoError(Exception):
    """Base class. `exit_code` is what the CLI returns for it."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        # One line, always: the CLI prints it as is.
        super().__init__(" ".join(str(message).split()))


class BadInput(DuizhaoError):
    """Unreadable file, bad option, malformed query: the user can fix it."""

    exit_code = 2


class NotFound(BadInput):
    """An id or name that the library does not hold."""


class Conflict(DuizhaoError):
    """A change based on a version that is no longer current."""

    exit_code = 2
