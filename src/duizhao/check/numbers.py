"""Numbers: every quantity on one side must state the same value on the other (quantities.py normalises).

Matching is by value, not by digit string: 1539.385亿美元 equals 153.9385 billion U.S. dollars, 1000多
equals more than 1,000, 27 billion equals 270亿 (rounding to the stated precision is allowed).
A value left over on *both* sides in the same class is a disagreement → error. A digit-written value
left over on one side only → warning (possibly dropped). Values written in words (两国, two, first)
are often rendered freely, so they only count when they are the one leftover on each side.
"""

from __future__ import annotations

from dataclasses import replace

from ..lang.quantities import CLASS, Quantity, extract_quantities, same_currency, values_close
from ..model import Finding

_SKIP = {"footnote"}
# Numbers that are part of a name or a heading's numbering: they pair with a number when one is there,
# and a translator may leave them out (Nord Stream 2 as "the second Nord Stream pipeline").
_QUIET = ("section", "designation")


def _comparable(qs: list[Quantity]) -> list[Quantity]:
    return [q for q in qs if q.kind not in _SKIP]


def match(
    zs: list[Quantity], es: list[Quantity]
) -> tuple[list[tuple[Quantity, Quantity]], list[Quantity], list[Quantity]]:
    """Pair equal quantities: same class first, then any class (a 第一 may be a No. 1). Returns pairs, leftovers."""
    left_z, left_e = list(zs), list(es)
    pairs: list[tuple[Quantity, Quantity]] = []
    # strict before loose (so "twelve" meets 12位 before 10多个), same class before any class, and digits
    # with digits before words with digits (so 两次 does not take the "2" that 2金 needs)
    passes = [
        (False, True, True),
        (False, True, False),
        (True, True, True),
        (True, True, False),
        (False, False, False),
        (True, False, False),
    ]
    for loose, same_class, same_soft in passes:
        for z in list(left_z):
            close = [
                e
                for e in left_e
                if not (same_class and CLASS[z.kind] != CLASS[e.kind])
                and not (same_soft and z.soft != e.soft)
                and values_close(z, e, loose)
            ]
            if close:
                # in a list of rates (1美元…, 1欧元… / USD1 …, EUR1 …) equal values pair by currency first
                e = next((x for x in close if z.unit and x.unit and z.unit == x.unit), None) or next(
                    (x for x in close if same_currency(z.unit, x.unit)), close[0]
                )
                pairs.append((z, e))
                left_z.remove(z)
                left_e.remove(e)
    return pairs, left_z, left_e


def _split_ranges(rs: list[Quantity], others: list[Quantity]) -> tuple[list[Quantity], list[Quantity]]:
    """A range on one side whose two bounds are both stated on the other (由3.35%增至3.62% / from 3.35% to
    3.62%, 2019至2022年 / 2019 and 2022) says the same: the range and the two values are paired off."""
    rs, others = list(rs), list(others)
    for r in list(rs):
        if r.high is None:
            continue
        lo = replace(r, high=None)
        hi = replace(r, value=r.high, high=None)
        a = next((o for o in others if o.high is None and values_close(lo, o)), None)
        b = next((o for o in others if o.high is None and o is not a and values_close(hi, o)), None)
        if a is not None and b is not None:
            rs.remove(r)
            others.remove(a)
            others.remove(b)
    return rs, others


def _factor(a: Quantity, b: Quantity) -> str:
    if a.value and b.value and a.high is None and b.high is None:
        r = a.value / b.value
        for k in range(1, 13):
            for f in (10**k, 10**-k):
                if abs(r - f) <= 1e-6 * f:
                    return f" — off by a factor of {10**k:,}"
    return ""


def _error(unit_id: str, z: Quantity, e: Quantity) -> Finding:
    return Finding(
        "number", "error", unit_id, z.surface, e.surface, f"zh {z.describe()} ≠ en {e.describe()}{_factor(z, e)}"
    )


def check_numbers(unit_id: str, zh: str, en: str) -> list[Finding]:
    zq = _comparable(extract_quantities(zh, "zh"))
    eq = _comparable(extract_quantities(en, "en"))
    if not zq and not eq:
        return []
    pairs, lz, le = match(zq, eq)
    lz, le = _split_ranges(lz, le)
    le, lz = _split_ranges(le, lz)
    # a numeral in words said again on one side (十九大 … 十九大 / "the 19th Congress" once) repeats what is
    # already matched; digits are kept (a slip often copies a neighbouring figure)
    said_z = {z.surface for z, _e in pairs if z.soft}
    said_e = {e.surface for _z, e in pairs if e.soft}
    lz = [q for q in lz if not (q.soft and q.surface in said_z)]
    le = [q for q in le if not (q.soft and q.surface in said_e)]
    out: list[Finding] = []
    for z, e in pairs:
        if z.unit and e.unit and z.kind == "money" and e.kind == "money" and not same_currency(z.unit, e.unit):
            out.append(
                Finding(
                    "number",
                    "error",
                    unit_id,
                    z.surface,
                    e.surface,
                    f"currency: zh {z.surface} ({z.unit}) ≠ en {e.surface} ({e.unit})",
                )
            )
    # years are dates: dates.py reports them; they only served as partners for counts above
    lz = [q for q in lz if q.kind != "year"]
    le = [q for q in le if q.kind != "year"]
    classes = {CLASS[q.kind] for q in lz} | {CLASS[q.kind] for q in le}
    rest_z: list[Quantity] = []
    rest_e: list[Quantity] = []
    for c in sorted(classes):
        zs = [q for q in lz if CLASS[q.kind] == c]
        es = [q for q in le if CLASS[q.kind] == c]
        hard = any(not q.soft for q in zs + es)
        # words on both sides: a translator renders 两国 as "both"; but one value left against others is a slip
        if zs and es and (hard or min(len(zs), len(es)) == 1):
            for z, e in zip(zs, es, strict=False):
                out.append(_error(unit_id, z, e))
            rest_z += zs[len(es) :]
            rest_e += es[len(zs) :]
        else:
            rest_z += zs
            rest_e += es
    # a digit-written value left on each side in different classes (第50款 / Article 50 → 40) still disagrees
    hz = [q for q in rest_z if not q.soft and q.kind != "section"]
    he = [q for q in rest_e if not q.soft and q.kind != "section"]
    for z, e in zip(hz, he, strict=False):
        out.append(_error(unit_id, z, e))
        rest_z.remove(z)
        rest_e.remove(e)
    for q in rest_z:
        if not q.soft and q.kind not in _QUIET and q.value != 1:  # a lone 1 is "a" as often as "one"
            out.append(
                Finding(
                    "number",
                    "warning",
                    unit_id,
                    q.surface,
                    None,
                    f"zh {q.describe()} has no counterpart in the English",
                )
            )
    for q in rest_e:
        if not q.soft and q.kind not in _QUIET and q.value != 1:
            out.append(
                Finding(
                    "number",
                    "warning",
                    unit_id,
                    None,
                    q.surface,
                    f"en {q.describe()} has no counterpart in the Chinese",
                )
            )
    return out
