"""Names: people, places and organisations through the shared glossary (lang/glossary.py).

A known name on one side whose entity is absent from the other side, with no hint of it either
(a demonym such as Russian, a one-character abbreviation such as 俄), gets a warning. When each side
has exactly one such unexplained name of the same type (习近平 on one side, Putin on the other), one was
put in the other's place → error.

Names the glossary does not know (check_romanised): a Chinese person or place whose English is one
letter or syllable off every form it may take (lang/romanise.py: pinyin, CC-CEDICT's established
forms) → entity error naming both. The yardstick: CC-CEDICT's forms where it lists the name (also a run
of words the segmenter cut); pinyin only for a name it lists in pinyin, or that reads as Chinese by its
characters (romanise.chinese_looking); a foreign name it does not list has none. The unit's one such name
with no form in the English, while the English holds the unit's one other name CC-CEDICT knows whose
Chinese is absent (Bermuda / Nassau) → error. Nothing is said of a name with no form in the English at all.
"""

from __future__ import annotations

import re

from ..lang import cedict, romanise
from ..lang.glossary import load
from ..lang.script import convert
from ..model import Finding

_TYPES = {"person", "org", "country", "city", "place"}
# Places are often rendered by metonymy or pronoun (北京 → China, 该国 → it): only substitutions count.
_WARN_TYPES = {"person", "org"}


def check_names(unit_id: str, zh: str, en: str) -> list[Finding]:
    g = load()
    mz = [m for m in g.find_mentions(zh, "zh") if g.entity(m[0]).type in _TYPES]
    me = [m for m in g.find_mentions(en, "en") if g.entity(m[0]).type in _TYPES]
    if not mz and not me:
        return []
    ids_z = {m[0] for m in mz}
    ids_e = {m[0] for m in me}
    only_z = [m for m in _first(mz) if m[0] not in ids_e and not g.weak_present(m[0], en)]
    only_e = [m for m in _first(me) if m[0] not in ids_z and not g.weak_present(m[0], zh) and not _party_named(g.entity(m[0]).zh, zh)]
    out: list[Finding] = []
    used: set[str] = set()
    for typ in ("person", "org", "country", "city", "place"):
        zs = [m for m in only_z if g.entity(m[0]).type == typ]
        es = [m for m in only_e if g.entity(m[0]).type == typ]
        # one unexplained name on each side is a substitution; for people, any unexplained pair is
        # (a second person is rarely dropped while another, unnamed in the source, is added)
        if zs and es and (typ == "person" or len(zs) == len(es) == 1):
            for z, e in zip(zs, es, strict=False):
                ze = g.entity(z[0])
                if len(z[1]) <= 2 and z[1] != ze.zh and z[1][0] in g.entity(e[0]).zh:
                    continue  # an abbreviation that may stand for either (乌方: Ukraine or Uzbekistan)
                out.append(
                    Finding(
                        "entity",
                        "error",
                        unit_id,
                        z[1],
                        e[1],
                        f"zh {z[1]} ({g.entity(z[0]).en}) ≠ en {e[1]} ({g.entity(e[0]).en})",
                    )
                )
                used |= {z[0], e[0]}
    # the unexplained names left over: a name missing from the other side
    for side, missing in (("zh", only_z), ("en", only_e)):
        for m in missing:
            if m[0] in used or g.entity(m[0]).type not in _WARN_TYPES:
                continue
            ent = g.entity(m[0])
            gloss, other = (ent.en, "English") if side == "zh" else (ent.zh, "Chinese")
            zh_text, en_text = (m[1], None) if side == "zh" else (None, m[1])
            msg = f"{side} {m[1]} ({gloss}) is not named in the {other}"
            out.append(Finding("entity", "warning", unit_id, zh_text, en_text, msg))
    return out


# 十九大: the Party's 19th Congress (the Chinese names the congress, the English the party too)
_CONGRESS = re.compile(r"(?:十[一二三四五六七八九]|二十)大|十[一二三四五六七八九]届[一二三四五六七八九]中全会")


def _party_named(party_zh: str, zh: str) -> bool:
    """A party the Chinese names by the bare word 党 (党的十九大, 我们党), or the CPC by its congress (十九大)."""
    return party_zh.endswith(("党", "黨")) and ("党" in zh or "黨" in zh or party_zh == "中国共产党" and bool(_CONGRESS.search(zh)))


