"""Scoring: weighted BM25 over concepts, and the fusion of lexical and dense rankings.

FTS5's own bm25() cannot weight query terms, and a translated query is a set of alternatives of very
different certainty, so candidates found by FTS5 are re-scored here (a "structured query"): each
concept scores as its best alternative (weight × BM25 of that alternative; an alternative of several
tokens scores the mean of its tokens and needs all of them), concepts add up. A concept with ten
translations therefore never outweighs one with a single certain one.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

from .query import Concept

K1 = 1.2
B = 0.75

# Fusion: weighted reciprocal-rank fusion, score = w_lex/(RRF_K + rank_lex) + w_dense/(RRF_K + rank_dense).
# Weights per query language are to be set from bench/search.py (grid over w_dense with w_lex = 1:
# bench/results.json "search" → quality.best_dense_weight). NOT YET MEASURED: 1.0 is a placeholder
# until that run has finished; replace it with the measured values.
RRF_K = 60
DENSE_WEIGHT = {"zh": 1.0, "en": 1.0}


def idf(df: int, n: int) -> float:
    return math.log(1.0 + (n - df + 0.5) / (df + 0.5))


def score_rows(
    concepts: list[Concept], rows: Iterable[tuple[int, int, str]], df: dict[str, int], n: int, avgdl: float
) -> dict[int, float]:
    """rows: (rowid, ntok, tokens) → {rowid: score}. Rows that match no concept score 0."""
    idfs = {t: idf(d, n) for t, d in df.items()}
    out: dict[int, float] = {}
    for rowid, ntok, toks in rows:
        tf = Counter(toks.split())
        norm = K1 * (1 - B + B * ntok / max(avgdl, 1e-9))
        total = 0.0
        for c in concepts:
            best = 0.0
            for alt in c.alts:
                parts = []
                for t in alt.tokens:
                    f = tf.get(t, 0)
                    if not f:
                        parts = []
                        break
                    parts.append(idfs.get(t, 0.0) * f * (K1 + 1) / (f + norm))
                if parts:
                    best = max(best, alt.weight * sum(parts) / len(parts))
            total += best
        out[rowid] = total
    return out


def fuse(
    lexical: list[str], dense: list[str], lang: str, weights: dict[str, float] | None = None
) -> list[tuple[str, float]]:
    """Weighted reciprocal-rank fusion of two ranked key lists → [(key, score)] best first."""
    w_dense = (weights or DENSE_WEIGHT).get(lang, 1.0)
    scores: dict[str, float] = {}
    for r, key in enumerate(lexical):
        scores[key] = scores.get(key, 0.0) + 1.0 / (RRF_K + r + 1)
    for r, key in enumerate(dense):
        scores[key] = scores.get(key, 0.0) + w_dense / (RRF_K + r + 1)
    return sorted(scores.items(), key=lambda kv: -kv[1])
