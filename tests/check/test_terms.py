"""`term` warnings: a confirmed termbase term on one side with no rendering on the other (check/terms.py)."""

from __future__ import annotations

import json
from pathlib import Path

from duizhao.check import check_pairs, termset
from duizhao.check.terms import check_terms
from duizhao.cli import run
from duizhao.terms import Term, glossary_terms


def _t(zh: str, en: str, status: str = "confirmed", origin: str = "editor", **kw: list[str]) -> Term:
    return Term(zh=zh, en=en, status=status, origin=origin, **kw)


TERMS = termset(
    [
        _t("特别军事行动", "special military operation"),
        _t("军事", "military affairs"),
        _t("国防合作", "defense cooperation", en_variants=["defence cooperation"]),
        _t("天然气管线", "natural gas pipeline"),
        _t("无上限伙伴关系", "no limits partnership", en_variants=["no-limits partnership"]),
        _t("数字经济", "digital economy", status="candidate"),
        _t("绿色转型", "green transition", status="rejected"),
    ]
)


def _kinds(zh: str, en: str, terms=TERMS) -> list[tuple[str | None, str | None, str]]:
    return [(f.zh, f.en, f.detail) for f in check_terms("u1", zh, en, terms)]


def test_missing_rendering_names_the_expected_one() -> None:
    got = _kinds("俄罗斯宣布结束特别军事行动。", "Russia announced the end of its war.")
    assert len(got) == 1
    zh, en, detail = got[0]
    assert zh == "特别军事行动" and en is None and "special military operation" in detail
    assert check_terms("u1", "俄罗斯宣布结束特别军事行动。", "Russia announced the end of its war.", TERMS)[0].severity == "warning"


def test_rendering_present_in_any_form_is_silent() -> None:
    assert _kinds("俄罗斯宣布结束特别军事行动。", "Russia announced the end of its Special Military Operations.") == []
    assert _kinds("两国签署了天然气管线协议。", "The two signed a natural-gas pipeline deal.") == []
    assert _kinds("这是无上限伙伴关系。", "It is a “no-limits” partnership.") == []
    assert _kinds("两国加强国防合作。", "The two strengthen defence cooperation.") == []


def test_traditional_script_is_matched_and_quoted_as_written() -> None:
    got = _kinds("俄羅斯宣布結束特別軍事行動。", "Russia announced the end of its war.")
    assert [z for z, _e, _d in got] == ["特別軍事行動"]


def test_english_term_without_chinese_counterpart() -> None:
    got = _kinds("两国签署了协议。", "The two signed a natural gas pipeline deal.")
    assert [(z, e) for z, e, _d in got] == [(None, "natural gas pipeline")]
    assert "天然气管线" in got[0][2]


def test_only_confirmed_terms_count() -> None:
    assert _kinds("发展数字经济和绿色转型。", "Develop the economy.") == []
    assert _kinds("会议。", "A meeting on the digital economy and green transition.") == []


def test_a_longer_term_covers_the_shorter_inside_it() -> None:
    # 军事 (military affairs) sits inside 特别军事行动: the longer term decides
    assert _kinds("俄罗斯宣布结束特别军事行动。", "Russia announced the end of the special military operation.") == []
    assert [z for z, _e, _d in _kinds("军事专家说。", "An expert said.")] == ["军事"]


def test_reworded_rendering_counts_as_present() -> None:
    # half or more of the termbase's words (with their derivations) is a rewording, not a miss
    assert _kinds("两国加强国防合作。", "The two strengthen cooperation for defense.") == []
    # one English word alone is never checked the other way (center: 服务中心, 交易中心 …)
    ts = termset([_t("服务中心", "center")])
    assert _kinds("他在购物中心。", "He was at the shopping center.", ts) == []


def test_names_and_currencies_are_left_to_their_own_checks() -> None:
    # a glossary name (美国) or its demonym (American), and a currency, never give a `term` warning
    ts = termset([_t("美国", "American"), _t("英国", "British"), *glossary_terms()])
    assert _kinds("美国和英国的代表。", "Representatives of the US and the UK.", ts) == []
    assert _kinds("投资为646亿美元。", "Investment was US$64.6 billion.", ts) == []
    # the glossary's plain terms do
    got = _kinds("中国提出了一带一路倡议。", "China launched a new initiative.", ts)
    assert [z for z, _e, _d in got] == ["一带一路"] and "Belt and Road Initiative" in got[0][2]


