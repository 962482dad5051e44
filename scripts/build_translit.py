"""Build src/duizhao/data/translit.json.gz, the transliteration model (duizhao/lang/translit.py), from the
installed CC-CEDICT: its foreign proper nouns (capitalised pinyin, an English name that is not the pinyin),
both scripts. Run after a CC-CEDICT upgrade: `python scripts/build_translit.py`."""

from __future__ import annotations

import sys
import time
from collections import Counter

from duizhao.lang import romanise, translit


def foreign_pairs() -> tuple[list[tuple[str, str]], dict[str, float]]:
    pairs: list[tuple[str, str]] = []
    foreign: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for trad, simp, py, forms in romanise.proper_nouns():
        if not 2 <= len(simp) <= 8:
            continue
        is_foreign = bool(forms) and not any(f.startswith(py) or py.startswith(f) for f in forms)
        for h in {trad, simp}:
            for c in set(h):
                total[c] += 1
                foreign[c] += is_foreign
            if is_foreign:
                pairs += [(h, f) for f in forms]
    shares = {c: (foreign[c] + 0.5) / (total[c] + 1.0) for c in total}
    return sorted(set(pairs)), shares


def main() -> None:
    t0 = time.time()
    pairs, shares = foreign_pairs()
    model = translit.train(pairs, shares)
    translit.save(model)
    print(f"{len(pairs)} foreign names, {len(model.by_char)} characters, {len(model.by_syllable)} syllables, "
          f"{time.time() - t0:.0f} s -> {translit.DATA}", file=sys.stderr)


if __name__ == "__main__":
    main()
