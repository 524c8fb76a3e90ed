"""Geometry for the inline SVG charts and the map, computed on the server.

Templates draw what these functions return; no script and no outside asset is needed.
The map is a scatter on a longitude/latitude frame around Viet Nam (no tiles).
"""

from __future__ import annotations

import math

BAR_HEIGHT = 22
BAR_GAP = 6
LABEL_WIDTH = 170
CHART_WIDTH = 520

# longitude/latitude frame of Viet Nam, with its islands
LON_MIN, LON_MAX = 102.0, 117.5
LAT_MIN, LAT_MAX = 8.0, 23.5
MAP_WIDTH, MAP_HEIGHT = 420, 560


def bars(items: list[tuple[str, int]]) -> dict:
    """Horizontal bars, one per (label, value), scaled to the largest value."""
    top = max((v for _, v in items), default=0) or 1
    room = CHART_WIDTH - LABEL_WIDTH - 50
    out = []
    for index, (label, value) in enumerate(items):
        y = index * (BAR_HEIGHT + BAR_GAP)
        out.append(
            {
                "label": label,
                "value": value,
                "y": y,
                "text_y": y + BAR_HEIGHT * 0.7,
                "width": round(room * value / top, 1),
                "value_x": LABEL_WIDTH + round(room * value / top, 1) + 6,
            }
        )
    return {
        "bars": out,
        "width": CHART_WIDTH,
        "height": max(1, len(items)) * (BAR_HEIGHT + BAR_GAP),
        "label_width": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
    }


def scatter(points: list[dict]) -> dict:
    """Circles at lon/lat, their area proportional to the number of products."""
    top = max((p["products"] for p in points), default=0) or 1
    out = []
    for p in points:
        x = (p["lon"] - LON_MIN) / (LON_MAX - LON_MIN) * MAP_WIDTH
        y = (LAT_MAX - p["lat"]) / (LAT_MAX - LAT_MIN) * MAP_HEIGHT
        if 0 <= x <= MAP_WIDTH and 0 <= y <= MAP_HEIGHT:
            r = 3 + 14 * math.sqrt(p["products"] / top)
            out.append({**p, "x": round(x, 1), "y": round(y, 1), "r": round(r, 1)})
    graticule = [
        {"x": round((lon - LON_MIN) / (LON_MAX - LON_MIN) * MAP_WIDTH, 1), "label": f"{lon}°E"}
        for lon in range(104, 118, 4)
    ]
    parallels = [
        {"y": round((LAT_MAX - lat) / (LAT_MAX - LAT_MIN) * MAP_HEIGHT, 1), "label": f"{lat}°N"}
        for lat in range(10, 24, 4)
    ]
    return {
        "points": out,
        "width": MAP_WIDTH,
        "height": MAP_HEIGHT,
        "meridians": graticule,
        "parallels": parallels,
    }
