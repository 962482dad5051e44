"""rank.score_rows against a plain weighted BM25 written out the obvious way."""

from __future__ import annotations

import math
import random

from duizhao.search import analyzer, query, rank

OWN = [
    ("zh", "普京周二抵达北京，与中方讨论能源合作。能源合作是重点。"),
    ("en", "Putin arrived in Beijing on Tuesday to discuss energy cooperation; energy, energy again."),
    ("en", "The sanctions bite: Russia's exports of energy fell 12% in the first nine months."),
    ("zh", "前9个月，中俄贸易额达到1539.385亿美元。"),
    ("en", "In the first nine months, China-Russia trade reached 153.9385 billion dollars."),
    ("zh", "上海合作组织（上合组织）峰会在阿斯塔纳举行。"),
]


def reference(concepts: list[query.Concept], rows: list[tuple[int, int, str]], df: dict[str, int], n: int, avgdl: float) -> dict[int, float]:
    out = {}
    for rowid, ntok, toks in rows:
        words = toks.split()
        norm = rank.K1 * (1 - rank.B + rank.B * ntok / avgdl)
        total = 0.0
        for c in concepts:
            best = 0.0
            for a in c.alts:
                if a.tokens and all(t in words for t in a.tokens):
                    part = sum(
                        rank.idf(df.get(t, 0), n) * words.count(t) * (rank.K1 + 1) / (words.count(t) + norm) for t in a.tokens
                    )
                    best = max(best, a.weight * part / len(a.tokens))
            total += best
        out[rowid] = total
    return out


def check(texts: list[tuple[str, str]], queries: list[str]) -> int:
    rows = []
    for i, (lang, text) in enumerate(texts):
        toks = analyzer.tokens(text, lang)
        rows.append((i, len(toks), " ".join(toks)))
    df: dict[str, int] = {}
    for _, _, toks in rows:
        for t in set(toks.split()):
            df[t] = df.get(t, 0) + 1
    n, avgdl = len(rows), sum(r[1] for r in rows) / len(rows)
    compared = 0
    for text in queries:
        concepts = query.parse(text).concepts
        got = rank.score_rows(concepts, rows, df, n, avgdl)
        want = reference(concepts, rows, df, n, avgdl)
        assert got.keys() == want.keys()
        for k in got:
            assert math.isclose(got[k], want[k], rel_tol=1e-12, abs_tol=1e-12), (text, k, got[k], want[k])
        compared += sum(1 for v in want.values() if v > 0)
    return compared


def test_scores_equal_the_plain_formula_on_own_texts() -> None:
    queries = ["energy cooperation", "能源 合作", "普京", "Putin", "first nine months", "1539.385亿", "上合组织", "SCO summit", "Russia's exports"]
    assert check(OWN, queries) > 10


def test_scores_equal_the_plain_formula_on_dev_sentences(dev_docs: list[dict]) -> None:
    rnd = random.Random(3)
    texts = [(lang, s) for d in dev_docs[:30] for lang in ("zh", "en") for s in d[lang][:6] if s.strip()]
    words = [w for lang, s in texts if lang == "en" for w in s.split() if w.isalpha() and len(w) > 3]
    queries = [" ".join(rnd.sample(words, rnd.choice((1, 2)))) for _ in range(30)]
    queries += [s[: rnd.choice((2, 4, 6))] for lang, s in rnd.sample(texts, 30) if lang == "zh"]
    assert check(texts, queries) > 50
