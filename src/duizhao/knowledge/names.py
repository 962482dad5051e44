"""Names beyond the glossary: people, organisations and places of one sentence pair, typed and paired.

Where the names come from:
- Chinese: jieba's part-of-speech tags (nr person, ns place, nt organisation), an organisation's name
  grown to its suffix (河北省 + 慈孝 + 基金 → 河北省慈孝基金; 瑞信 + 银行 → 瑞信银行), a place to its
  administrative suffix (长乐 + 乡 → 长乐乡);
- English: capitalised spans (entities.py), typed by their last word (Bank, Ministry, Bureau … →
  organisation; County, Village, Lake … → place);
- pairing: a Chinese person's name and its English twin are the same when the pinyin of one spells the
  other (盛来运 = Sheng Laiyun, 王志安 = Wang Zhi’an = Wang Zhian: romanisation-checked with pypinyin);
  an English organisation or place finds its Chinese form through CC-CEDICT glosses and transliteration
  (entities._align_zh).

What is kept: a Chinese person only when its romanisation is in the English sentence (jieba tags many
words as names); an organisation or place when it is tagged or has its suffix, paired or not; an
English-only span only when its last word types it. Everything is a `candidate` until an editor
confirms it into the glossary. The longest name wins: a shorter name inside a longer one of the same
sentence (中国 in 中国国际…艺术节, Russia in 俄罗斯国防部) is not a name of its own (`inside`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Name", "names_in_pair", "pinyin_key", "is_venue", "ORG_WORDS_EN", "PLACE_WORDS_EN"]


@dataclass(frozen=True)
class Name:
    type: str  # person | org | place
    zh: str | None
    en: str | None
    zh_span: tuple[int, int] | None = None
    en_span: tuple[int, int] | None = None
    alias: str | None = None  # the longer English name an abbreviation stands for (SPD Bank → Shanghai Pudong …)


ORG_WORDS_EN = frozenset(
    """Bank Banks University College Ministry Bureau Committee Commission Office Court Department Foundation Fund
    Association Post News Securities Corporation Corp Company Co Ltd Council Agency Police Party Administration
    Institute Academy Group Federation Union Organization Organisation Times Daily Telegraph Guardian Television TV
    Agency Exchange Authority Board Service Services Center Centre Network Press Radio Assembly Parliament
    Congress Front Army Force Forces""".split()
)
PLACE_WORDS_EN = frozenset(
    """County Village Township City Province District Lake Street Road Base Island Islands Mountain Mountains River
    Sea Bay Prefecture Region Town Neighborhood Neighbourhood Park Square Airport Port Valley Station""".split()
)
# Suffixes that make a run of Chinese words an organisation's name.
_ORG_SUFFIX_ZH = (
    "银行", "证券", "大学", "学院", "基金会", "基金", "公司", "集团", "法院", "检察院", "委员会", "协会", "联合会",
    "研究院", "研究所", "中心", "总局", "公安局", "局", "部", "委", "厅", "署", "办", "司", "会", "社", "台", "报",
    "网", "党", "院", "政府", "乐团", "樂團", "剧团", "劇團", "合唱团", "支队", "支隊", "大队", "大隊", "联盟", "聯盟", "俱乐部",
)  # fmt: skip
_PLACE_SUFFIX_ZH = ("省", "市", "县", "乡", "镇", "村", "区", "街道", "州", "岛", "湖", "山", "河", "街", "基地", "车站", "港")
_NOT_NAME_ZH = set("有关 相关 政府 部门 当地 全国 国家 社会 本报 该 各级 县 市 省 村 我国 中央 中央政府 地方政府 省政府 县政府 市政府".split())
_CJK = re.compile(r"[\u3400-\u9fff]")


@lru_cache(maxsize=20_000)
def pinyin_key(zh: str) -> str:
    """Tone-less pinyin of a Chinese name, letters only: 王志安 → wangzhian."""
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(zh)).lower()


@lru_cache(maxsize=20_000)
def _char_pinyin(ch: str) -> str:
    """One character's pinyin ("" for what is not Chinese): names are spelled character by character."""
    if not _CJK.match(ch):
        return "\x00"  # matches no key
    from pypinyin import lazy_pinyin

    return lazy_pinyin(ch)[0].lower()


def _person_like(text: str) -> bool:
    """Two capitalised words that could be a Chinese name in pinyin (Su Qifang, Wang Zhi’an)."""
    return bool(re.fullmatch(r"[A-Z][a-z]{1,5} [A-Z][a-z’']{1,10}", text))


def _latin_key(en: str) -> str:
    return re.sub(r"[^a-z]", "", en.lower())


def _tagged(zh: str) -> list[tuple[str, str, int, int]]:
    import jieba.posseg

    out, pos = [], 0
    for p in jieba.posseg.lcut(zh, HMM=False):  # the HMM for unseen words costs ~100× (viterbi over POS states)
        out.append((p.word, p.flag, pos, pos + len(p.word)))
        pos += len(p.word)
    return out


def _zh_orgs_places(tokens: list[tuple[str, str, int, int]]) -> list[tuple[str, int, int]]:
    """(type, start, end) of Chinese organisation and place names."""
    out: list[tuple[str, int, int]] = []
    i = 0
    while i < len(tokens):
        w, flag, a, b = tokens[i]
        if flag in ("nt", "ns", "nz") or (flag.startswith("nr") and i + 1 < len(tokens) and tokens[i + 1][0].endswith(_ORG_SUFFIX_ZH)):
            # grow over following nouns while the run can still end in an organisation's suffix
            j, end, kind = i, b, "org" if flag == "nt" else "place" if flag == "ns" else None
            k = i + 1
            while k < len(tokens) and k - i <= 6 and tokens[k][1][:1] in ("n", "v", "j", "l") and _CJK.match(tokens[k][0]):
                # 举办 ends in 办 but is a verb: a suffix ends a name only in a noun
                if tokens[k][0].endswith(_ORG_SUFFIX_ZH) and tokens[k][1] != "ns" and tokens[k][1] != "v":
                    j, end, kind = k, tokens[k][3], "org"
                elif tokens[k][0].endswith(_PLACE_SUFFIX_ZH) and kind == "place":
                    j, end = k, tokens[k][3]
                elif tokens[k][1] in ("v", "l") or tokens[k][1] == "vn":
                    break
                k += 1
            if kind and w not in _NOT_NAME_ZH and end - a >= 2:
                out.append((kind, a, end))
                i = j + 1
                continue
        i += 1
    return out


_CAP_BEFORE = re.compile(r"((?:[A-Z][\w’'.-]*\s+)+)$")
_NOT_LEFT = {"The", "A", "An", "In", "On", "At", "By", "For", "From", "With", "Of", "To", "And", "As", "According"}


def _en_spans(en: str, spans: list[tuple[str, int, int]]) -> list[tuple[str, str, int, int]]:
    """English candidate spans typed by their last word (or `name` when it says nothing). An organisation
    or place keeps the capitalised words before it that the glossary knows (China Securities Finance
    Corporation, Russian Ministry of Defense): the longest name wins."""
    out = []
    for text, a, b in spans:
        words = text.split()
        # the head of the name: its last word, or the word before "of" (Ministry of Defense, Bank of China)
        heads = [re.sub(r"[^A-Za-z]", "", w) for w in words[-1:] + words[words.index("of") - 1 : words.index("of")]] if "of" in words[1:] else [re.sub(r"[^A-Za-z]", "", w) for w in words[-1:]]
        kind = "org" if any(h in ORG_WORDS_EN for h in heads) else "place" if any(h in PLACE_WORDS_EN for h in heads) else "name"
        if en[max(0, a - 3) : a] in ("al-", "el-"):
            a, text = a - 3, en[a - 3 : b]  # al-Nusra Front
        if kind != "name":
            m = _CAP_BEFORE.search(en, 0, a)
            if m:
                words = m.group(1).split()
                while words and words[0] in _NOT_LEFT:
                    words = words[1:]
                if words and not any(w.endswith(("’s", "'s")) for w in words):
                    a = a - len(" ".join(words)) - 1
                    text = en[a:b]
        out.append((kind, text, a, b))
    return out


_ZH_SUFFIX_EN = {
    "大学": "University", "银行": "Bank", "法院": "Court", "基金": "Fund", "基金会": "Foundation",
    "证券": "Securities", "公司": "Co", "局": "Bureau", "部": "Ministry", "委员会": "Committee",
}  # fmt: skip


# What kind of body a Chinese name's suffix makes, in the head words its English name has: 河北品牌会 is
# no "Cixiao Fund", 西安铁路局 no "Logistics Center".
_HEADS = [
    (suffix, frozenset(heads.split()))
    for suffix, heads in (
        ("银行", "Bank"),
        ("证券", "Securities"),
        ("大学", "University"),
        ("基金会", "Foundation Fund"),
        ("基金", "Fund Foundation"),
        ("公司", "Company Co Corporation Corp Ltd Group Inc"),
        ("集团", "Group Corporation Corp"),
        ("委员会", "Committee Commission Council"),
        ("协会", "Association Federation Society"),
        ("中心", "Center Centre"),
        ("法院", "Court"),
        ("品牌会", "Association Federation Society Club"),
        ("局", "Bureau Administration Authority Department Office Agency Service"),
        ("乐团", "Orchestra Band Ensemble Philharmonic"),
        ("联盟", "League Alliance Federation Union"),
    )
]


