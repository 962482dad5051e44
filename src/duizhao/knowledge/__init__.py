"""The knowledge layer: who is named, what happened when, which figures — each traced to its sentence.

`extract(doc)` is pure: a Document in, a `Knowledge` out (mentions, candidate names, events,
figures), every item carrying its unit id and sentence index (units' `sentences`, the aligned
{zh, en} pairs). The library keeps them in its own tables through `store_hooks` (filled at ingest,
redone after a correction or metadata edit); the query functions below read those tables:

    entities(lib, type=None, source=None, q=None)      -> [{id, type, en, zh, mentions, documents}]
    entity(lib, name)                                   -> {…, variants, surfaces, mentions, documents, co_mentioned}
    timeline(lib, entity=None, date_from=None, date_to=None, source=None) -> [merged events, each with sources]
    figures(lib, entity=None, measure=None, date_from=None, date_to=None, source=None) -> [figures]
    candidates(lib, min_count=1)                        -> [{key, en, zh, count, documents, examples}]
    confirm_candidate(lib, en, …)                       -> the new or extended glossary entry
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..lang.glossary import Glossary, load
from ..model import Document, Mention, Sentence
from .entities import Candidate, document_short_forms, sentence_mentions, typed_candidates
from .events import Event, events_in_pair, side_dates
from .events import _published as published_date
from .figures import Figure, as_written, figures_in_pair, restated, tight_digits, unshifted
from .names import is_venue

__all__ = [
    "Knowledge",
    "extract",
    "unit_pairs",
    "entities",
    "entity",
    "timeline",
    "figures",
    "candidates",
    "confirm_candidate",
    "network",
    "document_names",
    "Mention",
    "Event",
    "Figure",
    "Candidate",
]


@dataclass
class Knowledge:
    doc_id: str
    mentions: list[Mention] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "mentions": [
                {
                    "entity_id": m.entity_id,
                    "surface": m.surface,
                    "unit_id": m.unit_id,
                    "sentence": m.sentence,
                    "side": m.side,
                    "start": m.start,
                    "end": m.end,
                }
                for m in self.mentions
            ],
            "candidates": [
                {"en": c.en, "zh": c.zh, "unit_id": c.unit_id, "sentence": c.sentence} for c in self.candidates
            ],
            "events": [e.to_dict() for e in self.events],
            "figures": [f.to_dict() for f in self.figures],
        }


def unit_pairs(unit: Any) -> list[tuple[str, str]]:
    """The unit's aligned sentence pairs; a unit stored without them counts as one pair."""
    sents: list[Sentence] = list(unit.sentences or [])
    if sents:
        return [(s.zh or "", s.en or "") for s in sents]
    if (unit.zh or "").strip() or (unit.en or "").strip():
        return [(unit.zh or "", unit.en or "")]
    return []


_NO_CANDIDATES = ("heading", "title")  # headings are in title case: every word would look like a name


