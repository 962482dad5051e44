"""Readers get a CSRF token (and its cookie) from pages that need one, not from every page."""

from __future__ import annotations

import re
from typing import Any


def _sets_anon_cookie(response: Any) -> bool:
    return any(h.startswith("dz_anon=") for h in response.headers.get_list("set-cookie"))


def _first_doc(library: Any) -> str:
    return library.list_documents()[0]["id"]


def test_search_and_library_pages_set_no_token(client: Any) -> None:
    for url in ("/", "/search?q=Putin", "/search?q=普京"):
        r = client.get(url)
        assert r.status_code == 200
        assert not _sets_anon_cookie(r), url
        assert 'name="csrf"' not in r.text


def test_document_page_gives_the_reader_a_token_its_report_forms_reuse(client: Any, library: Any) -> None:
    doc_id = _first_doc(library)
    page = client.get(f"/doc/{doc_id}")
    assert page.status_code == 200 and _sets_anon_cookie(page)
    token = client.http.cookies.get("dz_anon")
    units = re.findall(r'data-unit-id="([^"]+)"', page.text)
    for unit in units[:2]:
        form = client.get(f"/doc/{doc_id}/unit/{unit}/report")
        assert form.status_code == 200
        assert f'value="{token}"' in form.text
        assert not _sets_anon_cookie(form)


def test_a_post_from_a_reader_never_given_a_token_is_refused(client: Any, library: Any) -> None:
    doc_id = _first_doc(library)
    unit = re.findall(r'data-unit-id="([^"]+)"', client.get(f"/doc/{doc_id}").text)[0]
    client.http.cookies.clear()
    r = client.post(f"/doc/{doc_id}/unit/{unit}/report", data={"side": "en", "text": "x", "csrf": "y" * 43})
    assert r.status_code == 403
