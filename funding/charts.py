"""A horizontal bar chart drawn on the server as SVG: no script, and the same in every browser.

`bar_chart(items)` takes (label, amount) pairs and gives the geometry the template
`funding/includes/bar_chart.svg` draws: bars sorted from largest to smallest, each labelled
with its area and its amount. The page shows the same figures in a table beside it.
"""

from dataclasses import dataclass
from decimal import Decimal

from core.money import format_money

WIDTH = 640
LABEL_WIDTH = 190  # the area names, right-aligned against the bars
VALUE_WIDTH = 130  # the amounts, after the end of each bar
BAR_HEIGHT = 16
ROW_HEIGHT = 24
TOP = 8


@dataclass(frozen=True)
class Bar:
    label: str
    value: str
    y: int
    width: float
    text_y: int
    value_x: float


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    width: int
    height: int
    label_x: int
    bar_x: int


def bar_chart(items) -> Chart:
    items = sorted(items, key=lambda item: (-item[1], item[0]))
    largest = max((amount for _label, amount in items), default=Decimal(0))
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bars = []
    for index, (label, amount) in enumerate(items):
        # Float only for drawing: the figure shown is the exact Decimal, formatted.
        width = round(float(amount / largest) * span, 1) if largest > 0 else 0.0
        y = TOP + index * ROW_HEIGHT
        bars.append(
            Bar(
                label=label,
                value=format_money(amount),
                y=y,
                width=width,
                text_y=y + BAR_HEIGHT - 4,
                value_x=LABEL_WIDTH + width + 6,
            )
        )
    return Chart(
        bars=bars,
        width=WIDTH,
        height=TOP * 2 + len(items) * ROW_HEIGHT,
        label_x=LABEL_WIDTH - 6,
        bar_x=LABEL_WIDTH,
    )
