"""Terms: a confirmed termbase term on one side whose rendering is absent from the other (issue 24 item 4).

A unit whose Chinese holds a confirmed term (any script, any of its Chinese forms) while its English holds
none of the English forms the termbase gives that Chinese term gets a `term` warning naming the expected
rendering; the same the other way round. Warnings, not errors: a translator may paraphrase or use a
pronoun; the warning tells them what the library elsewhere calls it.

Precision first, by class:
- names are left to the name check (check/names.py), which knows their demonyms, abbreviations and that a
  place is often rendered by metonymy: a glossary term of a name type, and any term whose Chinese or
  English is a glossary name or demonym (美国 / American), gives no `term` warning, nor a currency (the
  number check compares money: US$, USD); the glossary's plain terms (type term: 金砖 / BRICS) do;
- English → Chinese only for English of two words or more: one English word is too often part of
  another compound (center: 服务中心, 交易中心, 购物中心);
- a rendering reworded counts as present: when half or more of the words of the termbase's English occur
  in the unit's English, a word also matching its own derivation (国防合作: "cooperation for defense";
  西方国家: "the West"; 奥运会: "the Olympics"), and, the other way, when any two-character piece of the
  Chinese term is in the Chinese (社交媒体: 社交平台; 乌克兰危机: 俄乌危机);
- a term is looked for only as a whole word run (English) and where no longer term already covers the
  span (特别军事行动 before 军事行动);
- every confirmed rendering of the same Chinese term (or the same English term) counts as present.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from ..lang.glossary import Glossary, load
from ..model import Finding
from ..terms.mining import en_key, fold, zh_key


class TermLike(Protocol):
    """What the check reads of a termbase entry (terms.Term has it)."""

    @property
    def zh(self) -> str: ...
    @property
    def en(self) -> str: ...
    @property
    def zh_variants(self) -> list[str]: ...
    @property
    def en_variants(self) -> list[str]: ...
    @property
    def origin(self) -> str: ...
    @property
    def status(self) -> str: ...


@dataclass(frozen=True)
class Termset:
    """Confirmed terms ready for matching: Chinese key → English keys (and shown form), and back."""

    zh_to_en: dict[str, tuple[frozenset[str], str]]  # zh key → (English keys, the English shown)
    en_to_zh: dict[str, tuple[frozenset[str], str]]  # English key → (zh keys, the Chinese shown)


_PUNCT = re.compile(r"[^\w\s'’\-‐‑–]")


def _en_text_key(text: str) -> str:
    """The English as term keys are compared in: punctuation to spaces, then terms.en_key (lower case,
    hyphens as spaces, light stems), padded with spaces so that a key matches whole words only."""
    return " " + en_key(_PUNCT.sub(" ", fold(text).replace("’s", "").replace("'s", ""))) + " "


def _en_form_key(form: str) -> str:
    return _en_text_key(form).strip()


def _word_in(word: str, text_words: set[str]) -> bool:
    """`word` (a stem) is among the text's, or one is a derivation of the other (west / western)."""
    if word in text_words:
        return True
    return len(word) >= 4 and any(len(w) >= 4 and (w.startswith(word) or word.startswith(w)) for w in text_words)


def _en_present(form: str, ek: str, words: set[str]) -> bool:
    if f" {form} " in ek:
        return True
    parts = form.split()
    return 2 * sum(_word_in(w, words) for w in parts) >= len(parts) if len(parts) > 1 else False


def _zh_present(form: str, zk: str) -> bool:
    return form in zk or any(form[i : i + 2] in zk for i in range(len(form) - 1))


# Glossary entity types that are terms rather than names (currencies are the number check's: US$, USD, $)
_TERM_TYPES = {"term"}


def _a_name(g: Glossary, text: str, lang: str) -> bool:
    """Whether `text` is, as a whole, a glossary name of a name type or one of its weak forms (American)."""
    ms = g.find_mentions(text, lang)
    if any(m[1] == text.strip() and g.entity(m[0]).type not in _TERM_TYPES for m in ms):
        return True
    ids = g.lookup(text)
    if any(g.entity(i).type not in _TERM_TYPES for i in ids):
        return True
    return any(text.strip() in e.weak for e in g.entities() if e.type not in _TERM_TYPES)