def _heads_agree(zh: str, en: str) -> bool:
    """Whether an English span can name the body a Chinese organisation's suffix says it is (unknown
    suffixes agree with anything)."""
    heads = next((h for suffix, h in _HEADS if zh.endswith(suffix)), None)
    return heads is None or bool(heads & set(re.findall(r"[A-Za-z]+", en)))


def _pairs_by_sound(
    names: list[Name], en_typed: list[tuple[str, str, int, int]], used_en: set[str], en_to_zh: dict[str, str]
) -> list[Name]:
    """Unpaired Chinese organisations and places take the unpaired English span of their type whose words
    spell the pinyin of the name's head (南华大学 ↔ Nanhua University, 海淀法院 ↔ Haidian Court)."""
    out = []
    for n in names:
        if n.en or not n.zh or n.type == "person":
            out.append(n)
            continue
        head = n.zh
        for suffix in sorted(_ORG_SUFFIX_ZH + _PLACE_SUFFIX_ZH, key=len, reverse=True):
            if head.endswith(suffix) and len(head) > len(suffix):
                head = head[: -len(suffix)]
                break
        # a place opening the name may close the English one (中国人民大学 ↔ Renmin University of China)
        keys = [pinyin_key(head)] + [pinyin_key(head[k:]) for k in (2, 3) if len(head) - k >= 2 and cedict_type(head[:k]) == "place"]
        twin = None
        for kind, text, _a, _b in en_typed:
            if text in used_en or kind not in ("org", "place", "name"):
                continue
            if en_to_zh.get(text) and en_to_zh[text] != n.zh:
                continue  # Heihe Highway Bridge has its own Chinese form (黑河公路大桥), longer than 黑河
            if any(len(key) >= 4 and _latin_key(text).startswith(key) for key in keys) and _heads_agree(n.zh, text):
                twin = text
                break
        if twin:
            used_en.add(twin)
            n = Name(n.type, n.zh, twin, n.zh_span, None)
        out.append(n)
    # what is left of one type on both sides, as many on each: paired in order (华夏银行、浦发银行 ↔
    # Hua Xia Bank and Shanghai Pudong Development Bank — the two sides name them in the same order)
    for kind in ("org", "place"):
        zh_all = [i for i, n in enumerate(out) if n.type == kind and n.zh and not n.en]
        # one name written twice in the sentence (欧洲央行 … 欧洲央行) is one name to pair
        zh_left = [i for i in zh_all if out[i].zh not in {out[j].zh for j in zh_all if j < i}]
        en_all = [(text, a, b) for k, text, a, b in en_typed if k == kind and text not in used_en]
        # so is an English name written twice, or named again by its last words (the Industrial Base)
        en_left = [
            (t, a, b) for n, (t, a, b) in enumerate(en_all)
            if not any(o == t or o.endswith(" " + t) and x < a for o, x, _y in en_all[:n] + [e for e in en_all if e[1] < a])
        ]  # fmt: skip
        agree = all(_heads_agree(out[i].zh or "", t) for i, (t, _a, _b) in zip(zh_left, en_left, strict=False))
        if zh_left and len(zh_left) == len(en_left) and agree:
            for i, (text, a, b) in zip(zh_left, en_left, strict=True):
                for j in zh_all:
                    if out[j].zh == out[i].zh:
                        out[j] = Name(kind, out[j].zh, text, out[j].zh_span, (a, b) if j == i else None)
                used_en.add(text)
    return out


# Wade–Giles (Taiwan, Hong Kong and older spellings: Hung Pai-ken, Koo Li-hsiung): initials as the
# pinyin initials they may stand for, the aspiration mark being often dropped.
_WG_INITIALS = [
    ("ch’", ("ch", "q")), ("ch'", ("ch", "q")), ("ts’", ("c",)), ("ts'", ("c",)), ("tz'", ("c",)),
    ("k’", ("k",)), ("k'", ("k",)), ("p’", ("p",)), ("p'", ("p",)), ("t’", ("t",)), ("t'", ("t",)),
    ("ch", ("zh", "j", "ch", "q")), ("hs", ("x",)), ("ts", ("z", "c")), ("tz", ("z", "c")), ("ss", ("s",)),
    ("sh", ("sh",)), ("k", ("g", "k")), ("p", ("b", "p")), ("t", ("d", "t")), ("j", ("r",)),
]  # fmt: skip
_WG_FINALS = [("oo", "u"), ("iung", "iong"), ("ung", "ong"), ("ieh", "ie"), ("ien", "ian"), ("ueh", "ue"), ("ih", "i")]
_PINYIN_INITIAL = re.compile(r"^(zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw]?)")


def _wade_giles(syllable: str) -> tuple[set[str], set[str]]:
    """(pinyin syllables, pinyin initials) a Wade–Giles syllable may stand for."""
    s = syllable.lower()
    inits: tuple[str, ...] = ("",)
    for wg, py in _WG_INITIALS:
        if s.startswith(wg):
            inits, s = py, s[len(wg) :]
            break
    else:
        m = _PINYIN_INITIAL.match(s)
        inits, s = ((m.group(1),) if m else ("",)), s[len(m.group(1)) if m else 0 :]
    fins = {s}
    for wg_final, py_final in _WG_FINALS:
        if s.endswith(wg_final):
            fins.add(s[: -len(wg_final)] + py_final)
            break
    if s in ("o", "u"):
        fins |= {"e", "i"}  # ko → ge, tzu → zi
    return {i + f for i in inits for f in fins}, set(inits)


def _wade_giles_match(text: str, pinyins: list[str]) -> bool:
    """Whether a hyphenated romanised name (Koo Li-hsiung) spells these characters' pinyin: the surname
    and every initial agree, and all finals but at most one of the given name's."""
    sylls = re.split(r"[ -]", text)
    if len(sylls) != len(pinyins) or len(sylls) < 3:
        return False
    loose = 0
    for k, (syl, py) in enumerate(zip(sylls, pinyins, strict=True)):
        full, inits = _wade_giles(syl)
        if py in full:
            continue
        m = _PINYIN_INITIAL.match(py)
        if k == 0 or not m or m.group(1) not in inits:
            return False
        loose += 1
    return loose <= 1


def _person_pairs(zh: str, en_spans: list[tuple[str, str, int, int]]) -> list[Name]:
    """Chinese names whose pinyin spells an English span (盛来运 ↔ Sheng Laiyun)."""
    out: list[Name] = []
    taken: set[int] = set()
    chars = [_char_pinyin(c) for c in zh]
    for _kind, full, fa, fb in en_spans:
        words = full.split()
        if len(words) > 3 or len(words) == 3 and (words[0].isupper() or words[0] in _TITLE_WORDS_EN):
            # Village Secretary Su Qifang, CEO Huang Jiajia: the name is at the end
            text = " ".join(words[-2:])
            a, b = fb - len(text), fb
            if pinyin_key(text) == "" or not _person_like(text):
                continue
        else:
            text, a, b = full, fa, fb
        if not 2 <= len(text.split()) <= 3:
            continue
        if re.fullmatch(r"[A-Z][a-z]{1,5} [A-Z][a-z’']{0,5}-[a-z’']{1,6}", text):
            spot = next(
                (s for s in range(len(zh) - 2) if _wade_giles_match(text, [_char_pinyin(c) for c in zh[s : s + 3]])
                 and not any(x in taken for x in range(s, s + 3))),
                None,
            )  # fmt: skip
            if spot is not None:
                taken.update(range(spot, spot + 3))
                out.append(Name("person", zh[spot : spot + 3], text, (spot, spot + 3), (a, b)))
                continue
        key = _latin_key(text)
        if not 4 <= len(key) <= 18:
            continue
        found = None
        for n in (3, 2, 4):
            for s in range(0, len(zh) - n + 1):
                if not key.startswith(chars[s]) or any(x in taken for x in range(s, s + n)):
                    continue  # the surname's syllable first: most positions are out at once
                piece = zh[s : s + n]
                if not all(_CJK.match(c) for c in piece):
                    continue
                if "".join(chars[s : s + n]) == key or pinyin_key(piece) == key:
                    found = (s, s + n)
                    break
            if found:
                break
        if found:
            taken.update(range(*found))
            out.append(Name("person", zh[found[0] : found[1]], text, found, (a, b)))
    return out


_CEDICT_ORG = re.compile(r"\b(?:newspaper|news agency|company|corporation|bank|university|agency|party|organi[sz]ation|"
                         r"TV|television|broadcaster|ministry|bureau|committee|council|court|institute)\b", re.I)
_CEDICT_PLACE = re.compile(r"\b(?:county|province|city|capital|district|village|town|country|river|lake|island|"
                           r"mountain|prefecture|region|state in|republic)\b", re.I)


@lru_cache(maxsize=20_000)
def cedict_type(word: str) -> str | None:
    """person | org | place when CC-CEDICT holds `word` as a proper noun of that kind (布莱尔 "Blair (name)",
    卫报 "The Guardian (U.K. newspaper)", 伊拉克 "Iraq"), else None."""
    from ..lang import cedict

    senses = cedict.senses(word) if len(word) >= 2 else []
    for sense in senses:
        if not sense[:1].isupper():
            continue
        if "(name)" in sense or re.search(r"\b(?:politician|president|prime minister|writer|emperor|king)\b", sense):
            return "person"
        if _CEDICT_ORG.search(sense):
            return "org"
        if _CEDICT_PLACE.search(sense) or re.fullmatch(r"[A-Z][a-z]+(?: [A-Z][a-z]+)?", sense):
            return "place"
    return None


