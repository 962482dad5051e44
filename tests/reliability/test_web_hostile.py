"""The web app against hostile input: templates escape, no inline script (CSP), CSRF on every form, every
change refused to anonymous requests, throttled sign-in, fresh sessions, bounded uploads, generated
export names, and a list of hostile strings (HOSTILE_INPUTS) put everywhere a user can put text,
all rendered inert. In process, through httpx's ASGI transport."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.routing import Mount

from duizhao.pipeline import ingest
from duizhao.store import open_library
from duizhao.web import create_app
from duizhao.web.auth import SIGN_IN, hash_password
from duizhao.web.common import ENV, TEMPLATES
from tests.web.conftest import Client as WebClient

from .crash import make_corpus

PASSWORD = "a long enough password"
# Tried in titles, authors, sources, keywords, unit text, search queries, correction notes and texts.
HOSTILE_INPUTS = [
    "<script>alert('s1')</script>",
    "<img src=x onerror=alert('s2')>",
    "<a href=\"javascript:alert('s3')\">j</a>",
    "<svg onload=alert('s4')><script>alert('s5')</script></svg>",
    "<svg><animate onbegin=alert('s6') attributeName=x dur=1s>",
    "{{7*7}}",
    "{% raw %}{{ config }}{% endraw %}",
    "${7*7} #{7*7}",
    "\"><script>alert('s7')</script>",
    "'><img src=x onerror=alert('s8')>",
    "<iframe src=\"javascript:alert('s9')\"></iframe>",
    "<math><mi xlink:href=\"javascript:alert('s10')\">x</mi></math>",
    "javascript:alert('s11')",
    "<body onload=alert('s12')>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(\'s13\')">',
    '<base href="//evil.example/">',
    '<form action="//evil.example"><input name=csrf></form>',
    "<style>@import '//evil.example/x.css'</style>",
    "<object data=\"data:text/html,<script>alert('s14')</script>\"></object>",
    "\u202e<script>alert('s15')</script>",
]


class Client(WebClient):
    """The web tests' client; signs in as this module's editor by default."""

    def login(self, name: str = "edith", password: str = PASSWORD) -> httpx.Response:
        return super().login(name, password)


def hostile_digest(payload: str, k: int) -> str:
    return f"""標題/Title: 测试{k} {payload} Test {k}

作者/Author(s): {payload}; Mallory {k}

網站來源/Source: {payload} Source

日期/Date: 2024-02-0{1 + k % 9}

關鍵字/Keywords: {payload}, 能源


摘要:
这是第{k}个测试文件。{payload}第二句话在这里。

Summary:
This is test file {k}. {payload} is the second sentence.
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Any:
    tmp = tmp_path_factory.mktemp("web")
    db = tmp / "lib.db"
    folder = tmp / "hostile"
    folder.mkdir()
    for k, payload in enumerate(HOSTILE_INPUTS):
        (folder / f"hostile{k:02d}.txt").write_text(hostile_digest(payload, k), encoding="utf-8")
    lib = open_library(db)
    report = ingest(lib, [folder, *make_corpus(tmp / "plain", 2)])
    assert not report.failed, report.failed
    h = hash_password(PASSWORD)
    lib.add_user("edith", h, editor=True)
    lib.add_user("rita", h, editor=False)
    lib.close()
    app = create_app(str(db))
    yield app, db
    app.state.web.close()


@pytest.fixture
def clients(site: Any) -> Any:
    made: list[Client] = []

    def make() -> Client:
        c = Client(site[0])
        made.append(c)
        return c

    yield make
    for c in made:
        c.close()


