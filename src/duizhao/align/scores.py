"""How alike a Chinese span and an English span are: length, dictionary overlap, anchors.

Each sentence is turned once into a small feature record (`ZhFeat`, `EnFeat`); the DP then asks
for the similarity of spans of 1-3 sentences, which is assembled from cached 1-1 match counts so a
cell costs a few additions rather than set algebra over whole spans.

Dictionary overlap (both directions, so neither a long nor a short side wins by default):
- a Chinese content word counts as matched if any stem of its CC-CEDICT glosses is in the English span;
- an English content stem counts as matched if it is among the gloss stems of the Chinese span.
Latin words inside Chinese text (Frank, KGO) are matched as themselves.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain

from ..lang import cedict
from ..lang.romanise import SURNAMES2 as _SURNAMES2
from . import anchors as anc
from .length import text_len, zh_len

_EN_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*")
_CLAUSE_END = re.compile(r"[；;][”’」』\"')）]*\s*$")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Questions and exclamations survive translation far more often than sentence boundaries do, so
# they tell which Chinese sentence a short English piece ('Surrender?' 'Never!') belongs to.
_QMARK = re.compile(r"[?？]+")
_EXCL = re.compile(r"[!！]+")
# An opening quotation mark: Chinese “ 「 『, or an English ' or " that starts a word (not an apostrophe).
_ZH_OPEN_Q = re.compile(r"[“「『]")
_EN_OPEN_Q = re.compile(r"(?:^|(?<=[\s(\[—–-]))[\"'‘“]")
# Function words whose glosses are grammar notes ("completed action marker"), not meanings.
_ZH_STOP = frozenset(
    "的 了 是 在 和 与 及 也 都 就 而 并 被 把 对 于 为 从 以 等 这 那 其 之 着 过 一个 有 将 已 已经 会 要 能 可 "
    "可以 他 她 它 们 我 你 我们 他们 她们 它们 这个 那个 这些 那些 此 该 所 则 但 但是 或 或者 又 还 向 由 与此同时 "
    "地 得 吗 呢 吧 啊 上 下 中 里 个 不 没有 没 很 更 最 些 各 每 自己 因为 所以 如果 虽然 因此 之后 之前 时".split()
)




@dataclass(frozen=True, slots=True)
class Clause:
    """One clause of a sentence (cut at commas, semicolons, colons, dashes): what inner.py needs to tell
    which piece of a 1-n link's other side renders it."""

    length: float
    words: tuple[frozenset[str], ...]  # Chinese: per content word, its gloss stems; English: one set per stem
    union: frozenset[str]  # Chinese: all those gloss stems; English: the content stems
    tokens: tuple[str, ...] = ()  # Chinese: the segmented tokens (for the in-document lexicon)


@dataclass(slots=True)
class ZhFeat:
    length: float
    words: list[frozenset[str]]  # per content word: the stems it may translate to
    union: frozenset[str]  # all those stems
    anchors: frozenset[str]
    clause_end: bool = False  # ends in ；: a clause of a longer sentence, which a translation may not split
    tokens: tuple[str, ...] = ()  # the segmented content tokens (for the in-document lexicon, lexicon.py)
    marks: tuple[int, int, int] = (0, 0, 0)  # questions, exclamations, opened quotes (see punct_marks)
    clauses: tuple[Clause, ...] = ()  # the comma-separated clauses (inner.py); () for a single clause
    quotes: tuple[int, int] = (-1, -1)  # per kind of quotation mark, its last event: 1 opened, 0 closed, -1 none


@dataclass(slots=True)
class EnFeat:
    length: int
    stems: frozenset[str]  # content stems
    anchors: frozenset[str] = field(default_factory=frozenset)
    marks: tuple[int, int, int] = (0, 0, 0)
    clauses: tuple[Clause, ...] = ()
    quotes: tuple[int, int] = (-1, -1)


def _dict_split(word: str) -> list[str]:
    """An out-of-dictionary word becomes its longest dictionary pieces (greedy, left to right)."""
    out: list[str] = []
    i = 0
    while i < len(word):
        for j in range(min(len(word), i + 4), i, -1):
            if j - i == 1 or cedict.has(word[i:j]):
                out.append(word[i:j])
                i = j
                break
    return out


@lru_cache(maxsize=200_000)
def _word_keys(w: str) -> tuple[frozenset[str], ...]:
    """What one segmented Chinese token contributes: the stem sets of its dictionary pieces."""
    if w in _ZH_STOP or not w.strip():
        return ()
    if _HAN.match(w):
        if cedict.has(w):
            return tuple(st for st in (cedict.english_stems(p) for p in (w,) if p not in _ZH_STOP) if st)
        names = _name_keys(w)
        return tuple(st | names for st in (cedict.english_stems(p) for p in _dict_split(w) if p not in _ZH_STOP) if st)
    if w[0].isalpha() and w.isascii():
        return (frozenset((_en_key(w.lower()),)),)
    return ()