def cedict_english(word: str) -> str | None:
    """The English proper noun CC-CEDICT gives a word: 卫报 → The Guardian, 布莱尔 → Blair."""
    from ..lang import cedict

    for sense in cedict.senses(word):
        if sense[:1].isupper():
            return re.sub(r"\s*\(.*$|,.*$", "", sense).strip() or None
    return None


def _translit_chars() -> frozenset[str]:
    from .entities import _TRANSLIT

    # 罕默卜: of Arabic names (穆罕默德, 阿卜杜勒), which the table of entities does not hold
    return frozenset(_TRANSLIT) | frozenset("蕾撒梅·・芙茜琪丽黛妮斐松力杭翁罕默卜费萝荷保瑞彻赛西麦惠")


_TRANSLIT_CHARS = _translit_chars()


_TRANSLIT_CLASS = "".join(sorted(_TRANSLIT_CHARS - {"·", "・"}))
# a middle dot lost to an encoding (阿曼达?诺克斯) is written as "?" between the pieces
_DOTTED = re.compile(f"(?<![{_TRANSLIT_CLASS}])([{_TRANSLIT_CLASS}]{{1,6}}(?:[·・?][{_TRANSLIT_CLASS}]{{1,6}})+)(?![{_TRANSLIT_CLASS}])")


def _dotted_end(span: tuple[int, int], tokens: list[tuple[str, str, int, int]]) -> tuple[int, int]:
    """A dotted name's last piece ends before a word that runs on past it (杜兰洛 + 因 + 多次刺伤: 因多 are no
    syllables of the name) and before a preposition or conjunction spelled with its characters."""
    a, b = span
    dot = max(i for i in range(a, b) if _zh_dot(tokens, i)) if any(_zh_dot(tokens, i) for i in range(a, b)) else a
    for w, _flag, x, y in sorted(tokens, key=lambda t: -t[2]):
        if x <= dot + 2 or x >= b:
            continue  # the last piece keeps two characters at least (沃尔什, 拜伦·斯…)
        if y > b and len(w) >= 2 or w in _LINKS_AFTER_NAME and y == b:
            b = x
    return a, b


_LINKS_AFTER_NAME = frozenset("因 和 与 及 向 对 为 被 在 于".split())


def _zh_dot(tokens: list[tuple[str, str, int, int]], i: int) -> bool:
    return any(x == i and w in ("·", "・", "?") for w, _f, x, _y in tokens)


def _not_opening_name() -> frozenset[str]:
    from .entities import _LEADING

    return frozenset(_LEADING)


_NOT_OPENING_NAME = _not_opening_name()
_TRANSLIT_RUN_ZH = re.compile(f"(?<![{_TRANSLIT_CLASS}])[{_TRANSLIT_CLASS}]{{2,5}}(?![{_TRANSLIT_CLASS}])")


# Consonant classes a transliteration keeps: Chinese adds a vowel to every consonant of a cluster (Brooks →
# 布鲁克斯 bu-lu-ke-si), writes r as l or 尔 er, and confuses voicing (Pruitt → 普鲁特, Gregor → 格雷戈尔);
# so a name and its transliteration share the sequence of these classes once vowels are dropped.
_EN_SOUNDS = [
    ("ph", "f"), ("th", "d"), ("ck", "g"), ("qu", "g"), ("gh", ""), ("x", "gs"), ("c(?=[eiy])", "s"), ("c", "g"), ("h", ""),
    ("ng", "n"), ("m(?=[pb])", "n"),
]  # fmt: skip
_CLASS = str.maketrans("ptkqcrvwzx", "bdggglffss")
_ZH_INITIAL_CLASS = {"zh": "j", "ch": "j", "q": "j", "sh": "s", "x": "s", "c": "s", "h": "", "y": ""}
_REPEAT_CHAR = re.compile(r"(.)\1+")


def _en_consonants(en: str) -> str:
    s = re.sub(r"[^a-z]", "", en.lower())
    for a, b in _EN_SOUNDS:
        s = re.sub(a, b, s)
    return _REPEAT_CHAR.sub(r"\1", re.sub(r"[aeiouy]", "", s).translate(_CLASS))


def _zh_consonants(zh: str) -> str:
    """The consonant classes of a transliteration's syllables: the initial of each (zh/ch/q → j, sh/x/c → s),
    尔 er as l, a final n or ng as n."""
    out = []
    for ch in zh:
        py = _char_pinyin(ch)
        if py == "\x00":
            continue
        if py == "er":
            out.append("l")
            continue
        m = _PINYIN_INITIAL.match(py)
        ini = m.group(1) if m else ""
        out.append(_ZH_INITIAL_CLASS.get(ini, ini))
        if py.endswith(("n", "ng")):
            out.append("n")
    return _REPEAT_CHAR.sub(r"\1", "".join(out).translate(_CLASS))


def _consonant_score(form: str, text: str) -> float:
    """How alike the consonant classes of a transliteration and an English name are (0 when either has fewer than two)."""
    from difflib import SequenceMatcher

    a, b = _zh_consonants(form), _en_consonants(text)
    if len(a) < 2 or len(b) < 2 or text.isupper():  # RUB, GMB: codes and acronyms are spelled, not transliterated
        return 0.0
    return SequenceMatcher(None, a, b).ratio()


def _sound_twin(
    form: str, en_typed: list[tuple[str, str, int, int]], used_en: set[str], least: float
) -> tuple[float, str, int, int] | None:
    """The unused English span of one to three words that sounds most like a transliterated name."""
    from difflib import SequenceMatcher

    from .entities import _skeleton

    sound = _skeleton(pinyin_key(form.replace("·", "").replace("・", "")))
    best: tuple[float, str, int, int] | None = None
    for _k, text, x, y in en_typed:
        # a dotted name may have as many words as it has pieces (穆罕默德·巴希尔·阿卜杜勒·赫达尔)
        pieces = len(re.split("[·・]", form))
        if text in used_en or len(text.split()) > (max(3, pieces) if pieces > 1 else 2):
            continue
        # Mario Andrada written 安德拉达: the Chinese may give the surname alone
        words = text.split()
        forms = {text, words[-1]} if len(words) == 2 and words[-1] not in ORG_WORDS_EN | PLACE_WORDS_EN else {text}
        score = max(SequenceMatcher(None, _skeleton(t), sound).ratio() for t in forms)
        # the same consonants in the same order (Pruitt 普鲁特, Ferrell 费雷尔) are the same name, whatever the vowels
        consonants = max(_consonant_score(form, t) for t in forms)
        score = max(score, consonants if consonants >= 0.85 else 0.0)
        if score >= least and (best is None or score > best[0]):
            best = (score, text, x, y)
    return best


def _trailing_syllable(token: tuple[str, str, int, int]) -> bool:
    """A last syllable jieba leaves untagged after a name it cut short (马尔科 + 姆, 瓦尔迪 + 兹)."""
    return len(token[0]) == 1 and token[0] in _TRANSLIT_CHARS and token[1] in ("x", "rg")


