"""Snippets: a window of the unit's original text with the matched terms wrapped in « and ».

The marks are placed on the ORIGINAL text (analyzer offsets point into it), so a traditional-script
unit found by a simplified query shows its own characters, marked. Consumers that render HTML
escape the snippet first and then turn « » into <mark></mark> (the text itself can never inject markup).
"""

from __future__ import annotations

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
    spans: list[tuple[int, int]] = []
    han, plain, numbers, entities = _kinds(frozenset(wanted))
    for w in han:
        i = norm.find(w)
        while i >= 0:
            spans.append((i, i + len(w)))
            i = norm.find(w, i + 1)
    if plain:
        for m in analyzer._RUN.finditer(norm):
            han_run, num, word = m.groups()
            if han_run:
                continue
            tok = analyzer.number_token(num) if num else analyzer.latin_token(word)
            if tok in plain:
                spans.append((m.start(), m.end()))
    if numbers:
        written = {analyzer.number_token(m.group(2)) for m in analyzer._RUN.finditer(norm) if m.group(2)}
        spans += [(t.start, t.end) for t in analyzer._values(text, lang, written) if t.text in wanted]
    if entities:
        spans += [(t.start, t.end) for t in analyzer._entities(text, lang) if t.text in wanted]
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


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
