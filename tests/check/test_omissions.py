from __future__ import annotations

from duizhao.check import check_document, check_pairs
from duizhao.model import Document, Sentence, Unit

ZH = "双方同意在能源、贸易和科技领域继续深化务实合作，推动两国关系向前发展。"
EN = "The two sides agreed to keep deepening practical cooperation in energy, trade and technology."


def test_one_sided_pair_is_missing() -> None:
    (f,) = check_pairs([("u1", ZH, None)])
    assert (f.kind, f.severity) == ("missing", "warning")
    (f,) = check_pairs([("u1", "", EN)])
    assert f.kind == "missing" and "no Chinese" in f.detail


def test_untranslated_target() -> None:
    kinds = [f.kind for f in check_pairs([("u1", ZH, ZH)])]
    assert "untranslated" in kinds
    kinds = [f.kind for f in check_pairs([("u1", EN, EN)])]
    assert "untranslated" in kinds


def test_length_far_outside_the_documents_norm() -> None:
    pairs = [(f"u{i}", ZH, EN) for i in range(6)] + [("short", ZH, "They agreed.")]
    found = [(f.unit_id, f.kind) for f in check_pairs(pairs)]
    assert found == [("short", "length")]


def test_document_headings_may_be_one_sided_but_paragraphs_may_not() -> None:
    units = [Unit(f"u{i}", "paragraph", ZH, EN) for i in range(3)]
    units += [Unit("h", "heading", None, "An English-only heading"), Unit("p", "paragraph", ZH, None)]
    doc = Document(id="d", units=units)
    assert [(f.unit_id, f.kind) for f in check_document(doc)] == [("p", "missing")]


def test_unaligned_sentence_reported_when_the_unit_is_short_too() -> None:
    long_zh = ZH + "会议还讨论了地区安全形势和今后的合作规划，并决定明年在北京举行下一次会议。"
    units = [Unit(f"u{i}", "paragraph", ZH, EN) for i in range(6)]
    units.append(
        Unit(
            "x",
            "paragraph",
            long_zh,
            EN,
            sentences=[
                Sentence(ZH, EN),
                Sentence("会议还讨论了地区安全形势和今后的合作规划，并决定明年在北京举行下一次会议。", ""),
            ],
        )
    )
    found = [(f.unit_id, f.kind) for f in check_document(Document(id="d", units=units))]
    assert ("x", "missing") in found


def test_latin_glosses_in_the_chinese_do_not_count_as_length() -> None:
    glossed = "前五位分别是：哥顿·李察 (Gordon Richards) 爵士、道格·史密斯 (Doug Smith) 和嘉逊 (Willie Carson)。"
    en = "The first five: Gordon Richards, Doug Smith, Willie Carson."
    pairs = [(f"u{i}", ZH, EN) for i in range(6)] + [("g", glossed, en)]
    assert [f for f in check_pairs(pairs) if f.kind == "length"] == []


def test_a_chinese_side_that_is_one_bracketed_caption_does_not_break_the_norm() -> None:
    # the Latin-gloss rule would leave no Chinese length at all: checking must still work
    caption = "（上图由ExampleCorp.Net数据团队于三月二日绘制完成）"
    pairs = [(f"u{i}", ZH, EN) for i in range(6)] + [("c", caption, "(Chart by ExampleCorp.Net's data team, March 2)")]
    assert all(f.kind != "length" or f.unit_id == "c" for f in check_pairs(pairs))
