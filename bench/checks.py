"""Benchmark of the translation checks (issues 3 and 19), side by side with translate-toolkit's pofilter.

    .venv/bin/python bench/checks.py            # prints a table, records bench/results.json["checks"]

The WMT17 dev documents are split once and for all: sorted by docid, the documents at even positions
(0, 2, 4 …) are the TUNING half (every rule of the checks was chosen looking at them, the seeds and the
demo), those at odd positions the HELD-OUT half, on which every WMT figure below is measured.

Measures, in one run:
1. Clean pairs (human translations): error findings on the five seeds and the three demo documents
   (target 0) and per 100 held-out WMT17 dev pairs (target ≤ 1); every WMT error is printed with its
   pair so a human can read it. Errors we have read and judged to be genuine translation mistakes are
   listed in GENUINE (with the reason) and counted as found, not false.
2. Injected errors on the held-out pairs: change ONE fact that both sides state, on one side (a digit,
   a scale word, a spelled-out number, a day / month / year, a syllable of a romanised Chinese name, a
   letter of a foreign name's English spelling, a place swapped for another), and count how often the
   checks report an error of that kind which the clean pair did not have — per kind.
3. pofilter -t numbers (the CLI, on PO files written from the same pairs): its flags on the same clean
   pairs and its recall on the same injected errors, per kind.
4. Throughput: pairs per second through every check, caches cleared, one process (one core).
"""

from __future__ import annotations

import json
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

from common import RESULTS, SEEDS, dev_docs, record  # noqa: E402

from duizhao.check import check_pair, check_pairs  # noqa: E402
from duizhao.check.numbers import match  # noqa: E402
from duizhao.lang import dates as dates_mod  # noqa: E402
from duizhao.lang import glossary as glossary_mod  # noqa: E402
from duizhao.lang import quantities as q_mod  # noqa: E402
from duizhao.lang.glossary import load  # noqa: E402

# WMT17 dev errors read by hand and found to be real mistakes in the reference translation.
GENUINE = {
    "bbc.242436:21": "伊万诺夫 (Ivanov) spelled 'Ivanoc' (Ivanov elsewhere in the same document)",
    "ifeng0812.news.49765246_0:0": "井陉县 (Jingxing County) rendered as 'Jingjing County'",
    "ifeng0812.news.49765323_0:0": "特蕾莎·梅 (Theresa May) spelled 'Teresa May'",
    "dailymail.co.uk.170717:7": "time 1分57秒79 rendered as 1 minute 57.59 seconds",
    "ifeng0812.news.49764453_0:0": "11日 (the 11th) rendered as 'In November'",
    "ifeng0812.news.49766664_0:3": "同比增长47% rendered as 'a 84% increase' (84 is the train count)",
}

# Term warnings on the held-out half read by hand and found to be real omissions in the reference translation.
TERM_GENUINE = {
    "ifeng0812.news.49767201_0:14": "参加了两次奥运会 (took part in two Olympic Games) is left out of the English",
}

Pair = tuple[str, str, str]

# Round 4's first look (bench/checks.py on commit 1513e4d, 2026-12-07), kept as that run recorded it
ROUND4_FIRST_LOOK = {
    "false_errors_per_100": 1.457,
    "false_errors": 17,
    "recall": {"name:place": 0.3462, "name:spelling": 0.0722, "name:syllable": 0.7027},
    "recall_names": 0.2223,
}
# main's name check before this round (aef92f8) on round 4, measured once for comparison (same run of names)
ROUND4_MAIN = {
    "false_errors_per_100": 0.514,
    "false_errors": 6,
    "recall": {"name:place": 0.0103, "name:spelling": 0.0537, "name:syllable": 0.6486},
    "recall_names": 0.0411,
}

# The name check as frozen before any unseen-name evaluation was built (commit efd672b): the git blob of
# each file that decides a name finding. bench/names_unseen.py measures only this version; a changed blob
# means the figure is not the frozen check's and must be re-measured on yet another unseen set.
FROZEN_NAME_CHECK = {
    "src/duizhao/check/names.py": "5e71bfc1a692c8dcb6e73fb54f03178194ab4406",
    "src/duizhao/lang/romanise.py": "3719b579e7a438d4d5fa866fa690c54f9717794b",
    "src/duizhao/lang/glossary.py": "3b810f73d0efddcada041794758c902f90b91a54",
    "src/duizhao/data/glossary.tsv": "8b6bf5770c21dc9ebc97a9420949b38a185731fa",
}