def _foreign_people(
    tokens: list[tuple[str, str, int, int]], zh: str, en_typed: list[tuple[str, str, int, int]], used_en: set[str], en: str = ""
) -> list[Name]:
    """Transliterated names tagged as people (布莱尔, 卡梅伦, 特蕾莎·梅) whose sound matches an English
    name of one or two capitalised words in the pair (Blair, Cameron, Theresa May)."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        w, flag, a, b = tokens[i]
        if flag.startswith("nr") and _CJK.match(w):
            end = b
            j = i + 1
            while j < len(tokens) and (tokens[j][1].startswith("nr") or tokens[j][0] in "·・") and _CJK.match(tokens[j][0]) or (
                j < len(tokens) and (tokens[j][0] in "·・" or _trailing_syllable(tokens[j]))
            ):
                end = tokens[j][3]
                j += 1
            if end - a >= 2:
                runs.append((a, end))
            i = j
            continue
        i += 1
    # a foreign name written with its middle dot (约恩·乌特松, 罗里·杰夫斯) is a name whatever jieba
    # tags its pieces: the dot is how Chinese writes the space between a foreign name's parts
    dotted = [_dotted_end(m.span(1), tokens) for m in _DOTTED.finditer(zh)]
    # a surname opening the English sentence (Hamill also said…) is no candidate on its own; beside a
    # Chinese name that sounds like it, it is the name
    opening = re.match(r"[“\"]?([A-Z][a-z]{2,})\b", en)
    if opening and opening.group(1) not in _NOT_OPENING_NAME and not any(t[1] == opening.group(1) for t in en_typed):
        en_typed = [*en_typed, ("name", opening.group(1), opening.start(1), opening.end(1))]
    runs = [r for r in runs if not any(x < r[1] and r[0] < y for x, y in dotted)]
    # a run of transliteration characters jieba did not tag as a name (哈米尔, 安德拉达): a person when
    # it sounds closely like a person's name on the English side
    untagged = [
        m.span() for m in _TRANSLIT_RUN_ZH.finditer(zh)
        if not any(x < m.end() and m.start() < y for x, y in runs + dotted)
    ]  # fmt: skip
    out = []
    for a, b in untagged:
        # 于德克萨斯: a preposition spelled with these characters before a place the dictionary knows
        clipped = (zh[a + 1 : b], zh[a : b - 1]) if b - a >= 4 else ()
        if any(cedict_type(w) in ("place", "org") for w in (zh[a:b], *clipped)) or any(zh[a:b] in w or w in zh[a:b] for w, fl, _x, _y in tokens if len(w) >= 2 and fl in ("ns", "nt", "n", "v", "vn", "a")):
            continue  # a word of the dictionary, a place (伊拉克) or a common word spelled with these characters
        twin = _sound_twin(zh[a:b], [t for t in en_typed if _person_like(t[1]) or " " not in t[1]], used_en, 0.75)
        if twin:
            used_en.add(twin[1])
            out.append(Name("person", zh[a:b], twin[1], (a, b), (twin[2], twin[3])))
    for a, b in dotted:
        if cedict_type(zh[a:b].replace("·", "").replace("・", "")) in ("place", "org"):
            continue
        twin = _sound_twin(zh[a:b], en_typed, used_en, 0.45)
        if twin:
            used_en.add(twin[1])
        out.append(Name("person", zh[a:b], twin[1] if twin else None, (a, b), (twin[2], twin[3]) if twin else None))
    for a, b in runs:
        if cedict_type(zh[a:b]) in ("place", "org"):
            continue  # 伊拉克, 花垣: tagged as a name, a place in the dictionary
        if not all(c in _TRANSLIT_CHARS for c in zh[a:b]):
            continue  # 阳光: not spelled with the characters foreign names are written in
        best = _sound_twin(zh[a:b], en_typed, used_en, 0.6)
        if best:
            used_en.add(best[1])
            out.append(Name("person", zh[a:b], best[1], (a, b), (best[2], best[3])))
    return out


_MISSION = re.compile(r"驻[\u4e00-\u9fff]{2,6}?(?:总领事馆|总领馆|领事馆|使领馆|大使馆|使馆|代表处)")
# 市人社局, 省物价局: a city's or province's bureau named by its abbreviation, standing on its own
_LOCAL_BUREAU = re.compile(r"(?:(?<![\u4e00-\u9fff])|(?<=[据由向对与和及在经被]))[市省县区][\u4e00-\u9fff]{2,3}?[局厅委]")


# A medium is named where it is cited: 据德国之声报道, 美国《大众科学》月刊网站. What 据…报道 holds is a source
# only when it is a name, not a way of hearing (据了解, 据悉) or a kind of source (媒体, 记者).
_MEDIUM_CITED = re.compile(r"据([\u4e00-\u9fff]{2,6}?)(?:报道|報導|消息|援引)")
_MEDIUM_TITLED = re.compile(
    r"《([\u4e00-\u9fff]{2,8})》(?=月刊|周刊|週刊|杂志|雜誌|日报|日報|晚报|晚報|报|報|网站|網站|电视台|電視台|电台|電台|评论|評論|报道|報道|称|稱)"
)
# a station, paper or site by its kind, citing: ABS-CBN电视台报道, 参考消息网8月12日报道
_MEDIUM_NAMED = re.compile(
    r"(?:(?<=[据據])|(?<![\u4e00-\u9fffA-Za-z-]))((?:[A-Za-z][A-Za-z-]{1,10}|[\u4e00-\u9fff]{2,5}?)(?:电视台|電視台|晚报|晚報|日报|日報|时报|時報|电台|電台|新闻网|新聞網|网|網))"
    r"(?=(?:\d{1,2}月\d{1,2}日)?(?:报道|報道|消息|称|稱|评论|評論))"
)
_NOT_MEDIUM = re.compile(r"了解|悉|介绍|介紹|统计|統計|媒体|媒體|记者|記者|网友|網友|消息|透露|报告|報告|调查|調查|分析|研究|数据|數據|官方|外媒|当地|當地")
_MEDIUM_EN = re.compile(r"(?:According\s+to|published\s+by|reported\s+by|quoted\s+by)\s+(?:the\s+)?([A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3})")


# Organisations written in Latin letters inside the Chinese and kept so in the English: a brand led by
# digits (51Talk) and an acronym that names a group by its members (IS支持者, …组织成员). Other Latin
# words in Chinese text (SPF, GPS, CEO, ID) are terms, not names.
_LATIN_ORG_ZH = re.compile(r"(?<![A-Za-z0-9])(\d+[A-Z][A-Za-z]{2,}|[A-Z]{2,6}(?=支持者|组织成员|武装分子|成员|分子|头目|领导人))(?![A-Za-z0-9])")


# An acronym with the Chinese word of its trade (JX能源 / JX Energy, ABC集团): a company named in Latin letters.
_LATIN_TRADE_ZH = re.compile(
    r"(?<![A-Za-z0-9])([A-Z]{2,6}|[A-Z]{2,5}\d[A-Z]{0,2})((?:打印|软件|軟件|生物|医疗|醫療)?(?:能源|集团|集團|公司|银行|銀行|科技|电子|電子|汽车|汽車|航空|证券|證券|传媒|傳媒|控股|石油|电信|電信|制药|製藥))"
)  # SG3D打印公司: an acronym with a digit, and the trade before the company word


# 在动物星球频道上播放, 探索新闻频道制片人: a channel by its name; 该频道, 这个频道 point back at one
_CHANNEL_ZH = re.compile(r"(?:^|(?<=[和与與及在的、，,：:“据據]))([\u4e00-\u9fff]{2,6}?(?:频道|頻道))")
_NOT_CHANNEL = re.compile(r"^(?:该|該|这|這|那|此|本|其|各|多个|多個|一个|一個|新闻|新聞|电视|電視|体育|體育)")


def _channels(zh: str, covered: list[tuple[int, int]]) -> list[Name]:
    out: list[Name] = []
    for m in _CHANNEL_ZH.finditer(zh):
        a, b = m.span(1)
        if _NOT_CHANNEL.match(m.group(1)) or len(m.group(1)) < 4 or any(x < b and a < y for x, y in covered):
            continue
        out.append(Name("org", m.group(1), None, (a, b), None))
    return out


def _latin_orgs(zh: str, en: str) -> list[Name]:
    out: list[Name] = []
    for m in _LATIN_TRADE_ZH.finditer(zh):
        at = re.search(rf"(?<![A-Za-z0-9]){re.escape(m.group(1))}(?:\s+[A-Z][a-z]+){{0,2}}", en)
        if at and m.group() not in {n.zh for n in out}:
            out.append(Name("org", m.group(), at.group(), m.span(), at.span()))
    for m in _LATIN_ORG_ZH.finditer(zh):
        token = m.group(1)
        at = re.search(rf"(?<![A-Za-z0-9]){re.escape(token)}(?![A-Za-z0-9])", en)
        if at and token not in {n.en for n in out}:
            out.append(Name("org", token, token, m.span(1), at.span()))
    return out


# A name kept in Latin letters inside the Chinese, as translators of English news do (资深医生 Ellen McCourt,
# 电台 KGO, Sons & Daughters 餐馆): the words, the particles between them (des, van) and "&".
_LATIN_WORD = r"[A-Z][A-Za-z0-9\u00c0-\u024f’'.-]*"
_LATIN_RUN_ZH = re.compile(
    rf"(?<![A-Za-z0-9\u00c0-\u024f’'.&(（《-])({_LATIN_WORD}(?:(?:[ \u00a0]+(?:&[ \u00a0]+|(?:de|des|du|la|le|van|von|der|di|da)[ \u00a0]+)*|[·・]){_LATIN_WORD})*)"
    r"(?![A-Za-z0-9\u00c0-\u024f’'&)）》])"
)
_PERSON_WORD = re.compile(r"(?:Mc|Mac|O’|O')?[A-Z][a-z\u00e0-\u024f]+(?:-[A-Z][a-z\u00e0-\u024f]+)?")
# What a Chinese sentence says right after or before such a name about what it names.
_LATIN_PLACE_AFTER = ("社区", "社區", "地区", "地區", "镇", "鎮", "郡", "市", "村", "街", "购物中心", "購物中心", "一花园", "花园")
_LATIN_ORG_AFTER = (
    "公司", "集团", "集團", "银行", "銀行", "咖啡馆", "咖啡館", "餐馆", "餐館", "餐厅", "餐廳", "酒店", "商店", "店", "电台", "電台",
    "电视台", "電視台", "杂志", "雜誌", "慈善组织", "组织", "組織", "基金会", "協會", "协会", "大学", "大學", "顾客", "顧客",
    "首席执行官", "首席執行官", "总裁", "總裁", "的分析师", "的分析師", "的员工", "的員工", "的数据", "的數據", "公布",
    # a lone Latin name that speaks, reports or sues is a body (WWL 指控, Peloton 的报告称, Midway 宣布)
    "称", "稱", "表示", "宣布", "报道", "報道", "指出", "指控", "起诉", "起訴", "的报告", "的報告", "在声明中", "在聲明中",
)  # fmt: skip
_LATIN_PRODUCT_AFTER = ("日历", "日曆", "手机", "手機", "系列", "软件", "軟件", "应用", "應用", "游戏", "遊戲")
_LATIN_PLACE_BEFORE = re.compile(r"(?:在|于|於|位于|位於|惊现|驚現|住在|来自|來自|前往|抵达|抵達)\s*$")
_LATIN_ORG_BEFORE = re.compile(r"(?:机构|機構|电台|電台|电视台|電視台|公司|媒体|媒體|网站|網站|银行|銀行|集团|集團)\s*$")
# Latin acronyms that name a post or a measure, not a body (首席执行官 CEO, 化学需氧量 COD).
_TERM_ACRONYMS = frozenset(
    """CEO CFO COO CTO CIO GDP CPI PPI PMI GPS APP DNA RNA VIP IPO ATM LED USB SUV MBA PHD WIFI HIV AIDS SOS SMS PDF
    COD NOX PM TV PC CD DVD VR AR AI IT OK USD RMB GBP EUR""".split()
)


def _latin_in_zh(zh: str, en: str, used_en: set[str], covered: list[tuple[int, int]]) -> list[Name]:
    """Names written in Latin letters inside the Chinese and the same in the English (Frank Galicia, KGO,
    NHS Employers, Sons & Daughters): typed by what the Chinese says around them (电台 KGO, West Oak Lane
    社区, 在 Rosyth), their English head word (Military Bank), their shape (an acronym, "&" or a particle
    is a body; two to four capitalised words a person)."""
    out: list[Name] = []
    # a Latin name with its Chinese kind word (GMA电视台, JX能源) is read whole by _media / _latin_orgs
    whole = [m.span() for m in _MEDIUM_NAMED.finditer(zh)] + [m.span() for m in _LATIN_TRADE_ZH.finditer(zh)]
    for m in _LATIN_RUN_ZH.finditer(zh):
        run = m.group(1).rstrip(".")
        a, b = m.start(1), m.start(1) + len(run)
        while (lead := re.match(r"([A-Z]{2,5})[ \u00a0]+", run)) and lead.group(1) in _TERM_ACRONYMS:
            run, a = run[lead.end() :], a + lead.end()  # CEO Hock Tan: the post before the name is no part of it
        # a known name strictly inside a longer Latin run (Philadelphia in CBS Philadelphia) does not block
        # it: the longest name wins
        if any(x < b and a < y and not (a <= x and y <= b and y - x < b - a) for x, y in covered + whole):
            continue
        parts = re.split(r"[\s\u00a0·・]+", run)
        # one pass over both apostrophes: replacing ’ then ' nested the first class inside the second
        pattern = r"(?<![A-Za-z])" + r"[\s\u00a0·・-]*".join(re.sub("['’]", "['’]", re.escape(w)) for w in parts) + r"(?![A-Za-z])"
        at = re.search(pattern, en)
        if at is None or at.group() in used_en:
            continue
        after = zh[b:].lstrip(" \u00a0”\"’」')")
        before = zh[:a].rstrip(" \u00a0“\"‘「")
        head = re.sub(r"[^A-Za-z]", "", parts[-1])
        words = [w for w in parts if w not in ("&", "de", "des", "du", "la", "le", "van", "von", "der", "di", "da")]
        kind: str | None = None
        if head in PLACE_WORDS_EN or after.startswith(_LATIN_PLACE_AFTER) or len(parts) == 1 and _LATIN_PLACE_BEFORE.search(before):
            kind = "place"
        elif head in ORG_WORDS_EN or after.startswith(_LATIN_ORG_AFTER) or _LATIN_ORG_BEFORE.search(before):
            kind = "org"
        elif len(parts) == 1 and re.search(r"\.(?:com|co\.uk|org|net)$", run, re.I):
            kind = "org"  # Dailymail.com: a site cited as a source
        elif len(parts) == 1 or after.startswith(_LATIN_PRODUCT_AFTER):
            kind = None  # a lone word or acronym (Predilection, SPF) says nothing of itself; 2017 NU Muses 日历 is a product
        elif "&" in parts or len(words) < len(parts) or any(re.fullmatch(r"[A-Z]{2,}", w) or "." in w for w in parts):
            kind = "org"  # Sons & Daughters, L'Auberge des Migrants, CBS Philadelphia, NHS Employers
        elif 2 <= len(parts) <= 4 and all(_PERSON_WORD.fullmatch(w) for w in parts) and parts[0] not in _NOT_LEFT:
            kind = "person"
        if kind is None or kind == "org" and run.upper() in _TERM_ACRONYMS:
            continue
        used_en.add(at.group())
        out.append(Name(kind, run, at.group(), (a, b), at.span()))
    # Help Refugees 和 L'Auberge des Migrants: names joined as one list are of one kind
    for i in range(len(out) - 2, -1, -1):
        x, y = out[i], out[i + 1]
        if x.type == "person" and y.type == "org" and zh[x.zh_span[1] : y.zh_span[0]].strip() in ("和", "与", "與", "及", "、", ","):  # type: ignore[index]
            out[i] = Name("org", x.zh, x.en, x.zh_span, x.en_span)
    return out


# CC-CEDICT senses that make a proper noun a company or a service one (台积电 "Taiwan Semiconductor
# Manufacturing Company (TSMC)", 阿斯利康 "AstraZeneca (… pharmaceutical company)", 支付宝 "Alipay, online
# payment platform"); jieba often splits such words (台/积/电) or tags them as people (高盛, 支付宝).
_CEDICT_COMPANY = re.compile(
    r"\b(?:company|corporation|bank|firm|brand|make|manufacturer|maker|airline|retailer|conglomerate|platform|"
    r"portal|search engine|broadcaster|newspaper|news agency|television|TV station)\b",
    re.I,
)


_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")


@lru_cache(maxsize=50_000)
def _proper_noun(word: str) -> bool:
    from ..lang import cedict

    return any(sense[:1].isupper() for sense in cedict.senses(word))


@lru_cache(maxsize=50_000)
def _company_forms(word: str) -> tuple[str, ...]:
    """The English names CC-CEDICT gives a company: its name (before a comma or bracket) and the
    abbreviation in brackets (TSMC)."""
    from ..lang import cedict

    forms: list[str] = []
    for sense in cedict.senses(word):
        if not sense[:1].isupper() or not _CEDICT_COMPANY.search(sense) or "(name)" in sense:
            continue
        forms.append(re.split(r",| \(| or ", sense)[0].strip())
        forms += re.findall(r"\(([A-Z][A-Z0-9&]{1,6})\)", sense)
    return tuple(f for f in forms if len(f) >= 3)


def _cedict_companies(
    zh: str, en: str, used_en: set[str], covered: list[tuple[int, int]], tokens: list[tuple[str, str, int, int]] | None = None
) -> list[Name]:
    """Companies the dictionary knows by name, kept when the English sentence names them too (Alipay,
    TSMC, Peak for 匹克 "Peak Sport Products Co."): the longest word at each place of the Chinese."""
    out: list[Name] = []
    # words jieba already tags as organisations or abbreviations (新浪, 央视) are typed and paired by the general path
    tagged = {(a, b) for _w, flag, a, b in (_tagged(zh) if tokens is None else tokens) if flag in ("nt", "nz", "j")}
    i = 0
    while i < len(zh) - 1:
        hit = None
        for n in (5, 4, 3, 2):
            w = zh[i : i + n]
            if len(w) < n or not _CJK_RUN.fullmatch(w):
                continue
            forms = list(_company_forms(w))
            proper = not forms and _proper_noun(w)
            if not forms and not proper:
                continue  # most words: looked up once (cached) before anything dearer
            if any(x < i + n and i < y for x, y in covered) or (i, i + n) in tagged:
                continue
            if proper:
                break  # a longer proper noun that is no company (新浪微博, a website) holds the shorter one (新浪)
            # every whole English name and abbreviation first (TSMC), then a name's first word when that is
            # the name in short (Peak Sport Products Co. → Peak), never before a whole name
            firsts = [f.split()[0] for f in forms if " " in f and len(f.split()[0]) >= 4]
            for f in forms + firsts:
                # the whole English name, not a piece of a longer one (Sina in Sina Weibo)
                at = re.search(rf"(?<![A-Za-z])(?<![A-Z][a-z] )(?<![A-Z][a-z]{{2}} ){re.escape(f)}(?![A-Za-z])(?!\s+[A-Z])", en)
                if at and f not in used_en:
                    hit = Name("org", w, f, (i, i + n), at.span())
                    break
            if hit:
                break
        if hit:
            used_en.add(hit.en)  # type: ignore[arg-type]
            out.append(hit)
            i = hit.zh_span[1]  # type: ignore[index]
        else:
            i += 1
    # 苹果公司 / Apple: a company named by a common word, which the English capitalises inside a sentence
    from ..lang import cedict

    for m in re.finditer("公司", zh):
        for a in (m.start() - 2, m.start() - 3):
            b = m.start()
            if a < 0 or not all(_CJK.match(c) for c in zh[a:b]):
                continue
            if any(x < m.end() and a < y for x, y in covered) or any(n.zh_span and n.zh_span[0] < m.end() and a < n.zh_span[1] for n in out):
                continue
            glosses = [g for g in cedict.senses(zh[a:b])[:2] if re.fullmatch(r"[a-z]{3,12}", g)]
            at = next((x for g in glosses if (x := re.search(rf"(?<=[a-z,] ){g.capitalize()}\b", en))), None)  # not opening a sentence
            if at and at.group() not in used_en:
                used_en.add(at.group())
                out.append(Name("org", zh[a:b], at.group(), (a, b), at.span()))
                break
    return out


# 《花花公子》 / Playboy magazine, 《Treats》杂志: a title in 《》 is a medium when either side calls it one;
# the English names it before its kind word.
_TITLE_ZH = re.compile(r"《([\u4e00-\u9fff]{2,8}|[A-Z][A-Za-z’' &.-]{1,30})》")
_MEDIUM_KIND_EN = re.compile(r"\b((?:[A-Z][\w’'&.-]*\s+){1,4})(?:magazine|newspaper|daily|weekly|journal|TV channel|channel)\b")


def _titled_media(zh: str, en: str, used_en: set[str], covered: list[tuple[int, int]]) -> list[Name]:
    out: list[Name] = []
    kinds = [m for m in _MEDIUM_KIND_EN.finditer(en)]
    for m in _TITLE_ZH.finditer(zh):
        if any(x < m.end(1) and m.start(1) < y for x, y in covered):
            continue
        title = m.group(1)
        if title[:1].isascii():
            at = re.search(rf"(?<![A-Za-z]){re.escape(title)}(?![A-Za-z])", en)
            named_medium = zh.startswith(_MEDIUM_AFTER_TITLE, m.end()) or bool(at and re.match(r"\s+(?:magazine|newspaper|journal)\b", en[at.end() :]))
            if at and named_medium and at.group() not in used_en:
                used_en.add(at.group())
                out.append(Name("org", title, at.group(), m.span(1), at.span()))
            continue
        medium = cedict_type(title) == "org"
        known = _cedict_twin(title, en) if medium else None
        if known and known[0] not in used_en:
            # 《卫报》 / The Guardian: a medium the dictionary knows, its English as the dictionary spells it
            used_en.add(known[0])
            out.append(Name("org", title, known[0], m.span(1), known[1]))
            continue
        if medium and not kinds:
            # 《大公报》 beside "Takungpao" (a spelling the dictionary's Dagong Bao does not give): the
            # medium stands on its Chinese name
            out.append(Name("org", title, None, m.span(1), None))
            continue
        free = [k for k in kinds if k.group(1).strip() not in used_en]
        titles = [t for t in _TITLE_ZH.finditer(zh) if not t.group(1)[:1].isascii()]
        if len(free) == 1 and len(titles) == 1:
            name = free[0].group(1).strip()
            used_en.add(name)
            out.append(Name("org", title, name, m.span(1), (free[0].start(1), free[0].start(1) + len(name))))
    return out


def _cedict_twin(word: str, en: str) -> tuple[str, tuple[int, int]] | None:
    """The run of capitalised English words that spells CC-CEDICT's English for `word` (Ta Kung Pao as
    Takungpao), with its span."""
    gloss = cedict_english(word)
    key = _latin_key(gloss or "").removeprefix("the")
    if len(key) < 4:
        return None
    for m in re.finditer(r"[A-Z][A-Za-z’'-]*(?:\s+[A-Z][A-Za-z’'-]*){0,3}", en):
        words = m.group().split()
        for n in range(len(words), 0, -1):
            text = " ".join(words[:n])
            if _latin_key(text).removeprefix("the") == key:
                return text, (m.start(), m.start() + len(text))
    return None


_MEDIUM_AFTER_TITLE = ("杂志", "雜誌", "月刊", "周刊", "週刊", "日报", "日報", "晚报", "晚報", "报", "報", "网站", "網站", "电视台", "電視台", "总裁", "總裁", "主编", "主編")


def _media(zh: str) -> list[tuple[int, int]]:
    out = [m.span(1) for m in _MEDIUM_TITLED.finditer(zh)]
    # 消息 may be part of such a name (参考消息网), never of what 据…消息 cites
    for m in _MEDIUM_NAMED.finditer(zh):
        a = m.start(1) + (zh[m.start(1)] in "据據")  # 据新华网报道: the source is what 据 cites
        if m.end(1) - a >= 2 and not _NOT_MEDIUM.search(zh[a : m.end(1)].replace("消息", "")):
            out.append((a, m.end(1)))
    for m in _MEDIUM_CITED.finditer(zh):
        if not _NOT_MEDIUM.search(m.group(1)) and not any(x < m.end(1) and m.start(1) < y for x, y in out):
            out.append(m.span(1))
    return out


# 中国（海南）改革发展研究院: a place in brackets inside a body's name (where it sits) is part of the name.
_BRACKETED_ORG = re.compile(
    r"[（(]([\u4e00-\u9fff]{2,4})[）)][\u4e00-\u9fff]{2,10}?(?:研究院|研究所|研究中心|委员会|协会|学会|基金会|集团|公司|中心|大学|学院|银行)"
)


def _bracketed_orgs(zh: str) -> list[tuple[int, int]]:
    out = []
    for m in _BRACKETED_ORG.finditer(zh):
        a = next((m.start() - n for n in (4, 3, 2) if m.start() >= n and cedict_type(zh[m.start() - n : m.start()]) == "place"), None)
        if a is not None and cedict_type(m.group(1)) == "place":
            out.append((a, m.end()))
    return out


# 薛大娘 / Mdm Xue, 王师傅 / Master Wang: a surname with a word of address is how a person is named.
_ADDRESS_ZH = re.compile(r"([\u4e00-\u9fff])(大娘|大妈|大媽|大爷|大爺|大叔|大婶|大嬸|阿姨|奶奶|爷爷|爺爺|婆婆|老汉|老漢|师傅|師傅|大姐|大哥|女士|先生|太太|小姐)")
_ADDRESS_EN = re.compile(r"\b(?:Mr|Mrs|Ms|Mdm|Madam|Madame|Miss|Uncle|Aunt|Auntie|Granny|Grandma|Grandpa|Grandma|Master|Old)\.?\s+([A-Z][a-z]{1,5})\b")
# 小鹏 / Xiaopeng, 阿强 / Aqiang: a given name with its familiar prefix, spelled as one English word.
_NICKNAME_ZH = re.compile(r"[小阿][\u4e00-\u9fff]")


def _addressed_people(
    zh: str, en: str, used_en: set[str], taken: list[tuple[int, int]], tokens: list[tuple[str, str, int, int]]
) -> list[Name]:
    out: list[Name] = []
    for m in _ADDRESS_ZH.finditer(zh):
        if any(x < m.end() and m.start() < y for x, y in taken) or _SURNAME_NOT.search(m.group(1)):
            continue
        key = _char_pinyin(m.group(1))
        twin = next((t for t in _ADDRESS_EN.finditer(en) if _latin_key(t.group(1)) == key and t.group() not in used_en), None)
        if twin:
            used_en.add(twin.group())
            out.append(Name("person", m.group(), twin.group(), m.span(), twin.span()))
    for m in _NICKNAME_ZH.finditer(zh):
        if any(x < m.end() and m.start() < y for x, y in taken):
            continue
        if not any(fl.startswith("nr") and x < m.end() and m.start() < y for _w, fl, x, y in tokens):
            continue  # 小作 (a village), 小区: only a given name jieba takes for one is a nickname
        key = pinyin_key(m.group())
        twin = next(
            (t for t in re.finditer(r"\b[A-Z][a-z]{3,9}\b", en) if _latin_key(t.group()) == key and t.group() not in used_en), None
        )
        if twin:
            used_en.add(twin.group())
            out.append(Name("person", m.group(), twin.group(), m.span(), twin.span()))
    return out


# 安德拉达(Mario Andrada), 帕拉纳圭市(Paranaque): a Chinese name with its original form in brackets right
# after it. What the brackets hold is the name as its own language writes it; what it names is read from
# the Chinese before it (a transliteration, a place's or a body's suffix) or the English words' own head.
_BRACKETED_LATIN = re.compile(r"[（(]\s*([A-Z][A-Za-z’'.&-]*(?:\s+[A-Za-z’'.&-]+){0,6})\s*[）)]")
_TITLE_AFTER_ZH = ("女士", "先生", "博士", "教授", "法官", "将军", "夫人", "小姐", "太太")


def _bracketed_names(zh: str, en: str, tokens: list[tuple[str, str, int, int]], used_en: set[str]) -> list[Name]:
    out: list[Name] = []
    for m in _BRACKETED_LATIN.finditer(zh):
        latin = m.group(1).strip()
        end = m.start()
        while end > 0 and zh[end - 1] == " ":
            end -= 1
        title = next((t for t in _TITLE_AFTER_ZH if zh.endswith(t, 0, end)), "")
        stem_end = end - len(title)
        run = _name_start(zh, stem_end)
        words = latin.split()
        head = re.sub(r"[^A-Za-z]", "", words[-1])
        kind: str | None = None
        a = run
        if head in ORG_WORDS_EN or head in PLACE_WORDS_EN or zh.endswith(_ORG_SUFFIX_ZH + _PLACE_SUFFIX_ZH, 0, end):
            # a body or a place: the nouns right before the brackets are its Chinese name
            kind = "org" if head in ORG_WORDS_EN or zh.endswith(_ORG_SUFFIX_ZH, 0, end) and not zh.endswith(_PLACE_SUFFIX_ZH, 0, end) else "place"
            nouns = [t for t in tokens if t[3] <= end and t[2] >= end - 10]
            a = end
            for w, flag, x, _y in reversed(nouns):
                if not (flag[:1] == "n" or flag in ("j", "vn")) or not _CJK.match(w) or w in _FUNCTION_WORDS_ZH:
                    break
                a = x
        elif 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words):
            if stem_end - run < 2:
                # 高仕登 (John Gosden), 柏葛 (Lester Piggott): a Hong Kong rendering uses characters no
                # transliteration table holds; jieba's person tag on the word before the brackets names it
                # (its HMM, costly, only on the few characters before these brackets)
                last = _hmm_last_word(zh, stem_end)
                if last is not None:
                    run = a = last
            if stem_end - run >= 2:
                kind = "person"  # a transliterated name before the original name of a person
        if kind is None or end - a < 2 or (kind == "person" and stem_end - a < 2):
            continue
        form = zh[a:stem_end] if kind == "person" else zh[a:end]
        at = en.find(latin)
        used_en.add(latin)
        out.append(Name(kind, form, latin, (a, stem_end if kind == "person" else end), (at, at + len(latin)) if at >= 0 else None))
    return out


_FUNCTION_WORDS_ZH = {"的", "在", "和", "与", "及", "向", "对", "是"}


def _hmm_last_word(zh: str, end: int) -> int | None:
    """Where the word jieba (with its HMM for unseen words) tags as a person's name, ending at `end`, starts."""
    import jieba.posseg

    a = max(0, end - 10)
    cut = re.split(r"[，,。；;：:、（）()“”\"\s]", zh[a:end])[-1]
    if not cut:
        return None
    words = jieba.posseg.lcut(cut, HMM=True)
    w = words[-1] if words else None
    if w is None or w.flag != "nr" or not 2 <= len(w.word) <= 4:
        return None
    start = end - len(w.word)
    return start + 1 if w.word[0] in "和与與及" and len(w.word) > 2 else start


