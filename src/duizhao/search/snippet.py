"""Snippets: a window of the unit's original text with the matched terms wrapped in « and ».

The marks are placed on the ORIGINAL text (analyzer offsets point into it), so a traditional-script
unit found by a simplified query shows its own characters, marked. Consumers that render HTML
escape the snippet first and then turn « » into <mark></mark> (the text itself can never inject markup).
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import analyzer

OPEN, CLOSE = "«", "»"
WIDTH = {"zh": 90, "en": 220}


def marks(text: str, lang: str, wanted: set[str], mode: str) -> list[tuple[int, int]]:
    """Spans of `text` to mark for the query tokens `wanted`.

    Cheap on purpose (it runs for every hit shown): Chinese tokens are found as substrings of the
    simplified text (simplification keeps offsets), Latin words and numbers by one regex pass with
    the cached stemmer; quantity values and entities only when the query holds such tokens. Re-running
    the full analyzer (jieba, bigrams) per hit cost more than the search itself.
    """
    norm = analyzer.normalize(text)
    stop = frozenset(w for w in wanted if analyzer.is_stopword(w))
    spans = _spans(text, lang, norm, frozenset(wanted) - stop)
    if stop and spans:
        # a phrase's stopwords (的, "of") are marked inside its marked run, never on their own: a unit
        # found by meaning or by the phrase's other words would otherwise light up every 的
        spans = _touching(spans, _spans(text, lang, norm, stop), norm)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


def _touching(content: list[tuple[int, int]], stops: list[tuple[int, int]], norm: str) -> list[tuple[int, int]]:
    """content plus the stopword spans joined to it (directly or across spaces), transitively."""
    kept = sorted(content)
    pending = sorted(stops)
    grew = True
    while grew and pending:
        grew = False
        for sp in list(pending):
            if any(_joined(a, sp, norm) or _joined(sp, a, norm) for a in kept):
                kept.append(sp)
                pending.remove(sp)
                grew = True
    return kept


def _joined(left: tuple[int, int], right: tuple[int, int], norm: str) -> bool:
    return left[1] <= right[0] and not norm[left[1] : right[0]].strip()


def _spans(text: str, lang: str, norm: str, wanted: frozenset[str]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    han, plain, numbers, entities = _kinds(wanted)
    for w in han:
        i = norm.find(w)
        while i >= 0:
            spans.append((i, i + len(w)))
            i = norm.find(w, i + 1)
    if plain:
        spans += _plain_spans(norm, plain, numbers)
    if numbers:
        written = {analyzer.number_token(m.group(2)) for m in analyzer.TOKEN_RUN.finditer(norm) if m.group(2)}
        spans += [(t.start, t.end) for t in analyzer.value_tokens(text, lang, written) if t.text in wanted]
    if entities:
        spans += [(t.start, t.end) for t in analyzer.entity_tokens(text, lang) if t.text in wanted]
    return spans


def _plain_spans(norm: str, plain: frozenset[str], numbers: bool) -> list[tuple[int, int]]:
    """Spans of the words and numbers of `norm` whose token is in `plain`.

    The plain way (every regex match through latin_token) costs ~1 µs a word, most of a snippet. In
    text without Chinese, apostrophes inside words or numbers asked for, each word is found instead by
    where its token's prefix occurs (an English Snowball stem of four letters or more keeps all but at
    most its last letter of the lowercased word: city → citi; a shorter one at least its first letter:
    dying → die; tests/search check this over the dev data's words),
    and only those places are tokenised. Anything else takes the plain way."""
    lower = norm.lower()
    if (
        numbers
        or len(lower) != len(norm)
        or analyzer.has_han(norm)
        or _INNER_APOSTROPHE.search(norm)
    ):
        return _plain_spans_every_word(norm, plain)
    starts: set[int] = set()
    for prefix in _prefixes(plain):
        i = lower.find(prefix)
        while i >= 0:
            if _starts_word(norm, i):
                starts.add(i)
            i = lower.find(prefix, i + 1)
    out = []
    for i in sorted(starts):
        m = analyzer.TOKEN_RUN.match(norm, i)
        if m is not None and m.group(3) and analyzer.latin_token(m.group(3)) in plain:
            out.append((m.start(), m.end()))
    return out


def _plain_spans_every_word(norm: str, plain: frozenset[str]) -> list[tuple[int, int]]:
    return [
        (m.start(), m.end())
        for m in analyzer.TOKEN_RUN.finditer(norm)
        if not m.group(1)
        and (analyzer.number_token(m.group(2)) if m.group(2) else analyzer.latin_token(m.group(3))) in plain
    ]


# an apostrophe inside a word other than a final 's (latin_token drops it after stemming: De'ang → deang)
_INNER_APOSTROPHE = re.compile(r"['’](?![sS](?![^\W\d_]))")


def _letter(ch: str) -> bool:
    """What TOKEN_RUN's word pattern [^\\W\\d_] matches: alphanumeric, not a decimal digit (nor _)."""
    return ch.isalnum() and not ch.isdecimal()


def _starts_word(norm: str, i: int) -> bool:
    """Whether TOKEN_RUN's tokenisation starts a token at i (text without Chinese): not after a letter, nor
    after an apostrophe that joins two letters (Russia's)."""
    if i == 0:
        return True
    prev = norm[i - 1]
    if prev in "'’":
        return not (i >= 2 and _letter(norm[i - 2]))
    return not _letter(prev)


@lru_cache(maxsize=256)
def _prefixes(plain: frozenset[str]) -> tuple[str, ...]:
    return tuple({t[:-1] if len(t) >= 4 else t[:1] for t in plain if t})


@lru_cache(maxsize=256)
def _kinds(wanted: frozenset[str]) -> tuple[tuple[str, ...], frozenset[str], bool, bool]:
    """The query's tokens sorted by how they are found (once per query, not once per hit)."""
    han = tuple(w for w in wanted if analyzer.has_han(w))
    plain = frozenset(w for w in wanted if not analyzer.has_han(w) and not w.startswith("ent:"))
    return han, plain, any(w[:1].isdigit() for w in wanted), any(w.startswith("ent:") for w in wanted)


def snippet(text: str | None, lang: str, wanted: set[str], mode: str = analyzer.DEFAULT_BIGRAMS) -> str:
    if not text:
        return ""
    text = text.replace(OPEN, "‹").replace(CLOSE, "›")  # our markers must stay unambiguous
    spans = marks(text, lang, wanted, mode)
    width = WIDTH.get(lang, 200)
    if spans:
        first = spans[0][0]
        start = max(0, first - width // 4)
    else:
        start = 0
    end = min(len(text), start + width)
    if end - start < width:
        start = max(0, end - width)
    out, pos = [], start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out.append(text[pos:s])
        out.append(OPEN + text[s:e] + CLOSE)
        pos = e
    out.append(text[pos:end])
    body = "".join(out)
    return ("…" if start > 0 else "") + body + ("…" if end < len(text) else "")
