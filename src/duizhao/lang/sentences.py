"""Sentence splitting for Chinese and English: pure, rule-based, fast.

Why rules and not a model: the aligner runs this on every bilingual unit at ingest time, and the
boundaries it needs are the conventional ones (what a translator calls a sentence). The rules are
table-tested in tests/lang/test_sentences.py.

Chinese: split after 。！？；… (and ASCII ! ? ;), swallowing closing quotes and brackets that follow;
never split inside an open quote or bracket; do not split when the text right after a closing quote
continues the sentence (，、的 …). English: split after . ! ? (plus closers) before whitespace and a
sentence start, except after abbreviations (Dr., No. 5, Jan. 3, e.g.), initials (John F. Kennedy),
decimals, and mid-sentence ellipses.
"""
from __future__ import annotations

import re

__all__ = ["split", "split_zh", "split_en"]

# --- Chinese -----------------------------------------------------------------------------------

_ZH_TERMINATORS = set("。！？；!?;…")
_ZH_CLOSERS = set("」』”’）)】》〉］]〕\"'")
_ZH_OPENERS = {"「": "」", "『": "』", "“": "”", "（": "）", "(": ")", "【": "】", "《": "》", "〈": "〉", "［": "］"}
_ZH_CLOSE_OF = {v: k for k, v in _ZH_OPENERS.items()}
# After a closing quote these mean the sentence goes on: “……。”的说法 / “……！”，他说
_ZH_CONTINUERS = set("，,、：:的地得等和与及")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def split_zh(text: str) -> list[str]:
    """Split Chinese text into sentences; line breaks always end a sentence."""
    out: list[str] = []
    for line in text.splitlines():
        out.extend(_split_zh_line(line))
    return out


def _split_zh_line(line: str) -> list[str]:
    sents: list[str] = []
    start = 0
    stack: list[str] = []  # open quotes/brackets awaiting their closer
    i, n = 0, len(line)
    while i < n:
        ch = line[i]
        if ch in _ZH_OPENERS and line.find(_ZH_OPENERS[ch], i + 1) >= 0:
            stack.append(_ZH_OPENERS[ch])  # an opener never closed on this line is a typo: ignore it
        elif ch in _ZH_CLOSE_OF and stack and stack[-1] == ch:
            stack.pop()
        elif ch == "." and _zh_period_ends(line, i):
            ch = "。"
        if ch in _ZH_TERMINATORS and not stack:
            j = _zh_sentence_end(line, i, stack)
            if j is not None:
                _push(sents, line[start:j])
                start = i = j
                continue
        elif ch in _ZH_TERMINATORS and stack:
            # A terminator inside a quote: the sentence ends only if the quote closes right after
            # it and the text after the quote does not continue the sentence.
            j = i + 1
            while j < n and line[j] in _ZH_TERMINATORS:
                j += 1
            k, depth = j, list(stack)
            while k < n and line[k] in _ZH_CLOSERS and depth and depth[-1] == line[k]:
                depth.pop()
                k += 1
            if k > j and not depth and (k >= n or line[k] not in _ZH_CONTINUERS):
                while k < n and line[k] in _ZH_CLOSERS:
                    k += 1
                stack.clear()
                _push(sents, line[start:k])
                start = i = k
                continue
        i += 1
    _push(sents, line[start:])
    return sents


def _zh_sentence_end(line: str, i: int, stack: list[str]) -> int | None:
    """Index just past the sentence ending at terminator `i`, or None if it continues."""
    n = len(line)
    j = i + 1
    while j < n and (line[j] in _ZH_TERMINATORS or line[j] == "."):
        j += 1
    while j < n and line[j] in _ZH_CLOSERS:
        j += 1
    if line[i] == "…" and j < n and line[j] in _ZH_CONTINUERS:
        return None  # "等等……，" is a pause, not an end
    return j


def _zh_period_ends(line: str, i: int) -> bool:
    """An ASCII full stop ends a Chinese sentence only right after a Chinese character."""
    if i == 0 or not _CJK.match(line[i - 1]):
        return False
    return i + 1 >= len(line) or not (line[i + 1].isascii() and line[i + 1].isalnum())


# --- English -----------------------------------------------------------------------------------

