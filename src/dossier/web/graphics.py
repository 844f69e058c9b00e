"""Geometry for the three drawings (actor network, timeline strip, map), computed on the server.

The pages draw them as inline SVG from these numbers, so there is no client library, no CDN
and no tile server: the page works offline and every label goes through template escaping.
"""

from __future__ import annotations

import math
from datetime import date
from functools import lru_cache
from typing import Any

import numpy as np

Row = dict[str, Any]


# --------------------------------------------------------------------------- labels

CHAR_W, LABEL_H = 6.6, 13.0  # rough size of a 11-12px sans-serif label, enough to avoid overlaps


def place_labels(items: list[Row], width: float, height: float, always: bool = False,
                 always_first: int = 0, most: int = 80) -> None:
    """Give each item (x, y, r, name; most important first) a label spot that overlaps no
    earlier label or mark: right, left, above or below its mark. Sets lx, ly, anchor and
    label (False where no spot is free, unless ``always`` or among the ``always_first``).
    Only the first ``most`` items are tried: beyond that a drawing is a cloud, not a list."""
    Box = tuple[float, float, float, float]
    marks: list[Box] = [(i["x"] - i["r"], i["y"] - i["r"], i["x"] + i["r"], i["y"] + i["r"]) for i in items]
    labels: list[Box] = []

    def hits(box: Box, boxes: list[Box], skip: int = -1) -> bool:
        return any(j != skip and box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3]
                   for j, b in enumerate(boxes))

    def inside(box: Box) -> bool:
        return box[0] >= 0 and box[2] <= width and box[1] >= 0 and box[3] <= height

    for n, it in enumerate(items):
        if n >= most and not always:
            it.update(lx=it["x"], ly=it["y"], anchor="start", label=False)
            continue
        w = len(it["name"]) * CHAR_W
        x, y, r = it["x"], it["y"], it["r"]
        up, down = (y - r - 4 - LABEL_H, y - r - 3), (y + r + 2, y + r + LABEL_H + 2)
        spots = [(x + r + 3, y + 4, "start", (x + r + 2, y - LABEL_H / 2, x + r + 3 + w, y + LABEL_H / 2)),
                 (x - r - 3, y + 4, "end", (x - r - 3 - w, y - LABEL_H / 2, x - r - 2, y + LABEL_H / 2)),
                 (x, y - r - 4, "middle", (x - w / 2, up[0], x + w / 2, up[1])),
                 (x, y + r + LABEL_H, "middle", (x - w / 2, down[0], x + w / 2, down[1])),
                 (x + r, y - r - 4, "end", (x + r - w, up[0], x + r, up[1])),
                 (x - r, y - r - 4, "start", (x - r, up[0], x - r + w, up[1]))]
        must = always or n < always_first
        clear = [sp for sp in spots if inside(sp[3]) and not hits(sp[3], labels) and not hits(sp[3], marks, n)]
        if not clear and must:  # crowded: an important label may cover a small neighbour's mark
            clear = [sp for sp in spots if inside(sp[3]) and not hits(sp[3], labels)] or spots[:1]
        if clear:
            lx, ly, anchor, box = clear[0]
            it.update(lx=round(lx, 1), ly=round(ly, 1), anchor=anchor, label=True)
            labels.append(box)
        else:
            it.update(lx=x, ly=y, anchor="start", label=False)


# --------------------------------------------------------------------------- network


def layout_network(nodes: list[Row], edges: list[Row], width: float = 900, height: float = 640,
                   iterations: int = 100) -> Row:
    """Fruchterman-Reingold force layout, vectorised, and remembered for the same graph.

    Deterministic: nodes start on a circle in a fixed order, so the same store always draws the
    same picture. Returns nodes with x, y, r (radius by weighted degree) and edges with
    coordinates and a stroke width by weight."""
    if not nodes:
        return {"nodes": [], "edges": [], "width": width, "height": height}
    index = {n["id"]: i for i, n in enumerate(nodes)}
    src = tuple(index[e["source"]] for e in edges)
    dst = tuple(index[e["target"]] for e in edges)
    pos = _positions(len(nodes), src, dst, iterations)
    return _draw(nodes, edges, pos, np.array(src, dtype=int), np.array(dst, dtype=int), width, height)


