"""Snippets: a window of the unit's original text with the matched terms wrapped in « and ».

The marks are placed on the ORIGINAL text (analyzer offsets point into it), so a traditional-script
unit found by a simplified query shows its own characters, marked. Consumers that render HTML
escape the snippet first and then turn « » into <mark></mark> (the text itself can never inject markup).
"""

from __future__ import annotations

from . import analyzer

OPEN, CLOSE = "«", "»"
WIDTH = {"zh": 90, "en": 220}


def marks(text: str, lang: str, wanted: set[str], mode: str) -> list[tuple[int, int]]:
    spans = []
    # quantity values and entities are costly to find: only when the query holds such tokens
    values = any(w[:1].isdigit() for w in wanted)
    entities = any(w.startswith("ent:") for w in wanted)
    for t in analyzer.analyze(text, lang, mode, entities=entities, values=values):
        if t.text in wanted and (t.kind != "bigram" or mode == "bigrams"):
            spans.append((t.start, t.end))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return merged


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
