"""The golden pairs (data/golden_pairs.tsv): correct translations raise nothing, real slips stay errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from duizhao.check import check_pair

TABLE = Path(__file__).with_name("data") / "golden_pairs.tsv"


def rows() -> list[tuple[str, str, str]]:
    out = []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            zh, en, want = line.split("\t")
            out.append((zh, en, want))
    return out


@pytest.mark.parametrize(("zh", "en", "want"), rows(), ids=[f"{r[0]}|{r[1]}" for r in rows()])
def test_golden_pair(zh: str, en: str, want: str) -> None:
    got = sorted(f"{f.severity}:{f.kind}" for f in check_pair("u", zh, en, 2024))
    expected = [] if want == "-" else sorted(want.split(","))
    assert got == expected, [f.detail for f in check_pair("u", zh, en, 2024)]
