"""The Library operations, the same tests on SQLite and on PostgreSQL (the `library` fixture)."""

from __future__ import annotations

import dataclasses
import json

import pytest
from store_helpers import finding, make_doc

from duizhao.errors import BadInput, Conflict, NotFound
from duizhao.model import Finding, Sentence


def test_add_get_round_trip(library):
    doc = make_doc(1, abstract={"zh": None, "en": "An abstract."}, url="https://example.org/1")
    assert library.add_document(doc, [finding("u2")], source_path="/in/doc_001.txt") == "ingested"
    got = library.get_document(doc.id)
    assert got.to_dict() == doc.to_dict()
    assert got.units[1].sentences == [Sentence(doc.units[1].sentences[0].zh, doc.units[1].sentences[0].en)]


def test_same_content_twice_is_unchanged(library):
    doc = make_doc(1)
    assert library.add_document(doc) == "ingested"
    assert library.add_document(make_doc(1)) == "unchanged"
    assert library.stats()["documents"] == 1
    assert library.stats()["units"] == 4


def test_resolve_id_by_prefix_path_and_errors(library):
    a, b = make_doc(1), make_doc(2)
    library.add_document(a)
    library.add_document(b)
    assert library.resolve_id(a.id[:6]) == a.id
    assert library.resolve_id("doc_002.txt") == b.id
    assert library.resolve_id("/some/folder/doc_002.txt") == b.id
    with pytest.raises(NotFound):
        library.resolve_id("ffffffffffff")
    with pytest.raises(BadInput):
        library.resolve_id("")


def test_list_order_limit_and_filters(library):
    library.add_document(
        make_doc(1, published="2021-05-01", source="Outlet A", authors=["Wang Wei"], keywords=["energy"])
    )
    library.add_document(
        make_doc(2, published="2023-02-01", source="Outlet B", authors=["Li Hua"], keywords=["trade", "Taiwan"])
    )
    library.add_document(make_doc(3, published=None, source="Outlet A", authors=["李华"], keywords=["贸易"]))
    library.add_document(
        make_doc(4, published="2022-07-09", source="Outlet B", authors=["Li Hua", "Wang Wei"], keywords=["trade"])
    )
    titles = [r["title"]["en"] for r in library.list_documents()]
    assert titles == ["Document 2", "Document 4", "Document 1", "Document 3"]  # newest first, undated last
    assert [r["title"]["en"] for r in library.list_documents(limit=2, offset=1)] == ["Document 4", "Document 1"]
    assert [r["title"]["en"] for r in library.list_documents(sort="oldest")][:3] == [
        "Document 1",
        "Document 4",
        "Document 2",
    ]
    assert {r["title"]["en"] for r in library.list_documents(source="Outlet A")} == {"Document 1", "Document 3"}
    assert {r["title"]["en"] for r in library.list_documents(author="Wang Wei")} == {"Document 1", "Document 4"}
    assert {r["title"]["en"] for r in library.list_documents(author="李华")} == {"Document 3"}
    assert {r["title"]["en"] for r in library.list_documents(keyword="贸易")} == {"Document 3"}
    assert {r["title"]["en"] for r in library.list_documents(year=2022)} == {"Document 4"}
    assert {r["title"]["en"] for r in library.list_documents(date_from="2022-01-01", date_to="2022-12-31")} == {
        "Document 4"
    }
    assert library.count_documents(source="Outlet B") == 2
    assert library.count_documents() == 4
    row = library.list_documents(keyword="Taiwan")[0]
    assert row["authors"] == ["Li Hua"] and row["keywords"] == ["trade", "Taiwan"] and row["published"] == "2023-02-01"
    with pytest.raises(BadInput):
        library.list_documents(sort="sideways")
    with pytest.raises(BadInput):
        library.list_documents(colour="red")


def test_facets(library):
    library.add_document(
        make_doc(1, published="2021-05-01", source="Outlet A", authors=["Wang Wei"], keywords=["energy"])
    )
    library.add_document(
        make_doc(2, published="2023-02-01", source="Outlet B", authors=["Li Hua", "Wang Wei"], keywords=["trade"])
    )
    library.add_document(make_doc(3, published="2023-03-01", source="Outlet B", authors=["Li Hua"], keywords=["trade"]))
    f = library.facets()
    assert f["source"] == [("Outlet B", 2), ("Outlet A", 1)]
    assert f["author"] == [("Li Hua", 2), ("Wang Wei", 2)]
    assert f["year"] == [("2023", 2), ("2021", 1)]
    assert f["keyword"] == [("trade", 2), ("energy", 1)]
    assert library.facets(source="Outlet A")["author"] == [("Wang Wei", 1)]


