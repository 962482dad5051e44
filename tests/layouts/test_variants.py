"""Each seed in other clothes — re-encoded with CRLF, English block first, DOCX, HTML — gives the
same units as the original. The variants are made at run time in tmp_path, never committed."""
from __future__ import annotations

from pathlib import Path

import pytest

from duizhao.layouts.meta import header_field
from duizhao.layouts.text import lang_of
from duizhao.pipeline import parse_file


def _units(path: Path) -> list[tuple[str, str | None, str | None]]:
    return [(u.kind, u.zh, u.en) for u in parse_file(path).units]


def _norm(units: list[tuple[str, str | None, str | None]]) -> list[tuple[str, str | None, str | None]]:
    return [(k, " ".join(z.split()) if z else None, " ".join(e.split()) if e else None) for k, z, e in units]


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_legacy_encoding_with_crlf(seeds_dir: Path, tmp_path: Path, prefix: str) -> None:
    src = next(seeds_dir.glob(f"{prefix}_*.txt"))
    text = src.read_text(encoding="utf-8").replace("\u00a0", " ")
    # Traditional seeds go to Big5 (Taiwan's encoding), simplified ones to GB18030.
    encoding = "big5" if prefix in ("000", "001", "003") else "gb18030"
    out = tmp_path / f"{prefix}.txt"
    out.write_bytes(text.replace("\n", "\r\n").encode(encoding))
    original = tmp_path / f"{prefix}-utf8.txt"
    original.write_text(text, encoding="utf-8")
    doc = parse_file(out)
    assert doc.encoding == encoding
    assert _norm(_units(out)) == _norm(_units(original))
    assert doc.id == parse_file(original).id


@pytest.mark.parametrize("prefix", ["000", "001", "003", "004"])
def test_english_block_first(seeds_dir: Path, tmp_path: Path, prefix: str) -> None:
    src = next(seeds_dir.glob(f"{prefix}_*.txt"))
    lines = src.read_text(encoding="utf-8").split("\n")
    # Header (and the 004 title line) stay on top; then the English lines, then the Chinese ones.
    keep = 0
    for i, line in enumerate(lines[:15]):
        if header_field(line.strip()) or (prefix == "004" and i == 0):
            keep = i + 1
    body = lines[keep:]
    first_en = next(i for i, line in enumerate(body) if lang_of(line) == "en" and line.strip() not in ("Summary:", "Summary"))
    # The "Summary:" label belongs with the English block.
    if first_en and body[first_en - 1].strip().startswith("Summary"):
        first_en -= 1
    swapped = lines[:keep] + body[first_en:] + [""] + body[:first_en]
    out = tmp_path / f"{prefix}-en-first.txt"
    out.write_text("\n".join(swapped), encoding="utf-8")
    assert _norm(_units(out)) == _norm(_units(src))


def test_utf16_and_bom(seeds_dir: Path, tmp_path: Path) -> None:
    src = next(seeds_dir.glob("002_*.txt"))
    text = src.read_text(encoding="utf-8")
    for enc, name in (("utf-16", "u16.txt"), ("utf-8-sig", "bom.txt")):
        out = tmp_path / name
        out.write_bytes(text.encode(enc))
        assert _norm(_units(out)) == _norm(_units(src))


FORMATS = ["docx", "html", "pdf"]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_other_formats_give_the_same_units(seeds_dir: Path, tmp_path: Path, prefix: str, fmt: str) -> None:
    variants = pytest.importorskip("tests.read.variants")
    src = next(seeds_dir.glob(f"{prefix}_*.txt"))
    make = getattr(variants, f"seed_to_{fmt}")
    out = make(src, tmp_path)
    assert _norm(_units(out)) == _norm(_units(src))