# Never end a sentence: titles and words that always take a complement.
_EN_TITLES = {
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "gen", "col", "lt", "sgt", "capt", "cmdr", "adm", "gov",
    "sen", "rep", "rev", "hon", "pres", "amb", "mt", "ft", "ave", "blvd", "fig", "figs", "vol", "vols", "pp", "p",
    "art", "sec", "ch", "ed", "eds", "vs", "v", "cf", "e.g", "i.e", "approx", "dept", "univ", "est", "op", "cit",
}
_EN_MONTHS = {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
# Words after a dotted acronym (U.S.) that show a new sentence has begun.
_EN_STARTERS = {
    "the", "a", "an", "this", "that", "these", "those", "it", "its", "he", "she", "they", "we", "i", "you", "but",
    "and", "in", "on", "at", "for", "as", "if", "when", "while", "after", "before", "there", "however", "meanwhile",
    "moreover", "yet", "so", "his", "her", "their", "our", "my", "what", "why", "how", "who", "some", "many", "most",
    "both", "since", "although", "though", "still", "also", "then", "now", "one", "no", "not", "such", "with",
}
# terminator, closers, an optional footnote mark glued on (Ukraine.”1 On …), then space
_EN_CANDIDATE = re.compile(r"(\.\.\.|…|[.!?])([\"'”’)\]]*)(\d{1,3}|\[\d{1,3}\])?(\s+)")
_EN_START = re.compile(r"[\"'“‘(\[]*([A-Z0-9\u3400-\u9fff]|$)")


def split_en(text: str) -> list[str]:
    """Split English text into sentences; line breaks always end a sentence."""
    out: list[str] = []
    for line in text.splitlines():
        out.extend(_split_en_line(line))
    return out


def _split_en_line(line: str) -> list[str]:
    sents: list[str] = []
    start = 0
    for m in _EN_CANDIDATE.finditer(line):
        end = m.end(2)
        if m.group(3):
            # a footnote mark only after a closer or a word ("Ukraine.1"), never a decimal ("2.0 The")
            if not (m.group(2) or (m.start() > 0 and line[m.start() - 1].isalpha())):
                continue
            end = m.end(3)
        nxt = line[m.end():]
        if not nxt or not (start_m := _EN_START.match(nxt)) or not start_m.group(1):
            continue  # a lowercase continuation (e.g. "... and", "approx. ten")
        if m.group(1) == "." and not _en_period_ends(line[start:m.start()], nxt, bool(m.group(2))):
            continue
        _push(sents, line[start:end])
        start = m.end()
    _push(sents, line[start:])
    return sents


def _en_period_ends(before: str, after: str, quoted: bool) -> bool:
    """Does the full stop after `before` end the sentence, given the text `after` it?"""
    if quoted:
        return True  # 'he said "Go." Then' — the closer settles it
    # The last whitespace-separated token; split from the right so a long unbroken run earlier in
    # the text (a URL, a base64 blob) costs nothing — a regex anchored at $ would backtrack over it.
    parts = before.rsplit(None, 1)
    if not parts or before[-1:].isspace():
        return True
    word = parts[-1].lstrip("\"'“‘([")
    low = word.lower()
    next_m = re.match(r"[\"'“‘(\[]*(\S*)", after)
    assert next_m is not None  # every part of the pattern may match empty
    next_word = next_m.group(1).rstrip(".,;:!?\"'”’)")
    if low in _EN_TITLES:
        return False
    if low in ("no", "nos") and next_word[:1].isdigit():
        return False
    if low in _EN_MONTHS and word[:1].isupper() and next_word[:1].isdigit():
        return False
    if re.fullmatch(r"[A-Z]", word):
        return False  # an initial: John F. Kennedy
    if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", word):
        # a dotted acronym (U.S, U.K, a.m): ends only if a clear sentence opener follows
        return next_word.lower() in _EN_STARTERS
    return True


def _push(sents: list[str], s: str) -> None:
    s = s.strip()
    if s:
        sents.append(s)


def split(text: str, lang: str) -> list[str]:
    """Split `text` in language `lang` ('zh…' or 'en')."""
    if lang.lower().startswith("zh"):
        return split_zh(text)
    if lang.lower().startswith("en"):
        return split_en(text)
    raise ValueError(f"no sentence splitter for language {lang!r}")