@lru_cache(maxsize=32)
def _positions(k: int, src: tuple[int, ...], dst: tuple[int, ...], iterations: int) -> np.ndarray:
    angle = np.linspace(0, 2 * math.pi, k, endpoint=False)
    pos = np.stack([np.cos(angle), np.sin(angle)], axis=1) * 0.5 + 0.5
    s, d = np.array(src, dtype=int), np.array(dst, dtype=int)
    ideal2 = 1.0 / k
    ideal = math.sqrt(ideal2)
    temp = 0.1
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        dist2 = np.maximum((delta**2).sum(axis=2), 1e-6)
        disp = ((ideal2 / dist2)[:, :, None] * delta).sum(axis=1)  # repulsion, along delta / dist
        if len(s):
            vec = pos[s] - pos[d]
            pull = vec * (np.sqrt((vec**2).sum(axis=1)) / ideal)[:, None]  # attraction, dist^2 / ideal
            disp[:, 0] += np.bincount(d, pull[:, 0], k) - np.bincount(s, pull[:, 0], k)
            disp[:, 1] += np.bincount(d, pull[:, 1], k) - np.bincount(s, pull[:, 1], k)
        disp += (0.5 - pos) * 0.3  # gravity keeps loose components together on the canvas
        length = np.maximum(np.sqrt((disp**2).sum(axis=1)), 1e-9)
        pos = pos + disp * (np.minimum(length, temp) / length)[:, None]
        temp *= 0.96
    pos.flags.writeable = False
    return pos


def _draw(nodes: list[Row], edges: list[Row], pos: np.ndarray, src: np.ndarray, dst: np.ndarray,
          width: float, height: float) -> Row:
    k = len(nodes)
    lo, hi = pos.min(axis=0), pos.max(axis=0)
    span = np.maximum(hi - lo, 1e-6)
    margin = 70
    xy = (pos - lo) / span * np.array([width - 2 * margin, height - 2 * margin]) + margin
    degree = np.zeros(k)
    weights = np.array([e["weight"] for e in edges], dtype=float)
    np.add.at(degree, src, weights)
    np.add.at(degree, dst, weights)
    top = max(degree.max(), 1.0)
    wmax = max(weights.max(), 1.0) if len(edges) else 1.0
    out_nodes = [dict(n, x=round(float(xy[i, 0]), 1), y=round(float(xy[i, 1]), 1),
                      r=round(5 + 11 * math.sqrt(degree[i] / top), 1)) for i, n in enumerate(nodes)]
    out_edges = []
    for j, e in enumerate(edges):
        a, b = out_nodes[src[j]], out_nodes[dst[j]]
        # a gentle curve, always bending to the same side of the direction of travel, keeps
        # A -> B and B -> A apart; the line stops at the target's rim so the arrow head shows
        dx, dy = b["x"] - a["x"], b["y"] - a["y"]
        cx, cy = (a["x"] + b["x"]) / 2 - dy * 0.12, (a["y"] + b["y"]) / 2 + dx * 0.12
        ex, ey = b["x"] - cx, b["y"] - cy
        el = math.hypot(ex, ey) or 1.0
        shrink = (b["r"] + 2) / el
        out_edges.append(dict(e, x1=a["x"], y1=a["y"], cx=round(cx, 1), cy=round(cy, 1),
                              x2=round(b["x"] - ex * shrink, 1), y2=round(b["y"] - ey * shrink, 1),
                              width=round(1 + 5 * weights[j] / wmax, 1)))
    place_labels(sorted(out_nodes, key=lambda n: -n["r"]), width, height, always=True)
    return {"nodes": out_nodes, "edges": out_edges, "width": width, "height": height}


# --------------------------------------------------------------------------- timeline strip


