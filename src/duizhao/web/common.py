"""What every page shares: the library per worker thread, the templates, who is asking, the guards.

Handlers are plain (sync) functions, so FastAPI runs them in its thread pool; each thread keeps its
own library connection (an SQLite connection must not be used by two threads at once).
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from ..store import Library, open_library
from ..titles import best_title

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"

SESSION_COOKIE = "dz_session"
ANON_COOKIE = "dz_anon"  # a reader's CSRF token before (or without) signing in
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
PRIVATE_TTL = 5.0  # seconds the "private" setting is cached

T = TypeVar("T")


class WebState:
    """Configuration plus a library connection per thread."""

    def __init__(self, db_url: str, private: bool = False) -> None:
        self.db_url = str(db_url)
        self.private_flag = private
        self._local = threading.local()
        self._opened: list[Library] = []
        self._lock = threading.Lock()
        self._private_cache: tuple[float, bool] = (0.0, False)
        self.caches: dict[str, Any] = {}  # per app (never shared between libraries): see cache.py
        # Fail at start-up, not at the first request, when the library cannot be opened.
        self.library()

    def library(self) -> Library:
        lib = getattr(self._local, "lib", None)
        if lib is None:
            lib = open_library(self.db_url)
            self._local.lib = lib
            with self._lock:
                self._opened.append(lib)
        return lib

    def private(self) -> bool:
        if self.private_flag:
            return True
        at, value = self._private_cache
        if time.monotonic() - at > PRIVATE_TTL:
            value = (self.library().get_setting("private", "0") or "0").lower() in ("1", "true", "yes", "on")
            self._private_cache = (time.monotonic(), value)
        return value

    def close(self) -> None:
        with self._lock:
            for lib in self._opened:
                lib.close()
            self._opened.clear()


def state(request: Request) -> WebState:
    return request.app.state.web


def library(request: Request) -> Library:
    return state(request).library()


async def in_thread(request: Request, fn: Callable[..., T], *args: Any) -> T:
    """`fn(library, *args)` in the thread pool, on that thread's own library connection: an async
    handler's connection belongs to the event loop's thread, and two pool threads must never run
    transactions on one SQLite connection at once."""
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(lambda: fn(library(request), *args))


# -- who is asking -----------------------------------------------------------------------------
@dataclass
class Viewer:
    user: str | None
    editor: bool
    token: str | None  # the CSRF token: the session's, the reader's cookie, or None until one is needed
    session_hash: str | None
    new_anon: str | None = None  # an anonymous CSRF token to set as a cookie on the response
    bearer: bool = False  # signed in by an API token (Authorization: Bearer): no cookie, so no CSRF

    @property
    def signed_in(self) -> bool:
        return self.user is not None

    @property
    def csrf(self) -> str:
        """The token for this page's forms. A reader without one gets it (and its cookie) only when a
        page really holds a form: most reads (search, library) then cost no random bytes and no cookie."""
        if self.token is None:
            self.token = self.new_anon = secrets.token_urlsafe(32)
        return self.token

    @property
    def token_known(self) -> bool:
        """A token this site gave earlier (a session's or a reader's cookie), which a POST must echo."""
        return self.token is not None and self.new_anon is None


class _LazyCsrf:
    """`{{ csrf }}` in a template: asks the viewer for its token only if the template prints it."""

    def __init__(self, v: Viewer) -> None:
        self._viewer = v

    def __str__(self) -> str:
        return self._viewer.csrf

    def __html__(self) -> str:
        return str(escape(self._viewer.csrf))


def viewer(request: Request) -> Viewer:
    """The signed-in user (from the session cookie) or an anonymous reader (CSRF token made on demand)."""
    cached = getattr(request.state, "viewer", None)
    if cached is not None:
        return cached
    from .auth import lookup_session

    auth = request.headers.get("authorization", "")
    if auth[:7].lower() == "bearer ":
        # A program's token: it alone decides who this is (no cookie, so nothing a page could forge).
        owner = library(request).token_user(auth[7:].strip()) if len(auth) < 300 else None
        v = Viewer(user=owner["name"] if owner else None, editor=bool(owner and owner["editor"]), token=None,
                   session_hash=None, bearer=owner is not None)
        request.state.viewer = v
        return v
    found = lookup_session(library(request), request.cookies.get(SESSION_COOKIE))
    if found is not None:
        v = Viewer(user=found["user"], editor=found["editor"], token=found["csrf"], session_hash=found["token_hash"])
    else:
        anon = request.cookies.get(ANON_COOKIE) or ""
        v = Viewer(user=None, editor=False, token=anon if len(anon) >= 32 else None, session_hash=None)
    request.state.viewer = v
    return v


def visible(request: Request, lib: Library, ref: str) -> str:
    """The document's id when this viewer may see it: drafts and the trash are for editors only
    (to anyone else they do not exist)."""
    doc_id = lib.resolve_id(ref)
    if lib.document_status(doc_id) != "published" and not viewer(request).editor:
        from ..errors import NotFound

        raise NotFound(f"no document {ref!r} in the library")
    return doc_id


def only_visible(request: Request) -> None:
    """A router dependency: every route with a {doc_id} answers 404 for a document this viewer may not see."""
    ref = request.path_params.get("doc_id")
    if ref:
        visible(request, library(request), ref)


def set_anon_cookie(request: Request, response: Response, token: str) -> None:
    response.set_cookie(
        ANON_COOKIE, token, httponly=True, samesite="lax", secure=request.url.scheme == "https", path="/"
    )


# -- errors the handlers raise -----------------------------------------------------------------
class LoginRequired(Exception):
    """The page needs a signed-in user (private library) or an editor."""

    def __init__(self, editor: bool = False) -> None:
        self.editor = editor


class Forbidden(Exception):
    def __init__(self, message: str) -> None:
        self.message = message


# -- templates -----------------------------------------------------------------------------------
def doc_title(d: Any) -> str:
    """The best title of a Document or a summary row (titles.best_title: one function for every face)."""
    return best_title(d)


def titles_of(lib: Library, doc_ids: Any) -> dict[str, str]:
    """doc id → best title, for pages whose rows carry only a document's id, path and title fields
    (knowledge pages): read from the documents' summaries so untitled ones get their stand-in or headline."""
    ids = list(dict.fromkeys(doc_ids))
    return {d["id"]: best_title(d) for d in lib.list_documents(ids=ids)} if ids else {}


