"""Fixtures for the web tests: a real library in tmp_path, the app, an in-process httpx client."""

from __future__ import annotations

import asyncio
import functools
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from duizhao.pipeline import ingest
from duizhao.store import open_library
from duizhao.web import create_app
from duizhao.web.auth import hash_password

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
PASSWORD = "correct horse battery"

# A hostile digest: markup and script in the title, the authors, the keywords and the text.
HOSTILE = """標題/Title: <script>alert('title')</script><img src=x onerror="alert(1)"> Evil <a href="javascript:alert(2)">link</a>

作者/Author(s): <script>alert('author')</script>; Mallory <b onmouseover="alert(3)">Bold</b>

網站來源/Source: <iframe src="javascript:alert(4)"></iframe>Evil Source

日期/Date: 2024-02-02

關鍵字/Keywords: <svg onload=alert(5)>, javascript:alert(6)


摘要:
這是一段中文<script>alert('zh')</script>文字,用來測試。<img src=x onerror=alert(7)>第二句話在這裡。

Summary:
This is English text <script>alert('en')</script> for testing. <a href="javascript:alert(8)" onclick="alert(9)">Click me</a> is the second sentence.
"""  # noqa: E501


class Client:
    """A synchronous face for httpx.AsyncClient over the ASGI app (cookies persist between calls)."""

    def __init__(self, app: Any) -> None:
        self.loop = asyncio.new_event_loop()
        self.http = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://testserver", follow_redirects=False
        )

    def request(self, method: str, url: str, **kw: Any) -> httpx.Response:
        return self.loop.run_until_complete(self.http.request(method, url, **kw))

    def get(self, url: str, **kw: Any) -> httpx.Response:
        return self.request("GET", url, **kw)

    def post(self, url: str, **kw: Any) -> httpx.Response:
        return self.request("POST", url, **kw)

    def csrf(self, url: str = "/") -> str:
        """The CSRF token a page hands out (forms carry it in a hidden field)."""
        page = self.get(url)
        m = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert m, f"no csrf field on {url}"
        return m.group(1)

    def login(self, name: str, password: str = PASSWORD) -> httpx.Response:
        token = self.csrf("/login")
        return self.post("/login", data={"csrf": token, "name": name, "password": password, "next": "/"})

    def close(self) -> None:
        self.loop.run_until_complete(self.http.aclose())
        self.loop.close()


@functools.lru_cache(maxsize=1)
def password_hash() -> str:
    """Hashed once per run: argon2 is deliberately slow, and every test needs the same two users."""
    return hash_password(PASSWORD)


def make_library(db: Path, extra: list[Path] | None = None) -> Any:
    lib = open_library(db)
    report = ingest(lib, [FIXTURES, *(extra or [])])
    assert not report.failed, report.failed
    lib.add_user("edith", password_hash(), editor=True)
    lib.add_user("rita", password_hash(), editor=False)
    return lib


@pytest.fixture
def hostile_file(tmp_path: Path) -> Path:
    path = tmp_path / "hostile" / "hostile.txt"
    path.parent.mkdir()
    path.write_text(HOSTILE, encoding="utf-8")
    return path


@pytest.fixture
def library(db_path: Path, hostile_file: Path) -> Any:
    lib = make_library(db_path, [hostile_file])
    yield lib
    lib.close()


@pytest.fixture
def app(library: Any, db_path: Path) -> Any:
    application = create_app(str(db_path))
    yield application
    application.state.web.close()


@pytest.fixture
def client(app: Any) -> Any:
    c = Client(app)
    yield c
    c.close()


@pytest.fixture
def make_client(app: Any) -> Any:
    made: list[Client] = []

    def factory(application: Any = None) -> Client:
        c = Client(application or app)
        made.append(c)
        return c

    yield factory
    for c in made:
        c.close()


@contextmanager
def app_client(db: Path) -> Iterator[Client]:
    """An in-process client of the app serving the library at `db`, closed with the app afterwards."""
    application = create_app(str(db))
    c = Client(application)
    try:
        yield c
    finally:
        c.close()
        application.state.web.close()


def doc_id_by_title(lib: Any, fragment: str) -> str:
    for d in lib.list_documents():
        if fragment in (d["title"].get("en") or "") + (d["title"].get("zh") or ""):
            return d["id"]
    raise AssertionError(f"no document titled like {fragment!r}")
