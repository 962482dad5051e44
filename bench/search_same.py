"""Whether two checkouts answer search() alike: dumps every result of a fixed query set on one library,
for a byte-for-byte comparison of the dumps (a refactor of search/ must not change them).

    # a synthetic library as bench/search.py builds them (tiers, bitmaps and a tail of unmerged rows)
    .venv/bin/python bench/search_same.py build /tmp/same/syn-100000.db 100000
    PYTHONPATH=/tmp/old/src .venv/bin/python bench/search_same.py dump /tmp/same/syn-100000.db /tmp/old.json
    .venv/bin/python bench/search_same.py dump /tmp/same/syn-100000.db /tmp/new.json
    .venv/bin/python bench/search_same.py compare /tmp/old.json /tmp/new.json

Queries: bench/search.py's 200 sampled latency queries, each also with a metadata filter, on one side,
on page 2 and grouped by document, plus 40 whole dev sentences (the relaxed, pruned OR) and some
operators (phrases, exclusions, fields). Dense retrieval off. Records nothing.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import duizhao  # noqa: E402 - first, so PYTHONPATH decides which checkout runs
from duizhao.search import search  # noqa: E402
from duizhao.store import open_library  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import dev_docs  # noqa: E402
from search import build_synthetic, sample_queries  # noqa: E402

EXTRA = [
    '"the United States"', "China -trade", "economy OR 经济", "source:Xinhua 经济", "year:2019 growth",
    "普京", "Putin", "中国 经济 发展", "world bank", "人民币 汇率", "不要", "the", "的",
]


def cases(docs: list[dict]) -> list[tuple[str, dict[str, Any]]]:
    queries = sample_queries(docs, 200)
    out: list[tuple[str, dict[str, Any]]] = []
    for q in queries + EXTRA:
        out += [
            (q, {}),
            (q, {"source": "Xinhua", "date_from": "2018-01-01"}),
            (q, {"side": "en" if len(out) % 2 else "zh"}),
            (q, {"offset": 10, "limit": 20}),
            (q, {"group_by_document": True}),
        ]
    for d in docs[:20]:
        out += [(d["zh"][len(d["zh"]) // 2], {}), (d["en"][len(d["en"]) // 2], {})]
    return out


def dump(library: str, target: str) -> None:
    lib = open_library(library)
    results = []
    for q, kw in cases(dev_docs()):
        results.append({"q": q, "kw": kw, "result": search(lib, q, dense=False, **kw)})
    Path(target).write_text(json.dumps(results, ensure_ascii=False, sort_keys=True, indent=0), encoding="utf-8")
    print(f"{Path(duizhao.__file__).parents[1]}: {len(results)} searches on {library} → {target}")


def compare(a: str, b: str) -> int:
    left = json.loads(Path(a).read_text(encoding="utf-8"))
    right = json.loads(Path(b).read_text(encoding="utf-8"))
    differ = [x for x, y in zip(left, right, strict=True) if x != y]
    stages: dict[str, int] = {}
    for x in left:
        stages[x["result"].get("first_stage", "?")] = stages.get(x["result"].get("first_stage", "?"), 0) + 1
    print(f"{len(left)} searches, {len(differ)} differ; first stages: {stages}")
    for x in differ[:5]:
        print("  differs:", x["q"], x["kw"])
    return 1 if differ else 0


def build(target: str, n: int) -> None:
    """A synthetic library of n units with its lists and bitmaps built, then 300 more units (a tail)."""
    docs = dev_docs()
    lib, _ = build_synthetic(Path(target), docs, n, "both")
    lib.maintain()
    lib.close()
    tail = Path(target).with_suffix(".tail.db")
    tail.unlink(missing_ok=True)
    more, _ = build_synthetic(tail, docs, 300, "both", seed=8)
    more.close()
    source = open_library(tail)
    lib = open_library(target)
    for doc_id in source.document_ids():
        doc = source.get_document(doc_id)
        doc.id = "t" + doc.id
        lib.add_document(doc)  # indexed by the library's hooks, past the lists' mark
    source.close()
    lib.close()
    tail.unlink()


def main() -> int:
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "dump" and len(sys.argv) == 4:
        dump(sys.argv[2], sys.argv[3])
        return 0
    if cmd == "compare" and len(sys.argv) == 4:
        return compare(sys.argv[2], sys.argv[3])
    if cmd == "build" and len(sys.argv) == 4:
        build(sys.argv[2], int(sys.argv[3]))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
