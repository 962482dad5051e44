"""Term pairs mined from aligned sentence pairs, by dictionary evidence and by recurrence.

For one sentence pair (`mine_pair`):
- Chinese is cut into words (rjieba, on the simplified form), English into word tokens;
- a Chinese word and an English token are *linked* when the token is one of the word's cleaned
  CC-CEDICT translations (or of its parts: 伙伴关系 → 伙伴 "partner"), when both are the same number
  or the same Latin token, or when both lie in one glossary name found on each side;
- a *phrase pair* is a run of 1–4 Chinese words and a run of 1–6 English tokens (neither crossing
  punctuation) where every Chinese content word links into the English run and every English
  content token links into the Chinese run — a multi-word term found once is found this way when
  its parts are in the dictionary (特别军事行动 ↔ "special military operation");
- when the dictionary accounts for most of the pair and exactly one Chinese run and one capitalised
  English run are left, they are paired as a *leftover* (a name the dictionary does not know).
Across pairs (`mine`), the same pair found again counts; a leftover is shown only once it recurs
(association across the library: a one-off leftover is too often a wrong split).

Pure functions over strings; the dictionary and glossary are read through lang/.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from ..lang import cedict
from ..lang.glossary import Glossary
from ..lang.script import convert

__all__ = ["Found", "Mined", "mine_pair", "mine", "zh_key", "en_key", "EVIDENCE"]

EVIDENCE = ("glossary", "dictionary", "leftover", "association")
MAX_ZH_WORDS = 4
MAX_EN_TOKENS = 6

# Letters of any Latin script (Erdoğan); an apostrophe joins Xi'an but not the possessive 's.
_EN_TOKEN = re.compile(r"[^\W\d_]+(?:['’](?!s\b)[^\W\d_]+)?|\d+(?:[.,]\d+)*")
_HAN = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff]+$")
_LATIN = re.compile(r"^[A-Za-z]+$")
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)*$")
# Chinese words allowed inside a phrase without a link of their own (的 in 无上限的伙伴关系), never at its edges.
_ZH_GLUE = frozenset("的之")
# Chinese function words: never a term's edge, never a leftover.
_ZH_FUNCTION = frozenset(
    "的 之 了 在 对 与 和 及 或 是 有 被 把 将 从 向 于 为 以 而 也 都 就 并 等 中 上 下 后 前 时 其 这 那 该 此 各 每 "
    "我 你 他 她 它 们 我们 他们 地 得 着 过 又 还 再 已 已经 曾 更 最 很 不 没 没有 所 由 给 让 使 到 至 自 "
    "年 月 日 个 名 位 种 次 项 则 即 乃 便 却 内 外 间 里".split()
)
# English tokens allowed inside a phrase without a link (Power of Siberia), never at its edges.
_EN_GLUE = frozenset({"of", "the", "for", "de"})
_EN_STOP = cedict.STOPWORDS - {"no", "not", "without"}


def fold(text: str) -> str:
    """Latin letters without their accents (Ürümqi = Urumqi, Erdoğan = Erdogan)."""
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def zh_key(zh: str) -> str:
    """The Chinese side as the termbase keys it: simplified, no spaces."""
    return convert("".join(zh.split()), "t2s")


def en_key(en: str) -> str:
    """The English side as the termbase keys it: lower case, hyphens as spaces, each word light-stemmed
    (no-limits partnership = no limits partnerships)."""
    return " ".join(cedict.light_stem(w) for w in re.sub(r"[-‐‑–]", " ", en.lower().replace("’", "'")).split())


@dataclass(frozen=True)
class Found:
    """A term pair in one sentence pair: the surfaces as written and how it was found."""

    zh: str
    en: str
    evidence: str


@dataclass
class Mined:
    """A term pair over many sentence pairs: keys, surfaces met, count, evidence, where."""

    zh: str
    en: str
    zh_forms: list[str] = field(default_factory=list)
    en_forms: list[str] = field(default_factory=list)
    count: int = 0
    evidence: set[str] = field(default_factory=set)
    pairs: list[int] = field(default_factory=list)  # indexes of the input pairs


@dataclass(frozen=True)
class _Word:
    text: str  # as written in the sentence
    simp: str  # simplified
    start: int
    end: int
    kind: str  # han, latin, number, punct
    pos: str = ""  # jieba's part of speech


@dataclass(frozen=True)
class _Tok:
    text: str
    start: int
    end: int
    stem: str
    content: bool
    cap: bool


def _zh_words(zh: str) -> list[_Word]:
    simp = convert(zh, "t2s")
    base = simp if len(simp) == len(zh) else zh  # OpenCC phrase conversions may change the length
    out: list[_Word] = []
    pos = 0
    for w, tag in _cut(base):
        start, pos = pos, pos + len(w)
        text = zh[start:pos]
        s = w.strip()
        if not s:
            kind = "punct"
        elif _HAN.match(s):
            kind = "han"
        elif _LATIN.match(s):
            kind = "latin"
        elif _NUMBER.match(s):
            kind = "number"
        else:
            kind = "punct"
        tag = {"number": "m", "latin": "eng", "punct": "x"}.get(kind, tag)
        out.append(_Word(text, convert(w, "t2s"), start, pos, kind, tag))
    return out


def _cut(text: str) -> list[tuple[str, str]]:
    """rjieba's cut with each word's part of speech from jieba's dictionary (a term ends in a noun and
    holds no verb: 中国拒绝 is a clause). Words the dictionary lacks are mostly names: tagged nz.
    (jieba.posseg would tag them by its HMM, but costs about 40 ms a sentence; this, well under 1.)"""
    import rjieba

    tags = _tag_table()
    return [(w, tags.get(w, "nz")) for w in rjieba.cut(text)]


@lru_cache(maxsize=1)
def _tag_table() -> dict[str, str]:
    import logging

    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    jieba.posseg.dt.initialize()
    return dict(jieba.posseg.dt.word_tag_tab)


_NOMINAL = ("n", "vn", "j", "l", "eng", "nz", "an")
_NOT_FIRST = ("p", "c", "r", "f", "u", "m", "q", "y", "e", "o", "x")


@lru_cache(maxsize=100_000)
def _verb_like(word: str, tag: str) -> bool:
    """A verb in use: jieba says v and CC-CEDICT's first sense is "to …" (上限 "upper bound" is no verb)."""
    if not tag.startswith("v") or tag == "vn":
        return False
    senses = cedict.senses(word)
    return not senses or senses[0].startswith("to ")


