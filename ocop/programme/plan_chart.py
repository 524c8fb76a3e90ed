"""Server-drawn SVG bars of a plan's progress: one bar per unit, the share of its targets
reached, coloured by status (no script, no inline style: attributes only)."""

from __future__ import annotations

from ocop.programme.selectors.progress import AT_RISK, DONE, OVERDUE, Progress

BAR_HEIGHT = 18
BAR_GAP = 6
LABEL_WIDTH = 200
WIDTH = 520
COLOURS = {DONE: "#2e7d4f", OVERDUE: "#b3261e", AT_RISK: "#b86e00"}
DEFAULT_COLOUR = "#3b6ea5"


def progress_bars(progress: Progress) -> dict:
    room = WIDTH - LABEL_WIDTH - 50
    bars = []
    for index, row in enumerate(progress.units):
        y = index * (BAR_HEIGHT + BAR_GAP)
        width = round(room * min(row.share, 1.0), 1)
        bars.append(
            {
                "label": row.label,
                "percent": row.percent,
                "y": y,
                "text_y": y + BAR_HEIGHT * 0.75,
                "width": width,
                "value_x": LABEL_WIDTH + width + 6,
                "fill": COLOURS.get(row.status, DEFAULT_COLOUR),
            }
        )
    return {
        "bars": bars,
        "width": WIDTH,
        "height": max(1, len(bars)) * (BAR_HEIGHT + BAR_GAP),
        "label_width": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
        "full_x": LABEL_WIDTH + room,
    }
