"""Query translation through CC-CEDICT (duizhao.lang.cedict), weighted.

zh → en: every sense of a headword is a candidate; a sense of one word becomes that (stemmed) word,
a sense of 2–4 words a phrase. Fewer senses weigh more (1/√senses), and earlier senses a little more.
en → zh: an index from *whole glosses* to headwords ("bank" → 银行, "go on strike" → 罢工, "united
nations" → 联合国), with the head noun of two-word glosses as a weaker key ("shopping mall" → mall).
Inverting every gloss word instead spreads too wide ("unable" → 孑, measured in the issue), so a
headword only answers for a word that is (nearly) its whole meaning, ranked by 1/√senses and by how
common the Chinese word is (jieba's frequency), top few only. Phrases are tried before words.
Names and abbreviations absent from CEDICT pass untranslated: the glossary and dense retrieval carry them.

Both directions are answered from one small SQLite file in the package's data (INDEX_FILE, stamped
with the dictionary file's size and mtime): `zh` (headword → its merged glosses) and `en` (gloss
key → weighted simplified headwords). A query looks up only its own words there (indexed SELECTs), so
a fresh process pays ~1 ms to open it instead of ~2 s to parse CEDICT and ~0.8 s to unpickle a
whole index. The file is built at setup (`make setup` runs `python -m duizhao.search`),
from the CEDICT file itself, in a few seconds (bench/search.py reports `translate_cache_build_s`);
nothing is written at query time: where the file is missing or stale, the index is built in memory
for the process (~7 s on this machine, once per process).
"""

from __future__ import annotations

import math
import os
import re
import sqlite3
import threading
from functools import lru_cache
from pathlib import Path

from ..lang import cedict
from . import analyzer

MAX_ALTS = 6
_PAREN = re.compile(r"\([^)]*\)|\[[^\]]*\]|[\u3400-\u9fff|]+")
_LEAD = re.compile(r"^(?:to be |to |a |an |the )")
_SKIP = (
    "variant of",
    "old variant of",
    "see ",
    "used in ",
    "abbr. for",
    "surname ",
    "cl:",
    "japanese variant",
    "erhua variant",
)
_WORDS = re.compile(r"[a-z][a-z'\-]*[a-z]|[a-z]|\d+")
INDEX_VERSION = 5
_SPLIT = re.compile(r"[,;]")


def normalize_gloss(gloss: str) -> str | None:
    g = gloss.strip().lower()
    if not g or g.startswith(_SKIP) or "variant" in g:
        return None
    g = _PAREN.sub(" ", g)
    # "Vladimir Putin (1952-), president of Russia": the name before the comment is the meaning
    g = _SPLIT.split(g, 1)[0]
    g = _LEAD.sub("", " ".join(g.split()))
    g = g.strip(" ,;.")
    words = _WORDS.findall(g)
    if not words or len(words) > 4:
        return None
    return " ".join(words)


# -- zh → en ---------------------------------------------------------------------------------------
def senses(word: str) -> list[str]:
    """Every gloss of every CEDICT entry for `word` (simplified or traditional), in file order."""
    row = _db().execute("SELECT defs FROM zh WHERE head = ?", (word,)).fetchone()
    if not row:
        return []
    out: list[str] = []
    for g in row[0].split("/"):
        g = g.strip()
        if g and g not in out:
            out.append(g)
    return out


@lru_cache(maxsize=20_000)
def zh_to_en(word: str) -> tuple[tuple[tuple[str, ...], float], ...]:
    """Weighted English alternatives (stemmed token tuples) for one simplified Chinese word."""
    senses_ = [g for g in (normalize_gloss(s) for s in senses(word)) if g]
    if not senses_:
        return ()
    base = 1.0 / math.sqrt(len(senses_))
    alts: dict[tuple[str, ...], float] = {}
    word_hits: dict[str, int] = {}
    for i, g in enumerate(senses_):
        w = base * max(0.6, 1.0 - 0.08 * i)
        toks = tuple(analyzer.latin_token(x) for x in g.split())
        content = [t for t, raw in zip(toks, g.split(), strict=True) if raw not in analyzer.EN_STOP]
        if not content:
            continue
        key = toks if len(content) > 1 else (content[0],)
        alts[key] = max(alts.get(key, 0.0), w)
        for t in dict.fromkeys(content):  # not a set: its order (hash-seeded) would pick among tied weights
            word_hits[t] = word_hits.get(t, 0) + 1
    # single words out of multi-word senses ("shopping mall" → mall), weaker
    for t, n in word_hits.items():
        if (t,) not in alts:
            alts[(t,)] = 0.5 * math.sqrt(n / len(senses_))
    ranked = sorted(alts.items(), key=lambda kv: -kv[1])[:MAX_ALTS]
    return tuple(ranked)


# -- en → zh ---------------------------------------------------------------------------------------
@lru_cache(maxsize=20_000)
def _en_lookup(key: str) -> tuple[tuple[str, float], ...]:
    row = _db().execute("SELECT heads FROM en WHERE key = ?", (key,)).fetchone()
    if not row:
        return ()
    out = []
    for item in row[0].split("|"):
        head, _, w = item.rpartition(":")
        out.append((head, float(w)))
    return tuple(out)


