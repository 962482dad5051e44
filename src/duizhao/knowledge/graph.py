"""The co-mention network in the formats people open it with: GraphML and CSV edges (Gephi, yEd,
networkx), and a small server-rendered SVG of one entity's neighbourhood for the web page.

Input is what `queries.graph(lib)` returns: {"nodes": [{id, en, zh, type, mentions}],
"edges": [{source, target, weight, documents}]}. Pure functions, no library access.
"""

from __future__ import annotations

import io
import math
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from ..export import csvcells

__all__ = ["to_graphml", "to_csv", "ego_svg"]


def to_graphml(g: dict[str, Any]) -> str:
    """GraphML with node attributes label, label_zh, type, mentions and edge attributes weight, documents."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
        '  <key id="label" for="node" attr.name="label" attr.type="string"/>',
        '  <key id="label_zh" for="node" attr.name="label_zh" attr.type="string"/>',
        '  <key id="type" for="node" attr.name="type" attr.type="string"/>',
        '  <key id="mentions" for="node" attr.name="mentions" attr.type="int"/>',
        '  <key id="weight" for="edge" attr.name="weight" attr.type="double"/>',
        '  <key id="documents" for="edge" attr.name="documents" attr.type="int"/>',
        '  <graph id="comentions" edgedefault="undirected">',
    ]
    for n in g["nodes"]:
        out.append(
            f"    <node id={quoteattr(n['id'])}>"
            f'<data key="label">{escape(n["en"])}</data><data key="label_zh">{escape(n.get("zh") or "")}</data>'
            f'<data key="type">{escape(n.get("type") or "")}</data>'
            f'<data key="mentions">{int(n.get("mentions") or 0)}</data></node>'
        )
    ids = {n["id"] for n in g["nodes"]}
    for i, e in enumerate(g["edges"]):
        if e["source"] in ids and e["target"] in ids:
            out.append(
                f'    <edge id="e{i}" source={quoteattr(e["source"])} target={quoteattr(e["target"])}>'
                f'<data key="weight">{float(e["weight"])}</data>'
                f'<data key="documents">{int(e.get("documents") or 0)}</data></edge>'
            )
    out += ["  </graph>", "</graphml>", ""]
    return "\n".join(out)


def to_csv(g: dict[str, Any]) -> str:
    """Edges as CSV: Source,Target,Weight,Documents,Source label,Target label (Gephi's edge-table columns)."""
    labels = {n["id"]: n["en"] for n in g["nodes"]}
    buf = io.StringIO()
    w = csvcells.writer(buf, lineterminator="\n")  # formula-looking cells neutralised
    w.writerow(["Source", "Target", "Weight", "Documents", "Source label", "Target label"])
    for e in g["edges"]:
        w.writerow(
            [
                e["source"],
                e["target"],
                e["weight"],
                e.get("documents", ""),
                labels.get(e["source"], ""),
                labels.get(e["target"], ""),
            ]
        )
    return buf.getvalue()


_COLOURS = {
    "person": "#b5472f",
    "country": "#2f6db5",
    "place": "#3c8d5a",
    "city": "#3c8d5a",
    "org": "#8a5cb5",
    "term": "#7a7a7a",
    "currency": "#a08a2b",
}


def ego_svg(
    center: dict[str, Any],
    neighbours: list[dict[str, Any]],
    edges: list[tuple[str, str, int]] | None = None,
    size: int = 360,
    href: str = "/entity/{id}",
) -> str:
    """An SVG picture of an entity and those named with it: the entity in the middle, neighbours on a
    circle, line width by the number of shared sentences. No script, no inline style (the site's CSP
    allows neither), so colours and sizes are presentation attributes. Each node links to its page."""
    cx = cy = size / 2
    radius = size / 2 - 48
    top = max([n["weight"] for n in neighbours] or [1])
    pos: dict[str, tuple[float, float]] = {center["id"]: (cx, cy)}
    for i, n in enumerate(neighbours):
        angle = -math.pi / 2 + 2 * math.pi * i / max(1, len(neighbours))
        pos[n["id"]] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="{size}" height="{size}" '
        f'role="img" aria-labelledby="ego-title" class="ego-graph">',
        f'<title id="ego-title">{escape(center["en"])} and the entities named in the same sentences</title>',
    ]
    for a, b, w in edges or []:
        if a in pos and b in pos and center["id"] not in (a, b):
            (x1, y1), (x2, y2) = pos[a], pos[b]
            parts.append(
                f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#cccccc" '
                f'stroke-width="{0.5 + 2 * w / top:.2f}"/>'
            )
    for n in neighbours:
        x, y = pos[n["id"]]
        parts.append(
            f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="#8899aa" '
            f'stroke-width="{1 + 5 * n["weight"] / top:.2f}" stroke-opacity="0.7"/>'
        )
    for n in [center, *neighbours]:
        x, y = pos[n["id"]]
        r = 16 if n is center else 6 + 6 * (n.get("weight", 1) / top)
        colour = _COLOURS.get(n.get("type") or "", "#7a7a7a")
        label = n["en"] if len(n["en"]) <= 22 else n["en"][:20] + "…"
        anchor = "middle" if abs(x - cx) < 20 else ("start" if x > cx else "end")
        dx = 0 if anchor == "middle" else (r + 3 if anchor == "start" else -(r + 3))
        dy = r + 12 if anchor == "middle" and y >= cy else (-(r + 4) if anchor == "middle" else 4)
        weight = f" ({n['weight']})" if n is not center else ""
        parts.append(
            f'<a href={quoteattr(href.format(id=n["id"]))}>'
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{colour}">'
            f"<title>{escape(n['en'])} {escape(n.get('zh') or '')}{weight}</title></circle>"
            f'<text x="{x + dx:.1f}" y="{y + dy:.1f}" text-anchor="{anchor}" font-size="11" fill="#222222">'
            f"{escape(label)}</text></a>"
        )
    parts.append("</svg>")
    return "".join(parts)
