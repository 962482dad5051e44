"""Knowledge extraction on news sentence pairs never tuned on: WMT19+WMT20 (held out) and WMT18 (tuning).

The held-out gold (tests/knowledge/data/news_heldout_gold.json) was annotated by hand before the extractor
ran on any of its sentences. Which sentences it holds is fixed by `select` below, not by a reader: of the
held-out pairs whose Chinese holds a digit (ASCII or full-width) or whose English names something with a
capital past its first word, the first N by SHA-1 of the Chinese. The gold is keyed by that SHA-1 and
stores only the annotated values with short keys (`q`), as wmt17_gold.json does for WMT17: the sentences
stay in ../extra, never in the repo.

A sentence pair has no document and no publication date, so only absolute dates are events in this gold;
relative ones (今年, 上周, "last year") are out of scope: what the extractor keeps of them as unresolved is
reported apart and counts towards neither P nor R, and a figure's period from a relative date has year null.
Scoring is bench/knowledge_gold.py's (events by date and precision, figures fully right, people/orgs per
sentence, duplicates).

Run: .venv/bin/python bench/knowledge_news.py [--split held_out|tune] [--show]
(`--show` prints wrong and missed items; use it on `tune` only: held-out failures are not read.)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from external import news_pairs  # noqa: E402

GOLD = Path(__file__).resolve().parent.parent / "tests" / "knowledge" / "data" / "news_heldout_gold.json"
N_HELD_OUT = 100
_DIGIT = re.compile(r"[0-9０-９]")
_CAPITAL = re.compile(r"\s[A-Z][a-z]")


def sha(zh: str) -> str:
    return hashlib.sha1(zh.strip().encode("utf-8")).hexdigest()


def eligible(zh: str, en: str) -> bool:
    """A pair likely to state a figure, a date or a name: a digit in the Chinese or a capitalised word inside the English."""
    return bool(_DIGIT.search(zh) or _CAPITAL.search(en))


def select(split: str = "held_out", n: int = N_HELD_OUT) -> list[tuple[str, str, str]]:
    """(sha1, zh, en) of the first n eligible pairs of the split by SHA-1 of the Chinese (one per Chinese text)."""
    seen: dict[str, tuple[str, str, str]] = {}
    for _set, zh, en in news_pairs(split):
        if eligible(zh, en):
            seen.setdefault(sha(zh), (sha(zh), zh.strip(), en.strip()))
    return [seen[k] for k in sorted(seen)][:n]


def load_gold() -> dict[str, Any]:
    return json.loads(GOLD.read_text(encoding="utf-8"))


def pair_documents(pairs: list[tuple[str, str, str]]) -> dict[str, Any]:
    """Each pair as a document of one unit with no publication date, analysed the way `ingest` would."""
    from duizhao.model import Document, Unit
    from duizhao.pipeline import analyse

    return {h: analyse(Document(id=h, path=h, published=None, units=[Unit("u1", "paragraph", zh=zh, en=en)])) for h, zh, en in pairs}


def evaluate_held_out() -> dict[str, Any]:
    """The held-out gold scored with bench/knowledge_gold.py's scorers. Relative dates are out of the gold's scope,
    so unresolved events are set apart (with_date=True: they count towards neither P nor R)."""
    from knowledge_gold import score_entities, score_events, score_figures

    from duizhao import knowledge

    gold = load_gold()
    pairs = select("held_out", gold["rule"]["n"])
    if [h for h, _z, _e in pairs] != sorted(gold["docs"]):
        raise SystemExit("the held-out selection no longer matches the gold (../extra changed?)")
    docs = pair_documents(pairs)
    ks = {h: knowledge.extract(d) for h, d in docs.items()}
    return {
        "split": "wmt19+wmt20 held-out sentence pairs",
        "pairs": len(pairs),
        "events": score_events(gold["docs"], ks, True),
        "figures": score_figures(gold["docs"], ks, None, True),
        "people_orgs": score_entities(gold["docs"], ks),
    }


def main() -> None:
    from knowledge_gold import _public

    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="held_out", choices=["held_out"])
    ap.add_argument("--show", action="store_true", help="print wrong and missed items (not before the last look)")
    args = ap.parse_args()
    if not news_pairs("held_out"):
        raise SystemExit("../extra/wmt-zhen-sent not present (bench/external.py builds it)")
    res = evaluate_held_out()
    if args.show:
        for area in ("events", "figures", "people_orgs"):
            for w in res[area]["_wrong"]:
                print(f"[{area}] WRONG  {w}")
            for m in res[area]["_missed"]:
                print(f"[{area}] MISSED {m}")
    print(json.dumps(_public(res), indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