def termset(terms: Iterable[TermLike], glossary: Glossary | None = None) -> Termset:
    """The confirmed terms that are not names, with at least two Chinese characters and two English letters."""
    g = glossary or load()
    zh_to_en: dict[str, tuple[set[str], str]] = {}
    en_to_zh: dict[str, tuple[set[str], str]] = {}
    for t in terms:
        if t.status != "confirmed" or _a_name(g, t.zh, "zh") or _a_name(g, t.en, "en"):
            continue
        zs = {k for k in (zh_key(z) for z in [t.zh, *t.zh_variants]) if len(k) >= 2}
        es = {k for k in (_en_form_key(e) for e in [t.en, *t.en_variants]) if sum(c.isalpha() for c in k) >= 2}
        if not zs or not es:
            continue
        for z in zs:
            zh_to_en.setdefault(z, (set(), t.en))[0].update(es)
        for e in es:
            if " " in e:
                en_to_zh.setdefault(e, (set(), t.zh))[0].update(zs)
    return Termset(
        {k: (frozenset(v), shown) for k, (v, shown) in zh_to_en.items()},
        {k: (frozenset(v), shown) for k, (v, shown) in en_to_zh.items()},
    )


def library_termset(lib: object) -> Termset:
    """The library's confirmed terms (glossary, editors' additions, confirmed mined pairs), ready to match."""
    from ..terms.library import list_terms

    return termset(list_terms(lib, status="confirmed", limit=None))


def _spans(text: str, keys: Sequence[str], bounded: bool) -> list[tuple[str, int, int]]:
    """Occurrences of `keys` in `text`, longest key first, none inside an earlier one."""
    taken: list[tuple[int, int]] = []
    out = []
    for k in sorted(keys, key=len, reverse=True):
        needle = f" {k} " if bounded else k
        start = text.find(needle)
        while start >= 0:
            s, e = start, start + len(needle)
            if not any(s < b and a < e for a, b in taken):
                taken.append((s, e))
                out.append((k, s, e))
            start = text.find(needle, start + 1)
    return out


def _en_surface(en: str, k: str) -> str:
    """The English as written for a key (keys are light-stemmed: "business licens" → "business licenses")."""
    pat = r"[\s\-‐‑–]+".join(re.escape(w) + r"\w*" for w in k.split())
    m = re.search(rf"(?i)\b{pat}", en)
    return m.group() if m else k


def check_terms(unit_id: str, zh: str, en: str, terms: Termset) -> list[Finding]:
    """`term` warnings for one pair: each confirmed term of one side with no rendering on the other."""
    if not terms.zh_to_en:
        return []
    zk, ek = zh_key(zh), _en_text_key(en)
    words = set(ek.split())
    out: list[Finding] = []
    for k, s, e in _spans(zk, [k for k in terms.zh_to_en if k in zk], bounded=False):
        forms, shown = terms.zh_to_en[k]
        # as written (traditional script) when the key kept the text's length (no spaces dropped)
        surface = zh[s:e] if len(zk) == len(zh) else k
        if any(_en_present(f, ek, words) for f in forms) or any(f.zh == surface for f in out):
            continue
        out.append(Finding("term", "warning", unit_id, surface, None, f"zh {surface}: the termbase's “{shown}” is not in the English"))
    for k, _s, _e in _spans(ek, [k for k in terms.en_to_zh if f" {k} " in ek], bounded=True):
        forms, shown = terms.en_to_zh[k]
        if any(_zh_present(f, zk) for f in forms):
            continue
        surface = _en_surface(en, k)
        if any(f.en == surface for f in out):
            continue
        out.append(Finding("term", "warning", unit_id, None, surface, f"en “{surface}”: the termbase's {shown} is not in the Chinese"))
    return out
