"""The shared bilingual glossary of names: people, places, organisations, terms (data/glossary.tsv).

`load()` reads the TSV once (cached) and returns a `Glossary`:
- `find_mentions(text, lang)` → [(entity_id, surface, start, end)], longest match first, no overlaps;
- `entity(id)` → `Entity`; `variants(id)` → every surface form; `lookup(surface)` → entity ids.

Chinese variants are expanded at load time with OpenCC (simplified ↔ traditional, Taiwan and Hong Kong
forms), so traditional text matches without listing every form by hand; usages that differ in wording
(普丁, 澤倫斯基) are listed in the TSV. Chinese matching is a longest-match scan keyed by first
character (text has no word boundaries); English matching is one compiled alternation with word
boundaries, case-sensitive (US ≠ us, Xi ≠ xi).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .script import convert

__all__ = ["Entity", "Glossary", "load"]

_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class Entity:
    id: str
    type: str  # person country place city org term currency
    en: str
    zh: str
    variants: tuple[str, ...]  # every surface form, both languages, including derived script forms
    weak: tuple[str, ...]  # demonyms and one-character abbreviations: hints, not mentions
    source: str


class Glossary:
    def __init__(self, entities: list[Entity]) -> None:
        self._entities = {e.id: e for e in entities}
        self._by_surface: dict[str, list[str]] = {}
        self._zh: dict[str, list[str]] = {}
        self._zh_lengths: dict[str, list[int]] = {}
        en_forms: set[str] = set()
        for e in entities:
            for v in e.variants:
                self._by_surface.setdefault(v, [])
                if e.id not in self._by_surface[v]:
                    self._by_surface[v].append(e.id)
                if _CJK.search(v):
                    self._zh.setdefault(v, [])
                    if e.id not in self._zh[v]:
                        self._zh[v].append(e.id)
                else:
                    en_forms.add(v)
        for v in self._zh:
            self._zh_lengths.setdefault(v[0], []).append(len(v))
        for k in self._zh_lengths:
            self._zh_lengths[k] = sorted(set(self._zh_lengths[k]), reverse=True)
        # The Chinese forms as one trie-shaped pattern too: the regex engine finds the next position where a
        # form starts (and the longest form there) in C, instead of a Python step per character.
        self._zh_re = re.compile(_trie_pattern(set(self._zh))) if self._zh else None
        # Latin-script forms are also matched inside Chinese text (SWIFT, G20, APEC in 俄乌 prose).
        # One trie-shaped pattern: the engine follows shared prefixes instead of trying every name in turn.
        # The pattern starts with the trie itself, not with the look-behind "no letter or digit before": a
        # pattern that opens with a set of literal characters lets the engine skip ahead in C to the next
        # possible first letter (Chinese text: nearly the whole sentence). _scan checks the look-behind.
        self._en_re = (
            re.compile(_trie_pattern(en_forms) + r"(?![A-Za-z0-9_]|['’](?!s\b)[a-z])") if en_forms else None
        )

    def __len__(self) -> int:
        return len(self._entities)

    def entity(self, entity_id: str) -> Entity:
        return self._entities[entity_id]

    def entities(self) -> list[Entity]:
        return list(self._entities.values())

    def variants(self, entity_id: str) -> list[str]:
        return list(self._entities[entity_id].variants)

    def lookup(self, surface: str) -> list[str]:
        """Entity ids whose variants include `surface` (exact, then with OpenCC's simplified form)."""
        ids = self._by_surface.get(surface.strip())
        if ids is None and _CJK.search(surface):
            ids = self._by_surface.get(convert(surface.strip(), "t2s"))
        return list(ids or [])

    def find_mentions(self, text: str, lang: str) -> list[tuple[str, str, int, int]]:
        """(entity_id, surface, start, end) for every name in `text`, in order, longest match wins."""
        if not text:
            return []
        return list(_mentions_cached(self, text, lang))

    def _scan(self, text: str, lang: str) -> list[tuple[str, str, int, int]]:
        out: list[tuple[str, str, int, int]] = []
        taken = bytearray(len(text))
        if self._en_re is not None:
            i, search = 0, self._en_re.search
            while (m := search(text, i)) is not None:
                a = m.start()
                if a and text[a - 1] in _WORD_CHARS:
                    i = a + 1  # inside a word (the look-behind): a form may still start at the next character
                    continue
                i = m.end()
                if m.group() in _EN_GENERIC and _EN_QUALIFIER.search(text, 0, a):
                    continue  # the Russian Security Council is not the UN's
                out.append((self._by_surface[m.group()][0], m.group(), a, i))
                taken[a:i] = b"\x01" * (i - a)
        if lang == "zh" and self._zh_re is not None:
            # Left to right, longest form first, no overlaps; a position taken by a Latin name is skipped.
            i, search = 0, self._zh_re.search
            while (m := search(text, i)) is not None:
                i = m.start()
                if taken[i]:
                    i += 1
                    continue
                s = m.group()
                if not _zh_false_split(text, i, s):
                    out.append((self._zh[s][0], s, i, m.end()))
                    i = m.end()
                    continue
                # the longest form is a false split (其中|共有): a shorter form may still start here
                for ln in self._zh_lengths[text[i]]:
                    s = text[i : i + ln]
                    if ln < m.end() - i and s in self._zh and not _zh_false_split(text, i, s):
                        out.append((self._zh[s][0], s, i, i + ln))
                        i += ln
                        break
                else:
                    i += 1
        out.sort(key=lambda m: m[2])
        return out

    def weak_present(self, entity_id: str, text: str) -> bool:
        """Whether `text` hints at the entity without naming it (Russian, 俄, Moscow for Russia)."""
        e = self._entities[entity_id]
        for w in e.weak:
            if _CJK.search(w):
                if w in text:
                    return True
            elif re.search(r"(?<![A-Za-z])" + re.escape(w) + (r"" if w.endswith("-") else r"(?![a-z])"), text):
                return True
        return False


_WORD_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")
# Generic English names that belong to the UN only when not qualified by another body's name.
_EN_GENERIC = {"Security Council", "General Assembly", "Human Rights Council"}
_EN_QUALIFIER = re.compile(r"(?<![A-Za-z.])(?!UN\b|U\.N\.|Nations\b|The\b)[A-Z][a-z]*\.?\s+$")
# Short abbreviations that Chinese text also produces across a word boundary: 生涯中|共取得, 其中|共有.
# (previous characters that end a locative "…中", next characters that start a "共…" word)
_ZH_SPLIT_GUARDS = {
    "中共": ("其涯程家途心空手眼赛賽文书書信话話狱獄集", "同有计計享识識存赢贏振处處建事创創商谋謀鸣鳴"),
}


def _zh_false_split(text: str, i: int, surface: str) -> bool:
    guard = _ZH_SPLIT_GUARDS.get(surface)
    if not guard:
        return False
    before = text[i - 1] if i > 0 else ""
    after = text[i + len(surface)] if i + len(surface) < len(text) else ""
    return bool(before and before in guard[0]) or bool(after and after in guard[1])


def _trie_pattern(words: set[str]) -> str:
    """A regex matching any of `words`, longest first, shaped as a trie (B(?:eijing|RICS(?: Five)?))."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [re.escape(ch) + build(node[ch]) for ch in sorted(k for k in node if k)]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:
            return f"(?:{body})?"
        return body

    return build(trie)


@lru_cache(maxsize=8192)
def _mentions_cached(g: Glossary, text: str, lang: str) -> tuple[tuple[str, str, int, int], ...]:
    return tuple(g._scan(text, lang))


def _script_forms(v: str) -> set[str]:
    """A Chinese variant in every script we meet: as given, simplified, traditional, Taiwan, Hong Kong."""
    forms = {v}
    for cfg in ("t2s", "s2t", "s2tw", "s2hk", "s2twp"):
        forms.add(convert(v, cfg))
    return forms


def _read(path: Path | None) -> list[Entity]:
    if path is None:
        text = resources.files("duizhao").joinpath("data/glossary.tsv").read_text(encoding="utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    rows = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    header = rows[0].split("\t")
    out: list[Entity] = []
    for ln in rows[1:]:
        cols = dict(zip(header, ln.split("\t"), strict=False))
        zh, en = cols.get("zh", "").strip(), cols.get("en", "").strip()
        forms: set[str] = set()
        for v in [zh, en, *cols.get("variants", "").split("|")]:
            v = v.strip()
            if not v:
                continue
            forms |= _script_forms(v) if _CJK.search(v) else {v}
        weak: set[str] = set()
        for w in cols.get("weak", "").split("|"):
            w = w.strip()
            if w:
                weak |= _script_forms(w) if _CJK.search(w) else {w}
        out.append(
            Entity(
                cols["id"],
                cols.get("type", "term"),
                en,
                zh,
                tuple(sorted(forms, key=lambda s: (-len(s), s))),
                tuple(sorted(weak)),
                cols.get("source", "").strip(),
            )
        )
    return out


@lru_cache(maxsize=4)
def load(path: str | None = None) -> Glossary:
    """The glossary (built once per path and cached); `path` overrides the packaged data/glossary.tsv."""
    return Glossary(_read(Path(path) if path else None))