def _term_like(words: list[_Word]) -> bool:
    content = [w for w in words if w.simp not in _ZH_GLUE]
    if not content or content[0].pos.startswith(_NOT_FIRST) or content[-1].pos.startswith(_NOT_FIRST):
        return False
    if not (content[-1].pos.startswith(_NOMINAL) or content[-1].kind == "latin"):
        return False
    return not any(_verb_like(w.simp, w.pos) for w in content)


def _en_tokens(en: str) -> list[_Tok]:
    out = []
    for m in _EN_TOKEN.finditer(en):
        t = m.group()
        low = t.lower()
        out.append(_Tok(t, m.start(), m.end(), cedict.light_stem(fold(low)), low not in _EN_STOP, t[0].isupper()))
    return out


@lru_cache(maxsize=100_000)
def _stems(word: str) -> tuple[frozenset[str], frozenset[str]]:
    """(stems of the word's own translations, stems of its parts' translations)."""
    own = frozenset(fold(x) for x in cedict.translation_stems(word)) if cedict.has(word) else frozenset()
    parts: set[str] = set()
    if len(word) > 1:
        for i in range(len(word)):
            for j in range(i + 1, min(len(word), i + 4) + 1):
                if j - i < len(word) and cedict.has(word[i:j]):
                    parts |= cedict.translation_stems(word[i:j])
    return own, frozenset(parts - own)


def _linked(stems: frozenset[str], stem: str) -> bool:
    if stem in stems:
        return True
    # partner → partnership, negotiat → negotiations: a shared long prefix
    return len(stem) >= 6 and any(len(s) >= 5 and (stem.startswith(s) or s.startswith(stem)) for s in stems)


