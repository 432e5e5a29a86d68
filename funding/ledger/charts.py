"""One bar per budget, drawn on the server as SVG: paid, committed (not yet paid), reserved
and remaining, end to end, so the whole bar is what is available. The page prints the same
figures as text beside it; the bar only shows their proportions.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from core.money import format_money

WIDTH = 400
HEIGHT = 20


@dataclass(frozen=True)
class Segment:
    kind: str  # the CSS modifier: paid, committed, reserved, remaining
    label: str
    amount: str
    x: float
    width: float


@dataclass(frozen=True)
class BudgetBar:
    segments: list[Segment]
    width: int
    height: int
    summary: str


def budget_bar(budget) -> BudgetBar:
    parts = [
        ("paid", _("Paid"), budget.paid),
        ("committed", _("Committed, not yet paid"), budget.committed - budget.paid),
        ("reserved", _("Reserved"), budget.reserved),
        ("remaining", _("Remaining"), budget.remaining),
    ]
    whole = sum((amount for _kind, _label, amount in parts), Decimal(0))
    segments = []
    x = 0.0
    for kind, label, amount in parts:
        # Float only for drawing; the figures shown are the exact amounts.
        width = round(float(amount / whole) * WIDTH, 1) if whole > 0 else 0.0
        segments.append(Segment(kind, str(label), format_money(amount), x, width))
        x = round(x + width, 1)
    summary = "; ".join(f"{segment.label} {segment.amount}" for segment in segments)
    return BudgetBar(segments=segments, width=WIDTH, height=HEIGHT, summary=summary)
