"""Pair the Chinese blocks of a document with their English counterparts.

Both sides keep their order, so this is a monotone alignment (dynamic programming) in which each
block is matched 1-1 or left on its own. A match is scored by structure (same kind of block, same
nesting) and by content that must agree across languages (numbers, Latin names inside Chinese,
names through the glossary, the length ratio) — never by position alone. In the interleaved layout
the two halves of a pair stand next to each other, which adds a strong bonus for adjacency.
"""
from __future__ import annotations

import bisect
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
    except MemoryError:
        raise  # the parse memory ceiling: refuse the file rather than pair it worse
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


# A band around the diagonal keeps long documents near-linear; wide enough for the seeds' extra
# headings and untranslated paragraphs. Beyond MAX_CELLS (a document of tens of thousands of blocks
# with one side much longer) the band narrows to what MAX_CELLS allows, never below MIN_BAND; in the
# interleaved layout it then follows the blocks' own order (each half stands next to its partner), so
# narrowing loses nothing there and it may narrow further, to GUIDED_BAND.
MIN_BAND = 30
GUIDED_BAND = 8
MAX_CELLS = 1_000_000


def _bands(zh: Sequence[Seg], en: Sequence[Seg], interleaved: bool) -> list[tuple[int, int]]:
    """For each row i (Chinese blocks 0..i-1 taken), the columns [lo, hi] the DP visits."""
    n, m = len(zh), len(en)
    band = max(MIN_BAND, abs(n - m) + 20)
    centres: list[float] = [i * m / n for i in range(n + 1)]
    starts = centres
    if (n + 1) * (2 * band + 1) > MAX_CELLS:
        band = max(GUIDED_BAND if interleaved else MIN_BAND, MAX_CELLS // (2 * (n + 1)))
        if interleaved:
            # the English blocks before each Chinese one: its partner is the last of them or the next
            en_pos = [e.pos for e in en]
            centres = [float(bisect.bisect_left(en_pos, z.pos)) for z in zh] + [float(m)]
            # a row also reaches back to the previous row's centre: the block before may pair there
            # and a run of partnerless blocks come after it
            starts = centres[:1] + centres[:-1]
    rows = [(max(0, int(s - band)), min(m, int(c + band))) for s, c in zip(starts, centres, strict=True)]
    # Keep the band connected from (0, 0) to (n, m): a row reaches at least where the next one
    # starts, so a run of blocks without partners is crossed along one row. (A no-op for the
    # diagonal band, which is always connected.)
    rows[0] = (0, rows[0][1])
    for i in range(n - 1, -1, -1):
        lo, hi = rows[i]
        rows[i] = (lo, max(hi, rows[i + 1][0]))
    return rows


def pair_segments(zh: Sequence[Seg], en: Sequence[Seg], *, interleaved: bool = False) -> list[tuple[Seg | None, Seg | None]]:
    """Monotone 1-1 / 1-0 / 0-1 alignment maximising the summed match scores.

    Only the band is stored (two rows of scores, one byte of back pointer per visited cell), so
    memory grows with the blocks times the band, not with the blocks squared.
    """
    n, m = len(zh), len(en)
    if not n or not m:
        return [(z, None) for z in zh] + [(None, e) for e in en]
    zh_f = [features(s) for s in zh]
    en_f = [features(s) for s in en]
    rows = _bands(zh, en, interleaved)
    neg = -1e18
    back = [bytearray(hi - lo + 1) for lo, hi in rows]  # 1 down, 2 right, 3 match; 0 unreached
    best = [neg] * (rows[0][1] + 1)
    best[0] = 0.0
    nlo = nhi = 0
    nxt: list[float] = []
    for i in range(n + 1):
        lo, hi = rows[i]
        moves = back[i]
        if i < n:
            nlo, nhi = rows[i + 1]
            nxt = [neg] * (nhi - nlo + 1)
            nmoves = back[i + 1]
        for j in range(lo, hi + 1):
            cur = best[j - lo]
            if cur == neg:
                continue
            if i < n and nlo <= j <= nhi and cur + SKIP > nxt[j - nlo]:
                nxt[j - nlo] = cur + SKIP
                nmoves[j - nlo] = 1
            if j < hi and cur + SKIP > best[j + 1 - lo]:
                best[j + 1 - lo] = cur + SKIP
                moves[j + 1 - lo] = 2
            if i < n and j < m and nlo <= j + 1 <= nhi:
                s = match_score(zh[i], en[j], interleaved=interleaved, fz=zh_f[i], fe=en_f[j])
                if s >= MIN_MATCH and cur + s > nxt[j + 1 - nlo]:
                    nxt[j + 1 - nlo] = cur + s
                    nmoves[j + 1 - nlo] = 3
        best = nxt
    path: list[tuple[Seg | None, Seg | None]] = []
    i, j = n, m
    while i or j:
        lo, hi = rows[i]
        move = back[i][j - lo] if lo <= j <= hi else 0
        if move == 3:
            path.append((zh[i - 1], en[j - 1]))
            i, j = i - 1, j - 1
        elif move == 1:
            path.append((zh[i - 1], None))
            i -= 1
        elif move == 2:
            path.append((None, en[j - 1]))
            j -= 1
        else:  # unreached (cannot happen in a connected band): leave the blocks unpaired
            if i:
                path.append((zh[i - 1], None))
                i -= 1
            else:
                path.append((None, en[j - 1]))
                j -= 1
    path.reverse()
    return path