def extract(doc: Document, glossary: Glossary | None = None) -> Knowledge:
    """Mentions, candidates, events and figures of one document (pure; `glossary` defaults to the shared one)."""
    g = glossary or load()
    k = Knowledge(doc.id)
    published = published_date(doc.published)
    sentences: list[tuple[str, int, str, str]] = []
    for unit in doc.units:
        last_figure = None
        for i, (zh, en) in enumerate(unit_pairs(unit)):
            sentences.append((unit.id, i, zh, en))
            zh_m = sentence_mentions(g, zh, "zh")
            en_m = sentence_mentions(g, en, "en")
            if unit.kind not in _NO_CANDIDATES:
                typed = typed_candidates(
                    g, unit.id, i, zh, en, [(a, b) for _, _, a, b in en_m], [(a, b) for _, _, a, b in zh_m]
                )
                k.candidates += [c for c, _ in typed]
                # the longest name wins: no country inside an organisation's name (俄罗斯 in 俄罗斯国防部)
                # nor a city inside a venue's (北京 in 北京国际会议中心)
                holding = [(c, sp) for c, sp in typed if c.type == "org" or c.type == "place" and is_venue(c.zh, c.en)]
                zh_names = [sp[0] for c, sp in holding if sp[0]]
                en_names = [sp[1] for c, sp in holding if sp[1]]
                zh_m = [m for m in zh_m if not _inside(m[2], m[3], zh_names)]
                en_m = [m for m in en_m if not _inside(m[2], m[3], en_names)]
            for side, found in (("zh", zh_m), ("en", en_m)):
                k.mentions += [Mention(eid, surface, unit.id, side, a, b, i) for eid, surface, a, b in found]
            actors = sorted({m[0] for m in zh_m} | {m[0] for m in en_m})
            actors = _actors(g, actors)
            # every date is read against the publication date and its own sentence only: a year stated
            # in an earlier sentence may be of anything (a 2005 reform, a student's cohort)
            # dates and amounts with spaces around their digits (1997 年 1 月 15 日) are read as if tight,
            # and quoted as written
            tight, removed = tight_digits(zh)
            events = events_in_pair(tight, en, published, actors, unit.id, i)
            for e in events:
                e.zh, e.surface = zh, as_written(e.surface, zh) or ""
            k.events += events
            dates = {
                "zh": [(unshifted(p, removed), d, pr) for p, d, pr in side_dates(tight, "zh", published)],
                "en": side_dates(en, "en", published),
            }
            year = published.year if published else None
            figs = figures_in_pair(zh, en, dates["zh"], dates["en"], year, unit.id, i, actors, last_figure)
            figs = [f for f in figs if not restated(f, k.figures, doc.units[0].id if doc.units else None)]
            k.figures += figs
            last_figure = figs[-1] if figs else None
    # 塔国, "Tajik": short forms of a place the document names in full somewhere
    k.mentions += document_short_forms(g, sentences, k.mentions)
    return k


# Currencies and generic terms are named in a sentence but do not act in it.
_NOT_ACTORS = ("currency",)


_GLOSSARY_TYPES = {"country": "place", "city": "place", "place": "place", "person": "person", "org": "org"}
# A seat of power the glossary lists as a place (the Kremlin, the Pentagon) is named in the news for the
# body that sits there (克里姆林宫的一份声明称): an organisation, as the gold's guideline has it
_SEATS_OF_POWER = frozenset({"kremlin", "pentagon", "whitehouse", "downingstreet"})  # English form keys


def _seat_as_org(en: str | None, kind: str) -> str:
    """`kind`, or "org" for a seat of power named by its English form."""
    return "org" if _form_key(en or "").removeprefix("the") in _SEATS_OF_POWER else kind


def document_names(k: Knowledge, glossary: Glossary | None = None) -> list[dict[str, Any]]:
    """The people, organisations and places one document names, one row per entity: glossary entities
    (status "known") and candidates (status "candidate", with their type), each with every form seen.
    Rows sharing a form (王志安 seen beside "Wang Zhi’an" in one sentence and "Wang Zhian" in another;
    "Teresa May" and "Theresa May" both beside 特蕾莎·梅) are one entity."""
    g = glossary or load()
    rows: list[dict[str, Any]] = []
    for m in k.mentions:
        try:
            e = g.entity(m.entity_id)
        except KeyError:
            continue
        if e.type in _GLOSSARY_TYPES:
            kind = _seat_as_org(e.en, _GLOSSARY_TYPES[e.type])
            rows.append({"id": e.id, "type": kind, "zh": e.zh, "en": e.en, "forms": {m.surface}, "status": "known"})
    for c in k.candidates:
        if c.type in ("person", "org", "place"):
            forms = {x for x in (c.en, c.zh, c.alias) if x}
            kind = _seat_as_org(c.en, c.type)
            rows.append({"id": "cand:" + c.key, "type": kind, "zh": c.zh or "", "en": c.en, "forms": forms, "status": "candidate"})
    merged: list[dict[str, Any]] = []
    for row in rows:
        keys = {_form_key(f) for f in row["forms"] | {row["zh"], row["en"]} if f}
        if row["type"] == "person" and re.search("[·・]", row["zh"]):
            keys.add(_form_key(re.split("[·・]", row["zh"])[-1]))  # 赫达尔 later in the text: the surname alone
        target = next((m for m in merged if m["_keys"] & keys or _shortened(m, row)), None)
        if target is None:
            merged.append({**row, "_keys": keys, "variants": sorted(row["forms"])})
            continue
        target["_keys"] |= keys
        target["variants"] = sorted(set(target["variants"]) | row["forms"])
        if target["status"] == "candidate" and row["status"] == "known":
            target.update(id=row["id"], type=row["type"], zh=row["zh"], en=row["en"], status="known")
        else:
            target["zh"] = target["zh"] or row["zh"]
            target["en"] = target["en"] or row["en"]
    merged = _fold_short_people(merged)
    for row in merged:
        del row["_keys"]
        row.pop("forms", None)
    return merged


