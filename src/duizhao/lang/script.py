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


def hant_region(text: str) -> str | None:
    """"TW" when traditional text is written in Taiwan's standard forms (為, 峰, 說), "HK" in Hong
    Kong's (説, 為), None when it shows neither (or is not traditional at all).

    OpenCC's own traditional standard differs from both in a few common characters (爲, 峯): text that
    Taiwan's configuration leaves unchanged but that converting back to OpenCC's standard changes was
    written in Taiwan forms; Hong Kong's likewise. Taiwan is asked first (HK forms change under t2tw).
    """
    if not text or detect_script(text) != HANT:
        return None
    if convert(text, "t2tw") == text and convert(text, "tw2t") != text:
        return "TW"
    if convert(text, "t2hk") == text and convert(text, "hk2t") != text:
        return "HK"
    return None


# The OpenCC configuration that shows a document's Chinese in the other script, by (region, target):
# a Taiwan document converts with Taiwan's standard and vocabulary both ways (s2twp / tw2sp), so its
# 繁體 view keeps 為 (not OpenCC's 爲) and its 简体 view turns 軟體 into 软件.
CONVERSIONS = {
    ("TW", HANT): "s2twp",
    ("TW", HANS): "tw2sp",
    (None, HANT): "s2t",
    (None, HANS): "t2s",
    ("HK", HANT): "s2hk",
    ("HK", HANS): "hk2s",
}

CONVERSION_NAMES = {
    "s2twp": "OpenCC s2twp: Taiwan standard, with Taiwan phrases",
    "tw2sp": "OpenCC tw2sp: from Taiwan standard, with mainland phrases",
    "s2t": "OpenCC s2t: OpenCC's traditional standard",
    "t2s": "OpenCC t2s",
    "s2hk": "OpenCC s2hk: Hong Kong standard",
    "hk2s": "OpenCC hk2s: from Hong Kong standard",
}


def conversion_for(region: str | None, target: str) -> str:
    """The OpenCC configuration for showing a document from `region` ("TW", "HK", None) in `target`."""
    return CONVERSIONS[(region if region in ("TW", "HK") else None, target)]
