"""The write API over HTTP against a served library (`duizhao serve`, a real process and port):
tokens and sessions, drafts hidden from readers and search, publish, a change from an old version
conflicting, trash and restore, readers' reports, file uploads, one-line JSON errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.reliability import many
from tests.reliability.crash import make_corpus

DOC = {
    "title": {"zh": "北極航道的新季節", "en": "A New Season on Arctic Routes"},
    "authors": ["Mei Lin"],
    "source": "Foreign Affairs",
    "published": "2024-11-02",
    "keywords": ["Arctic"],
    "units": [
        {"kind": "heading", "zh": "航道與港口", "en": "Routes and Ports"},
        {"kind": "bullet", "zh": "2023年經北方海路運輸的貨物達到3600萬噸。",
         "en": "In 2023, 36 million tonnes of cargo were shipped along the Northern Sea Route."},
    ],
}


@pytest.fixture(scope="module")
def served(tmp_path_factory: Any) -> Iterator[dict[str, Any]]:
    tmp = tmp_path_factory.mktemp("api")
    db = str(tmp / "lib.db")
    many.prepare(db, tmp, make_corpus(tmp / "files", 2))  # editor edith, reader rita
    tokens = {name: many.cli_json(db, "user", "token", name)["token"] for name in (many.EDITOR, many.READER)}
    server = many.Server(db, 1, tmp)
    try:
        yield {"db": db, "base": server.base, "tokens": tokens, "tmp": tmp}
    finally:
        server.stop()


def _client(served: dict[str, Any], who: str | None = None) -> httpx.Client:
    headers = {"Authorization": f"Bearer {served['tokens'][who]}"} if who else {}
    return httpx.Client(base_url=served["base"], headers=headers, timeout=60)


def test_writes_need_an_editor(served: dict[str, Any]) -> None:
    with _client(served) as anon, _client(served, many.READER) as reader:
        r = anon.post("/api/docs", json=DOC)
        assert r.status_code == 401 and set(r.json()) == {"error"}
        assert reader.post("/api/docs", json=DOC).status_code == 403
        assert anon.delete("/api/doc/abcdef").status_code == 401
        assert _client(served).post("/api/docs", json=DOC, headers={"Authorization": "Bearer dz_not-a-token"}).status_code == 401


def test_draft_publish_change_conflict_trash_restore(served: dict[str, Any]) -> None:
    with _client(served, many.EDITOR) as ed, _client(served) as anon:
        r = ed.post("/api/docs", json=DOC)
        again = ed.post("/api/docs", json=DOC)  # the same content: the same document, not a second one
        assert again.status_code == 200 and again.json()["id"] == r.json()["id"]
        assert r.status_code == 201, r.text
        created = r.json()
        assert created["status"] == "draft" and set(created) == {"id", "status"}
        doc_id = created["id"]
        assert anon.get(f"/api/doc/{doc_id}").status_code == 404
        assert anon.get(f"/doc/{doc_id}").status_code == 404
        assert not anon.get("/api/search", params={"q": "Northern Sea Route"}).json()["hits"]
        got = ed.get(f"/api/doc/{doc_id}").json()
        assert (got["status"], got["version"]) == ("draft", 1)

        r = ed.post(f"/api/doc/{doc_id}/publish")
        assert r.status_code == 200 and r.json()["status"] == "published"
        assert anon.get(f"/doc/{doc_id}").status_code == 200
        hits = anon.get("/api/search", params={"q": "Northern Sea Route"}).json()["hits"]
        assert {h["doc_id"] for h in hits} == {doc_id}

        version = ed.get(f"/api/doc/{doc_id}").json()["version"]
        units = [*DOC["units"], {"kind": "bullet", "zh": "中國增開了航次。", "en": "China added summer voyages."}]
        r = ed.patch(f"/api/doc/{doc_id}", json={"version": version, "units": units, "keywords": ["Arctic", "北極"]})
        assert r.status_code == 200, r.text
        changed = r.json()
        assert changed["version"] > version and len(changed["units"]) == 3 and changed["keywords"] == ["Arctic", "北極"]
        r = ed.patch(f"/api/doc/{doc_id}", json={"version": version, "title": {"zh": None, "en": "Stale"}})
        assert r.status_code == 409 and "changed since" in r.json()["error"]
        assert ed.get(f"/api/doc/{doc_id}").json()["title"]["en"] == DOC["title"]["en"]
        history = anon.get(f"/api/doc/{doc_id}/history").json()
        assert {"status", "units", "keywords"} <= {h["field"] for h in history}

        assert ed.delete(f"/api/doc/{doc_id}").json()["status"] == "trashed"
        assert anon.get(f"/api/doc/{doc_id}").status_code == 404
        assert doc_id not in {d["id"] for d in anon.get("/api/docs").json()}
        assert anon.get("/api/docs", params={"status": "trashed"}).status_code == 403
        assert doc_id in {d["id"] for d in ed.get("/api/docs", params={"status": "trashed"}).json()}
        assert doc_id in {d["id"] for d in many.cli_json(served["db"], "list", "--trash")}
        assert ed.post(f"/api/doc/{doc_id}/restore").json()["status"] == "published"
        assert anon.get(f"/api/doc/{doc_id}").json()["version"] > changed["version"]


def test_reports_are_open_to_anyone(served: dict[str, Any]) -> None:
    with _client(served) as anon:
        doc = anon.get("/api/docs").json()[0]
        unit = anon.get(f"/api/doc/{doc['id']}").json()["units"][0]
        r = anon.post(f"/api/doc/{doc['id']}/unit/{unit['id']}/report", json={"side": "en", "text": "A better text.", "note": "typo"})
        assert r.status_code == 201, r.text
        number = r.json()["id"]
        assert number in {c["id"] for c in many.cli_json(served["db"], "corrections")}
        r = anon.post(f"/api/doc/{doc['id']}/unit/{unit['id']}/report", json={"side": "fr", "text": "x"})
        assert r.status_code == 400 and "side" in r.json()["error"]


def test_bad_input_gets_one_line_json(served: dict[str, Any]) -> None:
    with _client(served, many.EDITOR) as ed:
        for body, kwargs in (
            ("{not json", {"content": b"{not json", "headers": {"Content-Type": "application/json"}}),
            ("kind", {"json": {"units": [{"kind": "poem", "en": "x"}]}}),
            ("date", {"json": {"units": [{"en": "x"}], "published": "2024-02-30"}}),
            ("form", {"data": {"x": "y"}}),
        ):
            r = ed.post("/api/docs", **kwargs)
            assert r.status_code == 400, (body, r.text)
            err = r.json()["error"]
            assert "\n" not in err and "Traceback" not in err
        r = ed.patch("/api/doc/" + ed.get("/api/docs").json()[0]["id"], json={"title": {"en": "x"}})
        assert r.status_code == 400 and "version" in r.json()["error"]


def test_a_file_through_the_api_is_ingested(served: dict[str, Any], tmp_path: Path) -> None:
    f = make_corpus(tmp_path / "upload", 3)[2]
    with _client(served, many.EDITOR) as ed:
        r = ed.post("/api/docs", files={"file": (f.name, f.read_bytes(), "text/plain")})
        assert r.status_code == 201, r.text
        assert r.json()["status"] == "published"
        assert _client(served).get(f"/api/doc/{r.json()['id']}").status_code == 200


def test_a_session_needs_its_csrf_token_a_token_does_not(served: dict[str, Any]) -> None:
    client, csrf = many.sign_in(served["base"], many.EDITOR)
    try:
        body = dict(DOC, units=[{"kind": "paragraph", "en": "Made in a signed-in session."}])
        assert client.post("/api/docs", json=body).status_code == 403
        r = client.post("/api/docs", json=body, headers={"X-CSRF-Token": csrf})
        assert r.status_code == 201, r.text
    finally:
        client.close()


def test_revoked_tokens_are_refused(served: dict[str, Any]) -> None:
    made = many.cli_json(served["db"], "user", "token", many.EDITOR, "--label", "short-lived")
    headers = {"Authorization": f"Bearer {made['token']}"}
    with _client(served) as c:
        first = dict(DOC, units=[{"kind": "paragraph", "en": "Written with a token."}])
        assert c.post("/api/docs", json=first, headers=headers).status_code == 201
        assert many.cli(served["db"], "user", "revoke-token", str(made["id"])).returncode == 0
        second = dict(DOC, units=[{"kind": "paragraph", "en": "Written after the token was revoked."}])
        assert c.post("/api/docs", json=second, headers=headers).status_code == 401


def test_the_schema_describes_the_writes(served: dict[str, Any]) -> None:
    paths = _client(served).get("/openapi.json").json()["paths"]
    assert {"post", "get"} <= set(paths["/api/docs"])
    assert {"patch", "delete", "get"} <= set(paths["/api/doc/{doc_id}"])
    for p in ("/api/doc/{doc_id}/publish", "/api/doc/{doc_id}/restore", "/api/doc/{doc_id}/unit/{unit_id}/report"):
        assert "post" in paths[p]
    json.dumps(paths)


def test_trash_and_drafts_pages(served: dict[str, Any]) -> None:
    with _client(served, many.EDITOR) as ed:
        made = ed.post("/api/docs", json=dict(DOC, units=[{"kind": "paragraph", "zh": "草稿一段。", "en": "A draft paragraph."}])).json()
        published = ed.get("/api/docs").json()[0]["id"]
    client, csrf = many.sign_in(served["base"], many.EDITOR)
    try:
        drafts = client.get("/trash", params={"status": "draft"})
        assert drafts.status_code == 200 and made["id"] in drafts.text
        page = client.get(f"/doc/{made['id']}")
        assert page.status_code == 200 and "This is a draft" in page.text
        r = client.post(f"/doc/{published}/trash", data={"csrf": csrf})
        assert r.status_code == 303
        trash = client.get("/trash")
        assert published in trash.text and "Empty the trash" in trash.text
        assert _client(served).get(f"/doc/{published}").status_code == 404
        r = client.post("/trash/empty", data={"csrf": csrf, "confirm": "no"})
        assert r.status_code == 400 and published in {d["id"] for d in many.cli_json(served["db"], "list", "--trash")}
        r = client.post(f"/doc/{published}/restore", data={"csrf": csrf})
        assert r.status_code == 303 and _client(served).get(f"/doc/{published}").status_code == 200
    finally:
        client.close()
    reader, _ = many.sign_in(served["base"], many.READER)
    try:
        assert reader.get("/trash").status_code == 403
    finally:
        reader.close()


def test_documents_written_through_the_api_hold_the_librarys_term_warnings(served: dict[str, Any], tmp_path: Path) -> None:
    """A JSON document and an uploaded file are checked against the library's confirmed terms, as
    `ingest` is: a Chinese term whose English rendering is absent is a stored `term` warning."""
    many.cli_json(served["db"], "terms", "add", "天然气管线", "natural gas pipeline")
    doc = {**DOC, "units": [{"kind": "paragraph", "zh": "两国讨论了天然气管线项目。", "en": "The two countries discussed the project."}]}
    f = tmp_path / "pipeline.txt"
    f.write_text("两国再次讨论了天然气管线的走向。\n\nThe two countries again discussed the route.\n", encoding="utf-8")
    with _client(served, many.EDITOR) as ed:
        made = [ed.post("/api/docs", json=doc), ed.post("/api/docs", files={"file": (f.name, f.read_bytes(), "text/plain")})]
        for r in made:
            assert r.status_code == 201, r.text
            found = ed.get(f"/api/doc/{r.json()['id']}/check").json()["findings"]
            assert [x["kind"] for x in found if x["kind"] == "term"] == ["term"], found
            assert "natural gas pipeline" in next(x["detail"] for x in found if x["kind"] == "term")
