"""A bar chart drawn on the server as SVG (no JavaScript): an outcome measure's count per
return, cumulative, against the award's target. The page's table carries the same figures;
the chart has a title and a description for screen readers."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 40


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: int
    label_x: float


@dataclass
class Chart:
    title: str
    description: str
    bars: list[Bar]
    target_y: float | None
    ticks: list[tuple[float, int]]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    baseline: float = HEIGHT - BOTTOM
    right_edge: int = WIDTH - RIGHT


def cumulative_chart(*, measure, returns, cells) -> Chart:
    """Bars: the running total after each return (a return not counted adds nothing); a
    line: the target over the award."""
    running, totals = 0, []
    for cell in cells:
        running += cell or 0
        totals.append(running)
    top = max([measure.target, *totals, 1])
    plot_height = HEIGHT - TOP - BOTTOM
    plot_width = WIDTH - LEFT - RIGHT
    slot = plot_width / max(len(returns), 1)

    def y_of(value):
        return TOP + plot_height * (1 - value / top)

    bars = []
    for index, (monitoring_return, total) in enumerate(zip(returns, totals, strict=True)):
        x = LEFT + index * slot + slot * 0.15
        bars.append(
            Bar(
                x=round(x, 1),
                y=round(y_of(total), 1),
                width=round(slot * 0.7, 1),
                height=round(HEIGHT - BOTTOM - y_of(total), 1),
                label=_("R%(number)s") % {"number": monitoring_return.number},
                value=total,
                label_x=round(x + slot * 0.35, 1),
            )
        )
    ticks = [(round(y_of(top * step / 4), 1), round(top * step / 4)) for step in range(5)]
    description = _(
        "%(measure)s, running total after each return: %(totals)s. Target over the award: "
        "%(target)s."
    ) % {
        "measure": measure.name,
        "totals": ", ".join(f"{bar.label} {bar.value}" for bar in bars),
        "target": measure.target or _("none set"),
    }
    return Chart(
        title=_("%(measure)s against the target") % {"measure": measure.name},
        description=description,
        bars=bars,
        target_y=round(y_of(measure.target), 1) if measure.target else None,
        ticks=ticks,
    )