def timeline_bars(days: list[tuple[str, int]], width: float = 900, height: float = 120) -> Row:
    """Bars of events per day, or per month when the span is too long for days to be seen."""
    parsed = []
    for d, n in days:
        try:
            parsed.append((date.fromisoformat(d[:10]), n))
        except ValueError:
            continue
    if not parsed:
        return {"bars": [], "width": width, "height": height, "unit": "day", "labels": []}
    first, last = parsed[0][0], parsed[-1][0]
    by_month = (last - first).days > 120
    buckets: dict[str, int] = {}
    for d, n in parsed:
        key = d.strftime("%Y-%m") if by_month else d.isoformat()
        buckets[key] = buckets.get(key, 0) + n
    if by_month:
        keys = []
        y, m = first.year, first.month
        while (y, m) <= (last.year, last.month):
            keys.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    else:
        keys = [date.fromordinal(o).isoformat() for o in range(first.toordinal(), last.toordinal() + 1)]
    top = max(buckets.values())
    plot_h = height - 24
    slot = width / len(keys)
    bars = []
    for i, key in enumerate(keys):
        n = buckets.get(key, 0)
        h = plot_h * n / top if n else 0
        bars.append({"key": key, "n": n, "x": round(i * slot + slot * 0.1, 1), "w": round(max(slot * 0.8, 0.5), 1),
                     "y": round(plot_h - h, 1), "h": round(h, 1)})
    step = max(1, math.ceil(len(keys) / 8))
    labels = []
    for i in range(0, len(keys), step):
        x = i * slot + slot / 2
        half = len(keys[i]) * CHAR_W / 2  # keep the first and last labels inside the drawing
        anchor = "start" if x - half < 0 else "end" if x + half > width else "middle"
        labels.append({"x": round(max(0.0, min(x, width)) if anchor == "middle" else (2 if anchor == "start" else width - 2), 1),
                       "text": keys[i], "anchor": anchor})
    return {"bars": bars, "width": width, "height": height, "unit": "month" if by_month else "day",
            "labels": labels}


# --------------------------------------------------------------------------- map


def map_points(places: list[Row], width: float = 900, min_height: float = 260, max_height: float = 560) -> Row:
    """Equirectangular projection zoomed to the places, with a graticule to read positions by.

    The drawing is as tall as the places' spread needs (within bounds), so a story along one
    band of latitude does not come with empty polar seas."""
    if not places:
        return {"points": [], "lines": [], "width": width, "height": min_height}
    lats = [p["lat"] for p in places]
    lons = [p["lon"] for p in places]
    pad = 5.0
    lat0, lat1 = max(-90.0, min(lats) - pad), min(90.0, max(lats) + pad)
    lon0, lon1 = max(-180.0, min(lons) - pad), min(180.0, max(lons) + pad)
    height = min(max(width * (lat1 - lat0) / max(lon1 - lon0, 1e-6), min_height), max_height)
    # keep the aspect of degrees, widening the narrow side around its centre
    want = width / height
    if (lon1 - lon0) / max(lat1 - lat0, 1e-6) < want:
        c, half = (lon0 + lon1) / 2, (lat1 - lat0) * want / 2
        lon0, lon1 = c - half, c + half
    else:
        c, half = (lat0 + lat1) / 2, (lon1 - lon0) / want / 2
        lat0, lat1 = c - half, c + half

    def x(lon: float) -> float:
        return round((lon - lon0) / (lon1 - lon0) * width, 1)

    def y(lat: float) -> float:
        return round((lat1 - lat) / (lat1 - lat0) * height, 1)

    span = max(lon1 - lon0, lat1 - lat0)
    step = next(s for s in (1, 2, 5, 10, 15, 30, 45, 90) if span / s <= 12)
    lines = []
    for lon in range(math.ceil(max(lon0, -180) / step) * step, math.floor(min(lon1, 180)) + 1, step):
        lines.append({"x1": x(lon), "y1": 0, "x2": x(lon), "y2": height, "label": f"{lon}°", "lx": x(lon) + 2,
                      "ly": height - 4})
    for lat in range(math.ceil(max(lat0, -90) / step) * step, math.floor(min(lat1, 90)) + 1, step):
        lines.append({"x1": 0, "y1": y(lat), "x2": width, "y2": y(lat), "label": f"{lat}°", "lx": 2, "ly": y(lat) - 2})
    top = max(p["mention_count"] for p in places) or 1
    points = [dict(p, x=x(p["lon"]), y=y(p["lat"]), r=round(3 + 9 * math.sqrt(p["mention_count"] / top), 1))
              for p in places]
    place_labels(points, width, height, always_first=5)  # places come most mentioned first
    return {"points": points, "lines": lines, "width": width, "height": height}
