"""Link scoring and the long-text guide: span coverage, clause glue, 1-4 links, the block guide."""
from __future__ import annotations

from duizhao.align import align
from duizhao.align.dp import DEFAULT, SpanScorer, Weights, banded_dp
from duizhao.align.guide import block_guide
from duizhao.align.scores import EnFeat, ZhFeat, en_features, zh_features


def _zh(*words: set[str], clause_end: bool = False) -> ZhFeat:
    ws = [frozenset(w) for w in words]
    return ZhFeat(10.0, ws, frozenset().union(*ws), frozenset(), clause_end)


def _en(*stems: str) -> EnFeat:
    return EnFeat(33, frozenset(stems))


def test_a_word_matching_in_two_sentences_counts_once() -> None:
    # "forget stress" / "forget hype" against "forget about stress" / "forget about speculation":
    # the shared word must not pay for a 2-2 link twice (it did when coverage was summed per pair)
    zf = [_zh({"forget"}, {"pressur", "stress"}), _zh({"forget"}, {"hype", "promot"})]
    ef = [_en("forget", "stress"), _en("forget", "speculation")]
    sc = SpanScorer(zf, ef)
    assert sc.zcov(0, 0, 2) == 2 and sc.zcov(1, 0, 2) == 1
    assert sc.ecov(1, 0, 2) == 1  # "forget" of the second English sentence; "speculation" has no gloss
    assert banded_dp(sc, 2, 2) == [([0], [0]), ([1], [1])]


def test_clause_glue_joins_a_link_across_a_semicolon() -> None:
    zf = [_zh({"one"}, {"side"}, clause_end=True), _zh({"other"}, {"side"})]
    ef = [_en("one", "side"), _en("other", "side")]
    assert banded_dp(SpanScorer(zf, ef, Weights(clause=0.0)), 2, 2) == [([0], [0]), ([1], [1])]
    assert banded_dp(SpanScorer(zf, ef), 2, 2) == [([0, 1], [0, 1])]
    # the cue comes from the text: a sentence ending in ； (also before a closing quote)
    assert zh_features("一方面，江苏的生态建设位居全国首位；").clause_end
    assert zh_features("“我们会继续努力；”").clause_end
    assert not zh_features("但另一方面，资源环境压力很大。").clause_end


def test_one_to_four_link() -> None:
    zh = ["代表团周一抵达首都，随后会见了总理，参观了一家工厂，并出席了晚宴。", "双方同意加强合作。"]
    en = ["The delegation arrived in the capital on Monday.", "It then met the prime minister.",
          "It visited a factory.", "It attended a dinner.", "The two sides agreed to strengthen cooperation."]
    assert align(zh, en) == [([0], [0, 1, 2, 3]), ([1], [4])]
    assert align(zh, en, weights=Weights(merge4=float("inf")))[0] != ([0], [0, 1, 2, 3])


def test_block_guide_keeps_a_long_text_on_its_path(dev_docs: list[dict]) -> None:
    """40 WMT17 dev documents as ONE pair of sentence lists (the guided path for long texts): the
    block guide stays within a couple of blocks of the gold path, which drifts tens of sentences
    off the length diagonal, and the alignment finds the gold links."""
    from duizhao.align.dp import _path_rows, length_diagonal
    from duizhao.lang.sentences import split_en, split_zh

    zh: list[str] = []
    en: list[str] = []
    gold: list[tuple[list[int], list[int]]] = []
    for doc in dev_docs[:40]:
        for z, e in zip(doc["zh"], doc["en"], strict=True):
            a, b = split_zh(z), split_en(e)
            gold.append((list(range(len(zh), len(zh) + len(a))), list(range(len(en), len(en) + len(b)))))
            zh += a
            en += b
    assert len(zh) * len(en) > 40_000  # beyond GUIDE_CELLS
    zf = [zh_features(s) for s in zh]
    ef = [en_features(s) for s in en]
    sc = SpanScorer(zf, ef, DEFAULT)
    truth = _path_rows([g for g in gold if g[0] or g[1]], len(zh))
    diag = length_diagonal(sc.zlen, sc.elen)
    centre = block_guide(zf, ef, sc.c, sc.s2)
    assert max(abs(a - b) for a, b in zip(diag, truth, strict=True)) > 20  # the straight guess is lost
    assert max(abs(a - b) for a, b in zip(centre, truth, strict=True)) <= 16  # the guide is not
    links = align(zh, en)
    assert sum(1 for g in gold if g in links) / len(gold) > 0.93