def _links(words: list[_Word], toks: list[_Tok], zh: str, en: str, glossary: Glossary | None) -> tuple[list[set[int]], list[bool], list[Found]]:
    """links[i] = English token indexes linked to Chinese word i; strong[i] = linked by the word itself
    (not only by a part); the glossary names found on both sides."""
    links: list[set[int]] = [set() for _ in words]
    strong = [False] * len(words)
    found: list[Found] = []
    if glossary is not None:
        # A name of the glossary on both sides links its words to that mention's tokens, nearest first.
        en_by_id: dict[str, list[tuple[str, int, int]]] = {}
        for eid, surface, a, b in glossary.find_mentions(en, "en"):
            en_by_id.setdefault(eid, []).append((surface, a, b))
        for eid, surface, a, b in glossary.find_mentions(zh, "zh"):
            if eid not in en_by_id or not _HAN.match(surface):
                continue
            en_surface, ea, eb = en_by_id[eid][0]
            found.append(Found(surface, en_surface, "glossary"))
            tj = {j for j, t in enumerate(toks) if t.start >= ea and t.end <= eb}
            for i, w in enumerate(words):
                if w.start < b and w.end > a:
                    links[i] |= tj
                    strong[i] = True
    for i, w in enumerate(words):
        if w.kind == "number":
            val = w.simp.replace(",", "")
            links[i] |= {j for j, t in enumerate(toks) if t.text.replace(",", "") == val}
        elif w.kind == "latin":
            links[i] |= {j for j, t in enumerate(toks) if t.text.lower() == w.simp.lower()}
        elif w.kind == "han":
            own, parts = _stems(w.simp)
            links[i] |= {j for j, t in enumerate(toks) if _linked(own, t.stem)}
            if not links[i] and parts:
                # the word itself says nothing here: its parts may (上限 → 限 "limit"), as weaker evidence
                links[i] = {j for j, t in enumerate(toks) if t.content and _linked(parts, t.stem)}
                continue
        strong[i] = strong[i] or bool(links[i])
    return links, strong, found


def _en_run_ok(toks: list[_Tok], en: str, a: int, b: int) -> bool:
    """Tokens a..b form one phrase: only spaces or hyphens between them."""
    return all(en[toks[j].end : toks[j + 1].start].strip(" -‐‑") == "" for j in range(a, b))


def mine_pair(zh: str, en: str, glossary: Glossary | None = None) -> list[Found]:
    """The term pairs of one aligned sentence pair (see the module docstring)."""
    return _mine_pair(zh, en, glossary)[0]


def _mine_pair(zh: str, en: str, glossary: Glossary | None) -> tuple[list[Found], set[str], set[str]]:
    """(term pairs, Chinese runs and English name runs the dictionary left unexplained)."""
    if not zh or not en:
        return [], set(), set()
    words = _zh_words(zh)
    toks = _en_tokens(en)
    if not words or not toks:
        return [], set(), set()
    links, strong, found = _links(words, toks, zh, en, glossary)
    spans: list[tuple[int, int, int, int]] = []
    for i in range(len(words)):
        if words[i].kind == "punct" or words[i].simp in _ZH_FUNCTION:
            continue
        for k in range(i + 1, min(len(words), i + MAX_ZH_WORDS) + 1):
            last = words[k - 1]
            if last.kind == "punct":
                break
            if last.simp not in _ZH_GLUE and not links[k - 1]:
                break  # a content word with no link: no longer span through it can be a phrase
            if last.simp in _ZH_FUNCTION:
                continue
            span = [j for j in range(i, k) if words[j].simp not in _ZH_GLUE]
            window = _window(span, links, toks, en)
            if window is not None:
                spans.append((i, k, *window))
    valid = []
    for i, k, a, b in spans:
        content_zh = [j for j in range(i, k) if words[j].simp not in _ZH_GLUE]
        content_en = [j for j in range(a, b + 1) if toks[j].content]
        if len(content_zh) < 2 and (len(content_en) < 2 or cedict.has(words[content_zh[0]].simp)):
            continue  # one word the dictionary has, or one word for one word: nothing to learn
        if all(words[j].kind == "number" for j in content_zh) or not content_en:
            continue
        if not any(strong[j] for j in content_zh):
            continue  # only parts of words matched: too weak on its own
        if not _term_like(words[i:k]):
            continue
        if not _phrase_like(toks, en, a, b) or not _matched(content_zh, links, a, b):
            continue
        valid.append((i, k, a, b))
    # the longest phrase pairs only: 特别军事行动, not also 军事行动 inside it (after the filters, so a
    # clause around a term does not hide the term)
    for i, k, a, b in valid:
        if any(o != (i, k, a, b) and o[0] <= i and o[1] >= k and o[2] <= a and o[3] >= b for o in valid):
            continue
        found.append(Found(zh[words[i].start : words[k - 1].end], en[toks[a].start : toks[b].end], "dictionary"))
    found.extend(_leftover(words, toks, links, strong, zh, en))
    zh_runs, en_runs = _unexplained(words, toks, links, strong, zh, en)
    return _dedupe(found), zh_runs, en_runs


