"""Benchmark of the translation checks (issue 3), side by side with translate-toolkit's pofilter.

    .venv/bin/python bench/checks.py            # prints a table, records bench/results.json["checks"]

Measures, in one run:
1. Clean pairs: error findings on the five seeds (target 0) and per 100 WMT17 dev pairs (target ≤ 1);
   every WMT error is printed with its pair so a human can read it. Errors we have read and judged to
   be genuine translation mistakes are listed in GENUINE (with the reason) and counted as found, not false.
2. Mutation recall: change ONE fact that both sides of a real pair state (a digit, a scale, a
   spelled-out number, a day / month / year, a name) on one side, and count how often the checks
   report an error of that kind which the clean pair did not have. Target ≥ 98% for numbers and dates.
3. Throughput: pairs per second through every check, caches cleared, one process (one core).
4. pofilter -t numbers (the CLI, on PO files written from the same pairs): false flags on the clean
   seed and WMT pairs, and its recall on the number mutants.
"""

from __future__ import annotations

import random
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from common import SEEDS, dev_docs, record  # noqa: E402

from duizhao.check import check_pair, check_pairs  # noqa: E402
from duizhao.check.numbers import match  # noqa: E402
from duizhao.lang import dates as dates_mod  # noqa: E402
from duizhao.lang import glossary as glossary_mod  # noqa: E402
from duizhao.lang import quantities as q_mod  # noqa: E402
from duizhao.lang.glossary import load  # noqa: E402

# WMT17 dev errors read by hand and found to be real mistakes in the reference translation.
GENUINE = {
    "dailymail.co.uk.170717:7": "time 1分57秒79 rendered as 1 minute 57.59 seconds",
    "ifeng0812.news.49764453_0:0": "11日 (the 11th) rendered as 'In November'",
    "ifeng0812.news.49766664_0:3": "同比增长47% rendered as 'a 84% increase' (84 is the train count)",
}

Pair = tuple[str, str, str]


def seed_pairs() -> list[Pair]:
    """The seeds' bilingual units as the product parses them (pipeline), else our own simple reading."""
    files = sorted(SEEDS.glob("*.txt"))
    try:
        from duizhao.pipeline import parse_file

        out = []
        for p in files:
            doc = parse_file(p)
            out += [(f"{p.stem}:{u.id}", u.zh, u.en) for u in doc.units if u.bilingual]
        return out
    except ImportError:
        from tests.check.seedpairs import seed_pairs as read

        return [(f"{p.stem}:{u}", zh, en) for p in files for u, zh, en in read(p)]


def wmt_pairs() -> list[Pair]:
    return [
        (f"{d['docid']}:{i}", z, e) for d in dev_docs() for i, (z, e) in enumerate(zip(d["zh"], d["en"], strict=False))
    ]


def clear_caches() -> None:
    q_mod._extract_cached.cache_clear()
    dates_mod._extract_cached.cache_clear()
    glossary_mod._mentions_cached.cache_clear()


# --- mutations --------------------------------------------------------------------------------------

_EN_WORDS = [
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "twenty",
    "thirty",
    "forty",
    "fifty",
]
_ZH_DIGITS = "二三四五六七八九"
_EN_MONTHS = list(dates_mod.MONTHS)


def _swap(text: str, start: int, end: int, new: str) -> str:
    return text[:start] + new + text[end:]


def _mutate_digit(surface: str, rng: random.Random) -> str | None:
    """Change one significant digit (not a trailing zero of an integer part; the first never to 0)."""
    m = re.search(r"\d[\d,]*(?:\.\d+)?", surface)
    if not m:
        return None
    num = m.group()
    intpart, _, frac = num.partition(".")
    digits = [i for i, ch in enumerate(num) if ch.isdigit()]
    int_digits = [i for i in digits if i < len(intpart)]
    stripped = intpart.replace(",", "").rstrip("0")
    sig_int = [i for i in int_digits][: max(1, len(stripped))] if not frac else int_digits
    choices = sig_int + [i for i in digits if i > len(intpart)]
    if not choices:
        return None
    i = rng.choice(choices)
    old = num[i]
    pool = [d for d in "0123456789" if d != old and not (d == "0" and i == 0)]
    new_num = num[:i] + rng.choice(pool) + num[i + 1 :]
    return surface[: m.start()] + new_num + surface[m.end() :]


def _mutate_scale(surface: str, lang: str) -> str | None:
    if lang == "zh":
        for a, b in (("万亿", "亿"), ("亿", "万"), ("万", "亿")):
            if a in surface:
                return surface.replace(a, b, 1)
        return None
    for a, b in (("billion", "million"), ("million", "billion"), ("thousand", "million"), ("trillion", "billion")):
        if re.search(rf"\b{a}\b", surface):
            return re.sub(rf"\b{a}\b", b, surface, count=1)
    return None


