"""Names nobody on the team has read: the frozen name check (bench/checks.FROZEN_NAME_CHECK) measured on
name pairs from public lists independent of the dev data, put into sentence frames written here.

Sources (read at bench time from the installed packages, pinned in pyproject's `bench` extra):
- CLDR through Babel: territory names and time-zone exemplar cities, zh_Hans / zh_Hant against en;
- ISO 3166-2 through pycountry (Debian's iso-codes data): subdivision names with their zh_CN / zh_TW
  translations (Chinese provinces with "Sheng", "Shi" … dropped as translators do, foreign provinces,
  counties and cities). Only names written in plain ASCII in English are kept (a local spelling such as
  "Plzeňský kraj" is not an English translation).

Every pair that could have been read while the check was built is dropped: names the glossary knows
(either side) and names that occur in the seeds, the demo or any WMT17 dev document. Person names are not
covered: no public list of Chinese person names with their romanisations was reachable.

Round 4 (round4_pairs) is another source: libgweather's weather locations with GNOME's zh_CN / zh_TW / zh_HK
translations (Debian package libgweather-4-common, read from /usr/share at bench time), minus every name that
CLDR or ISO 3166 holds on either side, since the check may read those lists. Held out whole.

Injected errors, as bench/checks.py does for names, on the English side of the framed sentence:
name:syllable (a pinyin name with one syllable changed for another of the same initial), name:spelling
(an established or foreign form with one letter changed), name:place (the place swapped for another
place of the same list).
"""

from __future__ import annotations

import gettext
import hashlib
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass

# Neutral frames: no number, date or other name, so that a finding can only be about the name.
FRAMES = [
    ("{zh}的官员表示，新的计划将在近期公布。", "Officials in {en} said that the new plan would be announced soon."),
    ("代表团访问了{zh}，并与当地企业举行了会谈。", "The delegation visited {en} and held talks with local businesses."),
    ("据报道，{zh}今年的降雨量明显低于往年。", "Rainfall in {en} this year was reported to be well below that of previous years."),
    ("这家公司计划在{zh}开设一个新的办事处。", "The company plans to open a new office in {en}."),
    ("来自{zh}的学生参加了这次会议。", "Students from {en} attended the meeting."),
    ("{zh}与邻近地区之间的交通已经恢复。", "Traffic between {en} and the neighbouring areas has resumed."),
]

# The type words of ISO 3166-2's Chinese subdivisions, written in pinyin there ("Hebei Sheng") but not by
# translators ("Hebei"), with the Chinese suffix they stand for.
_CN_TYPES = [(" Sheng", "省"), (" Shi", "市"), (" Zizhiqu", "自治区")]


@dataclass(frozen=True)
class NamePair:
    zh: str
    en: str
    source: str  # "cldr-territory", "cldr-city", "iso3166-2"


def _plain(en: str) -> bool:
    return bool(re.fullmatch(r"[A-Z][A-Za-z]+(?:[ \-][A-Z][A-Za-z]+){0,2}", en))


def _han(zh: str) -> bool:
    return bool(re.fullmatch(r"[\u3400-\u9fff]{2,8}", zh))


def cldr_pairs() -> list[NamePair]:
    from babel import Locale
    from babel.dates import get_timezone_location

    out = []
    en = Locale.parse("en")
    for loc in ("zh_Hans", "zh_Hant"):
        zl = Locale.parse(loc)
        for code, zh in zl.territories.items():
            if code.isalpha() and code in en.territories:
                out.append(NamePair(zh, en.territories[code], "cldr-territory"))
        for tz in zl.time_zones:
            if "/" not in tz or tz.startswith("Etc/"):
                continue
            try:
                zc = get_timezone_location(tz, locale=loc, return_city=True)
                ec = get_timezone_location(tz, locale="en", return_city=True)
            except (LookupError, ValueError):
                continue
            out.append(NamePair(zc, ec, "cldr-city"))
    return out


