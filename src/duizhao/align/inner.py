"""Inside a 1-n link: does each piece of the split side render its own run of clauses, in order?

A literary translator cuts one Chinese sentence into two to four English ones (or joins several into
one) along its clauses: 十五队的水是苦的，也没有菜吃，待久了也觉得没有啥 becomes "The fifteenth team's water
was bitter, and there wasn't much to eat either." + "She got used to it after a while." The sentence-level
cost of a 1-n link sees only the totals (all words of the span, its whole length), so a short English piece
with no dictionary word of its own weighs the same whether it joins the sentence before or the one after;
that boundary is most of what the aligner misses on MAC-Dev. Here the one sentence is cut into clauses (at
commas, semicolons, colons, dashes; scores.Clause) and the pieces of the other side take consecutive runs of
them, in order (a small DP; a piece may take none). The cost of the best such reading:

- order: a word of clause c matched only in another piece than the one c is given to, and a piece's word
  matched only by clauses it is not given (as shares of the sentence's and the piece's words); a reading
  that puts "She got used to it" after the English sentence that already covers 但是当初调她来 pays for it;
- length: each piece against its clauses by the length model, with the link's own ratio (the link's total
  length is scored already; this is how that length is shared out).

Both are 0 for a link whose pieces follow its clauses exactly; links of other shapes (2-2, 2-3) cost 0.

A 2-2 or 2-3 link is what a translator makes by moving a clause across a sentence boundary: "大家都说存在的
东西一定不存在，这是因为…。" + "大家都说不存在的东西一定存在，比如王二，假如他不存在，…？" becomes one English
sentence for the first and half the second, and one for the rest. Read as two 1-1 links, each pays for the
moved clause's words (matched in the neighbour's English); read as one 2-2 link, the coverage is whole but
the link pays its prior. `cross_gain` tells the two apart: how much better the English pieces read as runs
of the Chinese clauses of both sentences when a run may cross the sentence boundary than when it may not.
Large when a clause moved; 0 when the pieces follow the sentences (then the 2-2 is two 1-1 links in disguise).
"""
from __future__ import annotations

import math
from collections.abc import Sequence

from .length import length_cost
from .scores import Clause


def inner_cost(clauses: Sequence[Clause], pieces: Sequence[Clause], clause_is_zh: bool,
               c: float, s2: float, w_order: float, w_len: float, cuts: frozenset[int] | None = None) -> float:
    """w_order * order + w_len * length of the best reading of `pieces` (in order) as consecutive runs
    of `clauses` (with `cuts`, a run may only end at those clause positions, or at the end).

    Pieces are given as Clause records too (a piece's words and union), so one code serves both
    directions: Chinese clauses against English sentences, English clauses against Chinese sentences.
    """
    r = len(clauses)
    everything = frozenset().union(*(p.union for p in pieces))
    whole = frozenset().union(*(cl.union for cl in clauses))
    # a[c][k]: words of clause c matched by piece k; b[c][k]: words of piece k matched by clause c
    a = [[sum(not wd.isdisjoint(p.union) for wd in cl.words) for p in pieces] for cl in clauses]
    b = [[sum(not wd.isdisjoint(cl.union) for wd in p.words) for p in pieces] for cl in clauses]
    big_a = [sum(not wd.isdisjoint(everything) for wd in cl.words) for cl in clauses]
    big_b = [sum(not wd.isdisjoint(whole) for wd in p.words) for p in pieces]
    nwords = sum(len(cl.words) for cl in clauses)
    clen = [0.0]
    for cl in clauses:
        clen.append(clen[-1] + cl.length)
    ptot = sum(p.length for p in pieces)
    # the link's own ratio of piece length to clause length: only how it is shared out is scored
    ratio = ptot / clen[-1] if clen[-1] > 0 else 0.0
    inf = math.inf
    f = [0.0] + [inf] * r  # f[t]: the best cost of the pieces so far taking clauses 0..t-1
    for k, p in enumerate(pieces):
        nf = [inf] * (r + 1)
        nk = len(p.words)
        for t in range(r + 1):
            if cuts is not None and t not in cuts:
                continue
            best = inf
            for s in range(t + 1):
                if f[s] == inf:
                    continue
                order = 0.0
                got = 0
                for cc in range(s, t):
                    if nwords:
                        order += (big_a[cc] - a[cc][k]) / nwords
                    got += b[cc][k]
                if nk:
                    order += (big_b[k] - min(big_b[k], got)) / nk
                v = f[s] + w_order * 0.5 * order
                if t > s and ratio > 0 and w_len:
                    glen = clen[t] - clen[s]
                    if clause_is_zh:
                        v += w_len * length_cost(glen * ratio / c, p.length, c, s2)
                    else:
                        v += w_len * length_cost(p.length / (ratio * c), glen, c, s2)
                if v < best:
                    best = v
            nf[t] = best
        f = nf
    return f[r]


CROSS_MAX = 1.0  # cross_gain is capped here, so the DP's lower bound of a link's cost stays cheap and exact


def cross_gain(sentences: Sequence[Sequence[Clause]], pieces: Sequence[Clause], clause_is_zh: bool,
               c: float, s2: float) -> float:
    """How much better (in order cost, see inner_cost) `pieces` read as runs of the clauses of all
    `sentences` in a row when runs may cross a sentence boundary than when every cut falls on one;
    0..CROSS_MAX."""
    clauses = [cl for sent in sentences for cl in sent]
    bounds = [0]
    for sent in sentences:
        bounds.append(bounds[-1] + len(sent))
    free = inner_cost(clauses, pieces, clause_is_zh, c, s2, 1.0, 0.0)
    kept = inner_cost(clauses, pieces, clause_is_zh, c, s2, 1.0, 0.0, frozenset(bounds))
    return min(CROSS_MAX, max(0.0, kept - free))