_NAME_GLUE = frozenset("·‧・-‐")


@lru_cache(maxsize=100_000)
def _common(word: str) -> bool:
    """A dictionary word that is not a name (a name's translations are capitalised: 国民党 Guomindang)."""
    return cedict.has(word) and not any(t[:1].isupper() for t in cedict.translations(word))


def _unexplained(words: list[_Word], toks: list[_Tok], links: list[set[int]], strong: list[bool], zh: str, en: str) -> tuple[set[str], set[str]]:
    """Every run (and sub-run) of Chinese words with no link of their own, and of capitalised English
    tokens no Chinese word links to: what association across pairs may pair up (拜尔斯 ↔ Biles)."""
    # A word linked only through its parts counts as explained when every character links on its own
    # (中俄 → China, Russia: an abbreviation); a name's characters (拜尔斯) rarely all do.
    explained = [
        strong[i] or (bool(links[i]) and all(any(_linked(_stems(c)[0], t.stem) for t in toks if t.content) for c in w.simp))
        for i, w in enumerate(words)
    ]
    zh_out: set[str] = set()
    run: list[int] = []
    for i, w in enumerate([*words, _Word("。", "。", len(zh), len(zh), "punct")]):
        if w.kind == "han" and (i == len(words) or not explained[i]) and w.simp not in _ZH_FUNCTION and (i == len(words) or w.pos != "m"):
            run.append(i)
            continue
        if run and w.text in _NAME_GLUE and i + 1 < len(words) and words[i + 1].kind == "han" and not strong[i + 1]:
            run.append(i)  # 西蒙·拜尔斯: the dot joins a name
            continue
        for a in range(len(run)):
            for b in range(a, min(len(run), a + 4)):
                if words[run[a]].text in _NAME_GLUE or words[run[b]].text in _NAME_GLUE:
                    continue
                text = zh[words[run[a]].start : words[run[b]].end]
                # a run of dictionary words whose translations are absent is a paraphrase, not a name
                known = all(_common(words[k].simp) for k in run[a : b + 1] if words[k].text not in _NAME_GLUE)
                if len(text) >= 2 and not known:
                    zh_out.add(text)
        run = []
    taken = set().union(*(links[i] for i in range(len(words)) if explained[i]))
    en_out: set[str] = set()
    erun: list[int] = []
    for j in range(len(toks) + 1):
        if j < len(toks) and toks[j].cap and toks[j].content and j not in taken and (not erun or _en_run_ok(toks, en, erun[-1], j)):
            erun.append(j)
            continue
        if erun and not (erun[0] == 0 and len(erun) == 1):  # a lone sentence-initial capital says nothing
            for a in range(len(erun)):
                for b in range(a, min(len(erun), a + 4)):
                    en_out.add(en[toks[erun[a]].start : toks[erun[b]].end])
        erun = [j] if j < len(toks) and toks[j].cap and toks[j].content and j not in taken else []
    return zh_out, en_out


_ADJECTIVE = re.compile(r"(?:al|ic|ian|ive|ous|ary|ful|ese|ish|ern)$")
# adverbs and prepositions: never a term's first or last word
_EN_ADVERBS = frozenset({"even", "again", "also", "still", "then", "thereby", "not", "only", "just", "further",
                         "within", "between", "among", "during", "towards", "toward", "against", "across"})


def _phrase_like(toks: list[_Tok], en: str, a: int, b: int) -> bool:
    """An English run that can be a term: no adverb at an edge (basically abstained, officially put),
    not cut out of a hyphenated compound (most-favored-nation treatment, surface-to-air missiles)."""
    for t in (toks[a], toks[b]):
        low = t.text.lower()
        if low in _EN_ADVERBS or (low.endswith("ly") and len(low) > 4 and not t.cap):
            return False
    last = toks[b].text
    if not toks[b].cap and last.endswith("ed") and len(last) > 4:
        return False  # "US threatened", "China exploited": a clause ends in a verb, a term in a noun
    if b + 1 < len(toks) and _ADJECTIVE.search(last.lower()) and _en_run_ok(toks, en, b, b + 1) and toks[b + 1].content:
        return False  # "favorable commercial | ties", "future Russian | aggression": the noun is missing
    before = en[: toks[a].start]
    after = en[toks[b].end :]
    return not (before.endswith(("-", "‐")) and before[-2:-1].isalnum()) and not (after.startswith(("-", "‐")) and after[1:2].isalnum())


