"""Small facts about a line of text that every layout needs: its language, whether it is chrome,
whether it reads as a heading. Pure functions, no state."""
from __future__ import annotations

import re
from functools import lru_cache

HAN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
LATIN_RE = re.compile(r"[A-Za-z]")
CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")
SENTENCE_END = tuple("。！？；：.!?;:…")
CLOSING = "”’」』)）\"'"

# Site chrome seen on the publishers' pages our users save: navigation, share bars, PDF links.
CHROME_EXACT = {
    "return to the library",
    "to top",
    "back to top",
    "pdf",
    "original text",
    "english text",
    "chinese text",
    "print",
    "share",
    "email",
    "copy link",
    "view the translated and original text side-by-side",
    "view the original text side-by-side",
    "cite this page",
    "read more",
    "related articles",
    "subscribe",
    "返回",
    "返回顶部",
    "返回頂部",
    "分享",
    "打印",
    "原文",
}
CHROME_PATTERNS = [
    re.compile(r"^(?:facebook|twitter|x|linkedin|email|e-mail|print|copy ?link|weibo|wechat|whatsapp|reddit|telegram){2,}$", re.I),
    re.compile(r"^see an error\?", re.I),
    re.compile(r"^drop us a line", re.I),
    re.compile(r"^share (?:this|on)\b", re.I),
    re.compile(r"^(?:copyright|©)\s", re.I),
    re.compile(r"^all rights reserved\.?$", re.I),
]


_SPACES = re.compile(r"\s+")


def squash(text: str) -> str:
    return _SPACES.sub("", text).lower()


def count_han(text: str) -> int:
    return len(HAN_RE.findall(text))


@lru_cache(maxsize=8192)  # each block is asked several times (scoring each layout, then pairing)
def lang_of(text: str) -> str:
    """'zh', 'en', 'ru' or 'none' (digits and punctuation only).

    A Chinese line quoting an English name ("SWIFT系统") stays Chinese: one Han character carries
    about as much as three or four Latin letters, so Han wins unless Latin clearly dominates.
    """
    han = count_han(text)
    latin = len(LATIN_RE.findall(text))
    cyr = len(CYRILLIC_RE.findall(text))
    if han and han * 4 >= latin:
        return "zh"
    if cyr > latin and cyr > han:
        return "ru"
    if latin:
        return "en"
    if han:
        return "zh"
    return "none"


CHROME_SQUASHED = frozenset(squash(c) for c in CHROME_EXACT)


def is_chrome(text: str) -> bool:
    if len(text) > 120:  # page furniture is short; paragraphs are not furniture
        return False
    t = " ".join(text.split()).strip().lower()
    if t in CHROME_EXACT or squash(t) in CHROME_SQUASHED:
        return True
    return any(p.search(t) for p in CHROME_PATTERNS)


def looks_like_heading(text: str, lang: str) -> bool:
    """Short, and not ending like a sentence: how headings look in the seeds' plain text."""
    t = text.strip().rstrip(CLOSING)
    if not t or t.endswith(SENTENCE_END):
        return False
    if lang == "zh":
        return count_han(text) <= 40 and len(text) <= 60
    words = text.split()
    return 0 < len(words) <= 16 and len(text) <= 120


def content_length(text: str | None) -> int:
    """Characters that carry content: Han characters count once, other non-space characters once."""
    if not text:
        return 0
    return len(_SPACES.sub("", text))
