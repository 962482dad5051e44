"""Link confidence (margins, the logistic curve) and the in-document lexicon of the second pass."""
from __future__ import annotations

from duizhao.align import UNCERTAIN_BELOW, align, align_scored, align_unit
from duizhao.align.dp import Weights, confidence
from duizhao.align.lexicon import apply, learn
from duizhao.align.scores import EnFeat, ZhFeat

from .test_align import EN, GOLD, ZH


def test_every_link_has_a_confidence_and_sure_links_are_surer() -> None:
    links, conf = align_scored(ZH, EN)
    assert links == GOLD == align(ZH, EN)
    assert len(conf) == len(links) and all(0.0 <= c <= 1.0 for c in conf)
    by_link = dict(zip(map(repr, links), conf, strict=True))
    # a wrong translation in place of the right one: that link's confidence drops
    en = EN[:4] + ["The weather in Beijing was mild and sunny."] + EN[5:]
    links2, conf2 = align_scored(ZH, en)
    c2 = dict(zip(map(repr, links2), conf2, strict=True))
    assert c2.get(repr(([4], [4])), 0.0) < by_link[repr(([4], [4]))]


def test_trivial_shapes_are_certain() -> None:
    assert align_scored([], ["One."]) == ([([], [0])], [1.0])
    assert align_scored(["一。"], ["One.", "Two."]) == ([([0], [0, 1])], [1.0])


def test_confidence_is_a_monotone_curve_of_the_margin() -> None:
    w = Weights(conf_a=1.5, conf_b=-1.0)
    assert confidence(0.0, w) < confidence(1.0, w) < confidence(3.0, w) < 1.0
    assert abs(confidence(1.0 / 1.5, w) - 0.5) < 1e-9
    assert confidence(-1e6, w) == 0.0 and confidence(1e6, w) == 1.0  # no overflow


def test_align_unit_carries_confidence() -> None:
    got = align_unit("".join(ZH), " ".join(EN))
    assert all(s.confidence is not None for s in got)
    assert align_unit("一句。", "One. Two.")[0].confidence is None  # not aligned: nothing to doubt
    assert 0.0 < UNCERTAIN_BELOW < 1.0


def _z(tokens: tuple[str, ...], stems: set[str] = frozenset()) -> ZhFeat:  # type: ignore[assignment]
    words = [frozenset(stems)] if stems else []
    return ZhFeat(10.0, words, frozenset(stems), frozenset(), False, tokens)


def test_lexicon_learns_a_rendering_the_dictionary_lacks() -> None:
    # 小宝 is "Trinket" in this translation: three links say so; "bag" the dictionary already knows
    zf = [_z(("小宝", "袋"), {"bag"}), _z(("小宝", "笑")), _z(("小宝", "跑")), _z(("门",))]
    ef = [EnFeat(30, frozenset({"trinket", "bag"})), EnFeat(30, frozenset({"trinket", "laugh"})),
          EnFeat(30, frozenset({"trinket", "ran"})), EnFeat(30, frozenset({"door"}))]
    links = [([0], [0]), ([1], [1]), ([2], [2]), ([3], [3])]
    lex = learn(zf, ef, links, min_pairs=3)
    assert lex == {"小宝": frozenset({"trinket"})}
    assert learn(zf, ef, links, min_pairs=4) == {}
    z2 = apply(zf, lex)
    assert z2[1].words == [frozenset({"trinket"})] and "trinket" in z2[1].union
    assert z2[3] is zf[3]


def test_real_output_has_uncertain_links_and_they_are_the_doubtful_ones() -> None:
    """On literary text the shipped curve flags some links (the reading view's dashed underline, the
    pairs TMX leaves out), and the flagged ones are right less often than the rest."""
    from .test_align import _mac_dev

    low = low_ok = high = high_ok = 0
    for zs, es, gold in _mac_dev()[:3]:
        links, conf = align_scored(zs, es)
        for lk, c in zip(links, conf, strict=True):
            ok = lk in gold
            if c < UNCERTAIN_BELOW:
                low, low_ok = low + 1, low_ok + ok
            else:
                high, high_ok = high + 1, high_ok + ok
    assert 0.02 < low / (low + high) < 0.3
    assert low_ok / low < high_ok / high - 0.2