def iso_pairs() -> list[NamePair]:
    import pycountry

    out = []
    for lang in ("zh_CN", "zh_TW"):
        tr = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[lang])
        for s in pycountry.subdivisions:
            zh, en = tr.gettext(s.name), s.name
            if zh == en:
                continue
            if s.country_code == "CN":
                for word, suffix in _CN_TYPES:
                    if en.endswith(word) and zh.endswith(suffix):
                        en, zh = en[: -len(word)], zh[: -len(suffix)]
            out.append(NamePair(zh, en, "iso3166-2"))
    return out


def unseen_pairs(read_texts: Iterable[str]) -> list[NamePair]:
    """Every usable pair from both sources, minus those anyone could have read (the glossary's names, any
    name found in `read_texts`: the seeds, the demo, the WMT17 dev documents), one per Chinese name."""
    from duizhao.lang.glossary import load

    g = load()
    blob = "\n".join(read_texts)
    seen: set[str] = set()
    out = []
    for p in cldr_pairs() + iso_pairs():
        if not (_han(p.zh) and _plain(p.en)) or p.zh in seen:
            continue
        seen.add(p.zh)
        if g.lookup(p.en) or g.find_mentions(p.zh, "zh") or g.find_mentions(p.en, "en"):
            continue
        if p.zh in blob or p.en in blob:  # a plain substring test: stricter than a word match, and fast
            continue
        out.append(p)
    return out


Pair = tuple[str, str, str]


# --- round 4: a source no earlier round and no list of the check read ------------------------------------

GWEATHER_XML = "/usr/share/libgweather-4/Locations.xml"
GWEATHER_LOCALE = "/usr/share/locale"


def gweather_pairs() -> list[NamePair]:
    """libgweather's weather locations (Debian libgweather-4-common 4.2.0-2: Locations.xml and GNOME's
    zh_CN / zh_TW / zh_HK translations, libgweather-4.0-locations.mo), English against Chinese: names
    translated by GNOME's translators, not by CLDR's or ISO's. Empty when the package is not installed."""
    import os
    import xml.etree.ElementTree as ET

    if not os.path.exists(GWEATHER_XML):
        return []
    names = []
    for el in ET.parse(GWEATHER_XML).iter():
        n = el.find("name") if el.tag in ("city", "location", "region", "country", "state") else None
        if n is not None and n.text:
            names.append((n.text, n.get("msgctxt")))
    out = []
    for lang in ("zh_CN", "zh_TW", "zh_HK"):
        try:
            tr = gettext.translation("libgweather-4.0-locations", GWEATHER_LOCALE, languages=[lang])
        except OSError:
            continue
        for en, ctx in names:
            zh = tr.pgettext(ctx, en) if ctx else tr.gettext(en)
            if zh != en:
                out.append(NamePair(zh, en, "gweather"))
    return out


def listed_names() -> set[str]:
    """Every name, English or Chinese, that CLDR (Babel: territories, time-zone cities, languages) or ISO
    3166-1/3166-2 (pycountry) holds: the lists the name check may read, whose names round 4 leaves out."""
    import pycountry
    from babel import Locale

    out = {p.zh for p in cldr_pairs() + iso_pairs()} | {p.en for p in cldr_pairs() + iso_pairs()}
    for loc in ("en", "zh_Hans", "zh_Hant"):
        out |= set(Locale.parse(loc).languages.values())
    for lang in ("zh_CN", "zh_TW"):
        tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
        for c in pycountry.countries:
            for en in {c.name, getattr(c, "common_name", c.name), getattr(c, "official_name", c.name)}:
                out |= {en, tr.gettext(en)}
    return out


