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


def _combined_reference(lexical: list[tuple[str, float]], dense: list[tuple[str, float]], a: float) -> dict[str, float]:
    """rank.combine's formula written out: bm25 over the best, similarity over the head's lowest in
    SPREAD standard deviations of the head (the first NORM_DEPTH), a missing unit at zero."""
    head = [s for _, s in dense[: rank.NORM_DEPTH]]
    mean = sum(head) / len(head)
    sd = math.sqrt(sum((s - mean) ** 2 for s in head) / len(head))
    best = max(s for _, s in lexical)
    lex, den = dict(lexical), dict(dense)
    return {
        k: (1 - a) * lex.get(k, 0.0) / best + a * max(0.0, den[k] - min(head)) / (rank.SPREAD * sd) if k in den else (1 - a) * lex[k] / best
        for k in lex.keys() | den.keys()
    }


def test_score_fusion_follows_its_formula_and_ignores_depth_past_the_head() -> None:
    rnd = random.Random(4)
    lexical = sorted(((f"l{i}", rnd.uniform(0.5, 9.0)) for i in range(60)), key=lambda kv: -kv[1])
    dense = sorted(((f"d{i}" if i % 3 else f"l{i}", rnd.uniform(0.75, 0.92)) for i in range(rank.NORM_DEPTH + 50)), key=lambda kv: -kv[1])
    got = rank.combine(lexical, dense, "x", {"x": 0.4})
    want = _combined_reference(lexical, dense, 0.4)
    assert {k for k, _ in got} == set(want) and all(math.isclose(s, want[k], abs_tol=1e-12) for k, s in got)
    assert all(x[1] >= y[1] for x, y in zip(got, got[1:], strict=False))  # best first
    # a deeper list (a later page asks for more) leaves the scores of what both hold as they were
    deeper = dense + [(f"x{i}", 0.5) for i in range(100)]
    again = dict(rank.combine(lexical, deeper, "x", {"x": 0.4}))
    assert all(math.isclose(again[k], s) for k, s in got)


def test_score_fusion_keeps_a_confident_translation_above_a_unit_near_the_top_of_both() -> None:
    """The case reciprocal ranks get wrong: "b" is first lexically and second by meaning, "t" (the
    translation) far nearer by meaning than anything else but fifth lexically."""
    lexical = [("b", 9.0), ("c", 8.5), ("d", 8.0), ("e", 7.9), ("t", 7.5)]
    dense = [("t", 0.93), ("b", 0.86)] + [(f"n{i}", 0.86 - 0.0005 * i) for i in range(100)]
    assert rank.combine(lexical, dense, "en")[0][0] == "t"
    assert rank.fuse([k for k, _ in lexical], [k for k, _ in dense], "x", {"x": 1.0})[0][0] == "b"
    # no dense list, or no lexical one: the other's order
    assert [k for k, _ in rank.combine(lexical, [], "en")] == ["b", "c", "d", "e", "t"]
    assert [k for k, _ in rank.combine([], dense[:3], "en")] == ["t", "b", "n0"]


def test_the_dense_share_depends_on_the_query_language_and_length() -> None:
    """A query of more than LONG_QUERY words (searched as ranked OR) has its own share."""
    assert rank.share_key("en", rank.LONG_QUERY) == "en"
    assert rank.share_key("en", rank.LONG_QUERY + 1) == "en long"
    assert {rank.share_key(lang, n) for lang in ("zh", "en") for n in (1, 20)} == set(rank.DENSE_SHARE)
