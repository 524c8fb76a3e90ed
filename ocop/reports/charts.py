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
        "frame": {"x": x_of, "y": y_of},
    }


def _ticks(low: float, high: float, step: float) -> list[float]:
    first = math.ceil(low / step) * step
    return [first + i * step for i in range(int((high - first) / step) + 1)]


def hull(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The convex hull of ``points`` (monotone chain), counter-clockwise."""
    pts = sorted(set(points))
    if len(pts) < 3:
        return pts

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list = []
    upper: list = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def with_outlines(chart: dict, areas: dict[str, list[tuple[float, float]]]) -> dict:
    """Add to a ``scatter`` chart one outline per area: the hull of its communes' centre
    points (lon, lat), projected like the chart's points; the grid and the projection are
    dropped, so the result is plain data (kept in the cache)."""
    frame = chart["frame"]
    outlines = []
    for name, pts in sorted(areas.items()):
        ring = hull(pts)
        if len(ring) < 3:
            continue
        xy = [(frame["x"](lon), frame["y"](lat)) for lon, lat in ring]
        outlines.append({"name": name, "points": " ".join(f"{x},{y}" for x, y in xy)})
    plain = {key: value for key, value in chart.items() if key != "frame"}
    return {**plain, "outlines": outlines, "meridians": [], "parallels": []}
