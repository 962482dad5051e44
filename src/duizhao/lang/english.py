"""English word forms as search indexes them, shared by the analyzer (search/analyzer.py) and the
CC-CEDICT lookup file (lang/cedict.py), whose keys must be the tokens queries are looked up by."""

from __future__ import annotations

import re
from functools import lru_cache

UNSAFE = re.compile(r"[^\w:.]")  # dropped from a token (kept: letters, digits, ':' and '.')

# Dropped from *queries* (not from the index: phrases still need them).
EN_STOP = frozenset(
    "a an the of to in on at by for from with into as and or but not no is are was were be been being am do does did"
    " have has had it its this that these those there here than then so such also just only which who whom whose what"
    " when where why how if because while can could may might must shall should will would i me my we us our you your"
    " he him his she her they them their".split()
)


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Snowball (Porter2) stem of a lower-cased English word: kills/killed/killing -> kill."""
    return _stemmer().stemWord(word)


@lru_cache(maxsize=1)
def _stemmer():  # noqa: ANN202 - snowballstemmer has no types
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=200_000)
def latin_token(word: str) -> str:
    """The index token of a Latin-script word: lower case, possessive 's and apostrophes dropped, stemmed."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    return UNSAFE.sub("", stem(w.replace("'", "")))
