"""An in-document lexicon: word pairs learned from the confident links of a first alignment.

CC-CEDICT knows 小宝 as "little treasure", not as "Trinket"; a translator's rendering of names and
recurring words is consistent within a text, and nothing outside the text knows it. So, as Moore
(2002) does with a length-only first pass and IBM Model 1, the confident links of a first pass
teach the second: a Chinese token and an English stem that keep appearing together in confident
links (Dice coefficient over links, seen together at least MIN_PAIRS times) become a translation
pair for this text, and the second pass counts them as dictionary matches. Counts are over links,
so a pair is learned only from several sentences; a pair the dictionary already gives adds nothing.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from .scores import Clause, EnFeat, ZhFeat

MIN_PAIRS = 2  # links a pair must share
MIN_DICE = 0.5  # 2 * together / (links with the token + links with the stem)
MAX_PER_TOKEN = 3  # English stems one token may gain


def learn(zf: Sequence[ZhFeat], ef: Sequence[EnFeat], links: Sequence[tuple[Sequence[int], Sequence[int]]],
          min_pairs: int = MIN_PAIRS, min_dice: float = MIN_DICE) -> dict[str, frozenset[str]]:
    """token -> English stems it is rendered by in this text, from `links` (the confident ones)."""
    cz: Counter[str] = Counter()
    ce: Counter[str] = Counter()
    both: Counter[tuple[str, str]] = Counter()
    for zi, ej in links:
        if not zi or not ej:
            continue
        toks = {t for i in zi for t in zf[i].tokens}
        stems = frozenset().union(*(ef[j].stems for j in ej))
        known = frozenset().union(*(zf[i].union for i in zi))
        cz.update(toks)
        ce.update(stems)
        for t in toks:
            for st in stems - known:  # what the dictionary already matches needs no learning
                both[t, st] += 1
    out: dict[str, list[tuple[float, str]]] = {}
    for (t, st), n in both.items():
        if n < min_pairs:
            continue
        dice = 2.0 * n / (cz[t] + ce[st])
        if dice >= min_dice:
            out.setdefault(t, []).append((dice, st))
    return {t: frozenset(st for _, st in sorted(c, reverse=True)[:MAX_PER_TOKEN]) for t, c in out.items()}


def _learned(c: Clause, lex: dict[str, frozenset[str]]) -> Clause:
    extra = [lex[t] for t in c.tokens if t in lex]
    return replace(c, words=c.words + tuple(extra), union=c.union.union(*extra)) if extra else c


def apply(zf: Sequence[ZhFeat], lex: dict[str, frozenset[str]]) -> list[ZhFeat]:
    """The Chinese features with the learned stems: one more word per learned token of a sentence."""
    if not lex:
        return list(zf)
    out: list[ZhFeat] = []
    for z in zf:
        extra = [lex[t] for t in z.tokens if t in lex]
        if not extra:
            out.append(z)
            continue
        words = z.words + extra
        clauses = tuple(_learned(c, lex) for c in z.clauses)
        out.append(replace(z, words=words, union=z.union.union(*extra), clauses=clauses))
    return out