def _name_start(zh: str, end: int) -> int:
    """Where a transliterated name ending at `end` starts: its last piece and every piece a middle dot
    joins to it are the name whatever characters they use (波林·费朗德·普雷沃); the first piece is the run
    of transliteration characters before its dot."""
    a = end
    while a > 0 and end - a < 24:
        piece = a
        while piece > 0 and a - piece < 6 and _CJK.match(zh[piece - 1]) and zh[piece - 1] not in "·・":
            piece -= 1
        if piece > 0 and zh[piece - 1] in "·・?" and piece < a:
            a = piece - 1  # a dot before this piece: the whole piece belongs to the name
            continue
        first = a
        while a > 0 and end - a < 24 and zh[a - 1] in _TRANSLIT_CHARS and zh[a - 1] not in "·・":
            a -= 1  # the first piece: transliteration characters only
        if a == first and first < end and zh[first] in "·・?" and first >= 2 and all(_CJK.match(c) for c in zh[first - 2 : first]):
            a = first - 2  # 马修·莫里森: a piece must stand before the dot; two characters when none is of the table
        break
    return a


# Characters that open 大娘/先生 phrases without being a surname (这位先生, 老大爷, 各位女士).
_SURNAME_NOT = re.compile(r"[这這那位各该該老此某两兩一二三每本贵貴]")


