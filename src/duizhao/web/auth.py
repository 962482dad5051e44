"""Editors' accounts: argon2 password hashes, sessions, CSRF, sign-in throttling, and the guards.

- A session token lives only in the user's HttpOnly SameSite=Lax cookie; the library stores its
  SHA-256, so a leaked database cannot be replayed as a cookie.
- Every sign-in makes a new token (session fixation), and a new CSRF token with it.
- Every non-GET request must carry the CSRF token of its session (or, for a reader who has not
  signed in, of the anonymous cookie): a request with neither is refused.
- Sign-ins are throttled per client address and per user name, counted in the library before the
  password is checked (so parallel guesses and several worker processes share one count).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from fastapi import APIRouter, Request
from fastapi.responses import Response

from ..errors import BadInput
from ..store import Library
from .common import (
    ANON_COOKIE,
    SAFE_METHODS,
    SESSION_COOKIE,
    Forbidden,
    LoginRequired,
    in_thread,
    library,
    redirect,
    render,
    safe_next,
    state,
    viewer,
)

SESSION_HOURS = 12
MAX_FAILURES = 5  # per window, per address and per user name
WINDOW_SECONDS = 300.0
MIN_PASSWORD = 8
MAX_FILES = 20  # files in one form (uploads)

_hasher = PasswordHasher()
# Verified against when the user does not exist, so both cases cost the same time.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise BadInput(f"the password is too short: at least {MIN_PASSWORD} characters")
    if len(password) > 1024:
        raise BadInput("the password is too long")
    return _hasher.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def authenticate(lib: Library, name: str, password: str) -> dict[str, Any] | None:
    user = lib.get_user(name) if name else None
    if user is None:
        verify_password(_DUMMY_HASH, password)
        return None
    if not verify_password(user["password_hash"], password):
        return None
    if _hasher.check_needs_rehash(user["password_hash"]):
        lib.set_password(name, _hasher.hash(password), end_sessions=False)
    return user


def start_session(lib: Library, user: str) -> tuple[str, str]:
    """A fresh session: returns (cookie token, csrf token)."""
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    expires = (dt.datetime.now(dt.UTC) + dt.timedelta(hours=SESSION_HOURS)).strftime("%Y-%m-%dT%H:%M:%SZ")
    lib.create_session(token_hash(token), user, csrf, expires)
    return token, csrf


def lookup_session(lib: Library, token: str | None) -> dict[str, Any] | None:
    if not token or len(token) > 200:
        return None
    h = token_hash(token)
    row = lib.get_session(h)
    if row is None:
        return None
    user = lib.get_user(row["user_name"])
    if user is None:
        return None
    return {"user": user["name"], "editor": bool(user["editor"]), "csrf": row["csrf"], "token_hash": h}


class Throttle:
    """Attempts per key (a client address, a user name) in a window, counted in the library
    (Library.take_attempt): one count for every worker process, taken before the work it guards."""

    def __init__(self, name: str, limit: int = MAX_FAILURES, window: float = WINDOW_SECONDS) -> None:
        self.name = name  # keeps the keys of different limits apart in the one table
        self.limit = limit
        self.window = window

    def _keys(self, keys: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(f"{self.name}:{k}" for k in keys)

    def take(self, lib: Library, *keys: str) -> bool:
        """Count an attempt for every key; False when any key is over its limit (refuse the attempt)."""
        return lib.take_attempt(self._keys(keys), self.limit, self.window)

    def clear(self, lib: Library, *keys: str) -> None:
        lib.clear_attempts(self._keys(keys))


SIGN_IN = Throttle("login")  # failed and successful sign-ins alike, until one succeeds
REPORTS = Throttle("report", limit=30, window=3600.0)  # anonymous readers' error reports


# -- guards ----------------------------------------------------------------------------------------
OPEN_PATHS = ("/login", "/static/", "/favicon.ico")


async def guard(request: Request) -> None:
    """Applied to every route: private libraries need a signed-in user; every change needs the CSRF token."""
    path = request.url.path
    if state(request).private() and not path.startswith(OPEN_PATHS) and not viewer(request).signed_in:
        raise LoginRequired()
    if request.method in SAFE_METHODS:
        return
    v = viewer(request)
    if path.startswith("/api/"):
        # The write API (SPEC): a token or a session; 401 without either, 403 for a reader (require_editor).
        # Readers' reports are open to anyone, sent as JSON (no cross-site form can send that).
        anonymous_report = path.endswith("/report") and request.headers.get("content-type", "").startswith("application/json")
        if not v.signed_in and not anonymous_report:
            raise LoginRequired()
        if v.bearer or (anonymous_report and request.cookies.get(SESSION_COOKIE) is None):
            return
    await check_csrf(request)


async def check_csrf(request: Request) -> None:
    v = viewer(request)
    if not v.token_known:  # no session and no anonymous cookie: nobody we ever gave a token to
        raise Forbidden("this form has expired or did not come from this site; reload the page and try again")
    sent = request.headers.get("X-CSRF-Token")
    if not sent:
        ctype = request.headers.get("content-type", "")
        if ctype.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
            # The first parse of a form is the one every handler gets (Starlette keeps it), so its
            # limits are the strictest any form has: the upload's MAX_FILES.
            form = await request.form(max_files=MAX_FILES, max_fields=200)
            value = form.get("csrf")
            sent = value if isinstance(value, str) else None
    if not sent or not hmac.compare_digest(sent.encode(), v.csrf.encode()):
        raise Forbidden("this form has expired or did not come from this site; reload the page and try again")


def require_user(request: Request) -> str:
    v = viewer(request)
    if not v.signed_in:
        raise LoginRequired()
    return v.user or ""


def require_editor(request: Request) -> str:
    v = viewer(request)
    if not v.signed_in:
        raise LoginRequired(editor=True)
    if not v.editor:
        raise Forbidden("only editors can do this")
    return v.user or ""


# -- routes ------------------------------------------------------------------------------------------
router = APIRouter(include_in_schema=False)


def client_key(request: Request) -> str:
    """The client's address as the throttles key it: the peer's, or behind a trusted proxy the address
    the proxy forwarded (uvicorn's proxy headers, `serve --forwarded-allow-ips`)."""
    return "ip:" + (request.client.host if request.client else "?")


@router.get("/login")
def login_form(request: Request, next: str = "/") -> Response:
    return render(request, "login.html", next=safe_next(next), error=None, name="", title="Sign in — 对照 duizhao")


@router.post("/login")
async def login(request: Request) -> Response:
    form = await request.form()
    name = str(form.get("name") or "").strip()
    password = str(form.get("password") or "")
    target = safe_next(str(form.get("next") or "/"))
    keys = (client_key(request), "user:" + name.lower())
    # Counted before the hash is checked, in one step: parallel guesses cannot all pass the check first.
    if not await in_thread(request, SIGN_IN.take, *keys):
        return render(
            request,
            "login.html",
            status_code=429,
            next=target,
            name=name,
            error="Too many failed attempts. Wait a few minutes and try again.",
            title="Sign in — 对照 duizhao",
        )
    user = await in_thread(request, authenticate, name, password)
    if user is None:
        return render(
            request,
            "login.html",
            status_code=401,
            next=target,
            name=name,
            error="Wrong name or password.",
            title="Sign in — 对照 duizhao",
        )
    await in_thread(request, SIGN_IN.clear, *keys)
    lib = library(request)
    old = viewer(request).session_hash
    if old:
        lib.delete_session(old)
    token, _csrf = start_session(lib, user["name"])
    response = redirect(target)
    secure = request.url.scheme == "https"
    response.set_cookie(
        SESSION_COOKIE, token, httponly=True, samesite="lax", secure=secure, path="/", max_age=SESSION_HOURS * 3600
    )
    response.delete_cookie(ANON_COOKIE, path="/")
    return response


@router.post("/logout")
def logout(request: Request) -> Response:
    v = viewer(request)
    if v.session_hash:
        library(request).delete_session(v.session_hash)
    response = redirect("/")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
