"""Query translation through CC-CEDICT (duizhao.lang.cedict and its lookup file), weighted.

zh → en: every sense of a headword is a candidate; a sense of one word becomes that (stemmed) word,
a sense of 2–4 words a phrase. Fewer senses weigh more (1/√senses), and earlier senses a little more.
en → zh: the lookup file's index from whole glosses to headwords (cedict.gloss_heads: "bank" → 银行,
"go on strike" → 罢工; the head noun of two-word glosses weaker), tried as phrases before words.
Names and abbreviations absent from CEDICT pass untranslated: the glossary and dense retrieval carry them.
"""

from __future__ import annotations

import math
from functools import lru_cache

from ..lang import cedict
from . import analyzer

MAX_ALTS = 6  # alternatives one word or phrase brings


# -- zh → en ---------------------------------------------------------------------------------------
@lru_cache(maxsize=20_000)
def zh_to_en(word: str) -> tuple[tuple[tuple[str, ...], float], ...]:
    """Weighted English alternatives (stemmed token tuples) for one simplified Chinese word."""
    senses_ = [g for g in (cedict.normalize_gloss(s) for s in cedict.indexed_senses(word)) if g]
    if not senses_:
        return ()
    base = 1.0 / math.sqrt(len(senses_))
    alts: dict[tuple[str, ...], float] = {}
    word_hits: dict[str, int] = {}
    for i, g in enumerate(senses_):
        w = base * max(0.6, 1.0 - 0.08 * i)
        toks = tuple(analyzer.latin_token(x) for x in g.split())
        content = [t for t, raw in zip(toks, g.split(), strict=True) if raw not in analyzer.EN_STOP]
        if not content:
            continue
        key = toks if len(content) > 1 else (content[0],)
        alts[key] = max(alts.get(key, 0.0), w)
        for t in dict.fromkeys(content):  # not a set: its order (hash-seeded) would pick among tied weights
            word_hits[t] = word_hits.get(t, 0) + 1
    # single words out of multi-word senses ("shopping mall" → mall), weaker
    for t, n in word_hits.items():
        if (t,) not in alts:
            alts[(t,)] = 0.5 * math.sqrt(n / len(senses_))
    ranked = sorted(alts.items(), key=lambda kv: -kv[1])[:MAX_ALTS]
    return tuple(ranked)


# -- en → zh ---------------------------------------------------------------------------------------
_en_lookup = lru_cache(maxsize=20_000)(cedict.gloss_heads)


def en_to_zh(phrase: str) -> list[tuple[str, float]]:
    """Weighted simplified Chinese headwords for an English word or phrase (lower-cased, unstemmed)."""
    key = " ".join(cedict.words_of(phrase.lower()))
    got = list(_en_lookup(key))
    if " " not in key:
        # a plural or inflected form: the stem's entries count too ("banks" → 银行, not only 班克斯)
        got += _en_lookup("\x00" + analyzer.latin_token(key))
    out: dict[str, float] = {}
    for head, w in got:
        out[head] = max(out.get(head, 0.0), w)
    return sorted(out.items(), key=lambda kv: -kv[1])[:MAX_ALTS]


def has_phrase(phrase: str) -> bool:
    return bool(_en_lookup(" ".join(cedict.words_of(phrase.lower()))))