def _pattern_orgs(zh: str) -> list[tuple[int, int]]:
    """Spans of organisations jieba splits apart: a country's mission abroad (中国驻圣保罗总领馆, the
    country a place the dictionary knows) and a local bureau by its abbreviation (市人社局)."""
    out = _bracketed_orgs(zh)
    for m in _MISSION.finditer(zh):
        a = next((m.start() - n for n in (4, 3, 2) if m.start() >= n and cedict_type(zh[m.start() - n : m.start()]) == "place"), None)
        if a is not None:
            out.append((a, m.end()))
    out += [m.span() for m in _LOCAL_BUREAU.finditer(zh)]
    return out + _media(zh)


def _without_verb(z: str) -> str:
    """上海国际会议中心举办 → 上海国际会议中心: an aligned form that runs on past a name's suffix into a verb."""
    tokens = _tagged(z)
    if len(tokens) >= 2 and tokens[-1][1] == "v" and z[: tokens[-1][2]].endswith(_ORG_SUFFIX_ZH + _PLACE_SUFFIX_ZH):
        return z[: tokens[-1][2]]
    return z


def names_in_pair(
    zh: str,
    en: str,
    en_candidates: list[tuple[str, int, int]],
    en_to_zh: dict[str, str],
    known_zh: list[tuple[int, int]],
) -> list[Name]:
    """Typed names of a sentence pair. `en_candidates` are the English spans the glossary lacks
    (entities._english_candidates), `en_to_zh` their Chinese forms found by entities._align_zh,
    `known_zh` the spans of glossary mentions on the Chinese side (a known name is no candidate unless
    a longer name holds it)."""
    out: list[Name] = []
    en_typed = _en_spans(en, en_candidates)
    # a span grown to the known words before it (Russian Ministry of Defense) keeps its Chinese form
    # an aligned form running on into the verb of citing (东方新闻网报道) ends before it
    en_to_zh = {t: _without_verb(re.sub(r"(?<=.{2})(?:报道|報道|消息|称|稱)$", "", z)) if z else z for t, z in en_to_zh.items()}
    for (old, _a, _b), (_k, text, _x, _y) in zip(en_candidates, en_typed, strict=True):
        if old != text and old in en_to_zh:
            en_to_zh[text] = en_to_zh.pop(old)
    # a surname that is also an English word capitalised for grammar (He Peijun: "He" opens the
    # sentence) was stripped from the span; the pinyin check decides whether it belongs to the name
    with_surname = [
        (k, m.group(1) + " " + text, a - len(m.group(0)), b)
        for k, text, a, b in en_typed
        if " " not in text and (m := re.search(r"\b([A-Z][a-z]{1,3}) $", en[:a]))
    ]
    tokens = _tagged(zh) if zh else []
    used_en: set[str] = set()
    bracketed = [n for n in _bracketed_names(zh, en, tokens, used_en) if not any(x < n.zh_span[1] and n.zh_span[0] < y for x, y in known_zh)]  # type: ignore[index]
    taken_en = {n.en for n in bracketed if n.en}
    people = _person_pairs(zh, [t for t in with_surname + en_typed if t[1] not in taken_en]) if zh else []
    people = [p for p in people if not any(x < p.zh_span[1] and p.zh_span[0] < y for x, y in [n.zh_span for n in bracketed if n.zh_span])]  # type: ignore[index]
    out += bracketed + people
    # the English span holding a bracketed name (Climbing Federation of New York) is that name, said again
    used_en = taken_en | {p.en for p in people if p.en} | {t for _k, t, _a, _b in en_typed if any(x in t for x in taken_en)}
    covered = [p.zh_span for p in bracketed + people if p.zh_span]
    foreign = [
        n for n in _foreign_people(tokens, zh, en_typed, used_en, en) if not any(x < n.zh_span[1] and n.zh_span[0] < y for x, y in covered + known_zh)  # type: ignore[index]
    ]
    out += foreign
    covered += [n.zh_span for n in foreign if n.zh_span]
    addressed = _addressed_people(zh, en, used_en, covered + known_zh, tokens) if zh else []
    out += addressed
    covered += [n.zh_span for n in addressed if n.zh_span]
    latin = _latin_in_zh(zh, en, used_en, covered + known_zh) if zh else []
    latin += _cedict_companies(zh, en, used_en, covered + known_zh + [n.zh_span for n in latin if n.zh_span], tokens) if zh else []
    latin += _titled_media(zh, en, used_en, covered + known_zh + [m.span(1) for m in _MEDIUM_TITLED.finditer(zh)]) if zh else []
    latin += _channels(zh, covered + known_zh + [n.zh_span for n in latin if n.zh_span]) if zh else []
    out += latin
    covered += [n.zh_span for n in latin if n.zh_span]
    zh_names: list[tuple[str, int, int]] = _zh_orgs_places(tokens) if zh else []
    for w, flag, a, b in tokens:
        # a word jieba tags as a proper noun and the dictionary knows as one (卫报, 布莱尔)
        kind = cedict_type(w) if _CJK.match(w) and flag in ("ns", "nt", "nz", "nr", "nrt") else None
        if kind and not any(x < b and a < y for x, y in covered) and not any(x <= a and b <= y for _k, x, y in zh_names):
            cedict_en = cedict_english(w)
            twin = next((t for _k, t, _x, _y in en_typed if t not in used_en and cedict_en and _latin_key(t).endswith(_latin_key(cedict_en).removeprefix("the"))), None)
            if kind == "person":
                if twin:
                    used_en.add(twin)
                    out.append(Name("person", w, twin, (a, b), None))
                    covered.append((a, b))
                continue
            zh_names.append((kind, a, b))
    for a, b in _pattern_orgs(zh):
        zh_names = [t for t in zh_names if not (t[1] < b and a < t[2])] + [("org", a, b)]
    for kind, a, b in zh_names:
        if any(x < b and a < y for x, y in covered):
            continue
        if any(a <= x and y <= b for x, y in known_zh) and not any(x <= a and b <= y for x, y in known_zh):
            pass  # a known name inside a longer one: the longer one is the name (俄罗斯国防部)
        elif any(x <= a and b <= y for x, y in known_zh):
            continue  # the glossary knows it already
        form = zh[a:b]
        if form.endswith("总部") and len(form) <= 4:
            continue  # 英国总部: a body's headquarters in a country, no body of its own
        longer = next((z for t, z in en_to_zh.items() if z and form in z and z != form and t not in used_en), None)
        if longer and longer in zh:
            continue  # 黑河 in 黑河公路大桥: the longer name (its English twin's Chinese form) is the name
        twin = next((t for t, z in en_to_zh.items() if z and z in form and t not in used_en), None)
        en_kind = next((k for k, t, _x, _y in en_typed if t == twin), None)
        if twin:
            used_en.add(twin)
        out.append(Name(en_kind if en_kind in ("org", "place") else kind, form, twin, (a, b), None))
        covered.append((a, b))
    out = _pairs_by_sound(out, en_typed, used_en, en_to_zh)
    # a medium cited on both sides: the English names its source the same way (According to Deutsche Welle)
    media = [(a, b) for a, b in _media(zh)] if zh else []
    sources = [m.group(1) for m in _MEDIUM_EN.finditer(en) if m.group(1) not in used_en]
    for i, n in enumerate(out):
        if n.type == "org" and not n.en and n.zh_span in media and sources:
            used_en.add(sources[0])
            out[i] = Name("org", n.zh, sources.pop(0), n.zh_span, None)
    for kind, text, a, b in en_typed:
        if text in used_en or kind == "name":
            continue
        if any(o.endswith(" " + text) and o in used_en for _k, o, x, _y in en_typed if x < a):
            continue  # the Industrial Base: a name paired earlier, named again by its last words
        if " and " in text:  # Wang Zhi’an and Microdream Co: the organisation is what follows
            cut = text.rindex(" and ") + 5
            text, a = text[cut:], a + cut
        if len(text.split()) < 2 and not en_to_zh.get(text):
            continue  # a lone "Bureau" or "Ltd" is a piece of a name, not one
        z = en_to_zh.get(text)
        out.append(Name(kind, z, text, None, (a, b)))
    # an abbreviation in brackets right after a name is that name: Shanghai Pudong Development Bank (SPD Bank)
    for n in list(out):
        if not n.en:
            continue
        m = re.match(r"\s*\(([A-Z][\w’'. -]{1,40})\)", en[n.en_span[1] :] if n.en_span else "")
        if m is None and n.en in en:
            m = re.match(r"\s*\(([A-Z][\w’'. -]{1,40})\)", en[en.index(n.en) + len(n.en) :])
        if m:
            short = m.group(1).strip()
            out = [x for x in out if x.en != short]
            out.append(Name(n.type, n.zh, short, n.zh_span, None, alias=n.en))
    out += [n for n in _latin_orgs(zh, en) if n.en not in {x.en for x in out}]
    return [_place_after_its_state(_venue_as_place(n), zh) for n in out if not _no_name(n, zh)]


