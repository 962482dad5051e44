"""Figures: the numbers an analyst quotes (trade volume, votes, tons of coal, cubic metres of gas …).

A quantity (lang/quantities.py, the shared parser: 1539.385亿美元 = 153,938,500,000 USD) becomes a
figure when a word near it says what it measures. The nearest measure word in the same clause wins
(在能源领域,2022年前9个月中国自俄进口煤炭4700万吨: coal). Votes are read from the word right next
to the number (141票赞成 / 141 votes in favor / 35 abstentions). The period ("first 10 months of
2022") comes from the sentence, its year from the sentence or, failing that, the year the document
was last talking about.

Both sides of a sentence pair are read; a figure found on both (same measure, same value) is one
figure carrying both surfaces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..lang.quantities import Quantity, extract_quantities, parse_en_words, parse_zh_numeral, values_close

__all__ = ["Figure", "figures_in_pair", "MEASURES", "display_value"]

# measure → (unit of the normalised value, Chinese cue words, English cue pattern)
MEASURES: dict[str, tuple[str | None, tuple[str, ...], str]] = {
    "trade volume": (
        "USD",
        ("贸易额", "贸易总额", "贸易", "貿易額", "貿易總額", "貿易", "进出口", "進出口"),
        r"\btrade\b|\bimports? and exports?\b",
    ),
    "investment": ("USD", ("投资", "投資"), r"\binvest(?:ment|ments|ed|ing)?\b"),
    "coal": ("t", ("煤炭", "煤"), r"\bcoal\b"),
    "oil": ("t", ("石油", "原油"), r"\b(?:crude\s+)?oil\b"),
    "gas": ("m3", ("天然气", "天然氣", "供气", "供氣", "立方米"), r"\bgas\b|\bcubic\s+met(?:er|re)s\b"),
    "drones": ("drones", ("无人机", "無人機"), r"\bdrones?\b|\bunmanned\s+aerial\s+vehicles?\b|\bUAVs?\b"),
    "documents signed": ("documents", ("份文件", "项声明", "項聲明", "协定", "協定"), r"\bdocuments\b|\bagreements\b"),
    "companies": ("companies", ("跨国公司", "跨國公司", "家公司", "企业", "企業"), r"\bcorporations\b|\bcompanies\b"),
}
VOTE_MEASURES = ("votes for", "votes against", "abstentions")
_ZH_VOTE = [
    ("votes for", ("赞成", "支持", "贊成")),
    ("votes against", ("反对", "反對")),
    ("abstentions", ("弃权", "棄權")),
]
_EN_VOTE = [
    (
        "votes for",
        re.compile(r"^\s*(?:votes?\s+)?in\s+favou?r|^\s*(?:votes?\s+)?for\b|^\s*yes\b|^\s*(?:votes?\s+)?supporting"),
    ),
    ("votes against", re.compile(r"^\s*(?:votes?\s+)?against|^\s*no\b")),
    ("abstentions", re.compile(r"^\s*(?:votes?\s+)?abstentions?|^\s*(?:votes?\s+)?abstain(?:ed|ing)?")),
]

# The English cue patterns compiled once (they are tried for every quantity of every sentence).
_MEASURE_EN = {name: re.compile(rx, re.I) for name, (_unit, _zh, rx) in MEASURES.items()}

_ZH_CLAUSE = re.compile(r"[，,；;。！？!?：:]")
_EN_CLAUSE = re.compile(r"[;:!?]|\.(?=\s)|,\s(?=(?:and\s|but\s|while\s|which\s|this\s|a\s+year-on-year))")
_ZH_PERIOD = re.compile(r"前(?P<n>\d+|[一二三四五六七八九十]+)(?:个|個)?(?P<u>月|季度)")
_EN_PERIOD = re.compile(r"first\s+(?P<n>\d+|[a-z]+)\s+(?P<u>months?|quarters?)", re.I)
_ZH_TONS = re.compile(r"^\s*(?:万|萬|亿|億)?(?:吨|噸)")
_EN_TONS = re.compile(r"^\s*(?:metric\s+)?(?:tons|tonnes)\b", re.I)
_YOY_ZH = re.compile(r"同比(?:增长|增加|下降|减少|增長|減少)")
_YOY_EN = re.compile(r"year-on-year\s+(?:increase|decrease|growth|rise|drop)|year\s+on\s+year", re.I)


@dataclass
class Figure:
    measure: str
    value: float
    unit: str | None
    high: float | None = None
    approx: bool = False
    period: str | None = None  # "first 10 months of 2022"
    year: int | None = None
    date: str | None = None  # ISO prefix of a stated date (2022-03-02) when the sentence gives one
    surface_zh: str | None = None
    surface_en: str | None = None
    unit_id: str = ""
    sentence: int = 0
    entities: list[str] = field(default_factory=list)

    @property
    def display(self) -> str:
        return display_value(self.value, self.unit, self.high)

    def to_dict(self) -> dict:
        return {
            "measure": self.measure,
            "value": self.value,
            "high": self.high,
            "unit": self.unit,
            "display": self.display,
            "approx": self.approx,
            "period": self.period,
            "year": self.year,
            "date": self.date,
            "surface_zh": self.surface_zh,
            "surface_en": self.surface_en,
            "unit_id": self.unit_id,
            "sentence": self.sentence,
            "entities": list(self.entities),
        }


_UNIT_WORDS = {
    "USD": "billion USD",
    "t": "tons",
    "m3": "cubic metres",
    "drones": "drones",
    "votes": "votes",
    "%": "%",
    "documents": "documents",
    "companies": "companies",
}


def _scaled(v: float) -> str:
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(v) >= size:
            return f"{_num(v / size)} {word}"
    return _num(v)


def _num(v: float) -> str:
    s = f"{v:.6f}".rstrip("0").rstrip(".")
    return s


def display_value(value: float, unit: str | None, high: float | None = None) -> str:
    """153938500000 USD → "153.9385 billion USD"; 47000000 t → "47 million tons"."""
    shown = _scaled(value) if high is None else f"{_scaled(value)}–{_scaled(high)}"
    if unit == "%":
        return shown + "%"
    if unit in ("USD", "CNY", "EUR", "RUB", "GBP", "JPY"):
        return f"{shown} {unit}"
    word = {"t": "tons", "m3": "cubic metres"}.get(unit or "", unit or "")
    return f"{shown} {word}".strip()


def _clause(text: str, start: int, end: int, lang: str) -> tuple[int, int]:
    rx = _ZH_CLAUSE if lang == "zh" else _EN_CLAUSE
    a = 0
    for m in rx.finditer(text, 0, start):
        a = m.end()
    after = rx.search(text, end)
    b = after.start() if after else len(text)
    return a, b


def _measure(text: str, q: Quantity, lang: str) -> str | None:
    """What a quantity counts: the vote word right after it, else the nearest measure cue in its clause."""
    after = text[q.end : q.end + 24]
    if lang == "zh":
        if q.surface.endswith("票") or after.startswith("票"):
            tail = after.lstrip("票")
            for name, words in _ZH_VOTE:
                if tail.startswith(words):
                    return name
    else:
        if q.kind in ("number",) and q.unit is None:
            for name, rx in _EN_VOTE:
                if rx.search(after) and (name != "votes for" or "vote" in after[:12] or "favo" in after[:16]):
                    return name
    a, b = _clause(text, q.start, q.end, lang)
    clause = text[a:b]
    qs, qe = q.start - a, q.end - a
    best: tuple[int, str] | None = None
    for name, (_unit, zh_words, _en_rx) in MEASURES.items():
        if lang == "zh":
            hits = [h for w in zh_words if w in clause for h in _occurrences(clause, w)]
        else:
            hits = [(m.start(), m.end()) for m in _MEASURE_EN[name].finditer(clause)]
        for s, e in hits:
            if s < qe and qs < e and name != "gas":
                continue
            dist = qs - e if e <= qs else s - qe
            if best is None or dist < best[0]:
                best = (max(dist, 0), name)
    if best is None:
        return None
    name = best[1]
    unit = MEASURES[name][0]
    # money measures need money, physical ones a physical amount
    if unit == "USD" and q.kind not in ("money", "range"):
        return None
    if unit == "USD" and q.kind == "range" and not q.unit:
        return None
    if unit != "USD" and q.kind in ("money", "percent"):
        return None
    return name


def _occurrences(text: str, word: str) -> list[tuple[int, int]]:
    """(start, end) of every non-overlapping occurrence of `word`, left to right (as re.finditer gives)."""
    out = []
    i = text.find(word)
    while i >= 0:
        out.append((i, i + len(word)))
        i = text.find(word, i + len(word))
    return out


def _periods(text: str, lang: str) -> list[tuple[int, str]]:
    """(position, "first 10 months") for every period phrase of the text."""
    out = []
    for m in (_ZH_PERIOD if lang == "zh" else _EN_PERIOD).finditer(text):
        n = m["n"]
        if n.isdigit():
            k = int(n)
        elif lang == "zh":
            k = parse_zh_numeral(n) or 0
        else:
            k = int(parse_en_words(n) or 0)
        unit = "months" if m["u"].startswith(("月", "month")) else "quarters"
        if k:
            out.append((m.start(), f"first {k} {unit if k > 1 else unit[:-1]}"))
    return out


# Counted things: the classifier (zh) or the noun (en) must follow the number closely.
_COUNTED_ZH = {"drones": ("架",), "documents signed": ("份", "项", "項"), "companies": ("家",)}
_COUNTED_EN = {
    "drones": r"^(?:\s+[\w-]+){0,2}?\s+(?:drones?|unmanned\s+aerial\s+vehicles?|UAVs?)\b",
    "documents signed": r"^(?:\s+[\w-]+){0,2}?\s+(?:documents|agreements)\b",
    "companies": r"^(?:\s+[\w-]+){0,2}?\s+(?:corporations|companies)\b",
}


def _counted(text: str, q: Quantity, lang: str, name: str) -> bool:
    if lang == "zh":
        return q.surface.endswith(_COUNTED_ZH[name]) or text[q.end : q.end + 1] in _COUNTED_ZH[name]
    return bool(re.match(_COUNTED_EN[name], text[q.end : q.end + 60], re.I))


def figures_on_side(text: str, lang: str, dates: list[tuple[int, str, str]], year: int | None) -> list[Figure]:
    """Figures of one side of a sentence. `dates` are (position, ISO date, precision) of the dates this
    side states; a figure takes the last one before it (else `year`, the year the document speaks of)."""
    out: list[Figure] = []
    if not text:
        return out
    periods = _periods(text, lang)
    yoy = _YOY_ZH if lang == "zh" else _YOY_EN
    placed: list[tuple[int, Figure]] = []
    quantities = extract_quantities(text, lang)
    for q in quantities:
        if q.kind not in ("number", "money", "range"):
            continue  # growth rates (percent) are kept with their figure below
        name = _measure(text, q, lang)
        if name is None:
            continue
        if name in _COUNTED_ZH and not _counted(text, q, lang, name):
            continue
        value, high, unit = q.value, q.high, MEASURES.get(name, ("votes",))[0]
        if name in VOTE_MEASURES:
            unit = "votes"
        if unit == "USD" and q.unit not in ("USD", "$", "US$"):
            unit = q.unit or "USD"  # 元 / RUB … keep the currency the text states
        if unit == "t":
            tail = text[q.end : q.end + 12]
            if not (q.surface.endswith(("吨", "噸")) or _ZH_TONS.match(tail) or _EN_TONS.match(tail)):
                continue  # "72 million" without tons is not a tonnage we can state
        if unit == "m3":
            tail = text[q.end : q.end + 12]
            if not (
                q.surface.endswith("立方米") or re.match(r"^\s*(?:亿|億|万|萬)?立方米|^\s*cubic\s+met", tail, re.I)
            ):
                continue
        before = [d for d in dates if d[0] <= q.start]
        when = before[-1] if before else None
        fig_year = int(when[1][:4]) if when else year
        fig = Figure(
            name,
            value,
            unit,
            high=high,
            approx=q.approx,
            year=fig_year,
            date=when[1] if when and when[2] == "day" else None,
        )
        if lang == "zh":
            fig.surface_zh = _full_surface(text, q, lang)
        else:
            fig.surface_en = _full_surface(text, q, lang)
        prior = [p for pos, p in periods if pos <= q.start]
        if prior and name not in VOTE_MEASURES:
            fig.period = f"{prior[-1]} of {fig_year}" if fig_year else prior[-1]
        out.append(fig)
        placed.append((q.start, fig))
    # a year-on-year rate right after a figure belongs to it
    for q in quantities:
        if q.kind == "percent" and yoy.search(text[max(0, q.start - 30) : q.start]):
            bases = [f for pos, f in placed if pos < q.start]
            if not bases:
                continue
            base = bases[-1]
            out.append(
                replace(
                    base,
                    measure=base.measure + " growth (year on year)",
                    value=q.value,
                    unit="%",
                    high=None,
                    approx=q.approx,
                    surface_zh=q.surface if lang == "zh" else None,
                    surface_en=q.surface if lang == "en" else None,
                )
            )
    return out


def _full_surface(text: str, q: Quantity, lang: str) -> str:
    """The quantity with the unit words that follow it (4700万吨, 47 million tons, 270亿立方米)."""
    tail = text[q.end : q.end + 20]
    m = (
        re.match(r"^(?:亿|億|万|萬)?(?:吨|噸|立方米|架|票|美元|元)", tail)
        if lang == "zh"
        else re.match(
            r"^\s*(?:(?:metric\s+)?(?:tons|tonnes)(?:\s+of\s+\w+)?|cubic\s+met(?:er|re)s|votes|U\.S\.\s+dollars|US\s+dollars|dollars)",
            tail,
            re.I,
        )
    )
    return q.surface + (m.group() if m else "")


def merge_sides(zh: list[Figure], en: list[Figure]) -> list[Figure]:
    """One figure per fact: a Chinese and an English figure with the same measure and value are one."""
    out = list(zh)
    for f in en:
        twin = next(
            (g for g in out if g.surface_en is None and g.measure == f.measure and g.unit == f.unit and _close(g, f)),
            None,
        )
        if twin is not None:
            twin.surface_en = f.surface_en
            twin.period = twin.period or f.period
        else:
            out.append(f)
    return out


def _close(a: Figure, b: Figure) -> bool:
    qa = Quantity(a.value, "number", "", 0, 0, high=a.high, step=max(abs(a.value) * 1e-6, 1e-9))
    qb = Quantity(b.value, "number", "", 0, 0, high=b.high, step=max(abs(b.value) * 1e-6, 1e-9))
    return values_close(qa, qb, loose=False)


def figures_in_pair(
    zh: str,
    en: str,
    dates_zh: list[tuple[int, str, str]],
    dates_en: list[tuple[int, str, str]],
    year: int | None,
    unit_id: str,
    index: int,
    entities: list[str],
) -> list[Figure]:
    """The figures of one sentence pair, both sides merged, each tagged with its unit, sentence and actors."""
    out = merge_sides(figures_on_side(zh, "zh", dates_zh, year), figures_on_side(en, "en", dates_en, year))
    for f in out:
        f.unit_id, f.sentence, f.entities = unit_id, index, list(entities)
    return out