def _fold_short_people(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A person named again by a given name alone (阿里 / Aly for 阿里·莱斯曼) or a clipped surname (穆斯 /
    Mustafina for 穆斯塔芬娜) is the one person of the document whose full name holds it; with two such
    people, it stays apart."""
    people = [r for r in rows if r["type"] == "person"]
    out: list[dict[str, Any]] = []
    for row in rows:
        if row["type"] != "person" or re.search("[·・]", row["zh"]) or len((row["en"] or "").split()) > 1:
            out.append(row)
            continue
        holders = [r for r in people if r is not row and _holds(r, row)]
        if len(holders) != 1:
            out.append(row)
            continue
        holders[0]["_keys"] |= row["_keys"]
        holders[0]["variants"] = sorted(set(holders[0]["variants"]) | set(row["variants"]))
    return out


def _holds(full: dict[str, Any], short: dict[str, Any]) -> bool:
    parts = [p for p in re.split("[·・]", full["zh"]) if p]
    zh, en = short["zh"], _form_key(short["en"] or "")
    words = _words(full["en"] or "")
    latin = {k for k in short["_keys"] if k.isascii()}
    # the full name's given name may itself be clipped at its start (迪逊·科希安 beside 麦迪逊)
    by_zh = len(zh) >= 2 and bool(parts) and (
        len(parts) >= 2 and len(parts[0]) >= 2 and zh.endswith(parts[0]) or parts[-1].startswith(zh) and parts[-1] != zh
    )
    by_en = len(words) >= 2 and bool(latin & {words[0], words[-1]})
    # a full name the Chinese gives by its surname alone (多伊尔 / Eilidh Doyle) cannot judge a given name
    # written otherwise (艾里德 / Eilidh): the English given name decides
    given_only = len(parts) == 1 and len(words) >= 2 and by_en and en == words[0]
    # both sides that are given must agree: 穆斯 / Mustafina, 阿里 / Aly, 麦迪逊 / Madison
    return (by_zh or not zh or given_only) and (by_en or not en) and (by_zh or by_en)


def _shortened(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """An organisation named again without its country on both sides (美国空军 US Air Force, then 空军 Air
    Force) is the same one; so is one the English alone names again by the last words of its name
    (China Guodian Corporation, then Guodian Corporation)."""
    if a["type"] != "org" or b["type"] != "org":
        return False
    if a["en"] and b["en"] and not (a["zh"] and b["zh"]):
        wa, wb = _words(a["en"]), _words(b["en"])
        (lw, sw) = (wa, wb) if len(wa) >= len(wb) else (wb, wa)
        return len(sw) >= 2 and len(lw) > len(sw) and lw[-len(sw) :] == sw
    if not (a["zh"] and a["en"] and b["zh"] and b["en"]):
        return False
    (long, short) = (a, b) if len(a["zh"]) >= len(b["zh"]) else (b, a)
    return (
        len(short["zh"]) >= 2 and long["zh"] != short["zh"] and long["zh"].endswith(short["zh"])
        and _form_key(long["en"]).endswith(_form_key(short["en"]))
    )  # fmt: skip


def _words(form: str) -> list[str]:
    return [_form_key(w) for w in form.split() if _form_key(w)]


def _form_key(form: str) -> str:
    """Forms that differ only in case, apostrophes, spaces or middle dots are one."""
    return "".join(ch for ch in form.lower() if ch.isalnum())


def _inside(a: int, b: int, spans: list[tuple[int, int]]) -> bool:
    return any(x <= a and b <= y and (x, y) != (a, b) for x, y in spans)


def _actors(g: Glossary, ids: list[str]) -> list[str]:
    out = []
    for eid in ids:
        try:
            if g.entity(eid).type in _NOT_ACTORS:
                continue
        except KeyError:
            pass
        out.append(eid)
    return out


from .queries import candidates, confirm_candidate, entities, entity, figures, network, timeline  # noqa: E402
