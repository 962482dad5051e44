"""Comparing a reader's blocks with the seed they were made from (shared by the format tests)."""
from __future__ import annotations

from pathlib import Path

import pytest

from duizhao.errors import BadInput
from duizhao.read import Block, read_bytes

from .variants import ADDED_CHROME, RUNNING_HEADER, SEED_CHROME, classify, content_lines, norm


def missing_in_order(blocks: list[Block], seed: Path) -> list[str]:
    """Seed content lines not found, in order, among the blocks' texts (empty = all found)."""
    texts = [b.text for b in blocks]
    missing, pos = [], 0
    for line in content_lines(seed):
        try:
            pos = texts.index(line, pos) + 1
        except ValueError:
            missing.append(line)
    return missing


def chrome_found(blocks: list[Block], seed_chrome: bool = True) -> list[str]:
    """Blocks that are site chrome or page furniture (which a reader must drop)."""
    bad = {norm(t) for t in ADDED_CHROME} | {RUNNING_HEADER}
    if seed_chrome:
        bad |= SEED_CHROME
    return [b.text for b in blocks if b.text in bad or b.text.startswith(("Page ", "Copyright"))]


def structure_mismatches(blocks: list[Block], seed: Path, headings: bool = True) -> list[str]:
    """Seed bullets must come out as bullets, numbered lines as items with their number, heading-like
    lines as headings (when the format marks headings)."""
    by_text = {}
    for b in blocks:
        by_text.setdefault(b.text, b)
    problems = []
    for line in classify(seed):
        b = by_text.get(norm(line.text))
        if b is None or line.kind == "chrome":
            continue
        if line.kind == "bullet" and b.kind != "bullet":
            problems.append(f"bullet → {b.kind}: {b.text[:40]}")
        if line.kind == "item" and (b.kind != "item" or b.marker != f"{line.number}."):
            problems.append(f"item {line.number}. → {b.kind} {b.marker}: {b.text[:40]}")
        if headings and line.kind == "heading" and b.kind != "heading":
            problems.append(f"heading → {b.kind}: {b.text[:40]}")
    return problems


def refusal(name: str, data: bytes) -> str:
    """The one-line message a bad file is refused with (it must name the file)."""
    with pytest.raises(BadInput) as e:
        read_bytes(name, data)
    message = str(e.value)
    assert name in message and "\n" not in message
    return message
