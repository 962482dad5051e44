"""How a Chinese name may be written in English: its pinyin (pypinyin) and the established forms
CC-CEDICT lists for proper nouns (Hong Kong, Ma Ying-jeou, Trump).

`renderings(name)` returns the forms as comparison keys (lower-case letters only, so "Xi Jinping",
"Xi Jin-ping" and "XiJinping" are one key) with whether the key is pinyin (a standard spelling: a
changed syllable is a mistake) or an established/foreign form (where spellings vary: Zelensky,
Zelenskyy). `proper_noun(word)` says whether CC-CEDICT lists `word` as a proper noun (its pinyin is
capitalised there). Used by check/names.py for names the glossary does not know.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from . import cedict

__all__ = ["Rendering", "renderings", "proper_noun", "listed", "mentions", "english_words", "transliterating", "first_letters", "named_by", "chinese_looking", "proper_nouns", "common_words", "key", "SURNAMES2", "syllables", "syllable_slip", "initial"]

_HAN = re.compile(r"^[\u3400-\u9fff]+$")
# The English name at the head of a gloss: capitalised words (Hong Kong, Ma Ying-jeou, Donald Trump).
_GLOSS_NAME = re.compile(r"^((?:[A-Z][a-zA-Z'’\-]*)(?:\s+(?:[A-Z][a-zA-Z'’\-]*|de|da|van|von|al|bin|of|the))*)")
# Compound surnames: the given name starts after two characters.
SURNAMES2 = frozenset("欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 令狐 端木 轩辕 独孤 南宫 西门".split())

# The common nouns of place names in CC-CEDICT's glosses (Huayuan County, Lingshui Li Autonomous County)
_GEO = frozenset(
    "County City Province District Prefecture Region Island Islands River Lake Mountain Mountains Sea Bay Strait "
    "Autonomous Town Village Township Park Temple Palace Street Road Square Bridge Station Airport".split()
)

_lock = threading.Lock()
_PROPER: dict[str, tuple[str, ...]] | None = None
# headword → keys of every capitalised word of its definitions (海参崴: "… Chinese name for Vladivostok")
_MENTIONED: dict[str, set[str]] = {}


@dataclass(frozen=True)
class Rendering:
    key: str  # lower-case letters only
    shown: str  # as a translator would write it (Shijiazhuang, Xi Jinping, Hong Kong)
    pinyin: bool  # a pinyin spelling (standard) rather than an established or foreign form
    syllables: tuple[str, ...] = ()  # the pinyin syllables of `key` (pinyin forms only)


def key(text: str) -> str:
    """Letters only, lower case, ü as u, a possessive 's dropped: the form names are compared in."""
    t = re.sub(r"['’]s$", "", text.strip())
    return re.sub(r"[^a-z]", "", t.lower().replace("ü", "u"))


def _proper() -> dict[str, tuple[str, ...]]:
    """CC-CEDICT proper nouns (capitalised pinyin), both scripts: headword → English names from its glosses."""
    global _PROPER
    if _PROPER is None:
        with _lock:
            if _PROPER is None:
                table: dict[str, list[str]] = {}
                for head, _i, defs in _entries(proper=True):
                    trad, simp = head.split(" ", 2)[:2]
                    if not _HAN.match(simp) or len(simp) < 2:
                        continue
                    names = []
                    # Ōita as Oita: the English name without its marks
                    defs = unicodedata.normalize("NFKD", defs).encode("ascii", "ignore").decode()
                    for gloss in defs.rstrip().rstrip("/").split("/"):
                        # a label before the name: "(Tw) Eswatini"
                        # "Tergüel or Teruel, Spain": each of the names
                        for alt in re.sub(r"^\((?:Tw|HK|Macau|old)\)\s*", "", gloss.strip()).split(" or "):
                            m = _GLOSS_NAME.match(alt)
                            if m and len(m.group(1).split()) <= 4:
                                names.append(m.group(1).strip())
                    mentioned = {key(w) for w in re.findall(r"[A-Z][a-zA-Z'’\-]+", defs)}
                    for h in {trad, simp}:
                        table.setdefault(h, []).extend(names)
                        _MENTIONED.setdefault(h, set()).update(mentioned)
                # the world's places CLDR and ISO 3166 name (lang/places.py), beside the dictionary's
                from .places import names as places

                for h, forms in places().items():
                    table.setdefault(h, []).extend(forms)
                _PROPER = {h: tuple(dict.fromkeys(v)) for h, v in table.items()}
    return _PROPER


