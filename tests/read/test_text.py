"""Plain text: encodings are detected and named, never guessed silently wrong."""
from __future__ import annotations

import pytest

from duizhao.errors import BadInput
from duizhao.read import read_bytes
from duizhao.read.text import decode, lines_to_blocks

ZH_HANS = "中俄贸易额在2023年达到两千四百亿美元,创历史新高。"
ZH_HANT = "中俄貿易額在2023年達到兩千四百億美元,創歷史新高。"
EN = "Trade between China and Russia reached a record in 2023 — “a new high”, officials said."


@pytest.mark.parametrize(
    ("text", "encoding", "expected"),
    [
        (ZH_HANS, "utf-8", "utf-8"),
        (ZH_HANS, "utf-8-sig", "utf-8-sig"),
        (ZH_HANS, "utf-16", "utf-16"),
        (ZH_HANS + "\n" + EN.replace("—", "-").replace("“", '"').replace("”", '"'), "utf-16-le", "utf-16-le"),
        (ZH_HANS * 3, "gb18030", "gb18030"),
        (ZH_HANT * 3, "big5", "big5"),
        ("Café au lait, naïve résumé — “quoted”. " * 3, "cp1252", "cp1252"),
    ],
)
def test_decode_detects_and_names_the_encoding(text: str, encoding: str, expected: str) -> None:
    got, used = decode(text.encode(encoding))
    assert used == expected
    assert got.lstrip("\ufeff") == text


def test_forced_encoding_and_its_errors() -> None:
    assert decode(ZH_HANT.encode("big5"), "big5")[0] == ZH_HANT
    with pytest.raises(BadInput, match="unknown encoding"):
        decode(b"abc", "klingon")
    with pytest.raises(BadInput, match="not valid"):
        decode("中文".encode("utf-16-le"), "utf-8")


def test_binary_and_empty_files_are_refused() -> None:
    with pytest.raises(BadInput, match="empty"):
        read_bytes("x.txt", b"  \n ")
    with pytest.raises(BadInput, match="binary|cannot tell|unknown"):
        read_bytes("x.txt", bytes(range(256)) * 8)


def test_undecidable_bytes_ask_for_an_encoding() -> None:
    # Four bytes that read as common characters in GB18030 and in Big5 alike: refused, not guessed.
    with pytest.raises(BadInput, match="encoding"):
        decode(b"\xb0\xb6\xb0\xb7")  # 岸胺 in GB18030, 偉健 in Big5


def test_lines_to_blocks_markers_and_spaces() -> None:
    blocks = lines_to_blocks(
        [
            "Heading\u00a0 with NBSP ",
            "  • bullet one",
            "  1. first item",
            "一、第一部分",
            "(2) second",
            "\u3000\u3000全角空格開頭的段落",
            "2022. is a year, not an item",
            "",
        ]
    )
    assert [(b.kind, b.marker) for b in blocks] == [
        ("paragraph", None),
        ("bullet", None),
        ("item", "1."),
        ("item", "一、"),
        ("item", "(2)"),
        ("paragraph", None),
        ("paragraph", None),
    ]
    assert blocks[0].text == "Heading with NBSP"
    assert blocks[5].text == "全角空格開頭的段落"


def test_crlf_and_markdown_headings() -> None:
    src = read_bytes("notes.md", b"# Title\r\n\r\nSome text.\r\n## Part\r\n- point\r\n")
    assert [(b.kind, b.text) for b in src.blocks] == [
        ("heading", "Title"),
        ("paragraph", "Some text."),
        ("heading", "Part"),
        ("bullet", "point"),
    ]


def test_short_gbk_is_not_taken_for_cp1252() -> None:
    assert decode("你好,世界。".encode("gbk")) == ("你好,世界。", "gb18030")
