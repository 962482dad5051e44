"""Move a whole library between backends (SQLite ⇄ PostgreSQL, or to a new file of the same kind).

What moves: documents with their units (current text and version), findings, editors' reviews of
findings, corrections, history, users and settings, every row with its own id, so history keeps pointing at the right
corrections; editors' term decisions (replayed on the target's termbase, terms matched by their pair); and dense embeddings (search_vectors) as they are, never recomputed. Sessions do not
move (people sign in again). The target's search index and knowledge tables are rebuilt through its
own indexers, from the copied documents.

Idempotent: rows are written by primary key (insert or overwrite), one document per transaction;
a document whose row in the target already equals the source's (same updated_at, same metadata) is
skipped (as are its units when all their versions match), so a second run, or a run resumed after an
interruption, only does what is left.
"""

from __future__ import annotations

from collections.abc import Callable

from ..errors import BadInput
from .base import Library

# (table, primary key): the order respects the foreign keys (documents before what points at them).
TABLES: list[tuple[str, tuple[str, ...]]] = [
    ("users", ("name",)),
    ("settings", ("key",)),
    ("api_tokens", ("id",)),
    ("documents", ("id",)),
    ("units", ("doc_id", "unit_id")),
    ("findings", ("id",)),
    ("corrections", ("id",)),
    ("history", ("id",)),
    ("finding_reviews", ("doc_id", "finding_id")),
    ("finding_review_log", ("id",)),
]
DOCUMENT_TABLES = ("documents", "units", "findings")  # copied document by document
BATCH = 2000

Progress = Callable[[str, int, int], None]  # (what, done, total)


def _columns(lib: Library, table: str) -> list[str]:
    cur = lib.cursor()
    cur.execute(f"SELECT * FROM {table} WHERE 1 = 0")
    return [c[0] for c in cur.description]


def _upsert_sql(lib: Library, table: str, cols: list[str], key: tuple[str, ...]) -> str:
    rest = [c for c in cols if c not in key]
    action = "DO UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in rest) if rest else "DO NOTHING"
    values = ", ".join("?" for _ in cols)
    sql = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({values}) ON CONFLICT ({', '.join(key)}) {action}"
    return lib.q(sql)


def _rows(lib: Library, sql: str, params: tuple = ()) -> list[tuple]:
    cur = lib.cursor()
    cur.execute(lib.q(sql), params)
    return [tuple(r) for r in cur.fetchall()]


def copy_library(src: Library, dst: Library, progress: Progress | None = None) -> dict[str, int]:
    """Copy everything from `src` into `dst`; returns how many rows of each table were written
    (plus `documents_skipped`: documents the target already held unchanged)."""
    if src.url == dst.url:
        raise BadInput("copy: source and target are the same library")
    cols = {}
    for table, _ in TABLES:
        have = _columns(src, table)
        want = set(_columns(dst, table))
        missing = [c for c in have if c not in want]
        if missing:
            raise BadInput(
                f"copy: the target's {table} table lacks {', '.join(missing)}: run `duizhao migrate` on it first"
            )
        cols[table] = have
    counts = {table: 0 for table, _ in TABLES}
    counts["documents_skipped"] = 0
    counts["search_vectors"] = 0
    vectors = _has_vectors(src) and _has_vectors(dst)

    # Users, settings and API tokens first: small tables, one transaction each.
    for table, key in TABLES[:3]:
        rows = _rows(src, f"SELECT {', '.join(cols[table])} FROM {table} ORDER BY {', '.join(key)}")
        if rows:
            with dst.transaction() as cur:
                cur.executemany(_upsert_sql(dst, table, cols[table], key), rows)
        counts[table] = len(rows)

    doc_ids = src.document_ids()
    for n, doc_id in enumerate(doc_ids, 1):
        written = _copy_document(src, dst, doc_id, cols, vectors)
        if written is None:
            counts["documents_skipped"] += 1
            if vectors:  # embedded in the source since the last copy?
                counts["search_vectors"] += _copy_vectors(src, dst, doc_id)
        else:
            for table, count in written.items():
                counts[table] += count
        if progress:
            progress("documents", n, len(doc_ids))

    # Corrections and history after the documents they point at, in id order, in batches.
    for table in ("corrections", "history", "finding_review_log"):
        sql = _upsert_sql(dst, table, cols[table], ("id",))
        last = None
        while True:
            where, params = ("", ()) if last is None else (" WHERE id > ?", (last,))
            rows = _rows(src, f"SELECT {', '.join(cols[table])} FROM {table}{where} ORDER BY id LIMIT {BATCH}", params)
            if not rows:
                break
            with dst.transaction() as cur:
                cur.executemany(sql, rows)
            counts[table] += len(rows)
            last = rows[-1][cols[table].index("id")]
            if progress:
                progress(table, counts[table], counts[table])

    # Reviews of findings after the documents they belong to (a small table: one transaction).
    key = ("doc_id", "finding_id")
    rows = _rows(src, f"SELECT {', '.join(cols['finding_reviews'])} FROM finding_reviews ORDER BY doc_id, finding_id")
    if rows:
        with dst.transaction() as cur:
            cur.executemany(_upsert_sql(dst, "finding_reviews", cols["finding_reviews"], key), rows)
    counts["finding_reviews"] = len(rows)

    # Editors' term decisions: the target mined its own candidates from the copied documents.
    from ..terms.store_hooks import copy_decisions

    counts["term_decisions"] = copy_decisions(src, dst)

    reset = getattr(dst, "reset_sequences", None)
    if reset is not None:
        with dst.transaction() as cur:
            reset(cur)
    dst.maintain()  # e.g. search's champion lists for the rows just indexed
    return counts


