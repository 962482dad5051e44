"""What the termbase says about a search query: its phrases that are terms, and their renderings.

Query translation (search/query.py) asks here first, phrase for phrase, and falls back on CC-CEDICT
for the rest. One indexed SELECT per query: every Chinese span (2–MAX_ZH characters, in the
simplified and the Taiwan-vocabulary-simplified forms, so 普丁 and 軟體 meet 普京 and 软件) and every
English word run (1–MAX_WORDS words, keyed as the termbase keys them) is looked up at once.
Confirmed terms (the glossary's, editors') weigh CONFIRMED; mined candidates CANDIDATE, lower:
they are right most of the time (bench/terms.py), not always. Rejected terms never answer.
The answer is a hashable value, so the parsed query can still be cached by (text, mode, terms).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from ..lang.script import convert
from .mining import en_key, zh_key

CONFIRMED = 1.0
CANDIDATE = 0.6  # a judgement (below a dictionary's sole sense, above its loose ones), not tuned
MAX_ZH = 12  # characters in a Chinese term looked up
MAX_WORDS = 6  # words in an English term looked up
MAX_KEYS = 800  # a pasted paragraph: its first spans only (one statement's parameters stay few)
_HAN_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*|\d+", re.UNICODE)

Renderings = tuple[tuple[str, float], ...]  # (the other side's form, weight), best first


@dataclass(frozen=True)
class QueryTerms:
    """The termbase's answers for one query: Chinese key → English renderings, English key → Chinese."""

    zh: tuple[tuple[str, Renderings], ...] = ()
    en: tuple[tuple[str, Renderings], ...] = ()

    def english_for(self, zh: str) -> Renderings:
        """English renderings of a Chinese span (any script)."""
        forms = {zh_key(zh), zh_key(convert(zh, "tw2sp"))}
        return _merge(r for k, r in self.zh if k in forms)

    def chinese_for(self, en: str) -> Renderings:
        """Chinese renderings (simplified) of an English word run (any case, hyphens, plurals)."""
        key = en_key(en)
        return _merge(r for k, r in self.en if k == key)

    def __bool__(self) -> bool:
        return bool(self.zh or self.en)


NONE = QueryTerms()


def _merge(groups: Any) -> Renderings:
    best: dict[str, float] = {}
    for group in groups:
        for form, w in group:
            best[form] = max(best.get(form, 0.0), w)
    return tuple(sorted(best.items(), key=lambda kv: (-kv[1], kv[0])))


def query_keys(text: str) -> tuple[list[str], list[str]]:
    """The Chinese and English keys of every span of `text` that could be a term."""
    zh: dict[str, None] = {}
    for run in _HAN_RUN.findall(text or ""):
        for form in dict.fromkeys((zh_key(run), zh_key(convert(run, "tw2sp")))):
            for i in range(len(form)):
                for j in range(i + 2, min(len(form), i + MAX_ZH) + 1):
                    zh[form[i:j]] = None
    en: dict[str, None] = {}
    for chunk in _HAN_RUN.split(text or ""):
        words = _WORD.findall(chunk)
        for i in range(len(words)):
            for j in range(i + 1, min(len(words), i + MAX_WORDS) + 1):
                key = en_key(" ".join(words[i:j]))
                if key:
                    en[key] = None
    return list(zh)[:MAX_KEYS], list(en)[:MAX_KEYS]


def query_terms(lib: Any, text: str) -> QueryTerms:
    """The termbase's terms among the spans of `text` (one SELECT), with their renderings both ways."""
    zh_keys, en_keys = query_keys(text)
    if not zh_keys and not en_keys:
        return NONE
    where, params = [], []
    if zh_keys:
        where.append(f"zh IN ({', '.join('?' for _ in zh_keys)})")
        params += zh_keys
    if en_keys:
        where.append(f"en_key IN ({', '.join('?' for _ in en_keys)})")
        params += en_keys
    rows = lib.fetch_all(
        lib.cursor(),
        "SELECT zh, en, en_key, zh_variants, en_variants, status FROM tm_terms"
        f" WHERE status <> 'rejected' AND ({' OR '.join(where)})",
        params,
    )
    zh_set, en_set = set(zh_keys), set(en_keys)
    by_zh: dict[str, dict[str, float]] = {}
    by_en: dict[str, dict[str, float]] = {}
    for r in rows:
        w = CONFIRMED if r["status"] == "confirmed" else CANDIDATE
        if r["zh"] in zh_set:
            slot = by_zh.setdefault(r["zh"], {})
            for form in [r["en"], *json.loads(r["en_variants"] or "[]")]:
                slot[form] = max(slot.get(form, 0.0), w)
        if r["en_key"] in en_set:
            slot = by_en.setdefault(r["en_key"], {})
            # a regional or traditional wording met in the library (普丁) as well as the key (普京)
            for form in [r["zh"], *(zh_key(v) for v in json.loads(r["zh_variants"] or "[]"))]:
                slot[form] = max(slot.get(form, 0.0), w)

    def frozen(d: dict[str, dict[str, float]]) -> tuple[tuple[str, Renderings], ...]:
        return tuple((k, tuple(sorted(v.items(), key=lambda kv: (-kv[1], kv[0])))) for k, v in sorted(d.items()))

    return QueryTerms(zh=frozen(by_zh), en=frozen(by_en))