def _qs(params: dict[str, Any], **changes: Any) -> str:
    """The current query string with some parameters changed (None removes one)."""
    merged = {k: v for k, v in params.items() if v not in (None, "")}
    for k, v in changes.items():
        if v in (None, ""):
            merged.pop(k, None)
        else:
            merged[k] = v
    return "?" + urlencode(merged, doseq=True) if merged else "?"


def _nl2p(text: str | None) -> Markup:
    """Line breaks inside a unit kept as <br> (everything escaped first)."""
    if not text:
        return Markup("")
    return Markup("<br>").join(escape(line) for line in text.split("\n"))


def make_env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html", "xml"], default_for_string=True, default=True),
        trim_blocks=True,
        lstrip_blocks=True,
        # templates ship with the package and do not change under a running server: no stat() of
        # every template file on every render (that was ~9% of a search page's CPU)
        auto_reload=False,
    )
    env.globals.update(doc_title=doc_title, qs=_qs)
    env.filters["nl2br"] = _nl2p
    return env


ENV = make_env()


def is_htmx(request: Request) -> bool:
    return request.headers.get("HX-Request") == "true"


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    v = viewer(request)
    context.setdefault("title", "对照 duizhao")
    html = ENV.get_template(template).render(request=request, viewer=v, csrf=_LazyCsrf(v), path=request.url.path, **context)
    response = HTMLResponse(html, status_code=status_code)
    if v.new_anon:
        set_anon_cookie(request, response, v.new_anon)
    return response


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def error_response(request: Request, status: int, message: str) -> Response:
    if wants_json(request):
        return JSONResponse({"error": message}, status_code=status)
    return render(
        request, "error.html", status_code=status, message=message, status=status, title=f"{status} — 对照 duizhao"
    )


def redirect(url: str, status_code: int = 303) -> RedirectResponse:
    return RedirectResponse(url, status_code=status_code)


def safe_next(target: str | None) -> str:
    """Only same-site paths are followed after sign-in (no //evil.example, no scheme)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target
