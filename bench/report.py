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


# The figures each area is judged by, with the data they were measured on, shown first as one short
# table per area; every figure of results.json follows below them. Paths into results.json, never values.
_ALIGN_MT = ("align", "mac_test_held_out", "systems")
_XL = ("crosslingual", "news", "held_out", "metrics")
_XO = ("crosslingual", "test_metrics")
_CN = ("checks", "news_heldout")
_KN = ("knowledge", "news_held_out_look2")
SUMMARY: dict[str, tuple[str, list[tuple[str, tuple[str, ...]]]]] = {
    "align": ("strict F1 of sentence links (exact link matches)", [
        ("MAC-Test, 24 unseen literary passages, held out: duizhao", (*_ALIGN_MT, "duizhao (frozen defaults, lexical)", "strict_f1")),
        ("MAC-Test, held out: Gale-Church (defaults), same run", (*_ALIGN_MT, "galechurch(defaults)", "strict_f1")),
        ("MAC-Dev, each passage left out of the tuning", ("align", "lopo_mac_dev", "core", "left_out_scores", "strict_f1")),
        ("WMT17 news, odd documents held out", ("align", "systems", "duizhao/news", "heldout_odd_docs", "strict_f1")),
    ]),
    "checks": ("translation QA; WMT19+20 news pairs held out (WMT18 tuned on); WMT17 odd documents held out", [
        ("false errors per 100 professional translations, news held out", (*_CN, "false_errors_per_100")),
        ("warnings per 100 pairs, news held out", (*_CN, "warnings_per_100")),
        ("injected-error recall, numbers, news held out", (*_CN, "recall_numbers")),
        ("injected-error recall, dates, news held out", (*_CN, "recall_dates")),
        ("injected-error recall, names, news held out", (*_CN, "recall_names")),
        ("pofilter recall, numbers, same run", (*_CN, "pofilter_numbers_recall_numbers")),
        ("names no list holds (libgweather, held out): recall", ("checks", "names_unseen_round4_recall_names")),
        ("false errors per 100, WMT17 odd documents", ("checks", "wmt_heldout_false_errors_per_100")),
        ("errors on the seeds / on the demo", ("checks", "seed_errors"), ("checks", "demo_errors")),
    ]),
    "crosslingual": ("MRR@10 finding a sentence's translation, duizhao / plain RRF / e5 alone in the same run; WMT19+20 held out (WMT18 tuned on), WMT17 odd half held out", [
        ("news headline-like zh→en", (*_XL, "duizhao", "news_headline_zh2en", "mrr@10"), (*_XL, "rrf_plain", "news_headline_zh2en", "mrr@10"), (*_XL, "e5_dense", "news_headline_zh2en", "mrr@10")),
        ("news headline-like en→zh", (*_XL, "duizhao", "news_headline_en2zh", "mrr@10"), (*_XL, "rrf_plain", "news_headline_en2zh", "mrr@10"), (*_XL, "e5_dense", "news_headline_en2zh", "mrr@10")),
        ("news sentence zh→en", (*_XL, "duizhao", "news_sentence_zh2en", "mrr@10"), (*_XL, "rrf_plain", "news_sentence_zh2en", "mrr@10"), (*_XL, "e5_dense", "news_sentence_zh2en", "mrr@10")),
        ("news sentence en→zh", (*_XL, "duizhao", "news_sentence_en2zh", "mrr@10"), (*_XL, "rrf_plain", "news_sentence_en2zh", "mrr@10"), (*_XL, "e5_dense", "news_sentence_en2zh", "mrr@10")),
        ("WMT17 odd half, headline zh→en", (*_XO, "duizhao", "headline_zh2en", "mrr@10"), (*_XO, "rrf_plain", "headline_zh2en", "mrr@10"), (*_XO, "e5_dense", "headline_zh2en", "mrr@10")),
        ("WMT17 odd half, sentence en→zh", (*_XO, "duizhao", "sentence_en2zh", "mrr@10"), (*_XO, "rrf_plain", "sentence_en2zh", "mrr@10"), (*_XO, "e5_dense", "sentence_en2zh", "mrr@10")),
    ]),
    "knowledge": ("precision / recall against hand-made gold; 100 WMT19+20 news pairs held out (WMT18 and WMT17 tuned on)", [
        ("events with their dates", (*_KN, "events", "precision"), (*_KN, "events", "recall")),
        ("figures fully right (value, unit, measure, direction, period)", (*_KN, "figures", "precision"), (*_KN, "figures", "recall")),
        ("people and organisations", (*_KN, "people_orgs", "precision"), (*_KN, "people_orgs", "recall")),
    ]),
    "search": ("latency of search() in ms on synthetic libraries built from WMT17 dev", [
        ("p95 at 1M units / with filters (a run of its own)", ("search", "latency", "1000000", "p95_ms"), ("search", "latency", "1000000", "filtered_p95_ms")),
        ("p95 at 1M units / with filters (in one run with 10k and 100k)", ("search", "latency", "1000000_in_the_run_with_10000_100000", "p95_ms"), ("search", "latency", "1000000_in_the_run_with_10000_100000", "filtered_p95_ms")),
        ("p95 at 100k units / with filters", ("search", "latency", "100000", "p95_ms"), ("search", "latency", "100000", "filtered_p95_ms")),
    ]),
    "search_refactor": ("the search package's size, and PostgreSQL at 1M units before / after this round's refactor", [
        ("lines in src/duizhao/search before / after", ("search_refactor", "search_lines", "before"), ("search_refactor", "search_lines", "after")),
        ("PostgreSQL 1M wall p95 ms, old / new code (loaded machine)", ("search_refactor", "postgresql_1000000", "old", "wall_p95_ms"), ("search_refactor", "postgresql_1000000", "new", "wall_p95_ms")),
    ]),
}


def _at(data: dict[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = data
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def summary(data: dict[str, Any]) -> list[str]:
    """One short table per area, from SUMMARY's paths (an area or figure missing from results.json is left out)."""
    lines = ["## Summary", ""]
    for area, (about, rows) in SUMMARY.items():
        got = [(label, [_at(data, p) for p in paths]) for label, *paths in rows]
        got = [(label, values) for label, values in got if any(v is not None for v in values)]
        if not got:
            continue
        measured = _at(data, (area, "_measured"))
        lines += [f"**{area}**: {about} (measured {measured})", "", "| figure | value |", "|---|---|"]
        lines += [f"| {_esc(label)} | {' / '.join(fmt(v) if v is not None else '—' for v in values)} |" for label, values in got]
        lines.append("")
    return lines


def write(results: Path = HERE / "results.json", target: Path = HERE / "README.md") -> None:
    if not results.exists():
        return
    data = json.loads(results.read_text())
    for old in PLOTS.glob("*.svg") if PLOTS.exists() else []:
        old.unlink()
    lines = [INTRO, *summary(data), "## Every figure, by area", ""]
    lines += [f"- [{a}](#{a.replace('.', '').lower()})" for a in sorted(data)] + [""]
    for area in sorted(data):
        value = data[area]
        stamp = f"measured {value.get('_measured', '?')} on {value.get('_machine', '?')}" if isinstance(value, dict) else ""
        lines += [f"## {area}", "", stamp, ""] + render(area, value, 0, area)
    target.write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")


if __name__ == "__main__":
    write()
