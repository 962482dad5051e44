"""Scoring: weighted BM25 over concepts, and the fusion of lexical and dense rankings (combine).

FTS5's own bm25() cannot weight query terms, and a translated query is a set of alternatives of very
different certainty, so candidates found by FTS5 are re-scored here (a "structured query"): each
concept scores as its best alternative (weight × BM25 of that alternative; an alternative of several
tokens scores the mean of its tokens and needs all of them), concepts add up. A concept with ten
translations therefore never outweighs one with a single certain one.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from .query import Concept

K1 = 1.2
B = 0.75

# Fusion: weighted reciprocal-rank fusion, score = w_lex/(RRF_K + rank_lex) + w_dense/(RRF_K + rank_dense).
# MEASURED (2026-11-22) with `OMP_WAIT_POLICY=PASSIVE .venv/bin/python bench/search.py --skip-latency
# --sentences 0` (all 945 sentences per direction; lexical mode "both"): grid w_dense ∈ {0, .25, .5, 1,
# 1.5, 2, 3, 5} with w_lex = 1, the weight maximising the mean MRR@10 of the query language's three
# tasks (bench/results.json "search" → quality.best_dense_weight / fusion_grid). Both languages: 2.0
# (zh: .9898 mean vs .9884 at 1.0, .9877 at 3.0; en: .9812 vs .9760 at 1.0, .9808 at 3.0). Equal weights
# let the weaker lexical list pull dense down on en→zh sentences (.9467 at 1.0 vs .9593 at 2.0).
# Tuned on the same 84 dev documents it is scored on (no held-out set): re-run after ranking changes.
# Since 2026-12-07 (titles indexed): one weight per query language, chosen on the EVEN half of the WMT17 dev
# documents by bench/crosslingual.py (grid 0.5–4, ties to the lower; "crosslingual" → tuned_on_even_half):
# zh 1.5 (= 2.0 there), en 3.0 (e5 alone is strong on English queries, weak on Chinese ones).
# Since 2026-12-08 search() fuses by score (combine, below); `fuse` stays as bench/search.py's and
# bench/crosslingual.py's reciprocal-rank peer.
RRF_K = 60
DENSE_WEIGHT = {"zh": 1.5, "en": 3.0}


def idf(df: int, n: int) -> float:
    return math.log(1.0 + (n - df + 0.5) / (df + 0.5))


def score_rows(
    concepts: list[Concept], rows: Iterable[tuple[int, int, str]], df: dict[str, int], n: int, avgdl: float
) -> dict[int, float]:
    """rows: (rowid, ntok, tokens) → {rowid: score}. Rows that match no concept score 0."""
    idfs = {t: idf(d, n) for t, d in df.items()}
    wanted = {t for c in concepts for a in c.alts for t in a.tokens}
    # Per concept, its alternatives by their first token: a row is scored only on the alternatives
    # whose first token it holds (a few), not on every translation of every word (often twenty).
    plan: list[dict[str, list[tuple[float, tuple[str, ...]]]]] = []
    for c in concepts:
        by_first: dict[str, list[tuple[float, tuple[str, ...]]]] = {}
        for a in c.alts:
            if a.tokens:
                by_first.setdefault(a.tokens[0], []).append((a.weight, a.tokens))
        plan.append(by_first)
    # Term frequencies by substring counts (C loops) instead of splitting the row into ~50 strings:
    # index rows are analyzer tokens joined by single spaces, and no token holds white space, so with
    # every space doubled " t " occurs once per occurrence of the token t, never overlapping.
    needles = [(t, f" {t} ") for t in wanted if t and not any(ch.isspace() for ch in t)]
    out: dict[int, float] = {}
    for rowid, ntok, toks in rows:
        padded = " " + toks.replace(" ", "  ") + " "
        tf: dict[str, int] = {}
        for t, needle in needles:
            if needle in padded:
                tf[t] = padded.count(needle)
        if not tf:
            out[rowid] = 0.0
            continue
        norm = K1 * (1 - B + B * ntok / max(avgdl, 1e-9))
        total = 0.0
        for by_first in plan:
            best = 0.0
            for first in tf:
                for weight, tokens in by_first.get(first, ()):
                    part = 0.0
                    for t in tokens:
                        f = tf.get(t)
                        if not f:
                            part = 0.0
                            break
                        part += idfs.get(t, 0.0) * f * (K1 + 1) / (f + norm)
                    if part > 0.0:
                        best = max(best, weight * part / len(tokens))
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


# Score fusion (search() uses it): each list's scores brought to a common scale, then mixed,
#   score = (1 − a) · bm25 / best bm25  +  a · (similarity − lowest of the head) / (SPREAD · sd of the head)
# where the head is the first NORM_DEPTH dense neighbours (a fixed depth, so page 2 ranks as page 1
# did), and a unit missing from a list gets that list's zero. Why scores, not ranks: e5 similarities
# say how sure they are (a sentence's translation stands ~3 sd above its neighbourhood, a loose match
# ~1), which reciprocal ranks throw away, so a wrong unit near the top of both lists outranked the
# translation on English sentence queries (rrf below e5 alone there). CHOSEN on the EVEN half of the
# WMT17 dev documents (bench/crosslingual.py, "crosslingual" → tuned_on_even_half; grid a 0.2–0.8 by
# 0.05, per query language, ties to the lower): zh 0.4, en 0.3 (both within a plateau ~0.3–0.55;
# scaling by the head's min and max instead of its sd peaked sharper). SPREAD only names the scale: at a = 0.5 a neighbour SPREAD sd
# above the head's lowest counts as much as the best lexical match.
# Since 2026-12-08 (second change) one share per query language and length, CHOSEN on the WMT18 news
# pairs (bench/crosslingual.py, "crosslingual" → news.tuned_on_wmt18; grid as above, the mean MRR@10
# of the language's headline-like and news sentence tasks, ties to the lower; the WMT17 even half
# scored 1.0 at every share and could no longer choose): a long query (more than LONG_QUERY words,
# searched as ranked OR) leans more on e5 in English (0.5: its dictionary translations into Chinese
# are the weakest list), a short Chinese one too (0.5: a headline's words seldom all translate).
DENSE_SHARE = {"zh": 0.5, "en": 0.3, "zh long": 0.35, "en long": 0.5}
LONG_QUERY = 6  # words; as search.MAX_CONCEPTS_FOR_AND
NORM_DEPTH = 200
SPREAD = 3.0


def share_key(lang: str, words: int) -> str:
    """DENSE_SHARE's key for a query in `lang` of `words` words (concepts)."""
    return f"{lang} long" if words > LONG_QUERY else lang


def combine(
    lexical: list[tuple[str, float]], dense: list[tuple[str, float]], lang: str, shares: dict[str, float] | None = None
) -> list[tuple[str, float]]:
    """Score fusion of a lexical ranking [(key, bm25)] and a dense one [(key, similarity)], each best
    first → [(key, score)] best first (equal scores keep lexical, then dense order)."""
    a = (shares or DENSE_SHARE).get(lang, 0.4)
    best = max((s for _, s in lexical), default=0.0)
    head = [s for _, s in dense[:NORM_DEPTH]]
    low = min(head, default=0.0)
    mean = sum(head) / len(head) if head else 0.0
    sd = math.sqrt(sum((s - mean) ** 2 for s in head) / len(head)) if head else 0.0
    scale = SPREAD * sd if sd > 0 else 1.0
    near = {k: max(0.0, s - low) / scale for k, s in dense}
    scores: dict[str, float] = {}
    for k, s in lexical:
        scores.setdefault(k, (1 - a) * (s / best if best > 0 else 0.0) + a * near.get(k, 0.0))
    for k, v in near.items():
        scores.setdefault(k, a * v)
    return sorted(scores.items(), key=lambda kv: -kv[1])
