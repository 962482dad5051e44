"""Banded dynamic programming over sentence links 0-1, 1-0, 1-1, 1-2, 2-1, 2-2, 1-3, 3-1, 1-4, 4-1
(and 2-3, 3-2 when their weight is finite; by default it is not).

Passes, each O(N * band):
0. for long texts only (over 200 x 200 sentences), a coarse alignment of blocks of sentences by
   dictionary overlap (guide.py) finds where the path runs, since over a book it drifts far from
   any straight line and from the length diagonal;
1. a cheap pass with 1-1, 1-0, 0-1 only, in a band around the length diagonal (or that guide),
   finds the rough path; if the path rides the edge of the band, the band is first moved onto the
   path, then doubled (around a guide: widened only near the rows that touched), so the band costs
   speed, never correctness; a run of unmatched sentences (a long omission the band may hide) makes
   it look at everything when that is affordable;
2. the full pass with every link type in a narrow band around the rough path, closed to the path
   itself at confident 1-1 links (Bertalign's anchors).

Costs are additive -log-probability-like terms (see Weights): similarity and length per link,
plus a prior per link type (Gale & Church's bead probabilities, in nats).

Speed without changing the answer: the full pass scores a merge (1-2, 2-2, ...) only when a lower
bound of its cost could still beat the best link found so far for that cell (first its prior less
the most its anchors could refund, then plus its length term, then plus a coverage term from the
cached 1-1 match counts); the DP keeps a link only when strictly better, so a link whose bound
already loses can never be chosen. 1-1 costs are cached by an int key for all passes.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .inner import CROSS_MAX, cross_gain, inner_cost
from .length import length_cost, params
from .scores import Clause, EnFeat, ZhFeat, anchor_score, match_counts

BEADS: tuple[tuple[int, int], ...] = (
    (1, 1), (1, 0), (0, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1), (2, 3), (3, 2), (1, 4), (4, 1))
BEADS_ROUGH: tuple[tuple[int, int], ...] = ((1, 1), (1, 0), (0, 1))
BEADS_GUIDE: tuple[tuple[int, int], ...] = ((1, 1), (1, 0), (0, 1), (1, 2), (2, 1))  # length-only passes
Link = tuple[list[int], list[int]]
Extra = Callable[[int, int, int, int], float]


@dataclass(frozen=True)
class Weights:
    """Cost weights and pass settings: what bench/align.py's search picks on all six MAC-Dev passages
    plus the even WMT17 dev documents (its reported figures come from leave-one-passage-out); README."""

    sim: float = 7.0  # cost of an uncovered sentence (coverage: dictionary words matched on the other side)
    length: float = 0.2  # cost of the Gale-Church length mismatch (-log p)
    anchor: float = 1.0  # cost of an anchor without partner; half of it is refunded per agreeing anchor
    skip: float = 6.0  # one unmatched sentence (1-0 or 0-1)
    merge: float = 0.9  # a 1-2 or 2-1 link
    merge22: float = 4.4  # a 2-2 link
    merge3: float = 2.5  # a 1-3 or 3-1 link
    orphan: float = 0.0  # a sentence inside a 1-2/2-1/... link that matches nothing on the other side
    merge23: float = math.inf  # a 2-3 or 3-2 link (inf: not considered; tuning found them to do harm)
    merge4: float = 3.5  # a 1-4 or 4-1 link
    clause: float = 5.0  # ending a link after a Chinese clause that ends in ； (the sentence goes on)
    qmark: float = 0.0  # per question (? runs) more on one side of a link than on the other
    excl: float = 0.0  # per exclamation (! runs) more on one side than on the other
    quote: float = 0.5  # per quotation opened on one side more than on the other
    # The second pass (lexicon.py): word pairs learned from the first pass's links; 0 = one pass only.
    lex_pairs: int = 2  # links a learned pair must share
    lex_margin: float = 0.0  # only links at least this sure (link_margins) teach the lexicon
    # Inside a 1-n or n-1 link, the pieces must follow the one sentence's clauses in order (inner.py):
    inner: float = 4.0  # per unit of words matched across the clause order (as sim is per unit of miss)
    inner_len: float = 0.0  # per unit of the length model over each piece and its clauses
    qstate: float = 2.0  # ending a link inside a quoted speech on one side and outside it on the other
    # A 2-2/2-3/3-2 link is refunded this much per unit of inner.cross_gain (a clause moved across
    # sentences), up to its prior
    cross: float = 0.0
    emb: float = 10.0  # with embeddings: cost per sentence per unit of cosine below the sentences' usual best
    # confidence of a link = logistic(conf_a * margin + conf_b), fitted on the tuning passages
    conf_a: float = 0.767
    conf_b: float = 0.292

    def prior(self, a: int, b: int) -> float:
        if a == 0 or b == 0:
            return self.skip * (a + b)
        if a == 1 and b == 1:
            return 0.0
        if a == 2 and b == 2:
            return self.merge22
        if a + b == 3:
            return self.merge
        if a + b == 4:
            return self.merge3
        if a == 1 or b == 1:
            return self.merge4
        return self.merge23


DEFAULT = Weights()
FULL_CELLS = 250_000  # the largest rough pass redone unbanded when the banded one looks wrong
GC_SKIP, GC_MERGE = 4.5, 2.3  # Gale & Church 1993: -ln P(1-0) / P(1-1), -ln P(2-1) / P(1-1)
MAX_MOVES = 4  # times the rough band is re-centred on its own path before it is widened
GUIDE_CELLS = 40_000  # above 200 x 200 sentences a coarse block alignment first finds the band's centre
GUIDED_WIDTH = 8.0  # the rough band's half-width around that guide (which is right to within a block)
WIDEN_ROWS = 8  # rows either side of an edge-touching row that a widening step widens
SKIP_RUN = 5  # ... i.e. when this many consecutive sentences found no partner
FINE_WIDTH = 2.5  # the fine pass looks this many sentences either side of the rough path
PRUNE_LC = 8.0  # links of 4+ sentences beyond this length cost (p < 0.0004) are never taken (gold: <= 5.4)
NEUTRAL = 0.4  # coverage assumed for a sentence with no dictionary words (a bare name, a number)


class SpanScorer:
    """Cost of linking a Chinese span with an English span, from cached 1-1 match counts."""

    def __init__(self, zf: Sequence[ZhFeat], ef: Sequence[EnFeat], w: Weights = DEFAULT,
                 extra: Extra | None = None, counts_cache: dict[int, tuple[int, int]] | None = None) -> None:
        self.zf, self.ef, self.w = zf, ef, w
        self.c, self.s2 = params()
        self._mc: dict[int, tuple[int, int]] = {} if counts_cache is None else counts_cache
        self._cost: dict[tuple[int, int, int, int], float] = {}
        self._c11: dict[int, float] = {}  # 1-1 costs by i * (m + 1) + j: every pass asks for them
        self._zcov: dict[tuple[int, int, int], int] = {}
        self._ecov: dict[tuple[int, int, int], int] = {}
        self._eu: dict[tuple[int, int], frozenset[str]] = {}
        self._zu: dict[tuple[int, int], frozenset[str]] = {}
        self._prior = {(a, b): w.prior(a, b) for a, b in BEADS}
        self.beads = tuple(bd for bd in BEADS if self._prior[bd] < math.inf)
        # cost of a link ending after Chinese sentence i-1, per row i (row n: the text ends anyway)
        self.end_cost = [0.0] + [w.clause if z.clause_end else 0.0 for z in zf[:-1]] + [0.0]
        # whether each sentence boundary lies inside a quotation, per side (row/column 0: before the text)
        self.zin = quote_states([z.quotes for z in zf]) if w.qstate else []
        self.ein = quote_states([e.quotes for e in ef]) if w.qstate else []
        self._m1 = len(ef) + 1
        self.zlen = [0.0]
        for z in zf:
            self.zlen.append(self.zlen[-1] + z.length)
        self.elen = [0]
        for e in ef:
            self.elen.append(self.elen[-1] + e.length)
        self.nz = [len(z.words) for z in zf]
        self.ne = [len(e.stems) for e in ef]
        # prefix sums of the Chinese anchor counts: a bound on how much agreeing anchors can refund
        self.zanc = [0]
        for z in zf:
            self.zanc.append(self.zanc[-1] + len(z.anchors))
        # prefix sums of question and exclamation counts (scores.punct_marks), for the marks term
        self.zq, self.zx, self.zo, self.eq, self.ex, self.eo = [0], [0], [0], [0], [0], [0]
        for z in zf:
            self.zq.append(self.zq[-1] + z.marks[0])
            self.zx.append(self.zx[-1] + z.marks[1])
            self.zo.append(self.zo[-1] + z.marks[2])
        for e in ef:
            self.eq.append(self.eq[-1] + e.marks[0])
            self.ex.append(self.ex[-1] + e.marks[1])
            self.eo.append(self.eo[-1] + e.marks[2])
        self.use_marks = w.qmark != 0.0 or w.excl != 0.0 or w.quote != 0.0
        self.use_inner = w.inner != 0.0 or w.inner_len != 0.0
        self.use_cross = w.cross != 0.0
        self._zpiece: dict[int, Clause] = {}
        self._epiece: dict[int, Clause] = {}
        self.extra = extra  # e.g. an embedding cost: (i0, i1, j0, j1) -> cost to add
        # The DP may skip scoring a merge whose lower bound already loses (see _merge_bounded); the
        # bound holds only when the weights of the relaxed terms are >= 0 and nothing is added.
        self.prunable = extra is None and min(
            w.sim, w.length, w.orphan, w.anchor, w.qmark, w.excl, w.quote, w.inner, w.inner_len, w.cross) >= 0.0

    def counts(self, i: int, j: int) -> tuple[int, int]:
        key = i * self._m1 + j
        got = self._mc.get(key)
        if got is None:
            got = self._mc[key] = match_counts(self.zf[i], self.ef[j])
        return got

    def zcov(self, i: int, j0: int, j1: int) -> int:
        """How many content words of Chinese sentence i are matched in the English span j0:j1."""
        if j1 - j0 == 1:
            return self.counts(i, j0)[0]
        mc, base = self._mc, i * self._m1
        tot = top = 0
        for j in range(j0, j1):
            got = mc.get(base + j)
            v = (got if got is not None else self.counts(i, j))[0]
            tot += v
            if v > top:
                top = v
        if tot == top:  # matches in one sentence at most: nothing counted twice
            return top
        key = (i, j0, j1)
        cov = self._zcov.get(key)
        if cov is None:
            es = self._span_union(self._eu, j0, j1, True)
            words = self.zf[i].words
            cov = self._zcov[key] = len(words) - sum(map(es.isdisjoint, words))
        return cov

    def ecov(self, j: int, i0: int, i1: int) -> int:
        """How many content stems of English sentence j are matched by the Chinese span i0:i1."""
        if i1 - i0 == 1:
            return self.counts(i0, j)[1]
        mc, m1 = self._mc, self._m1
        tot = top = 0
        for i in range(i0, i1):
            got = mc.get(i * m1 + j)
            v = (got if got is not None else self.counts(i, j))[1]
            tot += v
            if v > top:
                top = v
        if tot == top:
            return top
        key = (j, i0, i1)
        cov = self._ecov.get(key)
        if cov is None:
            cov = self._ecov[key] = len(self.ef[j].stems & self._span_union(self._zu, i0, i1, False))
        return cov

    def _span_union(self, cache: dict[tuple[int, int], frozenset[str]], a: int, b: int, en: bool) -> frozenset[str]:
        got = cache.get((a, b))
        if got is None:
            parts = [self.ef[k].stems for k in range(a, b)] if en else [self.zf[k].union for k in range(a, b)]
            got = cache[(a, b)] = frozenset().union(*parts)
        return got

    def length_cost(self, i0: int, i1: int, j0: int, j1: int) -> float:
        """Gale & Church's own cost: the length model plus their bead priors (in nats)."""
        lc = length_cost(self.zlen[i1] - self.zlen[i0], self.elen[j1] - self.elen[j0], self.c, self.s2)
        return lc + (0.0 if i1 - i0 == 1 and j1 - j0 == 1 else GC_MERGE)

    def marks(self, i0: int, i1: int, j0: int, j1: int) -> float:
        """The cost of questions and exclamations on one side of a link that the other side lacks."""
        w = self.w
        return (w.qmark * abs(self.zq[i1] - self.zq[i0] - self.eq[j1] + self.eq[j0])
                + w.excl * abs(self.zx[i1] - self.zx[i0] - self.ex[j1] + self.ex[j0])
                + w.quote * abs(self.zo[i1] - self.zo[i0] - self.eo[j1] + self.eo[j0]))

    def inner(self, i0: int, i1: int, j0: int, j1: int) -> float:
        """The clause-order cost of a 1-n or n-1 link (inner.py); 0 for other shapes."""
        if i1 - i0 == 1 and j1 - j0 >= 2:
            z = self.zf[i0]
            clauses = z.clauses or (Clause(z.length, tuple(z.words), z.union),)
            pieces = [self._piece(self._epiece, j) for j in range(j0, j1)]
            zh = True
        elif j1 - j0 == 1 and i1 - i0 >= 2:
            e = self.ef[j0]
            clauses = e.clauses or (self._piece(self._epiece, j0),)
            pieces = [self._piece(self._zpiece, i) for i in range(i0, i1)]
            zh = False
        else:
            return 0.0
        return inner_cost(clauses, pieces, zh, self.c, self.s2, self.w.inner, self.w.inner_len)

    def cross(self, i0: int, i1: int, j0: int, j1: int) -> float:
        """The refund of an m-n link (both sides >= 2) whose pieces cross the other side's sentence
        boundaries (inner.cross_gain, the larger of the two directions); 0 for other shapes, and 0 when
        a sentence of the link matches nothing on its other side (then the link holds a neighbour's
        sentence, and the gain only says that the rest of the link reads as a 2-1 or 1-2)."""
        if i1 - i0 < 2 or j1 - j0 < 2:
            return 0.0
        if any(self.zcov(i, j0, j1) == 0 for i in range(i0, i1)) or any(
                self.ecov(j, i0, i1) == 0 for j in range(j0, j1)):
            return 0.0
        zs = [self.zf[i].clauses or (self._piece(self._zpiece, i),) for i in range(i0, i1)]
        es = [self.ef[j].clauses or (self._piece(self._epiece, j),) for j in range(j0, j1)]
        g = max(cross_gain(zs, [self._piece(self._epiece, j) for j in range(j0, j1)], True, self.c, self.s2),
                cross_gain(es, [self._piece(self._zpiece, i) for i in range(i0, i1)], False, self.c, self.s2))
        # at most the link's prior: a moved clause says the shape is no surprise, not that it is better
        return min(self.w.prior(i1 - i0, j1 - j0), self.w.cross * g)

    def _piece(self, cache: dict[int, Clause], k: int) -> Clause:
        got = cache.get(k)
        if got is None:
            if cache is self._zpiece:
                z = self.zf[k]
                got = cache[k] = Clause(z.length, tuple(z.words), z.union)
            else:
                e = self.ef[k]
                got = cache[k] = Clause(float(e.length), tuple(frozenset((x,)) for x in e.stems), e.stems)
        return got

    def lc(self, i0: int, i1: int, j0: int, j1: int) -> float:
        """The length term alone (-log p of the length mismatch): the one length model, length.py."""
        return length_cost(self.zlen[i1] - self.zlen[i0], self.elen[j1] - self.elen[j0], self.c, self.s2)

    def cost(self, i0: int, i1: int, j0: int, j1: int) -> float:
        """Cost of linking zh[i0:i1] with en[j0:j1] (both non-empty); cached, both passes ask."""
        if i1 - i0 == 1 and j1 - j0 == 1:
            return self.cost11(i0, j0)
        key = (i0, i1, j0, j1)
        got = self._cost.get(key)
        if got is None:
            got = self._cost[key] = self._compute(i0, i1, j0, j1)
        return got

    def cost11(self, i: int, j: int) -> float:
        """Cost of the 1-1 link zh[i] - en[j] (cached)."""
        key = i * self._m1 + j
        got = self._c11.get(key)
        if got is None:
            got = self._c11[key] = self._compute11(i, j)
        return got

    def _compute11(self, i0: int, j0: int) -> float:
        w = self.w
        lc = length_cost(self.zlen[i0 + 1] - self.zlen[i0], self.elen[j0 + 1] - self.elen[j0], self.c, self.s2)
        mz, me = self._mc.get(i0 * self._m1 + j0) or self.counts(i0, j0)
        nz, ne = self.nz[i0], self.ne[j0]
        miss = (1.0 - (mz / nz if nz else NEUTRAL)) + (1.0 - (me / ne if ne else NEUTRAL))
        cost = w.sim * miss * 0.5 + w.length * lc
        za, ea = self.zf[i0].anchors, self.ef[j0].anchors
        if za or ea:
            agree, lonely = anchor_score(za, ea, self.ef[j0].stems)
            cost += w.anchor * (lonely - 0.5 * agree)
        if self.use_marks:
            cost += self.marks(i0, i0 + 1, j0, j0 + 1)
        if self.extra is not None:
            cost += self.extra(i0, i0 + 1, j0, j0 + 1)
        return cost

    def _compute(self, i0: int, i1: int, j0: int, j1: int) -> float:
        if i1 - i0 == 1 and j1 - j0 == 1:
            return self._compute11(i0, j0)
        lc = self.lc(i0, i1, j0, j1)
        if i1 - i0 + j1 - j0 >= 4 and lc > PRUNE_LC:
            return math.inf  # a long link far off the length ratio: not worth scoring (speed)
        return self._merge_cost(i0, i1, j0, j1, lc)

    def _merge_bounded(self, i0: int, i1: int, j0: int, j1: int, lc: float,
                       prev: float, ec: float, best: float) -> float | None:
        """_merge_cost(...), or None when the link provably cannot win its DP cell: when even a lower
        bound of its cost gives prev + cost + ec >= best (the DP keeps only a strictly better link).

        The bound is the cost itself with two terms relaxed: a sentence matched by several sentences
        of the other side gets the sum of its pair counts as coverage (the exact span coverage, a
        set union, is at most that), and the anchor term its largest refund. Orphans are exact (a
        sentence covers nothing iff every pair count is 0). Needs self.prunable.
        """
        mc, m1, nzs, nes, counts = self._mc, self._m1, self.nz, self.ne, self.counts
        w = self.w
        prior = self._prior[i1 - i0, j1 - j0]
        refund = w.anchor * (-0.5 * (self.zanc[i1] - self.zanc[i0])) - 1e-9
        if self.use_cross and i1 - i0 >= 2 and j1 - j0 >= 2:
            refund -= min(prior, w.cross * CROSS_MAX)  # the most cross() can refund
        # miss and orphans are summed in _merge_cost's order (Chinese sentences, then English ones),
        # so an exact sum here is the very float _merge_cost gives
        if i1 - i0 == 1:  # 1-b links (most merges): each English sentence meets one Chinese sentence
            base = i0 * m1
            got = [mc.get(base + j) or counts(i0, j) for j in range(j0, j1)]
            per = [g[0] for g in got]
            tot = sum(per)
            nzi = nzs[i0]
            exact = tot == max(per)
            s = tot if exact or tot < nzi else nzi
            miss = 1.0 - (s / nzi if nzi else NEUTRAL)
            orphans = 1 if s == 0 and nzi >= 2 else 0
            for j, g in zip(range(j0, j1), got, strict=True):
                nej, s = nes[j], g[1]
                miss += 1.0 - (s / nej if nej else NEUTRAL)
                if s == 0 and nej >= 2:
                    orphans += 1
            lb = w.sim * miss * 0.5 + w.length * lc + prior + w.orphan * orphans
            if prev + (lb + refund) + ec >= best:
                return None
            if not exact:
                s = self.zcov(i0, j0, j1)
                miss = 1.0 - (s / nzi if nzi else NEUTRAL)
                for j, g in zip(range(j0, j1), got, strict=True):
                    nej, s = nes[j], g[1]
                    miss += 1.0 - (s / nej if nej else NEUTRAL)
        elif j1 - j0 == 1:  # a-1 links
            got = [mc.get(i * m1 + j0) or counts(i, j0) for i in range(i0, i1)]
            miss = 0.0
            orphans = 0
            for i, g in zip(range(i0, i1), got, strict=True):
                nzi, s = nzs[i], g[0]
                miss += 1.0 - (s / nzi if nzi else NEUTRAL)
                if s == 0 and nzi >= 2:
                    orphans += 1
            zmiss = miss
            per = [g[1] for g in got]
            tot = sum(per)
            nej = nes[j0]
            exact = tot == max(per)
            s = tot if exact or tot < nej else nej
            miss += 1.0 - (s / nej if nej else NEUTRAL)
            if s == 0 and nej >= 2:
                orphans += 1
            lb = w.sim * miss * 0.5 + w.length * lc + prior + w.orphan * orphans
            if prev + (lb + refund) + ec >= best:
                return None
            if not exact:
                s = self.ecov(j0, i0, i1)
                miss = zmiss + (1.0 - (s / nej if nej else NEUTRAL))
        else:
            zt: list[int] = []
            et: list[int] = []
            exact = True
            for i in range(i0, i1):
                base = i * m1
                tot = top = 0
                for j in range(j0, j1):
                    v = (mc.get(base + j) or counts(i, j))[0]
                    tot += v
                    if v > top:
                        top = v
                if tot != top:
                    exact = False
                    tot = -tot  # marks a bound: the sum of the pair counts
                zt.append(tot)
            for j in range(j0, j1):
                tot = top = 0
                for i in range(i0, i1):
                    v = (mc.get(i * m1 + j) or counts(i, j))[1]
                    tot += v
                    if v > top:
                        top = v
                if tot != top:
                    exact = False
                    tot = -tot
                et.append(tot)
            miss = 0.0
            orphans = 0
            for i, t in zip(range(i0, i1), zt, strict=True):
                nzi = nzs[i]
                s = t if t >= 0 else min(-t, nzi)
                miss += 1.0 - (s / nzi if nzi else NEUTRAL)
                if s == 0 and nzi >= 2:
                    orphans += 1
            for j, t in zip(range(j0, j1), et, strict=True):
                nej = nes[j]
                s = t if t >= 0 else min(-t, nej)
                miss += 1.0 - (s / nej if nej else NEUTRAL)
                if s == 0 and nej >= 2:
                    orphans += 1
            lb = w.sim * miss * 0.5 + w.length * lc + prior + w.orphan * orphans
            if prev + (lb + refund) + ec >= best:
                return None
            if not exact:  # the exact coverage where the bound was used
                miss = 0.0
                for i, t in zip(range(i0, i1), zt, strict=True):
                    nzi = nzs[i]
                    s = t if t >= 0 else self.zcov(i, j0, j1)
                    miss += 1.0 - (s / nzi if nzi else NEUTRAL)
                for j, t in zip(range(j0, j1), et, strict=True):
                    nej = nes[j]
                    s = t if t >= 0 else self.ecov(j, i0, i1)
                    miss += 1.0 - (s / nej if nej else NEUTRAL)
        cost = w.sim * miss * 0.5 + w.length * lc + prior + w.orphan * orphans
        zf, ef = self.zf, self.ef
        za = zf[i0].anchors if i1 - i0 == 1 else frozenset().union(*[zf[i].anchors for i in range(i0, i1)])
        ea = ef[j0].anchors if j1 - j0 == 1 else frozenset().union(*[ef[j].anchors for j in range(j0, j1)])
        if za or ea:
            es = (ef[j0].stems if j1 - j0 == 1 else self._span_union(self._eu, j0, j1, True)) if za else frozenset()
            agree, lonely = anchor_score(za, ea, es)
            cost += w.anchor * (lonely - 0.5 * agree)
        if self.use_marks:  # >= 0 and left out of the bound above, which stays a lower bound
            cost += self.marks(i0, i1, j0, j1)
        if self.use_inner:  # likewise
            cost += self.inner(i0, i1, j0, j1)
        if self.use_cross:  # <= 0, at most w.cross * CROSS_MAX: in the bound as part of the refund
            cost -= self.cross(i0, i1, j0, j1)
        return cost

    def _merge_cost(self, i0: int, i1: int, j0: int, j1: int, lc: float) -> float:
        # Every sentence of the link must be covered by the other side: a 1-2 link whose second
        # English sentence matches nothing costs as much as leaving that sentence out.
        w = self.w
        zf, ef, nzs, nes = self.zf, self.ef, self.nz, self.ne
        miss = 0.0  # sum over sentences of (1 - coverage)
        orphans = 0  # sentences of the link that match nothing at all: a merge must not hide an omission
        # Coverage against the whole other span, not summed over its sentences: a word that matches in
        # two sentences counts once, or a merge would be paid for twice by the same word.
        zcov, ecov = self.zcov, self.ecov
        for i in range(i0, i1):
            nzi = nzs[i]
            s = zcov(i, j0, j1)
            miss += 1.0 - (s / nzi if nzi else NEUTRAL)
            if s == 0 and nzi >= 2:
                orphans += 1
        for j in range(j0, j1):
            nej = nes[j]
            s = ecov(j, i0, i1)
            miss += 1.0 - (s / nej if nej else NEUTRAL)
            if s == 0 and nej >= 2:
                orphans += 1
        cost = w.sim * miss * 0.5 + w.length * lc + self._prior[i1 - i0, j1 - j0] + w.orphan * orphans
        za = zf[i0].anchors if i1 - i0 == 1 else frozenset().union(*[zf[i].anchors for i in range(i0, i1)])
        ea = ef[j0].anchors if j1 - j0 == 1 else frozenset().union(*[ef[j].anchors for j in range(j0, j1)])
        if za or ea:
            es = (ef[j0].stems if j1 - j0 == 1 else self._span_union(self._eu, j0, j1, True)) if za else frozenset()
            agree, lonely = anchor_score(za, ea, es)
            cost += w.anchor * (lonely - 0.5 * agree)
        if self.use_marks:
            cost += self.marks(i0, i1, j0, j1)
        if self.use_inner:
            cost += self.inner(i0, i1, j0, j1)
        if self.use_cross:
            cost -= self.cross(i0, i1, j0, j1)
        if self.extra is not None:
            cost += self.extra(i0, i1, j0, j1)
        return cost


