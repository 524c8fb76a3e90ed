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


def scatter(points: list[dict], *, zoom: bool = False) -> dict:
    """Circles at lon/lat, their area proportional to the number of products.

    The frame is the whole country, or with ``zoom`` the points' extent (at least one degree),
    keeping the longitude/latitude proportions.
    """
    lon_min, lon_max, lat_min, lat_max = LON_MIN, LON_MAX, LAT_MIN, LAT_MAX
    if zoom and points:
        lons, lats = [p["lon"] for p in points], [p["lat"] for p in points]
        span = max(1.0, max(lons) - min(lons), max(lats) - min(lats)) * 1.2
        mid_lon, mid_lat = (max(lons) + min(lons)) / 2, (max(lats) + min(lats)) / 2
        lon_min, lon_max = mid_lon - span / 2, mid_lon + span / 2
        lat_min, lat_max = mid_lat - span / 2, mid_lat + span / 2
    width = MAP_HEIGHT * (lon_max - lon_min) / (lat_max - lat_min)

    def x_of(lon):
        return round((lon - lon_min) / (lon_max - lon_min) * width, 1)

    def y_of(lat):
        return round((lat_max - lat) / (lat_max - lat_min) * MAP_HEIGHT, 1)

    top = max((p["products"] for p in points), default=0) or 1
    out = [
        {
            **p,
            "x": x_of(p["lon"]),
            "y": y_of(p["lat"]),
            "r": round(3 + 14 * math.sqrt(p["products"] / top), 1),
        }
        for p in points
        if lon_min <= p["lon"] <= lon_max and lat_min <= p["lat"] <= lat_max
    ]
    step = 4 if not zoom else max(0.25, round((lon_max - lon_min) / 4 * 4) / 4)
    meridians = _ticks(lon_min, lon_max, step)
    parallels = _ticks(lat_min, lat_max, step)
    return {
        "points": out,
        "labels": zoom,
        "width": round(width, 1),
        "height": MAP_HEIGHT,
        "meridians": [{"x": x_of(v), "label": f"{v:g}°E"} for v in meridians],
        "parallels": [{"y": y_of(v), "label": f"{v:g}°N"} for v in parallels],
    }


def _ticks(low: float, high: float, step: float) -> list[float]:
    first = math.ceil(low / step) * step
    return [first + i * step for i in range(int((high - first) / step) + 1)]
