"""Security, in process: every change refused without a session token, headers, hostile documents, privacy."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from starlette.routing import Mount

from duizhao.web import create_app

from .conftest import Client, doc_id_by_title

# Non-GET routes a reader who has not signed in may use (with the CSRF token of their page).
READER_WRITES = {"/login", "/logout", "/doc/{doc_id}/unit/{unit_id}/report", "/api/doc/{doc_id}/unit/{unit_id}/report"}
USER_WRITES = {"/saved", "/saved/remove"}  # any signed-in user's own saved searches (tests/web/test_saved.py)


def _walk(routes: list[Any]) -> list[Any]:
    """Every route, including those of included routers (FastAPI keeps those behind a wrapper)."""
    out = []
    for route in routes:
        inner = getattr(route, "original_router", None)
        out.extend(_walk(inner.routes) if inner is not None else [route])
    return out


def _non_get_routes(app: Any) -> list[tuple[str, str]]:
    out = []
    for route in _walk(app.routes):
        if isinstance(route, Mount):
            continue
        methods = set(getattr(route, "methods", None) or []) - {"GET", "HEAD", "OPTIONS"}
        for m in sorted(methods):
            out.append((m, route.path))
    return out


def _fill(path: str, doc_id: str, correction: int) -> str:
    return path.replace("{doc_id}", doc_id).replace("{unit_id}", "u3").replace("{correction_id}", str(correction))


def test_every_non_get_route_refuses_an_anonymous_request(app: Any, library: Any, make_client: Any) -> None:
    doc_id = doc_id_by_title(library, "Harbour Cities")
    routes = _non_get_routes(app)
    assert len(routes) >= 7  # login, logout, report, apply, reject, upload, metadata …
    for method, path in routes:
        n = library.propose_correction(
            doc_id, "u4", "en", "Warehouse rents rose by 30% within two years.", "", "reader"
        )
        before = (library.stats(), library.get_document(doc_id).to_dict(), library.corrections())
        c: Client = make_client()  # no cookies, no token: a request from anywhere
        url = _fill(path, doc_id, n)
        for data in ({}, {"side": "en", "text": "changed", "name": "edith", "password": "x", "title_en": "changed"}):
            r = c.request(method, url, data=data)
            assert r.status_code in (401, 403), (method, path, r.status_code)
        # and a forged token does not help
        r = c.request(method, url, data={"csrf": "forged"}, headers={"X-CSRF-Token": "forged"})
        assert r.status_code in (401, 403), (method, path, r.status_code)
        assert (library.stats(), library.get_document(doc_id).to_dict(), library.corrections()) == before, path


def test_editor_routes_refuse_readers_with_a_valid_token(app: Any, library: Any, make_client: Any) -> None:
    doc_id = doc_id_by_title(library, "Harbour Cities")
    n = library.propose_correction(doc_id, "u4", "en", "Warehouse rents rose by 30% within two years.", "", "reader")
    anon = make_client()
    anon_token = anon.csrf(f"/doc/{doc_id}/unit/u3/report")
    rita = make_client()
    rita.login("rita")
    rita_token = rita.csrf("/")
    for method, path in _non_get_routes(app):
        if path in READER_WRITES:
            continue
        url = _fill(path, doc_id, n)
        assert anon.request(method, url, data={"csrf": anon_token}).status_code == 401, path
        if path in USER_WRITES:
            continue
        assert rita.request(method, url, data={"csrf": rita_token}).status_code == 403, path
    assert library.correction(n)["status"] == "pending"


def test_csrf_token_of_another_session_is_refused(library: Any, make_client: Any) -> None:
    doc_id = doc_id_by_title(library, "Harbour Cities")
    n = library.propose_correction(doc_id, "u4", "en", "Warehouse rents rose by 30% within two years.", "", "reader")
    victim, attacker = make_client(), make_client()
    victim.login("edith")
    attacker_token = attacker.csrf("/login")
    r = victim.post(f"/corrections/{n}/apply", data={"csrf": attacker_token})
    assert r.status_code == 403
    assert library.correction(n)["status"] == "pending"


def test_security_headers_everywhere(client: Any, library: Any) -> None:
    doc_id = doc_id_by_title(library, "Harbour Cities")
    for url in (
        "/",
        f"/doc/{doc_id}",
        "/search?q=trade",
        "/login",
        "/api/docs",
        "/static/style.css",
        "/nope",
        "/openapi.json",
    ):
        h = client.get(url).headers
        csp = h["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert "frame-ancestors 'none'" in csp
        assert h["x-content-type-options"] == "nosniff"
        assert h["referrer-policy"] == "same-origin"


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.script_text = ""
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.script_text += data


def assert_inert(html: str) -> None:
    p = Tags()
    p.feed(html)
    for tag, attrs in p.tags:
        assert tag not in ("iframe", "img", "svg", "object", "embed", "b"), tag
        if tag == "script":
            assert (attrs.get("src") or "").startswith("/static/"), attrs
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            if name in ("href", "src", "action", "hx-get", "hx-post"):
                assert not (value or "").strip().lower().startswith("javascript:"), (tag, name, value)
    assert p.script_text.strip() == ""


def test_hostile_document_renders_inert(client: Any, library: Any) -> None:
    hostile = next(d for d in library.list_documents() if d["path"] == "hostile.txt")
    assert "<script>" in hostile["title"]["en"]  # the markup really is in the record
    urls = [
        "/",
        f"/doc/{hostile['id']}",
        f"/doc/{hostile['id']}?script=zh-Hans",
        "/search?q=testing",
        "/search?q=Click",
        f"/doc/{hostile['id']}/cite",
        f"/doc/{hostile['id']}/unit/u1/report",
        "/?author=Mallory",
    ]
    for url in urls:
        r = client.get(url)
        assert r.status_code == 200, url
        assert_inert(r.text)
        assert "&lt;script&gt;" in r.text or url.startswith("/?author") or "report" in url, url
    client.login("edith")
    library.propose_correction(
        hostile["id"], "u1", "en", "<script>alert('fix')</script>", "<img src=x onerror=alert(1)>", "reader"
    )
    for url in ("/corrections", f"/doc/{hostile['id']}/edit"):
        r = client.get(url)
        assert r.status_code == 200
        assert_inert(r.text)


def test_private_library_needs_sign_in(library: Any, db_path: Any, make_client: Any) -> None:
    private = create_app(str(db_path), private=True)
    try:
        c = make_client(private)
        doc_id = doc_id_by_title(library, "Harbour Cities")
        for url in ("/", f"/doc/{doc_id}", "/search?q=trade"):
            r = c.get(url)
            assert r.status_code == 303 and r.headers["location"].startswith("/login?next=")
        assert c.get("/api/docs").status_code == 401
        for url in ("/openapi.json", "/docs"):  # the API's description too (/docs: no Swagger UI at all)
            assert c.get(url).status_code in (303, 401, 404) and "paths" not in c.get(url).text
        assert c.get("/login").status_code == 200
        assert c.get("/static/style.css").status_code == 200
        c.login("rita")
        assert c.get("/").status_code == 200
        assert c.get("/api/docs").status_code == 200
        assert "/api/search" in c.get("/openapi.json").json()["paths"]
    finally:
        private.state.web.close()


def test_private_setting_in_the_library(library: Any, app: Any, make_client: Any) -> None:
    import time

    library.set_setting("private", "1")
    app.state.web._private_cache = (0.0, False)  # the setting is cached for a few seconds; test the read itself
    c = make_client()
    assert c.get("/").status_code == 303
    library.set_setting("private", "0")
    app.state.web._private_cache = (time.monotonic() - 60, True)
    assert c.get("/").status_code == 200


@pytest.mark.parametrize("url", ["/docs", "/redoc"])
def test_no_cdn_docs_pages(client: Any, url: str) -> None:
    assert client.get(url).status_code == 404
