"""The monthly trend as a small inline SVG: coverage, the target in force and the chosen month."""

from __future__ import annotations

from html import escape

from semesta.formats import month_name, number, percent

WIDTH, HEIGHT, PAD = 720, 220, 36


def trend(months: list[dict], chosen: str) -> str:
    """A line of coverage % per month with the target (as % of workforce) dashed above it."""
    points = [m for m in months if m["coverage_pct"] is not None]
    if len(points) < 2:
        return ""
    targets = [_target_pct(m) for m in points]
    values = [float(m["coverage_pct"]) for m in points] + [t for t in targets if t is not None]
    low, high = max(min(values) - 5, 0), max(values) + 5

    def x(i: int) -> float:
        return PAD + i * (WIDTH - 2 * PAD) / (len(points) - 1)

    def y(v: float) -> float:
        return HEIGHT - PAD - (v - low) * (HEIGHT - 2 * PAD) / (high - low)

    line = " ".join(f"{x(i):.1f},{y(float(m['coverage_pct'])):.1f}" for i, m in enumerate(points))
    dots = "".join(
        _dot(x(i), y(float(m["coverage_pct"])), m, m["period"] == chosen)
        for i, m in enumerate(points)
    )
    target = " ".join(f"{x(i):.1f},{y(t):.1f}" for i, t in enumerate(targets) if t is not None)
    ticks = "".join(
        f'<text x="{x(i):.1f}" y="{HEIGHT - 10}" text-anchor="middle">{escape(m["period"])}</text>'
        for i, m in enumerate(points)
        if i % 6 == 0 or i == len(points) - 1
    )
    axis = "".join(
        f'<text x="4" y="{y(v) + 4:.1f}">{v:.0f} %</text>' for v in (low, (low + high) / 2, high)
    )
    return (
        f'<svg class="trend" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="Tren cakupan">'
        f'{axis}{ticks}<polyline class="target" points="{target}"/>'
        f'<polyline class="coverage" points="{line}"/>{dots}</svg>'
    )


def _dot(cx: float, cy: float, month: dict, chosen: bool) -> str:
    label = (
        f"{month_name(month['period'])}: {percent(month['coverage_pct'])} "
        f"({number(month['active'])} peserta aktif)"
    )
    return (
        f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{5 if chosen else 3}">'
        f"<title>{escape(label)}</title></circle>"
    )


def _target_pct(month: dict) -> float | None:
    if not month["target_count"] or not month["workforce"]:
        return None
    return 100 * month["target_count"] / month["workforce"]
