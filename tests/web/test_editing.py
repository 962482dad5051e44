"""Editors, in process: sign-in, sessions, the corrections queue, uploads, metadata."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from duizhao.web.common import SESSION_COOKIE

from .conftest import FIXTURES, PASSWORD, doc_id_by_title


def test_login_wrong_password_then_right(client: Any) -> None:
    r = client.login("edith", "wrong password")
    assert r.status_code == 401 and "Wrong name or password" in r.text
    r = client.login("nobody", PASSWORD)
    assert r.status_code == 401
    r = client.login("edith")
    assert r.status_code == 303 and r.headers["location"] == "/"
    cookie = r.headers["set-cookie"]
    assert f"{SESSION_COOKIE}=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie.replace("Lax", "lax")
    page = client.get("/")
    assert "Sign out" in page.text and "edith" in page.text and 'href="/corrections"' in page.text


def test_session_token_is_stored_hashed_and_renewed_at_login(client: Any, library: Any) -> None:
    client.login("edith")
    first = client.http.cookies.get(SESSION_COOKIE)
    rows = library.fetch_all(library.cursor(), "SELECT token_hash FROM sessions")
    assert first and all(first not in r["token_hash"] for r in rows)
    client.login("edith")  # signing in again: a new token, the old one is dead
    second = client.http.cookies.get(SESSION_COOKIE)
    assert second and second != first
    assert len(library.fetch_all(library.cursor(), "SELECT token_hash FROM sessions")) == 1
    client.http.cookies.clear()
    client.http.cookies.set(SESSION_COOKIE, first)
    assert client.get("/corrections").status_code == 303  # back to sign-in


def test_session_fixation_planted_cookie_is_not_adopted(make_client: Any) -> None:
    c = make_client()
    c.http.cookies.set(SESSION_COOKIE, "attacker-chosen-token")
    r = c.login("edith")
    issued = r.headers["set-cookie"].split(";")[0].split("=", 1)[1]
    assert issued and issued != "attacker-chosen-token"


def test_login_is_throttled(client: Any) -> None:
    for _ in range(5):
        assert client.login("edith", "nope nope").status_code == 401
    r = client.login("edith")  # even the right password waits now
    assert r.status_code == 429 and "Too many failed attempts" in r.text


def test_login_next_only_same_site(client: Any) -> None:
    token = client.csrf("/login")
    r = client.post("/login", data={"csrf": token, "name": "edith", "password": PASSWORD, "next": "//evil.example/x"})
    assert r.status_code == 303 and r.headers["location"] == "/"
    r = client.get("/login?next=https://evil.example")
    assert 'name="next" value="/"' in r.text


def test_logout(client: Any, library: Any) -> None:
    client.login("edith")
    token = client.csrf("/")
    assert client.post("/logout", data={"csrf": token}).status_code == 303
    assert library.fetch_all(library.cursor(), "SELECT * FROM sessions") == []
    assert client.get("/corrections").status_code == 303


def test_editor_pages_need_an_editor(client: Any) -> None:
    r = client.get("/corrections")
    assert r.status_code == 303 and r.headers["location"] == "/login?next=%2Fcorrections"
    client.login("rita")  # signed in, but not an editor
    for url in ("/corrections", "/upload"):
        r = client.get(url)
        assert r.status_code == 403 and "only editors" in r.text


def _propose(library: Any, doc_id: str, unit: str, side: str, text: str) -> int:
    return library.propose_correction(doc_id, unit, side, text, "a note", "reader")


def test_apply_correction_changes_unit_reruns_checks_keeps_history(client: Any, library: Any) -> None:
    doc_id = doc_id_by_title(library, "Harbour Cities")
    assert any(f.unit_id == "u4" for f in library.findings(doc_id))
    n = _propose(library, doc_id, "u4", "en", "Warehouse rents rose by 30% within two years. Nobody expected it.")
    client.login("edith")
    queue = client.get("/corrections")
    assert queue.status_code == 200 and f"#{n}" in queue.text
    assert "<del>20%</del>" in queue.text and "<ins>30%</ins>" in queue.text
    token = re.search(r'name="csrf" value="([^"]+)"', queue.text).group(1)
    r = client.post(f"/corrections/{n}/apply", data={"csrf": token})
    assert r.status_code == 200 and "applied" in r.text
    doc = library.get_document(doc_id)
    assert doc.unit("u4").en.startswith("Warehouse rents rose by 30%")
    assert [s.en for s in doc.unit("u4").sentences] == [
        "Warehouse rents rose by 30% within two years. Nobody expected it."
    ]
    assert not [f for f in library.findings(doc_id) if f.unit_id == "u4" and f.kind == "number"]  # checks re-ran
    hist = library.history(doc_id)
    assert hist[-1]["editor"] == "edith" and hist[-1]["before"] == "Warehouse rents rose by 20% within two years."
    assert library.correction(n)["status"] == "applied"
    page = client.get(f"/doc/{doc_id}").text
    assert f"(correction #{n})" in page and "Warehouse rents rose by 20% within two years." in page
    again = client.post(f"/corrections/{n}/apply", data={"csrf": token})
    assert again.status_code == 409 and "already applied" in again.text


def test_conflicting_corrections(client: Any, library: Any) -> None:
    doc_id = doc_id_by_title(library, "Harbour Cities")
    a = _propose(library, doc_id, "u3", "en", "First fix.")
    b = _propose(library, doc_id, "u3", "en", "Second fix.")
    client.login("edith")
    token = client.csrf("/corrections")
    assert client.post(f"/corrections/{a}/apply", data={"csrf": token}).status_code == 200
    r = client.post(f"/corrections/{b}/apply", data={"csrf": token})
    assert r.status_code == 409 and "changed since" in r.text
    assert library.get_document(doc_id).unit("u3").en == "First fix."
    assert library.correction(b)["status"] == "pending"  # nothing lost: still there to reject or redo


def test_reject_correction(client: Any, library: Any) -> None:
    doc_id = doc_id_by_title(library, "Harbour Cities")
    n = _propose(library, doc_id, "u3", "zh", "錯誤的改動。")
    client.login("edith")
    token = client.csrf("/corrections")
    r = client.post(f"/corrections/{n}/reject", data={"csrf": token, "reason": "the original is right"})
    assert r.status_code == 200 and "rejected" in r.text
    c = library.correction(n)
    assert c["status"] == "rejected" and c["decided_by"] == "edith" and c["decision_note"] == "the original is right"
    assert library.get_document(doc_id).unit("u3").zh == "新的鐵路線把三個港口連在一起。"
    listing = client.get("/corrections?status=rejected").text
    assert "the original is right" in listing and "<ins>錯誤</ins>" in listing
    assert client.post("/corrections/9999/reject", data={"csrf": token}).status_code == 404


def test_upload_ingests_files(client: Any, library: Any, tmp_path: Path) -> None:
    client.login("edith")
    token = client.csrf("/upload")
    text = (FIXTURES / "harbour.txt").read_text(encoding="utf-8").replace("Harbour Cities", "Inland Ports")
    files = [
        ("files", ("../../etc/inland.txt", text.encode("utf-8"), "text/plain")),
        ("files", ("harbour.txt", (FIXTURES / "harbour.txt").read_bytes(), "text/plain")),
        ("files", ("evil.exe", b"MZ...", "application/octet-stream")),
        ("files", ("empty.md", b"", "text/markdown")),
    ]
    before = set(p.name for p in tmp_path.rglob("*"))
    r = client.post("/upload", data={"csrf": token}, files=files)
    assert r.status_code == 200
    assert re.search(r"ingested</span><span class=\"file\">inland\.txt", r.text)
    assert re.search(r"unchanged</span><span class=\"file\">harbour\.txt", r.text)
    assert "not an accepted type" in r.text and "empty file" in r.text
    new = [d for d in library.list_documents() if d["path"] == "inland.txt"]
    assert len(new) == 1 and new[0]["title"]["en"] == "Inland Ports and River Trade"
    assert set(p.name for p in tmp_path.rglob("*")) - before <= {
        "lib.db-wal",
        "lib.db-shm",
    }  # nothing written from the upload
    # the JSON face used by the page's script (one file per request, progress per file)
    r = client.post(
        "/upload",
        files=[
            ("files", ("x.html", b"<html><body><p>Only English here, nothing else.</p></body></html>", "text/html"))
        ],
        headers={"X-CSRF-Token": token, "Accept": "application/json"},
    )
    assert r.status_code == 200 and r.json()["results"][0]["status"] in ("ingested", "failed")


def test_upload_size_limit(client: Any) -> None:
    client.login("edith")
    token = client.csrf("/upload")
    r = client.post(
        "/upload",
        content=b"x",
        headers={
            "X-CSRF-Token": token,
            "Content-Length": str(60 * 1024 * 1024),
            "Content-Type": "multipart/form-data; boundary=zz",
        },
    )
    assert r.status_code == 413


def test_metadata_edit(client: Any, library: Any) -> None:
    doc_id = doc_id_by_title(library, "Harbour Cities")
    client.login("edith")
    form = client.get(f"/doc/{doc_id}/edit")
    assert form.status_code == 200 and 'value="Harbour Cities and River Trade"' in form.text
    token = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)
    data = {
        "csrf": token,
        "title_en": "Harbour Cities and River Trade",
        "title_zh": "港口城市與內河貿易",
        "authors": "Lin Meiyu\nTom Archer",
        "source": "Test Quarterly",
        "original_source": "",
        "published": "2024-03-06",
        "keywords": "trade, ports, rivers",
    }
    r = client.post(f"/doc/{doc_id}/edit", data=data)
    assert r.status_code == 303 and r.headers["location"] == f"/doc/{doc_id}#history"
    doc = library.get_document(doc_id)
    assert (
        doc.title["zh"] == "港口城市與內河貿易"
        and doc.published == "2024-03-06"
        and doc.keywords == ["trade", "ports", "rivers"]
    )
    fields = {h["field"] for h in library.history(doc_id)}
    assert {"title_zh", "published", "keywords"} <= fields
    page = client.get(f"/doc/{doc_id}").text
    assert "港口城市與內河貿易" in page and "title zh" in page
    bad = client.post(f"/doc/{doc_id}/edit", data={**data, "published": "March 2024"})
    assert bad.status_code == 400 and "YYYY-MM-DD" in bad.text


def test_metadata_edit_keeps_the_typing_and_refuses_to_undo_a_newer_edit(client: Any, library: Any) -> None:
    """The form carries every field, so saving it over an edit made since it was opened (by the CLI,
    the API, another editor) would silently undo that edit: refused with both shown, nothing lost.
    A bad date gives the form back with what was typed, not the stored values."""
    doc_id = doc_id_by_title(library, "Harbour Cities")
    client.login("edith")
    form = client.get(f"/doc/{doc_id}/edit").text
    token = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
    version = re.search(r'name="version" value="(\d+)"', form).group(1)
    doc = library.get_document(doc_id)
    data = {
        "csrf": token, "version": version, "title_en": doc.title["en"], "title_zh": doc.title["zh"] or "",
        "authors": "\r\n".join(doc.authors), "source": doc.source or "", "original_source": "",
        "published": "March 2024", "keywords": "typed keyword",
    }
    bad = client.post(f"/doc/{doc_id}/edit", data=data)
    assert bad.status_code == 400 and "YYYY-MM-DD" in bad.text
    assert "typed keyword" in bad.text and 'value="March 2024"' in bad.text
    assert f'name="version" value="{version}"' in bad.text

    library.update_metadata(doc_id, {"source": "Newer Source"}, "other")  # meanwhile, another editor
    stale = client.post(f"/doc/{doc_id}/edit", data={**data, "published": "2024-03-06"})
    assert stale.status_code == 409 and "changed since version" in stale.text
    assert library.get_document(doc_id).source == "Newer Source" and library.get_document(doc_id).keywords != ["typed keyword"]
    assert "typed keyword" in stale.text and "<dd>Newer Source</dd>" in stale.text
    assert "<dt>Authors</dt>" not in stale.text  # only the fields that differ are listed
    fresh = re.search(r'name="version" value="(\d+)"', stale.text).group(1)
    assert int(fresh) > int(version)
    again = client.post(f"/doc/{doc_id}/edit", data={**data, "published": "2024-03-06", "version": fresh})
    assert again.status_code == 303
    assert library.get_document(doc_id).keywords == ["typed keyword"]


def test_metadata_edit_sets_the_address_with_history(client: Any, library: Any) -> None:
    doc_id = doc_id_by_title(library, "Harbour Cities")
    client.login("edith")
    form = client.get(f"/doc/{doc_id}/edit").text
    assert 'name="url"' in form
    token = re.search(r'name="csrf" value="([^"]+)"', form).group(1)
    version = re.search(r'name="version" value="(\d+)"', form).group(1)
    doc = library.get_document(doc_id)
    data = {
        "csrf": token, "version": version, "title_en": doc.title["en"], "title_zh": doc.title["zh"] or "",
        "authors": "\n".join(doc.authors), "source": doc.source or "", "original_source": doc.original_source or "",
        "published": doc.published or "", "keywords": "\n".join(doc.keywords), "url": "ftp://example.org/a",
    }
    bad = client.post(f"/doc/{doc_id}/edit", data=data)
    assert bad.status_code == 400 and "http(s)" in bad.text and 'value="ftp://example.org/a"' in bad.text
    r = client.post(f"/doc/{doc_id}/edit", data={**data, "url": "https://example.org/harbour"})
    assert r.status_code == 303
    assert library.get_document(doc_id).url == "https://example.org/harbour"
    (row,) = [h for h in library.history(doc_id) if h["field"] == "url"]
    assert row["editor"] == "edith" and row["after"] == "https://example.org/harbour"
    assert library.document_version(doc_id) == int(version) + 1
    # a form without the field (opened before it existed) leaves the address alone
    fresh = re.search(r'name="csrf" value="([^"]+)"', client.get(f"/doc/{doc_id}/edit").text).group(1)
    data = {k: v for k, v in data.items() if k not in ("url", "version")}
    assert client.post(f"/doc/{doc_id}/edit", data={**data, "csrf": fresh, "source": "Other"}).status_code == 303
    assert library.get_document(doc_id).url == "https://example.org/harbour"
