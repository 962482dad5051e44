"""The clause-order cost inside 1-n and n-1 links (align/inner.py)."""
from __future__ import annotations

from duizhao.align.dp import SpanScorer, Weights, banded_dp
from duizhao.align.inner import inner_cost
from duizhao.align.scores import Clause, en_features, zh_features


def _c(length: float, *words: str) -> Clause:
    ws = tuple(frozenset((w,)) for w in words)
    return Clause(length, ws, frozenset(words))


def test_pieces_that_follow_the_clauses_cost_nothing_and_swapped_ones_do() -> None:
    clauses = [_c(5, "water", "bitter"), _c(5, "eat")]
    in_order = [_c(16, "water", "bitter"), _c(17, "eat")]
    assert inner_cost(clauses, in_order, True, 3.3, 18.8, 1.0, 0.0) == 0.0
    # the same pieces the other way round: each piece's words sit in the clause another piece takes
    swapped = [_c(17, "eat"), _c(16, "water", "bitter")]
    assert inner_cost(clauses, swapped, True, 3.3, 18.8, 1.0, 0.0) > 0.5
    # a piece with no word of its own may take no clause: only its length says where it goes
    with_bare = [_c(16, "water", "bitter"), _c(6), _c(17, "eat")]
    assert inner_cost(clauses, with_bare, True, 3.3, 18.8, 1.0, 0.0) == 0.0
    assert inner_cost(clauses, with_bare, True, 3.3, 18.8, 1.0, 0.1) > 0.0


def test_a_bare_english_piece_fits_the_end_of_the_sentence_it_renders() -> None:
    # "She got used to it" renders the last clause of the first sentence (待久了也就习惯了), not the
    # first clause of the second, which the long English sentence after it covers already
    zs = ["他们的水是苦的，也没有菜吃，待久了也就习惯了。", "但是当初调她来，分明有惩罚的意思。"]
    es = ["Their water was bitter, and there was nothing to eat.", "She got used to it after a while.",
          "But it was clear from the start that sending her there was meant as a punishment."]
    zf, ef = [zh_features(s) for s in zs], [en_features(s) for s in es]
    assert len(zf[0].clauses) == 3 and len(zf[1].clauses) == 2 and len(ef[0].clauses) == 2
    sc = SpanScorer(zf, ef, Weights(inner=4.0, inner_len=0.1))
    assert sc.inner(0, 1, 0, 2) < sc.inner(1, 2, 1, 3)
    assert sc.inner(0, 1, 0, 1) == 0.0 and sc.inner(0, 2, 0, 2) == 0.0  # 1-1 and 2-2: not this term's
    # off by default weights of 0, and then the link costs what it did without the term
    off = SpanScorer(zf, ef, Weights(inner=0.0, inner_len=0.0))
    assert not off.use_inner
    assert sc.cost(1, 2, 1, 3) - off.cost(1, 2, 1, 3) == sc.inner(1, 2, 1, 3)


def test_clauses_are_cut_at_commas_and_dashes_not_at_list_commas() -> None:
    assert len(zh_features("红的、绿的、蓝的都有。").clauses) == 0  # 、 joins list items: one clause
    assert len(zh_features("小玄子道：“很好！”").clauses) == 2  # the closing quote joins the clause before it
    assert len(en_features("He was a hero himself—Trinket the Brave Man!").clauses) == 2
    assert len(en_features("'Is that right?' protested Trinket.").clauses) == 2


def test_cross_gain_tells_a_clause_moved_across_sentences_from_two_one_to_one_links() -> None:
    from duizhao.align.inner import CROSS_MAX, cross_gain

    # the second Chinese sentence's first clause went into the first English sentence
    a, b = [_c(5, "exist"), _c(5, "fraud")], [_c(5, "wang"), _c(5, "name", "come")]
    moved = [_c(40, "exist", "fraud", "wang"), _c(20, "name", "come")]
    kept = [_c(30, "exist", "fraud"), _c(30, "wang", "name", "come")]
    assert 0.0 < cross_gain([a, b], moved, True, 3.3, 18.8) <= CROSS_MAX
    assert cross_gain([a, b], kept, True, 3.3, 18.8) == 0.0
    # a run may only end on a sentence boundary when cuts are given: the moved reading then pays
    assert inner_cost(a + b, moved, True, 3.3, 18.8, 1.0, 0.0, frozenset((0, 2, 4))) > 0.0
    assert inner_cost(a + b, moved, True, 3.3, 18.8, 1.0, 0.0) == 0.0


def test_a_2_2_link_whose_clause_moved_is_refunded_and_two_1_1_links_are_not() -> None:
    moved = (["他说存在的东西一定不存在，这是因为一切都是骗局。", "他说不存在的东西一定存在，比如王二，假如王二不存在，这个名字是从哪里来的？"],
             ["He said what exists must not exist, because everything is a fraud; what does not exist must exist, "
              "like Wang Er.", "If Wang Er did not exist, where did the name come from?"])
    kept = (["他们的水是苦的，也没有菜吃。", "但是当初调她来，分明有惩罚的意思。"],
            ["Their water was bitter, and there was nothing to eat.",
             "But it was clear from the start that sending her there was meant as a punishment."])
    for (zs, es), want in ((moved, [([0, 1], [0, 1])]), (kept, [([0], [0]), ([1], [1])])):
        zf, ef = [zh_features(s) for s in zs], [en_features(s) for s in es]
        off = SpanScorer(zf, ef, Weights(cross=0.0))
        on = SpanScorer(zf, ef, Weights(cross=40.0))
        assert banded_dp(off, 2, 2) == [([0], [0]), ([1], [1])]
        assert banded_dp(on, 2, 2) == want
        assert off.cost(0, 2, 0, 2) - on.cost(0, 2, 0, 2) == on.cross(0, 2, 0, 2)
        assert 0.0 <= on.cross(0, 2, 0, 2) <= Weights().prior(2, 2)  # never more than the link's prior
        assert on.cross(0, 1, 0, 2) == 0.0  # a 1-2 link: inner()'s business