def proper_noun(word: str) -> bool:
    return word in _proper()


def listed(word: str) -> tuple[str, ...]:
    """The English forms CC-CEDICT (or the place lists) give for `word`, as written there."""
    return _proper().get(word, ())


def mentions(word: str, english: str) -> bool:
    """Whether CC-CEDICT's entry for `word` names `english` anywhere in its definitions (海参崴, the
    traditional Chinese name for Vladivostok), each of its words compared by key."""
    _proper()
    got = _MENTIONED.get(word, set())
    return all(key(w) in got for w in english.split()) if english.split() else False


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Keys of the glosses of CC-CEDICT's common words (lower-case pinyin): January, west, soviet."""
    out = set()
    for _head, _i, defs in _entries(proper=False):
        for g in defs.rstrip().rstrip("/").split("/"):
            k = key(re.sub(r"\(.*?\)", "", g))
            if 4 <= len(k) <= 20:
                out.add(k)
    return frozenset(out)


@lru_cache(maxsize=1)
def common_heads() -> frozenset[str]:
    """CC-CEDICT headwords (both scripts) that have an entry as a common word (中部 "central part" beside
    the proper noun "Centre"): such a word in a text is as likely the word as the name."""
    out = set()
    for head, _i, _defs in _entries(proper=False):
        out.update(head.split(" ", 2)[:2])
    return frozenset(out)


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Every word written in lower case in the glosses of CC-CEDICT's common words (phone, river, school):
    an English word, which a capitalised run made of such words only is not a name."""
    out: set[str] = set()
    for _head, _i, defs in _entries(proper=False):
        out.update(w for w in re.findall(r"\b[a-z]{3,}\b", re.sub(r"\[.*?\]", "", defs)))
    return frozenset(out)


@lru_cache(maxsize=1)
def _by_english() -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    common = common_words()
    for head, forms in _proper().items():
        for f in forms:
            if len(key(f)) >= 4 and key(f) not in common:
                table.setdefault(key(f), set()).add(head)
    return {k: frozenset(v) for k, v in table.items()}


def named_by(english: str) -> frozenset[str]:
    """The Chinese headwords (both scripts) CC-CEDICT gives for an English name (Bermuda: 百慕大), or none;
    none for a word the dictionary also has as a common word's gloss (August, West)."""
    return _by_english().get(key(english), frozenset())


_INITIAL = re.compile(r"^(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])")


def initial(syllable: str) -> str:
    m = _INITIAL.match(syllable)
    return m.group(0) if m else ""


@lru_cache(maxsize=1)
def syllables() -> frozenset[str]:
    """Every toneless pinyin syllable pypinyin knows (ü written u, as English text does)."""
    from pypinyin.contrib.tone_convert import to_normal
    from pypinyin.pinyin_dict import pinyin_dict

    out = set()
    for v in pinyin_dict.values():
        for p in v.split(","):
            n = to_normal(p).replace("ü", "u")
            if n.isascii() and n.isalpha():
                out.add(n)
    return frozenset(out)


