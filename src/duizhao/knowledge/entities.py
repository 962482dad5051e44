"""Who and what a sentence names: glossary mentions on both sides, plus candidate names for the glossary.

Mentions come from the ONE shared glossary (lang/glossary.py), so the knowledge layer, the checks and
search agree on what "Putin" is (普京, 普丁, Putin). Two Chinese habits the glossary's longest-match
scan leaves out are handled here, from the glossary's own data (its one-character `weak` forms):
- abbreviation compounds: 中俄, 俄乌, 中蒙俄 name each country (China and Russia …);
- a lone abbreviation right after a preposition or verb of direction: 对俄, 自俄, 访华 (Russia, China).

Candidates are names the glossary does not know yet: capitalised English sequences (Kovykta,
Heihe Highway Bridge) and, when the paired Chinese sentence holds its counterpart, that Chinese
form (科维克塔, 黑河公路大桥) found through CC-CEDICT words or a transliteration table. An editor
confirms a candidate into the library's glossary additions (store_hooks.confirm_candidate).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from ..lang.glossary import Entity, Glossary
from ..model import Mention

__all__ = ["Candidate", "sentence_mentions", "typed_candidates", "candidate_key", "ABBREV_PREFIXES"]

_CJK = re.compile(r"[\u3400-\u9fff]")
# After these a lone one-character abbreviation is a country (对俄制裁, 自俄进口, 访华, 驻华).
ABBREV_PREFIXES = set("对對自从從向与與赴访訪驻駐涉援抗反亲親")
# Only abbreviations that are rarely anything else stand alone (日, 法, 德, 英, 中 are common morphemes).
_LONE_OK = set("俄美乌烏欧歐印朝韩韓蒙华華伊")
# A compound must not run on into a word: 中美洲 is Central America, 中欧 Central Europe.
_COMPOUND_STOP_AFTER = set("洲部")
_CLAUSE_START = set("，,。；;：:、“「（( \n") | {""}
_SUBJECT_NEXT = set("对對向与與在将將已也则則被从從方军軍")
_COUNTRY_TYPES = {"country", "place"}


# One-character abbreviations of countries in Chinese prose (中俄关系, 美欧制裁, 对华). Facts of usage
# (PRC MFA / Xinhua style); they belong in the glossary as a column one day — until then they are listed
# here and used only for entities the glossary has (plus any one-character weak form it lists).
ABBREVIATIONS = {
    "中": "china",
    "华": "china",
    "華": "china",
    "俄": "russia",
    "美": "usa",
    "欧": "eu",
    "歐": "eu",
    "乌": "ukraine",
    "烏": "ukraine",
    "日": "japan",
    "韩": "south_korea",
    "韓": "south_korea",
    "朝": "north_korea",
    "印": "india",
    "蒙": "mongolia",
    "英": "uk",
    "法": "france",
    "德": "germany",
    "哈": "kazakhstan",
    "土": "turkey",
    "伊": "iran",
    "台": "taiwan",
    "臺": "taiwan",
    "澳": "australia",
}


@lru_cache(maxsize=16)
def _abbrev_table(g: Glossary) -> dict[str, str]:
    """One-character Chinese abbreviations → entity id (俄 → russia, 华 → china)."""
    known = {e.id for e in g.entities()}
    out = {c: eid for c, eid in ABBREVIATIONS.items() if eid in known}
    for e in g.entities():
        if e.type in _COUNTRY_TYPES:
            for w in e.weak:
                if len(w) == 1 and _CJK.match(w) and w not in out:
                    out[w] = e.id
    return out


def sentence_mentions(g: Glossary, text: str, lang: str) -> list[tuple[str, str, int, int]]:
    """(entity_id, surface, start, end) in `text`: glossary matches, then Chinese abbreviations."""
    if not text:
        return []
    found = list(g.find_mentions(text, lang))
    if lang != "zh":
        return found
    taken = bytearray(len(text))
    for _eid, _s, a, b in found:
        taken[a:b] = b"\x01" * (b - a)
    table = _abbrev_table(g)
    extra: list[tuple[str, str, int, int]] = []
    i, n = 0, len(text)
    while i < n:
        if taken[i] or text[i] not in table:
            i += 1
            continue
        j = i
        while j < n and not taken[j] and text[j] in table and j - i < 4:
            j += 1
        run = text[i:j]
        ids = [table[c] for c in run]
        after = text[j] if j < n else ""
        if len(run) >= 2 and len(set(ids)) == len(ids) and after not in _COMPOUND_STOP_AFTER:
            extra += [(table[c], c, i + k, i + k + 1) for k, c in enumerate(run)]
        elif len(run) == 1 and after in ("方",) and text[i + 1 : i + 3] not in ("方面", "方法", "方式", "方向", "方案"):
            extra.append((ids[0], run + after, i, i + 2))  # 俄方, 中方, 美方: that country's side
        elif len(run) == 1 and run in _LONE_OK and not (after and after in "国國语語文人洲"):
            before = text[i - 1] if i > 0 else ""
            # 对俄制裁 (after a preposition), or 俄对华… (a subject: clause start, then a verb or preposition)
            if before in ABBREV_PREFIXES or (before in _CLAUSE_START and after in _SUBJECT_NEXT):
                extra.append((ids[0], run, i, i + 1))
        i = j
    return sorted(found + extra, key=lambda m: m[2])


def unit_mentions(g: Glossary, unit_id: str, sentences: list[tuple[str, str]]) -> list[Mention]:
    """Every mention of a unit, with its sentence index and side; offsets are within the sentence."""
    out: list[Mention] = []
    for i, (zh, en) in enumerate(sentences):
        for side, text in (("zh", zh), ("en", en)):
            for eid, surface, a, b in sentence_mentions(g, text, side):
                out.append(Mention(eid, surface, unit_id, side, a, b, i))
    return out


# -- candidates ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    en: str
    zh: str | None
    unit_id: str
    sentence: int
    type: str = "name"  # person | org | place | name (not told apart)
    alias: str | None = None  # an abbreviation's long form in the same sentence (not stored)

    @property
    def key(self) -> str:
        return candidate_key(self.en) if self.en else "zh:" + (self.zh or "")


_KEY_SEP = re.compile(r"[^a-z0-9]+")


def candidate_key(en: str) -> str:
    return _KEY_SEP.sub(" ", en.lower()).strip()


_CAP_WORD = r"(?:[A-Z][a-zA-Z’']*(?:-[A-Z]?[a-zA-Z]+)*|[A-Z]{2,}\d*)"
_CAP_SEQ = re.compile(rf"{_CAP_WORD}(?:(?:\s+(?:of|the|and|for|de|du|von|van|al|on)\s+|\s+|-){_CAP_WORD})*")
# Words capitalised for grammar or courtesy: stripped from the edges of a name.
_LEADING = set(
    """
