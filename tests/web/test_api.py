"""The JSON API: the same JSON as the CLI, and described by OpenAPI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from duizhao.cli import run

from .conftest import doc_id_by_title


def cli_json(db: Path, *args: str, capsys: Any) -> Any:
    capsys.readouterr()
    assert run(["--db", str(db), *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_api_docs_is_cli_list(client: Any, db_path: Path, capsys: Any) -> None:
    assert client.get("/api/docs").json() == cli_json(db_path, "list", capsys=capsys)
    assert client.get("/api/docs?limit=1").json() == cli_json(db_path, "list", "--limit", "1", capsys=capsys)
    assert client.get("/api/docs?source=Test+Quarterly").json() == cli_json(
        db_path, "list", "--source", "Test Quarterly", capsys=capsys
    )


def test_api_doc_is_cli_show(client: Any, library: Any, db_path: Path, capsys: Any) -> None:
    doc_id = doc_id_by_title(library, "Harbour Cities")
    assert client.get(f"/api/doc/{doc_id}").json() == cli_json(db_path, "show", doc_id, capsys=capsys)
    r = client.get("/api/doc/0000000000000000")
    assert r.status_code == 404 and "no document" in r.json()["error"]


def test_api_check(client: Any, library: Any) -> None:
    doc_id = doc_id_by_title(library, "Harbour Cities")
    body = client.get(f"/api/doc/{doc_id}/check").json()
    assert body["doc_id"] == doc_id
    assert {
        "kind": "number",
        "severity": "error",
        "unit_id": "u4",
        "zh": "30%",
        "en": "20%",
        "detail": "zh 30% ≠ en 20%",
        "review": None,
    } in [{k: v for k, v in f.items() if k != "id"} for f in body["findings"]]
    assert body["summary"]["errors"] >= 1 and body["summary"]["reviewed"] == 0
    assert set(body["findings"][0]) == {"kind", "severity", "unit_id", "zh", "en", "detail", "id", "review"}


@pytest.mark.parametrize("style", ["chicago", "apa", "bibtex"])
def test_api_cite_is_cli_cite(client: Any, library: Any, db_path: Path, capsys: Any, style: str) -> None:
    doc_id = doc_id_by_title(library, "Harbour Cities")
    assert client.get(f"/api/doc/{doc_id}/cite?style={style}").json() == cli_json(
        db_path, "cite", doc_id, "--style", style, capsys=capsys
    )


def test_api_cite_bad_style(client: Any, library: Any) -> None:
    doc_id = doc_id_by_title(library, "Harbour Cities")
    r = client.get(f"/api/doc/{doc_id}/cite?style=vancouver")
    assert r.status_code == 400 and "unknown style" in r.json()["error"]


def test_api_search(client: Any, db_path: Path, capsys: Any) -> None:
    body = client.get("/api/search?q=harbours").json()
    assert body["query"] == "harbours" and body["total"] >= 1
    assert set(body["hits"][0]) >= {"doc_id", "path", "title", "unit_id", "zh", "en", "score", "snippet"}
    try:
        from duizhao.search import search  # noqa: F401
    except ImportError:
        return
    cli = cli_json(db_path, "search", "harbours", capsys=capsys)
    assert [(h["doc_id"], h["unit_id"]) for h in body["hits"]] == [(h["doc_id"], h["unit_id"]) for h in cli["hits"]]
    assert client.get("/api/search?q=harbours&from=2030-01-01").json()["total"] == 0
    assert client.get("/api/search?q=").status_code == 400
    assert client.get("/api/search?q=x&side=fr").status_code == 400


def test_api_history(client: Any, library: Any) -> None:
    doc_id = doc_id_by_title(library, "Harbour Cities")
    library.edit_unit(doc_id, "u3", "en", "Changed.", "edith", 1)
    rows = client.get(f"/api/doc/{doc_id}/history").json()
    assert rows[-1]["after"] == "Changed." and rows[-1]["editor"] == "edith"


def test_openapi_describes_the_api(client: Any) -> None:
    spec = client.get("/openapi.json").json()
    for path in ("/api/search", "/api/doc/{doc_id}", "/api/doc/{doc_id}/check", "/api/doc/{doc_id}/cite", "/api/docs"):
        assert path in spec["paths"], path
    assert not any(p.startswith(("/doc", "/corrections", "/login")) for p in spec["paths"])  # pages are not API