class Scan(HTMLParser):
    """Everything in a page that could run script."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            v = (value or "").strip().lower()
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if name in ("href", "src", "action", "formaction", "xlink:href", "data") and v.startswith(
                ("javascript:", "vbscript:", "data:text/html")
            ):
                self.problems.append(f"<{tag} {name}={v[:30]}>")
            if tag == "meta" and name == "http-equiv" and v == "refresh":
                self.problems.append("<meta refresh>")
        if tag == "script":
            src = dict(attrs).get("src") or ""
            if not src.startswith("/static/"):
                self.problems.append(f"<script src={src!r}>")
        if tag in ("iframe", "object", "embed", "base", "svg", "math", "style"):
            self.problems.append(f"<{tag}>")


def inert(html: str) -> list[str]:
    scan = Scan()
    scan.feed(html)
    return scan.problems


# ---------------------------------------------------------------- templates


def test_every_template_autoescapes_and_has_no_inline_script() -> None:
    names = sorted(p.name for p in TEMPLATES.glob("*.html"))
    assert len(names) >= 10
    for name in names:
        assert ENV.autoescape(name) if callable(ENV.autoescape) else ENV.autoescape, name
        text = (TEMPLATES / name).read_text(encoding="utf-8")
        assert "|safe" not in text.replace(" ", ""), f"{name} marks something safe"
        assert "autoescape false" not in text and "autoescapefalse" not in text.replace(" ", "")
        for tag in re.findall(r"<script\b[^>]*>", text, re.I):
            assert 'src="/static/' in tag, f"{name}: inline script {tag}"
        assert not re.search(r"<[^>]+\son[a-z]+\s*=", text, re.I), f"{name}: an on* handler attribute"
        assert "javascript:" not in text.lower(), name
        assert "<style" not in text.lower() and ' style="' not in text.lower(), (
            f"{name}: inline style (the CSP forbids it)"
        )


def test_every_post_form_carries_the_csrf_token() -> None:
    found = 0
    for path in TEMPLATES.glob("*.html"):
        text = path.read_text(encoding="utf-8")
        for form in re.findall(r"<form\b.*?</form>", text, re.S | re.I):
            if re.search(r'method="post"', form, re.I):
                found += 1
                assert re.search(r'name="csrf"\s+value="\{\{\s*csrf\s*\}\}"', form), (
                    f"{path.name}: a POST form without the csrf field"
                )
    assert found >= 6


def test_content_security_policy_forbids_inline_script(site: Any, clients: Any) -> None:
    c = clients()
    for url in ("/", "/search?q=x", "/login", "/nowhere", "/api/docs"):
        r = c.get(url)
        csp = r.headers.get("content-security-policy", "")
        directives = dict((d.strip().split(" ", 1) + [""])[:2] for d in csp.split(";") if d.strip())
        assert directives.get("script-src") == "'self'", (url, csp)
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert directives.get("object-src") == "'none'" and directives.get("base-uri") == "'none'"
        assert r.headers.get("x-content-type-options") == "nosniff"


# ---------------------------------------------------------------- guards


def _routes(app: Any) -> list[tuple[str, str]]:
    """(method, path) of every non-GET route, following included routers (FastAPI ≥ 0.16x keeps them
    as wrappers in app.routes rather than flattening them)."""
    out: list[tuple[str, str]] = []

    def walk(routes: list[Any], prefix: str) -> None:
        for route in routes:
            if isinstance(route, Mount):
                continue
            inner = getattr(route, "original_router", None)
            if inner is not None:
                ctx = getattr(route, "include_context", None)
                walk(inner.routes, prefix + (getattr(ctx, "prefix", "") or ""))
                continue
            for method in sorted(set(getattr(route, "methods", None) or []) - {"GET", "HEAD", "OPTIONS"}):
                out.append((method, prefix + route.path))

    walk(app.routes, "")
    return out


def test_every_non_get_route_refuses_anonymous_requests(site: Any, clients: Any) -> None:
    app, db = site
    lib = open_library(db)
    try:
        doc_id = lib.document_ids()[0]
        n = lib.propose_correction(
            doc_id, "u1", "en" if lib.get_document(doc_id).units[0].en else "zh", "A fix.", "", "reader"
        )
        routes = _routes(app)
        assert {("POST", "/login"), ("POST", "/upload"), ("POST", "/corrections/{correction_id}/apply")} <= set(routes)
        before = (lib.stats(), lib.corrections(), lib.history(doc_id))
        for method, path in routes:
            url = path.replace("{doc_id}", doc_id).replace("{unit_id}", "u1").replace("{correction_id}", str(n))
            for kw in (
                {},
                {"data": {"csrf": "forged", "text": "x", "side": "en", "title_en": "pwned"}},
                {"headers": {"X-CSRF-Token": "forged"}},
            ):
                r = clients().request(method, url, **kw)
                assert r.status_code in (401, 403), (method, path, r.status_code)
        assert (lib.stats(), lib.corrections(), lib.history(doc_id)) == before
    finally:
        lib.close()


def test_sign_in_is_throttled(site: Any, clients: Any) -> None:
    c = clients()
    codes = [
        c.post("/login", data={"csrf": c.csrf("/login"), "name": "rita", "password": f"wrong {i}"}).status_code
        for i in range(6)
    ]
    assert codes[:5] == [401] * 5 and codes[5] == 429
    r = c.post("/login", data={"csrf": c.csrf("/login"), "name": "rita", "password": PASSWORD})
    assert r.status_code == 429  # even the right password waits: guessing gains nothing
    lib = open_library(site[1])
    try:
        SIGN_IN.clear(lib, "user:rita", "ip:127.0.0.1", "ip:testclient")
    finally:
        lib.close()


def test_session_fixation_and_logout(site: Any, clients: Any) -> None:
    c = clients()
    planted = "attacker-chosen-session-token-0123456789"
    c.http.cookies.set("dz_session", planted, domain="testserver.local", path="/")  # where the site's own cookie goes
    anon_token = c.csrf("/login")
    r = c.post(
        "/login", data={"csrf": anon_token, "name": "edith", "password": PASSWORD, "next": "javascript:alert(1)"}
    )
    assert r.status_code == 303 and r.headers["location"] == "/"  # no open redirect either
    issued = re.search(r"dz_session=([^;]+)", r.headers.get("set-cookie", ""))
    assert issued and issued.group(1) != planted
    # the anonymous token does not work for the signed-in session
    assert c.post("/logout", data={"csrf": anon_token}).status_code == 403
    old_cookie = issued.group(1)
    assert c.get("/corrections").status_code == 200
    assert c.post("/logout", data={"csrf": c.csrf("/")}).status_code == 303
    replay = clients()
    replay.http.cookies.set("dz_session", old_cookie)
    assert replay.get("/corrections").status_code in (303, 401)  # the old session is gone


def test_uploads_limited_in_size_and_type(
    site: Any, clients: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from duizhao.web import editor

    c = clients()
    assert c.login().status_code == 303
    token = c.csrf("/upload")
    headers = {"accept": "application/json"}
    r = c.post(
        "/upload",
        data={"csrf": token},
        files=[("files", ("evil.exe", b"MZ\x90\x00" * 100, "application/octet-stream"))],
        headers=headers,
    )
    assert r.json()["results"][0]["status"] == "failed" and "not an accepted type" in r.json()["results"][0]["error"]
    r = c.post(
        "/upload",
        data={"csrf": token},
        files=[
            (
                "files",
                (
                    "../../../../tmp/evil.txt",
                    b"Title\n\nSome text here.\n\n\xe4\xb8\xad\xe6\x96\x87\xe3\x80\x82",
                    "text/plain",
                ),
            )
        ],
        headers=headers,
    )
    result = r.json()["results"][0]
    assert result.get("name") == "evil.txt" or result["status"] == "failed"
    monkeypatch.setattr(editor, "MAX_UPLOAD", 1000)
    r = c.post(
        "/upload", data={"csrf": token}, files=[("files", ("big.txt", b"word " * 2000, "text/plain"))], headers=headers
    )
    assert r.status_code == 413 or r.json()["results"][0]["status"] == "failed"
    # a hostile file through the upload: refused or stored, never a server error
    r = c.post(
        "/upload",
        data={"csrf": token},
        files=[("files", ("bomb.docx", b"PK\x03\x04" + b"\x00" * 500, "application/octet-stream"))],
        headers=headers,
    )
    assert r.status_code == 200 and r.json()["results"][0]["status"] == "failed"


def test_export_names_are_generated(site: Any, clients: Any) -> None:
    app, db = site
    lib = open_library(db)
    doc_id = lib.document_ids()[0]
    lib.close()
    c = clients()
    r = c.get(f"/doc/{doc_id}/export?format=md")
    assert r.status_code == 200
    assert re.fullmatch(r'attachment; filename="[0-9a-f]+\.md"', r.headers["content-disposition"])
    for bad in ("../../etc/passwd", "md/../../x", "md\r\nX-Evil: 1", "%2e%2e%2f"):
        r = c.get(f"/doc/{doc_id}/export", params={"format": bad})
        assert r.status_code == 400 and "x-evil" not in r.headers
    r = c.get("/doc/..%2F..%2Fetc%2Fpasswd/export?format=md")
    assert r.status_code in (400, 404)


# ---------------------------------------------------------------- hostile text everywhere


def test_hostile_inputs_render_inert(site: Any, clients: Any) -> None:
    app, db = site
    lib = open_library(db)
    docs = lib.list_documents()
    lib.close()
    editor, reader = clients(), clients()
    assert editor.login().status_code == 303
    hostile_docs = [d for d in docs if d["path"].startswith("hostile")]
    assert len(hostile_docs) == len(HOSTILE_INPUTS)
    pages = ["/", "/?sort=title", "/corrections", "/corrections?status=all"]
    for k, payload in enumerate(HOSTILE_INPUTS):
        doc_id = hostile_docs[k]["id"]
        # a reader reports an error with hostile text and note; an editor edits metadata with hostile values
        r = reader.post(
            f"/doc/{doc_id}/unit/u1/report",
            data={
                "csrf": reader.csrf(f"/doc/{doc_id}/unit/u1/report?side=en"),
                "side": "en",
                "text": f"Fixed {payload}",
                "note": payload,
            },
        )
        assert r.status_code in (200, 303), r.text[:300]
        r = editor.post(
            f"/doc/{doc_id}/edit",
            data={
                "csrf": editor.csrf(f"/doc/{doc_id}/edit"),
                "title_en": f"Edited {payload}",
                "title_zh": "标题",
                "authors": payload,
                "source": payload,
                "keywords": payload,
                "published": "2024-01-01",
            },
        )
        assert r.status_code in (200, 303), r.text[:300]
        pages += [
            f"/doc/{doc_id}",
            f"/doc/{doc_id}/cite",
            f"/doc/{doc_id}/edit",
            f"/doc/{doc_id}/unit/u1/report?side=en",
        ]
    for payload in HOSTILE_INPUTS:
        for url, params in (
            ("/search", {"q": payload}),
            ("/search", {"q": "test", "source": payload, "author": payload}),
            ("/", {"q": payload, "source": payload}),
        ):
            r = reader.get(url, params=params)
            assert r.status_code in (200, 400), (url, payload, r.status_code)
            assert inert(r.text) == [], (url, payload, inert(r.text))
        r = reader.get("/api/search", params={"q": payload})
        assert r.status_code in (200, 400) and r.headers["content-type"].startswith("application/json")
    seen_template_literal = False
    for url in pages:
        for who in (editor, reader):
            r = who.get(url)
            if r.status_code in (303, 401, 403):
                continue
            assert r.status_code == 200, (url, r.status_code)
            assert inert(r.text) == [], (url, inert(r.text)[:5])
            seen_template_literal |= "{{7*7}}" in r.text
    assert seen_template_literal  # the template-injection string is shown as typed, not evaluated
