"""The query language, and its compilation into weighted concepts and one FTS5 MATCH expression.

Syntax (any string is accepted; nothing here ever raises on user input):
- words: every word must match (in either language: each word brings its translations, its
  glossary entity and, for Chinese, its character bigrams as alternatives); when no unit holds all of
  them, search relaxes to any of them, ranked (the result says "relaxed": true);
- "a phrase" (also “…” and 「…」): the words adjacent, in their own language (or its translation as
  a whole); a quoted passage longer than LONG_PHRASE words that no unit holds is relaxed to its
  words, ranked ("relaxed": true), as pasted text is: a quotation copied from the other language's
  text, or an opening quote never closed, is not a phrase search;
- -word, -"a phrase": exclude units holding it (its own words, entity and number forms);
- a OR b (also a | b): either;
- fields: source:X author:X keyword:X from:YYYY-MM-DD to:YYYY-MM-DD year:YYYY side:zh|en act as the
  command's filters; quote values with spaces (source:"CSIS Interpret"). Unknown fields are words.
The MATCH expression is built here from analyzer tokens, each one quoted, so FTS5 syntax in the
user's string (NEAR, *, ^, column:) is only ever text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..terms.lookup import NONE as NO_TERMS
from ..terms.lookup import QueryTerms
from . import analyzer, translate

FIELDS = {"source", "author", "keyword", "from", "to", "year", "side"}
BIGRAM_WEIGHT = 0.8  # a word matched only through its character bigrams (a judgement, not tuned)
_ITEM = re.compile(r'(-?)(?:([A-Za-z]+):)?(?:"([^"]*)"?|“([^”]*)”?|「([^」]*)」?|(\S+))')


@dataclass(frozen=True)
class Alt:
    tokens: tuple[str, ...]
    weight: float
    kind: str  # orig | ent | value | bigram | trans
    adjacent: bool = True  # phrase (adjacent) or all tokens anywhere in the row

    def fts(self) -> str:
        quoted = [_quote(t) for t in self.tokens]
        if len(quoted) == 1:
            return quoted[0]
        if self.adjacent:
            return '"' + " ".join(t[1:-1] for t in quoted) + '"'
        return "(" + " AND ".join(quoted) + ")"


@dataclass
class Concept:
    label: str
    alts: list[Alt] = field(default_factory=list)

    def add(self, alt: Alt) -> None:
        if not alt.tokens:
            return
        for i, a in enumerate(self.alts):
            if a.tokens == alt.tokens:
                if alt.weight > a.weight:
                    self.alts[i] = alt
                return
        self.alts.append(alt)


def any_of(alts: Sequence[Alt]) -> str:
    """One FTS5 MATCH expression for any of the alternatives."""
    return "(" + " OR ".join(a.fts() for a in alts) + ")"


@dataclass(frozen=True)
class Match:
    """What search asks the index for: rows holding one alternative of every group and none of any
    excluded group. Each backend compiles it (SQLite: fts(), PostgreSQL: postgres_index.tsquery)."""

    groups: tuple[tuple[Alt, ...], ...]
    excluded: tuple[tuple[Alt, ...], ...] = ()

    @classmethod
    def either(cls, alts: Sequence[Alt]) -> Match:
        """Rows holding any one of these alternatives."""
        return cls((tuple(alts),))

    def fts(self) -> str:
        """The FTS5 MATCH expression."""
        expr = " AND ".join(any_of(alts) for alts in self.groups)
        return expr + "".join(" NOT " + any_of(alts) for alts in self.excluded)


def _unsubsumed(alts: list[Alt]) -> list[Alt]:
    """The alternatives of an OR that can match a row none of the others matches, each once.

    A row holding all of (whole, provinc), as a phrase or not, holds provinc: beside provinc that
    alternative only costs FTS5 a walk of its positions (a multi-word translation comes with its single
    words). Matching only: scoring still sees every alternative."""
    unique: dict[Any, Alt] = {}
    for a in alts:  # the same alternative in two concepts of a relaxed query: once
        unique.setdefault(a.tokens if a.adjacent else frozenset(a.tokens), a)
    kept = list(unique.values())
    return [a for a in kept if len(a.tokens) == 1 or not any(b is not a and _within(b, a) for b in kept)]


def _within(b: Alt, a: Alt) -> bool:
    """Every row that `a` matches, `b` matches too."""
    if not set(b.tokens) <= set(a.tokens):
        return False
    if len(b.tokens) == 1 or not b.adjacent:
        return True
    n = len(b.tokens)  # b a phrase: a must be a phrase holding b's words in a row
    return a.adjacent and any(a.tokens[i : i + n] == b.tokens for i in range(len(a.tokens) - n + 1))


@dataclass
class Query:
    text: str
    concepts: list[Concept]
    excluded: list[Concept]
    filters: dict[str, Any]
    side: str | None = None
    lang: str | None = None  # the language the query is written in (zh, en) — picks fusion weights
    loose_text: str | None = None  # the text with its phrases' quotes dropped (None: it has no phrase)

    def match(self, relaxed: bool = False, only: Callable[[Alt], bool] | None = None) -> Match | None:
        """What the index is asked for; None when nothing positive is left to search for.

        only: keep just the alternatives it accepts (search prunes common ones at scale); a concept
        left without any keeps all of its own.
        """
        groups = self.match_alts(relaxed, only)
        if not groups:
            return None
        return Match(tuple(map(tuple, groups)), tuple(map(tuple, self.excluded_alts())))

    def excluded_alts(self) -> list[list[Alt]]:
        """What match() excludes, one OR per -term: its own words, entity and number forms (not its
        translations: -Russia must not drop every unit that merely says 俄)."""
        groups = [[a for a in c.alts if a.kind in ("orig", "ent", "value")] for c in self.excluded]
        return [alts for alts in groups if alts]

    def match_alts(self, relaxed: bool = False, only: Callable[[Alt], bool] | None = None) -> list[list[Alt]]:
        """What match() searches for, as alternatives: an AND of ORs (one OR when relaxed); [] when
        nothing is left. Also what bench/search.py hands its peer (tantivy), so both walk the same query."""
        concepts = [c for c in self.concepts if c.alts]
        if relaxed:
            alts = [a for c in concepts for a in c.alts if only is None or only(a)]
            return [_unsubsumed(alts)] if alts else []
        return [_unsubsumed([a for a in c.alts if only is None or only(a)] or c.alts) for c in concepts]

    def tokens(self) -> set[str]:
        return {t for c in self.concepts for a in c.alts for t in a.tokens}

    def mark_tokens(self, mode: str) -> set[str]:
        """Tokens to mark in snippets: not the bigram fallbacks of a words index (they would light up
        every character pair of a longer word)."""
        return {t for c in self.concepts for a in c.alts if a.kind != "bigram" or mode == "bigrams" for t in a.tokens}


def _quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


# -- parsing ---------------------------------------------------------------------------------------
def parse(
    text: str, mode: str = analyzer.DEFAULT_BIGRAMS, translate_query: bool = True, terms: QueryTerms = NO_TERMS
) -> Query:
    """terms: what the library's termbase says about the query's phrases (terms.lookup.query_terms);
    they are translated phrase for phrase before the dictionary is asked."""
    text = (text or "")[:2000]
    filters: dict[str, Any] = {}
    side = None
    groups: list[list[tuple[str, bool]]] = []  # OR groups of (text, is_phrase)
    negative: list[tuple[str, bool]] = []
    join_next = False
    unquoted: list[tuple[int, int, str]] = []  # (start, end, words) of each positive phrase
    for m in _ITEM.finditer(text):
        neg, fname, *quoted, bare = m.groups()
        phrase_text = next((q for q in quoted if q is not None), None)
        value = phrase_text if phrase_text is not None else (bare or "")
        if fname and fname.lower() in FIELDS and value:
            key = fname.lower()
            if key == "side":
                side = value.lower() if value.lower() in ("zh", "en") else side
            else:
                filters[{"from": "date_from", "to": "date_to"}.get(key, key)] = value
            continue
        if fname:  # an unknown field is just words
            value = f"{fname} {value}"
        if phrase_text is None and value in ("OR", "|"):
            join_next = bool(groups)
            continue
        item = (value, phrase_text is not None)
        if neg and (phrase_text is not None or len(value) > 0) and m.group(0) != "-":
            negative.append(item)
            join_next = False
            continue
        if phrase_text is not None and not fname and _words(phrase_text) > LONG_PHRASE:
            unquoted.append((m.start(), m.end(), f" {phrase_text} "))
        if join_next and groups:
            groups[-1].append(item)
        else:
            groups.append([item])
        join_next = False
    concepts: list[Concept] = []
    for group in _term_groups(groups, terms) if translate_query and terms else groups:
        if len(group) == 1:
            concepts += _concepts(group[0][0], group[0][1], mode, translate_query, terms)
        else:
            merged = Concept(" OR ".join(g[0] for g in group))
            for value, is_phrase in group:
                for c in _concepts(value, is_phrase, mode, translate_query, terms):
                    for a in c.alts:
                        merged.add(a)
            concepts.append(merged)
    excluded = [c for value, is_phrase in negative for c in _concepts(value, True, mode, False)]
    lang = "zh" if analyzer.has_han(text) else "en"
    return Query(
        text=text, concepts=[c for c in concepts if c.alts], excluded=excluded, filters=filters, side=side, lang=lang,
        loose_text=_replaced(text, unquoted).strip() if unquoted else None,
    )


LONG_PHRASE = 6  # words; as search.MAX_CONCEPTS_FOR_AND, past which a query is pasted text


def _words(text: str) -> int:
    lang = "zh" if analyzer.has_han(text) else "en"
    return sum(1 for t in analyzer.analyze(text, lang, "words") if t.kind in ("word", "num"))


def _replaced(text: str, spans: list[tuple[int, int, str]]) -> str:
    out, at = [], 0
    for start, end, words in spans:
        out += [text[at:start], words]
        at = end
    return "".join([*out, text[at:]])


def han_alts(word: str, mode: str, weight: float, kind: str) -> list[Alt]:
    """How one simplified Chinese word is looked up in an index built in `mode`."""
    if mode == "bigrams":
        return [Alt(tuple(analyzer.bigrams_of(word)), weight, kind)]
    alts = [Alt(tuple(w for w in _cut(word)), weight, kind)]
    if mode == "both" and len(word) >= 3:
        alts.append(Alt(tuple(analyzer.bigrams_of(word)), weight * BIGRAM_WEIGHT, "bigram"))
    return alts


def _cut(word: str) -> list[str]:
    import rjieba

    return [w for w in rjieba.cut(word) if w.strip()] or [word]


def _concepts(value: str, is_phrase: bool, mode: str, translate_query: bool, terms: QueryTerms = NO_TERMS) -> list[Concept]:
    toks = [t for t in analyzer.analyze(value, "zh" if analyzer.has_han(value) else "en", "words") if t.text]
    main = [t for t in toks if t.kind in ("word", "num")]
    if not main:
        return []
    norm = analyzer.normalize(value)
    extras = [t for t in toks if t.kind in ("ent", "value")] + _entities_any_case(value)
    if is_phrase:
        c = Concept(value)
        c.add(Alt(_index_form(main, norm, mode), 1.0, "orig"))
        whole = [t for t in extras if t.start <= main[0].start and t.end >= main[-1].end]
        for t in whole:
            c.add(Alt((t.text,), 1.0, t.kind))
        if translate_query:
            _terms_into(c, norm[main[0].start : main[-1].end], mode, terms)
            _translate_into(c, norm[main[0].start : main[-1].end], mode)
        return [c]
    out: list[Concept] = []
    i = 0
    while i < len(main):
        t = main[i]
        # a glossary name or a dictionary phrase covering several words is one concept
        span_end = i
        ent = [e for e in extras if e.kind == "ent" and e.start <= t.start < e.end]
        if ent:
            while span_end + 1 < len(main) and main[span_end + 1].end <= ent[0].end:
                span_end += 1
        term_end = _term_span(main, i, norm, terms) if translate_query and terms else i
        if term_end > span_end:  # the termbase's phrase, longest first, before the dictionary's
            span_end = term_end
        elif not ent and translate_query and not analyzer.has_han(t.text):
            for n in (4, 3, 2):
                if i + n <= len(main) and all(not analyzer.has_han(x.text) for x in main[i : i + n]):
                    surface = norm[t.start : main[i + n - 1].end]
                    if translate.has_phrase(surface):
                        span_end = i + n - 1
                        break
        words = main[i : span_end + 1]
        surface = norm[words[0].start : words[-1].end]
        raw = value[words[0].start : words[-1].end].lower()
        i = span_end + 1
        if (
            len(words) == 1
            and analyzer.is_stopword(raw if not analyzer.has_han(raw) else words[0].text)
            and len(main) > 1
        ):
            continue
        c = Concept(surface)
        c.add(Alt(_index_form(words, norm, mode), 1.0, "orig"))
        if len(words) == 1 and analyzer.has_han(words[0].text) and mode == "both" and len(words[0].text) >= 3:
            c.add(Alt(tuple(analyzer.bigrams_of(words[0].text)), BIGRAM_WEIGHT, "bigram"))
        for e in extras:
            if e.start < words[-1].end and e.end > words[0].start:
                c.add(Alt((e.text,), 1.0, e.kind))
        if translate_query:
            _terms_into(c, surface, mode, terms)
            _translate_into(c, surface, mode)
        out.append(c)
    return out


def _index_form(words: list[analyzer.Token], norm: str, mode: str) -> tuple[str, ...]:
    if mode != "bigrams":
        return tuple(w.text for w in words)
    out: list[str] = []
    for w in words:
        out += analyzer.bigrams_of(w.text) if analyzer.has_han(w.text) else [w.text]
    return tuple(out)


def _term_groups(groups: list[list[tuple[str, bool]]], terms: QueryTerms) -> list[list[tuple[str, bool]]]:
    """Consecutive plain words that together are a termbase term, as one group (one concept)."""
    out: list[list[tuple[str, bool]]] = []
    i = 0
    while i < len(groups):
        end = i
        for j in range(min(len(groups), i + 6) - 1, i, -1):
            run = groups[i : j + 1]
            if all(len(g) == 1 and not g[0][1] for g in run):
                surface = " ".join(g[0][0] for g in run)
                if terms.english_for(surface) if analyzer.has_han(surface) else terms.chinese_for(surface):
                    end = j
                    break
        out.append([(" ".join(g[0][0] for g in groups[i : end + 1]), False)] if end > i else groups[i])
        i = end + 1
    return out


def _term_span(main: list[analyzer.Token], i: int, norm: str, terms: QueryTerms) -> int:
    """The last word of the longest run of words from main[i] (one script) that is a termbase term;
    i itself when none of two words or more is."""
    han = analyzer.has_han(main[i].text)
    for j in range(min(len(main), i + 12) - 1, i, -1):
        if any(analyzer.has_han(x.text) != han for x in main[i : j + 1]):
            continue
        surface = norm[main[i].start : main[j].end]
        if (terms.english_for(surface) if han else terms.chinese_for(surface)):
            return j
    return i


def _terms_into(c: Concept, surface: str, mode: str, terms: QueryTerms) -> None:
    """The termbase's renderings of `surface` as alternatives: an English phrase (adjacent words), or
    a Chinese word in every form the index may hold it (its words, and its bigrams in mode both)."""
    if not terms:
        return
    if analyzer.has_han(surface):
        for en, w in terms.english_for(surface):
            toks = tuple(t.text for t in analyzer.analyze(en, "en", "words", entities=False, values=False) if t.kind in ("word", "num"))
            c.add(Alt(toks, w, "term"))
    else:
        for zh, w in terms.chinese_for(surface):
            for a in han_alts(analyzer.normalize(zh), mode, w, "term"):
                c.add(a)



# A Chinese word the dictionary lacks (jieba keeps 合影留念, 本台消息, 柬方 whole) is translated by
# its parts: the dictionary words of two characters or more it is made of, longest first from the
# left (合影 + 留念), each part's renderings an alternative at PART_WEIGHT of its own weight. Before,
# such a word had no English alternative at all, and a short query holding one found its translation
# only by meaning (WMT18 headline-like pairs, bench/crosslingual.py). Single characters are left out:
# their senses are many and mostly not the word's (方: square, side, direction, prescription …).
PART_WEIGHT = 0.7
PART_MAX = 4


def dictionary_parts(word: str) -> list[str]:
    """The dictionary words (2–PART_MAX characters) a word is made of, longest first from the left."""
    out: list[str] = []
    i = 0
    while i < len(word) - 1:
        for j in range(min(len(word), i + PART_MAX), i + 1, -1):
            if j - i < len(word) and translate.zh_to_en(word[i:j]):
                out.append(word[i:j])
                i = j
                break
        else:
            i += 1
    return out


def _translate_into(c: Concept, surface: str, mode: str) -> None:
    if analyzer.has_han(surface):
        if re.fullmatch(f"[{analyzer.HAN}]+", surface):
            found = translate.zh_to_en(surface)
            for toks, w in found:
                c.add(Alt(toks, w, "trans"))
            if not found:
                for part in dictionary_parts(surface):
                    for toks, w in translate.zh_to_en(part):
                        c.add(Alt(toks, w * PART_WEIGHT, "trans"))
    elif re.fullmatch(r"[A-Za-z][A-Za-z '\-]*", surface):
        for head, w in translate.en_to_zh(surface):
            for a in han_alts(head, mode, w, "trans")[:1]:
                c.add(a)


def _entities_any_case(value: str) -> list[analyzer.Token]:
    """Queries are typed in lower case: 'putin' should find the entity the glossary lists as 'Putin'."""
    g = analyzer.glossary()
    if g is None or analyzer.has_han(value):
        return []
    out = []
    for m in re.finditer(r"[A-Za-z][A-Za-z.\-]*(?:\s+[A-Za-z][A-Za-z.\-]*)*", value):
        words = [(w.group(), m.start() + w.start(), m.start() + w.end()) for w in re.finditer(r"\S+", m.group())]
        for n in range(min(4, len(words)), 0, -1):
            for s in range(0, len(words) - n + 1):
                phrase = " ".join(w[0] for w in words[s : s + n])
                for form in {phrase.title(), phrase.upper(), phrase}:
                    try:
                        ids = g.lookup(form)
                    except Exception:  # noqa: BLE001
                        ids = []
                    for eid in ids[:2]:
                        out.append(analyzer.Token(analyzer.entity_token(eid), words[s][1], words[s + n - 1][2], "ent"))
    return out
