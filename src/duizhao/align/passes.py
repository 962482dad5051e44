"""The aligner's passes over one pair of sentence lists: a first alignment, the in-document
lexicon it teaches (lexicon.py), a second alignment with it, and each link's confidence."""
from __future__ import annotations

from collections.abc import Sequence

from . import lexicon
from .dp import DEFAULT, Extra, Link, SpanScorer, Weights, banded_dp, confidence, link_margins
from .scores import EnFeat, ZhFeat


def solve(zf: Sequence[ZhFeat], ef: Sequence[EnFeat], w: Weights = DEFAULT,
          extra: Extra | None = None) -> tuple[list[Link], SpanScorer]:
    """The links, and the scorer of the pass that produced them (for margins)."""
    n, m = len(zf), len(ef)
    scorer = SpanScorer(zf, ef, w, extra=extra)
    links = banded_dp(scorer, n, m)
    if w.lex_pairs <= 0:
        return links, scorer
    teach = links
    if w.lex_margin > 0:
        teach = [lk for lk, mg in zip(links, link_margins(scorer, links), strict=True) if mg >= w.lex_margin]
    lex = lexicon.learn(zf, ef, teach, min_pairs=w.lex_pairs)
    if not lex:
        return links, scorer
    scorer = SpanScorer(lexicon.apply(zf, lex), ef, w, extra=extra)
    return banded_dp(scorer, n, m), scorer


def solve_scored(zf: Sequence[ZhFeat], ef: Sequence[EnFeat], w: Weights = DEFAULT,
                 extra: Extra | None = None) -> tuple[list[Link], list[float]]:
    """The links and each link's confidence (0..1)."""
    links, scorer = solve(zf, ef, w, extra)
    return links, [round(confidence(mg, w), 4) for mg in link_margins(scorer, links)]