def _mutate_words(q: q_mod.Quantity, lang: str, rng: random.Random) -> str | None:
    s = q.surface
    if lang == "en":
        m = re.search(r"(?i)\b(" + "|".join(_EN_WORDS + ["dozen"]) + r")\b", s)
        if not m or m.group(1).lower() == "dozen":
            return None
        old = m.group(1)
        new = rng.choice([w for w in _EN_WORDS if w != old.lower()])
        new = new.capitalize() if old[0].isupper() else new
        return s[: m.start(1)] + new + s[m.end(1) :]
    idx = [i for i, ch in enumerate(s) if ch in _ZH_DIGITS]
    if not idx:
        return None
    i = rng.choice(idx)
    return s[:i] + rng.choice([c for c in _ZH_DIGITS if c != s[i]]) + s[i + 1 :]


def _mutate_date(d: dates_mod.DateRef, lang: str, rng: random.Random) -> tuple[str, str] | None:
    """(new surface, which field) changing the day, month or stated year by a plausible slip."""
    s = d.surface
    fields = [f for f, v in (("day", d.day), ("month", d.month)) if v is not None]
    if d.year is not None and not d.year_inferred:
        fields.append("year")
    if not fields:
        return None
    f = rng.choice(fields)
    if lang == "zh":
        pat = {"day": r"(\d{1,2})(?=[日号])", "month": r"(\d{1,2})(?=月)", "year": r"(\d{4})(?=年)"}[f]
        m = re.search(pat, s)
        if not m:
            return None
        v = int(m.group(1))
        nv = {"day": (v % 28) + 1, "month": (v % 12) + 1, "year": v + rng.choice((-1, 1))}[f]
        return s[: m.start(1)] + str(nv) + s[m.end(1) :], f
    if f == "month":
        m = re.search("|".join(_EN_MONTHS), s)
        if not m:
            return None
        new = _EN_MONTHS[(_EN_MONTHS.index(m.group()) + rng.randint(1, 11)) % 12]
        return s[: m.start()] + new + s[m.end() :], f
    if f == "year":
        m = re.search(r"\b(1[6-9]\d\d|20\d\d)\b", s)
        if not m:
            return None
        return s[: m.start()] + str(int(m.group()) + rng.choice((-1, 1))) + s[m.end() :], f
    m = re.search(r"\b([0-3]?\d)(?:st|nd|rd|th)?\b(?!\d)", re.sub(r"\b(1[6-9]\d\d|20\d\d)\b", lambda x: "#" * 4, s))
    if not m:
        return None
    v = int(m.group(1))
    return s[: m.start(1)] + str((v % 28) + 1) + s[m.end(1) :], f


def mutants(pairs: list[Pair], rng: random.Random) -> list[tuple[str, Pair, Pair, str]]:
    """(kind, clean pair, mutant pair, label) for facts stated on both sides of the clean pair."""
    g = load()
    out: list[tuple[str, Pair, Pair, str]] = []
    for uid, zh, en in pairs:
        zq = [q for q in q_mod.extract_quantities(zh, "zh") if q.kind not in ("footnote", "year")]
        eq = [q for q in q_mod.extract_quantities(en, "en") if q.kind not in ("footnote", "year")]
        matched, _lz, _le = match(zq, eq)
        for z, e in matched:
            side = rng.choice(("zh", "en"))
            q = z if side == "zh" else e
            text = zh if side == "zh" else en
            cands = []
            if re.search(r"\d", q.surface):
                cands.append(("number:digits", _mutate_digit(q.surface, rng)))
                if q.kind in ("number", "money", "range"):
                    cands.append(("number:scale", _mutate_scale(q.surface, side)))
            else:
                cands.append(("number:spelled", _mutate_words(q, side, rng)))
            for kind, new in cands:
                if new and new != q.surface:
                    pair = _apply(uid, zh, en, side, q.start, q.end, new)
                    if _still_a_different_number(pair, side, q):
                        out.append((kind, (uid, zh, en), pair, f"{q.surface} → {new}"))
            del text
        dz = [d for d in dates_mod.extract_dates(zh, "zh") if d.month or d.day or d.year]
        de = [d for d in dates_mod.extract_dates(en, "en") if d.month or d.day or d.year]
        used: set[int] = set()
        for d in dz:
            partner = next(
                (
                    i
                    for i, x in enumerate(de)
                    if i not in used
                    and (x.year, x.month, x.day) == (d.year, d.month, d.day)
                    or i not in used
                    and x.month == d.month
                    and x.day == d.day
                    and (x.month or x.day)
                ),
                None,
            )
            if partner is None:
                continue
            used.add(partner)
            side = rng.choice(("zh", "en"))
            ref = d if side == "zh" else de[partner]
            res = _mutate_date(ref, side, rng)
            if res and res[0] != ref.surface:
                out.append(
                    (
                        f"date:{res[1]}",
                        (uid, zh, en),
                        _apply(uid, zh, en, side, ref.start, ref.end, res[0]),
                        f"{ref.surface} → {res[0]}",
                    )
                )
        mz = {m[0]: m for m in g.find_mentions(zh, "zh")}
        me = {m[0]: m for m in g.find_mentions(en, "en")}
        both = [i for i in mz if i in me and g.entity(i).type in ("person", "org", "country", "city")]
        if both:
            eid = rng.choice(both)
            typ = g.entity(eid).type
            others = [e for e in g.entities() if e.type == typ and e.id not in mz and e.id not in me]
            if others:
                repl = rng.choice(others)
                side = rng.choice(("zh", "en"))
                m = mz[eid] if side == "zh" else me[eid]
                new = repl.zh if side == "zh" else repl.en
                text = zh if side == "zh" else en
                # replace every mention of the entity on that side: a real slip renames the person throughout
                forms = sorted({x[1] for x in g.find_mentions(text, side) if x[0] == eid}, key=len, reverse=True)
                mutated = text
                for f in forms:
                    mutated = mutated.replace(f, new)
                pair = (uid, mutated, en) if side == "zh" else (uid, zh, mutated)
                out.append(("name", (uid, zh, en), pair, f"{m[1]} → {new}"))
    return out