def _acronym(surface: str) -> bool:
    """FTAs, The NCAA's, RAND: an abbreviation, which a Chinese name is not transliterated as."""
    words = [w for w in re.sub(r"(?:'s|’s|s)$", "", surface).split() if w != "The"]
    if bool(words) and all(w.isupper() for w in words):
        return True
    # an adjective is no name in a name's place either (Olympic, Sino-Cambodian, Japanese)
    return " " not in surface and (surface.startswith("Sino-") or romanise.key(surface).endswith(("ic", "ese")))


def _first(ms: list[tuple[str, str, int, int]]) -> list[tuple[str, str, int, int]]:
    seen: set[str] = set()
    out = []
    for m in ms:
        if m[0] not in seen:
            seen.add(m[0])
            out.append(m)
    return out


# --- names the glossary does not know: pinyin and CC-CEDICT's proper nouns (lang/romanise.py) ---------

# jieba's tags for people and places (organisations are translated by meaning, not romanised)
_NAME_TAGS = {"nr": True, "nrfg": True, "nrt": True, "ns": False}
# A place's administrative suffix: 石家庄市 is written Shijiazhuang (or Shijiazhuang City)
_ADMIN = "市省县縣区區镇鎮村州"
# Common Chinese surnames: a "person" without one is usually a foreign name in transliteration (伯尔曼 is
# Boorman, not Bo Erman), whose English is not its pinyin
_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟"
    "谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安"
    "齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛"
    "靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧"
    "闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝习"
)
# A transliterated foreign name: joined by a middle dot (托马斯·朗格) or glossed in brackets (伯尔曼 (Boorman))
_FOREIGN_AFTER = re.compile(r"^\s*[（(]\s*[A-Za-z]")
_EN_NAME = re.compile(r"[A-Z][A-Za-z'’\-]*")


def _distance(a: str, b: str) -> int:
    """Edit distance with transpositions (Zhengzhou / Zhengzhuo is one slip); names are short."""
    d = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[-1][-1]


_SOUND = (("ph", "f"), ("ck", "k"), ("q", "k"), ("c", "k"), ("x", "ks"), ("v", "w"), ("y", "i"))


def _skeleton(k: str) -> str:
    """Same-sounding letters merged and doubles collapsed: Zelensky ~ Zelenskyy, Aqsu ~ Aksu, Philipines ~
    Philippines (spellings of one foreign name), but Trump ≁ Trumph and Tonga ≁ Tenga (a changed vowel
    is a changed name: the variants a vowel makes, Mohammed / Muhammad, differ in two letters anyway)."""
    for a, b in _SOUND:
        k = k.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", k)


# What English adds to a name to make a demonym, a plural or an adjective
_DERIVED = frozenset("s n an ian ans ians ns ese i is er ers ite ites ic".split())


