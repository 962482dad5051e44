"""Query translation through CC-CEDICT (duizhao.lang.cedict), weighted.

zh → en: every sense of a headword is a candidate; a sense of one word becomes that (stemmed) word,
a sense of 2–4 words a phrase. Fewer senses weigh more (1/√senses), and earlier senses a little more.
en → zh: an index from *whole glosses* to headwords ("bank" → 银行, "go on strike" → 罢工, "united
nations" → 联合国), with the head noun of two-word glosses as a weaker key ("shopping mall" → mall).
Inverting every gloss word instead spreads too wide ("unable" → 孑, measured in the issue), so a
headword only answers for a word that is (nearly) its whole meaning, ranked by 1/√senses and by how
common the Chinese word is (jieba's frequency), top few only. Phrases are tried before words.
Names and abbreviations absent from CEDICT pass untranslated: the glossary and dense retrieval carry them.

The en → zh index takes a few seconds to build from CEDICT; it is cached on disk
($XDG_CACHE_HOME/duizhao, keyed by the dictionary file's size and mtime).
"""

from __future__ import annotations

import math
import os
import pickle
import re
from functools import lru_cache
from pathlib import Path

from ..lang import cedict
from . import analyzer

MAX_ALTS = 6
_PAREN = re.compile(r"\([^)]*\)|\[[^\]]*\]|[\u3400-\u9fff|]+")
_LEAD = re.compile(r"^(?:to be |to |a |an |the )")
_SKIP = (
    "variant of",
    "old variant of",
    "see ",
    "used in ",
    "abbr. for",
    "surname ",
    "cl:",
    "japanese variant",
    "erhua variant",
)
_WORDS = re.compile(r"[a-z][a-z'\-]*[a-z]|[a-z]|\d+")
INDEX_VERSION = 3


def normalize_gloss(gloss: str) -> str | None:
    g = gloss.strip().lower()
    if not g or g.startswith(_SKIP) or "variant" in g:
        return None
    g = _PAREN.sub(" ", g)
    # "Vladimir Putin (1952-), president of Russia": the name before the comment is the meaning
    g = re.split(r"[,;]", g)[0]
    g = _LEAD.sub("", " ".join(g.split()))
    g = g.strip(" ,;.")
    words = _WORDS.findall(g)
    if not words or len(words) > 4:
        return None
    return " ".join(words)


# -- zh → en ---------------------------------------------------------------------------------------
@lru_cache(maxsize=20_000)
def zh_to_en(word: str) -> tuple[tuple[tuple[str, ...], float], ...]:
    """Weighted English alternatives (stemmed token tuples) for one simplified Chinese word."""
    senses = [g for g in (normalize_gloss(s) for s in cedict.senses(word)) if g]
    if not senses:
        return ()
    base = 1.0 / math.sqrt(len(senses))
    alts: dict[tuple[str, ...], float] = {}
    word_hits: dict[str, int] = {}
    for i, g in enumerate(senses):
        w = base * max(0.6, 1.0 - 0.08 * i)
        toks = tuple(analyzer.latin_token(x) for x in g.split())
        content = [t for t, raw in zip(toks, g.split(), strict=True) if raw not in analyzer.EN_STOP]
        if not content:
            continue
        key = toks if len(content) > 1 else (content[0],)
        alts[key] = max(alts.get(key, 0.0), w)
        for t in set(content):
            word_hits[t] = word_hits.get(t, 0) + 1
    # single words out of multi-word senses ("shopping mall" → mall), weaker
    for t, n in word_hits.items():
        if (t,) not in alts:
            alts[(t,)] = 0.5 * math.sqrt(n / len(senses))
    ranked = sorted(alts.items(), key=lambda kv: -kv[1])[:MAX_ALTS]
    return tuple(ranked)


# -- en → zh ---------------------------------------------------------------------------------------
def en_to_zh(phrase: str) -> list[tuple[str, float]]:
    """Weighted simplified Chinese headwords for an English word or phrase (lower-cased, unstemmed)."""
    index = _en_index()
    key = " ".join(_WORDS.findall(phrase.lower()))
    got = list(index.get(key) or [])
    if " " not in key:
        # a plural or inflected form: the stem's entries count too ("banks" → 银行, not only 班克斯)
        got += index.get("\x00" + analyzer.latin_token(key)) or []
    out: dict[str, float] = {}
    for head, w in got:
        simp = analyzer.simplify(head)
        out[simp] = max(out.get(simp, 0.0), w)
    return sorted(out.items(), key=lambda kv: -kv[1])[:MAX_ALTS]


def has_phrase(phrase: str) -> bool:
    return " ".join(_WORDS.findall(phrase.lower())) in _en_index()


def _cache_file() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "duizhao" / f"cedict-en-zh-v{INDEX_VERSION}.pickle"


@lru_cache(maxsize=1)
def _en_index() -> dict[str, list[tuple[str, float]]]:
    src = cedict._data_path()
    stamp = (src.stat().st_size, int(src.stat().st_mtime))
    path = _cache_file()
    try:
        with open(path, "rb") as f:
            saved_stamp, index = pickle.load(f)
        if saved_stamp == stamp:
            return index
    except (OSError, pickle.PickleError, EOFError, ValueError):
        pass
    index = _build_en_index()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as f:
            pickle.dump((stamp, index), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only home: rebuild next time
    return index


def _jieba_freq() -> dict[str, int]:
    import jieba

    freq: dict[str, int] = {}
    with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as f:
        for line in f:
            parts = line.split(" ", 2)
            if len(parts) >= 2:
                freq[parts[0]] = int(parts[1])
    return freq


def _build_en_index() -> dict[str, list[tuple[str, float]]]:
    freq = _jieba_freq()
    scored: dict[str, dict[str, float]] = {}
    for head in cedict.headwords():
        glosses = [g for g in (normalize_gloss(s) for s in cedict.senses(head)) if g]
        if not glosses:
            continue
        common = min(1.0, math.log10(freq.get(head, 0) + 1) / 4.0) if head in freq else 0.15
        base = common / math.sqrt(len(glosses))
        if len(head) == 1:
            base *= 0.5  # single characters are mostly bound morphemes, rarely the word a text uses
        for i, g in enumerate(glosses):
            w = base * max(0.6, 1.0 - 0.08 * i)
            keys = [(g, w)]
            words = g.split()
            if len(words) == 1:
                keys.append(("\x00" + analyzer.latin_token(g), w))
            elif len(words) == 2 and words[0] not in analyzer.EN_STOP:
                keys.append((words[1], 0.4 * w))  # head noun: "shopping mall" answers "mall", weaker
            for key, kw in keys:
                slot = scored.setdefault(key, {})
                if kw > slot.get(head, 0.0):
                    slot[head] = kw
    index: dict[str, list[tuple[str, float]]] = {}
    for key, heads in scored.items():
        ranked = sorted(heads.items(), key=lambda kv: -kv[1])[: MAX_ALTS * 2]
        top = ranked[0][1]
        index[key] = [(h, round(w / top, 4) if top else 0.0) for h, w in ranked if w >= 0.2 * top]
    return index
