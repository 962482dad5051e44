"""Saved searches in the browser: save from the search page, list and remove at /saved (signed in),
and the Atom feed of a search (no sign-in: a feed reader has none)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from .conftest import doc_id_by_title

ATOM = "{http://www.w3.org/2005/Atom}"


def test_save_list_and_remove(client: Any, library: Any) -> None:
    anon = client.get("/search?q=harbours").text
    assert 'href="/search.atom?q=harbours"' in anon and "Sign in to save searches" in anon
    assert client.get("/saved").status_code in (302, 303, 401)  # sign-in first
    assert client.login("rita").status_code in (302, 303)
    page = client.get("/search?q=harbours&source=Test+Quarterly").text
    assert 'action="/saved"' in page and 'name="source" value="Test Quarterly"' in page
    token = client.csrf("/search?q=harbours")
    r = client.post("/saved", data={"csrf": token, "name": "Ports", "q": "harbours", "source": "Test Quarterly"})
    assert r.status_code == 303 and r.headers["location"] == "/saved"
    listing = client.get("/saved").text
    assert "Ports" in listing and 'href="/search?q=harbours&amp;source=Test+Quarterly"' in listing
    assert 'href="/search.atom?q=harbours&amp;source=Test+Quarterly"' in listing
    # kept in the library: another process sees it
    from duizhao.saved import saved_searches

    assert [s.name for s in saved_searches(library, "rita")] == ["Ports"]
    assert saved_searches(library, "edith") == []
    r = client.post("/saved/remove", data={"csrf": client.csrf("/saved"), "name": "Ports"})
    assert r.status_code == 303 and "Ports" not in client.get("/saved").text
    # a form without its token changes nothing
    assert client.post("/saved", data={"name": "X", "q": "harbours"}).status_code == 403
    assert client.post("/saved", data={"csrf": client.csrf("/saved"), "name": "", "q": "harbours"}).status_code == 400


def test_atom_feed_of_a_search(client: Any, library: Any) -> None:
    harbour = doc_id_by_title(library, "Harbour Cities")
    r = client.get("/search.atom?q=harbours")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/atom+xml")
    feed = ET.fromstring(r.content)
    assert feed.tag == f"{ATOM}feed" and feed.find(f"{ATOM}updated") is not None
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}id").text for e in entries] == [f"http://testserver/doc/{harbour}"]  # type: ignore[union-attr]
    entry = entries[0]
    assert entry.find(f"{ATOM}title").text.startswith("Harbour Cities")  # type: ignore[union-attr]
    assert entry.find(f"{ATOM}link").get("href", "").startswith(f"http://testserver/doc/{harbour}#u")  # type: ignore[union-attr]
    assert "harbours" in (entry.find(f"{ATOM}summary").text or "").lower()  # type: ignore[union-attr]
    assert ET.fromstring(client.get("/search.atom?q=zzzznothing").content).findall(f"{ATOM}entry") == []
    assert client.get("/search.atom").status_code == 400
    assert client.get("/search.atom?q=harbours&date_from=soon").status_code == 400