def test_pruned_dp_gives_the_same_links_as_scoring_everything(dev_docs: list[dict]) -> None:
    """The DP skips scoring a link when a lower bound of its cost already loses its cell; that must
    never change the result: with pruning off (every link scored in full, through the cached
    SpanScorer.cost) the links are the same, also for other weights and for the literary-like mix."""
    from duizhao.align.length import length_cost
    from duizhao.lang.sentences import split_en, split_zh

    docs = dev_docs[:6]
    for w in (DEFAULT, Weights(anchor=0.15, merge=0.7, merge23=4.0), Weights(sim=4.5, orphan=0.0, skip=4.5),
              Weights(inner=8.0, inner_len=0.1, qstate=3.0), Weights(cross=40.0, merge23=5.0)):
        for doc in docs:
            zh = [s for z in doc["zh"] for s in split_zh(z)]
            en = [s for e in doc["en"] for s in split_en(e)]
            zf = [zh_features(s) for s in zh]
            ef = [en_features(s) for s in en]
            pruned = SpanScorer(zf, ef, w)
            full = SpanScorer(zf, ef, w)
            full.prunable = False
            assert pruned.prunable
            assert banded_dp(pruned, len(zf), len(ef)) == banded_dp(full, len(zf), len(ef))
    # the length term, inlined for speed, is length_cost's float exactly
    sc = SpanScorer(zf, ef)
    for i0, i1, j0, j1 in ((0, 1, 0, 1), (0, 2, 0, 1), (1, 2, 0, 3), (0, 0, 0, 1)):
        assert sc.lc(i0, i1, j0, j1) == length_cost(sc.zlen[i1] - sc.zlen[i0], sc.elen[j1] - sc.elen[j0], sc.c, sc.s2)
    # and a bounded merge that is not cut off costs exactly what the plain computation gives
    lc = sc.lc(0, 1, 0, 2)
    assert sc._merge_bounded(0, 1, 0, 2, lc, 0.0, 0.0, float("inf")) == sc._compute(0, 1, 0, 2)
    assert sc._merge_bounded(0, 1, 0, 2, lc, 0.0, 0.0, -1.0) is None  # nothing beats a cost below 0


def test_questions_and_quotes_tell_where_a_short_english_piece_belongs() -> None:
    from duizhao.align.scores import punct_marks

    assert punct_marks("小玄子笑道：“投不投降？”", True) == (1, 0, 1)
    assert punct_marks("什么？！", True) == (1, 1, 0)
    # an apostrophe inside a word is not a quotation mark; one that starts a word is
    assert punct_marks("'Is that right?' protested Trinket's friend.", False) == (1, 0, 1)
    # "Surrender?" with no words the dictionary knows: only the question mark says it goes with the
    # question, not with the narration before it
    zf = [ZhFeat(10.0, [frozenset({"sit"}), frozenset({"back"})], frozenset({"sit", "back"}), frozenset(),
                 marks=(0, 0, 0)),
          ZhFeat(6.0, [], frozenset(), frozenset(), marks=(1, 0, 1))]
    ef = [EnFeat(40, frozenset({"sit", "back"})), EnFeat(11, frozenset(), marks=(1, 0, 1))]
    plain = Weights(qmark=0.0, quote=0.0, excl=0.0)
    sc = SpanScorer(zf, ef, Weights(qmark=1.0, quote=0.5))
    assert sc.marks(0, 1, 0, 2) == 1.5 and sc.marks(1, 2, 1, 2) == 0.0
    assert sc.cost(0, 1, 0, 2) - SpanScorer(zf, ef, plain).cost(0, 1, 0, 2) == 1.5
    assert banded_dp(sc, 2, 2) == [([0], [0]), ([1], [1])]


