"""The FastAPI application: routers per page type, the guards, error pages and security headers."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import BadInput, Conflict, DuizhaoError, NotFound
from .auth import guard
from .common import STATIC, Forbidden, LoginRequired, WebState, error_response, redirect, wants_json

# No inline script or style anywhere; htmx is served from /static.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]


class SecurityHeaders:
    """Pure ASGI middleware (cheaper than BaseHTTPMiddleware): adds the headers to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    h for h in message.get("headers", []) if h[0].lower() not in {k for k, _ in SECURITY_HEADERS}
                ]
                message["headers"] = headers + SECURITY_HEADERS
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(db_url: str, *, private: bool = False) -> FastAPI:
    """The web application over the library at `db_url`; `private` makes every page need sign-in."""
    web = WebState(db_url, private=private)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if os.environ.get("DUIZHAO_WARMUP", "1") != "0":
            from starlette.concurrency import run_in_threadpool

            await run_in_threadpool(warm_up, web)
        yield
        web.close()
        from ..pipeline import shutdown_isolated

        shutdown_isolated()  # the upload parse worker; its fork server and resource tracker follow

    app = FastAPI(
        title="duizhao",
        summary="对照 — a bilingual Chinese–English research library",
        version="0.1.0",
        docs_url=None,  # Swagger UI loads scripts from a CDN, which the CSP forbids; the schema is at /openapi.json
        redoc_url=None,
        openapi_url=None,  # FastAPI's own route would bypass the guard: api.py serves it, closed when private
        dependencies=[Depends(guard)],
        lifespan=lifespan,
    )
    app.state.web = web
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")

    from . import api, api_write, auth, document, editor, exports, knowledge, library, saved, search, terms, trash, write

    for module in (library, document, search, auth, editor, api, api_write, knowledge, exports, saved, terms, trash, write):
        app.include_router(module.router)
    app.add_api_route("/openapi.json", api.openapi_schema, include_in_schema=False)

    _install_error_handlers(app)
    return app


WARM_QUERIES = ("Russia trade 2022 $3.5 billion", "普京 外交 能源 3.5亿美元 上个月")


def warm_up(web: WebState) -> float:
    """Load, once per process and before the first request, what the pages load lazily: the
    search analyzer (jieba, CC-CEDICT, the glossary, stemmer), OpenCC and the templates.

    Without it the first Latin and the first Han query each cost ~1 s CPU (measured), and the first
    concurrent searches may all start the same loads at once (lru_cache does not stop two threads
    from computing the same value): the likely cause of the search p95 of 15 s seen under 20 clients.
    Failures are logged, never fatal. Returns the seconds taken.
    """
    import gc
    import logging
    import time

    start = time.perf_counter()
    log = logging.getLogger("uvicorn.error")  # shown by `duizhao serve` (uvicorn configures it)
    try:
        from .common import ENV
        from .document import convert_script
        from .search import run_search

        for name in ENV.list_templates(filter_func=lambda n: n.endswith(".html")):
            ENV.get_template(name)
        convert_script("对照 中国", "zh-Hant")
        convert_script("對照 中國", "zh-Hans")
        lib = web.library()
        for q in WARM_QUERIES:
            run_search(lib, q, 10, 0, other_side=True)
    except Exception as e:  # noqa: BLE001 - a slow first request is better than no server
        log.warning("warm-up failed: %s: %s", type(e).__name__, e)
    # What was loaded lives as long as the process (dictionaries, glossary, templates): out of the
    # collector's sight, a full collection takes ~20 ms instead of ~170 ms, a pause every request
    # that happens to trigger one would wait out (measured over 2,000 searches in process).
    gc.freeze()
    took = time.perf_counter() - start
    log.info("warm-up took %.1f s", took)
    return took


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    async def _login(request: Request, exc: LoginRequired) -> Response:
        if wants_json(request) or request.method not in ("GET", "HEAD"):
            return error_response(request, 401, "sign in first" + (" as an editor" if exc.editor else ""))
        from urllib.parse import quote

        target = request.url.path + (("?" + request.url.query) if request.url.query else "")
        return redirect("/login?next=" + quote(target, safe=""))

    @app.exception_handler(Forbidden)
    async def _forbidden(request: Request, exc: Forbidden) -> Response:
        return error_response(request, 403, exc.message)

    @app.exception_handler(DuizhaoError)
    async def _duizhao(request: Request, exc: DuizhaoError) -> Response:
        if isinstance(exc, NotFound):
            return error_response(request, 404, str(exc))
        if isinstance(exc, Conflict):
            return error_response(request, 409, str(exc))
        if isinstance(exc, BadInput):
            return error_response(request, 400, str(exc))
        return error_response(request, 500, str(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', [])[1:])}: {e.get('msg')}" for e in exc.errors()[:3]
        )
        return error_response(request, 400, f"bad request ({problems})")

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "error"
        if exc.status_code == 404 and message == "Not Found":
            message = "There is no page at this address."
        return error_response(request, exc.status_code, message)


def app_from_env() -> FastAPI:
    """For `uvicorn --factory` with several workers: the library and privacy come from the environment."""
    return create_app(os.environ.get("DUIZHAO_DB") or "duizhao.db", private=os.environ.get("DUIZHAO_PRIVATE") == "1")
