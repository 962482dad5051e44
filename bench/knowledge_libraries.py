"""Kept libraries against our parsers on the same sentences: dates and amounts of the hand-made gold.

For every gold event (tests/knowledge/data/wmt17_gold.json, the split asked; `test` by default) each
parser reads the segment's Chinese and English text with the gold's publication date as reference, and
is right when one of the dates it gives is the gold date (day YYYY-MM-DD or month YYYY-MM; a range by its
start). `extra` counts the day/month dates it gives that are no gold event of the segment (figure periods
and comparison bases are among them for every parser alike). For every gold figure each parser is right
when one of the amounts it reads in the Chinese segment has the gold value (sign aside).

Parsers: ours (lang/dates.py + knowledge/events.py, lang/quantities.py) when duizhao is importable;
JioNLP (ner.extract_time / extract_money with time_base), dateparser (search.search_dates with
RELATIVE_BASE), Microsoft Recognizers-Text (recognize_datetime / number / currency / dimension, zh-cn
and en) and cn2an (transform to digits, then the numbers read) when installed. They are not
dependencies: install them in a scratch venv to measure (see README, knowledge section).

Run: python bench/knowledge_libraries.py [--split test] [--json OUT]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
GOLD = HERE.parent / "tests" / "knowledge" / "data" / "wmt17_gold.json"
DEV = HERE.parent.parent / "shared" / "data" / "wmt17-zhen-dev.jsonl"

DateParser = Callable[[str, str, dt.datetime], list[str]]
NumberParser = Callable[[str], list[float]]


def _ours_dates() -> DateParser | None:
    try:
        from duizhao.knowledge.events import dated
    except ImportError:  # run from a scratch venv that holds only the libraries
        return None

    def parse(text: str, lang: str, ref: dt.datetime) -> list[str]:
        return [d.date for d in dated(text, lang, ref.date()) if d.date]

    return parse


def _ours_numbers() -> NumberParser | None:
    try:
        from duizhao.lang.quantities import extract_quantities
    except ImportError:
        return None
    return lambda text: [q.value for q in extract_quantities(text, "zh")]


def _jionlp_dates() -> DateParser | None:
    try:
        import jionlp as jio
    except ImportError:
        return None

    def parse(text: str, lang: str, ref: dt.datetime) -> list[str]:
        if lang != "zh":
            return []  # JioNLP reads Chinese only
        out = []
        for r in jio.ner.extract_time(text, time_base=time.mktime(ref.timetuple())):
            span = r.get("detail", {}).get("time")
            if isinstance(span, list) and span and isinstance(span[0], str):
                out += _points(span[0], span[-1])
        return out

    return parse


def _jionlp_numbers() -> NumberParser | None:
    try:
        import jionlp as jio
    except ImportError:
        return None
    return lambda text: [float(r["detail"]["num"]) for r in jio.ner.extract_money(text) if r["detail"].get("num")]


def _dateparser_dates() -> DateParser | None:
    try:
        from dateparser.search import search_dates
    except ImportError:
        return None

    def parse(text: str, lang: str, ref: dt.datetime) -> list[str]:
        found = search_dates(text, languages=[lang], settings={"RELATIVE_BASE": ref}) or []
        return [d.date().isoformat() for _s, d in found] + [d.date().isoformat()[:7] for _s, d in found]

    return parse


def _recognizers_dates() -> DateParser | None:
    try:
        from recognizers_date_time import DateTimeOptions
        from recognizers_suite import Culture, recognize_datetime
    except ImportError:
        return None

    def parse(text: str, lang: str, ref: dt.datetime) -> list[str]:
        culture = Culture.Chinese if lang == "zh" else Culture.English
        out: list[str] = []
        for r in recognize_datetime(text, culture, DateTimeOptions.NONE, ref):
            for v in (r.resolution or {}).get("values", [])[:1]:  # the first reading: the one it prefers
                if v.get("value"):
                    out.append(v["value"][:10])
                elif v.get("start"):
                    out += _points(v["start"], v.get("end") or v["start"])
        return out

    return parse


def _recognizers_numbers() -> NumberParser | None:
    try:
        from recognizers_suite import Culture, recognize_currency, recognize_dimension, recognize_number
    except ImportError:
        return None

    def parse(text: str) -> list[float]:
        out = []
        for fn in (recognize_number, recognize_currency, recognize_dimension):
            for r in fn(text, Culture.Chinese):
                try:
                    out.append(float((r.resolution or {}).get("value") or "nan"))
                except ValueError:
                    pass
        return out

    return parse


def _cn2an_numbers() -> NumberParser | None:
    try:
        import cn2an
    except ImportError:
        return None

    def parse(text: str) -> list[float]:
        digits = cn2an.transform(text, "cn2an")
        out = []
        for m in re.finditer(r"(\d+(?:\.\d+)?)(万亿|亿|万)?", digits.replace(",", "")):
            scale = {"万": 1e4, "亿": 1e8, "万亿": 1e12}.get(m.group(2) or "", 1)
            out.append(float(m.group(1)) * scale)
        return out

    return parse


def _points(start: str, end: str) -> list[str]:
    """A span of time as the day and the month it starts in (and the day it ends, for ranges)."""
    return [start[:10], start[:7], end[:10]]


def _segments(names: list[str]) -> dict[str, dict[str, list[str]]]:
    out = {}
    for line in DEV.read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        if d["docid"] in names:
            out[d["docid"]] = {"zh": d["zh"], "en": d["en"]}
    return out


def measure(split: str = "test") -> dict[str, Any]:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    names = [d for part in gold["split"].values() for d in part] if split == "all" else gold["split"][split]
    segs = _segments(names)
    ref = dt.datetime.fromisoformat(gold["published"] + "T12:00:00")
    date_parsers = {
        "ours": _ours_dates(),
        "jionlp": _jionlp_dates(),
        "dateparser": _dateparser_dates(),
        "recognizers_text": _recognizers_dates(),
    }
    number_parsers = {
        "ours": _ours_numbers(),
        "jionlp_money": _jionlp_numbers(),
        "recognizers_text": _recognizers_numbers(),
        "cn2an": _cn2an_numbers(),
    }
    out: dict[str, Any] = {"split": split, "documents": len(names), "dates": {}, "amounts": {}}
    events = [(d, e) for d in names for e in gold["docs"][d]["events"]]
    for name, parse in date_parsers.items():
        if parse is None:
            continue
        row: dict[str, Any] = {}
        for lang in ("zh", "en"):
            hit = extra = 0
            t0 = time.perf_counter()
            for doc_id in names:
                by_seg: dict[int, set[str]] = {}
                for e in gold["docs"][doc_id]["events"]:
                    by_seg.setdefault(e["seg"], set()).add(e["date"])
                for seg, text in enumerate(segs[doc_id][lang]):
                    try:
                        found = set(parse(text, lang, ref))
                    except Exception:  # noqa: BLE001 - a library failing on a sentence finds nothing there
                        found = set()
                    wanted = by_seg.get(seg, set())
                    hit += len(wanted & found)
                    extra += len({f for f in found if len(f) == 10} - wanted - {w + "-01" for w in wanted})
            row[lang] = {
                "recall": round(hit / len(events), 3) if events else 0.0,
                "extra": extra,
                "ms": round(1000 * (time.perf_counter() - t0), 1),
            }
        out["dates"][name] = row
    figures = [(d, f) for d in names for f in gold["docs"][d]["figures"]]
    money = [(d, f) for d, f in figures if f["unit"] in ("CNY", "USD")]
    for name, parse_n in number_parsers.items():
        if parse_n is None:
            continue
        cache = {}
        for doc_id in names:
            for seg, text in enumerate(segs[doc_id]["zh"]):
                try:
                    cache[(doc_id, seg)] = [abs(v) for v in parse_n(text)]
                except Exception:  # noqa: BLE001
                    cache[(doc_id, seg)] = []

        def found(doc_id: str, f: dict[str, Any], values: dict[tuple[str, int], list[float]] = cache) -> bool:
            return any(abs(v - abs(f["value"])) <= max(abs(f["value"]) * 1e-6, 1e-9) for v in values[(doc_id, f["seg"])])

        out["amounts"][name] = {
            "all_recall": round(sum(found(d, f) for d, f in figures) / len(figures), 3) if figures else 0.0,
            "money_recall": round(sum(found(d, f) for d, f in money) / len(money), 3) if money else 0.0,
        }
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="test", choices=["tune", "test", "fresh", "all"])
    ap.add_argument("--json", help="also write the result to this file")
    args = ap.parse_args()
    res = measure(args.split)
    print(json.dumps(res, indent=1))
    if args.json:
        Path(args.json).write_text(json.dumps(res), encoding="utf-8")


if __name__ == "__main__":
    main()
