"""The world's countries, regions and cities with their Chinese names, from two public lists: CLDR
(through Babel: territory names and time-zone cities, zh_Hans and zh_Hant against English) and ISO 3166-1
and 3166-2 (through pycountry, Debian's iso-codes data: countries and subdivisions with their zh_CN and
zh_TW translations).

`names()` maps a Chinese name (both scripts) to its English forms (Baden-Württemberg also as
Baden-Wurttemberg, as English text often writes it). lang/romanise.py reads them beside CC-CEDICT's proper
nouns, so that the name check knows the forms of a place the glossary and the dictionary do not list.
"""

from __future__ import annotations

import gettext
import re
import unicodedata
from functools import lru_cache

__all__ = ["names"]

_HAN = re.compile(r"^[\u3400-\u9fff]{2,8}$")
# ISO's Chinese subdivisions carry their type in pinyin ("Hebei Sheng"), which translators drop
_CN_TYPES = ((" Sheng", "省"), (" Shi", "市"), (" Zizhiqu", "自治区"), (" Tebiexingzhengqu", "特别行政区"))


def _ascii(en: str) -> str:
    return unicodedata.normalize("NFKD", en).encode("ascii", "ignore").decode()


def _cldr() -> list[tuple[str, str]]:
    from babel import Locale

    en = Locale.parse("en")
    out = []
    for loc in ("zh_Hans", "zh_Hant"):
        zl = Locale.parse(loc)
        for code, zh in zl.territories.items():
            if code.isalpha() and code in en.territories:
                out.append((zh, en.territories[code]))
        for tz, data in zl.time_zones.items():
            city = data.get("city")
            if "/" not in tz or tz.startswith("Etc/") or not city:
                continue
            english = en.time_zones.get(tz, {}).get("city") or tz.rsplit("/", 1)[1].replace("_", " ")
            out.append((city, english))
    return out


def _iso() -> list[tuple[str, str]]:
    import pycountry

    out = []
    for lang in ("zh_CN", "zh_TW"):
        countries = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
        for c in pycountry.countries:
            for en in {c.name, getattr(c, "common_name", c.name)}:
                out.append((countries.gettext(en), en))
        subdivisions = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[lang])
        for s in pycountry.subdivisions:
            zh, en = subdivisions.gettext(s.name), s.name
            if s.country_code == "CN":
                for word, suffix in _CN_TYPES:
                    if en.endswith(word) and zh.endswith(suffix):
                        en, zh = en[: -len(word)], zh[: -len(suffix)]
            out.append((zh, en))
    return out


@lru_cache(maxsize=1)
def names() -> dict[str, tuple[str, ...]]:
    """Chinese name → its English forms (as listed and without diacritics), from CLDR and ISO 3166."""
    from .script import convert

    table: dict[str, list[str]] = {}
    for zh, en in _cldr() + _iso():
        if zh == en or not _HAN.match(zh) or not en[:1].isalpha():
            continue
        forms = [f for f in dict.fromkeys((en, _ascii(en))) if f.isascii()]
        for head in {zh, convert(zh, "t2s"), convert(zh, "s2t")}:
            table.setdefault(head, []).extend(forms)
    return {zh: tuple(dict.fromkeys(v)) for zh, v in table.items()}