def _bands(n: int, m: int, width: float | Sequence[float],
           centre: Sequence[float] | None) -> tuple[list[int], list[int]]:
    lo, hi = [], []
    for i in range(n + 1):
        c = centre[i] if centre is not None else i * m / n
        wi = width if isinstance(width, float | int) else width[i]
        lo.append(max(0, int(math.floor(c - wi))))
        hi.append(min(m, int(math.ceil(c + wi))))
    for i in range(1, n + 1):  # keep the band monotone and connected
        lo[i] = max(lo[i], lo[i - 1])
    for i in range(n - 1, -1, -1):
        hi[i] = min(hi[i], hi[i + 1])
    for i in range(1, n + 1):
        if lo[i] > hi[i - 1]:
            lo[i] = hi[i - 1]
    lo[0], hi[n] = 0, m
    return lo, hi


def _path_rows(links: Sequence[Link], n: int) -> list[float]:
    """Where a path of links crosses each Chinese row (the English index, averaged over the row;
    rows inside a 2-1 or 3-1 link are interpolated)."""
    first: list[float | None] = [None] * (n + 1)
    last = [0.0] * (n + 1)
    i = j = 0
    first[0] = 0.0
    for zi, ej in links:
        i0, j0 = i, j
        i += len(zi)
        j += len(ej)
        for k in range(i0 + 1, i):
            first[k] = last[k] = j0 + (j - j0) * (k - i0) / (i - i0)
        if first[i] is None:
            first[i] = float(j)
        last[i] = float(j)
    return [((f if f is not None else last[k]) + last[k]) / 2.0 for k, f in enumerate(first)]


