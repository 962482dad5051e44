"""PDF: reading order, paragraphs rejoined across lines and pages, page furniture dropped; bad files refused."""
from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest

from duizhao.read import read_bytes, read_file
from duizhao.read.pdf import PAGE_NUMBER, JoinStyle, Line, drop_furniture, join_text

from .seedcheck import chrome_found, missing_in_order, refusal, structure_mismatches
from .variants import RUNNING_HEADER, seed_to_pdf


@pytest.mark.parametrize("dense", [False, True], ids=["a4-ragged", "a5-justified-hyphenated"])
@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_pdfs_give_the_seed_paragraphs(seeds_dir: Path, tmp_path: Path, prefix: str, dense: bool) -> None:
    seed = next(seeds_dir.glob(f"{prefix}_*.txt"))
    path = seed_to_pdf(seed, tmp_path, dense=dense)
    assert len(pypdf.PdfReader(path).pages) >= 2  # running headers/footers repeat
    source = read_file(path)
    assert source.format == "pdf"
    assert missing_in_order(source.blocks, seed) == []
    assert chrome_found(source.blocks) == []
    assert structure_mismatches(source.blocks, seed) == []


def _pdf(tmp_path: Path, body: str, css: str = "") -> Path:
    import weasyprint

    html = (
        "<html><head><style>body{font-family:'WenQuanYi Micro Hei';font-size:11pt}"
        "@page{size:A5;margin:2cm 1.5cm;@bottom-center{content:'第 ' counter(page) ' 页';font-size:8pt}}"
        f"{css}</style></head><body>{body}</body></html>"
    )
    out = tmp_path / "own.pdf"
    weasyprint.HTML(string=html).write_pdf(str(out))
    return out


ZH = (
    "中俄两国在能源领域的合作持续扩大，双方在石油、天然气、核能和可再生能源方面签署了多项长期协议，"
    "贸易额创下历史新高。"
)
EN = (
    "Energy cooperation between China and Russia keeps widening: the two sides signed long-term agreements on oil, "
    "gas, nuclear power and renewables, and their trade reached a record high."
)


def test_own_bilingual_paragraphs_across_pages(tmp_path: Path) -> None:
    paragraphs = [ZH, EN] * 6
    body = "<h1>能源合作 Energy Cooperation</h1>" + "".join(f"<p>{p}</p>" for p in paragraphs)
    source = read_file(_pdf(tmp_path, body))
    assert [b.text for b in source.blocks] == ["能源合作 Energy Cooperation", *paragraphs]
    assert source.blocks[0].kind == "heading"


def test_first_line_indents_without_paragraph_spacing(tmp_path: Path) -> None:
    paragraphs = [EN, EN.replace("Energy", "Grain"), ZH, ZH.replace("能源", "粮食")]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    source = read_file(_pdf(tmp_path, body, "p{margin:0;text-indent:2em;text-align:justify}"))
    assert [b.text for b in source.blocks] == paragraphs


def test_lists_keep_markers_and_nesting(tmp_path: Path) -> None:
    body = (
        "<ul><li>第一点：" + ZH + "</li><li>Second point<ol><li>" + EN + "</li><li>Short item.</li></ol></li></ul>"
    )
    got = [(b.kind, b.level, b.marker, b.text) for b in read_file(_pdf(tmp_path, body)).blocks]
    assert got == [
        ("bullet", 0, None, "第一点：" + ZH),
        ("bullet", 0, None, "Second point"),
        ("item", 1, "1.", EN),
        ("item", 1, "2.", "Short item."),
    ]


def test_join_text_rules() -> None:
    assert join_text("中俄两国在能源领域的", "合作持续扩大。") == "中俄两国在能源领域的合作持续扩大。"
    assert join_text("Energy cooperation", "keeps widening.") == "Energy cooperation keeps widening."
    assert join_text("an inter-", "national order") == "an international order"
    assert join_text("the Russia-", "Ukraine conflict") == "the Russia-Ukraine conflict"
    assert join_text("a soft inter\u00ad", "national break") == "a soft international break"
    words = JoinStyle.of(["the operation began", "a large deal at scale"])
    assert join_text("Security Co-", "operation in Europe", words) == "Security Co-operation in Europe"
    assert join_text("a large-", "scale war", words) == "a large-scale war"
    spaced = JoinStyle.of(["普京 (Vladimir Putin) 表示", "伊万诺夫 (Sergei Ivanov) 的"])
    assert join_text("谢尔盖·伊万诺夫 (Sergei Ivanov)", "的职务", spaced) == "谢尔盖·伊万诺夫 (Sergei Ivanov) 的职务"
    assert join_text("增长３.", "６％", spaced) == "增长３.６％"


@pytest.mark.parametrize(
    "text", ["3", "- 3 -", "Page 3 of 9", "page 12", "第3页", "第 3 页 共 9 页", "3 / 9", "iv", "xii"]
)
def test_page_numbers(text: str) -> None:
    assert PAGE_NUMBER.match(text)


@pytest.mark.parametrize("text", ["3. Sino-Russian Relations", "2022年", "Summary:", "第三章", "civil", "Vivid"])
def test_not_page_numbers(text: str) -> None:
    assert not PAGE_NUMBER.match(text)


def test_running_headers_repeat_with_changing_numbers() -> None:
    words = ["alpha", "beta", "gamma", "delta"]

    def page(n: int) -> list[Line]:
        body = [f"{w} text of page {words[n]}" for w in words]
        rows = [f"Interpret: China | Issue {n + 1}", *body, f"- {n + 1} -"]
        return [Line(t, 0, 0, 100, i * 10.0, 10, n) for i, t in enumerate(rows)]

    pages = drop_furniture([page(n) for n in range(4)])
    expected = [[f"{w} text of page {words[n]}" for w in words] for n in range(4)]
    assert [[line.text for line in p] for p in pages] == expected
    # The same text at another height of the page is text, not a running header.
    moved = [page(n) for n in range(4)]
    for n, lines in enumerate(moved):
        lines[1].text = "the same sentence"
        lines[1].top += 30 * n
    assert all("the same sentence" in [line.text for line in p] for p in drop_furniture(moved))


def test_bad_pdfs_are_refused_in_one_line(tmp_path: Path) -> None:
    import random

    rng = random.Random(7)
    refusal("empty.pdf", b"")
    assert "not a PDF" in refusal("random.pdf", bytes(rng.randrange(256) for _ in range(5000)))
    assert "damaged" in refusal("header-only.pdf", b"%PDF-1.7\n" + bytes(rng.randrange(256) for _ in range(3000)))
    good = _pdf(tmp_path, f"<p>{ZH}</p>").read_bytes()
    refusal("cut.pdf", good[:400])  # the header and little else: nothing readable is left

    writer = pypdf.PdfWriter(clone_from=io.BytesIO(good))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    locked = io.BytesIO()
    writer.write(locked)
    assert "encrypted" in refusal("locked.pdf", locked.getvalue())


def test_pdf_protected_only_against_printing_is_read(tmp_path: Path) -> None:
    good = _pdf(tmp_path, f"<p>{ZH}</p>").read_bytes()
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(good))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    assert [b.text for b in read_bytes("open.pdf", out.getvalue()).blocks] == [ZH]


def test_running_header_text_is_not_kept(seeds_dir: Path, tmp_path: Path) -> None:
    seed = next(seeds_dir.glob("002_*.txt"))
    blocks = read_file(seed_to_pdf(seed, tmp_path)).blocks
    assert not any(RUNNING_HEADER in b.text or b.text.startswith("Page ") for b in blocks)