def name_check_frozen() -> bool:
    """Whether the working files of the name check are the frozen ones (git hash-object of each)."""
    root = HERE.parent
    for path, blob in FROZEN_NAME_CHECK.items():
        got = subprocess.run(["git", "hash-object", str(root / path)], capture_output=True, text=True, check=False).stdout.strip()
        if got != blob:
            return False
    return True



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


def wmt_halves() -> tuple[list[dict], list[dict]]:
    """(tuning, held-out) WMT17 dev documents: sorted by docid, even positions tune, odd are held out."""
    docs = sorted(dev_docs(), key=lambda d: d["docid"])
    return docs[0::2], docs[1::2]


def doc_pairs(docs: list[dict]) -> list[Pair]:
    return [(f"{d['docid']}:{i}", z, e) for d in docs for i, (z, e) in enumerate(zip(d["zh"], d["en"], strict=False))]


def wmt_pairs() -> list[Pair]:
    return doc_pairs(dev_docs())


def wmt_findings(docs: list[dict]) -> list:
    """Findings document by document (the length norm and yearless dates are per document)."""
    out = []
    for d in docs:
        out += check_pairs([(f"{d['docid']}:{i}", z, e) for i, (z, e) in enumerate(zip(d["zh"], d["en"], strict=False))])
    return out


DEMO = HERE.parent / "demo"


def file_findings(files: list[Path]) -> tuple[list[Pair], list]:
    """Each document as `duizhao check FILE` sees it: its bilingual pairs and its findings."""
    from duizhao.check import check_document
    from duizhao.pipeline import parse_file

    pairs, findings = [], []
    for p in files:
        doc = parse_file(p)
        pairs += [(f"{p.stem}:{u.id}", u.zh, u.en) for u in doc.units if u.bilingual]
        findings += check_document(doc)
    return pairs, findings


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
        both = [i for i in mz if i in me and g.entity(i).type in ("country", "city", "place")]
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
                out.append(("name:place", (uid, zh, en), pair, f"{m[1]} → {new}"))
    return out


def _pinyin_syllables() -> list[str]:
    from pypinyin.contrib.tone_convert import to_normal
    from pypinyin.pinyin_dict import pinyin_dict

    out = set()
    for v in pinyin_dict.values():
        for p in v.split(","):
            n = to_normal(p)
            if n.isascii() and n.isalpha():
                out.add(n)
    return sorted(out)


_INITIAL = re.compile(r"^(zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?")


def _respell(surface: str, start: int, end: int, new: str) -> str:
    """`surface` with its letters start..end (counted over letters only) replaced by `new`, case kept."""
    pos = [i for i, ch in enumerate(surface) if ch.isalpha()]
    a, b = pos[start], pos[end - 1] + 1
    if surface[a].isupper():
        new = new[:1].upper() + new[1:]
    return surface[:a] + new + surface[b:]