def round4_pairs(read_texts: Iterable[str]) -> list[NamePair]:
    """Round 4, fixed before any result was seen, all of it held out: libgweather's names (gweather_pairs)
    with Han Chinese and plain-ASCII English, one per Chinese name, minus names the glossary knows, names in
    the seeds, the demo or WMT17 dev, and names CLDR or ISO hold on either side (listed_names)."""
    from duizhao.lang.glossary import load

    g = load()
    blob = "\n".join(read_texts)
    listed = listed_names()
    seen: set[str] = set()
    out = []
    for p in gweather_pairs():
        if not (_han(p.zh) and _plain(p.en)) or p.zh in seen:
            continue
        seen.add(p.zh)
        if p.zh in listed or p.en in listed or g.lookup(p.en) or g.find_mentions(p.zh, "zh") or g.find_mentions(p.en, "en"):
            continue
        if p.zh in blob or p.en in blob:
            continue
        out.append(p)
    return out


def framed(pairs: list[NamePair], rng: random.Random) -> list[tuple[NamePair, Pair]]:
    out = []
    for i, p in enumerate(pairs):
        fz, fe = FRAMES[rng.randrange(len(FRAMES))]
        out.append((p, (f"unseen:{i}", fz.format(zh=p.zh), fe.format(en=p.en))))
    return out


def mutants(items: list[tuple[NamePair, Pair]], rng: random.Random) -> list[tuple[str, Pair, Pair, str]]:
    """(kind, clean pair, mutant pair, label): one syllable or one spelling mutant per name, and a place
    swap for every name (the English names another place of the list)."""
    from checks import _INITIAL, _pinyin_syllables, _respell
    from pypinyin import lazy_pinyin

    from duizhao.lang import romanise

    by_initial: dict[str, list[str]] = {}
    for s in _pinyin_syllables():
        by_initial.setdefault(_INITIAL.match(s).group(0) or "", []).append(s)  # type: ignore[union-attr]
    ens = [p.en for p, _ in items]
    out: list[tuple[str, Pair, Pair, str]] = []
    for p, (uid, zh, en) in items:
        syl = [x.replace("ü", "v") for x in lazy_pinyin(p.zh)]
        k = romanise.key(p.en)
        if "".join(syl).replace("v", "u") == k and len(k) >= 5:
            i = rng.randrange(len(syl))
            ini = _INITIAL.match(syl[i]).group(0) or ""  # type: ignore[union-attr]
            pool = [x for x in by_initial.get(ini, []) if x != syl[i]]
            a = sum(len(x) for x in syl[:i])
            new = _respell(p.en, a, a + len(syl[i]), rng.choice(pool)) if pool else None
            kind = "name:syllable"
        elif len(k) >= 5:
            j = rng.randrange(1, len(k))
            new = _respell(p.en, j, j + 1, rng.choice([c for c in "abdefgiklmnoprstuvz" if c != k[j]]))
            kind = "name:spelling"
        else:
            new = None
            kind = ""
        if new and romanise.key(new) != k:
            out.append((kind, (uid, zh, en), (uid, zh, en.replace(p.en, new)), f"{p.zh}: {p.en} → {new}"))
        other = rng.choice([e for e in ens if e != p.en and romanise.key(e)[:1] != k[:1]])
        out.append(("name:place", (uid, zh, en), (uid, zh, en.replace(p.en, other)), f"{p.zh}: {p.en} → {other}"))
    return out


def half_of(p: NamePair) -> str:
    """Round 2's fixed split: "A" (tuning) when the first byte of the SHA-1 of the English name is even,
    else "B" (held out: measured once, its findings never printed)."""
    return "A" if hashlib.sha1(p.en.encode("utf-8")).digest()[0] % 2 == 0 else "B"