def test_findings_in_reading_order(library):
    doc = make_doc(1)
    library.add_document(doc, [finding("u4", "date"), finding("u2", "number"), finding("u3", "entity")])
    assert [f.unit_id for f in library.findings(doc.id)] == ["u2", "u3", "u4"]
    got = library.findings(doc.id)[0]
    assert dataclasses.replace(got, id=None) == finding("u2", "number") and got.id and got.review is None


def test_correction_apply_with_history_and_reanalysis(library):
    doc = make_doc(1)
    library.add_document(doc, [finding("u2")])
    cid = library.propose_correction(doc.id, "u2", "en", "  A better sentence.  ", note="typo", reporter="reader1")
    assert library.correction(cid)["status"] == "pending"
    assert library.get_document(doc.id).units[1].en == doc.units[1].en  # a proposal changes nothing

    def reanalyse(unit):
        return [Sentence(unit.zh or "", unit.en or "")], [
            Finding("length", "warning", unit.id, unit.zh, unit.en, "redone")
        ]

    c = library.apply_correction(cid, editor="ed", reanalyse=reanalyse)
    assert c["status"] == "applied" and c["decided_by"] == "ed"
    got = library.get_document(doc.id)
    assert got.units[1].en == "A better sentence."
    assert got.units[1].sentences == [Sentence(got.units[1].zh, "A better sentence.")]
    assert [f.detail for f in library.findings(doc.id)] == ["redone"]
    assert library.unit_versions(doc.id)["u2"] == 2
    (h,) = library.history(doc.id)
    assert (h["unit_id"], h["field"], h["before"], h["after"], h["editor"], h["correction_id"], h["version"]) == (
        "u2",
        "en",
        doc.units[1].en,
        "A better sentence.",
        "ed",
        cid,
        2,
    )
    with pytest.raises(Conflict):
        library.apply_correction(cid, editor="ed")


def test_reject_and_pending_list(library):
    doc = make_doc(1)
    library.add_document(doc)
    a = library.propose_correction(doc.id, "u2", "zh", "新的句子。")
    b = library.propose_correction(doc.id, "u3", "en", "Other.")
    assert library.reject_correction(a, editor="ed", reason="fine as is")["decision_note"] == "fine as is"
    assert [c["id"] for c in library.corrections(status="pending")] == [b]
    assert [c["id"] for c in library.corrections(doc_id=doc.id)] == [a, b]
    with pytest.raises(Conflict):
        library.reject_correction(a, editor="ed")
    with pytest.raises(NotFound):
        library.apply_correction(99999, editor="ed")
    with pytest.raises(BadInput):
        library.propose_correction(doc.id, "u2", "fr", "x")
    with pytest.raises(BadInput):
        library.propose_correction(doc.id, "u2", "en", "   ")
    with pytest.raises(NotFound):
        library.propose_correction(doc.id, "u99", "en", "x")
    assert library.history(doc.id) == []


def test_correction_on_an_older_version_conflicts(library):
    doc = make_doc(1)
    library.add_document(doc)
    first = library.propose_correction(doc.id, "u2", "en", "First reader's fix.")
    second = library.propose_correction(doc.id, "u2", "en", "Second reader's fix.")
    library.apply_correction(first, editor="ed")
    with pytest.raises(Conflict, match="changed since"):
        library.apply_correction(second, editor="ed")
    assert library.correction(second)["status"] == "pending"  # nothing half-done
    assert library.get_document(doc.id).units[1].en == "First reader's fix."
    assert len(library.history(doc.id)) == 1


def test_edit_unit_versions(library):
    doc = make_doc(1)
    library.add_document(doc)
    assert library.edit_unit(doc.id, "u3", "zh", "改过的句子。", editor="ed", base_version=1) == 2
    with pytest.raises(Conflict):
        library.edit_unit(doc.id, "u3", "zh", "又改了。", editor="ed2", base_version=1)
    assert library.edit_unit(doc.id, "u3", "zh", "又改了。", editor="ed2", base_version=2) == 3
    assert [h["after"] for h in library.history(doc.id)] == ["改过的句子。", "又改了。"]


