"""Where the path runs through a long text: a coarse alignment of blocks of sentences.

Over a book the alignment path drifts far from any straight line (omissions, passages rendered
much longer or shorter), and a length-only guide loses it for good: length says nothing about
*which* sentences match. Bertalign finds anchors first; here the anchors are blocks. Both sides are
cut into about BLOCKS equal runs of sentences; each block pair is scored by dictionary evidence (the
share of the English block's content stems that the Chinese block's glosses cover: one C-level set
intersection per cell) and length; a small DP over the block grid (1-1, 1-2, 2-1, skips) gives a
path, and its per-row position centres the sentence-level band. The grid has at most BLOCKS x
BLOCKS cells whatever the length, and each cell's work grows with the block size, so the guide is
linear in the text length.
"""
from __future__ import annotations

import bisect
import math
from collections.abc import Sequence

from .length import length_cost
from .scores import EnFeat, ZhFeat

BLOCKS = 600  # blocks per side at most
MIN_BLOCK = 8  # sentences per Chinese block at least
SKIP = 1.0  # a block with no partner (cost, in coverage units)
MERGE = 0.3  # a 1-2 or 2-1 block link
LENGTH = 0.05  # weight of the length mismatch of a block link
BAND = 12  # blocks either side of the block diagonal (doubled while the path rides the band's edge)


def block_guide(zf: Sequence[ZhFeat], ef: Sequence[EnFeat], c: float, s2: float) -> list[float]:
    """For each Chinese sentence boundary 0..n, the English boundary the coarse path puts there."""
    n, m = len(zf), len(ef)
    bz = max(MIN_BLOCK, math.ceil(n / BLOCKS))
    nb = math.ceil(n / bz)
    be = m / nb  # English sentences per block, so both sides have the same number of blocks
    zcut = [min(n, k * bz) for k in range(nb + 1)]
    ecut = [min(m, round(k * be)) for k in range(nb + 1)]
    zu = [frozenset().union(*(zf[i].union for i in range(zcut[k], zcut[k + 1]))) for k in range(nb)]
    es = [frozenset().union(*(ef[j].stems for j in range(ecut[k], ecut[k + 1]))) for k in range(nb)]
    zl = [sum(zf[i].length for i in range(zcut[k], zcut[k + 1])) for k in range(nb)]
    el = [sum(ef[j].length for j in range(ecut[k], ecut[k + 1])) for k in range(nb)]

    zu2 = [zu[k] | zu[k + 1] for k in range(nb - 1)]
    es2 = [es[k] | es[k + 1] for k in range(nb - 1)]
    ne = [len(x) or 1 for x in es]
    ne2 = [len(x) or 1 for x in es2]
    beads = ((1, 1), (1, 0), (0, 1), (1, 2), (2, 1))
    width = BAND
    while True:  # a band around the block diagonal, doubled while the path rides its edge
        d, back = _block_dp(nb, width, zu, zu2, es, es2, ne, ne2, zl, el, c, s2)
        pts: list[tuple[int, int]] = []
        a, b = nb, nb
        touches = False
        while a > 0 or b > 0:
            pts.append((a, b))
            if abs(b - a) >= width and 0 < b < nb:
                touches = True
            x, y = beads[back[a][b]]
            a, b = a - x, b - y
        pts.append((0, 0))
        pts.reverse()
        if not touches or width >= nb:
            break
        width *= 2
    # sentence coordinates of the path's corners; rows between them are interpolated
    corners: dict[int, list[float]] = {}
    for a, b in pts:
        corners.setdefault(zcut[a], []).append(float(ecut[b]))
    keys = sorted(corners)
    out: list[float] = []
    for i in range(n + 1):
        if i in corners:
            out.append(sum(corners[i]) / len(corners[i]))
            continue
        pos = bisect.bisect_right(keys, i)
        p, k = keys[pos - 1], keys[pos]
        jp, jk = max(corners[p]), min(corners[k])
        out.append(jp + (jk - jp) * (i - p) / (k - p))
    return out


def _block_dp(nb: int, width: int, zu: list[frozenset[str]], zu2: list[frozenset[str]], es: list[frozenset[str]],
              es2: list[frozenset[str]], ne: list[int], ne2: list[int], zl: list[float], el: list[int],
              c: float, s2: float) -> tuple[list[list[float]], list[list[int]]]:
    # cost of a block link: the share of the English block's stems not covered, plus length and type
    inf = math.inf
    d = [[inf] * (nb + 1) for _ in range(nb + 1)]
    back = [[0] * (nb + 1) for _ in range(nb + 1)]
    d[0][0] = 0.0
    for a in range(nb + 1):
        da, ba = d[a], back[a]
        dp1 = d[a - 1] if a >= 1 else None
        dp2 = d[a - 2] if a >= 2 else None
        for b in range(max(0, a - width), min(nb, a + width) + 1):
            best, arg = inf, 0
            if b >= 1:
                v = da[b - 1] + SKIP
                if v < best:
                    best, arg = v, 2
            if dp1 is not None:
                v = dp1[b] + SKIP
                if v < best:
                    best, arg = v, 1
                if b >= 1:
                    v = dp1[b - 1] + (1.0 - len(es[b - 1] & zu[a - 1]) / ne[b - 1]) + LENGTH * length_cost(
                        zl[a - 1], el[b - 1], c, s2)
                    if v < best:
                        best, arg = v, 0
                if b >= 2:
                    v = dp1[b - 2] + 1.5 * (1.0 - len(es2[b - 2] & zu[a - 1]) / ne2[b - 2]) + MERGE + LENGTH * (
                        length_cost(zl[a - 1], el[b - 2] + el[b - 1], c, s2))
                    if v < best:
                        best, arg = v, 3
            if dp2 is not None and b >= 1:
                v = dp2[b - 1] + 1.5 * (1.0 - len(es[b - 1] & zu2[a - 2]) / ne[b - 1]) + MERGE + LENGTH * (
                    length_cost(zl[a - 2] + zl[a - 1], el[b - 1], c, s2))
                if v < best:
                    best, arg = v, 4
            if a or b:
                da[b], ba[b] = best, arg
    return d, back