def _has_vectors(lib: Library) -> bool:
    """Does this library have the dense vectors table (both backends do since their 0101/0102 migrations)?"""
    try:
        _columns(lib, "search_vectors")
    except Exception:  # noqa: BLE001 - no such table (an index module without it): nothing to copy
        return False
    return True


def _copy_vectors(src: Library, dst: Library, doc_id: str) -> int:
    """The document's vectors when the target's differ from the source's; returns how many were written."""
    from ..search import dense

    have = dense.document_vectors(src, doc_id)
    if have == dense.document_vectors(dst, doc_id):
        return 0
    with dst.transaction() as cur:
        cur.execute(dst.q("DELETE FROM search_vectors WHERE doc_id = ?"), (doc_id,))
        return dense.put_vectors(dst, cur, have)


def _copy_document(
    src: Library, dst: Library, doc_id: str, cols: dict[str, list[str]], vectors: bool = False
) -> dict[str, int] | None:
    """One document, its units and findings (and its vectors when both libraries have the table), in
    one target transaction; None when already there."""
    doc_cols = cols["documents"]
    src_row = _rows(src, f"SELECT {', '.join(doc_cols)} FROM documents WHERE id = ?", (doc_id,))
    if not src_row:  # deleted since we listed it
        return {}
    dst_row = _rows(dst, f"SELECT {', '.join(doc_cols)} FROM documents WHERE id = ?", (doc_id,))
    if dst_row and dst_row[0] == src_row[0] and _versions(src, doc_id) == _versions(dst, doc_id):
        # updated_at has one-second resolution: unit versions catch a change within that second.
        return None
    units = _rows(src, f"SELECT {', '.join(cols['units'])} FROM units WHERE doc_id = ? ORDER BY ord", (doc_id,))
    findings = _rows(src, f"SELECT {', '.join(cols['findings'])} FROM findings WHERE doc_id = ? ORDER BY id", (doc_id,))
    doc = src.get_document(doc_id)  # current text, for the target's search index
    indexed = src.document_status(doc_id) == "published"  # drafts and the trash are not indexed
    vecs: dict[tuple[str, str, str], bytes] = {}
    if vectors:
        from ..search import dense

        vecs = dense.document_vectors(src, doc_id)
    with dst.transaction() as cur:
        if dst_row:
            # An older copy of this document: replace its units, findings and index entries.
            for indexer in dst.indexers:
                delete = getattr(indexer, "delete_document", None)
                if delete is not None:
                    delete(dst, cur, doc_id)
            cur.execute(dst.q("DELETE FROM findings WHERE doc_id = ?"), (doc_id,))
            cur.execute(dst.q("DELETE FROM units WHERE doc_id = ?"), (doc_id,))
        cur.execute(_upsert_sql(dst, "documents", doc_cols, ("id",)), src_row[0])
        if units:
            cur.executemany(_upsert_sql(dst, "units", cols["units"], ("doc_id", "unit_id")), units)
        if findings:
            cur.executemany(_upsert_sql(dst, "findings", cols["findings"], ("id",)), findings)
        if vectors:
            # The target's index hooks store the source's vectors instead of embedding the text again
            # (when embeddings are on there); written afterwards too, in case they are off there.
            with dense.preset_vectors(vecs):
                for indexer in dst.indexers if indexed else []:
                    indexer.index_document(dst, cur, doc)
            cur.execute(dst.q("DELETE FROM search_vectors WHERE doc_id = ?"), (doc_id,))
            dense.put_vectors(dst, cur, vecs)
        else:
            for indexer in dst.indexers if indexed else []:
                indexer.index_document(dst, cur, doc)
    return {"documents": 1, "units": len(units), "findings": len(findings), "search_vectors": len(vecs)}


def _versions(lib: Library, doc_id: str) -> list[tuple]:
    return sorted(_rows(lib, "SELECT unit_id, version FROM units WHERE doc_id = ?", (doc_id,)))


def library_content(lib: Library) -> dict[str, list[tuple]]:
    """Every copied table's rows in key order: what `copy_library` promises to carry over intact."""
    out = {}
    for table, key in TABLES:
        cols = sorted(_columns(lib, table))
        at = [cols.index(k) for k in key]
        # Sorted here, not by ORDER BY: the backends' text collations may differ.
        out[table] = sorted(_rows(lib, f"SELECT {', '.join(cols)} FROM {table}"), key=lambda r: tuple(r[i] for i in at))
    return out