def name_mutants(pairs: list[Pair], rng: random.Random) -> list[tuple[str, Pair, Pair, str]]:
    """A Chinese name written in the English as expected (lang/romanise), misspelt there: one pinyin
    syllable changed for another with the same initial (Shijiazhuang → Shijiazhang: name:syllable), or
    one letter of an established / foreign form changed (Trump → Trumb: name:spelling)."""
    import rjieba
    from pypinyin import lazy_pinyin

    from duizhao.check.names import _NAME_TAGS, _en_candidates
    from duizhao.lang import romanise

    sylls = _pinyin_syllables()
    by_initial: dict[str, list[str]] = defaultdict(list)
    for x in sylls:
        by_initial[_INITIAL.match(x).group(0) or ""].append(x)  # type: ignore[union-attr]
    g = load()
    out: list[tuple[str, Pair, Pair, str]] = []
    for uid, zh, en in pairs:
        cands = {k: sf for sf, k in _en_candidates(en)}
        found = []
        words = [(w, _NAME_TAGS.get(t, False)) for w, t in rjieba.tag(zh) if len(w) >= 2 and (t in _NAME_TAGS or romanise.proper_noun(w))]
        words += [(m[1], g.entity(m[0]).type == "person") for m in g.find_mentions(zh, "zh") if g.entity(m[0]).type in ("person", "city", "place", "country")]
        for w, person in words:
            for r in romanise.renderings(w, person):
                if r.key in cands and len(r.key) >= 5:
                    found.append((w, cands[r.key], r))
                    break
        if not found:
            continue
        w, surface, r = rng.choice(found)
        syl = [x.replace("ü", "v") for x in lazy_pinyin(w)]
        if r.pinyin and "".join(syl).replace("v", "u") == r.key:
            i = rng.randrange(len(syl))
            ini = _INITIAL.match(syl[i]).group(0) or ""  # type: ignore[union-attr]
            pool = [x for x in by_initial[ini] if x != syl[i]]
            if not pool:
                continue
            a = sum(len(x) for x in syl[:i])
            new_surface = _respell(surface, a, a + len(syl[i]), rng.choice(pool))
            kind = "name:syllable"
        else:
            letters = [i for i, ch in enumerate(romanise.key(surface)) if i > 0]
            if not letters:
                continue
            i = rng.choice(letters)
            old = romanise.key(surface)[i]
            new_surface = _respell(surface, i, i + 1, rng.choice([c for c in "abdefgiklmnoprstuvz" if c != old]))
            kind = "name:spelling"
        if romanise.key(new_surface) == romanise.key(surface):
            continue
        out.append((kind, (uid, zh, en), (uid, zh, en.replace(surface, new_surface)), f"{w}: {surface} → {new_surface}"))
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


# --- term warnings (check/terms.py) ----------------------------------------------------------------


def bench_termbase(pairs: list[Pair]) -> list:
    """The termbase of a library holding `pairs`, as an editor would have confirmed it: the glossary's
    terms (confirmed) and the pairs mined from the sentences with dictionary evidence that recur (count ≥ 2),
    taken as confirmed. (A stand-in for an editor's confirmations: every such pair, right or wrong.)"""
    from duizhao.terms import Term, glossary_terms, mine

    mined = mine([(z, e) for _u, z, e in pairs])
    return glossary_terms() + [
        Term(zh=m.zh, en=m.en_forms[0], zh_variants=m.zh_forms, en_variants=m.en_forms[1:], origin="library", status="confirmed")
        for m in mined
        if m.count >= 2 and "dictionary" in m.evidence
    ]


def term_warnings(pairs: list[Pair], terms: list) -> list:
    from duizhao.check import termset
    from duizhao.check.terms import check_terms

    ts = termset(terms)
    return [f for u, z, e in pairs for f in check_terms(u, z, e, ts)]


def term_mutants(pairs: list[Pair], terms: list, rng: random.Random) -> list[tuple[Pair, Pair, str]]:
    """A confirmed term rendered as the termbase says, its English replaced by another term's English."""
    from duizhao.check import termset
    from duizhao.check.terms import _en_surface, _en_text_key
    from duizhao.terms.mining import zh_key

    ts = termset(terms)
    shown = sorted({en for _f, en in ts.zh_to_en.values()})
    out = []
    for uid, zh, en in pairs:
        zk, ek = zh_key(zh), _en_text_key(en)
        here = [(k, f) for k, (forms, _s) in ts.zh_to_en.items() if k in zk for f in forms if f" {f} " in ek]
        if not here:
            continue
        k, f = rng.choice(here)
        surface = _en_surface(en, f)
        other = rng.choice([x for x in shown if _en_text_key(x).strip() not in ts.zh_to_en[k][0]])
        out.append(((uid, zh, en), (uid, zh, en.replace(surface, other)), f"{k}: {surface} → {other}"))
    return out


# --- run ------------------------------------------------------------------------------------------


def _per100(n: int, pairs: int) -> float:
    return round(100 * n / pairs, 3) if pairs else 0.0


