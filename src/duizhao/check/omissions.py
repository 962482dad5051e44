"""Omissions and leftovers: a side with no counterpart, a "translation" still in the source language,
and a length far outside the document's own norm. All warnings: a human decides.
"""

from __future__ import annotations

import math
import re
from statistics import median

from ..model import Finding

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")

# How far (as a factor) a pair's en/zh length ratio may stray from the document's median before we
# say so. Chinese → English runs ~1.5–3.5 Latin characters per Chinese character; 2.5× either way
# is beyond any normal phrasing difference.
LENGTH_FACTOR = 2.5
MIN_CHARS_ZH = 12  # short headings and list items vary too much to judge


def _short(s: str, n: int = 40) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def check_sides(unit_id: str, zh: str | None, en: str | None) -> list[Finding]:
    zh_s, en_s = (zh or "").strip(), (en or "").strip()
    if zh_s and not en_s:
        return [Finding("missing", "warning", unit_id, zh, en, f"no English for “{_short(zh_s)}”")]
    if en_s and not zh_s:
        return [Finding("missing", "warning", unit_id, zh, en, f"no Chinese for “{_short(en_s)}”")]
    return []


def check_untranslated(unit_id: str, zh: str, en: str) -> list[Finding]:
    """The English still Chinese, or the Chinese side really English (copied source)."""
    out: list[Finding] = []
    cjk_en = len(_CJK.findall(en))
    lat_en = len(_LATIN.findall(en))
    if cjk_en >= 4 and cjk_en > lat_en / 3:
        out.append(
            Finding("untranslated", "warning", unit_id, zh, en, f"the English side is still in Chinese: “{_short(en)}”")
        )
    cjk_zh = len(_CJK.findall(zh))
    lat_zh = len(_LATIN.findall(zh))
    if lat_zh >= 12 and cjk_zh == 0 or (zh.strip() == en.strip() and lat_zh >= 4):
        out.append(Finding("untranslated", "warning", unit_id, zh, en, f"the Chinese side is English: “{_short(zh)}”"))
    return out


# Latin names glossed in brackets inside the Chinese (哥顿·李察 (Gordon Richards)) are not Chinese text.
_GLOSS = re.compile(r"[（(][^（()）]*[A-Za-z][^（()）]*[)）]")


def _zh_len(zh: str) -> int:
    return len(_GLOSS.sub("", zh)) if "(" in zh or "（" in zh else len(zh)


def length_norm(pairs: list[tuple[str, str, str]]) -> float | None:
    """The document's median English-per-Chinese-character ratio, over pairs long enough to judge."""
    # max(1, …): a Chinese side that is all one bracketed gloss (（图片来自HowMuch.Net）) has no length left
    ratios = [len(en) / max(1, _zh_len(zh)) for _u, zh, en in pairs if len(_CJK.findall(zh)) >= MIN_CHARS_ZH and en.strip()]
    return median(ratios) if len(ratios) >= 5 else None


def check_length(unit_id: str, zh: str, en: str, norm: float | None) -> list[Finding]:
    if norm is None or len(_CJK.findall(zh)) < MIN_CHARS_ZH or not en.strip():
        return []
    r = len(en) / max(1, _zh_len(zh))
    if abs(math.log(r / norm)) <= math.log(LENGTH_FACTOR):
        return []
    side = "shorter" if r < norm else "longer"
    return [
        Finding(
            "length",
            "warning",
            unit_id,
            zh,
            en,
            f"the English is {norm / r if r < norm else r / norm:.1f}× {side} than this document's norm "
            f"({r:.2f} vs {norm:.2f} English characters per Chinese character): something may be missing",
        )
    ]
