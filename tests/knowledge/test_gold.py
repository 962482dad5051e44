"""The hand-made gold of WMT17 news (data/wmt17_gold.json): well formed, its splits fixed and disjoint, and
every quote a span of the sentence it points at (checked against ../shared when present)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

GOLD = json.loads((Path(__file__).parent / "data" / "wmt17_gold.json").read_text(encoding="utf-8"))
UNITS = {"CNY", "USD", "AUD", "%", "pp", "t", "km", "m2", "mu", "shares", "TEU", "days", "count", "GBP", "mg", "g"}


def test_splits_are_fixed_and_disjoint():
    parts = [set(v) for v in GOLD["split"].values()]
    assert sum(len(p) for p in parts) == len(set().union(*parts)) == len(GOLD["docs"]) >= 15
    assert len(GOLD["split"]["tune"]) >= 7 and len(GOLD["split"]["test"]) >= 7 and len(GOLD["split"]["report"]) >= 8
    assert len(GOLD["split"]["report2"]) >= 10 and len(GOLD["split"]["report4"]) >= 12


def test_items_are_well_formed():
    for doc in GOLD["docs"].values():
        for e in doc["events"]:
            assert e["precision"] in ("day", "month", "year")
            if "published" in doc and doc["published"] is None and e.get("needs_published"):
                # a document nobody can date: what needs its publication date has no date to give
                assert e["date"] is None
                continue
            assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", e["date"]) and (e.get("end") or "z") > e["date"]
        for f in doc["figures"]:
            assert f["unit"] in UNITS and f["kind"] in ("level", "change", "share", "surplus", "deficit")
            assert f["dir"] in (None, "up", "down") and (f["dir"] != "down" or f["value"] < 0) and f["measure"]
        for n in doc["entities"]:
            assert n["type"] in ("person", "org", "place", "event") and n["zh"] and n["en"]


def test_quotes_are_spans_of_their_sentences(dev_docs):
    by_id = {d["docid"]: d for d in dev_docs}
    for doc_id, doc in GOLD["docs"].items():
        zh = by_id[doc_id]["zh"]
        for item in doc["events"] + doc["figures"]:
            assert item["q"] in zh[item["seg"]], (doc_id, item["q"])
        text = "".join(zh) + " ".join(by_id[doc_id]["en"])
        for n in doc["entities"]:
            assert any(form in text for form in n["zh"] + n["en"]), (doc_id, n)


# The held-out news sentences (data/news_heldout_gold.json): keyed by SHA-1 of the Chinese, one pair each.
NEWS = json.loads((Path(__file__).parent / "data" / "news_heldout_gold.json").read_text(encoding="utf-8"))
NEWS_PAIRS = Path(__file__).resolve().parents[2].parent / "extra" / "wmt-zhen-sent"


def test_news_gold_is_well_formed():
    assert len(NEWS["docs"]) == NEWS["rule"]["n"] == 100
    for key, doc in NEWS["docs"].items():
        assert re.fullmatch(r"[0-9a-f]{40}", key)
        for e in doc["events"]:
            assert e["seg"] == 0 and e["precision"] in ("day", "month", "year") and not e.get("needs_published")
            assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", e["date"])
        for f in doc["figures"]:
            assert f["seg"] == 0 and f["unit"] in UNITS | {"barrels", "INR"} and f["measure"]
            assert f["dir"] in (None, "up", "down") and (f["dir"] != "down" or f["value"] < 0)
        for n in doc["entities"]:
            assert n["type"] in ("person", "org", "place", "event") and n["zh"] and n["en"]


def test_news_gold_quotes_are_spans_of_their_sentences():
    if not NEWS_PAIRS.is_dir():
        pytest.skip("../extra/wmt-zhen-sent not present")
    import hashlib

    pairs = {}
    for name in ("wmt19", "wmt20"):
        for line in (NEWS_PAIRS / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            pairs[hashlib.sha1(r["zh"].strip().encode("utf-8")).hexdigest()] = (r["zh"], r["en"])
    for key, doc in NEWS["docs"].items():
        zh, en = pairs[key]
        for item in doc["events"] + doc["figures"]:
            assert item["q"] in zh, (key, item["q"])
        for n in doc["entities"]:
            assert any(form in zh + " " + en for form in n["zh"] + n["en"]), (key, n)
