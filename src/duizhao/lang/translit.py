"""A transliteration model for foreign names CC-CEDICT does not list: which letters each Chinese character
stands for in a transliterated name (斯 → s, 瓦 → wa, 希 → hi, 里 → li in 斯瓦希里: Swahili).

Learned (scripts/build_translit.py) from CC-CEDICT's own foreign proper nouns: entries whose English
name is not their pinyin. Each name is aligned character by character to its English letters (Viterbi
EM, started from the characters' pinyin); the table keeps, per character and per toneless pinyin
syllable (the back-off for a character the dictionary never transliterates with), the letter strings
it was aligned to with their log-probabilities, and a letter-bigram model of the English names as the
background. The learned table is src/duizhao/data/translit.json.gz; nothing in it is written by hand.

`score(name, key)` is the log-likelihood ratio, per character of the name, that the English key renders
the name rather than being any English name; `near_miss(name, key)` says whether a one-letter change of
the key would be a far likelier rendering (Kaduta for 卡杜纳, whose likely rendering is Kaduna).
"""

from __future__ import annotations

import gzip
import json
import math
import re
import string
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = ["Model", "train", "load", "score", "near_miss", "foreign_share", "MAX_PIECE"]

MAX_PIECE = 5  # the most letters one character stands for (茨 → tz, 斯 → s, 姆 → m, 兹 → z; 什 → sch)
_FLOOR = -14.0  # log-probability of a letter string never seen for a character or its syllable
_HAN = re.compile(r"^[\u3400-\u9fff]+$")
DATA = Path(__file__).resolve().parent.parent / "data" / "translit.json.gz"


@dataclass(frozen=True)
class Model:
    by_char: dict[str, dict[str, float]]  # character → letter string → log P(string | character)
    by_syllable: dict[str, dict[str, float]]  # toneless pinyin → letter string → log P (back-off)
    bigram: dict[str, dict[str, float]]  # background: previous letter ("^" at the start) → letter ("$" end) → log P
    share: dict[str, float]  # character → share of its CC-CEDICT proper nouns that are foreign names


def _pinyin(ch: str) -> str:
    from pypinyin import Style, lazy_pinyin

    p = lazy_pinyin(ch, style=Style.NORMAL, errors="ignore")
    return p[0].replace("ü", "u").replace("v", "u") if p else ""


def _prior(piece: str, py: str) -> float:
    """Before any alignment: a letter string is likelier the closer it is to the character's pinyin."""
    if not piece:
        return -4.0
    d = _edit(piece, py)
    return -1.5 * d - (0.0 if piece[0] == py[:1] else 1.0)


