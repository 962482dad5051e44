"""Text → search tokens, the same way for the index and for queries (pure; shared by every backend).

One token stream per text, whatever language the text is labelled: a Chinese paragraph quoting
"Frank Galicia" and an English one quoting 普京 are both handled by script runs.

- Chinese runs: traditional → simplified with Taiwan phrase forms (軟體 → 软件) so every script meets
  in one form; segmented by rjieba. The *main* stream is jieba's precise cut in reading order (so
  FTS5 phrase queries work on it); search-granularity sub-words (中华人民共和国 → 中华, 人民, 共和国)
  and, depending on `bigrams`, character bigrams follow as extra tokens at the end of the stream.
- Latin runs: lower-cased and Snowball-stemmed (kills/killed → kill).
- Numbers: separators dropped (1,750 → 1750); with duizhao.lang.quantities, the *value* of each
  quantity is one more token (1539.385亿 and 153.9385 billion → 153938500000).
- Names and terms: with duizhao.lang.glossary, each mention adds an entity token `ent:<id>`, so 普丁,
  普京 and Putin share a token.

Tokens hold only letters, digits, Han and ':' '.' '_', joined by spaces for FTS5's unicode61
tokenizer (tokenchars ':._'), which then keeps each of them whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..lang import glossary as glossary_mod
from ..lang.english import EN_STOP, UNSAFE, latin_token
from ..lang.quantities import extract_quantities
from ..lang.script import to_simplified

# How Chinese is indexed: "words" (jieba + search sub-words), "bigrams" (characters pairs only) or
# "both". Measured by bench/search.py (quality.lexical, MRR@10 over the six dev tasks): words .902,
# both .900, bigrams .888 (bigrams alone lose 2–4 points en→zh). Words and both tie; "both" stays the
# default for names and abbreviations jieba does not know (a bigram still meets them). The index and
# queries must agree, so the library records the mode it was built with (index_rows.ANALYZER_SETTING).
BIGRAMS_MODES = ("words", "bigrams", "both")
DEFAULT_BIGRAMS = "both"

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
TOKEN_RUN = re.compile(rf"([{HAN}]+)|(\d+(?:[,，]\d{{3}})*(?:\.\d+)?)|([^\W\d_]+(?:['’][^\W\d_]+)*)")
_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_HAS_FULLWIDTH = re.compile("[\uff01-\uff5e]")
_HAS_HAN = re.compile(f"[{HAN}]")  # compiled once: has_han runs tens of times per query and per snippet

ZH_STOP = frozenset(
    "的 了 是 在 和 与 及 也 都 就 而 或 等 这 那 被 对 将 把 从 中 上 为 以 之 其 于 并 又 着 个 地 得".split()
)


@dataclass(frozen=True)
class Token:
    text: str
    start: int  # character offsets in the ORIGINAL text (for highlighting)
    end: int
    kind: str  # word | sub | bigram | num | value | ent


def simplify(text: str) -> str:
    """Traditional/Taiwan → simplified, keeping the length (offsets must still point into the original)."""
    if not _HAS_HAN.search(text):
        return text
    out = to_simplified(text, taiwan_phrases=True)
    if len(out) == len(text):
        return out
    # A phrase mapping changed the length: fall back to the character-for-character conversion.
    out = to_simplified(text)
    if len(out) == len(text):
        return out
    return "".join(to_simplified(ch) if len(to_simplified(ch)) == 1 else ch for ch in text)


def normalize(text: str) -> str:
    # str.translate looks every character up in the table (~0.1 µs each): only when there is a full-width one
    return simplify(text.translate(_FULLWIDTH) if _HAS_FULLWIDTH.search(text) else text)


def number_token(digits: str) -> str:
    return digits.replace(",", "").replace("，", "")


def value_token(v: float) -> str | None:
    if v != v or v in (float("inf"), float("-inf")):
        return None
    if v == int(v) and abs(v) < 1e18:
        return str(int(v))
    return f"{v:.6f}".rstrip("0").rstrip(".")


def bigrams_of(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)] if len(run) > 1 else [run]


def _han_tokens(run: str, offset: int, bigrams: str) -> tuple[list[Token], list[Token]]:
    """(main, extras) for one run of Chinese characters (already simplified)."""
    main: list[Token] = []
    extra: list[Token] = []
    seen: set[tuple[int, int]] = set()
    if bigrams in ("words", "both"):
        import rjieba  # here, not at the top: loading its dictionary costs 0.5 s that `duizhao list` never needs

        precise = [(w, s, e) for w, s, e in rjieba.tokenize(run)]
        main = [Token(w, offset + s, offset + e, "word") for w, s, e in precise]
        seen = {(s, e) for _, s, e in precise}
        for w, s, e in rjieba.tokenize(run, mode="search"):
            if (s, e) not in seen:
                seen.add((s, e))
                extra.append(Token(w, offset + s, offset + e, "sub"))
    if bigrams in ("bigrams", "both"):
        grams = [Token(g, offset + i, offset + i + len(g), "bigram") for i, g in enumerate(bigrams_of(run))]
        if bigrams == "bigrams":
            main = grams
        else:
            # a two-character word is its own bigram already: no second copy of it
            extra += [g for g in grams if (g.start - offset, g.end - offset) not in seen]
    return main, extra


def analyze(
    text: str | None, lang: str = "zh", bigrams: str = DEFAULT_BIGRAMS, entities: bool = True, values: bool = True
) -> list[Token]:
    """Every token of `text`: the main stream in reading order, then the extras.

    Extras: sub-words, bigrams, quantity values, entities.
    """
    if not text:
        return []
    norm = normalize(text)
    main: list[Token] = []
    extra: list[Token] = []
    for m in TOKEN_RUN.finditer(norm):
        han, num, word = m.groups()
        if han:
            a, b = _han_tokens(han, m.start(), bigrams)
            main += a
            extra += b
        elif num:
            main.append(Token(number_token(num), m.start(), m.end(), "num"))
        elif word:
            tok = latin_token(word)
            if tok:
                main.append(Token(tok, m.start(), m.end(), "word"))
    if values:
        extra += value_tokens(text, lang, {t.text for t in main if t.kind == "num"})
    if entities:
        extra += entity_tokens(text, lang)
    return main + extra


def tokens(text: str | None, lang: str = "zh", bigrams: str = DEFAULT_BIGRAMS) -> list[str]:
    return [t.text for t in analyze(text, lang, bigrams)]


def index_text(text: str | None, lang: str = "zh", bigrams: str = DEFAULT_BIGRAMS) -> str:
    """What goes into the FTS5 column: the tokens separated by spaces."""
    return " ".join(tokens(text, lang, bigrams))


def value_tokens(text: str, lang: str, written: set[str]) -> list[Token]:
    try:
        found = extract_quantities(text, lang)
    except Exception:  # noqa: BLE001 - a number parser bug must not stop indexing; digits are still indexed
        return []
    out = []
    for q in found:
        if q.kind in ("section", "footnote", "enum", "time", "ordinal"):
            continue
        for v in (q.value, q.high):
            tok = value_token(v) if v is not None else None
            if tok and tok not in written:
                out.append(Token(tok, q.start, q.end, "value"))
    return out


def entity_tokens(text: str, lang: str) -> list[Token]:
    known = glossary()
    if known is None:
        return []
    try:
        mentions = known.find_mentions(text, lang)
    except Exception:  # noqa: BLE001 - same: names are an extra, never a reason to fail
        return []
    out = []
    for m in mentions:
        entity_id, _surface, start, end = m[0], m[1], m[2], m[3]
        out.append(Token(entity_token(entity_id), start, end, "ent"))
    return out


def entity_token(entity_id: str) -> str:
    return "ent:" + UNSAFE.sub("_", str(entity_id).lower())


@lru_cache(maxsize=1)
def glossary() -> glossary_mod.Glossary | None:
    try:
        return glossary_mod.load()
    except Exception:  # noqa: BLE001 - a broken glossary file costs the names, not the search
        return None


def is_stopword(tok: str) -> bool:
    return tok in EN_STOP or tok in ZH_STOP


def has_han(text: str) -> bool:
    return _HAS_HAN.search(text) is not None