def syllable_slip(expected: tuple[str, ...], got: str) -> bool:
    """`got` is `expected` with exactly one syllable replaced by another of the same initial
    (Huayuan → Houyuan, Su Qifang → Seng Qifang): the commonest slip in a romanised Chinese name."""
    if len(expected) < 2:
        return False
    for i, syl in enumerate(expected):
        head, tail = "".join(expected[:i]), "".join(expected[i + 1 :])
        if len(got) <= len(head) + len(tail) or not got.startswith(head) or not got.endswith(tail):
            continue
        x = got[len(head) : len(got) - len(tail)]
        if x != syl and x in syllables() and initial(x) == initial(syl):
            return True
    return False


def _pinyin_forms(name: str, person: bool) -> list[tuple[str, tuple[str, ...]]]:
    """Pinyin spellings and their syllables: every reading of a heteronym (up to 4 combinations); a
    person as "Surname Given"."""
    from itertools import islice, product

    from pypinyin import Style, pinyin

    syll = pinyin(name, style=Style.NORMAL, heteronym=True, v_to_u=True, errors="ignore")
    if len(syll) != len(name):
        return []
    out = []
    for combo in islice(product(*(s[:3] for s in syll)), 4):
        parts = [p.replace("ü", "u") for p in combo]
        if person and len(parts) >= 2:
            n = 2 if name[:2] in SURNAMES2 and len(parts) >= 3 else 1
            out.append(("".join(parts[:n]).capitalize() + " " + "".join(parts[n:]).capitalize(), tuple(parts)))
        else:
            out.append(("".join(parts).capitalize(), tuple(parts)))
    return out


@lru_cache(maxsize=8192)
def renderings(name: str, person: bool = False) -> tuple[Rendering, ...]:
    """The forms `name` may take in English (pinyin first, then CC-CEDICT's established forms, with the
    last word of a multi-word foreign name on its own: Trump for Donald Trump)."""
    out: dict[str, Rendering] = {}
    listed = _proper().get(name, ())
    for form, sylls in _pinyin_forms(name, person and not listed):
        out.setdefault(key(form), Rendering(key(form), form, True, sylls))
    for form in listed:
        k = key(form)
        if k in out:  # the dictionary's form is the pinyin: keep it as pinyin, shown as listed
            out[k] = Rendering(k, form, True, out[k].syllables)
        elif k:
            out[k] = Rendering(k, form, False)
        words = form.split()
        pinyin_based = any(k.startswith(r.key) for r in out.values() if r.pinyin)
        last = key(words[-1]) if len(words) >= 2 else ""
        # a foreign person's surname alone (Trump for Donald Trump); not a Chinese name's part nor "County"
        if person and len(last) >= 4 and not pinyin_based and words[-1] not in _GEO and last not in out:
            out[last] = Rendering(last, words[-1], False)
    return tuple(out.values())


# How much of the dictionary's balance a name's characters are judged against: most of its proper nouns are
# foreign or translated, so raw odds call every name foreign, and the full balance calls 绍纳兰 of 马绍纳兰
# Chinese. Half for a place; the full balance for a given name after a Chinese surname (小龙 of 张小龙), which
# is already likely Chinese. Set on the tuning halves (unseen names half A, WMT17 dev tuning half).
PRIOR_SHARE = 0.5
PERSON_SHARE = 1.0


def proper_nouns() -> Iterator[tuple[str, str, str, set[str]]]:
    """CC-CEDICT's proper nouns (capitalised pinyin) written in Han characters: traditional, simplified,
    the pinyin's key and the keys of the English names its glosses start with (empty keys left out)."""
    for head, i, defs in _entries(proper=True):
        trad, simp = head.split(" ", 2)[:2]
        if not _HAN.match(simp):
            continue
        py = key(re.sub(r"\d", "", head[i + 1 : head.find("]", i)]))
        forms = {key(m.group(1)) for g in defs.split("/") if (m := _GLOSS_NAME.match(g.strip()))}
        forms.discard("")
        yield trad, simp, py, forms


def _entries(proper: bool) -> Iterator[tuple[str, int, str]]:
    """CC-CEDICT's entries, (head, the index of its "[", glosses): the proper nouns (capitalised pinyin)
    or the other words."""
    for head, defs in cedict.entries():
        i = head.find("[")
        if i >= 0 and head[i + 1 : i + 2].isupper() == proper:
            yield head, i, defs


