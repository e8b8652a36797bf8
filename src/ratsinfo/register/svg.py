"""Plain SVG drawings of the register: the partner network and the partner map.

Deterministic layouts (same data, same bytes), no JavaScript, no tile server.
"""

from __future__ import annotations

import math
from typing import Any
from xml.sax.saxutils import escape

WIDTH = 900
HEIGHT = 900


def _attr(value: str) -> str:
    return escape(value, {'"': "&quot;"})


def network_svg(data: dict[str, Any]) -> str:
    """The body in the centre, partners on a circle (most cooperations first, clockwise from
    the top); a spoke per partner whose width grows with its cooperations, thin chords
    between partners that share cooperations."""
    partners = data["partners"]
    cx, cy = WIDTH / 2, HEIGHT / 2
    radius = WIDTH / 2 - 170
    pos: dict[str, tuple[float, float]] = {}
    n = max(len(partners), 1)
    for i, p in enumerate(partners):
        angle = -math.pi / 2 + 2 * math.pi * i / n
        pos[p["name"]] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle))
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="11">',
        f"<title>{escape('Partnernetz ' + (data.get('body') or ''))}</title>",
        '<rect width="100%" height="100%" fill="white"/>',
    ]
    for link in data["links"]:
        (x1, y1), (x2, y2) = pos[link["source"]], pos[link["target"]]
        out.append(
            f'<line class="shared" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
            f'stroke="#b0c4de" stroke-width="{0.5 + 0.5 * link["cooperations"]:.1f}"/>'
        )
    for p in partners:
        x, y = pos[p["name"]]
        out.append(
            f'<line class="spoke" x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" '
            f'stroke="#999" stroke-width="{min(1 + p["cooperations"], 8)}"/>'
        )
    out.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="28" fill="#1f4e79"/>')
    out.append(
        f'<text x="{cx:.1f}" y="{cy + 45:.1f}" text-anchor="middle" font-weight="bold">'
        f"{escape(data.get('body') or '')}</text>"
    )
    for p in partners:
        x, y = pos[p["name"]]
        r = 4 + 3 * math.sqrt(p["cooperations"])
        fields = ", ".join(p["fields"])
        label = f"{p['name']} ({p['cooperations']})"
        anchor = "start" if x >= cx + 1 else ("end" if x <= cx - 1 else "middle")
        dx = r + 4 if anchor == "start" else (-r - 4 if anchor == "end" else 0)
        dy = 4 if anchor != "middle" else (-(r + 4) if y < cy else r + 12)
        out.append(
            f'<g class="partner" data-name="{_attr(p["name"])}">'
            f"<title>{escape(label + (': ' + fields if fields else ''))}</title>"
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="#e07b39"/>'
            f'<text x="{x + dx:.1f}" y="{y + dy:.1f}" text-anchor="{anchor}">{escape(label)}</text></g>'
        )
    out.append("</svg>")
    return "\n".join(out) + "\n"


def map_svg(points: list[dict[str, Any]], title: str = "") -> str:
    """Partners with coordinates, projected equirectangularly (x scaled by cos of the mean
    latitude, so distances look right at German latitudes)."""
    margin = 60
    out_head = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" font-size="11">',
        f"<title>{escape(title)}</title>",
        '<rect width="100%" height="100%" fill="white"/>',
    ]
    if not points:
        return "\n".join([*out_head, '<text x="20" y="30">keine Partner mit Koordinaten</text>', "</svg>"]) + "\n"
    lats = [p["latitude"] for p in points]
    lons = [p["longitude"] for p in points]
    k = math.cos(math.radians(sum(lats) / len(lats)))
    xs = [lon * k for lon in lons]
    span_x = max(max(xs) - min(xs), 0.05)
    span_y = max(max(lats) - min(lats), 0.05)
    scale = min((WIDTH - 2 * margin - 160) / span_x, (HEIGHT - 2 * margin) / span_y)
    x0 = margin + (WIDTH - 2 * margin - 160 - span_x * scale) / 2
    y0 = margin + (HEIGHT - 2 * margin - span_y * scale) / 2

    def project(lat: float, lon: float) -> tuple[float, float]:
        return x0 + (lon * k - min(xs)) * scale, y0 + (max(lats) - lat) * scale

    out = list(out_head)
    for p in sorted(points, key=lambda p: (-p.get("cooperations", 0), p["name"])):
        x, y = project(p["latitude"], p["longitude"])
        r = 3 + 2 * math.sqrt(p.get("cooperations", 1))
        fill = "#1f4e79" if p.get("home") else "#e07b39"
        out.append(
            f'<g class="place" data-name="{_attr(p["name"])}">'
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{fill}" fill-opacity="0.8"/>'
            f'<text x="{x + r + 3:.1f}" y="{y + 4:.1f}">{escape(p["name"])}</text></g>'
        )
    out.append("</svg>")
    return "\n".join(out) + "\n"
