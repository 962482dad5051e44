"""How alike a Chinese span and an English span are: length, dictionary overlap, anchors.

Each sentence is turned once into a small feature record (`ZhFeat`, `EnFeat`); the DP then asks
for the similarity of spans of 1-3 sentences, which is assembled from cached 1-1 match counts so a
cell costs a few additions rather than set algebra over whole spans.

Dictionary overlap (both directions, so neither a long nor a short side wins by default):
- a Chinese content word counts as matched if any stem of its CC-CEDICT glosses is in the English span;
- an English content stem counts as matched if it is among the gloss stems of the Chinese span.
Latin words inside Chinese text (Frank, KGO) are matched as themselves.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain

from ..lang import cedict
from . import anchors as anc
from .length import text_len, zh_len

_EN_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*")
_CLAUSE_END = re.compile(r"[；;][”’」』\"')）]*\s*$")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Questions and exclamations survive translation far more often than sentence boundaries do, so
# they tell which Chinese sentence a short English piece ('Surrender?' 'Never!') belongs to.
_QMARK = re.compile(r"[?？]+")
_EXCL = re.compile(r"[!！]+")
# An opening quotation mark: Chinese “ 「 『, or an English ' or " that starts a word (not an apostrophe).
_ZH_OPEN_Q = re.compile(r"[“「『]")
_EN_OPEN_Q = re.compile(r"(?:^|(?<=[\s(\[—–-]))[\"'‘“]")
# Function words whose glosses are grammar notes ("completed action marker"), not meanings.
_ZH_STOP = frozenset(
    "的 了 是 在 和 与 及 也 都 就 而 并 被 把 对 于 为 从 以 等 这 那 其 之 着 过 一个 有 将 已 已经 会 要 能 可 "
    "可以 他 她 它 们 我 你 我们 他们 她们 它们 这个 那个 这些 那些 此 该 所 则 但 但是 或 或者 又 还 向 由 与此同时 "
    "地 得 吗 呢 吧 啊 上 下 中 里 个 不 没有 没 很 更 最 些 各 每 自己 因为 所以 如果 虽然 因此 之后 之前 时".split()
)


_stem = lru_cache(maxsize=100_000)(cedict.light_stem)


@dataclass(slots=True)
class ZhFeat:
    length: float
    words: list[frozenset[str]]  # per content word: the stems it may translate to
    union: frozenset[str]  # all those stems
    anchors: frozenset[str]
    clause_end: bool = False  # ends in ；: a clause of a longer sentence, which a translation may not split
    tokens: tuple[str, ...] = ()  # the segmented content tokens (for the in-document lexicon, lexicon.py)
    marks: tuple[int, int, int] = (0, 0, 0)  # questions, exclamations, opened quotes (see punct_marks)


@dataclass(slots=True)
class EnFeat:
    length: int
    stems: frozenset[str]  # content stems
    anchors: frozenset[str] = field(default_factory=frozenset)
    marks: tuple[int, int, int] = (0, 0, 0)


def _dict_split(word: str) -> list[str]:
    """An out-of-dictionary word becomes its longest dictionary pieces (greedy, left to right)."""
    out: list[str] = []
    i = 0
    while i < len(word):
        for j in range(min(len(word), i + 4), i, -1):
            if j - i == 1 or cedict.has(word[i:j]):
                out.append(word[i:j])
                i = j
                break
    return out


@lru_cache(maxsize=200_000)
def _word_keys(w: str) -> tuple[frozenset[str], ...]:
    """What one segmented Chinese token contributes: the stem sets of its dictionary pieces."""
    if w in _ZH_STOP or not w.strip():
        return ()
    if _HAN.match(w):
        pieces = [w] if cedict.has(w) else _dict_split(w)
        return tuple(st for st in (cedict.english_stems(p) for p in pieces if p not in _ZH_STOP) if st)
    if w[0].isalpha() and w.isascii():
        return (frozenset((_stem(w.lower()),)),)
    return ()


def zh_features(s: str, use_shared: bool = True) -> ZhFeat:
    import rjieba

    toks = rjieba.cut(s)
    words: list[frozenset[str]] = list(chain.from_iterable(map(_word_keys, toks)))
    union = frozenset().union(*words) if words else frozenset()
    content = tuple(t for t in toks if t.strip() and t not in _ZH_STOP and (_HAN.match(t) or t[0].isalpha()))
    return ZhFeat(zh_len(s), words, union, anc.zh_anchors(s, use_shared), _CLAUSE_END.search(s) is not None,
                  content, punct_marks(s, True))


def en_features(s: str, use_shared: bool = True) -> EnFeat:
    stops, stem = cedict.STOPWORDS, _stem
    stems = frozenset([stem(w) for w in map(str.lower, _EN_WORD.findall(s)) if len(w) > 1 and w not in stops])
    return EnFeat(text_len(s), stems, anc.en_anchors(s, use_shared), punct_marks(s, False))


def punct_marks(s: str, zh: bool) -> tuple[int, int, int]:
    """(runs of ? or ？, runs of ! or ！, opening quotation marks) in a sentence: "什么？！" is one
    question and one exclamation; a quoted speech opens once on each side whatever its length."""
    opened = _ZH_OPEN_Q if zh else _EN_OPEN_Q
    return len(_QMARK.findall(s)), len(_EXCL.findall(s)), len(opened.findall(s))


def match_counts(z: ZhFeat, e: EnFeat) -> tuple[int, int]:
    """(Chinese words matched in e, English stems matched by z) for one sentence pair."""
    if not z.words or not e.stems:
        return 0, 0
    es = e.stems
    # words that share a stem with e: all words less the disjoint ones (counted in C by map)
    return len(z.words) - sum(map(es.isdisjoint, z.words)), len(es & z.union)


def anchor_score(zh_anchors: frozenset[str], en_anchors: frozenset[str], en_stems: frozenset[str]) -> tuple[int, int]:
    """(agreeing anchors, anchors without a partner) between two spans.

    Latin tokens from the Chinese side (l:) agree when the English span contains the word; English
    capitalised words are not anchors (too many), so only the Chinese side can leave l: unpaired.
    """
    if not zh_anchors and not en_anchors:
        return 0, 0
    agree = 0
    lonely = 0
    for a in zh_anchors:
        if a[0] == "l":
            if _stem(a[2:]) in en_stems:
                agree += 1
            else:
                lonely += 1
        elif a in en_anchors:
            agree += 1
        else:
            lonely += 1
    lonely += sum(1 for a in en_anchors if a not in zh_anchors)
    return agree, lonely