@lru_cache(maxsize=1)
def _char_odds() -> dict[str, float]:
    """Per character, log-odds that a CC-CEDICT proper noun holding it is a Chinese name written in its
    pinyin (石家庄: Shijiazhuang) rather than a foreign name or a translation (杜阿拉, 阿拉斯加: Alaska)."""
    import math

    chinese: dict[str, int] = {}
    foreign: dict[str, int] = {}
    for _trad, simp, py, forms in proper_nouns():
        if len(simp) < 2:
            continue
        table = chinese if any(f.startswith(py) for f in forms) else foreign
        for c in set(simp):
            table[c] = table.get(c, 0) + 1
    odds = {c: math.log((chinese.get(c, 0) + 1) / (foreign.get(c, 0) + 1)) for c in set(chinese) | set(foreign)}
    odds[""] = math.log(sum(chinese.values()) / sum(foreign.values()))  # the dictionary's own balance
    return odds


def chinese_looking(name: str, share: float = PRIOR_SHARE) -> bool:
    """Whether a name CC-CEDICT does not list reads as a Chinese name (its English is its pinyin) rather
    than a foreign name in transliteration (杜阿拉 is Douala, not "Du Ala"): by the characters' odds in
    the dictionary's proper nouns. A character the dictionary never uses in a name counts as neutral."""
    from .script import convert

    odds = _char_odds()
    simp = convert(name, "t2s")[0]
    return sum(odds[c] - share * odds[""] for c in simp if c in odds) > 0


@lru_cache(maxsize=1)
def _first_letters() -> dict[str, dict[str, int]]:
    """Per character, how often a CC-CEDICT proper noun starting with it has an English name starting with
    each letter (比: b for Belgium and Bilbao, p for Pisa; 圣: s for San and Saint)."""
    table: dict[str, dict[str, int]] = {}
    for trad, simp, py, forms in proper_nouns():
        letters = {f[0] for f in forms} | ({py[0]} if py else set())
        for head in {trad[:1], simp[:1]}:
            row = table.setdefault(head, {})
            for c in letters:
                row[c] = row.get(c, 0) + 1
    return table


# A character is judged by its letters once the dictionary has this many names starting with it; a letter
# counts as one it may start with from this share of them. Set on the tuning halves.
FIRST_MIN = 10
FIRST_SHARE = 0.03


def first_letters(name: str, person: bool = False) -> frozenset[str] | None:
    """The letters the English of `name` may start with: those of its pinyin, of CC-CEDICT's forms for it,
    and those the dictionary's names starting with its first character start with (from FIRST_SHARE of
    them); None when the dictionary has too few names starting with that character to tell."""
    row = _first_letters().get(name[:1], {})
    total = sum(row.values())
    listed = [r.key[0] for r in renderings(name, person) if r.key and not r.pinyin]
    if total < FIRST_MIN and not listed:
        return None
    out = {c for c, n in row.items() if n >= FIRST_SHARE * total}
    out |= {r.key[0] for r in renderings(name, person) if r.key}
    # with the letters that spell the same sounds in some language (牙买加: Jamaica, so also g and y;
    # 巴利亚多利德: Valladolid)
    out |= {c for cls in _SAME_SOUND if out & cls for c in cls}
    return frozenset(out)


_SAME_SOUND = [frozenset(x) for x in ("ckq", "bpv", "fvw", "dt", "szcx", "gkjh", "jygz", "lr")]


@lru_cache(maxsize=8192)
def transliterating(char: str) -> bool:
    """Whether CC-CEDICT's proper nouns use `char` in foreign names in transliteration more than in
    Chinese names (斯, 巴, 拉; not 外 or 粗, which no name or few foreign ones hold)."""
    odds = _char_odds()
    return char in odds and not chinese_looking(char)