def _apply(uid: str, zh: str, en: str, side: str, s: int, e: int, new: str) -> Pair:
    return (uid, _swap(zh, s, e, new), en) if side == "zh" else (uid, zh, _swap(en, s, e, new))


def _still_a_different_number(pair: Pair, side: str, q: q_mod.Quantity) -> bool:
    """A fair mutant reads as a number with another value (6/3 is no fraction; ６→6 changes nothing)."""
    text = pair[1] if side == "zh" else pair[2]
    for r in q_mod.extract_quantities(text, side):
        if r.start < q.end + 3 and r.end > q.start:
            return (r.value, r.high) != (q.value, q.high)
    return False


def detected(kind: str, clean: Pair, mutant: Pair) -> bool:
    want = {"number": "number", "date": "date", "name": "entity"}[kind.split(":")[0]]
    before = {(f.kind, f.detail) for f in check_pair(*clean) if f.severity == "error"}
    after = [
        f for f in check_pair(*mutant) if f.severity == "error" and f.kind == want and (f.kind, f.detail) not in before
    ]
    return bool(after)


# --- pofilter -------------------------------------------------------------------------------------


def _po_escape(s: str) -> str:
    return s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def pofilter_flags(pairs: list[Pair]) -> set[str]:
    """Unit ids that `pofilter -t numbers` reports (msgid = Chinese source, msgstr = English)."""
    exe = Path(sys.executable).with_name("pofilter")
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "in.po", Path(tmp) / "out.po"
        lines = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', ""]
        for uid, zh, en in pairs:
            lines += [f'msgctxt "{_po_escape(uid)}"', f'msgid "{_po_escape(zh)}"', f'msgstr "{_po_escape(en)}"', ""]
        src.write_text("\n".join(lines), encoding="utf-8")
        subprocess.run([str(exe), "-t", "numbers", str(src), str(dst)], check=True, capture_output=True)
        text = dst.read_text(encoding="utf-8") if dst.exists() else ""
    return {
        m.group(1).encode().decode("unicode_escape") if "\\" in m.group(1) else m.group(1)
        for m in re.finditer(r'^msgctxt "(.*)"$', text, re.M)
    }


# --- run ------------------------------------------------------------------------------------------


