"""The knowledge tables through a real library (SQLite here; PostgreSQL when the `postgres` mark runs)."""

from __future__ import annotations

import pytest

from duizhao import knowledge
from duizhao.errors import BadInput, NotFound


@pytest.fixture
def filled(library, doc_a, doc_b):
    library.add_document(doc_a)
    library.add_document(doc_b)
    return library


def test_entities_counts_and_filters(filled):
    rows = {e["id"]: e for e in knowledge.entities(filled)}
    assert rows["putin"]["documents"] == 2 and rows["putin"]["mentions"] == 4
    only_b = {e["id"] for e in knowledge.entities(filled, source="Other Source")}
    assert "brics" not in only_b and "putin" in only_b
    assert all(e["type"] == "person" for e in knowledge.entities(filled, type="person"))


def test_entity_by_any_variant(filled):
    for name in ("普丁", "普京", "Putin", "putin", "Vladimir Putin"):
        assert knowledge.entity(filled, name)["id"] == "putin"
    e = knowledge.entity(filled, "Putin")
    assert {s["surface"] for s in e["surfaces"]} == {"普京", "普丁", "Putin"}
    assert {d["doc_id"] for d in e["documents"]} == {"aaaa000000000001", "bbbb000000000002"}
    assert e["mentions"][0]["zh"] and e["mentions"][0]["en"]
    assert "xi_jinping" in [c["id"] for c in e["co_mentioned"]]
    with pytest.raises(NotFound):
        knowledge.entity(filled, "Nobody Atall")


def test_timeline_merges_the_same_event_across_documents(filled):
    day = [ev for ev in knowledge.timeline(filled) if ev["date"] == "2023-05-10"]
    assert len(day) == 1
    assert sorted(s["doc_id"] for s in day[0]["sources"]) == ["aaaa000000000001", "bbbb000000000002"]
    assert {"putin", "xi_jinping"} <= {a["id"] for a in day[0]["actors"]}


def test_timeline_filters(filled):
    assert [e["date"] for e in knowledge.timeline(filled, date_from="2023-06-01")] == []
    assert [e["date"] for e in knowledge.timeline(filled, date_from="2023-05-11")] == ["2023-05"]  # a month overlaps
    assert {e["date"] for e in knowledge.timeline(filled, date_to="2023-05")} == {"2023-05", "2023-05-10"}
    assert all("brics" in [a["id"] for a in e["actors"]] for e in knowledge.timeline(filled, entity="金磚國家"))
    assert knowledge.timeline(filled, entity="BRICS")
    with pytest.raises(BadInput):
        knowledge.timeline(filled, date_from="May 2023")


def test_figures_query(filled):
    trade = knowledge.figures(filled, measure="trade volume")
    assert trade[0]["display"] == "35.05 billion USD" and trade[0]["period"] == "first 3 months of 2023"
    coal = knowledge.figures(filled, entity="Russia", measure="coal")
    assert [f["value"] for f in coal] == [12_000_000]
    assert knowledge.figures(filled, date_from="2024") == []


def test_correction_reindexes(filled):
    doc_id = "bbbb000000000002"
    version = filled.unit_versions(doc_id)["u2"]
    filled.edit_unit(doc_id, "u2", "zh", "2023年俄罗斯对华出口煤炭1500万吨。", "ed", version)
    coal = [f for f in knowledge.figures(filled, measure="coal") if f["surface_zh"]]
    assert [f["surface_zh"] for f in coal] == ["1500万吨"]


def test_metadata_edit_reresolves_relative_dates(filled):
    filled.update_metadata("aaaa000000000001", {"published": "2023-09-01"}, "ed")
    dates = {e["date"] for e in knowledge.timeline(filled)}
    assert "2023-08" in dates and "2023-05" not in dates


def test_confirm_candidate_reaches_old_documents(filled):
    cands = {c["en"]: c for c in knowledge.candidates(filled)}
    assert cands["Heihe Highway Bridge"]["zh"] == "黑河公路大桥"
    out = knowledge.confirm_candidate(filled, "Heihe Highway Bridge", type="place", editor="ed")
    assert out["entity"]["zh"] == "黑河公路大桥" and out["reindexed"] == 2
    e = knowledge.entity(filled, "黑河公路大桥")
    assert {s["surface"] for s in e["surfaces"]} == {"黑河公路大桥", "Heihe Highway Bridge"}
    assert "Heihe Highway Bridge" not in {c["en"] for c in knowledge.candidates(filled)}
    with pytest.raises(BadInput):
        knowledge.confirm_candidate(filled, "Heihe Highway Bridge")


def test_confirm_variant_of_known_entity(filled):
    knowledge.confirm_candidate(filled, "V. Putin", zh="普金", entity_id="Putin", editor="ed")
    assert "普金" in knowledge.entity(filled, "putin")["variants"]
    assert knowledge.entity(filled, "普金")["id"] == "putin"


def test_graph(filled):
    g = knowledge.network(filled)
    pair = next(e for e in g["edges"] if {e["source"], e["target"]} == {"putin", "xi_jinping"})
    assert pair["weight"] == 2 and pair["documents"] == 2
    assert any(n["id"] == "putin" for n in g["nodes"])


def test_a_publication_date_set_in_the_metadata_resolves_kept_events(library):
    from duizhao import knowledge

    from .conftest import make_doc

    doc = make_doc("pubd000000000001", None, [("上周二，代表团抵达上海。", "Last Tuesday, the delegation arrived in Shanghai.")])
    library.add_document(doc)
    assert [(e["date"], e["unresolved"]) for e in knowledge.timeline(library)] == [(None, True)]
    library.update_metadata(doc.id, {"published": "2016-08-12"}, editor="test")
    assert [(e["date"], e["unresolved"]) for e in knowledge.timeline(library)] == [("2016-08-02", False)]
    assert knowledge.timeline(library, unresolved=True) == []
