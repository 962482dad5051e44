"""`export ID --format txt` writes a document in the layout it came in, and duizhao reads the file
back as the same record: the same metadata, the same units (kind, level, both texts) and so the
same id. Golden cases: the team's demo documents and our own variants below; the seeds and the
WMT17 dev documents (as --pair documents) when ../shared is there."""

from __future__ import annotations

from pathlib import Path

import pytest

from duizhao.model import Document
from duizhao.pipeline import parse_data, parse_file, parse_pair

from .conftest import digest_doc, translated_doc

REPO = Path(__file__).resolve().parents[2]
FIELDS = ("title", "authors", "authors_zh", "source", "original_source", "published", "original_published",
          "keywords", "translators", "url", "abstract", "layout")

# Our own digests, shaped like the seeds but exercising what they do not: a title line, translators
# and a URL in the header, items nested under items, a heading only one side has.
OWN_DIGESTS = {
    "titled_digest.txt": """Arctic Shipping and the Northern Sea Route

作者/Author(s): Mei Lin, Ivan Petrov
譯者/Translator(s): duizhao demo team
網站來源/Source: 外交事務
日期/Date: 11/02/2024
關鍵字/Keywords: 北極, Arctic, 航運
網址/URL: https://example.org/arctic-route

摘要:
北極航道的通航季節正在延長,中俄兩國都在增加投入。
航道與港口
  • 2023年經北方海路運輸的貨物達到3600萬噸。
    1. 其中大部分是液化天然氣和原油。
    2. 過境運輸仍然只佔一小部分。
  • 中國的航運公司在夏季增開了航次。
Summary:
The navigation season on Arctic routes is getting longer, and China and Russia are both investing more.
Routes and Ports
  • In 2023, 36 million tonnes of cargo were shipped along the Northern Sea Route.
    1. Most of it was liquefied natural gas and crude oil.
    2. Transit shipping remains a small share.
  • Chinese shipping companies added voyages in the summer.
Open Questions
""",
}


def _record(doc: Document) -> tuple[dict, list]:
    return {f: getattr(doc, f) for f in FIELDS}, [(u.kind, u.level, u.zh, u.en) for u in doc.units]


def _round_trip(doc: Document) -> Document:
    from duizhao.export import export

    return parse_data(f"{Path(doc.path or 'doc').stem}.txt", export(doc, "txt"), None)


def _assert_same(doc: Document) -> None:
    back = _round_trip(doc)
    assert _record(back) == _record(doc)
    assert back.id == doc.id  # the same content: re-ingesting the export reports it unchanged


@pytest.mark.parametrize("name", sorted(p.name for p in (REPO / "demo").glob("*.txt")))
def test_demo_documents_round_trip(name: str) -> None:
    _assert_same(parse_file(REPO / "demo" / name))


@pytest.mark.parametrize("name", sorted(OWN_DIGESTS))
def test_own_digests_round_trip(name: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_text(OWN_DIGESTS[name], encoding="utf-8")
    doc = parse_file(path)
    assert doc.layout == "digest" and doc.translators and doc.url and any(u.level == 1 for u in doc.units)
    _assert_same(doc)


def test_seeds_round_trip(seed_files: list[Path]) -> None:
    for f in seed_files:
        _assert_same(parse_file(f))


def test_wmt_pair_documents_round_trip(dev_docs: list[dict], tmp_path: Path) -> None:
    differ = []
    for d in dev_docs:
        zh, en = tmp_path / "zh.txt", tmp_path / "en.txt"
        zh.write_text("\n\n".join(d["zh"]), encoding="utf-8")
        en.write_text("\n\n".join(d["en"]), encoding="utf-8")
        doc = parse_pair(zh, en, None)
        back = _round_trip(doc)
        if [(u.kind, u.zh, u.en) for u in back.units] != [(u.kind, u.zh, u.en) for u in doc.units] or back.title != doc.title:
            differ.append(d["docid"])
    assert differ == []


def test_built_documents_keep_their_text() -> None:
    """Documents made in code (not parsed): every unit's kind and text comes back, in order (a
    numbered item's number, which the export writes, stays in its text as when parsed from a file)."""
    import re

    def bare(t: str | None, kind: str) -> str | None:
        return re.sub(r"^\d+\.\s*", "", t) if t and kind == "item" else t

    for doc, layout in ((translated_doc(), "interleaved"), (digest_doc(), "digest")):
        doc.layout = layout
        back = _round_trip(doc)
        assert back.layout == layout
        assert [(u.kind, u.level, bare(u.zh, u.kind), bare(u.en, u.kind)) for u in back.units] == [(u.kind, u.level, u.zh, u.en) for u in doc.units]
        assert (back.authors, back.source, back.published) == (doc.authors, doc.source, doc.published)


def _docx_round_trip(doc: Document) -> Document:
    from duizhao.export import export

    return parse_data(f"{Path(doc.path or 'doc').stem}.docx", export(doc, "docx"), None)


@pytest.mark.parametrize("name", ["digest_energy_ties.txt", "bilist_sco_astana.txt"])
def test_docx_of_a_digest_reads_back(name: str) -> None:
    doc = parse_file(REPO / "demo" / name)
    back = _docx_round_trip(doc)
    assert back.format == "docx"
    assert _record(back) == _record(doc) and back.id == doc.id


def test_docx_of_seed_digests_reads_back(seed_files: list[Path]) -> None:
    for f in seed_files:
        doc = parse_file(f)
        if doc.layout in ("digest", "bilist"):
            assert _record(_docx_round_trip(doc)) == _record(doc), f.name