def measure(
    read_texts: Iterable[str],
    rng: random.Random,
    half: str | None = None,
    prefix: str = "names_unseen_",
    pairs: list[NamePair] | None = None,
) -> dict[str, object]:
    """The figures, with the check and pofilter -t numbers on the same framed pairs and mutants; `half`
    ("A" or "B") measures that half only (place swaps drawn within it), keys under `prefix`."""
    from checks import name_check_frozen, pofilter_flags

    from duizhao.check import check_pair

    names = [p for p in (unseen_pairs(read_texts) if pairs is None else pairs) if half is None or half_of(p) == half]
    items = framed(names, rng)
    ms = mutants(items, rng)
    clean = {pair[0]: check_pair(*pair) for _p, pair in items}
    false = [(pair, f) for _p, pair in items for f in clean[pair[0]] if f.severity == "error"]
    warned = sum(1 for _p, pair in items if any(f.severity == "warning" for f in clean[pair[0]]))
    per: dict[str, list[bool]] = {}
    flagged: dict[str, list[bool]] = {}  # an error or a warning the clean pair did not have
    for kind, c, m, _label in ms:
        before = {(f.kind, f.detail) for f in clean[c[0]] if f.severity == "error"}
        before_any = {(f.kind, f.detail) for f in clean[c[0]]}
        found = [f for f in check_pair(*m) if f.kind == "entity"]
        per.setdefault(kind, []).append(any(f.severity == "error" and (f.kind, f.detail) not in before for f in found))
        flagged.setdefault(kind, []).append(any((f.kind, f.detail) not in before_any for f in found))
    po_clean = pofilter_flags([pair for _p, pair in items])
    po_mut = pofilter_flags([(f"m{i}", m[1], m[2]) for i, (_k, _c, m, _l) in enumerate(ms)])
    po_per: dict[str, list[bool]] = {}
    for i, (kind, c, _m, _l) in enumerate(ms):
        po_per.setdefault(kind, []).append(f"m{i}" in po_mut and c[0] not in po_clean)

    def rate(d: dict[str, list[bool]], prefix: str = "") -> float:
        vals = [x for k, v in d.items() if k.startswith(prefix) for x in v]
        return round(sum(vals) / len(vals), 4) if vals else 0.0

    if half != "B" and pairs is None:  # a held-out set is reported by its figures only
        for pair, f in false[:40]:
            print(f"  [unseen FALSE] {f.detail}\n      zh: {pair[1]}\n      en: {pair[2]}")
    sources: dict[str, int] = {}
    for p in names:
        sources[p.source] = sources.get(p.source, 0) + 1
    out = {
        "names_unseen_source": "CLDR (Babel) territory and time-zone city names zh_Hans/zh_Hant-en; ISO 3166-2 "
        "subdivisions zh_CN/zh_TW-en (pycountry, iso-codes data); minus glossary names and names in seeds/demo/WMT17 dev"
        if pairs is None
        else "libgweather locations (Debian libgweather-4-common 4.2.0-2) zh_CN/zh_TW/zh_HK-en; minus glossary names, "
        "names in seeds/demo/WMT17 dev and any name CLDR or ISO 3166 holds on either side",
        "names_unseen_check_frozen": name_check_frozen(),
        "names_unseen_pairs": len(items),
        "names_unseen_pairs_by_source": dict(sorted(sources.items())),
        "names_unseen_false_errors": len(false),
        "names_unseen_false_errors_per_100": round(100 * len(false) / len(items), 3) if items else 0.0,
        "names_unseen_pairs_with_warnings_per_100": round(100 * warned / len(items), 2) if items else 0.0,
        "names_unseen_injected": {k: len(v) for k, v in sorted(per.items())},
        "names_unseen_recall": {k: rate(per, k) for k in sorted(per)},
        "names_unseen_recall_names": rate(per),
        "names_unseen_recall_names_errors_or_warnings": rate(flagged),
        "names_unseen_recall_errors_or_warnings": {k: rate(flagged, k) for k in sorted(flagged)},
        "names_unseen_recall_misspelt (syllable + spelling)": round(
            sum(per.get("name:syllable", []) + per.get("name:spelling", []))
            / max(1, len(per.get("name:syllable", []) + per.get("name:spelling", []))),
            4,
        ),
        "names_unseen_pofilter_numbers_recall": {k: rate(po_per, k) for k in sorted(po_per)},
        "names_unseen_pofilter_numbers_recall_names": rate(po_per),
        "names_unseen_pofilter_numbers_false_flags": len(po_clean),
    }
    return {prefix + k[len("names_unseen_") :]: v for k, v in out.items()}