def length_diagonal(zlen: Sequence[float], elen: Sequence[float]) -> list[float]:
    """For each Chinese sentence boundary, the English boundary at the same share of the text.

    A better band centre than i*M/N: a Chinese sentence rendered as two English ones shifts the
    sentence counts, not the character shares, so over a book the path stays near this line.
    """
    n, m = len(zlen) - 1, len(elen) - 1
    zt, et = zlen[-1] or 1.0, elen[-1] or 1.0
    out: list[float] = []
    j = 0
    for i in range(n + 1):
        share = zlen[i] / zt
        while j < m and elen[j + 1] / et <= share:
            j += 1
        if j < m:  # interpolate inside English sentence j
            span = (elen[j + 1] - elen[j]) / et
            out.append(j + ((share - elen[j] / et) / span if span > 0 else 0.0))
        else:
            out.append(float(m))
    return out


def _banded_rough(scorer: SpanScorer, n: int, m: int, width: float, centre: Sequence[float],
                  length_only: bool = False, max_width: float = math.inf, local: bool = False) -> list[Link]:
    """The rough pass in a band; while the best path runs along the band's edge, the band is moved
    onto the path (up to MAX_MOVES times), then doubled. With `local` (a long text with a guide that
    is right to within a few sentences), the band is never moved and only widened around the rows
    where the path touched its edge: the guide's small errors are local, and doubling the band
    everywhere made a book's rough pass quadratic."""
    beads = BEADS_GUIDE if length_only else BEADS_ROUGH
    moves = 0
    cap = min(float(n + m), max_width)
    widths = [float(width)] * (n + 1)
    while True:
        lo, hi = _bands(n, m, widths if local else width, centre)
        rough, touches = _dp(scorer, n, m, lo, hi, beads, length_only)
        if not touches or (not local and (width >= n + m or width >= max_width)):
            return rough
        if local:
            grown = False
            for r in touches:
                for k in range(max(0, r - WIDEN_ROWS), min(n, r + WIDEN_ROWS) + 1):
                    if widths[k] < cap:
                        widths[k] = min(cap, widths[k] * 2)
                        grown = True
            if not grown:
                return rough
        elif moves < MAX_MOVES:
            # first move the band onto the path found (the path drifts; a wider band everywhere
            # would cost more), then, if it still rides an edge, widen it
            centre = _path_rows(rough, n)
            moves += 1
        else:
            width *= 2


