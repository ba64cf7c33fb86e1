"""Chart geometry for the report, computed in Python so templates only place shapes.

Every function returns plain dicts of numbers and strings (coordinates in SVG user units,
rounded to 0.1 so output is byte-stable); the HTML template turns them into ``<rect>``,
``<line>`` and ``<text>`` elements with autoescaping. No chart library: the report must open
offline and a few rectangles do not justify shipping one.
"""

from __future__ import annotations

from typing import Any

SCORE_MAX = 30
BAND_THRESHOLDS: tuple[tuple[str, int, int], ...] = (
    ("early", 0, 15),
    ("developing", 15, 26),
    ("advanced", 26, SCORE_MAX),
)


def _r(value: float) -> float:
    """Round a coordinate so the SVG text does not depend on float noise."""
    return round(value + 0.0, 1)


def score_gauge(total: float, low: float, high: float, band_labels: dict[str, str]) -> dict[str, Any]:
    """A 0-30 bar split into the three bands, with a marker at the score and its range."""
    width, left, right, bar_y, bar_h = 640.0, 10.0, 10.0, 26.0, 22.0
    inner = width - left - right

    def x(points: float) -> float:
        return _r(left + inner * max(0.0, min(float(points), SCORE_MAX)) / SCORE_MAX)

    last = len(BAND_THRESHOLDS) - 1
    segments = [
        {
            "band": band,
            "x": x(start),
            "width": _r(x(end) - x(start)),
            "label": band_labels.get(band, band),
            # The last band is narrow (26-30): right-align its label so it stays inside the chart.
            "label_x": _r(x(end) - 4) if i == last else _r(x(start) + 4),
            "anchor": "end" if i == last else "start",
        }
        for i, (band, start, end) in enumerate(BAND_THRESHOLDS)
    ]
    ticks = [{"x": x(p), "label": str(p)} for p in (0, 15, 26, 30)]
    return {
        "width": width,
        "height": 74.0,
        "bar_y": bar_y,
        "bar_h": bar_h,
        "segments": segments,
        "ticks": ticks,
        "tick_y": _r(bar_y + bar_h + 16),
        "marker_x": x(total),
        "range": {"x": x(low), "width": _r(x(high) - x(low))} if high > low else None,
        "range_y": _r(bar_y + bar_h / 2 - 3),
    }


def category_bars(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Horizontal bars: points per category against its maximum, with the open range shaded.

    Each input row has ``label``, ``points``, ``min``, ``max`` and ``possible`` (2 points per
    question of the category).
    """
    label_w, bar_w, row_h, top = 190.0, 360.0, 34.0, 8.0
    out = []
    for i, row in enumerate(rows):
        possible = float(row["possible"]) or 1.0

        def w(points: float, possible: float = possible) -> float:
            return _r(bar_w * max(0.0, min(float(points), possible)) / possible)

        y = _r(top + i * row_h)
        lo, hi = float(row["min"]), float(row["max"])
        out.append(
            {
                "label": row["label"],
                "y": y,
                "text_y": _r(y + 15),
                "bar_h": 20.0,
                "points_w": w(row["points"]),
                "range_x": _r(label_w + w(lo)),
                "range_w": _r(w(hi) - w(lo)),
                "value_text": row["value_text"],
            }
        )
    return {
        "width": label_w + bar_w + 110,
        "height": _r(top * 2 + row_h * len(rows)),
        "label_w": label_w,
        "bar_w": bar_w,
        "value_x": label_w + bar_w + 8,
        "rows": out,
    }


def quadrant_chart(points: list[dict[str, Any]]) -> dict[str, Any]:
    """Value (y) x feasibility (x) scatter on a 0..1 square split at 0.5 into four quadrants.

    Projects that land on the same spot are fanned out a little so every rank stays readable.
    """
    size, pad = 360.0, 40.0
    inner = size - 2 * pad
    seen: dict[tuple[float, float], int] = {}
    placed = []
    for point in points:
        fx = max(0.0, min(1.0, float(point["feasibility"])))
        vy = max(0.0, min(1.0, float(point["value"])))
        key = (round(fx, 2), round(vy, 2))
        offset = seen.get(key, 0)
        seen[key] = offset + 1
        placed.append(
            {
                **point,
                "cx": _r(pad + fx * inner + 11 * offset),
                "cy": _r(pad + (1 - vy) * inner),
            }
        )
    half = _r(pad + inner / 2)
    return {
        "width": size,
        "height": size,
        "pad": pad,
        "inner": inner,
        "half": half,
        "quadrants": [
            {"id": "invest", "x": pad, "y": pad},
            {"id": "priority", "x": half, "y": pad},
            {"id": "later", "x": pad, "y": half},
            {"id": "opportunistic", "x": half, "y": half},
        ],
        "quadrant_w": _r(inner / 2),
        "points": placed,
    }


def history_line(points: list[dict[str, Any]]) -> dict[str, Any]:
    """Total score per scan as a polyline on a 0-30 axis, oldest scan on the left."""
    width, height, left, right, top, bottom = 600.0, 210.0, 70.0, 60.0, 22.0, 34.0
    inner_w, inner_h = width - left - right, height - top - bottom

    def y(total: float) -> float:
        return _r(top + inner_h * (1 - max(0.0, min(float(total), SCORE_MAX)) / SCORE_MAX))

    step = inner_w / (len(points) - 1) if len(points) > 1 else 0.0
    placed = [
        {**p, "x": _r(left + (i * step if len(points) > 1 else inner_w / 2)), "y": y(p["total"])}
        for i, p in enumerate(points)
    ]
    return {
        "width": width,
        "height": height,
        "left": left,
        "right_x": _r(width - right),
        "points": placed,
        "polyline": " ".join(f"{p['x']},{p['y']}" for p in placed),
        "thresholds": [{"y": y(v), "label": str(v)} for v in (15, 26)],
        "axis_x": left - 30,
        "axis": [{"y": y(v), "label": str(v)} for v in (0, 30)],
        "label_y": _r(height - 10),
    }
