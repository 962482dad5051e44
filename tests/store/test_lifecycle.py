"""A document's life on both backends: drafts are stored but not searched, publishing indexes them,
the trash takes them out of search and lists and restore brings them back with their history;
versions grow with every change and a save from an old version conflicts; tokens are hashed."""

from __future__ import annotations

from typing import Any

import pytest

from duizhao.errors import BadInput, Conflict
from duizhao.model import Document
from duizhao.pipeline import analyse, check
from duizhao.search import search
from duizhao.store.lifecycle import token_hash
from duizhao.written import document_from_json

DIGEST = {
    "title": {"zh": "北極航道的新季節", "en": "A New Season on Arctic Routes"},
    "authors": ["Mei Lin"],
    "source": "外交事務",
    "published": "2024-11-02",
    "keywords": ["北極", "Arctic"],
    "units": [
        {"kind": "heading", "zh": "航道與港口", "en": "Routes and Ports"},
        {"kind": "bullet", "zh": "2023年經北方海路運輸的貨物達到3600萬噸。",
         "en": "In 2023, 36 million tonnes of cargo were shipped along the Northern Sea Route."},
        {"kind": "item", "level": 1, "zh": "其中大部分是液化天然氣。", "en": "Most of it was liquefied natural gas."},
    ],
}


def _written(data: dict[str, Any] = DIGEST) -> tuple[Document, list]:
    doc = analyse(document_from_json(data))
    return doc, check(doc)


def _hits(library: Any, q: str) -> set[str]:
    return {h["doc_id"] for h in search(library, q, limit=50)["hits"]}


def test_draft_publish_trash_restore(library: Any) -> None:
    doc, findings = _written()
    assert doc.source == "Foreign Affairs" and doc.units[2].level == 1 and doc.id
    assert library.add_document(doc, findings, status="draft") == "ingested"
    assert library.document_status(doc.id) == "draft" and library.document_version(doc.id) == 1
    assert _hits(library, "Northern Sea Route") == set()
    assert [d["id"] for d in library.list_documents()] == []
    assert [d["id"] for d in library.list_documents(status="draft")] == [doc.id]
    library.set_status(doc.id, "published", "edith")
    assert _hits(library, "Northern Sea Route") == {doc.id}
    assert library.count_documents() == 1 and library.document_version(doc.id) == 2
    library.set_status(doc.id, "trashed", "edith")
    assert _hits(library, "Northern Sea Route") == set() and library.count_documents() == 0
    assert [d["id"] for d in library.list_documents(status="trashed")] == [doc.id]
    library.set_status(doc.id, "published", "edith")
    assert _hits(library, "北方海路") == {doc.id}
    statuses = [(h["before"], h["after"]) for h in library.history(doc.id) if h["field"] == "status"]
    assert statuses == [("draft", "published"), ("published", "trashed"), ("trashed", "published")]


def test_replace_keeps_history_and_refuses_an_old_version(library: Any) -> None:
    doc, findings = _written()
    library.add_document(doc, findings)
    v1 = library.document_version(doc.id)
    changed = dict(DIGEST, title={"zh": "北極航道", "en": "Arctic Routes"})
    changed["units"] = [*DIGEST["units"], {"kind": "bullet", "zh": "中國增開了航次。", "en": "China added voyages."}]
    new, new_findings = _written(changed)
    v2 = library.replace_units(doc.id, new, new_findings, "edith", v1)
    assert v2 > v1
    stored = library.get_document(doc.id)
    assert stored.title["en"] == "Arctic Routes" and len(stored.units) == 4
    assert _hits(library, "voyages") == {doc.id}
    fields = [h["field"] for h in library.history(doc.id)]
    assert "title_en" in fields and "units" in fields
    with pytest.raises(Conflict):
        library.replace_units(doc.id, new, new_findings, "other", v1)  # based on the old version
    assert library.document_version(doc.id) == v2


def test_empty_trash_deletes_only_the_trash(library: Any) -> None:
    a, fa = _written()
    b, fb = _written(dict(DIGEST, title={"zh": None, "en": "Another"}, units=[{"kind": "paragraph", "en": "Only English here."}]))
    library.add_document(a, fa)
    library.add_document(b, fb)
    library.propose_correction(a.id, a.units[0].id, "en", "Routes and Harbours", "word", "reader")
    library.set_status(a.id, "trashed", "edith")
    assert library.empty_trash("edith") == [a.id]
    assert library.document_ids() == [b.id]


def test_tokens_are_hashed_and_revocable(library: Any) -> None:
    library.add_user("edith", "not-a-real-hash", editor=True)
    number, token = library.create_token("edith", "CI")
    assert library.token_user(token) == {"name": "edith", "editor": True}
    stored = library.fetch_all(library.cursor(), "SELECT token_hash FROM api_tokens")
    assert stored == [{"token_hash": token_hash(token)}] and token not in str(stored)
    library.revoke_token(number)
    assert library.token_user(token) is None
    assert library.tokens("edith")[0]["revoked_at"]
    with pytest.raises(BadInput):
        library.create_token("nobody")


@pytest.mark.parametrize(
    "bad, message",
    [
        ({"units": []}, "at least one unit"),
        ({"units": [{"kind": "poem", "en": "x"}]}, "kind must be one of"),
        ({"units": [{"kind": "bullet", "level": 9, "en": "x"}]}, "level must be"),
        ({"units": [{"kind": "bullet"}]}, "neither Chinese nor English"),
        ({"units": [{"en": "x"}], "published": "2024-13-40"}, "not a date"),
        ({"units": [{"en": "x"}], "published": "June 2024"}, "YYYY-MM-DD"),
        ({"units": [{"en": "x"}], "colour": "red"}, "unknown field"),
        ({"units": [{"en": "x"}], "url": "javascript:alert(1)"}, "http(s)"),
        ({"units": [{"id": "a", "en": "x"}, {"id": "a", "en": "y"}]}, "used twice"),
        ({"units": [{"en": "x" * 20001}]}, "longer than"),
        ([1, 2], "JSON object"),
    ],
)
def test_written_documents_are_validated(bad: Any, message: str) -> None:
    with pytest.raises(BadInput, match=message.replace("(", r"\(").replace(")", r"\)")):
        document_from_json(bad)
