"""`/export`: the library, a filtered part of it or a search's documents as one file, from the browser
(the same files as `duizhao export --all`)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from duizhao.cli import run

from .conftest import doc_id_by_title


def test_library_and_search_pages_link_their_exports(client: Any) -> None:
    page = client.get("/").text
    assert 'href="/export?format=bibtex"' in page and 'href="/export?format=csv"' in page
    filtered = client.get("/?source=Test+Quarterly").text
    assert "/export?source=Test+Quarterly&amp;format=ris" in filtered
    found = client.get("/search?q=harbours").text
    assert "/export?q=harbours&amp;format=tmx" in found


def test_export_of_a_search_holds_its_documents_only(client: Any, library: Any) -> None:
    harbour = doc_id_by_title(library, "Harbour Cities")
    r = client.get("/export?q=harbours&format=csl-json")
    assert r.status_code == 200 and 'filename="duizhao-search.csl.json"' in r.headers["content-disposition"]
    items = json.loads(r.content)
    assert [i["id"] for i in items] and all("Harbour" in i["title"] for i in items)
    rows = list(csv.DictReader(io.StringIO(client.get("/export?q=harbours&format=csv").content.decode("utf-8-sig"))))
    assert [r["id"] for r in rows] == [harbour] and rows[0]["title"].startswith("Harbour Cities")
    assert rows[0]["authors"] == "Lin Meiyu; Tom Archer"


def test_export_of_the_library_matches_the_cli(client: Any, library: Any, db_path: Any, tmp_path: Any, capsys: Any) -> None:
    for fmt in ("bibtex", "ris", "csv"):
        web = client.get(f"/export?format={fmt}")
        assert web.status_code == 200
        out = tmp_path / f"all.{fmt}"
        assert run(["--db", str(db_path), "export", "--all", "--format", fmt, "-o", str(out)]) == 0
        assert web.content == out.read_bytes(), fmt
    capsys.readouterr()
    assert client.get("/export?format=pdf").status_code == 400
    assert client.get("/export?q=harbours&date_from=yesterday&format=ris").status_code == 400
