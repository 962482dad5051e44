"""Metadata as users' files state it → normalised values: header labels, dates, outlets, names."""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

# A header line is "中文标签/English label: value"; either half of the label may be missing.
LABELS = {
    "authors": (r"作者|作\s*者|撰文|撰稿", r"authors?\s*(?:\(s\))?|by|writers?"),
    "source": (r"網站來源|网站来源|來源|来源|出處|出处|刊物|媒體|媒体", r"source|publication|outlet|website"),
    "published": (r"日期|發布日期|发布日期|發表日期|发表日期|時間|时间", r"date|published|publication date"),
    "keywords": (r"關鍵字|关键字|關鍵詞|关键词|標籤|标签", r"key\s*words?|tags?"),
    "title": (r"標題|标题|題目|题目", r"title"),
    "translators": (r"譯者|译者|翻譯|翻译", r"translators?\s*(?:\(s\))?|translated by"),
    "url": (r"網址|网址|連結|链接", r"url|link"),
}
_HEADER_RES = {
    field: re.compile(
        rf"^\s*(?:(?:{zh})\s*(?:/|／|\|)?\s*(?:{en})?|(?:{en}))\s*[:：]\s*(?P<value>.*?)\s*$",
        re.I,
    )
    for field, (zh, en) in LABELS.items()
}
SECTION_LABEL_RE = re.compile(r"^\s*(?:摘要|摘\s*要|概要|內容摘要|内容摘要|summary|abstract)\s*[:：]?\s*$", re.I)

MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}


def header_field(text: str) -> tuple[str, str] | None:
    """("authors", "Alexander Gabuev") for a header line, else None."""
    if len(text) > 300:
        return None
    for field, rx in _HEADER_RES.items():
        m = rx.match(text)
        if m:
            return field, m.group("value").strip()
    return None


def is_section_label(text: str) -> bool:
    return bool(SECTION_LABEL_RE.match(text))


def _iso(y: int, m: int, d: int | None = None) -> str | None:
    import datetime

    try:
        datetime.date(y, m, d or 1)
    except ValueError:
        return None
    return f"{y:04d}-{m:02d}-{d:02d}" if d else None


def normalize_date(text: str | None) -> str | None:
    """A header or citation date → ISO YYYY-MM-DD; None when no full date can be read.

    Slashed dates are read month-first (the US outlets our users follow write 06/14/2024) unless
    the first number cannot be a month.
    """
    if not text:
        return None
    t = " ".join(text.replace("\u00a0", " ").split()).strip().rstrip(".")
    m = re.search(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号號]?", t)
    if m:
        return _iso(int(m[1]), int(m[2]), int(m[3]))
    m = re.search(r"\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b", t)
    if m:
        return _iso(int(m[1]), int(m[2]), int(m[3]))
    m = re.search(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b", t)
    if m:
        a, b, y = int(m[1]), int(m[2]), int(m[3])
        return _iso(y, a, b) if a <= 12 else _iso(y, b, a)
    m = re.search(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", t)
    if m and m[1].lower() in MONTHS:
        return _iso(int(m[3]), MONTHS[m[1].lower()], int(m[2]))
    m = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b", t)
    if m and m[2].lower() in MONTHS:
        return _iso(int(m[3]), MONTHS[m[2].lower()], int(m[1]))
    return None


@lru_cache(maxsize=1)
def _outlets() -> dict[str, str]:
    table: dict[str, str] = {}
    text = resources.files("duizhao.data").joinpath("outlets.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        canonical, *variants = [c.strip() for c in line.split("\t")]
        for name in [canonical, *variants]:
            if name:
                table[_outlet_key(name)] = canonical
    return table


def _outlet_key(name: str) -> str:
    return re.sub(r"[\s\W_]+", "", name).lower()


def canonical_outlet(name: str | None) -> str | None:
    """外交事务 / 外交事務 / Foreign Affairs → "Foreign Affairs"; unknown outlets as written."""
    if not name:
        return None
    name = " ".join(name.split()).strip(" |:：")
    if not name:
        return None
    return _outlets().get(_outlet_key(name), name)


def split_names(value: str) -> list[str]:
    """"Alexander Gabuev" → ["Alexander Gabuev"]; "A, B and C" / "甲、乙" → each, as written."""
    value = value.strip().strip(".;；")
    if not value:
        return []
    parts = re.split(r"\s*(?:;|；|、|，|,\s*(?:and\s+)?|\s+and\s+|\s*&\s*|\s+和\s+)\s*", value)
    return [p.strip() for p in parts if p and p.strip()]


def split_keywords(value: str) -> list[str]:
    parts = re.split(r"\s*(?:;|；|、|，|,|\|)\s*", value.strip())
    return [p.strip() for p in parts if p.strip()]


CITE_RE = re.compile(
    r"""^(?P<authors>.+?)\.\s+["“](?P<title>.+)["”]\.?\s+(?P<rest>.+)$""",
    re.S,
)


def parse_citation(line: str) -> dict:
    """The publisher's "Cite This Page" line → authors (English and Chinese), titles, outlets, date.

    e.g. 冯玉军 (Feng Yujun). "Title [中文标题]". CSIS Interpret: China, original work published in
    The Paper [澎湃], January 11, 2023
    """
    out: dict = {}
    m = CITE_RE.match(line.strip())
    if not m:
        return out
    authors_en: list[str] = []
    authors_zh: list[str] = []
    for name in split_names(m["authors"]):
        pm = re.match(r"^(?P<a>[^()（）]+?)\s*[（(](?P<b>[^()（）]+)[)）]$", name)
        pair = [pm["a"].strip(), pm["b"].strip()] if pm else [name]
        for n in pair:
            (authors_zh if re.search(r"[\u4e00-\u9fff]", n) else authors_en).append(n)
    out["authors"] = authors_en or authors_zh
    out["authors_zh"] = authors_zh
    title = m["title"].strip()
    tm = re.match(r"^(?P<en>.+?)\s*\[(?P<zh>[^\]]+)\]\s*$", title)
    if tm:
        out["title"] = {"en": tm["en"].strip(), "zh": tm["zh"].strip()}
    else:
        out["title"] = {"en": title, "zh": None}
    rest = m["rest"].strip()
    om = re.match(r"^(?P<src>.+?),\s*original work published in\s+(?P<orig>.+?),\s*(?P<date>[^,]+,\s*\d{4}|\d{4}年.+|\d.+)$", rest, re.I)
    if om:
        out["source"] = om["src"].strip()
        orig = om["orig"].strip()
        bm = re.match(r"^(?P<a>.+?)\s*\[(?P<b>[^\]]+)\]$", orig)
        out["original_source"] = f"{bm['a'].strip()} ({bm['b'].strip()})" if bm else orig
        out["original_published"] = normalize_date(om["date"])
        out["published"] = out["original_published"]
    else:
        sm = re.match(r"^(?P<src>.+?),\s*(?P<date>[A-Za-z]+\.?\s+\d{1,2},\s*\d{4}|\d{4}年.+)\.?$", rest)
        if sm:
            out["source"] = sm["src"].strip()
            out["published"] = normalize_date(sm["date"])
        else:
            out["source"] = rest.rstrip(".")
    return out
