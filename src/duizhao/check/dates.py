"""Dates: 2022年2月24日 must be February 24, 2022 (dates.py parses both sides).

Two dates agree when every field both sides state is equal; a year carried over from a list in the
same text counts as stated, a year guessed from the publication date does not. Relative dates
(上个月, last month) carry no absolute value and are never compared; 去年7月 ↔ last July still
compares the month. A date left over on both sides → error;
a day or month left over on one side → warning; a bare year on one side only is common
("in 2022" dropped as understood) and is not reported.
"""

from __future__ import annotations

from ..lang.dates import DateRef, extract_dates
from ..lang.quantities import extract_quantities
from ..model import Finding

_OPPOSED = {
    frozenset({"early", "late"}),
    frozenset({"early", "end"}),
    frozenset({"early", "mid"}),
    frozenset({"mid", "end"}),
}


def _fields(d: DateRef) -> tuple[int | None, int | None, int | None]:
    return d.year, d.month, d.day


def _compatible(a: DateRef, b: DateRef) -> bool:
    shared = 0
    for x, y, i in zip(_fields(a), _fields(b), range(3), strict=True):
        if x is None or y is None:
            continue
        if i == 0 and "hint" in (a.year_from, b.year_from):
            continue  # a year guessed from the publication date is no evidence against a stated one
        if x != y:
            return False
        shared += 1
    return shared > 0


def _comparable(ds: list[DateRef]) -> list[DateRef]:
    return [d for d in ds if d.year is not None or d.month is not None or d.day is not None]


def check_dates(unit_id: str, zh: str, en: str, year_hint: int | None = None) -> list[Finding]:
    dz = _comparable(extract_dates(zh, "zh", year_hint))
    de = _comparable(extract_dates(en, "en", year_hint))
    if not dz and not de:
        return []
    lz, le = list(dz), list(de)
    pairs: list[tuple[DateRef, DateRef]] = []
    # exact, then compatible at the same precision, then compatible across precisions — but a date never
    # hides behind a vaguer one (2022年12月21日 behind a bare "2022") while a same-precision date is left over
    for step in ("exact", "same", "cross"):
        for z in list(lz):
            if step == "cross" and any(e.precision == z.precision for e in le):
                continue
            for e in le:
                if step == "exact":
                    ok = _fields(z) == _fields(e)
                elif step == "same":
                    ok = z.precision == e.precision and _compatible(z, e)
                else:
                    ok = not any(x.precision == e.precision for x in lz) and _compatible(z, e)
                if ok:
                    pairs.append((z, e))
                    lz.remove(z)
                    le.remove(e)
                    break
    out: list[Finding] = []
    for z, e in pairs:
        if z.part and e.part and frozenset({z.part, e.part}) in _OPPOSED:
            out.append(
                Finding(
                    "date",
                    "warning",
                    unit_id,
                    z.surface,
                    e.surface,
                    f"part of the period: zh {z.surface} ({z.part}) vs en {e.surface} ({e.part})",
                )
            )
    # a bare year may be rendered as a count on the other side (2000人 → 2000 people)
    for rest, other, lang in ((lz, en, "en"), (le, zh, "zh")):
        if rest:
            values = {q.value for q in extract_quantities(other, lang) if q.kind != "year"}
            rest[:] = [d for d in rest if not (d.precision == "year" and float(d.year or 0) in values)]
    for z, e in zip(lz, le, strict=False):
        out.append(Finding("date", "error", unit_id, z.surface, e.surface, f"zh {z.describe()} ≠ en {e.describe()}"))
    for z in lz[len(le) :]:
        if z.precision in ("day", "month") and not z.relative:
            out.append(
                Finding(
                    "date", "warning", unit_id, z.surface, None, f"zh {z.describe()} has no counterpart in the English"
                )
            )
    for e in le[len(lz) :]:
        if e.precision in ("day", "month") and not e.relative:
            out.append(
                Finding(
                    "date", "warning", unit_id, None, e.surface, f"en {e.describe()} has no counterpart in the Chinese"
                )
            )
    return out