I A An The This That These Those It Its In On At By For From With As Of To And But Or Nor So Yet If When While Since
After Before During Although Though However Therefore Thus Furthermore Moreover Further Also Still Even Both Each
Every Many Most Some Such Other Another All Any No Not Only First Second Third Fourth Fifth Finally Then There Here
Politically Economically Bilaterally Simultaneously Additionally Similarly Despite Although Given Like Unlike Because
We You He She They Our Their His Her My Mr Mrs Ms Dr Prof President Prime Minister Premier Chairman General Secretary
Judge Senator Detective Sergeant Coach Sir Dame CEO Yesterday Tomorrow Earlier Later Recently Meanwhile Professor Sultan
Englishman Englishwoman Scotsman Scotswoman Irishman Irishwoman Welshman Welshwoman Frenchman Dutchman
Foreign Defense Defence Senior Deputy Chief Summary Abstract Keywords Author Authors Source Date Original English
Chinese Cite Page Library Return Copy Link PDF Email Print Facebook Twitter LinkedIn See View Drop Yes Let
January February March April May June July August September October November December
Monday Tuesday Wednesday Thursday Friday Saturday Sunday
""".split()
)
# Never a name on their own (but part of one: Central Asia, Far East).
_NOT_SINGLE = _LEADING | set("East West North South Eastern Western Northern Southern Central Summary".split())


def _english_candidates(g: Glossary, en: str, mention_spans: list[tuple[int, int]]) -> list[tuple[str, int, int]]:
    weak = _weak_english(g)

    def known(word: str, a: int, b: int) -> bool:
        core = word[:-2] if word.endswith(("’s", "'s")) else word
        parts = [p for p in core.split("-") if p]
        return (
            any(x < b and a < y for x, y in mention_spans)
            or core in weak
            or any(p in weak or p + "-" in weak or g.lookup(p) for p in parts)
        )

    out: list[tuple[str, int, int]] = []
    for m in _CAP_SEQ.finditer(en):
        words = [(w.group(), w.start(), w.end()) for w in _NONSPACE.finditer(en, m.start(), m.end())]
        # split at words the glossary knows (Russia’s Kovykta → Kovykta) and at "and" between single words;
        # a piece right after a known word without a possessive is its descriptor (G20 Summit, Ukrainian Crisis)
        groups: list[tuple[bool, list[tuple[str, int, int]]]] = [(False, [])]
        known_before: dict[int, int] = {}  # group index → start of the known word right before it
        for w in words:
            if known(*w):
                groups.append((not w[0].endswith(("’s", "'s")), []))
                known_before[len(groups) - 1] = w[1]
            elif w[0] in _INNER_TITLES and groups[-1][1]:
                groups.append((False, []))  # Apple CEO Tim Cook: a post between a body and a person parts them
            else:
                groups[-1][1].append(w)
        # a known place before one word that makes a body (Washington University, Moscow Police) is that
        # body's name, not a descriptor of the place
        for gi, (after_name, grp) in enumerate(groups):
            if after_name and len(grp) == 1 and gi in known_before and grp[0][0].strip(",.") in _body_words():
                groups[gi] = (False, [(en[known_before[gi] : grp[0][2]], known_before[gi], grp[0][2])])
        pieces: list[tuple[bool, list[tuple[str, int, int]]]] = []
        for after_name, grp in groups:
            ands = [i for i, w in enumerate(grp) if w[0] == "and"]
            if len(grp) == 3 and ands == [1]:
                pieces += [(after_name, [grp[0]]), (False, [grp[2]])]  # Tianwan and Xudabao
            else:
                pieces.append((after_name, grp))
        for after_name, ws in pieces:
            while ws and (ws[0][0] in _LEADING or ws[0][0].lower() in _JOINERS or _ORDINAL.fullmatch(ws[0][0])):
                ws = ws[1:]
            while ws and (ws[-1][0].lower() in _JOINERS or ws[-1][0] in _LEADING or ws[-1][0] in _DIRECTION_ADJ):
                if len(ws) >= 3 and ws[-2][0] == "of" and ws[-1][0].lower() not in _JOINERS:
                    break  # Ministry of Defense: a courtesy word after "of" is part of the name
                ws = ws[:-1]
            if not ws:
                continue
            start, end = ws[0][1], ws[-1][2]
            text = en[start:end]
            if text.endswith(("’s", "'s")):
                text, end = text[:-2], end - 2
            if len(ws) == 1:
                if text in _NOT_SINGLE or len(text) < 3 or after_name:
                    continue
                lead = len(en[:start].rstrip(" )]’'"))
                if any(y == lead for _, y in mention_spans) or any(x in (end + 1, end) for x, _ in mention_spans):
                    continue  # G20 Summit, Latin America: a word beside a known name describes it
                if "-" in text and any(p[:1].islower() for p in text.split("-")):
                    continue  # Western-friendly: an adjective
                if start == 0 or en[:start].rstrip()[-1:] in _OPENERS:
                    continue  # a lone capitalised word opening a sentence is as likely an ordinary word
                if text.endswith(_ADJ_ENDINGS) and _SPACE_LOWER.match(en, end):
                    continue  # Eurasian countries: an adjective
            if g.lookup(text):
                continue
            out.append((text, start, end))
    return out


# Posts written between a body's name and a person's (Cisco CEO Chuck Robbins).
_INNER_TITLES = frozenset("CEO CFO COO CTO Chairman Chairwoman President Director Minister Professor Secretary-General Spokesman Spokeswoman".split())


def _body_words() -> frozenset[str]:
    from .names import ORG_WORDS_EN

    return ORG_WORDS_EN


_JOINERS = {"of", "the", "and", "for", "on", "de", "du", "von", "van", "al"}
_NONSPACE = re.compile(r"\S+")
# What may end the text (spaces aside) before a lone capitalised word that opens a sentence or quotation.
_OPENERS = set(".!?:;“\"(•")
_ADJ_ENDINGS = ("ian", "ean", "ese", "ish")
_SPACE_LOWER = re.compile(r"\s[a-z]")
_DIRECTION_ADJ = {"Eastern", "Western", "Northern", "Southern", "Central"}
_ORDINAL = re.compile(
    r"(?:First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth|Eleventh|Twelfth|\d+(?:st|nd|rd|th))"
)


@lru_cache(maxsize=16)
def _weak_english(g: Glossary) -> frozenset[str]:
    return frozenset(w for e in g.entities() for w in e.weak if not _CJK.search(w))


def typed_candidates(
    g: Glossary,
    unit_id: str,
    index: int,
    zh: str,
    en: str,
    en_mentions: list[tuple[int, int]],
    zh_mentions: list[tuple[int, int]],
) -> list[tuple[Candidate, tuple[tuple[int, int] | None, tuple[int, int] | None]]]:
    """Candidates with their type (names.py), each with its (zh span, en span) in the sentence."""
    from .names import names_in_pair

    spans = _english_candidates(g, en, en_mentions) if en else []
    zh_forms = _align_zh(zh or "", [n for n, _, _ in spans], zh_mentions) if spans else {}
    typed = names_in_pair(zh or "", en or "", spans, zh_forms, zh_mentions)
    out: list[tuple[Candidate, tuple[tuple[int, int] | None, tuple[int, int] | None]]] = []
    named = set()
    for n in typed:
        out.append((Candidate(n.en or "", n.zh, unit_id, index, n.type, n.alias), (n.zh_span, n.en_span)))
        if n.en:
            named.add(n.en)
    # the other capitalised spans stay candidates of no known type (Kovykta, Heihe Highway Bridge)
    for text, a, b in spans:
        if text not in named and not any(text in x for x in named):
            out.append((Candidate(text, zh_forms.get(text), unit_id, index), (None, (a, b))))
    return out


# -- Chinese counterparts --------------------------------------------------------------------------

# Characters of the standard transliteration tables (Xinhua), with their pinyin: a run of them in a
# Chinese sentence is most likely a foreign name (科维克塔 Kovykta, 恰扬达 Chayanda).
_TRANSLIT = dict(
    x.split(":")
    for x in """