def banded_dp(scorer: SpanScorer, n: int, m: int, width: int = 3,
              centre: Sequence[float] | None = None, sure_cost: float = 3.0) -> list[Link]:
    """The best monotone sequence of links covering both sides (see the module docstring)."""
    if n == 0 or m == 0:
        return [([i], []) for i in range(n)] + [([], [j]) for j in range(m)]
    if centre is None:
        centre = length_diagonal(scorer.zlen, scorer.elen)
    max_width = math.inf
    if n * m > GUIDE_CELLS:
        # Long texts: over a book the path drifts far from any straight line, and far from the
        # length diagonal too (length cannot tell which sentences match); a coarse alignment of
        # blocks of sentences by their dictionary overlap puts the band's centre near the path.
        from .guide import block_guide

        centre = block_guide(scorer.zf, scorer.ef, scorer.c, scorer.s2)
        rough = _banded_rough(scorer, n, m, GUIDED_WIDTH, centre, local=True)
    else:
        rough = _banded_rough(scorer, n, m, width, centre, max_width=max_width)
    # A band can also hold a local optimum without touching its edge (a long omission near the
    # start). A run of unmatched sentences is the symptom (a 1-2 link shows as one 0-1 in this
    # rough pass, so single skips are normal): then, if affordable, look at everything.
    run = longest = 0
    for zi, ej in rough:
        run = run + 1 if not zi or not ej else 0
        longest = max(longest, run)
    if longest >= SKIP_RUN and n * m <= FULL_CELLS:
        rough, _ = _dp(scorer, n, m, *_bands(n, m, n + m, None), BEADS_ROUGH)
    # Centre of the fine band: where the rough path crosses each row. Where the rough path is a
    # run of confident 1-1 links (Bertalign's anchors) the band closes to the path itself.
    path_j: list[float] = [0.0] * (n + 1)
    ends: list[tuple[int, int]] = []
    i = j = 0
    for zi, ej in rough:
        i += len(zi)
        j += len(ej)
        path_j[i] = float(j)
        ends.append((i, j))

    def cost11(k: int) -> float:
        zi, ej = rough[k]
        if len(zi) != 1 or len(ej) != 1:
            return math.inf
        ei, ej_ = ends[k]
        return scorer.cost(ei - 1, ei, ej_ - 1, ej_)

    # A row is pinned when its link is a confident 1-1 link and both neighbours are decent 1-1
    # links: a 1-2 in disguise shows up in the rough path as a drifted, poorly matching neighbour.
    c11 = [cost11(k) for k in range(len(rough))]
    sure = [False] * (n + 1)
    last = len(rough) - 1
    for k in range(len(rough)):
        if c11[k] < sure_cost and (k == 0 or c11[k - 1] < 1.6 * sure_cost) and (
                k == last or c11[k + 1] < 1.6 * sure_cost):
            sure[ends[k][0]] = True
    lo, hi = _bands(n, m, FINE_WIDTH, path_j)
    for i in range(1, n):
        if sure[i]:
            lo[i] = hi[i] = int(path_j[i])
    links, _ = _dp(scorer, n, m, lo, hi, scorer.beads, end_cost=scorer.end_cost)
    return links