def near_miss(expected: str, got: str, pinyin: bool) -> bool:
    """`got` is close to `expected` but not it: same initial, at most one edit in five letters
    (two from ten), and — for established foreign forms, whose spellings vary — not just vowels or
    doubled letters apart. (A pinyin name is also checked syllable by syllable: romanise.syllable_slip.)"""
    if got == expected or len(expected) < 5 or not got or got[0] != expected[0] or "-" in got:
        return False
    if got.startswith(expected) and got[len(expected) :] in _DERIVED or expected.startswith(got) and expected[len(got) :] in _DERIVED:
        return False  # Russia / Russian, Muslim / Muslims, China / Chinese, Philips / Philip
    if expected.startswith(got) and len(expected) - len(got) >= 2:
        return False  # a name the segmenter ran into the next word (兰越峰诉 for 兰越峰)
    if abs(len(got) - len(expected)) > 2:
        return False
    d = _distance(expected, got)
    if d == 0 or d > max(1, len(expected) // 5):
        return False
    return pinyin or _skeleton(expected) != _skeleton(got) and not _vowel_more(expected, got)


def _vowel_more(a: str, b: str) -> bool:
    """One is the other with one vowel more: a name's spellings across languages (Sumatra / Sumatera,
    Louis / Luis), not a slip."""
    if abs(len(a) - len(b)) != 1:
        return False
    long, short = (a, b) if len(a) > len(b) else (b, a)
    return any(long[i] in "aeiouy" and long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _en_candidates(en: str) -> list[tuple[str, str]]:
    """(surface, key) for every run of one to three capitalised words in the English."""
    toks = [(m.start(), m.end()) for m in _EN_NAME.finditer(en)]
    out = []
    for i in range(len(toks)):
        for j in range(i, min(i + 3, len(toks))):
            if j > i and en[toks[j - 1][1] : toks[j][0]] != " ":
                break
            surface = en[toks[i][0] : toks[j][1]]
            out.append((surface, romanise.key(surface)))
    return out


def _sentence_start(en: str, surface: str) -> bool:
    i = en.find(surface)
    return i >= 0 and not en[:i].strip(" “\"‘'(") or bool(re.search(r"[.!?:;]\W*$", en[:i]))


def _whole_run(en: str, surface: str) -> bool:
    """`surface` occurs in `en` with no capitalised word joined to it on either side."""
    for m in re.finditer(re.escape(surface), en):
        before, after = en[: m.start()], en[m.end() :]
        if not re.search(r"[A-Z][\w'’\-]*[ \-]$", before) and not re.match(r"[ \-][A-Z]", after) and not re.match(r"[\w\-]", after):
            return True
    return False


def _with_dictionary_names(tokens: list[tuple[str, str, int, int]]) -> list[tuple[str, str, int, int]]:
    """The segmenter's words, with runs of two to four words that CC-CEDICT lists as one proper noun joined
    (马约特 cut as 马 / 约特, 根西岛 as 根西 / 岛): the dictionary knows more names than the segmenter tags."""
    out = []
    i = 0
    while i < len(tokens):
        for j in range(min(len(tokens), i + 4), i + 1, -1):
            word = "".join(t[0] for t in tokens[i:j])
            if len(word) <= 8 and romanise.proper_noun(word):
                out.append((word, "dict", tokens[i][2], tokens[j - 1][3]))
                i = j
                break
        else:
            out.append(tokens[i])
            i += 1
    return out


def check_romanised(unit_id: str, zh: str, en: str) -> list[Finding]:
    """A Chinese name (jieba's person and place tags, CC-CEDICT's proper nouns) whose English is one
    syllable or letter off every form it may take (Shijiazhuang → "Shijiazhang") → entity error naming
    both. A name with no form at all in the English is not reported: it may be rendered by meaning or
    by a pronoun, and a warning that is usually wrong would teach translators to ignore the checks."""
    import rjieba

    g = load()
    mentions = g.find_mentions(zh, "zh")
    known = [(s, e) for _id, _sf, s, e in mentions]
    # a run the Chinese itself writes in Latin letters (华尔街见闻 … wallstreetcn, a gloss (Andrea Traverso)) is explained
    zh_latin = [romanise.key(w) for w in re.findall(r"[A-Za-z][A-Za-z0-9.'’\- ]+", zh)]
    cands = [
        c for c in _en_candidates(en) if c[1] and not g.lookup(c[0]) and not any(c[1] in k for k in zh_latin if len(c[1]) >= 3)
    ]
    if not cands:
        return []
    en_keys = {k for _s, k in cands}
    en_ids = {m[0] for m in g.find_mentions(en, "en")}
    names: list[tuple[str, bool, bool]] = []  # (name, a person, a transliterated foreign name)
    tokens = []
    pos = 0
    for word, tag in rjieba.tag(zh):
        tokens.append((word, tag, pos, pos + len(word)))
        pos += len(word)
    joined = _chunks(_with_dictionary_names(tokens))
    plain_sides: set[str] = set()  # names between words the dictionary has as common ones (来自 X 的)
    alone: set[str] = set()  # names no fragment of a longer one: 路易 of 圣路易斯 cut as 圣 / 路易 / 斯 is not
    for i, (word, tag, start, pos) in enumerate(joined):
        if len(word) < 2 or any(s < pos and start < e for s, e in known):
            continue
        sides = [joined[j] for j in (i - 1, i + 1) if 0 <= j < len(joined)]
        if not any(_fragment_of(t) for t in sides):
            alone.add(word)
        if all(_plain(t[0]) for t in sides):
            plain_sides.add(word)
        if tag in _NAME_TAGS or tag == "chunk" or romanise.proper_noun(word):
            foreign = zh[start - 1 : start] in "·•・" and start > 0 or zh[pos : pos + 1] in "·•・" and pos < len(zh)
            foreign = foreign or bool(_FOREIGN_AFTER.match(zh[pos:]))
            names.append((word, _NAME_TAGS.get(tag, False), foreign))
    names_of = {w: (person, foreign) for w, person, foreign in names}
    tags = {t[0]: t[1] for t in joined}
    out: list[Finding] = []
    # name → (every form it may take, the forms a near miss is measured against)
    expected_all: dict[str, tuple[list[romanise.Rendering], list[romanise.Rendering]]] = {}
    for word, person, foreign in names:
        forms = list(romanise.renderings(word, person))
        base = word.rstrip(_ADMIN)
        if base != word and len(base) >= 2:
            forms += romanise.renderings(base, person)
        # the dictionary spells it otherwise than pinyin (Hong Kong, Kashgar; not Huayuan County)
        listed = [r for r in forms if not r.pinyin and not any(r.key.startswith(p.key) for p in forms if p.pinyin)]
        listed_word = romanise.proper_noun(word) or romanise.proper_noun(base)
        # the dictionary also writes it in its pinyin (厦门: Xiamen beside Amoy; 竹山: Zhushan County beside
        # Chushan Town): a changed syllable is a slip there too
        in_pinyin = any(
            romanise.key(f).startswith(p.key) for f in romanise.listed(word) + romanise.listed(base) for p in forms if p.pinyin
        )
        if listed and in_pinyin and not foreign:
            near = forms
        elif foreign or listed:
            near = listed  # a transliteration or an established form (Hong Kong): pinyin is no yardstick
        elif listed_word:
            near = forms  # the dictionary writes it in pinyin (石家庄: Shijiazhuang)
        elif person and convert(word, "t2s")[0] in _SURNAMES and romanise.chinese_looking(word[1:], romanise.PERSON_SHARE):
            near = forms  # a Chinese person: surname and given name in pinyin
        else:
            # a name the dictionary does not know: a foreign place or person in transliteration (杜阿拉 is
            # Douala, not "Du Ala") unless its characters read as a Chinese name's
            near = forms if not person and romanise.chinese_looking(base) else []
        expected_all[word] = (forms, near)
    # a glossary name: its English forms are the expected ones. When the English names it only by a short
    # form (Xi), a run that misses a full form by a letter (Xi Jinpin) is still a slip.
    for eid, surface, _s, _e in mentions:
        ent = g.entity(eid)
        if ent.type in _TYPES and surface not in expected_all:
            # a form that is the name's pinyin (Xinjiang) is checked syllable by syllable too
            pinyin = {r.key: r for r in romanise.renderings(surface, ent.type == "person") if r.pinyin}
            latin = [pinyin.get(romanise.key(v)) or romanise.Rendering(romanise.key(v), v, False) for v in ent.variants if v.isascii()]
            full = [r for r in latin if len(r.key) >= 5]
            expected_all[surface] = (full if eid in en_ids else latin, full)
    matched = {r.key for forms, _ in expected_all.values() for r in forms if r.key in en_keys}
    # the people or adjective the glossary lists for a name of the unit (German, Germans): no misspelling
    weak = {romanise.key(w) for eid, _sf, _s, _e in mentions for w in g.entity(eid).weak if w.isascii()}
    # English runs naming something the dictionary knows whose Chinese is not in the unit (Bermuda, with
    # no 百慕大): another name in a name's place. Not a sentence's first word (Students from …).
    # A whole run only (Timur of Jawa Timur is no name of its own), and no two characters of its Chinese in
    # the unit (Tabasco is 塔瓦斯科 there, 塔巴斯科 here: one name, two transliterations).
    others = [
        (surface, heads)
        for surface, k in cands
        if k not in matched and _whole_run(en, surface) and (" " in surface or not _sentence_start(en, surface))
        and (heads := romanise.named_by(surface)) and not any(h[i : i + 2] in zh for h in heads for i in range(len(h) - 1))
    ]
    glossary_names = {m[1] for m in mentions}
    unexplained = [w for w, (forms, _n) in expected_all.items() if forms and not any(r.key in en_keys for r in forms)]
    strangers = _strangers(en, zh, matched) if len(unexplained) == 1 else []
    def name_like(word: str) -> bool:
        """The segmenter takes it for a name (or it is a dictionary run), and it is no common word too."""
        return (tags.get(word) in _NAMEISH or tags.get(word) in ("dict", "chunk")) and word not in romanise.common_heads()

    for word, (forms, near) in expected_all.items():
        if any(r.key in en_keys for r in forms):
            continue  # rendered as expected
        hit = next(
            (
                (r, surface)
                for r in near
                for surface, k in cands
                if k not in matched
                and k not in weak and k.removesuffix("s") not in weak
                and (r.pinyin or k not in romanise.common_words())  # a word (Asian) is no misspelt name
                and (surface.isupper() or not r.shown.isupper())  # an acronym (ASEAN) is misspelt in capitals
                # Marxism-Leninism / Marxist-Leninist (a pinyin name has no derived forms: Qingli / Qinglin is a slip)
                and (r.pinyin or not _derived(r.shown, surface))
                and (near_miss(r.key, k, r.pinyin) or r.syllables and _same_start(r, k) and romanise.syllable_slip(r.syllables, k))
            ),
            None,
        )
        if hit:
            r, surface = hit
            # shown as the dictionary writes it when it lists the name (石家庄: Shijiazhuang, not "Shi Jiazhuang")
            r = next((x for x in forms if x.key == r.key and not x.pinyin), r)
            out.append(
                Finding("entity", "error", unit_id, word, surface, f"zh {word} ({r.shown}) ≠ en {surface}: the name is spelled differently")
            )
        elif (
            len(others) == 1
            and unexplained == [word]
            and romanise.proper_noun(word)
            and name_like(word)
            and not _acronym(others[0][0])
            and word not in glossary_names
            and not romanise.mentions(word, others[0][0])
            # a name of another sound, or whose Chinese has none of the name's characters (布里坦尼 and
            # 布列塔尼 are one name: Bretagne, Brittany)
            and (_other_initial(word, others[0][0], names_of) or not set(word) & {c for h in others[0][1] for c in h})
        ):
            # the unit's one name the dictionary spells for certain with none of its forms in the English,
            # and the English's one name the dictionary knows whose Chinese is not in the unit: one was put
            # in the other's place (glossary names: check_names)
            surface, heads = others[0]
            head = sorted(heads, key=lambda h: (convert(h, "t2s") != h, h))[0]
            shown = next((r.shown for r in forms if not r.pinyin), forms[0].shown)
            out.append(
                Finding("entity", "error", unit_id, word, surface, f"zh {word} ({shown}) ≠ en {surface} ({head}): another name in its place")
            )
        elif (
            len(strangers) == 1
            and unexplained == [word]
            and word not in glossary_names
            and word in alone
            and (romanise.proper_noun(word) or word in plain_sides and _transliterated(word, tags.get(word, "")))
            and not romanise.mentions(word, strangers[0])
            and not _acronym(strangers[0])
            and (name_like(word) or not romanise.proper_noun(word))
            and _other_initial(word, strangers[0], names_of, strict=True)
        ):
            # the unit's one name with none of its forms in the English, and the English's one name that
            # nothing in the Chinese explains, starting with a letter the name's English never starts with
            surface = strangers[0]
            if romanise.proper_noun(word):
                shown = next((r.shown for r in forms if not r.pinyin), forms[0].shown)
                msg = f"zh {word} ({shown}) ≠ en {surface}: another name in its place"
                out.append(Finding("entity", "error", unit_id, word, surface, msg))
            else:
                # a transliteration no list confirms is a name: a human should look, no more
                msg = f"zh {word} ≠ en {surface}: perhaps another name in its place"
                out.append(Finding("entity", "warning", unit_id, word, surface, msg))
    return out


# the one-character words a name stands beside (来自X的, X省): the rest may be part of the name (东 / 佛兰德)
_BESIDE = set("的了在和与及或从到向自于是为对把被将由以之等各该这那其省市县縣区區州岛島镇鎮村乡鄉")


def _fragment_of(token: tuple[str, str, int, int]) -> bool:
    word, tag = token[0], token[1]
    if tag in ("ns", "nr", "nrt", "nrfg", "nz", "dict"):
        return True  # a name beside a name: 坦巴 / 昆达 may be one
    return len(word) == 1 and word not in _BESIDE and ("\u3400" <= word <= "\u9fff" or word in "·•・-‐–")


_VOWELS = frozenset("aeiouy")
# a name's ending → the endings of its adjective or people (Germany → Germans, Marxism → Marxist, China → Chinese)
_NAME_END = ("", "y", "a", "ia", "e", "ism", "isms")
_DERIVED_END = ("s", "n", "ns", "an", "ans", "ian", "ians", "ese", "ish", "ist", "ists")


def _derived_word(expected: str, got: str) -> bool:
    a, b = romanise.key(expected), romanise.key(got)
    if a == b:
        return True
    return any(
        a.endswith(x) and b.endswith(y) and len(a) - len(x) >= 4 and a[: len(a) - len(x)] == b[: len(b) - len(y)]
        # longer, or -ism as -ist: a one-letter change (China / Chins) is a slip, not a derived word
        and (len(y) > len(x) or x.startswith("ism") and y.startswith("ist"))
        for x in _NAME_END
        for y in _DERIVED_END
    )


def _derived(expected: str, got: str) -> bool:
    """`got` is a form derived from `expected` word by word (Germany → Germans, Marxism-Leninism →
    Marxist-Leninist): an adjective or a people, not a misspelt name."""
    a, b = re.split(r"[ \-]+", expected.strip()), re.split(r"[ \-]+", got.strip())
    return len(a) == len(b) and a != b and all(_derived_word(x, y) for x, y in zip(a, b, strict=True))


def _other_initial(word: str, surface: str, names_of: dict[str, tuple[bool, bool]], strict: bool = False) -> bool:
    """`surface` starts with a letter that the English of `word` never starts with (romanise.first_letters:
    Bretagne may be 布列塔尼's, Vladivostok is not 海参崴's); when the dictionary cannot tell, only
    `strict` says no."""
    letters = romanise.first_letters(word, names_of.get(word, (False, False))[0])
    if letters is None:
        return not strict
    if letters & _VOWELS:
        letters |= _VOWELS  # a syllable with no initial renders any vowel (伊洛瓦底: Ayeyarwady, Irrawaddy)
    # every word of the run (As Suways: Suez is 苏伊士's), none a word of the name's forms (Zuid-Holland)
    words = [romanise.key(w) for w in re.split(r"[ \-]", surface) if len(romanise.key(w)) >= 3]
    forms = {romanise.key(w) for r in romanise.renderings(word) for w in re.split(r"[ \-]", r.shown)}
    return bool(words) and all(not (_sounds(w) & letters) and w not in forms for w in words)


# the letter a digraph at a word's start stands for in a name (Djelfa: j, Phuket: p or f, Khulna: k or h,
# Huila: w, Ngardmau: n or y, Gnagna: n)
_DIGRAPHS = {
    "dj": "j", "ph": "fp", "kh": "kh", "zh": "jz", "ts": "czs", "sh": "sx", "ch": "cqxk", "th": "t", "gh": "g",
    "wh": "hw", "hu": "wu", "ng": "ny", "gn": "n",
}


def _sounds(word: str) -> set[str]:
    return {word[:1]} | set(_DIGRAPHS.get(word[:2], ""))


_NAMEISH = {"nr", "nrt", "nrfg", "ns", "nz"}


def _chunks(tokens: list[tuple[str, str, int, int]]) -> list[tuple[str, str, int, int]]:
    """Runs of name-tagged words and lone characters between plain words joined as one word, tagged
    "chunk", when they make a transliteration of three to eight characters (杜拉姆巴 cut as 杜 / 拉姆 / 巴):
    the segmenter cuts a foreign name it does not know."""
    out: list[tuple[str, str, int, int]] = []
    i = 0
    while i < len(tokens):
        j = i
        while j < len(tokens) and _piece(tokens[j]):
            j += 1
        word = "".join(t[0] for t in tokens[i:j])
        if (
            j - i >= 2
            and 3 <= len(word) <= 8
            and all(_plain(t[0]) for t in tokens[i - 1 : i] + tokens[j : j + 1])
            and not romanise.chinese_looking(word)
            and not cedict.has(word)  # a word after all (外粗内秀, an idiom)
        ):
            out.append((word, "chunk", tokens[i][2], tokens[j - 1][3]))
            i = j
        else:
            out.append(tokens[i])
            i += 1
    return out


def _piece(token: tuple[str, str, int, int]) -> bool:
    """A piece of a foreign name the segmenter cut: a name-tagged word the dictionary does not list, or a
    lone character that the dictionary's names use in transliterations (巴, 斯; not 外, 粗)."""
    word, tag = token[0], token[1]
    if len(word) == 1:
        return word not in _BESIDE and "\u3400" <= word <= "\u9fff" and romanise.transliterating(word)
    return tag in _NAMEISH and all("\u3400" <= c <= "\u9fff" for c in word) and not romanise.proper_noun(word)


def _same_start(r: romanise.Rendering, k: str) -> bool:
    """`k` starts as pinyin `r` does, or both start with a syllable with no initial (Anping / Oping)."""
    return k[:1] == r.key[:1] or not romanise.initial(r.syllables[0]) and k[:1] in "aeo"


def _plain(word: str) -> bool:
    """A word no name is part of: one the dictionary has as a common word, a particle, punctuation."""
    if not any("\u3400" <= c <= "\u9fff" for c in word):
        return word not in "·•・-‐–"
    if len(word) == 1:
        return word in _BESIDE
    return cedict.has(word) and not romanise.proper_noun(word)


def _transliterated(word: str, tag: str) -> bool:
    """A name CC-CEDICT does not list, sure enough to be missed: the segmenter tags it as a name and it
    is a transliteration (three characters or more, that do not read as a Chinese name's, none a word of
    direction or size that a translation by meaning renders: 北苏门答腊 is Sumatera Utara)."""
    return (
        tag in ("ns", "nr", "nrt", "nz", "chunk")
        and len(word) >= 3
        and word[0] not in _TRANSLATED
        and not romanise.chinese_looking(word.rstrip(_ADMIN))
    )


_TRANSLATED = set("东南西北上下中新大小老圣聖")


_RUN = re.compile(r"[A-Z][A-Za-z'’]*(?:[ \-][A-Z][A-Za-z'’]*)*")


def _strangers(en: str, zh: str, matched: set[str]) -> list[str]:
    """The English's whole runs of capitalised words that nothing in the Chinese explains: not a
    sentence's first word alone, not made of common words (Prime Minister), not a rendering found for a
    Chinese name (`matched`), not a name the glossary knows, not a name CC-CEDICT gives for Chinese in the
    unit."""
    from pypinyin import lazy_pinyin

    g = load()
    common = romanise.common_words()
    english = romanise.english_words()
    # every run of one to four syllables of the Chinese's pinyin: a word the English writes in pinyin
    # (Zhang Binbin, Laowanfu River, Shandong) is the Chinese's own
    syl = [p.replace("ü", "u") for p in lazy_pinyin(zh, errors="ignore")]
    pinyin = {"".join(syl[i : i + n]) for n in range(1, 5) for i in range(len(syl) - n + 1)}
    out = []
    for m in _RUN.finditer(en):
        surface = m.group()
        k = romanise.key(surface)
        words = [romanise.key(w) for w in re.split(r"[ \-]", surface)]
        if not k or k in matched or any(w in matched for w in words) or g.lookup(surface) or g.find_mentions(surface, "en"):
            continue
        if surface in zh:  # written in Latin letters in the Chinese too
            continue
        if k in common or all(len(w) <= 3 or w in common or w in english for w in words):
            continue
        if any(len(w) >= 3 and w in pinyin for w in words):
            continue
        if " " not in surface and "-" not in surface and _sentence_start(en, surface):
            continue
        heads = romanise.named_by(surface)
        if any(h[i : i + 2] in zh for h in heads for i in range(len(h) - 1)):
            continue
        out.append(surface)
    return out