def _matched(span: list[int], links: list[set[int]], a: int, b: int) -> bool:
    """Each Chinese word of the span has an English token of its own in a..b (国家成员国 ↔ "countries"
    gives two words one token: not a translation of both)."""
    inside = [sorted(j for j in links[i] if a <= j <= b) for i in span]
    owner: dict[int, int] = {}

    def place(k: int, seen: set[int]) -> bool:
        for j in inside[k]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or place(owner[j], seen):
                owner[j] = k
                return True
        return False

    return all(place(k, set()) for k in range(len(inside)))


def _window(span: list[int], links: list[set[int]], toks: list[_Tok], en: str) -> tuple[int, int] | None:
    """The smallest run of English tokens that every word of `span` links into and whose every content
    token links back into `span`; None when there is none."""
    if not span or any(not links[j] for j in span):
        return None
    pos = sorted(set().union(*(links[j] for j in span)))
    linked_back = set(pos)
    best: tuple[int, int] | None = None
    for a in pos:
        for b in pos:
            if b < a or b - a >= MAX_EN_TOKENS or (best is not None and b - a >= best[1] - best[0]):
                continue
            if not all(links[j] & set(range(a, b + 1)) for j in span):
                continue
            if not all(j in linked_back or (toks[j].text.lower() in _EN_GLUE and a < j < b) for j in range(a, b + 1)):
                continue
            if not _en_run_ok(toks, en, a, b):
                continue
            best = (a, b)
    if best is None:
        return None
    # Grow over neighbours the span also links to (军事行动 → "military" and "operation").
    a, b = best
    while True:
        if b + 1 < len(toks) and b + 1 - a < MAX_EN_TOKENS and b + 1 in linked_back and _en_run_ok(toks, en, b, b + 1):
            b += 1
        elif (b + 2 < len(toks) and b + 2 - a < MAX_EN_TOKENS and toks[b + 1].text.lower() in _EN_GLUE
              and b + 2 in linked_back and _en_run_ok(toks, en, b, b + 2)):
            b += 2
        elif a > 0 and b - a + 1 < MAX_EN_TOKENS and a - 1 in linked_back and _en_run_ok(toks, en, a - 1, a):
            a -= 1
        else:
            return a, b


def _leftover(words: list[_Word], toks: list[_Tok], links: list[set[int]], strong: list[bool], zh: str, en: str) -> list[Found]:
    """The one Chinese run and the one capitalised English run the dictionary left unexplained."""
    content = [i for i, w in enumerate(words) if w.kind in ("han", "latin") and w.simp not in _ZH_FUNCTION]
    if not content:
        return []
    taken = set().union(*(links[i] for i in range(len(words)) if strong[i]))
    zh_left = [i for i in content if not strong[i]]
    en_content = [j for j, t in enumerate(toks) if t.content]
    en_left = [j for j in en_content if j not in taken]
    if not zh_left or not en_left:
        return []
    if len(zh_left) > 0.4 * len(content) or len(en_left) > 0.4 * len(en_content):
        return []  # the dictionary must account for most of the pair
    if zh_left[-1] - zh_left[0] != len(zh_left) - 1 or en_left[-1] - en_left[0] != len(en_left) - 1:
        return []  # more than one gap on a side: which goes with which is a guess
    if not all(toks[j].cap for j in en_left) or en_left[0] == 0 or not _en_run_ok(toks, en, en_left[0], en_left[-1]):
        return []  # names only; a sentence-initial capital says nothing
    zh_text = zh[words[zh_left[0]].start : words[zh_left[-1]].end]
    if len(zh_text) < 2 or any(words[i].kind == "punct" for i in range(zh_left[0], zh_left[-1] + 1)):
        return []
    return [Found(zh_text, en[toks[en_left[0]].start : toks[en_left[-1]].end], "leftover")]


def _dedupe(found: list[Found]) -> list[Found]:
    seen: set[tuple[str, str]] = set()
    out = []
    for f in found:
        key = (zh_key(f.zh), en_key(f.en))
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


MIN_ASSOCIATION = 3  # pairs a name must share with its translation (tuned on the tune half of WMT17 dev)
MIN_DICE = 0.6  # Dice over pairs, tuned there too (bench/terms.py)