def _dp(scorer: SpanScorer, n: int, m: int, lo: list[int], hi: list[int],
        beads: tuple[tuple[int, int], ...], length_only: bool = False,
        end_cost: Sequence[float] | None = None) -> tuple[list[Link], list[int]]:
    inf = math.inf
    skip = GC_SKIP if length_only else scorer.w.skip
    prune = scorer.prunable and not length_only
    # Per bead, its kind: 0 = 0-1 (no end cost), 1 = 1-0, 2 = a 1-1 link (cached), 3 = any other
    # link (each cell asks for it once, so it is not cached; with `prune`, bounded first), 4 = any
    # other link through scorer.cost (or the length-only cost).
    info: list[tuple[int, int, int, int, float]] = []
    for k, (a, b) in enumerate(beads):
        if a == 0 or b == 0:
            info.append((k, a, b, 1 if a else 0, skip * (a + b)))
        elif a == 1 and b == 1 and not length_only:
            info.append((k, a, b, 2, 0.0))
        else:
            info.append((k, a, b, 3 if prune else 4, scorer._prior[a, b]))
    anchor, wlen = scorer.w.anchor, scorer.w.length
    cross_max = scorer.w.cross * CROSS_MAX if scorer.use_cross else 0.0
    zanc = scorer.zanc
    c11, m1, compute11 = scorer._c11, scorer._m1, scorer._compute11
    merge = scorer._merge_bounded
    zlen, elen, gc_c, gc_s2 = scorer.zlen, scorer.elen, scorer.c, scorer.s2
    lcost = length_cost
    gcost = scorer.length_cost if length_only else scorer.cost
    rows: list[list[float]] = []
    back: list[list[int]] = []
    for i in range(n + 1):
        li, hii = lo[i], hi[i]
        row = [inf] * (hii - li + 1)
        bk = [-1] * (hii - li + 1)
        ec = end_cost[i] if end_cost is not None else 0.0
        # the quotation term is a cost of the cell (every link ending here pays it): added after the choice
        qrow = scorer.zin[i] if end_cost is not None and scorer.zin else None
        ein, qs = scorer.ein, scorer.w.qstate
        zlen_i = zlen[i]
        # the row each bead comes from, with its band, looked up once per row, not per cell; for a
        # bounded link, x is a lower bound of its cost: the prior less the most its Chinese anchors
        # could refund (the other terms are >= 0; margin 1e-9, far above float rounding)
        plist = []
        for k, a, b, kind, x in info:
            pi = i - a
            if pi < 0:
                continue
            if kind == 3:
                x = x + anchor * (-0.5 * (zanc[i] - zanc[pi])) - 1e-9
                if a >= 2 and b >= 2:
                    x -= min(scorer._prior[a, b], cross_max)  # what SpanScorer.cross can refund
            if a:
                plist.append((k, b, kind, x, rows[pi], lo[pi], hi[pi], pi, a + b >= 4))
            else:
                plist.append((k, b, kind, x, row, li, hii, pi, False))
        for j in range(li, hii + 1):
            if i == 0 and j == 0:
                row[0] = 0.0
                continue
            best, arg = inf, -1
            for k, b, kind, x, prow, plo, phi, pi, long4 in plist:
                pj = j - b
                if pj < plo or pj > phi:
                    continue
                prev = prow[pj - plo]
                if prev == inf:
                    continue
                if kind == 0:
                    c = prev + x
                elif kind == 1:
                    c = prev + x + ec
                elif kind == 2:
                    v = c11.get(pi * m1 + pj)
                    if v is None:
                        v = c11[pi * m1 + pj] = compute11(pi, pj)
                    c = prev + v + ec
                elif kind == 4:
                    c = prev + gcost(pi, i, pj, j) + ec
                else:
                    if prev + x + ec >= best:  # cannot win even at its lower bound
                        continue
                    lc = lcost(zlen_i - zlen[pi], elen[j] - elen[pj], gc_c, gc_s2)
                    if long4 and lc > PRUNE_LC:
                        continue  # cost inf (see _compute)
                    if prev + (x + wlen * lc) + ec >= best:
                        continue
                    v = merge(pi, i, pj, j, lc, prev, ec, best)
                    if v is None:
                        continue
                    c = prev + v + ec
                if c < best:
                    best, arg = c, k
            if qrow is not None and qrow != ein[j]:
                best += qs
            row[j - li] = best
            bk[j - li] = arg
        rows.append(row)
        back.append(bk)
    links: list[Link] = []
    i, j = n, m
    touched: list[int] = []  # rows where the path runs along the band's edge
    while i > 0 or j > 0:
        k = back[i][j - lo[i]]
        if k < 0:
            raise RuntimeError("alignment DP found no path")  # cannot happen: 1-0/0-1 always connect
        if (j == lo[i] and lo[i] > 0) or (j == hi[i] and hi[i] < m):
            touched.append(i)
        a, b = beads[k]
        links.append((list(range(i - a, i)), list(range(j - b, j))))
        i, j = i - a, j - b
    links.reverse()
    return links, touched