阿:a 埃:ai 艾:ai 安:an 昂:ang 奥:ao 巴:ba 拜:bai 班:ban 邦:bang 贝:bei 本:ben 比:bi 彼:bi 毕:bi 宾:bin 波:bo 伯:bo
博:bo 布:bu 查:cha 察:cha 达:da 戴:dai 丹:dan 道:dao 德:de 登:deng 迪:di 蒂:di 丁:ding 杜:du 顿:dun 多:duo 厄:e
恩:en 尔:er 法:fa 范:fan 菲:fei 芬:fen 丰:feng 弗:fu 福:fu 盖:gai 甘:gan 冈:gang 戈:ge 格:ge 贡:gong 古:gu 瓜:gua
圭:gui 哈:ha 汉:han 豪:hao 赫:he 亨:heng 胡:hu 霍:huo 基:ji 吉:ji 加:jia 贾:jia 杰:jie 捷:jie 卡:ka 凯:kai 坎:kan
康:kang 柯:ke 科:ke 克:ke 肯:ken 库:ku 夸:kua 奎:kui 拉:la 莱:lai 赖:lai 兰:lan 朗:lang 劳:lao 勒:le 雷:lei 里:li
利:li 莉:li 连:lian 列:lie 林:lin 琳:lin 卢:lu 鲁:lu 伦:lun 罗:luo 洛:luo 马:ma 玛:ma 迈:mai 曼:man 梅:mei 门:men
蒙:meng 米:mi 明:ming 莫:mo 姆:mu 穆:mu 纳:na 娜:na 奈:nai 南:nan 瑙:nao 内:nei 妮:ni 尼:ni 涅:nie 宁:ning 纽:niu
努:nu 诺:nuo 帕:pa 潘:pan 佩:pei 彭:peng 皮:pi 普:pu 奇:qi 恰:qia 乔:qiao 切:qie 钦:qin 琼:qiong 丘:qiu 萨:sa
塞:sai 桑:sang 瑟:se 森:sen 沙:sha 莎:sha 尚:shang 舍:she 什:shi 舒:shu 斯:si 苏:su 索:suo 塔:ta 泰:tai 坦:tan
汤:tang 特:te 滕:teng 提:ti 廷:ting 图:tu 托:tuo 瓦:wa 万:wan 旺:wang 威:wei 韦:wei 维:wei 温:wen 沃:wo 乌:wu
伍:wu 夫:fu 希:xi 谢:xie 辛:xin 休:xiu 雅:ya 亚:ya 娅:ya 扬:yang 耶:ye 伊:yi 因:yin 尤:you 于:yu 约:yue 扎:zha
泽:ze 詹:zhan 兹:zi 佐:zuo 茨:ci 契:qi 奥:ao 鄂:e 额:e 戈:ge 楚:chu 久:jiu 捷:jie 茹:ru 舍:she
""".split()
)
# pinyin spellings that sound like other Latin letters in the source language
_SOUND = [("zh", "j"), ("ch", "c"), ("q", "ch"), ("x", "s"), ("c", "ts"), ("wei", "vi"), ("wa", "va"), ("fu", "v")]


_NOT_LATIN = re.compile(r"[^a-z]")
_REPEAT = re.compile(r"(.)\1+")
_VOWELS = re.compile(r"[aeiou]")
_TOKEN = re.compile(r"[a-z]+")
_TRANSLIT_RUN = re.compile(f"[{''.join(_TRANSLIT)}]{{2,}}(?:[-－·・][{''.join(_TRANSLIT)}]{{2,}})*")


@lru_cache(maxsize=20_000)
def _skeleton(s: str) -> str:
    s = s.lower()
    s = _NOT_LATIN.sub("", s)
    s = s.replace("y", "i").replace("w", "v").replace("k", "c").replace("q", "c").replace("x", "s")
    s = s.replace("ch", "c").replace("zh", "j").replace("ts", "c")
    return _REPEAT.sub(r"\1", s)


@lru_cache(maxsize=20_000)
def _consonants(s: str) -> str:
    return _VOWELS.sub("", s)


@lru_cache(maxsize=50_000)
def _sound_score(target: str, run: str) -> float:
    """How alike a name's skeleton and a transliteration run's pinyin sound, 0..1 (cached: both recur)."""
    sound = _skeleton("".join(_TRANSLIT.get(c, "") for c in run))
    full = SequenceMatcher(None, target, sound).ratio()
    bare = SequenceMatcher(None, _consonants(target), _consonants(sound)).ratio()
    return (full + bare) / 2


def _align_zh(zh: str, names: list[str], zh_mentions: list[tuple[int, int]]) -> dict[str, str]:
    """English candidate → its Chinese form in the paired sentence, when one can be found."""
    if not zh or not _CJK.search(zh):
        return {}
    taken = bytearray(len(zh))
    for a, b in zh_mentions:
        taken[a:b] = b"\x01" * (b - a)
    words = _zh_words(zh)
    glosses = [_glosses(w) for w, _, _ in words]  # each word's gloss words, looked up once per sentence
    in_sentence = frozenset().union(*(g for pair in glosses for g in pair))
    out: dict[str, str] = {}
    # 1. dictionary: a run of Chinese words whose CC-CEDICT glosses hold the name's words (黑河 heihe,
    #    公路 highway, 桥 bridge)
    for name in names:
        tokens = {t for t in _TOKEN.findall(name.lower()) if t not in ("the", "of", "and", "for")}
        if not tokens or tokens.isdisjoint(in_sentence):
            continue  # no word of the sentence glosses any word of the name (Kovykta): nothing to find
        best: tuple[int, int, int] | None = None  # (covered, start, end)
        i = 0
        while i < len(words):
            w, a, b = words[i]
            if any(taken[a:b]) or not _hits(glosses[i], tokens):
                i += 1
                continue
            covered = set(_hits(glosses[i], tokens))
            j = i + 1
            end = b
            while j < len(words) and words[j][1] == end and not any(taken[words[j][1] : words[j][2]]):
                hits = _hits(glosses[j], tokens)
                if not hits:
                    break
                covered |= hits
                end = words[j][2]
                j += 1
            enough = len(covered) == len(tokens) if len(tokens) <= 2 else len(covered) * 3 >= len(tokens) * 2
            if enough and (best is None or len(covered) > best[0]):
                best = (len(covered), a, end)
            i = j
        if best is not None:
            out[name] = zh[best[1] : best[2]]
            taken[best[1] : best[2]] = b"\x01" * (best[2] - best[1])
    # 2. transliteration: runs of transliteration characters, matched by sound
    if all(name in out for name in names):
        return out
    masked = "".join("\u3000" if taken[i] else c for i, c in enumerate(zh))  # known names cannot be part of a run
    runs = [(m.group(), m.start(), m.end()) for m in _TRANSLIT_RUN.finditer(masked)]
    for name in names:
        if name in out or not runs:
            continue
        target = _skeleton(name)
        scored = []
        for run, a, b in runs:
            if any(taken[a:b]):
                continue
            scored.append((_sound_score(target, run), run, a, b))
        if scored:
            score, run, a, b = max(scored)
            if score >= 0.6:
                out[name] = run
                taken[a:b] = b"\x01" * (b - a)
    return out


@lru_cache(maxsize=50_000)
def _glosses(word: str) -> tuple[frozenset[str], frozenset[str]]:
    """CC-CEDICT gloss words of a Chinese word and of its last character (cached: words recur)."""
    from ..lang import cedict

    last = frozenset(cedict.english_words(word[-1])) if len(word) > 1 else frozenset()
    return frozenset(cedict.english_words(word)), last


def _hits(glosses: tuple[frozenset[str], frozenset[str]], tokens: set[str]) -> set[str]:
    hits = tokens & glosses[0]
    if not hits:
        # 大桥 is glossed as a person; its last character 桥 says "bridge"
        hits = tokens & glosses[1]
    return hits


def _zh_words(zh: str) -> list[tuple[str, int, int]]:
    import rjieba

    return [(w, a, b) for w, a, b in rjieba.tokenize(zh) if _CJK.search(w)]


def entity_label(e: Entity | None, fallback: str) -> dict[str, str]:
    if e is None:
        return {"id": fallback, "en": fallback, "zh": "", "type": "term"}
    return {"id": e.id, "en": e.en, "zh": e.zh, "type": e.type}


# -- short forms the document establishes ------------------------------------------------------------
_SHORT_ZH = re.compile(r"([\u4e00-\u9fff])(国|國|方)")
_CAP_SINGLE = re.compile(r"\b[A-Z][a-z]{3,}\b")


def document_short_forms(
    g: Glossary, sentences: list[tuple[str, int, str, str]], mentions: list[Mention]
) -> list[Mention]:
    """Mentions of short forms of a country or place the document names in full: 塔国 (塔吉克斯坦 named
    elsewhere in it), 菲国, "Tajik" (Tajikistan). `sentences` are (unit_id, index, zh, en)."""
    named: dict[str, Entity] = {}
    for m in mentions:
        try:
            e = g.entity(m.entity_id)
        except KeyError:
            continue
        if e.type in _COUNTRY_TYPES:
            named[e.id] = e
    if not named:
        return []
    taken: dict[tuple[str, int, str], list[tuple[int, int]]] = {}
    for mention in mentions:
        taken.setdefault((mention.unit_id, mention.sentence or 0, mention.side), []).append((mention.start, mention.end))
    out: list[Mention] = []
    for unit_id, index, zh, en in sentences:
        spans = taken.get((unit_id, index, "zh"), [])
        for hit in _SHORT_ZH.finditer(zh or ""):
            if any(x < hit.end() and hit.start() < y for x, y in spans):
                continue
            found = [e for e in named.values() if e.zh and e.zh[0] == hit.group(1) and len(e.zh) > 2]
            if len(found) == 1 and not g.lookup(hit.group()):
                out.append(Mention(found[0].id, hit.group(), unit_id, "zh", hit.start(), hit.end(), index))
        spans = taken.get((unit_id, index, "en"), [])
        for hit in _CAP_SINGLE.finditer(en or ""):
            if any(x < hit.end() and hit.start() < y for x, y in spans):
                continue
            word = hit.group()
            found = [e for e in named.values() if e.en.startswith(word) and len(e.en) > len(word) + 2 and " " not in e.en]
            if len(found) == 1 and not g.lookup(word):
                out.append(Mention(found[0].id, word, unit_id, "en", hit.start(), hit.end(), index))
    return out
