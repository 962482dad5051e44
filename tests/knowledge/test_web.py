"""The knowledge pages and their JSON twins, through the real app (FastAPI TestClient)."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import pytest
from fastapi.testclient import TestClient

from duizhao.store import open_library
from duizhao.web.app import create_app


@pytest.fixture
def client(tmp_path, doc_a, doc_b):
    db = tmp_path / "web.db"
    lib = open_library(db)
    lib.add_document(doc_a)
    lib.add_document(doc_b)
    lib.close()
    app = create_app(str(db))  # app.py includes duizhao.web.knowledge.router
    with TestClient(app) as c:
        yield c


def test_entity_page_with_network_picture(client):
    r = client.get("/entity/普丁")
    assert r.status_code == 200
    html = r.text
    assert "Vladimir Putin" in html and "普丁" in html and "Xi Jinping" in html
    start, end = html.index("<svg"), html.index("</svg>") + 6
    svg = ET.fromstring(html[start:end])
    assert svg.tag.endswith("svg") and len(svg.findall(".//{http://www.w3.org/2000/svg}circle")) >= 2
    assert "<script" not in html[start:end] and "style=" not in html[start:end]


def test_unknown_entity_is_404(client):
    assert client.get("/entity/Nobody%20Atall").status_code == 404
    assert client.get("/api/entity/Nobody%20Atall").json()["error"]


def test_timeline_zoom_and_filter(client):
    r = client.get("/timeline", params={"zoom": "2023-05", "entity": "Putin"})
    assert r.status_code == 200 and "2023-05-10" in r.text and "Test aaaa000000000001" in r.text
    assert client.get("/timeline", params={"zoom": "May"}).status_code == 400
    assert [e["date"] for e in client.get("/api/timeline", params={"entity": "BRICS"}).json()] == ["2023-05"]


def test_figures_sortable_and_csv(client):
    r = client.get("/figures", params={"sort": "value"})
    assert r.status_code == 200 and "35.05 billion USD" in r.text
    r = client.get("/figures.csv", params={"measure": "coal"})
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert [(x["measure"], x["display"]) for x in rows] == [("coal", "12 million tons")]


def test_api_matches_library_calls(client):
    ents = client.get("/api/entities").json()
    assert {"id", "en", "zh", "type", "mentions", "documents"} <= set(ents[0])
    assert any(c["en"] == "Heihe Highway Bridge" for c in client.get("/api/candidates").json())
    assert "/api/timeline" in client.get("/openapi.json").json()["paths"]


def test_confirm_needs_an_editor(client):
    page = client.get("/candidates")
    assert page.status_code == 200 and "Heihe Highway Bridge" in page.text and "/candidates/confirm" not in page.text
    r = client.post("/candidates/confirm", data={"en": "Heihe Highway Bridge"}, follow_redirects=False)
    assert r.status_code in (401, 403)


def test_knowledge_pages_name_documents_by_their_best_title(client):
    """Every face names a document by titles.best_title, never by its file name when it has a title."""
    for url in ("/entity/普丁", "/timeline", "/figures"):
        html = client.get(url).text
        assert "Test aaaa000000000001" in html, url
        assert "aaaa000000000001.txt" not in html, url


def test_entity_page_lists_a_sentence_once_and_each_form_once(tmp_path):
    """A sentence naming two dates is one line with both dates; "Vladimir Putin" seen in the Chinese
    text and in the English is one form (the JSON keeps them apart, by side)."""
    from .conftest import make_doc

    doc = make_doc(
        "cccc000000000003",
        "2023-01-11",
        [
            (
                "2022年6月,弗拉基米尔·普京(Vladimir Putin)访问塔吉克斯坦;9月,普京赴乌兹别克斯坦参加峰会。",
                "In June 2022, Vladimir Putin visited Tajikistan; in September, Vladimir Putin went to Uzbekistan for a summit.",
            )
        ],
    )
    db = tmp_path / "two-dates.db"
    lib = open_library(db)
    lib.add_document(doc)
    lib.close()
    with TestClient(create_app(str(db))) as c:
        data = c.get("/api/entity/Putin").json()
        sides = {(s["surface"], s["side"]) for s in data["surfaces"]}
        assert ("Vladimir Putin", "zh") in sides and ("Vladimir Putin", "en") in sides
        dated = [ev["date"] for ev in c.get("/api/timeline?entity=Putin").json()]
        assert "2022-06" in dated and "2022-09" in dated
        html = c.get("/entity/Putin").text
    seen = html.split("seen as", 1)[1].split("</p>", 1)[0]
    assert seen.count(">Vladimir Putin<") == 1
    events = html.split('class="kn-events"', 1)[1].split("</ul>", 1)[0]
    assert events.count("<li") == 1 and 'datetime="2022-06"' in events and 'datetime="2022-09"' in events


def test_seen_as_and_sentence_events_merge() -> None:
    from duizhao.web.knowledge import seen_as, sentence_events

    merged = seen_as(
        [
            {"surface": "Putin", "side": "en", "count": 5},
            {"surface": "Vladimir Putin", "side": "en", "count": 3},
            {"surface": "Vladimir\u00a0Putin", "side": "zh", "count": 4},
        ]
    )
    assert merged == [{"surface": "Vladimir Putin", "count": 7}, {"surface": "Putin", "count": 5}]
    events = sentence_events(
        [
            {"date": "2022-06", "zh": "句", "en": "S", "part": None},
            {"date": "2022-07", "zh": "另", "en": "T", "part": None},
            {"date": "2022-09", "zh": "句", "en": "S", "part": "early"},
        ]
    )
    assert [[d["date"] for d in e["dates"]] for e in events] == [["2022-06", "2022-09"], ["2022-07"]]


@pytest.fixture
def undated_client(tmp_path, doc_a):
    from .conftest import make_doc

    db = tmp_path / "undated.db"
    lib = open_library(db)
    lib.add_document(doc_a)
    # written for this test: no publication date, so 昨天 cannot be placed
    lib.add_document(make_doc("udud000000000001", None, [("昨天，代表团抵达上海。", "The delegation arrived in Shanghai yesterday.")]))
    lib.close()
    with TestClient(create_app(str(db))) as c:
        yield c


def test_unresolved_events_are_shown_and_filterable(undated_client):
    html = undated_client.get("/timeline").text
    assert "unresolved" in html and "昨天" in html and "2023-05-10" in html
    only = undated_client.get("/timeline", params={"unresolved": "only"}).text
    assert "昨天" in only and "2023-05-10" not in only
    dated = undated_client.get("/timeline", params={"unresolved": "exclude"}).text
    assert "昨天，代表团" not in dated and "2023-05-10" in dated
    api = undated_client.get("/api/timeline", params={"unresolved": "only"}).json()
    assert [(e["date"], e["unresolved"], e["surface"]) for e in api] == [(None, True, "昨天")]
    assert undated_client.get("/api/timeline", params={"unresolved": "sometimes"}).status_code == 400


def test_figures_page_shows_kind_and_direction(client):
    html = client.get("/figures").text
    assert "change ↑" in html  # 同比增长20%: a change, upwards
