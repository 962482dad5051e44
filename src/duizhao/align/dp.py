"""Banded dynamic programming over sentence links 0-1, 1-0, 1-1, 1-2, 2-1, 2-2, 1-3, 3-1.

The path is searched in a band around the diagonal (or around a path of anchors given by the caller),
so the work is O(N * band). If the best path runs along the edge of the band the band was too narrow
(a long omission): it is doubled and the search redone, so the band costs speed, never correctness.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .length import length_cost, params
from .scores import EnFeat, ZhFeat, anchor_score, match_counts

BEADS: tuple[tuple[int, int], ...] = ((1, 1), (1, 0), (0, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1))
Link = tuple[list[int], list[int]]


@dataclass(frozen=True)
class Weights:
    """Cost weights: tuned on half of the WMT17 dev documents (bench/align.py --tune), see README."""

    sim: float = 6.0  # cost of (1 - similarity)
    length: float = 1.0  # cost of the Gale-Church length mismatch (-log p)
    anchor: float = 3.0  # an anchor counts as this many dictionary words
    skip: float = 4.5  # one unmatched sentence (1-0 or 0-1)
    merge: float = 1.2  # a 1-2 or 2-1 link
    merge22: float = 3.0  # a 2-2 link
    merge3: float = 3.0  # a 1-3 or 3-1 link

    def prior(self, a: int, b: int) -> float:
        if a == 0 or b == 0:
            return self.skip * (a + b)
        if a == 1 and b == 1:
            return 0.0
        if a == 2 and b == 2:
            return self.merge22
        if a + b == 3:
            return self.merge
        return self.merge3


DEFAULT = Weights()


class SpanScorer:
    """Similarity of a Chinese span and an English span, from cached 1-1 match counts."""

    def __init__(self, zf: Sequence[ZhFeat], ef: Sequence[EnFeat], w: Weights,
                 extra: Callable[[int, int, int, int], float] | None = None) -> None:
        self.zf, self.ef, self.w = zf, ef, w
        self.c, self.s2 = params()
        self._mc: dict[tuple[int, int], tuple[int, int]] = {}
        self.zlen = [0]
        for z in zf:
            self.zlen.append(self.zlen[-1] + z.length)
        self.elen = [0]
        for e in ef:
            self.elen.append(self.elen[-1] + e.length)
        self.extra = extra  # e.g. an embedding cost: (i0, i1, j0, j1) -> cost to add

    def counts(self, i: int, j: int) -> tuple[int, int]:
        key = (i, j)
        got = self._mc.get(key)
        if got is None:
            got = self._mc[key] = match_counts(self.zf[i], self.ef[j])
        return got

    def cost(self, i0: int, i1: int, j0: int, j1: int) -> float:
        """Cost of linking zh[i0:i1] with en[j0:j1] (both non-empty)."""
        w = self.w
        zf, ef = self.zf, self.ef
        lc = length_cost(self.zlen[i1] - self.zlen[i0], self.elen[j1] - self.elen[j0], self.c, self.s2)
        if i1 - i0 == 1 and j1 - j0 == 1:
            mz, me = self.counts(i0, j0)
            z, e = zf[i0], ef[j0]
            nz, ne = len(z.words), len(e.stems)
            za, ea, es = z.anchors, e.anchors, e.stems
        else:
            mz = me = nz = ne = 0
            for i in range(i0, i1):
                nzi = len(zf[i].words)
                nz += nzi
                mz += min(nzi, sum(self.counts(i, j)[0] for j in range(j0, j1)))
            for j in range(j0, j1):
                nej = len(ef[j].stems)
                ne += nej
                me += min(nej, sum(self.counts(i, j)[1] for i in range(i0, i1)))
            za = frozenset().union(*(zf[i].anchors for i in range(i0, i1)))
            ea = frozenset().union(*(ef[j].anchors for j in range(j0, j1)))
            es = frozenset().union(*(ef[j].stems for j in range(j0, j1))) if za else frozenset()
        agree, lonely = anchor_score(za, ea, es) if (za or ea) else (0, 0)
        den = nz + ne + w.anchor * (2 * agree + lonely)
        sim = (mz + me + 2 * w.anchor * agree) / den if den else 0.3
        cost = w.sim * (1.0 - sim) + w.length * lc + w.prior(i1 - i0, j1 - j0)
        if self.extra is not None:
            cost += self.extra(i0, i1, j0, j1)
        return cost


def _bands(n: int, m: int, width: int, centre: Sequence[float] | None) -> tuple[list[int], list[int]]:
    lo, hi = [], []
    for i in range(n + 1):
        c = centre[i] if centre is not None else (i * m / n if n else 0.0)
        lo.append(max(0, int(math.floor(c - width))))
        hi.append(min(m, int(math.ceil(c + width))))
    # keep the band connected: a row may not start after the previous row ends
    for i in range(1, n + 1):
        if lo[i] > hi[i - 1]:
            lo[i] = hi[i - 1]
    lo[0], hi[n] = 0, m
    return lo, hi


def banded_dp(scorer: SpanScorer, n: int, m: int, width: int = 8,
              centre: Sequence[float] | None = None) -> list[Link]:
    """Best monotone path of links through the band; widens the band when the path rides its edge."""
    if n == 0 or m == 0:
        return [([i], []) for i in range(n)] + [([], [j]) for j in range(m)]
    while True:
        lo, hi = _bands(n, m, width, centre)
        links, touched = _dp(scorer, n, m, lo, hi)
        if not touched or (width >= n + m):
            return links
        width *= 2


def _dp(scorer: SpanScorer, n: int, m: int, lo: list[int], hi: list[int]) -> tuple[list[Link], bool]:
    inf = math.inf
    w = scorer.w
    skip = w.skip
    rows: list[list[float]] = []
    back: list[list[int]] = []
    for i in range(n + 1):
        li, hii = lo[i], hi[i]
        row = [inf] * (hii - li + 1)
        bk = [-1] * (hii - li + 1)
        for j in range(li, hii + 1):
            if i == 0 and j == 0:
                row[0] = 0.0
                continue
            best, arg = inf, -1
            for k, (a, b) in enumerate(BEADS):
                pi, pj = i - a, j - b
                if pi < 0 or pj < 0:
                    continue
                plo = lo[pi]
                if pj < plo or pj > hi[pi]:
                    continue
                prev = rows[pi][pj - plo] if pi < i else row[pj - li]
                if prev == inf:
                    continue
                c = prev + (skip * (a + b) if a == 0 or b == 0 else scorer.cost(pi, i, pj, j))
                if c < best:
                    best, arg = c, k
            row[j - li] = best
            bk[j - li] = arg
        rows.append(row)
        back.append(bk)
    # trace back
    links: list[Link] = []
    i, j = n, m
    touched = False
    while i > 0 or j > 0:
        k = back[i][j - lo[i]]
        if k < 0:
            raise RuntimeError("alignment DP found no path")  # cannot happen: 1-0/0-1 always connect
        if (j == lo[i] and lo[i] > 0) or (j == hi[i] and hi[i] < m):
            touched = True
        a, b = BEADS[k]
        links.append((list(range(i - a, i)), list(range(j - b, j))))
        i, j = i - a, j - b
    links.reverse()
    return links, touched