def link_cost(scorer: SpanScorer, i0: int, i1: int, j0: int, j1: int) -> float:
    """What the fine pass pays for one link (its cost, its prior, the clause end it closes on, the
    quotation it ends inside on one side only)."""
    if i0 == i1 or j0 == j1:
        cost = scorer.w.skip * (i1 - i0 + j1 - j0)
    else:
        cost = scorer.cost(i0, i1, j0, j1)
    if scorer.zin and scorer.zin[i1] != scorer.ein[j1]:
        cost += scorer.w.qstate
    return cost + (scorer.end_cost[i1] if i1 > i0 else 0.0)


def quote_states(events: Sequence[tuple[int, int]]) -> list[bool]:
    """For each boundary 0..n between sentences, whether it lies inside a quotation (any kind open)."""
    state = [False, False]
    out = [False]
    for ev in events:
        for k in (0, 1):
            if ev[k] >= 0:
                state[k] = ev[k] == 1
        out.append(state[0] or state[1])
    return out


def link_margins(scorer: SpanScorer, links: Sequence[Link]) -> list[float]:
    """For each link, how much more the best path through its neighbourhood costs without it.

    The neighbourhood is the link with the links either side of it; the alternative is the best
    sequence of links (any bead) from the neighbourhood's first corner to its last that does not
    use this exact link. A large margin: nothing near competes (a sure link); about 0: another
    reading of the same sentences is as good (the translator's text is ambiguous or the model is).
    One small exact DP per link, over cells whose costs the fine pass mostly cached already.
    """
    corners = [(0, 0)]
    for zi, ej in links:
        i, j = corners[-1]
        corners.append((i + len(zi), j + len(ej)))
    beads = tuple(bd for bd in scorer.beads if bd != (0, 0))
    out: list[float] = []
    for k in range(len(links)):
        a, b = corners[max(0, k - 1)], corners[min(len(links), k + 2)]
        own = corners[k] + corners[k + 1]  # (i0, j0, i1, j1) of the link
        chosen = sum(_corner_cost(scorer, corners[t], corners[t + 1]) for t in range(max(0, k - 1), min(len(links), k + 2)))
        best: dict[tuple[int, int], float] = {a: 0.0}
        for i in range(a[0], b[0] + 1):
            for j in range(a[1], b[1] + 1):
                if (i, j) == a:
                    continue
                v = math.inf
                for da, db in beads:
                    p = (i - da, j - db)
                    prev = best.get(p)
                    if prev is None or prev == math.inf:
                        continue
                    if p + (i, j) == own:
                        continue  # the link itself is what the alternative must avoid
                    c = prev + _corner_cost(scorer, p, (i, j))
                    if c < v:
                        v = c
                best[(i, j)] = v
        alt = best.get(b, math.inf)
        out.append(max(0.0, alt - chosen) if alt < math.inf else 1e9)
    return out


def _corner_cost(scorer: SpanScorer, p: tuple[int, int], q: tuple[int, int]) -> float:
    return link_cost(scorer, p[0], q[0], p[1], q[1])


def confidence(margin: float, w: Weights = DEFAULT) -> float:
    """How likely a link is right, from its margin (a logistic curve fitted on tuning passages)."""
    x = w.conf_a * margin + w.conf_b
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    ex = math.exp(x)
    return ex / (1.0 + ex)
