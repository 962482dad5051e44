"""Chinese script helpers: simplified ⇄ traditional through OpenCC, script detection via hanzidentifier.

Converters are built once and cached: an OpenCC object loads its dictionaries from disk.
"""

from __future__ import annotations

from functools import lru_cache

import hanzidentifier
import opencc

HANS = "zh-Hans"
HANT = "zh-Hant"


@lru_cache(maxsize=16)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def convert(text: str, config: str) -> str:
    """Run one OpenCC configuration (s2t, t2s, s2tw, s2twp, tw2sp, s2hk, hk2s, …) over `text`."""
    return _converter(config).convert(text) if text else text


def to_simplified(text: str, taiwan_phrases: bool = False) -> str:
    """Traditional → simplified; with `taiwan_phrases`, Taiwan vocabulary too (軟體 → 软件)."""
    return convert(text, "tw2sp" if taiwan_phrases else "t2s")


def to_traditional(text: str, taiwan_phrases: bool = False) -> str:
    """Simplified → traditional; with `taiwan_phrases`, Taiwan vocabulary too (软件 → 軟體)."""
    return convert(text, "s2twp" if taiwan_phrases else "s2t")


def detect_script(text: str) -> str | None:
    """ "zh-Hant" or "zh-Hans" for the Chinese in `text`; None when it holds no Chinese.

    Text valid in both scripts counts as simplified (the more common case); mixed text goes by the
    majority of characters that exist in only one of the two scripts.
    """
    han = "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf")
    if not han:
        return None
    kind = hanzidentifier.identify(han)
    if kind == hanzidentifier.TRADITIONAL:
        return HANT
    if kind in (hanzidentifier.SIMPLIFIED, hanzidentifier.BOTH):
        return HANS
    # MIXED: count the characters that differ between the scripts.
    trad = sum(1 for ch in set(han) if hanzidentifier.is_traditional(ch) and not hanzidentifier.is_simplified(ch))
    simp = sum(1 for ch in set(han) if hanzidentifier.is_simplified(ch) and not hanzidentifier.is_traditional(ch))
    return HANT if trad > simp else HANS