def main() -> None:
    rng = random.Random(20240614)
    seeds, seed_findings = file_findings(sorted(SEEDS.glob("*.txt")))
    demo, demo_findings = file_findings(sorted(DEMO.glob("*.txt")))
    tune_docs, held_docs = wmt_halves()
    held = doc_pairs(held_docs)
    tune = doc_pairs(tune_docs)

    seed_errors = [f for f in seed_findings if f.severity == "error"]
    demo_errors = [f for f in demo_findings if f.severity == "error"]
    for label, errs in (("seeds", seed_errors), ("demo", demo_errors)):
        for f in errs:
            print(f"  [FALSE] {label} {f.unit_id} {f.kind}: {f.detail}")

    def wmt_errors_of(docs: list[dict], pairs: list[Pair], name: str) -> tuple[list, list, list]:
        found = wmt_findings(docs)
        errors = [f for f in found if f.severity == "error"]
        false = [f for f in errors if f.unit_id not in GENUINE]
        by_id = {u: (zh, en) for u, zh, en in pairs}
        print(f"WMT17 dev {name}: {len(pairs)} pairs, {len(errors)} error findings, {len(false)} false")
        for f in errors:
            verdict = f"GENUINE ({GENUINE[f.unit_id]})" if f.unit_id in GENUINE else "FALSE"
            zh, en = by_id[f.unit_id]
            print(f"  [{verdict}] {f.unit_id} {f.kind}: {f.detail}\n      zh: {zh[:110]}\n      en: {en[:140]}")
        return found, errors, false

    held_found, held_errors, held_false = wmt_errors_of(held_docs, held, "held-out half")
    _tune_found, _tune_errors, tune_false = wmt_errors_of(tune_docs, tune, "tuning half")

    # injected errors, on the held-out half only
    ms = mutants(held, rng) + name_mutants(held, rng)
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
    allpairs = seeds + demo + doc_pairs(tune_docs + held_docs)
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

    # pofilter -t numbers on the same clean pairs and the same injected errors
    po_seed = pofilter_flags(seeds)
    po_demo = pofilter_flags(demo)
    po_held = pofilter_flags(held)
    clean_flagged = pofilter_flags([(f"c{i}", c[1], c[2]) for i, (_k, c, _m, _l) in enumerate(ms)])
    mut_flagged = pofilter_flags([(f"c{i}", m[1], m[2]) for i, (_k, _c, m, _l) in enumerate(ms)])
    po_per: dict[str, list[bool]] = defaultdict(list)
    for i, (kind, _c, _m, _l) in enumerate(ms):
        po_per[kind].append(f"c{i}" in mut_flagged and f"c{i}" not in clean_flagged)
    po_recall = {k: round(sum(v) / len(v), 4) for k, v in sorted(po_per.items())}

    def po_group(prefix: str) -> float:
        vals = [x for k, v in po_per.items() if k.startswith(prefix) for x in v]
        return round(sum(vals) / len(vals), 4) if vals else 0.0

    # term warnings: each set checked against the termbase a library of that set would have
    term_counts: dict[str, int] = {}
    term_sizes: dict[str, int] = {}
    by_uid = {u: (z, e) for u, z, e in seeds + demo + tune + held}
    held_terms: list = []
    for name, pairs in (("seeds", seeds), ("demo", demo), ("wmt_tuning", tune), ("wmt_heldout", held)):
        terms = bench_termbase(pairs)
        if name == "wmt_heldout":
            held_terms = terms
        warns = term_warnings(pairs, terms)
        term_counts[name], term_sizes[name] = len(warns), len(terms)
        term_counts[name + "_false"] = sum(1 for f in warns if f.unit_id not in TERM_GENUINE)
        for f in warns:
            z, e = by_uid[f.unit_id]
            verdict = f"GENUINE ({TERM_GENUINE[f.unit_id]})" if f.unit_id in TERM_GENUINE else "FALSE"
            print(f"  [term warning, {name}, {verdict}] {f.unit_id}: {f.detail}\n      zh: {z[:110]}\n      en: {e[:140]}")
    from duizhao.check import termset
    from duizhao.check.terms import check_terms

    held_ts = termset(held_terms)
    tm = term_mutants(held, held_terms, rng)
    term_hits = [any(f.kind == "term" for f in check_terms(*m, held_ts)) for _c, m, _l in tm]

    # names nobody on the team has read (bench/names_unseen.py), the frozen name check
    import names_unseen

    read = [t for _u, z, e in seeds + demo + tune + held for t in (z, e)]
    read += [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt")) + sorted(DEMO.glob("*.txt"))]
    if name_check_frozen():
        unseen = names_unseen.measure(read, random.Random(20240615))
    else:
        # Round 1's figures belong to the frozen check, which the code no longer is: they are kept as that
        # run recorded them (a changed check measured on all names would be measured on names it was tuned on)
        before = json.loads(RESULTS.read_text()).get("checks", {}) if RESULTS.exists() else {}
        unseen = {k: v for k, v in before.items() if k.startswith("names_unseen_") and not k.startswith("names_unseen_round2_")}
        unseen["names_unseen_note"] = (
            "round 1: the frozen check (blobs in FROZEN_NAME_CHECK) on all unseen names, as the run that measured it "
            "recorded them; the check changed in round 2 (names_unseen_round2_*)"
        )
    # Round 2: the check tuned on half A only (findings read there), half B measured once (figures only).
    # Before round 2 only round 1's aggregate figures of the whole set had been seen.
    round2 = names_unseen.measure(read, random.Random(20240616), half="B", prefix="names_unseen_round2_")
    round2["names_unseen_round2_note"] = (
        "since lang/places.py the check reads CLDR and ISO 3166 place names, the very sources of round 2: its names "
        "are listed names now, so round 2 measures the check on names its lists hold; round 4 (names no list holds) "
        "is the figure for names no list knows"
    )
    round2["names_unseen_round2_split"] = (
        "unseen names split by the SHA-1 of the English name: first byte even = half A (tuning: the rules were "
        "set reading its findings and misses), odd = half B (held out: these figures, measured once)"
    )
    tuned = names_unseen.measure(read, random.Random(20240617), half="A", prefix="names_unseen_round2_tuning_A_")
    round2["names_unseen_round2_tuning_A (tuned on: not a result)"] = {
        k[len("names_unseen_round2_tuning_A_") :]: tuned[k]
        for k in tuned
        if k.endswith(("false_errors_per_100", "recall", "recall_names", "pairs"))
    }
    unseen.update(round2)
    # Round 4: libgweather's names that no list the check reads holds (names_unseen.round4_pairs), defined and
    # committed before any result on it was seen; all of it held out, measured once at the end.
    r4_pairs = names_unseen.round4_pairs(read)
    if not r4_pairs:  # libgweather-4-common not installed: keep the figures the last run with it recorded
        before = json.loads(RESULTS.read_text()).get("checks", {}) if RESULTS.exists() else {}
        unseen.update({k: v for k, v in before.items() if k.startswith("names_unseen_round4_")})
        print("round 4 skipped: /usr/share/libgweather-4/Locations.xml is missing (apt-get install libgweather-4-common)")
    round4 = (
        names_unseen.measure(read, random.Random(20240618), prefix="names_unseen_round4_", pairs=r4_pairs) if r4_pairs else {}
    )
    if round4:
        round4["names_unseen_round4_split"] = "all held out: no choice of the check was made on it"
        round4["names_unseen_round4_looks"] = (
            "looked at three times, figures only, no finding of round 4 read: 1) commit 1513e4d (names_unseen_round4_first_look), "
            "whose false errors (1.46 per 100, above main's 0.51) made the swap found for a transliteration no list confirms "
            "a warning; 2) 8017c3a, that change; 3) 0547a70, recall counting warnings added (a speed change there also asks "
            "a cut name's one-character pieces to be transliterating characters: errors unchanged, warnings recall 0.2223 -> 0.2214)"
        )
        round4["names_unseen_round4_first_look"] = ROUND4_FIRST_LOOK
        round4["names_unseen_round4_main_before_this_round"] = ROUND4_MAIN
    unseen.update(round4)

    # bench/checks_news.py's figures (news_*) share this area: kept as its last run recorded them
    before = json.loads(RESULTS.read_text()).get("checks", {}) if RESULTS.exists() else {}
    news = {k: v for k, v in before.items() if k.startswith("news_")}
    results = {
        **news,
        "split": "WMT17 dev documents sorted by docid: even positions tune, odd positions held out (all WMT figures)",
        "seed_pairs": len(seeds),
        "seed_errors": len(seed_errors),
        "seed_warnings": sum(1 for f in seed_findings if f.severity == "warning"),
        "demo_pairs": len(demo),
        "demo_errors": len(demo_errors),
        "demo_warnings": sum(1 for f in demo_findings if f.severity == "warning"),
        "wmt_heldout_docs": len(held_docs),
        "wmt_heldout_pairs": len(held),
        "wmt_heldout_error_findings": len(held_errors),
        "wmt_heldout_genuine_errors_found": len(held_errors) - len(held_false),
        "wmt_heldout_false_errors": len(held_false),
        "wmt_heldout_false_errors_per_100": _per100(len(held_false), len(held)),
        "wmt_heldout_warnings_per_100": round(100 * sum(1 for f in held_found if f.severity == "warning") / len(held), 2),
        "wmt_tuning_false_errors_per_100 (tuned on: not a result)": _per100(len(tune_false), len(tune)),
        "injected": counts,
        "recall": recall,
        "recall_numbers": group("number"),
        "recall_dates": group("date"),
        "recall_names": group("name"),
        "pofilter_numbers_recall": po_recall,
        "pofilter_numbers_recall_numbers": po_group("number"),
        "pofilter_numbers_recall_dates": po_group("date"),
        "pofilter_numbers_recall_names": po_group("name"),
        "pofilter_numbers_seed_flags": len(po_seed),
        "pofilter_numbers_demo_flags": len(po_demo),
        "pofilter_numbers_wmt_heldout_flags_per_100": round(100 * len(po_held) / len(held), 1),
        "term_termbase": "glossary terms + mined pairs with dictionary evidence and count >= 2, all taken as confirmed; "
        "one termbase per set (seeds, demo, WMT tuning half, WMT held-out half), built from that set",
        "term_termbase_sizes": term_sizes,
        "term_seed_warnings": term_counts["seeds"],
        "term_demo_warnings": term_counts["demo"],
        "term_wmt_heldout_warnings": term_counts["wmt_heldout"],
        "term_wmt_heldout_warnings_per_100": _per100(term_counts["wmt_heldout"], len(held)),
        "term_wmt_heldout_false_warnings": term_counts["wmt_heldout_false"],
        "term_wmt_heldout_false_warnings_per_100": _per100(term_counts["wmt_heldout_false"], len(held)),
        "term_wmt_tuning_warnings (tuned on: not a result)": term_counts["wmt_tuning"],
        "term_injected_wmt_heldout": len(tm),
        "term_recall_wmt_heldout (a confirmed rendering swapped for another term's)": round(sum(term_hits) / len(tm), 4) if tm else 0.0,
        **unseen,
        "pairs_per_second": round(pps),
        "pairs_per_second_wall": round(pps_wall),
        "command": ".venv/bin/python bench/checks.py",
        # honest caveat: while the name check was built, its findings and its missed injected names on the
        # held-out half were read too (so the name rules saw that half); numbers and dates were tuned on
        # the tuning half, the seeds and the demo only
        "caveat": "name-check rules were adjusted after reading held-out name findings and misses: recall_names is "
        "optimistic; the honest names figure is names_unseen_* (the frozen check on names nobody read)",
    }
    record("checks", results)
    print()
    print(f"{'measure':<48} {'duizhao':>10} {'pofilter -t numbers':>20}")
    rows = [
        (f"seed pairs: errors (of {len(seeds)} pairs)", len(seed_errors), len(po_seed)),
        (f"demo pairs: errors (of {len(demo)} pairs)", len(demo_errors), len(po_demo)),
        ("WMT17 held-out: false errors per 100 pairs", results["wmt_heldout_false_errors_per_100"],
         results["pofilter_numbers_wmt_heldout_flags_per_100"]),
    ]
    rows += [(f"recall {k} (of {counts[k]})", recall[k], po_recall[k]) for k in recall]
    rows += [(f"recall {g}", group(g), po_group(g)) for g in ("number", "date", "name")]
    for label, a, b in rows:
        print(f"{label:<48} {a:>10} {b:>20}")
    print(f"{'pairs / s (all checks, one core, CPU time)':<48} {results['pairs_per_second']:>10}")
    print(f"{'pairs / s (wall clock, shared machine)':<48} {results['pairs_per_second_wall']:>10}")
    print(f"missed injected errors ({len(missed)}):")
    for line in missed[:80]:
        print("  " + line)
    print()
    for k, v in results.items():
        if k.startswith(("term_", "names_unseen_")):
            print(f"{k}: {v}")


if __name__ == "__main__":
    main()
