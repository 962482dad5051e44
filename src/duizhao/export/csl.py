"""Document → CSL-JSON: the one bibliographic record every citation format is written from.

CSL-JSON (the Citation Style Language's data format) is what citeproc processors, Zotero and
pandoc read, so the mapping is done once here; cite.py renders styles from it and writes BibTeX
and RIS from it too. Decisions, each for a reason:

- type: `article-magazine` for digests of Foreign Affairs / Foreign Policy pieces (that is what the
  cited work is), `webpage` for a translated page (such as CSIS Interpret's) with the Chinese
  original in `original-publisher`/`original-date`/`original-title`, `webpage` otherwise.
  (CSL's own `article` type means "preprint" since CSL 1.0.2, so it is not used.)
- titles: the title in the cited language in `title`, the other language in `original-title`
  when that other language is the original (translated pages).
- names: Chinese personal names are `{"literal": ...}` because processors split family/given the
  Western way ("王, . 毅 ."); we write "冯玉军 (Feng Yujun)" as the source's own "Cite This Page"
  does. A romanised Chinese name written surname first ("Lin Meiyu") is a literal too, in every
  document: split the Western way it would be inverted to "Meiyu, Lin". Other names are
  family/given, split on the last space.
"""
from __future__ import annotations

import re
from typing import Any

from ..model import Document

# Sources whose pieces are magazine articles (the digests in the library summarise these).
MAGAZINES = {
    "foreign affairs",
    "foreign policy",
    "the economist",
    "the atlantic",
    "the diplomat",
    "the new yorker",
    "the national interest",
    "war on the rocks",
}

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")

# Pinyin shape, for romanised Chinese names written surname first ("Feng Yujun", "Lin Meiyu") when no
# Chinese form is known. Kept whole in every document (a bilingual library's digests name Chinese authors
# too); a given-name-first Western name ("Bonny Lin") does not start with a pinyin surname and is split.
_SYLLABLE = (
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ueng|ang|eng|ing|ong|uan|ian|iao|uai|ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo|ui|ue|ve|er|a|o|e|i|u|v)"
)
_PINYIN_GIVEN = re.compile(rf"^(?:{_SYLLABLE}){{1,2}}$", re.I)
_SURNAMES = set(
    "wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he gao lin luo zheng liang xie song tang"
    " han feng deng cao peng zeng xiao tian dong yuan pan cai jiang yu du ye cheng wei su lu ding ren shen yao"
    " jin fu zhong cui tan qian dai xia qiu fang hou zou xiong meng qin bai mao jia kong shi gu lai yan hao niu"
    " yin duan lei fan long tao he wan chang kang".split()
)


_PARTICLES = {"van", "von", "de", "der", "den", "da", "di", "du", "del", "della", "la", "le", "bin", "al", "el", "ter"}


def _has_cjk(s: str) -> bool:
    return bool(_CJK.search(s))


def _looks_pinyin_surname_first(name: str) -> bool:
    parts = name.replace("-", "").split()
    return (
        len(parts) in (2, 3)
        and parts[0].lower() in _SURNAMES
        and all(_PINYIN_GIVEN.match(p) for p in parts[1:])
    )


def is_translation(doc: Document) -> bool:
    """A page that translates a Chinese original (it names where and when the original appeared)."""
    return bool(doc.original_source or doc.original_published)


def is_magazine(doc: Document) -> bool:
    return bool(doc.source and doc.source.strip().lower() in MAGAZINES)


def csl_type(doc: Document) -> str:
    if is_magazine(doc) and not is_translation(doc):
        return "article-magazine"
    return "webpage"


def csl_name(name: str, name_zh: str | None = None, chinese_context: bool = False) -> dict[str, str]:
    """One CSL name. Chinese names become literals ("冯玉军 (Feng Yujun)"), others family/given."""
    name = " ".join(name.split())
    zh = " ".join((name_zh or "").split())
    if zh and name and zh != name:
        return {"literal": f"{zh} ({name})"}
    if _has_cjk(name) or zh:
        return {"literal": zh or name}
    if _looks_pinyin_surname_first(name):
        # Lin Meiyu stays Lin Meiyu (not "Meiyu, Lin"); `chinese_context` is kept for callers' sake.
        return {"literal": name}
    if " " not in name:
        return {"literal": name}
    words = name.split()
    family = [words.pop()]
    # "Mary Ann van Dyke": lower-case particles belong to the family name (sorted under D).
    particles: list[str] = []
    while len(words) > 1 and words[-1] in _PARTICLES:
        particles.insert(0, words.pop())
    out = {"family": " ".join(family), "given": " ".join(words)}
    if particles:
        out["non-dropping-particle"] = " ".join(particles)
    return out


def csl_date(iso: str | None) -> dict[str, list[list[int]]] | None:
    if not iso:
        return None
    m = _DATE.match(iso.strip())
    if not m:
        return None
    return {"date-parts": [[int(p) for p in m.groups() if p]]}


def _names(names: list[str], names_zh: list[str], chinese_context: bool) -> list[dict[str, str]]:
    out = []
    for i, n in enumerate(names):
        zh = names_zh[i] if i < len(names_zh) else None
        out.append(csl_name(n, zh, chinese_context))
    # Chinese names with no romanised twin (authors_zh longer than authors).
    for zh in names_zh[len(names):]:
        out.append({"literal": zh})
    return [n for n in out if n.get("literal") != ""]


def language(doc: Document) -> str:
    """The language of the cited text: English when there is an English title or text, else the Chinese script."""
    has_en = bool(doc.title.get("en")) or any(u.en and u.en.strip() for u in doc.units)
    if has_en:
        return "en"
    return doc.script or "zh"


def titles(doc: Document) -> tuple[str | None, str | None]:
    """(title, original-title). The original (Chinese) title only on translations; else the cited-language title."""
    zh, en = doc.title.get("zh"), doc.title.get("en")
    if language(doc) == "en":
        if is_translation(doc):
            return (en or zh, zh if en else None)
        return (en or zh, None)
    return (zh or en, None)


def to_csl(doc: Document) -> dict[str, Any]:
    """The CSL-JSON item for one document (keys absent when unknown, as CSL-JSON expects)."""
    chinese_context = is_translation(doc) or language(doc) != "en"
    item: dict[str, Any] = {"id": doc.id or doc.path or "doc", "type": csl_type(doc)}
    title, original_title = titles(doc)
    if not title and not (doc.authors or doc.authors_zh or doc.source):
        # A citation needs something to name the work by: the file name when nothing else.
        title = doc.path or doc.id or "Untitled"
    if title:
        item["title"] = title
    if original_title:
        item["original-title"] = original_title
    authors = _names(doc.authors, doc.authors_zh, chinese_context)
    if authors:
        item["author"] = authors
    if doc.translators:
        item["translator"] = _names(doc.translators, [], False)
    if doc.source:
        item["container-title"] = doc.source
    if doc.original_source:
        item["original-publisher"] = doc.original_source
    issued = csl_date(doc.published)
    if issued:
        item["issued"] = issued
    original_date = csl_date(doc.original_published)
    if original_date:
        item["original-date"] = original_date
    item["language"] = language(doc)
    if doc.url:
        item["URL"] = doc.url
    abstract = doc.abstract.get("en") or doc.abstract.get("zh")
    if abstract:
        item["abstract"] = abstract
    if doc.keywords:
        item["keyword"] = ", ".join(doc.keywords)
    return item
