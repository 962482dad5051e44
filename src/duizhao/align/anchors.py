"""Anchors: facts that must agree between a sentence and its translation.

An anchor is a short key (``n:153938500000``, ``d:2022-02-24``, ``e:putin``, ``l:kgo``) extracted
from one side; a Chinese and an English span that share anchors are likely twins, and a span whose
anchors find no partner is likely not. Kinds:

- numbers normalised across 万/亿/million/billion (``n:``),
- dates (``d:``),
- names through the shared glossary of variants (``e:``),
- Latin tokens inside Chinese text (``l:``), matched against the English words.

Numbers come from the one number parser (duizhao.lang.quantities); dates and names from the shared
language modules (.dates, .glossary) unless `use_shared` is off.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..lang.quantities import extract_quantities

__all__ = ["zh_anchors", "en_anchors", "latin_in_zh", "backend"]

_LATIN = re.compile(r"[A-Za-z][A-Za-z'&\-]*[A-Za-z]|[A-Z]")


@lru_cache(maxsize=1)
def backend() -> dict[str, Any]:
    """The shared extractors that are importable now: {"dates": fn, "glossary": obj}."""
    found: dict[str, Any] = {}
    try:
        from ..lang.dates import extract_dates

        found["dates"] = extract_dates
    except MemoryError:
        raise  # the parse memory ceiling (read.memory_ceiling): never a silent fallback
    except Exception:  # noqa: BLE001
        pass
    try:
        from ..lang import glossary

        found["glossary"] = glossary.load()
    except MemoryError:
        raise  # the parse memory ceiling (read.memory_ceiling): never a silent fallback
    except Exception:  # noqa: BLE001
        pass
    return found


def _num_key(v: float) -> str:
    return "n:" + (str(int(round(v))) if abs(v - round(v)) < 1e-6 * max(1.0, abs(v)) else f"{v:.6g}")


def _numbers(text: str, lang: str) -> set[str]:
    """Number anchors, from the one number parser (lang/quantities.py)."""
    out: set[str] = set()
    try:
        for q in extract_quantities(text, lang):
            v = getattr(q, "value", None)
            # spelled-out small numbers ("a", "both", 一位) are translated freely: not anchors
            if isinstance(v, int | float) and not getattr(q, "soft", False):
                out.add(_num_key(float(v)))
    except MemoryError:
        raise  # the parse memory ceiling: never a silent fallback
    except Exception:  # noqa: BLE001 - a parser bug must not stop alignment: no number anchors then
        return set()
    return out


_HAS_DIGIT = re.compile(r"[0-9０-９]")
_EN_NUMBERISH = re.compile(r"[0-9]|hundred|thousand|million|billion|trillion", re.I)
# digits, or a run of two Chinese numerals (十四, 三万): a lone 一 (一位, 一些) is an article, not a figure
_ZH_NUMBERISH = re.compile(r"[0-9０-９]|[〇零一二两三四五六七八九十百千万亿]{2}")
_ZH_DATEISH = re.compile(r"[0-9０-９〇零一二三四五六七八九十][月日年]")


def _shared_anchors(text: str, lang: str, be: dict[str, Any]) -> set[str]:
    out: set[str] = set()
    # The shared extractors are thorough and therefore slow; skip them on text that cannot hold
    # what they look for (spelled-out small numbers are not anchors anyway: see below).
    numberish = (_ZH_NUMBERISH if lang == "zh" else _EN_NUMBERISH).search(text) is not None
    dateish = (_ZH_DATEISH if lang == "zh" else _HAS_DIGIT).search(text) is not None
    if numberish:
        out |= _numbers(text, lang)
    if "dates" in be and dateish:
        try:
            for d in be["dates"](text, lang):
                # relative dates (本周, this week) carry no comparable value
                if getattr(d, "relative", False) or getattr(d, "month", None) is None:
                    continue
                # month-day only: one side may state or infer a year the other leaves implicit
                out.add(f"d:{d.month}-{getattr(d, 'day', None)}")
                # the month and day are then not numbers of their own (2月 must not want a "2")
                out.discard(_num_key(float(d.month)))
                if getattr(d, "day", None) is not None:
                    out.discard(_num_key(float(d.day)))
        except MemoryError:
            raise  # the parse memory ceiling (read.memory_ceiling): never a silent fallback
        except Exception:  # noqa: BLE001
            pass
    if "glossary" in be:
        try:
            for ent_id, *_ in be["glossary"].find_mentions(text, lang):
                out.add(f"e:{ent_id}")
        except MemoryError:
            raise  # the parse memory ceiling (read.memory_ceiling): never a silent fallback
        except Exception:  # noqa: BLE001
            pass
    return out


def latin_in_zh(text: str) -> set[str]:
    """Lower-cased Latin words inside Chinese text (names, acronyms): 'l:kgo', 'l:frank'."""
    return {"l:" + w.lower() for w in _LATIN.findall(text) if len(w) > 1 or w.isupper()}


def zh_anchors(text: str, use_shared: bool = True) -> frozenset[str]:
    be = backend() if use_shared else {}
    return frozenset(_shared_anchors(text, "zh", be) | latin_in_zh(text))


def en_anchors(text: str, use_shared: bool = True) -> frozenset[str]:
    """Numbers/dates/names of an English sentence (its Latin words are matched separately)."""
    be = backend() if use_shared else {}
    return frozenset(_shared_anchors(text, "en", be))