def _name_keys(w: str) -> frozenset[str]:
    """How an out-of-dictionary token of 2-4 Chinese characters reads if it is a person's name written
    in pinyin: the whole (Wangmiao) and the given name after the surname (Ruishan of 沙瑞山, Wenjie of
    叶文洁). CC-CEDICT lists few people, and novels are full of them; the dictionary pieces of such a
    token (沙 sand, 瑞 auspicious, 山 mountain) say nothing, while the English keeps the pinyin. Added to
    each piece's stems, so a token that is no name loses nothing."""
    if not 2 <= len(w) <= 4:
        return frozenset()
    from pypinyin import lazy_pinyin

    syl = [x.replace("ü", "u").replace("v", "u") for x in lazy_pinyin(w)]
    if len(syl) != len(w) or not all(x.isascii() and x.isalpha() for x in syl):
        return frozenset()
    n = 2 if len(w) >= 3 and w[:2] in _SURNAMES2 else 1
    return frozenset(_en_key(k) for k in ("".join(syl), "".join(syl[n:])) if len(k) >= 4)


# Where a clause ends: a Chinese comma, semicolon, colon, dash or question/exclamation inside the sentence
# (、 joins list items, not clauses); in English the same marks with a space after them.
_ZH_CUT = frozenset("，,；;：:？?！!—…")
_EN_CUT = re.compile(r"(?<=[,;:?!])\s+|(?<=[,;:?!]['\"’”])\s+|\s*(?:—|–|--)\s*")


def _zh_clauses(toks: Sequence[str]) -> tuple[Clause, ...]:
    out: list[Clause] = []
    cur: list[str] = []
    for k, t in enumerate(toks):
        cur.append(t)
        last = k == len(toks) - 1
        if last or (t and t[-1] in _ZH_CUT and not (toks[k + 1] and toks[k + 1][0] in _ZH_CUT)):
            text = "".join(cur)
            if _HAN.search(text) or any(ch.isalnum() for ch in text):
                words = tuple(chain.from_iterable(map(_word_keys, cur)))
                out.append(Clause(zh_len(text), words, frozenset().union(*words) if words else frozenset(),
                                  tuple(cur)))
            elif out:  # bare punctuation (a closing quote): part of the clause before
                c = out[-1]
                out[-1] = Clause(c.length + zh_len(text), c.words, c.union, c.tokens)
            cur = []
    return tuple(out) if len(out) > 1 else ()


def _en_clauses(s: str) -> tuple[Clause, ...]:
    parts = [p for p in _EN_CUT.split(s) if any(ch.isalnum() for ch in p)]
    if len(parts) <= 1:
        return ()
    out = []
    for p in parts:
        st = _en_stems(p)
        out.append(Clause(float(text_len(p)), tuple(frozenset((x,)) for x in st), st))
    return tuple(out)


# Narrative English is in the past tense and CC-CEDICT glosses are in the base form ("to fall", "to say"):
# irregular forms are mapped to the base before stemming (fell -> fall, said -> say), as -ied is to -y
# (cried -> cry). Forms that are also other words (left, saw, found, felt, lay, rose) are left alone.
_IRREGULAR = dict(p.split(":") for p in (
    "arose:arise arisen:arise awoke:awake bore:bear borne:bear beaten:beat became:become began:begin begun:begin "
    "bent:bend bit:bite bitten:bite bled:bleed blew:blow blown:blow broke:break broken:break bred:breed "
    "brought:bring built:build burnt:burn bought:buy caught:catch chose:choose chosen:choose clung:cling "
    "came:come crept:creep dealt:deal dug:dig drew:draw drawn:draw dreamt:dream drank:drink drunk:drink "
    "drove:drive driven:drive ate:eat eaten:eat fell:fall fallen:fall fed:feed fought:fight fled:flee flung:fling "
    "flew:fly flown:fly forbade:forbid forbidden:forbid forgot:forget forgotten:forget forgave:forgive "
    "forgiven:forgive froze:freeze frozen:freeze gave:give given:give went:go gone:go grew:grow grown:grow "
    "hung:hang heard:hear hid:hide hidden:hide held:hold kept:keep knelt:kneel knew:know known:know laid:lay "
    "led:lead lent:lend lit:light lost:lose made:make meant:mean met:meet paid:pay rode:ride ridden:ride "
    "rang:ring rung:ring risen:rise ran:run sought:seek sold:sell sent:send shook:shake shaken:shake shone:shine "
    "shot:shoot shown:show shrank:shrink sang:sing sung:sing sank:sink sunk:sink sat:sit slept:sleep slid:slide "
    "slung:sling smelt:smell spoke:speak spoken:speak sped:speed spent:spend spun:spin sprang:spring "
    "sprung:spring stood:stand stole:steal stolen:steal stuck:stick stung:sting struck:strike strove:strive "
    "swore:swear sworn:swear swept:sweep swam:swim swum:swim swung:swing took:take taken:take taught:teach "
    "tore:tear torn:tear told:tell thought:think threw:throw thrown:throw understood:understand woke:wake "
    "woken:wake wore:wear worn:wear wept:weep won:win wrote:write written:write men:man women:woman "
    "children:child feet:foot teeth:tooth mice:mouse geese:goose said:say "
).split())