def _edit(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _align(chars: str, key: str, cost: object) -> list[str] | None:
    """The best split of `key` into one (possibly empty) piece per character under `cost(char, piece)`."""
    n, m = len(chars), len(key)
    neg = -1e18
    best = [[neg] * (m + 1) for _ in range(n + 1)]
    back = [[0] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(1, n + 1):
        c = chars[i - 1]
        for j in range(m + 1):
            for k in range(max(0, j - MAX_PIECE), j + 1):
                if best[i - 1][k] <= neg:
                    continue
                v = best[i - 1][k] + cost(c, key[k:j])  # type: ignore[operator]
                if v > best[i][j]:
                    best[i][j], back[i][j] = v, k
    if best[n][m] <= neg:
        return None
    pieces, j = [], m
    for i in range(n, 0, -1):
        k = back[i][j]
        pieces.append(key[k:j])
        j = k
    return pieces[::-1]


def _normalise(counts: dict[str, Counter[str]], smooth: float) -> dict[str, dict[str, float]]:
    out = {}
    for c, cnt in counts.items():
        total = sum(cnt.values()) + smooth
        out[c] = {p: round(math.log(n / total), 3) for p, n in cnt.items()}
    return out


def train(pairs: Iterable[tuple[str, str]], shares: dict[str, float], rounds: int = 4) -> Model:
    """A model from (Chinese name, English key) pairs of foreign names; `shares` as Model.share."""
    data = [(z, k) for z, k in pairs if _HAN.match(z) and k.isalpha() and len(z) <= len(k) + 2 and len(k) <= MAX_PIECE * len(z)]
    pys = {c: _pinyin(c) for z, _k in data for c in z}
    table: dict[str, dict[str, float]] = {}
    syl: dict[str, dict[str, float]] = {}

    def cost(c: str, piece: str) -> float:
        if len(piece) > MAX_PIECE:
            return -1e9
        if not table:
            return _prior(piece, pys.get(c, ""))
        return lookup(c, piece, table, syl, pys.get(c, ""))

    for _ in range(rounds):
        by_c: dict[str, Counter[str]] = defaultdict(Counter)
        by_s: dict[str, Counter[str]] = defaultdict(Counter)
        for z, k in data:
            pieces = _align(z, k, cost)
            if pieces is None:
                continue
            for c, p in zip(z, pieces, strict=True):
                by_c[c][p] += 1
                by_s[pys[c]][p] += 1
        table, syl = _normalise(by_c, 1.0), _normalise(by_s, 1.0)
    big: dict[str, Counter[str]] = defaultdict(Counter)
    for _z, k in data:
        s = "^" + k + "$"
        for a, b in zip(s, s[1:], strict=False):
            big[a][b] += 1
    bigram = {a: {b: round(math.log((cnt[b] + 0.5) / (sum(cnt.values()) + 14.0)), 3) for b in string.ascii_lowercase + "$"} for a, cnt in big.items()}
    return Model(table, syl, bigram, {c: round(v, 3) for c, v in shares.items()})


def lookup(c: str, piece: str, by_char: dict[str, dict[str, float]], by_syl: dict[str, dict[str, float]], py: str) -> float:
    """log P(piece | c): the character's own table, else its pinyin syllable's, each shaded towards the other."""
    own = by_char.get(c)
    if own is not None and len(own) >= 1:
        v = own.get(piece)
        if v is not None:
            return v
        s = by_syl.get(py, {}).get(piece)
        return (s - 3.0) if s is not None else _FLOOR
    s = by_syl.get(py, {}).get(piece)
    return (s - 0.5) if s is not None else _FLOOR


_lock = threading.Lock()
_MODEL: Model | None = None


def load() -> Model:
    global _MODEL
    if _MODEL is None:
        with _lock:
            if _MODEL is None:
                with gzip.open(DATA, "rt", encoding="utf-8") as fh:
                    d = json.load(fh)
                _MODEL = Model(d["by_char"], d["by_syllable"], d["bigram"], d["share"])
    return _MODEL


def save(model: Model, path: Path = DATA) -> None:
    body = {"by_char": model.by_char, "by_syllable": model.by_syllable, "bigram": model.bigram, "share": model.share}
    with gzip.GzipFile(path, "wb", mtime=0) as fh:  # mtime 0: the same table builds the same bytes
        fh.write(json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8"))


def _background(key: str, model: Model) -> float:
    s = "^" + key + "$"
    return sum(model.bigram.get(a, {}).get(b, -6.0) for a, b in zip(s, s[1:], strict=False))


@lru_cache(maxsize=16384)
def _pys(name: str) -> tuple[str, ...]:
    return tuple(_pinyin(c) for c in name)


@lru_cache(maxsize=65536)
def score(name: str, key: str) -> float:
    """Log-likelihood ratio per character that `key` (lower-case letters) renders the Chinese `name`."""
    ll = likelihood(name, key)
    return -99.0 if ll <= -99.0 else (ll - _background(key, load())) / len(name)


@lru_cache(maxsize=65536)
def likelihood(name: str, key: str) -> float:
    """log P(key | name) under the best alignment, per character."""
    m = load()
    if not key or not name:
        return -99.0
    pys = dict(zip(name, _pys(name), strict=True))

    def cost(c: str, piece: str) -> float:
        return lookup(c, piece, m.by_char, m.by_syllable, pys[c])

    pieces = _align(name, key, cost)
    if pieces is None:
        return -99.0
    return sum(cost(c, p) for c, p in zip(name, pieces, strict=True)) / len(name)


def _neighbours(key: str) -> set[str]:
    """One letter changed or two swapped, the first letter kept. Not a letter added or dropped: the scores of
    keys of different lengths are not comparable enough (the background's cost per letter decides)."""
    out: set[str] = set()
    letters = string.ascii_lowercase
    for i in range(1, len(key)):
        out.update(key[:i] + x + key[i + 1 :] for x in letters)
        if i + 1 < len(key):
            out.add(key[:i] + key[i + 1] + key[i] + key[i + 2 :])
    out.discard(key)
    return out


def best_neighbour(name: str, key: str) -> tuple[float, str]:
    """The likeliest rendering of `name` one edit from `key`, with its score."""
    return max((score(name, n), n) for n in _neighbours(key))


def near_miss(name: str, key: str, plausible: float, margin: float) -> str | None:
    """The one-edit respelling of `key` that renders `name` plausibly (likelihood ≥ `plausible`) and far better
    (by `margin`, in log-likelihood of the whole name) than `key` itself, or None."""
    # by likelihood, not by the ratio: the background makes nearly any key of a name's length "likely"
    own = likelihood(name, key)
    if own >= plausible:
        return None
    ll, n = max((likelihood(name, x), x) for x in _neighbours(key))
    # the margin is over the whole name (one piece the table never saw costs the same in a long name)
    return n if ll >= plausible and (ll - own) * len(name) >= margin else None


def foreign_share(ch: str) -> float:
    """The share of a character's CC-CEDICT proper nouns that are foreign names (0.5 when it has none)."""
    return load().share.get(ch, 0.5)