def test_check_pairs_adds_term_warnings_only_with_terms() -> None:
    pairs = [("p1", "俄罗斯宣布结束特别军事行动。", "Russia announced the end of its war.")]
    assert not any(f.kind == "term" for f in check_pairs(pairs))
    found = [f for f in check_pairs(pairs, terms=TERMS) if f.kind == "term"]
    assert len(found) == 1 and found[0].id


def test_cli_check_uses_the_library_confirmed_terms(tmp_path: Path, capsys) -> None:
    from duizhao.store import open_library
    from tests.terms.conftest import make_doc

    db = str(tmp_path / "lib.db")
    lib = open_library(db)
    lib.add_document(make_doc("eeee000000000005", [("两国讨论了天然气管线项目。", "The two discussed the project.")]))
    lib.close()
    before = json.loads(_out(capsys, "--db", db, "check", "eeee000000000005", "--json"))["findings"]
    assert not any(f["kind"] == "term" for f in before)
    _out(capsys, "--db", db, "terms", "add", "天然气管线", "natural gas pipeline", "--editor", "ann")
    after = json.loads(_out(capsys, "--db", db, "check", "eeee000000000005", "--json"))["findings"]
    terms = [f for f in after if f["kind"] == "term"]
    assert len(terms) == 1 and terms[0]["severity"] == "warning" and "natural gas pipeline" in terms[0]["detail"]
    assert terms[0]["zh"] == "天然气管线"
    # once rejected, it gives none
    _out(capsys, "--db", db, "terms", "reject", str(terms_id(db, "天然气管线")))
    again = json.loads(_out(capsys, "--db", db, "check", "eeee000000000005", "--json"))["findings"]
    assert not any(f["kind"] == "term" for f in again)


def terms_id(db: str, zh: str) -> int:
    from duizhao.store import open_library
    from duizhao.terms.library import list_terms

    lib = open_library(db)
    try:
        return next(t.id for t in list_terms(lib, zh) if t.zh == zh and t.origin == "editor")
    finally:
        lib.close()


def _out(capsys, *args: str) -> str:
    capsys.readouterr()
    assert run(list(args)) == 0
    return capsys.readouterr().out


def test_stored_findings_hold_term_warnings_from_ingest_and_corrections(tmp_path: Path) -> None:
    """Ingest and an applied correction store the library's term warnings, with the ids `check ID` gives
    (so a review made on the reading page holds), and a correction that adds the rendering clears it."""
    from duizhao import pipeline
    from duizhao.check import check_document, library_termset
    from duizhao.store import open_library
    from duizhao.terms.library import add_term

    src = tmp_path / "pipeline.txt"
    src.write_text("两国讨论了天然气管线项目。\n\nThe two countries discussed the project.\n", encoding="utf-8")
    lib = open_library(str(tmp_path / "lib.db"))
    try:
        add_term(lib, "天然气管线", "natural gas pipeline", "ann")
        report = pipeline.ingest(lib, [src])
        doc_id = report.ingested[0]["id"]
        stored = [f for f in lib.findings(doc_id) if f.kind == "term"]
        assert len(stored) == 1 and "natural gas pipeline" in stored[0].detail
        fresh = [f for f in check_document(lib.get_document(doc_id), library_termset(lib)) if f.kind == "term"]
        assert [f.id for f in fresh] == [stored[0].id]
        unit = stored[0].unit_id
        cid = lib.propose_correction(doc_id, unit, "en", "The two countries discussed the natural gas pipeline project.")
        pipeline.apply_correction(lib, cid, "ann")
        assert not any(f.kind == "term" for f in lib.findings(doc_id))
        cid = lib.propose_correction(doc_id, unit, "en", "The two countries discussed the pipeline.")
        pipeline.apply_correction(lib, cid, "ann")
        assert [f.kind for f in lib.findings(doc_id) if f.kind == "term"] == ["term"]
    finally:
        lib.close()