# 德克萨斯州斯普林的家: a name right after a state, county or province is a town of it (Spring, Texas)
_STATE_BEFORE_ZH = re.compile(r"[\u4e00-\u9fff]{1,6}(?:州|郡|省)$")


def _place_after_its_state(n: Name, zh: str) -> Name:
    if n.type != "person" or not n.zh_span or "·" in (n.zh or "") or len((n.en or "").split()) > 1:
        return n
    before = _STATE_BEFORE_ZH.search(zh[max(0, n.zh_span[0] - 7) : n.zh_span[0]])
    if before and cedict_type(before.group(0)) == "place" or before and before.group(0).endswith(("州", "郡")):
        return Name("place", n.zh, n.en, n.zh_span, n.en_span, n.alias)
    return n


# Words of a title (Deputy Director-General): a span of these alone is a post, not an organisation.
_TITLE_WORDS_EN = frozenset(
    """Deputy Vice Director Director-General General Chief Executive Officer Minister Secretary Secretary-General
    President Chairman Chairwoman Chair Head Spokesman Spokeswoman Commissioner Governor Mayor Premier""".split()
)
# A name is not counted: 14个农村经济合作组织 are fourteen co-operatives, not one named 经济合作组织.
_COUNTED_BEFORE_ZH = re.compile(r"[\d０-９一二三四五六七八九十两兩百千万萬]+[多余]?[个個家所位项項支]\w{0,4}$")


