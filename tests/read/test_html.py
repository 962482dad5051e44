"""HTML: the article's text with its structure; menus, share bars, cookie banners and footers dropped."""
from __future__ import annotations

from pathlib import Path

import pytest

from duizhao.errors import BadInput
from duizhao.read import read_bytes, read_file
from duizhao.read.html import decode_html, extract_blocks

from .seedcheck import chrome_found, missing_in_order, structure_mismatches
from .variants import seed_to_html


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_pages_give_the_seed_text_without_chrome(seeds_dir: Path, tmp_path: Path, prefix: str) -> None:
    seed = next(seeds_dir.glob(f"{prefix}_*.txt"))
    source = read_file(seed_to_html(seed, tmp_path))
    assert source.format == "html" and source.encoding == "utf-8"
    assert missing_in_order(source.blocks, seed) == []
    assert chrome_found(source.blocks) == []
    assert structure_mismatches(source.blocks, seed) == []
    assert all(b.text and b.text == " ".join(b.text.split()) for b in source.blocks)


def page(body: str, head: str = '<meta charset="utf-8">') -> str:
    return f"<!DOCTYPE html><html><head>{head}<title>t</title></head><body>{body}</body></html>"


def texts(html: str) -> list[str]:
    return [b.text for b in extract_blocks(html)]


def test_short_and_repeated_lines_of_a_small_page_are_kept() -> None:
    # trafilatura drops short lines and deduplicates; a bilingual page repeats short lines on purpose.
    html = page(
        "<nav><a href='/'>首页</a><a href='/en'>English</a></nav><article>"
        "<p class='byline'>作者/Author: 李明</p><p>是。</p><p>Yes.</p><p>是。</p><p>Yes.</p>"
        "</article><footer>© 2024 某研究所</footer>"
    )
    assert texts(html) == ["作者/Author: 李明", "是。", "Yes.", "是。", "Yes."]


def test_nested_lists_ordered_numbers_and_levels() -> None:
    html = page(
        "<main><h2>结构</h2><ul><li>第一点<ol start='3'><li>子项甲</li><li value='7'>子项乙</li>"
        "<li>子项丙</li></ol></li>"
        "<li>Second point</li></ul><p>一、总则</p><p>• typed bullet</p></main>"
    )
    blocks = extract_blocks(html)
    got = [(b.kind, b.level, b.marker, b.text) for b in blocks]
    assert got == [
        ("heading", 1, None, "结构"),
        ("bullet", 0, None, "第一点"),
        ("item", 1, "3.", "子项甲"),
        ("item", 1, "7.", "子项乙"),
        ("item", 1, "8.", "子项丙"),
        ("bullet", 0, None, "Second point"),
        ("item", 0, "一、", "总则"),
        ("bullet", 0, None, "typed bullet"),
    ]


def test_table_cells_in_row_order_and_br_lines() -> None:
    html = page(
        "<article><p>条约文本<br>Treaty text</p><table><tr><th>中文</th><th>English</th></tr>"
        "<tr><td>第一条</td><td>Article 1</td></tr><tr><td>第二条</td><td>Article 2</td></tr></table></article>"
    )
    assert texts(html) == ["条约文本", "Treaty text", "中文", "English", "第一条", "Article 1", "第二条", "Article 2"]


def test_chrome_is_dropped_on_a_real_looking_page() -> None:
    article = "".join(
        f"<p>第{i}段：中俄两国在能源领域的合作持续扩大，双方签署了多项协议。"
        f"Paragraph {i}: energy cooperation keeps growing.</p>"
        for i in range(1, 6)
    )
    html = page(
        "<header><div class='logo'>Think Tank</div><nav><ul><li><a href='/a'>Research</a></li>"
        "<li><a href='/b'>Experts</a></li></ul></nav></header>"
        "<div class='cookie-consent'><p>We use cookies.</p><button>OK</button></div>"
        f"<main><article><h1>中俄能源合作</h1><div class='social-share'><a href='#'>Facebook</a><a href='#'>X</a></div>"
        f"{article}<div class='related-posts'><h3>Related</h3><a href='/x'>Another story</a></div></article></main>"
        "<aside><p>Newsletter sign-up</p></aside><footer><p>Copyright 2024</p><a href='/privacy'>Privacy</a></footer>"
    )
    got = texts(html)
    assert got[0] == "中俄能源合作"
    assert len(got) == 6 and all(t.startswith("第") for t in got[1:])


def test_declared_charsets_and_boms() -> None:
    body = "<article><p>俄罗斯外交的困境与“亮点”。</p></article>"
    gbk = page(body, '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">').encode("gb18030")
    text, used = decode_html(gbk, None, "a.html")
    assert used == "gb18030" and "困境与“亮点”" in text
    big5 = page("<article><p>俄羅斯外交的困境與「亮點」。</p></article>", '<meta charset="big5">').encode("big5")
    source = read_bytes("b.htm", big5)
    assert source.encoding == "big5" and source.blocks[0].text == "俄羅斯外交的困境與「亮點」。"
    utf16 = page(body, "").encode("utf-16")
    source = read_bytes("c.html", utf16)
    assert source.encoding == "utf-16" and source.blocks[0].text == "俄罗斯外交的困境与“亮点”。"


def test_html_is_recognised_by_content_whatever_the_name() -> None:
    source = read_bytes("saved-page.txt", page("<article><p>Hello, 世界。</p></article>").encode())
    assert source.format == "html" and [b.text for b in source.blocks] == ["Hello, 世界。"]


def test_page_without_text_is_refused_in_one_line() -> None:
    with pytest.raises(BadInput) as e:
        read_bytes("blank.html", page("<nav><a href='/'>Home</a></nav><script>var a = 1;</script>").encode())
    assert "blank.html" in str(e.value) and "\n" not in str(e.value)
