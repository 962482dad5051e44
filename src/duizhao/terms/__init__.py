"""The termbase: bilingual term pairs from the glossary, the library's aligned sentences and editors."""
from __future__ import annotations

from .glossary import glossary_terms
from .mining import Found, Mined, en_key, mine, mine_pair, zh_key
from .model import ORIGINS, STATUSES, Example, Term

__all__ = ["Example", "Found", "Mined", "ORIGINS", "STATUSES", "Term", "en_key", "glossary_terms", "mine", "mine_pair", "zh_key"]
