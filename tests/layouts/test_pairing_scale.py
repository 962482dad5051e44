"""Pairing stays near-linear: ten thousand paragraphs cost megabytes, not the gigabytes a blocks x
blocks table did (issue 23), and a long document keeps its pairs when the band has to narrow."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from duizhao.layouts import pairing
from duizhao.layouts.pairing import Seg, pair_segments
from tests.conftest import REPO

# Run in a fresh interpreter so that ru_maxrss (the peak) belongs to this one parse; a small parse
# first loads the dictionaries, which are not what is measured.
SCRIPT = r"""
import resource, sys
from duizhao.pipeline import parse_data

def text(n_zh, every):
    lines = []
    for i in range(n_zh):
        lines.append(f"第{i}段。")
        if i % every == every - 1:
            lines.append(f"Paragraph {i}.")
    return ("\n\n".join(lines) + "\n").encode()

parse_data("warm.txt", text(20, 1))
data = text(int(sys.argv[1]), int(sys.argv[2]))
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
doc = parse_data("many.txt", data)
grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) // 1024
pairs = [(u.zh, u.en) for u in doc.units if u.zh and u.en]
right = sum(1 for zh, en in pairs if zh[1:-2] == en.split()[1][:-1])
print(grown, len(pairs), right)
"""


def _parse_growth(n_zh: int, every: int) -> tuple[int, int, int]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")])}
    p = subprocess.run([sys.executable, "-c", SCRIPT, str(n_zh), str(every)], capture_output=True, text=True, env=env, timeout=300)
    assert p.returncode == 0, p.stderr[-2000:]
    grown, pairs, right = map(int, p.stdout.split())
    return grown, pairs, right


def test_ten_thousand_paragraphs_parse_in_megabytes() -> None:
    grown, pairs, right = _parse_growth(5000, 1)  # 5,000 Chinese and 5,000 English paragraphs, alternating
    assert pairs == right == 5000
    assert grown < 100, f"the parse grew the process by {grown} MB"  # the old full table: ~400 MB


def test_one_side_much_longer_stays_bounded() -> None:
    # 4,000 Chinese paragraphs, an English one after every second: the band the imbalance asks for
    # (2,000 columns wide) is narrowed and follows the blocks' order instead.
    grown, pairs, right = _parse_growth(4000, 2)
    assert pairs == right == 2000
    assert grown < 60, f"the parse grew the process by {grown} MB"  # the old full table: ~130 MB


def _interleaved(n: int, gap_at: int, gap: int) -> tuple[list[Seg], list[Seg]]:
    """n pairs standing next to each other, with `gap` untranslated English paragraphs after pair `gap_at`."""
    zh: list[Seg] = []
    en: list[Seg] = []
    pos = 0
    for i in range(n):
        zh.append(Seg(f"第{i}段，共{i * 7}人。", "zh", "paragraph", pos))
        en.append(Seg(f"Paragraph {i}, {i * 7} people.", "en", "paragraph", pos + 1))
        pos += 2
        if i == gap_at:
            for k in range(gap):
                en.append(Seg(f"An untranslated note about nothing in particular {k}.", "en", "paragraph", pos))
                pos += 1
    return zh, en


def test_narrowed_band_follows_the_block_order(monkeypatch: pytest.MonkeyPatch) -> None:
    zh, en = _interleaved(300, 150, 120)
    full = pair_segments(zh, en, interleaved=True)
    # Narrow the band as a document of ~100k blocks would: the run of 120 English paragraphs lies
    # far off the diagonal band's reach, but the order of the blocks still leads to every partner.
    monkeypatch.setattr(pairing, "MAX_CELLS", 5_000)
    narrow = pair_segments(zh, en, interleaved=True)
    key = [(z and z.pos, e and e.pos) for z, e in full]
    assert [(z and z.pos, e and e.pos) for z, e in narrow] == key
    assert sum(1 for z, e in narrow if z and e and e.pos == z.pos + 1) == 300