@lru_cache(maxsize=100_000)
def _en_key(w: str) -> str:
    base = _IRREGULAR.get(w)
    if base is None and len(w) > 4 and w.endswith("ied"):
        base = w[:-3] + "y"
    return cedict.light_stem(base or w)


def _en_stems(s: str) -> frozenset[str]:
    stops, key = cedict.STOPWORDS, _en_key
    return frozenset([key(w) for w in map(str.lower, _EN_WORD.findall(s)) if len(w) > 1 and w not in stops])


def zh_features(s: str, use_shared: bool = True) -> ZhFeat:
    import rjieba

    toks = rjieba.cut(s)
    words: list[frozenset[str]] = list(chain.from_iterable(map(_word_keys, toks)))
    union = frozenset().union(*words) if words else frozenset()
    content = tuple(t for t in toks if t.strip() and t not in _ZH_STOP and (_HAN.match(t) or t[0].isalpha()))
    return ZhFeat(zh_len(s), words, union, anc.zh_anchors(s, use_shared), _CLAUSE_END.search(s) is not None,
                  content, punct_marks(s, True), _zh_clauses(toks), quote_events(s, True))


def en_features(s: str, use_shared: bool = True) -> EnFeat:
    return EnFeat(text_len(s), _en_stems(s), anc.en_anchors(s, use_shared), punct_marks(s, False), _en_clauses(s),
                  quote_events(s, False))


# Quotation marks, to tell whether a sentence boundary lies inside a quoted speech (dp.quote_states).
# Chinese marks say which way they face; English ' and " are read by their neighbours: an opening mark
# follows a space (or the start, a bracket, a dash) and precedes a non-space, a closing one the other way
# round; an apostrophe between letters (don't) is neither.
_ZH_QUOTE = {"“": (0, 1), "「": (0, 1), "『": (0, 1), "”": (0, 0), "」": (0, 0), "』": (0, 0), "‘": (1, 1), "’": (1, 0)}
_EN_Q = re.compile(r"[\"“”'‘’]")
_EN_DOUBLE = frozenset('"“”')


def quote_events(s: str, zh: bool) -> tuple[int, int]:
    """Per kind of quotation mark (double, single), the last thing the sentence does with it: 1 opens
    a quotation, 0 closes one, -1 neither (the state before the sentence goes on after it)."""
    last = [-1, -1]
    if zh:
        for ch in s:
            got = _ZH_QUOTE.get(ch)
            if got is not None:
                last[got[0]] = got[1]
        return last[0], last[1]
    n = len(s)
    for m in _EN_Q.finditer(s):
        k = m.start()
        before = s[k - 1] if k > 0 else " "
        after = s[k + 1] if k + 1 < n else " "
        kind = 0 if s[k] in _EN_DOUBLE else 1
        if (before.isspace() or before in "([—–-\"'‘“") and not after.isspace():
            last[kind] = 1
        elif not before.isspace() and (after.isspace() or after in ",.;:!?)]—–-\"'’”"):
            if kind == 1 and after.isspace() and s[k] == "'" and before == "s" and last[1] != 1:
                continue  # the boys' shoes: a possessive, most likely (unless this sentence opened a ' : the 'embers' became)
            last[kind] = 0
    return last[0], last[1]


def punct_marks(s: str, zh: bool) -> tuple[int, int, int]:
    """(runs of ? or ？, runs of ! or ！, opening quotation marks) in a sentence: "什么？！" is one
    question and one exclamation; a quoted speech opens once on each side whatever its length."""
    opened = _ZH_OPEN_Q if zh else _EN_OPEN_Q
    return len(_QMARK.findall(s)), len(_EXCL.findall(s)), len(opened.findall(s))


def match_counts(z: ZhFeat, e: EnFeat) -> tuple[int, int]:
    """(Chinese words matched in e, English stems matched by z) for one sentence pair."""
    if not z.words or not e.stems:
        return 0, 0
    es = e.stems
    # words that share a stem with e: all words less the disjoint ones (counted in C by map)
    return len(z.words) - sum(map(es.isdisjoint, z.words)), len(es & z.union)


def anchor_score(zh_anchors: frozenset[str], en_anchors: frozenset[str], en_stems: frozenset[str]) -> tuple[int, int]:
    """(agreeing anchors, anchors without a partner) between two spans.

    Latin tokens from the Chinese side (l:) agree when the English span contains the word; English
    capitalised words are not anchors (too many), so only the Chinese side can leave l: unpaired.
    """
    if not zh_anchors and not en_anchors:
        return 0, 0
    agree = 0
    lonely = 0
    for a in zh_anchors:
        if a[0] == "l":
            if _en_key(a[2:]) in en_stems:
                agree += 1
            else:
                lonely += 1
        elif a in en_anchors:
            agree += 1
        else:
            lonely += 1
    lonely += sum(1 for a in en_anchors if a not in zh_anchors)
    return agree, lonely
