"""Reviewing findings on the reading page: editors mark a finding correct as it stands (CSRF-checked
POST), everyone sees the review, counts and the "needs attention" list leave it out, and it lapses when
the unit's text changes."""

from __future__ import annotations

import re
from typing import Any

from .conftest import doc_id_by_title


def _u4_error(library: Any, doc_id: str) -> Any:
    return next(f for f in library.findings(doc_id) if f.unit_id == "u4" and f.severity == "error")


def test_editor_reviews_a_finding_and_everyone_sees_it(client: Any, make_client: Any, library: Any) -> None:
    doc_id = doc_id_by_title(library, "Harbour Cities")
    f = _u4_error(library, doc_id)
    reader_page = client.get(f"/doc/{doc_id}").text
    assert f"/finding/{f.id}/review" not in reader_page  # no button for readers
    client.login("edith")
    assert "Needs attention" in client.get("/").text
    page = client.get(f"/doc/{doc_id}").text
    assert f'action="/doc/{doc_id}/finding/{f.id}/review"' in page
    errors_before = int(re.search(r"(\d+) error", page).group(1))
    token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    assert "\x00" not in page
    assert client.post(f"/doc/{doc_id}/finding/{f.id}/review", data={"note": "checked"}).status_code == 403  # no CSRF
    r = client.post(f"/doc/{doc_id}/finding/{f.id}/review", data={"csrf": token, "note": "checked against the source"})
    assert r.status_code == 303 and r.headers["location"] == f"/doc/{doc_id}#u4"
    assert _u4_error(library, doc_id).review["by"] == "edith"
    page = client.get(f"/doc/{doc_id}").text
    assert f"/finding/{f.id}/unreview" in page and "checked against the source" in page
    assert int(re.search(r"(\d+) error", page).group(1)) == errors_before - 1
    anon = make_client()
    seen = anon.get(f"/doc/{doc_id}").text
    assert "Reviewed — correct as it stands (edith" in seen and "/unreview" not in seen
    api = anon.get(f"/api/doc/{doc_id}/check").json()
    assert next(x for x in api["findings"] if x["id"] == f.id)["review"]["note"] == "checked against the source"
    assert all(a["id"] != doc_id for a in library.attention())
    r = client.post(f"/doc/{doc_id}/finding/{f.id}/unreview", data={"csrf": token})
    assert r.status_code == 303 and _u4_error(library, doc_id).review is None
    # reviewed again: the withdrawn review's note is still shown beneath the new one
    client.post(f"/doc/{doc_id}/finding/{f.id}/review", data={"csrf": token, "note": "second look"})
    seen = anon.get(f"/doc/{doc_id}").text
    assert "second look" in seen
    assert "Earlier: reviewed by edith" in seen and "checked against the source; withdrawn by edith" in seen


def test_non_editor_cannot_review(make_client: Any, library: Any) -> None:
    doc_id = doc_id_by_title(library, "Harbour Cities")
    f = _u4_error(library, doc_id)
    c = make_client()
    c.login("rita")
    token = c.csrf(f"/doc/{doc_id}")
    assert c.post(f"/doc/{doc_id}/finding/{f.id}/review", data={"csrf": token}).status_code == 403
    assert _u4_error(library, doc_id).review is None


def test_unknown_finding_is_404(client: Any, library: Any) -> None:
    doc_id = doc_id_by_title(library, "Harbour Cities")
    client.login("edith")
    token = client.csrf(f"/doc/{doc_id}")
    r = client.post(f"/doc/{doc_id}/finding/{doc_id}-000000000000/review", data={"csrf": token})
    assert r.status_code == 404


def test_qa_report_download(client: Any, library: Any) -> None:
    doc_id = doc_id_by_title(library, "Harbour Cities")
    page = client.get(f"/doc/{doc_id}").text
    assert f'href="/doc/{doc_id}/qa?format=csv"' in page and f'href="/doc/{doc_id}/qa?format=html"' in page
    r = client.get(f"/doc/{doc_id}/qa?format=csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    text = r.content.decode("utf-8-sig")
    assert text.startswith("unit,zh,en,kind,severity,detail,review,finding_id") and "u4" in text
    r = client.get(f"/doc/{doc_id}/qa?format=html")
    assert r.status_code == 200 and "<table>" in r.text and "QA report" in r.text
    assert client.get(f"/doc/{doc_id}/qa?format=xls").status_code == 400


def test_toolbar_counts_reviewed_findings_rather_than_saying_none(client: Any, library: Any) -> None:
    """Once every finding is reviewed the toolbar said "Checks: none" above a table of reviewed errors;
    it names the reviewed ones instead."""
    doc_id = doc_id_by_title(library, "Harbour Cities")
    findings = library.findings(doc_id)
    assert findings
    library.review_finding(doc_id, findings[0], "checked", "edith")
    page = client.get(f"/doc/{doc_id}").text
    tool = page[page.index('href="#checks">') : page.index("</a>", page.index('href="#checks">'))]
    assert tool.endswith("1 reviewed")
    for f in findings[1:]:
        library.review_finding(doc_id, f, "checked", "edith")
    page = client.get(f"/doc/{doc_id}").text
    tool = page[page.index('href="#checks">') : page.index("</a>", page.index('href="#checks">'))]
    assert tool == f'href="#checks">Checks: {len(findings)} reviewed'
