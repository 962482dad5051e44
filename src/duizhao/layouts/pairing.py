"""Pair the Chinese blocks of a document with their English counterparts.

Both sides keep their order, so this is a monotone alignment (dynamic programming) in which each
block is matched 1-1 or left on its own. A match is scored by structure (same kind of block, same
nesting) and by content that must agree across languages (numbers, Latin names inside Chinese,
names through the glossary, the length ratio) — never by position alone. In the interleaved layout
the two halves of a pair stand next to each other, which adds a strong bonus for adjacency.
"""
from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .text import content_length

# en characters per Chinese character, and the spread of its log, measured on the WMT17 dev pairs
# (bench: python -c in layouts/README): exp(mean log ratio) = 3.63, sd 0.25. Digests summarise
# rather than translate, so the spread used for scoring is twice the measured one.
EN_PER_ZH_CHAR = 3.63
LOG_RATIO_SD = 0.5

SKIP = -1.0  # cost of leaving one block without a partner
MIN_MATCH = -1.6  # a match scoring below this is never taken (two skips are cheaper anyway)


@dataclass
class Seg:
    """A block on its way to becoming (half of) a unit."""

    text: str
    lang: str  # zh | en
    kind: str  # heading | paragraph | bullet | item | title | footnote
    pos: int  # index in the document's block sequence
    level: int = 0


NUM_RE = re.compile(r"\d+(?:[.,]\d+)*")
LATIN_IN_ZH_RE = re.compile(r"[A-Za-z][A-Za-z0-9\-]{1,}")
LATIN_WORD_RE = re.compile(r"[A-Za-z][A-Za-z0-9\-]+")


def _numbers(text: str) -> set[str]:
    """Digit strings with separators removed and trailing zeros dropped; scale words ignored.

    A full quantity comparison (亿 vs billion) belongs to the checks; for pairing it is enough
    that 2022, 24 and 153.9385 appear on both sides.
    """
    out = set()
    for m in NUM_RE.finditer(text):
        s = m.group().replace(",", "")
        if "." in s:
            s = s.rstrip("0").rstrip(".")
        if s and len(s) <= 12:
            out.add(s)
    return out


def _glossary_ids(text: str, lang: str) -> set[str]:
    from ..lang import glossary

    try:
        return {m[0] for m in glossary.load().find_mentions(text, lang)}
    except Exception:  # noqa: BLE001 - pairing must not fail because of a glossary problem
        return set()


def _kind_score(a: str, b: str) -> float:
    if a == b:
        return 1.0
    pair = {a, b}
    if pair <= {"heading", "paragraph", "title"}:
        return 0.0
    if pair == {"bullet", "item"}:
        return -0.5
    return -1.0


@dataclass
class Features:
    """What a segment offers for comparison, computed once per segment rather than once per pair."""

    length: int
    numbers: set[str]
    latin: set[str]  # Latin tokens: inside Chinese text they are names to find in the English
    names: set[str]  # glossary entity ids


def features(seg: Seg) -> Features:
    if seg.lang == "zh":
        latin = {t.lower() for t in LATIN_IN_ZH_RE.findall(seg.text)}
    else:
        latin = {w.lower() for w in LATIN_WORD_RE.findall(seg.text)}
    return Features(content_length(seg.text), _numbers(seg.text), latin, _glossary_ids(seg.text, seg.lang))


def match_score(zh: Seg, en: Seg, *, interleaved: bool = False, fz: Features | None = None, fe: Features | None = None) -> float:
    fz = fz or features(zh)
    fe = fe or features(en)
    score = _kind_score(zh.kind, en.kind)
    if zh.level == en.level:
        score += 0.2
    if fz.length and fe.length:
        z = math.log(fe.length / (fz.length * EN_PER_ZH_CHAR)) / LOG_RATIO_SD
        score -= 0.35 * min(abs(z), 6.0)
    if fz.numbers and fe.numbers:
        overlap = len(fz.numbers & fe.numbers) / max(len(fz.numbers), len(fe.numbers))
        score += 2.0 * overlap - 0.5 * (1 - overlap)
    elif fz.numbers or fe.numbers:
        score -= 0.2
    if fz.latin:
        score += 0.5 * min(3, len(fz.latin & fe.latin)) - 0.2 * min(3, len(fz.latin - fe.latin))
    if fz.names or fe.names:
        score += 0.6 * min(4, len(fz.names & fe.names)) - 0.25 * min(4, len(fz.names ^ fe.names))
    if interleaved:
        score += 2.5 if abs(zh.pos - en.pos) == 1 else -1.0
    return score


def pair_segments(zh: Sequence[Seg], en: Sequence[Seg], *, interleaved: bool = False) -> list[tuple[Seg | None, Seg | None]]:
    """Monotone 1-1 / 1-0 / 0-1 alignment maximising the summed match scores."""
    n, m = len(zh), len(en)
    if not n or not m:
        return [(z, None) for z in zh] + [(None, e) for e in en]
    zh_f = [features(s) for s in zh]
    en_f = [features(s) for s in en]
    # A band around the diagonal keeps long documents near-linear; wide enough for the seeds'
    # extra headings and untranslated paragraphs.
    band = max(30, abs(n - m) + 20)
    neg = -1e18
    best = [[neg] * (m + 1) for _ in range(n + 1)]
    back: list[list[int]] = [[0] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n + 1):
        centre = i * m / n
        lo, hi = max(0, int(centre - band)), min(m, int(centre + band))
        for j in range(lo, hi + 1):
            cur = best[i][j]
            if cur == neg:
                continue
            if i < n and cur + SKIP > best[i + 1][j]:
                best[i + 1][j] = cur + SKIP
                back[i + 1][j] = 1
            if j < m and cur + SKIP > best[i][j + 1]:
                best[i][j + 1] = cur + SKIP
                back[i][j + 1] = 2
            if i < n and j < m:
                s = match_score(zh[i], en[j], interleaved=interleaved, fz=zh_f[i], fe=en_f[j])
                if s >= MIN_MATCH and cur + s > best[i + 1][j + 1]:
                    best[i + 1][j + 1] = cur + s
                    back[i + 1][j + 1] = 3
    path: list[tuple[Seg | None, Seg | None]] = []
    i, j = n, m
    while i or j:
        move = back[i][j]
        if move == 3:
            path.append((zh[i - 1], en[j - 1]))
            i, j = i - 1, j - 1
        elif move == 1:
            path.append((zh[i - 1], None))
            i -= 1
        elif move == 2:
            path.append((None, en[j - 1]))
            j -= 1
        else:  # outside the band: fall back to leaving blocks unpaired
            if i:
                path.append((zh[i - 1], None))
                i -= 1
            else:
                path.append((None, en[j - 1]))
                j -= 1
    path.reverse()
    return path
