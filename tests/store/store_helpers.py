"""Small synthetic documents for the storage tests (our own sentences), and worker functions that
the concurrency tests run in separate processes (they must be importable by module name)."""

from __future__ import annotations

import hashlib
import time
import traceback
from typing import Any

from duizhao.errors import Conflict
from duizhao.model import Document, Finding, Sentence, Unit

ZH = ["北京今天下雨。", "会议讨论了贸易问题。", "双方同意加强合作。", "报告发表于二〇二三年。", "价格上涨了百分之五。"]
EN = [
    "It rained in Beijing today.",
    "The meeting discussed trade.",
    "Both sides agreed to cooperate more.",
    "The report came out in 2023.",
    "Prices rose by 5 percent.",
]


def make_doc(
    n: int, units: int = 4, source: str = "Test Outlet", published: str | None = "2023-01-11", **meta: Any
) -> Document:
    """Document number n: content (hence id) differs per n."""
    us = [Unit(id="u1", kind="heading", zh=f"第{n}号文件", en=f"Document {n}")]
    for i in range(2, units + 1):
        k = (n + i) % len(ZH)
        us.append(
            Unit(
                id=f"u{i}",
                kind="paragraph",
                section="u1",
                zh=f"{ZH[k]}（{n}-{i}）",
                en=f"{EN[k]} ({n}-{i})",
                sentences=[Sentence(ZH[k], EN[k])],
            )
        )
    doc_id = hashlib.sha256("|".join(f"{u.zh}/{u.en}" for u in us).encode()).hexdigest()[:16]
    return Document(
        id=doc_id,
        path=f"doc_{n:03d}.txt",
        title={"zh": f"文件{n}", "en": f"Document {n}"},
        authors=meta.pop("authors", ["Li Hua"]),
        source=source,
        published=published,
        keywords=meta.pop("keywords", ["trade"]),
        script="zh-Hans",
        units=us,
        **meta,
    )


def finding(unit_id: str, kind: str = "number") -> Finding:
    return Finding(
        kind=kind, severity="warning", unit_id=unit_id, zh="五", en="six", detail=f"zh 5 vs en 6 in {unit_id}"
    )


# -- workers (each opens its own library: connections are never shared across processes) -----------
def ingest_worker(url: str, numbers: list[int], start: Any, out: Any) -> None:
    from duizhao.store import open_library

    try:
        lib = open_library(url)
        start.wait()
        result = {}
        for n in numbers:
            doc = make_doc(n)
            result[n] = lib.add_document(doc, [finding("u2")])
        lib.close()
        out.put(("ok", result))
    except BaseException:  # noqa: BLE001 - report everything to the parent
        out.put(("error", traceback.format_exc()))


def read_worker(url: str, stop: Any, out: Any) -> None:
    from duizhao.store import open_library

    try:
        lib = open_library(url)
        reads = 0
        while not stop.is_set():
            for row in lib.list_documents(limit=20):
                doc = lib.get_document(row["id"])
                # A reader never sees half a document: all of its units or none of it.
                assert len(doc.units) == 4, (doc.id, len(doc.units))
                reads += 1
            lib.facets()
            time.sleep(0.02)  # a reader, not a busy loop: the machine has two cores for everyone
        lib.close()
        out.put(("ok", reads))
    except BaseException:  # noqa: BLE001
        out.put(("error", traceback.format_exc()))


def apply_worker(url: str, correction_id: int, start: Any, out: Any) -> None:
    from duizhao.store import open_library

    try:
        lib = open_library(url)
        start.wait()
        try:
            lib.apply_correction(correction_id, editor=f"editor{correction_id}")
            out.put(("ok", "applied"))
        except Conflict as e:
            out.put(("ok", f"conflict: {e}"))
        lib.close()
    except BaseException:  # noqa: BLE001
        out.put(("error", traceback.format_exc()))


def open_worker(url: str, start: Any, out: Any) -> None:
    from duizhao.store import open_library

    try:
        start.wait()
        lib = open_library(url)
        out.put(("ok", lib.stats()["documents"]))
        lib.close()
    except BaseException:  # noqa: BLE001
        out.put(("error", traceback.format_exc()))