def en_to_zh(phrase: str) -> list[tuple[str, float]]:
    """Weighted simplified Chinese headwords for an English word or phrase (lower-cased, unstemmed)."""
    key = " ".join(_WORDS.findall(phrase.lower()))
    got = list(_en_lookup(key))
    if " " not in key:
        # a plural or inflected form: the stem's entries count too ("banks" → 银行, not only 班克斯)
        got += _en_lookup("\x00" + analyzer.latin_token(key))
    out: dict[str, float] = {}
    for head, w in got:
        out[head] = max(out.get(head, 0.0), w)
    return sorted(out.items(), key=lambda kv: -kv[1])[:MAX_ALTS]


def has_phrase(phrase: str) -> bool:
    return bool(_en_lookup(" ".join(_WORDS.findall(phrase.lower()))))


# -- the index file --------------------------------------------------------------------------------
INDEX_FILE = Path(__file__).resolve().parents[1] / "data" / f"cedict-v{INDEX_VERSION}.sqlite"


_lock = threading.Lock()
_CONN: sqlite3.Connection | None = None


def _db() -> sqlite3.Connection:
    global _CONN
    if _CONN is None:
        with _lock:
            if _CONN is None:
                _CONN = _open()
    return _CONN


def _stamp() -> str:
    src = cedict.data_path()
    return f"{src.stat().st_size}:{int(src.stat().st_mtime)}:{INDEX_VERSION}"


def _open() -> sqlite3.Connection:
    """The package's index file when it is current, else an index built in memory for this process."""
    stamp = _stamp()
    if INDEX_FILE.exists():
        try:
            conn = sqlite3.connect(f"file:{INDEX_FILE}?mode=ro", uri=True, check_same_thread=False)
            if conn.execute("SELECT value FROM meta WHERE key = 'stamp'").fetchone() == (stamp,):
                return conn
            conn.close()
        except sqlite3.Error:
            pass
    conn = sqlite3.connect(":memory:", check_same_thread=False)
    _fill(conn, stamp)
    return conn


def install() -> Path:
    """Write INDEX_FILE (at setup): built beside it, then moved into place in one step."""
    tmp = INDEX_FILE.with_suffix(f".{os.getpid()}.tmp")
    build(tmp)
    os.replace(tmp, INDEX_FILE)
    return INDEX_FILE


def build(path: Path, stamp: str | None = None) -> None:
    """Write the cache file at `path` (both directions)."""
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path)
    try:
        _fill(conn, stamp or _stamp())
    finally:
        conn.close()


def _fill(conn: sqlite3.Connection, stamp: str) -> None:
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    raw, simplified = cedict.read_entries()  # the same merge as lang/cedict.py
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID")
    conn.execute("CREATE TABLE zh (head TEXT PRIMARY KEY, defs TEXT) WITHOUT ROWID")
    conn.execute("CREATE TABLE en (key TEXT PRIMARY KEY, heads TEXT) WITHOUT ROWID")
    # sorted inserts append to the B-tree (several times faster than random order)
    conn.executemany("INSERT INTO zh VALUES (?, ?)", ((h, "/".join(raw[h])) for h in sorted(raw)))
    index = _build_en_index(raw, simplified)
    conn.executemany(
        "INSERT INTO en VALUES (?, ?)",
        ((k, "|".join(f"{h}:{w}" for h, w in index[k])) for k in sorted(index)),
    )
    conn.execute("INSERT INTO meta VALUES ('stamp', ?)", (stamp,))
    conn.commit()


def _jieba_freq(wanted: set[str]) -> dict[str, int]:
    """jieba's word frequencies for the `wanted` words (one regex pass over its dictionary)."""
    import jieba

    text = (Path(jieba.__file__).parent / "dict.txt").read_text(encoding="utf-8")
    return {w: int(n) for w, n in re.findall(r"^(\S+) (\d+)", text, re.M) if w in wanted}


def _build_en_index(raw: dict[str, list[str]], simplified: list[str]) -> dict[str, list[tuple[str, float]]]:
    # Only simplified headwords: answers are simplified anyway (the query side meets them in that form).
    freq = _jieba_freq(set(simplified))
    scored: dict[str, dict[str, float]] = {}
    latin = lru_cache(maxsize=None)(analyzer.latin_token)
    for head in simplified:
        seen: set[str] = set()
        glosses = []
        for defs in raw[head]:
            for s in defs.split("/"):
                g = normalize_gloss(s) if s.strip() and s not in seen else None
                seen.add(s)
                if g:
                    glosses.append(g)
        if not glosses:
            continue
        common = min(1.0, math.log10(freq.get(head, 0) + 1) / 4.0) if head in freq else 0.15
        base = common / math.sqrt(len(glosses))
        if len(head) == 1:
            base *= 0.5  # single characters are mostly bound morphemes, rarely the word a text uses
        for i, g in enumerate(glosses):
            w = base * max(0.6, 1.0 - 0.08 * i)
            keys = [(g, w)]
            words = g.split()
            if len(words) == 1:
                keys.append(("\x00" + latin(g), w))
            elif len(words) == 2 and words[0] not in analyzer.EN_STOP:
                keys.append((words[1], 0.4 * w))  # head noun: "shopping mall" answers "mall", weaker
            for key, kw in keys:
                slot = scored.setdefault(key, {})
                if kw > slot.get(head, 0.0):
                    slot[head] = kw
    index: dict[str, list[tuple[str, float]]] = {}
    for key, heads in scored.items():
        ranked = sorted(heads.items(), key=lambda kv: -kv[1])[: MAX_ALTS * 2]
        top = ranked[0][1]
        index[key] = [(h, round(w / top, 4) if top else 0.0) for h, w in ranked if w >= 0.2 * top]
    return index
