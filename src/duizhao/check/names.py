"""Names: people, places and organisations through the shared glossary (lang/glossary.py).

A known name on one side whose entity is absent from the other side, with no hint of it either
(a demonym such as Russian, a one-character abbreviation such as 俄), gets a warning. When each side
has exactly one such unexplained name of the same type (习近平 on one side, Putin on the other), one was
put in the other's place → error.

Names the glossary does not know (check_romanised): a Chinese person or place whose English is one
letter or syllable off every form it may take (lang/romanise.py: pinyin, CC-CEDICT's established
forms) → entity error naming both. Nothing is said of a name with no form in the English at all.
"""

from __future__ import annotations

import re

from ..lang import romanise
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
    only_e = [m for m in _first(me) if m[0] not in ids_z and not g.weak_present(m[0], zh)]
    out: list[Finding] = []
    used: set[str] = set()
    for typ in ("person", "org", "country", "city", "place"):
        zs = [m for m in only_z if g.entity(m[0]).type == typ]
        es = [m for m in only_e if g.entity(m[0]).type == typ]
        # one unexplained name on each side is a substitution; for people, any unexplained pair is
        # (a second person is rarely dropped while another, unnamed in the source, is added)
        if zs and es and (typ == "person" or len(zs) == len(es) == 1):
            for z, e in zip(zs, es, strict=False):
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


_SOUND = (("ph", "f"), ("ck", "k"), ("q", "k"), ("c", "k"), ("x", "ks"), ("v", "w"))


def _skeleton(k: str) -> str:
    """Consonants, same-sounding letters merged, doubles collapsed: Zelensky ~ Zelenskyy, Mohammed ~
    Muhammad, Aqsu ~ Aksu (spellings of one foreign name), but Trump ≁ Trumph."""
    for a, b in _SOUND:
        k = k.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[aeiouy]", "", k))


# What English adds to a name to make a demonym, a plural or an adjective
_DERIVED = frozenset("s n an ian ans ians ns ese i is er ers ite ites ic".split())


def near_miss(expected: str, got: str, pinyin: bool) -> bool:
    """`got` is close to `expected` but not it: same initial, at most one edit in five letters
    (two from ten), and — for established foreign forms, whose spellings vary — not just vowels or
    doubled letters apart. (A pinyin name is also checked syllable by syllable: romanise.syllable_slip.)"""
    if got == expected or len(expected) < 5 or not got or got[0] != expected[0] or "-" in got:
        return False
    if got.startswith(expected) and got[len(expected) :] in _DERIVED:
        return False  # Russia / Russian, Muslim / Muslims, China / Chinese
    if expected.startswith(got) and len(expected) - len(got) >= 2:
        return False  # a name the segmenter ran into the next word (兰越峰诉 for 兰越峰)
    if abs(len(got) - len(expected)) > 2:
        return False
    d = _distance(expected, got)
    if d == 0 or d > max(1, len(expected) // 5):
        return False
    return pinyin or _skeleton(expected) != _skeleton(got)


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


def check_romanised(unit_id: str, zh: str, en: str) -> list[Finding]:
    """A Chinese name (jieba's person and place tags, CC-CEDICT's proper nouns) whose English is one
    syllable or letter off every form it may take (Shijiazhuang → "Shijiazhang") → entity error naming
    both. A name with no form at all in the English is not reported: it may be rendered by meaning or
    by a pronoun, and a warning that is usually wrong would teach translators to ignore the checks."""
    import rjieba

    g = load()
    mentions = g.find_mentions(zh, "zh")
    known = [(s, e) for _id, _sf, s, e in mentions]
    cands = [c for c in _en_candidates(en) if c[1] and not g.lookup(c[0])]
    if not cands:
        return []
    en_keys = {k for _s, k in cands}
    en_ids = {m[0] for m in g.find_mentions(en, "en")}
    names: list[tuple[str, bool, bool]] = []  # (name, a person, a transliterated foreign name)
    pos = 0
    for word, tag in rjieba.tag(zh):
        start, pos = pos, pos + len(word)
        if len(word) < 2 or any(s < pos and start < e for s, e in known):
            continue
        if tag in _NAME_TAGS or romanise.proper_noun(word):
            foreign = zh[start - 1 : start] in "·•・" and start > 0 or zh[pos : pos + 1] in "·•・" and pos < len(zh)
            foreign = foreign or bool(_FOREIGN_AFTER.match(zh[pos:]))
            names.append((word, _NAME_TAGS.get(tag, False), foreign))
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
        if foreign or listed:
            near = listed  # a transliteration or an established form (Hong Kong): pinyin is no yardstick
        elif person and convert(word, "t2s")[0] not in _SURNAMES and not romanise.proper_noun(word):
            near = []  # a foreign person the dictionary does not know: no yardstick at all
        else:
            near = forms
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
    for word, (forms, near) in expected_all.items():
        if any(r.key in en_keys for r in forms):
            continue  # rendered as expected
        hit = next(
            (
                (r, surface)
                for r in near
                for surface, k in cands
                if k not in matched
                and (near_miss(r.key, k, r.pinyin) or r.syllables and k[:1] == r.key[:1] and romanise.syllable_slip(r.syllables, k))
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
    return out
