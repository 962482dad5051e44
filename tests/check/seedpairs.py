"""Our own reading of the five seeds into (unit_id, zh, en) pairs, for the checks' tests and bench.

Deliberately simple (the real parser is the lead's layouts/): lines are Chinese or English by their
share of Han characters; metadata, labels and site chrome are dropped. Interleaved documents pair
each English paragraph with the Chinese one after it; digests (all Chinese, then all English) pair
the n-th Chinese line with the n-th English line.
"""

from __future__ import annotations

import re
from pathlib import Path

_CJK = re.compile(r"[\u3400-\u9fff]")
_META = re.compile(r"^(作者|網站來源|网站来源|日期|關鍵字|关键字)\s*/|^(摘要|Summary)\s*[:：]?\s*$")
_CHROME = {
    "Return to the Library",
    "Original text",
    "PDF",
    "English text",
    "To top",
    "Cite This Page",
    "View the translated and original text side-by-side",
}


def _is_zh(line: str) -> bool:
    return len(_CJK.findall(line)) > len(re.findall(r"[A-Za-z]", line)) / 4


def seed_lines(path: Path) -> list[str]:
    out = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip().lstrip("•").strip()
        if not line or _META.search(line) or line in _CHROME or line.startswith(("Facebook", "See an error")):
            continue
        if line.startswith(("冯玉军 (Feng Yujun).", "Then and")):
            continue
        out.append(line)
    return out


def seed_pairs(path: Path) -> list[tuple[str, str, str]]:
    lines = seed_lines(path)
    kinds = [_is_zh(x) for x in lines]
    interleaved = sum(1 for a, b in zip(kinds, kinds[1:], strict=False) if not a and b) >= 5
    pairs: list[tuple[str, str, str]] = []
    if interleaved:
        i = 0
        while i + 1 < len(lines):
            if not kinds[i] and kinds[i + 1]:
                pairs.append((f"u{len(pairs) + 1}", lines[i + 1], lines[i]))
                i += 2
            else:
                i += 1
    else:
        zh = [x for x, k in zip(lines, kinds, strict=True) if k]
        en = [x for x, k in zip(lines, kinds, strict=True) if not k]
        # a heading present in one language only (no sentence-final stop) has no twin: drop it
        zh, en = _drop_headings(zh, len(en)), _drop_headings(en, len(zh))
        for n, (z, e) in enumerate(zip(zh, en, strict=False)):
            pairs.append((f"u{n + 1}", z, e))
    return pairs


def _drop_headings(lines: list[str], target: int) -> list[str]:
    out = list(lines)
    for x in list(lines):
        if len(out) <= target:
            break
        if not x.rstrip().endswith(("。", ".", "!", "?", "」", "”", '"', "！", "？")):
            out.remove(x)
    return out