def main() -> None:
    rng = random.Random(20240614)
    seeds = seed_pairs()
    wmt = wmt_pairs()

    seed_findings = check_pairs(seeds)
    seed_errors = [f for f in seed_findings if f.severity == "error"]
    seed_warnings = [f for f in seed_findings if f.severity == "warning"]

    wmt_findings = check_pairs(wmt)
    wmt_errors = [f for f in wmt_findings if f.severity == "error"]
    false_errors = [f for f in wmt_errors if f.unit_id not in GENUINE]
    by_id = {u: (zh, en) for u, zh, en in wmt}
    print(f"WMT17 dev: {len(wmt)} pairs, {len(wmt_errors)} error findings, {len(false_errors)} false")
    for f in wmt_errors:
        verdict = f"GENUINE ({GENUINE[f.unit_id]})" if f.unit_id in GENUINE else "FALSE"
        zh, en = by_id[f.unit_id]
        print(f"  [{verdict}] {f.unit_id} {f.kind}: {f.detail}\n      zh: {zh[:110]}\n      en: {en[:140]}")

    # mutation recall
    ms = mutants(seeds, rng) + mutants(wmt, rng)
    per: dict[str, list[bool]] = defaultdict(list)
    missed: list[str] = []
    for kind, clean, mutant, label in ms:
        ok = detected(kind, clean, mutant)
        per[kind].append(ok)
        if not ok:
            missed.append(f"{kind} {clean[0]}: {label}")
    recall = {k: round(sum(v) / len(v), 4) for k, v in sorted(per.items())}
    counts = {k: len(v) for k, v in sorted(per.items())}

    def group(prefix: str) -> float:
        vals = [x for k, v in per.items() if k.startswith(prefix) for x in v]
        return round(sum(vals) / len(vals), 4) if vals else 0.0

    # throughput: every check on every pair, cold caches, best of 3
    allpairs = seeds + wmt
    # CPU time of this (single-threaded) process is the one-core figure; wall time depends on the
    # other jobs sharing the machine and is recorded alongside
    cpu, wall = [], []
    for _ in range(3):
        clear_caches()
        c0, w0 = time.process_time(), time.perf_counter()
        check_pairs(allpairs)
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    pps = len(allpairs) / min(cpu)
    pps_wall = len(allpairs) / min(wall)

    # pofilter on the same pairs and on the number mutants
    po_seed = pofilter_flags(seeds)
    po_wmt = pofilter_flags(wmt)
    num_mutants = [(k, c, m) for k, c, m, _l in ms if k.startswith("number")]
    clean_flagged = pofilter_flags([(f"c{i}", c[1], c[2]) for i, (_k, c, _m) in enumerate(num_mutants)])
    mut_flagged = pofilter_flags([(f"c{i}", m[1], m[2]) for i, (_k, _c, m) in enumerate(num_mutants)])
    po_recall = sum(1 for i in range(len(num_mutants)) if f"c{i}" in mut_flagged and f"c{i}" not in clean_flagged)

    results = {
        "seed_pairs": len(seeds),
        "seed_errors": len(seed_errors),
        "seed_warnings": len(seed_warnings),
        "wmt_pairs": len(wmt),
        "wmt_error_findings": len(wmt_errors),
        "wmt_genuine_errors_found": len([f for f in wmt_errors if f.unit_id in GENUINE]),
        "wmt_false_errors": len(false_errors),
        "wmt_false_errors_per_100": round(100 * len(false_errors) / len(wmt), 3),
        "wmt_warnings_per_100": round(100 * sum(1 for f in wmt_findings if f.severity == "warning") / len(wmt), 2),
        "mutants": counts,
        "recall": recall,
        "recall_numbers": group("number"),
        "recall_dates": group("date"),
        "recall_names": group("name"),
        "pairs_per_second": round(pps),
        "pairs_per_second_wall": round(pps_wall),
        "pofilter_numbers_seed_flags": len(po_seed),
        "pofilter_numbers_seed_false_per_100": round(100 * len(po_seed) / len(seeds), 1),
        "pofilter_numbers_wmt_flags_per_100": round(100 * len(po_wmt) / len(wmt), 1),
        "pofilter_numbers_mutant_recall": round(po_recall / len(num_mutants), 4) if num_mutants else None,
        "command": ".venv/bin/python bench/checks.py",
    }
    record("checks", results)
    print()
    print(f"{'measure':<44} {'duizhao':>12} {'pofilter -t numbers':>20}")
    label = f"seed pairs with an error flag (of {len(seeds)})"
    print(f"{label:<44} {len({f.unit_id for f in seed_errors}):>12} {len(po_seed):>20}")
    print(
        f"{'WMT17 false errors per 100 pairs':<44} {results['wmt_false_errors_per_100']:>12} "
        f"{results['pofilter_numbers_wmt_flags_per_100']:>20}"
    )
    print(
        f"{'number-mutant recall':<44} {results['recall_numbers']:>12} {results['pofilter_numbers_mutant_recall']:>20}"
    )
    print(f"{'date-mutant recall':<44} {results['recall_dates']:>12} {'—':>20}")
    print(f"{'name-mutant recall':<44} {results['recall_names']:>12} {'—':>20}")
    print(f"{'pairs / s (all checks, one core, CPU time)':<44} {results['pairs_per_second']:>12}")
    print(f"{'pairs / s (wall clock, shared machine)':<44} {results['pairs_per_second_wall']:>12}")
    print("recall per kind:", {k: f"{recall[k]:.3f} of {counts[k]}" for k in recall})
    print(f"seed warnings ({len(seed_warnings)}):")
    for f in seed_warnings:
        print(f"  {f.unit_id} {f.kind}: {f.detail}")
    print(f"missed mutants ({len(missed)}):")
    for line in missed[:60]:
        print("  " + line)


if __name__ == "__main__":
    main()