def test_metadata_edit_and_history(library):
    doc = make_doc(1)
    library.add_document(doc)
    out = library.update_metadata(
        doc.id, {"title_en": "A new title", "authors": ["Zhang San"], "source": doc.source}, editor="ed"
    )
    assert out.title["en"] == "A new title" and out.authors == ["Zhang San"]
    assert library.list_documents(author="Zhang San")[0]["id"] == doc.id
    hist = library.history(doc.id)
    assert [(h["field"], h["after"]) for h in hist] == [
        ("title_en", "A new title"),
        ("authors", json.dumps(["Zhang San"])),
    ]
    assert all(h["unit_id"] is None for h in hist)
    with pytest.raises(BadInput):
        library.update_metadata(doc.id, {"units": []}, editor="ed")


def test_users_sessions_settings(library):
    library.add_user("alice", "hash1", editor=True)
    library.add_user("bob.reader", "hash2")
    with pytest.raises(BadInput):
        library.add_user("alice", "x")
    with pytest.raises(BadInput):
        library.add_user("no spaces", "x")
    library.set_password("alice", "hash3")
    assert library.get_user("alice")["password_hash"] == "hash3"
    assert [(u["name"], u["editor"]) for u in library.list_users()] == [("alice", 1), ("bob.reader", 0)]
    with pytest.raises(NotFound):
        library.set_password("carol", "x")
    assert library.get_user("carol") is None

    library.create_session("tok1", "alice", "csrf1", "2999-01-01T00:00:00Z")
    library.create_session("tok2", "alice", "csrf2", "2000-01-01T00:00:00Z")  # already expired
    assert library.get_session("tok1")["user_name"] == "alice"
    assert library.get_session("tok2") is None
    library.delete_session("tok1")
    assert library.get_session("tok1") is None

    assert library.get_setting("theme") is None and library.get_setting("theme", "light") == "light"
    library.set_setting("theme", "dark")
    library.set_setting("theme", "sepia")
    assert library.get_setting("theme") == "sepia"


def test_migrations_recorded_and_idempotent(library):
    names = library.applied_migrations()
    assert names[0] == "0001_core"
    assert library.migrate() == []
    assert library.applied_migrations() == names


def test_stats_and_document_ids(library):
    a, b = make_doc(1), make_doc(2)
    library.add_document(a, [finding("u2")])
    library.add_document(b)
    assert set(library.document_ids()) == {a.id, b.id}
    assert library.stats() == {"documents": 2, "units": 8, "findings": 1, "corrections": 0, "history": 0, "users": 0}


def test_summary_of_an_untitled_document_carries_its_headline(library):
    from duizhao.titles import best_title

    untitled = make_doc(5, authors=[], source=None, published=None)
    untitled.title = {"zh": None, "en": None}
    library.add_document(untitled)
    library.add_document(make_doc(6))
    rows = {r["id"]: r for r in library.list_documents()}
    assert rows[untitled.id]["headline"] == {"zh": "第5号文件", "en": "Document 5"}
    assert best_title(rows[untitled.id]) == "Document 5 / 第5号文件" == best_title(library.get_document(untitled.id))
    assert rows[make_doc(6).id]["headline"] is None  # titled: its units are not read


def test_settings_by_prefix_and_delete(library):
    library.set_setting("saved-search:ana:Ports", '{"query": "harbours"}')
    library.set_setting("saved-search:anx:x", "{}")
    library.set_setting("private", "on")
    assert library.settings_like("saved-search:an_:") == {}  # "_" (and "%") match themselves only
    assert library.settings_like("saved-search:ana:") == {"saved-search:ana:Ports": '{"query": "harbours"}'}
    assert library.delete_setting("saved-search:ana:Ports") is True
    assert library.delete_setting("saved-search:ana:Ports") is False
    assert library.settings_like("saved-search:ana:") == {} and library.get_setting("private") == "on"


def test_metadata_edit_from_an_old_version_is_refused(library):
    """update_metadata with the version a form was read at: a change made since is never overwritten."""
    doc = make_doc(1)
    library.add_document(doc)
    read_at = library.document_version(doc.id)
    library.update_metadata(doc.id, {"source": "Newer"}, editor="other")
    with pytest.raises(Conflict):
        library.update_metadata(doc.id, {"source": "Stale form", "keywords": ["k"]}, editor="ed", version=read_at)
    stored = library.get_document(doc.id)
    assert stored.source == "Newer" and stored.keywords != ["k"]
    library.update_metadata(doc.id, {"keywords": ["k"]}, editor="ed", version=library.document_version(doc.id))
    assert library.get_document(doc.id).keywords == ["k"]
