"""bench/README.md from bench/results.json: for each area a few short tables, and a plot where the
figures form a curve (values keyed by a size: units, paragraphs, workers).

The layout follows the data instead of a list of keys per area, so a new benchmark reads well
without touching this file:
- an area's plain figures form one "figure | value" table;
- a group of records with shared fields (systems, sizes, backends) forms one table, a row each;
- a group keyed by numbers is also drawn as an SVG line plot (bench/plots/), log-scaled when the
  keys span a factor of 20 or more;
- anything nested deeper gets its own sub-heading, down to three levels; lists are summarised.

    .venv/bin/python bench/report.py      # rewrite bench/README.md (make bench does it at the end)
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PLOTS = HERE / "plots"
MAX_COLUMNS = 9
MAX_DEPTH = 3

INTRO = """# Benchmarks

Written by `make bench` (`bench/run.py`, then `bench/report.py`) from `bench/results.json`; do not
edit by hand. Each area names when and on what it was measured; the command and the data split of
a figure are in its area's `command`/`split` rows where the script records them, and in the main
README's section on that area. Ratios compare peers measured in the same run.
"""


def fmt(v: Any) -> str:
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        if v != v:  # NaN
            return "–"
        if abs(v) >= 1000:
            return f"{v:,.0f}"
        return f"{v:.4g}"
    if isinstance(v, int):
        return f"{v:,}" if abs(v) >= 10000 else str(v)
    if isinstance(v, list):
        if v and all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in v):
            return ", ".join(fmt(x) for x in v[:6]) + (" …" if len(v) > 6 else "")
        text = json.dumps(v, ensure_ascii=False)
        return text if len(text) <= 90 else text[:87] + "…"
    text = str(v).replace("|", "\\|").replace("\n", " ")
    return text if len(text) <= 120 else text[:117] + "…"


def _visible(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if not str(k).startswith("_")}


def _flat(d: Any) -> bool:
    return isinstance(d, dict) and all(not isinstance(v, dict) for v in d.values())


def _numeric_key(k: str) -> float | None:
    try:
        return float(str(k).replace("k", "e3").replace("M", "e6").replace("_", ""))
    except ValueError:
        return None


def _clusters(records: dict[str, dict[str, Any]]) -> list[dict[str, dict[str, Any]]]:
    """Records grouped by the fields they share (Jaccard >= 0.5 with the group's first record), so
    one table never mixes unrelated records."""
    out: list[tuple[set[str], dict[str, dict[str, Any]]]] = []
    for k, r in records.items():
        keys = set(_visible(r))
        for first, members in out:
            if len(keys & first) / max(1, len(keys | first)) >= 0.5:
                members[k] = r
                break
        else:
            out.append((keys, {k: r}))
    return [m for _, m in out]


def _records_table(rows: dict[str, dict[str, Any]], label: str) -> list[str]:
    """One row per record; the fields most records share are the columns (at most MAX_COLUMNS)."""
    counts: dict[str, int] = {}
    for r in rows.values():
        for k, v in _visible(r).items():
            if not isinstance(v, (dict, list)) or (isinstance(v, list) and len(v) <= 4):
                counts[k] = counts.get(k, 0) + 1
    cols = [k for k, _ in sorted(counts.items(), key=lambda kv: -kv[1])][:MAX_COLUMNS]
    cols.sort(key=lambda k: list(counts).index(k))
    if all(_numeric_key(k) is not None for k in rows):  # sizes in order: 1,000 before 10,000
        rows = dict(sorted(rows.items(), key=lambda kv: _numeric_key(kv[0]) or 0.0))
    out = ["| " + " | " + " | ".join(cols) + " |", "|" + "---|" * (len(cols) + 1)]
    for name, r in rows.items():
        out.append("| " + fmt(name) + " | " + " | ".join(fmt(r[c]) if c in r else "" for c in cols) + " |")
    left = sorted({k for r in rows.values() for k in _visible(r)} - set(cols))
    if left:
        out += ["", f"Also recorded per {label}: " + ", ".join(f"`{k}`" for k in left[:20]) + (" …" if len(left) > 20 else "")]
    return out


def _plot(rows: dict[str, dict[str, Any]], name: str, title: str) -> str | None:
    """An SVG line plot of the numeric fields of records keyed by numbers; None when no curve."""
    xs = {k: _numeric_key(k) for k in rows}
    if len(rows) < 3 or any(x is None for x in xs.values()):
        return None
    fields = [
        f
        for f in dict.fromkeys(k for r in rows.values() for k in _visible(r))
        if all(isinstance(r.get(f), (int, float)) and not isinstance(r.get(f), bool) for r in rows.values())
    ]
    wanted = [f for f in fields if any(t in f for t in ("p95", "_s", "seconds", "mb", "MB", "per_s")) and not f.startswith("base")] or fields
    wanted = wanted[:4]
    if not wanted:
        return None
    pts = sorted((xs[k] or 0.0, rows[k]) for k in rows)
    log_x = pts[0][0] > 0 and pts[-1][0] / pts[0][0] >= 20
    w, h, pad = 560, 300, 50
    colours = ["#1f6fb2", "#d9480f", "#2b8a3e", "#862e9c"]

    def sx(x: float) -> float:
        lo, hi = pts[0][0], pts[-1][0]
        if log_x:
            x, lo, hi = math.log10(x), math.log10(lo), math.log10(hi)
        return pad + (x - lo) / ((hi - lo) or 1) * (w - 2 * pad)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h + 20 * len(wanted)}" font-family="sans-serif" font-size="11">']
    parts.append(f'<text x="{pad}" y="16" font-size="13">{_esc(title)}</text>')
    parts.append(f'<line x1="{pad}" y1="{h - pad}" x2="{w - pad}" y2="{h - pad}" stroke="#888"/>')
    for x, _ in pts:
        parts.append(f'<text x="{sx(x):.1f}" y="{h - pad + 14}" text-anchor="middle">{fmt(x if x != int(x) else int(x))}</text>')
    for i, f in enumerate(wanted):
        ys = [float(r[f]) for _, r in pts]
        top = max(ys) or 1.0
        coords = " ".join(f"{sx(x):.1f},{(h - pad) - y / top * (h - 2 * pad - 10):.1f}" for (x, _), y in zip(pts, ys, strict=True))
        parts.append(f'<polyline fill="none" stroke="{colours[i]}" stroke-width="2" points="{coords}"/>')
        parts.append(f'<text x="{pad}" y="{h + 14 * (i + 1)}" fill="{colours[i]}">{_esc(f)} (max {fmt(top)}; each line scaled to its own max)</text>')
    parts.append("</svg>")
    PLOTS.mkdir(exist_ok=True)
    path = PLOTS / f"{name}.svg"
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")
    return f"plots/{path.name}"


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render(name: str, value: Any, depth: int, path: str) -> list[str]:
    if not isinstance(value, dict):
        return [f"{fmt(value)}", ""]
    v = _visible(value)
    out: list[str] = []
    groups = {k: x for k, x in v.items() if isinstance(x, dict) and _visible(x)}
    records = {k: x for k, x in groups.items() if _flat(x)}
    clustered = {k for c in _clusters(records) if len(c) >= 2 for k in c}
    # A small record that shares its fields with no other: one row, "field value · field value".
    small = {k: x for k, x in records.items() if k not in clustered and len(_visible(x)) <= 12}
    scalars = {k: x for k, x in v.items() if not isinstance(x, dict)}
    scalars.update({k: " · ".join(f"{kk} {fmt(vv)}" for kk, vv in _visible(x).items()) for k, x in small.items()})
    groups = {k: x for k, x in groups.items() if k not in small}
    if scalars:
        out += ["| figure | value |", "|---|---|"] + [f"| {fmt(k)} | {fmt(x)} |" for k, x in scalars.items()] + [""]
    # Children that are records (flat dicts) sharing fields: one table, a row each.
    records = {k: x for k, x in groups.items() if _flat(x) and _visible(x)}
    for n, cluster in enumerate(_clusters(records)):
        if len(cluster) < 2:
            continue
        out += _records_table(cluster, "record") + [""]
        plot = _plot(cluster, path.replace(".", "_").replace("/", "_") + (f"_{n}" if n else ""), path)
        if plot:
            out += [f"![{path}]({plot})", ""]
        groups = {k: x for k, x in groups.items() if k not in cluster}
    summary, summarised = _pr_sets(groups)
    out += summary
    if summarised:
        out += ["<details><summary>each set in full</summary>", ""]
    for k, x in groups.items():
        if k in summarised:
            continue
        out += _child(k, x, depth, path)
    for k in summarised:
        out += _child(k, groups[k], depth, path)
    if summarised:
        out += ["</details>", ""]
    return out


def _child(k: str, x: dict[str, Any], depth: int, path: str) -> list[str]:
    sub = f"{path}.{k}"
    if depth >= MAX_DEPTH:
        return [f"**{k}**: {fmt(json.dumps(_visible(x), ensure_ascii=False))}", ""]
    return [f"{'#' * min(depth + 3, 6)} {sub}", ""] + render(k, x, depth + 1, sub)


def _pr_tables(x: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """x's children that are tables of precision/recall records (a gold set's "with_published")."""
    return {
        n: t
        for n, t in _visible(x).items()
        if isinstance(t, dict) and _visible(t)
        and all(isinstance(r, dict) and "precision" in r and "recall" in r for r in _visible(t).values())
    }


def _pr_sets(groups: dict[str, Any]) -> tuple[list[str], set[str]]:
    """Three or more siblings holding the same precision/recall tables (gold sets, each measured the
    same way): one row per set with P / R per kind, so the area reads as one table; the sets in full
    follow, folded."""
    members = {k: x for k, x in groups.items() if _pr_tables(x)}
    if len(members) < 3:
        return [], set()
    first = next(iter(members.values()))
    scalars = [c for c, v in _visible(first).items() if not isinstance(v, dict)]
    out: list[str] = []
    for table, records in _pr_tables(first).items():
        kinds = list(_visible(records))
        header = ["set", *scalars] + [f"{kind} P / R" for kind in kinds]
        out += [f"Precision / recall, {table}:", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        for k, x in members.items():
            t = _pr_tables(x).get(table, {})
            cells = [fmt(k)] + [fmt(x.get(c, "")) for c in scalars]
            cells += [f"{fmt(t[kind]['precision'])} / {fmt(t[kind]['recall'])}" if kind in t else "" for kind in kinds]
            out.append("| " + " | ".join(cells) + " |")
        out.append("")
    return out, set(members)


def write(results: Path = HERE / "results.json", target: Path = HERE / "README.md") -> None:
    if not results.exists():
        return
    data = json.loads(results.read_text())
    for old in PLOTS.glob("*.svg") if PLOTS.exists() else []:
        old.unlink()
    lines = [INTRO]
    lines += [f"- [{a}](#{a.replace('.', '').lower()})" for a in sorted(data)] + [""]
    for area in sorted(data):
        value = data[area]
        stamp = f"measured {value.get('_measured', '?')} on {value.get('_machine', '?')}" if isinstance(value, dict) else ""
        lines += [f"## {area}", "", stamp, ""] + render(area, value, 0, area)
    target.write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")


if __name__ == "__main__":
    write()