# Heads that make a name a venue (a place), an event or a team rather than an organisation.
_VENUE_ZH = ("歌剧院", "音乐厅", "剧院", "体育馆", "体育场", "机场", "公园", "广场", "会议中心", "会展中心", "展览中心", "购物中心", "国际博览中心")
_VENUE_EN = frozenset("House Hall Stadium Arena Airport Park Square Theatre Theater".split())
# 湘博会, 广交会, 投洽会: a fair by its short name
_EVENT_ZH = ("奥运会", "运动会", "锦标赛", "世锦赛", "博览会", "艺术节", "文化节", "世界杯", "联赛", "大赛", "亚运会", "残奥会", "博会", "交会", "洽会")
_EVENT_EN = frozenset("Olympics Games Championships Championship Expo Festival Cup Paralympics".split())


def is_venue(zh: str | None, en: str | None) -> bool:
    """Whether a name is a venue's (悉尼歌剧院, Sydney Opera House, 北京国际会议中心)."""
    return (zh or "").endswith(_VENUE_ZH) or (en or "").split()[-1:] in [[w] for w in _VENUE_EN]


def _venue_as_place(n: Name) -> Name:
    """悉尼歌剧院 / Sydney Opera House is a place one can go to, not a body that acts."""
    if n.type == "org" and is_venue(n.zh, n.en):
        return Name("place", n.zh, n.en, n.zh_span, n.en_span, n.alias)
    return n


def _event_or_team(n: Name) -> bool:
    """伦敦奥运会 (an event) and 澳大利亚队 (a country's team) are no organisations: the gold's
    convention keeps events apart and a national team no entity beside its country."""
    zh, en_words = n.zh or "", (n.en or "").split()
    if zh.endswith(_EVENT_ZH) or en_words[-1:] in [[w] for w in _EVENT_EN]:
        return True
    # 国家队 "the national team" is a team of the country, as 中国队 is
    return len(zh) >= 3 and zh.endswith("队") and (cedict_type(zh[:-1]) == "place" or zh[:-1] == "国家")


_GENERIC_AFTER_COUNTRY = ("公司", "企业", "企業", "方面", "政府")


def _generic_body(zh: str) -> bool:
    """A body named by common words alone (交易中心 "the trading centre", 中国公司 "Chinese companies"),
    with no English name beside it: a description, not a name. 市/省/县 bureaus (市人社局) are names."""
    if zh.endswith("政府") and len(zh) > 2 and not zh[:-2].endswith(("市", "省", "州", "县", "縣", "区", "區")):
        # 叙利亚政府 "the Syrian government": a country's government, as the country names it; a city's or
        # a state's (南通市政府, 新南威尔士州政府) is a body of its own
        return cedict_type(zh[:-2]) == "place"
    if zh.endswith(("电视台", "電視台")) and len(zh) > 3 and cedict_type(zh[:-3]) == "place":
        return True  # 俄罗斯电视台 "Russian television": a country's channels, none by its name
    if zh.endswith(("俱乐部", "俱樂部", "基金会", "基金會")) and len(zh) > 3:
        # 体操俱乐部, 体操基金会: a club or a foundation described by its sport, not named
        # (jieba tags 体操 nr: CC-CEDICT says whether each word is a common one)
        from ..lang import cedict

        return all(
            (senses := cedict.senses(w)) and not any(x[:1].isupper() for x in senses) for w, _f, _a, _b in _tagged(zh[:-3])
        )
    if len(zh) > 4 or zh[:1] in "市省县縣区區":
        return False
    for head in _GENERIC_AFTER_COUNTRY:
        if zh.endswith(head) and len(zh) > len(head) and cedict_type(zh[: -len(head)]) == "place":
            return True
    # a bureau named by its function (统计局, 税务局) is a name; a centre or hall named so is not
    suffix = next((x for x in ("中心", "厅", "院", "馆", "所", "站", "电台", "電台") if zh.endswith(x) and len(zh) > len(x)), None)
    if suffix is None:
        return False
    return all(flag in ("n", "v", "vn") for _w, flag, _a, _b in _tagged(zh[: -len(suffix)]))


_DOCUMENT_EN = re.compile(r"(?:License|Licence|Permit|Certificate|Notice|Regulations?|Measures)\b")


def _no_name(n: Name, zh: str) -> bool:
    """Spans typed as names that are not one: a title, a bare organisation word (基金 / Fund), a counted
    noun, an event or a team."""
    if n.type != "org":
        return False
    if _event_or_team(n):
        return True
    if n.zh and not n.en and _generic_body(n.zh):
        return True
    if n.en and all(w.strip(",.’'") in _TITLE_WORDS_EN for w in n.en.split()):
        return True
    if n.en and not n.zh and _DOCUMENT_EN.match(n.en):
        return True  # License for Payment Services: a document an organisation issues
    if n.zh and n.zh in _ORG_SUFFIX_ZH:
        return True
    return bool(n.zh_span and _COUNTED_BEFORE_ZH.search(zh[max(0, n.zh_span[0] - 10) : n.zh_span[0]]))