def associate(runs: list[tuple[set[str], set[str]]], min_count: int = MIN_ASSOCIATION, min_dice: float = MIN_DICE) -> list[tuple[str, str, list[int]]]:
    """Pairs of unexplained runs that keep occurring in the same sentence pairs: Dice over pairs, then
    competitive linking (each side's best partner only, strongest first). [(zh, en, pair indexes)]."""
    cz: dict[str, int] = {}
    ce: dict[str, int] = {}
    both: dict[tuple[str, str], list[int]] = {}
    for n, (zs, es) in enumerate(runs):
        zk = {zh_key(z): z for z in zs}
        ek = {en_key(e): e for e in es}
        for z in zk:
            cz[z] = cz.get(z, 0) + 1
        for e in ek:
            ce[e] = ce.get(e, 0) + 1
        for z in zk:
            for e in ek:
                both.setdefault((z, e), []).append(n)
    counts = link_runs(cz, ce, {k: len(v) for k, v in both.items()}, min_count, min_dice)
    return [(z, e, both[(z, e)]) for z, e in counts]


def link_runs(cz: dict[str, int], ce: dict[str, int], both: dict[tuple[str, str], int], min_count: int = MIN_ASSOCIATION,
              min_dice: float = MIN_DICE) -> list[tuple[str, str]]:
    """The run pairs to keep, from counts over sentence pairs (cz, ce: pairs holding each run; both:
    pairs holding the two): Dice >= min_dice on >= min_count pairs, the longer of nested Chinese
    runs when it co-occurs nearly as often, then competitive linking (each side's best partner only)."""
    scored = []
    for (z, e), n in both.items():
        if n < min_count or z not in cz or e not in ce:
            continue
        # 尔斯 inside 拜尔斯: the longer run wins when it co-occurs (nearly) as often
        if any(z2 != z and z in z2 and m >= 0.8 * n for (z2, e2), m in both.items() if e2 == e):
            continue
        dice = 2 * n / (cz[z] + ce[e])
        if dice >= min_dice:
            scored.append((dice, n, len(z) + len(e), z, e))
    scored.sort(reverse=True)
    used_z: set[str] = set()
    used_e: set[str] = set()
    out = []
    for _d, _c, _l, z, e in scored:
        if z in used_z or e in used_e:
            continue
        used_z.add(z)
        used_e.add(e)
        out.append((z, e))
    return out


def mine(pairs: Iterable[tuple[str, str]], glossary: Glossary | None = None, min_leftover: int = 2) -> list[Mined]:
    """Term pairs over many sentence pairs, most frequent first. A pair found only as a leftover is
    kept once it recurs `min_leftover` times; unexplained names are paired by association."""
    return mine_with_runs(pairs, glossary, min_leftover)[0]


def mine_with_runs(pairs: Iterable[tuple[str, str]], glossary: Glossary | None = None, min_leftover: int = 2) -> tuple[list[Mined], list[tuple[set[str], set[str]]]]:
    """mine(), and each pair's unexplained runs (Chinese, English surfaces): what association across
    a whole library counts (terms/store_hooks.py keeps them)."""
    by_key: dict[tuple[str, str], Mined] = {}
    runs: list[tuple[set[str], set[str]]] = []
    surface: dict[str, str] = {}
    for n, (zh, en) in enumerate(pairs):
        found, zs, es = _mine_pair(zh, en, glossary)
        runs.append((zs, es))
        for x in (*zs, *es):
            surface.setdefault(zh_key(x) if x in zs else en_key(x), x)
        for f in found:
            key = (zh_key(f.zh), en_key(f.en))
            m = by_key.get(key)
            if m is None:
                m = by_key[key] = Mined(key[0], key[1])
            m.count += 1
            m.evidence.add(f.evidence)
            m.pairs.append(n)
            if f.zh not in m.zh_forms:
                m.zh_forms.append(f.zh)
            if f.en not in m.en_forms:
                m.en_forms.append(f.en)
    for z, e, ns in associate(runs):
        m = by_key.get((z, e))
        if m is None:
            m = by_key[(z, e)] = Mined(z, e, [surface.get(z, z)], [surface.get(e, e)])
        m.evidence.add("association")
        for n in ns:
            if n not in m.pairs:
                m.pairs.append(n)
                m.count += 1
    out = [m for m in by_key.values() if m.evidence != {"leftover"} or m.count >= min_leftover]
    out.sort(key=lambda m: (-m.count, m.zh, m.en))
    return out, runs
