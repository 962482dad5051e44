"""Snippet marks: the prefix-guided word finder must mark exactly what tokenising every word marks."""

from __future__ import annotations

import random

import pytest

from duizhao.search import analyzer, snippet

OWN_TEXTS = [
    "Putin said Russia's economy grew in the 20th year of sanctions.",
    "'Putin', the papers wrote; 'sanctions' bite, officials said.",
    "Cities and their city halls: dying industries, lying figures, tying knots.",
    "The naïve café owner met the ΣΟΦΟΣ delegation at 3.5bn dollars.",
    "Xi and Putin don't agree on everything, we'll see.",
    "Studies studied studying: organisation, organization, organizers.",
    "US-China talks; the U.S. and the EU; us and them.",
    "Renminbi (RMB) settlement rose; yuan-denominated bonds.",
    "X_Y x_y under_score and 's alone",
]


def words_of(text: str) -> list[str]:
    return [m.group(3) for m in analyzer.TOKEN_RUN.finditer(text) if m.group(3)]


def wanted_sets(texts: list[str], rnd: random.Random, per_text: int) -> list[frozenset[str]]:
    vocab = [w for t in texts for w in words_of(t)]
    out = []
    for t in texts:
        own = words_of(t)
        for _ in range(per_text):
            picked = rnd.sample(own, min(len(own), rnd.choice((1, 2, 3)))) + rnd.sample(vocab, 2)
            out.append(frozenset(analyzer.latin_token(w) for w in picked))
    return out


def check_same(texts: list[str], per_text: int = 3, seed: int = 1) -> int:
    rnd = random.Random(seed)
    sets = wanted_sets(texts, rnd, per_text)
    checked = 0
    for i, text in enumerate(texts):
        norm = analyzer.normalize(text)
        for plain in sets[i * per_text : (i + 1) * per_text]:
            assert snippet._plain_spans(norm, plain, False) == snippet._plain_spans_every_word(norm, plain), (text, plain)
            checked += 1
    return checked


def test_prefix_finder_marks_what_every_word_marks_on_own_texts() -> None:
    assert check_same(OWN_TEXTS, per_text=20) == 20 * len(OWN_TEXTS)


def test_possessive_and_leading_quote_are_found() -> None:
    norm = analyzer.normalize(OWN_TEXTS[1])
    spans = snippet._plain_spans(norm, frozenset({analyzer.latin_token("Putin")}), False)
    assert [norm[s:e] for s, e in spans] == ["Putin"]
    norm = analyzer.normalize(OWN_TEXTS[0])
    spans = snippet._plain_spans(norm, frozenset({analyzer.latin_token("Russia")}), False)
    assert [norm[s:e] for s, e in spans] == ["Russia's"]


def test_prefix_finder_matches_every_word_on_dev_sentences(dev_docs: list[dict]) -> None:
    texts = [s for d in dev_docs for s in d["en"] if s.strip()]
    assert check_same(texts, per_text=2) > 1500


def test_snippet_unchanged_by_full_width_shortcut() -> None:
    text = "ＡＰＥＣ 峰會在北京舉行，普京出席。"
    assert analyzer.normalize(text) == analyzer.simplify(text.translate(analyzer._FULLWIDTH)) == "APEC 峰会在北京举行,普京出席。"
    assert snippet.snippet(text, "zh", {"apec"}).startswith("«ＡＰＥＣ»")


@pytest.mark.parametrize("word", ["dying", "cities", "organizations", "Russia's", "naïve"])
def test_stem_keeps_all_but_the_last_letter_of_the_word(word: str) -> None:
    token = analyzer.latin_token(word)
    assert word.lower().startswith(token[:-1] if len(token) >= 4 else token[:1])


@pytest.mark.parametrize(
    ("text", "lang", "wanted", "expected"),
    [
        # a stopword inside the marked run of a phrase is marked with it
        ("俄罗斯外交的困境加深", "zh", {"外交", "的", "困境"}, "俄罗斯«外交的困境»加深"),
        ("the Power of Siberia pipeline", "en", {"power", "of", "siberia"}, "the «Power» «of» «Siberia» pipeline"),
        # on its own (a unit found by meaning, or by another word of the query) it is not
        ("中国的军事工业和俄罗斯的技术", "zh", {"俄罗斯", "的", "困境"}, "中国的军事工业和«俄罗斯的»技术"),
        ("一个国家的经济", "zh", {"的", "困境"}, "一个国家的经济"),
        ("a matter of time", "en", {"of", "siberia"}, "a matter of time"),
    ],
)
def test_stopwords_are_marked_only_beside_a_marked_word(text: str, lang: str, wanted: set[str], expected: str) -> None:
    assert snippet.snippet(text, lang, wanted) == expected
