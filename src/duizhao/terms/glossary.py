"""The curated glossary (data/glossary.tsv, lang/glossary.py) as termbase entries: origin `glossary`,
status `confirmed`. lang/glossary.py stays the loader its current users (checks, knowledge) call."""
from __future__ import annotations

import re

from ..lang.glossary import Glossary, load
from ..lang.script import convert
from .model import Term

_CJK = re.compile(r"[\u3400-\u9fff]")


def glossary_terms(glossary: Glossary | None = None) -> list[Term]:
    """One confirmed term per glossary entity that has both a Chinese and an English form."""
    g = glossary or load()
    out: list[Term] = []
    for e in g.entities():
        if not e.zh or not e.en:
            continue
        zh = convert(e.zh, "t2s")
        zh_variants = sorted({v for v in e.variants if _CJK.search(v)} - {zh})
        en_variants = sorted({v for v in e.variants if not _CJK.search(v)} - {e.en})
        out.append(Term(zh=zh, en=e.en, zh_variants=zh_variants, en_variants=en_variants,
                        origin="glossary", status="confirmed"))
    return out
