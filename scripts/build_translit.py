"""Build src/duizhao/data/translit.json.gz, the transliteration model (duizhao/lang/translit.py), from the
installed CC-CEDICT: its foreign proper nouns (capitalised pinyin, an English name that is not the pinyin),
both scripts. Run after a CC-CEDICT upgrade: `python scripts/build_translit.py`."""

from __future__ import annotations

import gzip
import re
import sys
import time
from collections import Counter

from duizhao.lang import romanise, translit
from duizhao.lang.cedict import data_path


def foreign_pairs() -> tuple[list[tuple[str, str]], dict[str, float]]:
    pairs: list[tuple[str, str]] = []
    foreign: Counter[str] = Counter()
    total: Counter[str] = Counter()
    with gzip.open(data_path(), "rt", encoding="utf-8") as fh:
        for line in fh:
            head, sep, defs = line.partition(" /")
            i = head.find("[")
            if not sep or line[0] == "#" or i < 0 or not head[i + 1 : i + 2].isupper():
                continue
            trad, simp = head.split(" ", 2)[:2]
            if not re.fullmatch(r"[\u3400-\u9fff]{2,8}", simp):
                continue
            py = romanise.key(re.sub(r"\d", "", head[i + 1 : head.find("]", i)]))
            forms = {romanise.key(m.group(1)) for g in defs.split("/") if (m := romanise._GLOSS_NAME.match(g.strip()))}
            forms.discard("")
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