def test_a_link_should_not_end_inside_a_quotation_on_one_side_only() -> None:
    from duizhao.align.dp import quote_states
    from duizhao.align.scores import quote_events

    assert quote_events("又想：“刚才真笨，该当走了。", True) == (1, -1)  # opened, not closed
    assert quote_events("这里又不是丽春院？”", True) == (0, -1)
    assert quote_events("'But you're quick all the same!", False) == (-1, 1)  # you're: an apostrophe
    assert quote_events("A few more goes and I'd have had you, though—'", False) == (-1, 0)
    assert quote_events("The boys' shoes were wet.", False) == (-1, -1)  # a possessive, not a quotation
    # ... unless the sentence opened a single quote: then s' closes it (or the quotation never ends)
    assert quote_events("As it cooled, the leftover 'embers' became the background.", False) == (-1, 0)
    assert quote_states([(1, -1), (-1, -1), (0, -1)]) == [False, True, True, False]
    # narration, a quoted speech, narration; the English cuts the speech in two, and by length alone its
    # first piece would join the narration before it (a link that ends inside the English quotation only)
    def z(n: float, ws: list[set[str]], q: tuple[int, int]) -> ZhFeat:
        fs = [frozenset(w) for w in ws]
        return ZhFeat(n, fs, frozenset().union(*fs) if fs else frozenset(), frozenset(), quotes=q)

    zf = [z(10, [{"sit"}, {"back"}], (-1, -1)), z(4, [], (0, -1)), z(10, [{"sit"}, {"back"}], (-1, -1))]
    ef = [EnFeat(25, frozenset({"sit", "back"})), EnFeat(8, frozenset(), quotes=(-1, 1)),
          EnFeat(13, frozenset(), quotes=(-1, 0)), EnFeat(33, frozenset({"sit", "back"}))]
    assert banded_dp(SpanScorer(zf, ef, Weights(qstate=0.0)), 3, 4)[0] == ([0], [0, 1])
    assert banded_dp(SpanScorer(zf, ef, Weights(qstate=2.0)), 3, 4) == [([0], [0]), ([1], [1, 2]), ([2], [3])]


def test_irregular_english_forms_meet_the_dictionary_base_form() -> None:
    st = en_features("Trinket cried that he fell, and said the children went home.").stems
    assert {"cry", "fall", "say", "child", "go"} <= st
    assert "left" in en_features("He left.").stems  # left is also a side: not mapped


def test_pruned_dp_is_exact_with_the_cross_refund_on_literary_text() -> None:
    """The refund of a 2-2/2-3 link with a moved clause is negative cost: the DP's lower bound takes its
    most (w.cross * CROSS_MAX, at most the prior), so pruning still never changes the links."""
    from tests.align.test_align import _mac_dev

    for zs, es, _ in _mac_dev()[:3]:
        zf = [zh_features(s) for s in zs[:70]]
        ef = [en_features(s) for s in es[:100]]
        for w in (Weights(cross=15.0), Weights(cross=60.0, merge23=5.0)):
            pruned = SpanScorer(zf, ef, w)
            full = SpanScorer(zf, ef, w)
            full.prunable = False
            assert pruned.prunable
            assert banded_dp(pruned, len(zf), len(ef)) == banded_dp(full, len(zf), len(ef))


def test_a_name_missing_from_the_dictionary_meets_its_pinyin() -> None:
    from duizhao.align.scores import _name_keys, _word_keys, match_counts

    # 沙瑞山 is no CC-CEDICT word; its pieces gloss as sand/auspicious/mountain, the English keeps the pinyin
    zh = zh_features("沙瑞山指着天线说")
    assert match_counts(zh, en_features("Ruishan pointed to the antenna."))[1] == 3  # Ruishan, point, antenna
    assert match_counts(zh, en_features("He pointed to the antenna."))[1] == 2
    # a compound surname: the given name starts after two characters; a dictionary word gains nothing
    assert {"mingyuan", "ouyangmingyuan"} <= _name_keys("欧阳明远")
    assert "xiaobao" in _name_keys("韦小宝") and _name_keys("天") == frozenset()
    assert all("tianxian" not in st for st in _word_keys("天线"))  # 天线 is in CC-CEDICT: antenna
