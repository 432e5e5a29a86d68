"""What the year end would do, or did, for each of a body's budgets of one year."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from funding.ledger.models import Budget, ClosedYear, EntryKind, LedgerEntry, YearEndAdjustment
from funding.models import YearEndRule

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class BudgetPlan:
    """One budget at the year end: its unspent money, and where that goes."""

    budget: Budget
    unspent: Decimal
    carried: Decimal
    returned: Decimal
    agreed: Decimal  # what a carry-forward agreement allows (ring-fenced, returns-to-funder)

    @property
    def ring_fenced(self) -> bool:
        return self.budget.ring_fenced_stream_id is not None

    @property
    def returns_to_funder(self) -> bool:
        stream = self.budget.ring_fenced_stream
        return stream is not None and stream.year_end_rule == YearEndRule.RETURNS_TO_FUNDER

    @property
    def open_reservations(self) -> bool:
        return self.budget.reserved > 0


def budget_plan(budget: Budget, agreement=None, carried_before=ZERO) -> BudgetPlan:
    """Un-ring-fenced money, and ring-fenced money of a stream whose rule lets it, carries
    forward in full; a returns-to-funder stream's carries up to what the funder agreed (less
    what it carried already), and the rest is returned."""
    unspent = budget.remaining
    agreed = max(agreement.amount - carried_before, ZERO) if agreement is not None else ZERO
    stream = budget.ring_fenced_stream
    if stream is not None and stream.year_end_rule == YearEndRule.RETURNS_TO_FUNDER:
        carried = min(unspent, agreed)
    else:
        carried = unspent
    return BudgetPlan(
        budget=budget,
        unspent=unspent,
        carried=carried,
        returned=unspent - carried,
        agreed=agreed,
    )


def _agreement(budget):
    try:
        return budget.carry_forward_agreement
    except Budget.carry_forward_agreement.RelatedObjectDoesNotExist:
        return None


def year_end_plan(*, body, year) -> list[BudgetPlan]:
    """Each budget of the body's year with what closing it would carry and return (before the
    year is closed), in three queries whatever the number of budgets."""
    budgets = (
        Budget.objects.filter(body=body, year=year)
        .select_related("ring_fenced_stream", "carry_forward_agreement")
        .order_by("name", "pk")
    )
    return [budget_plan(budget, _agreement(budget)) for budget in budgets]


def closed_year(*, body, year) -> ClosedYear | None:
    return ClosedYear.objects.filter(body=body, year=year).select_related("closed_by").first()


def closed_years(body) -> set:
    return set(ClosedYear.objects.filter(body=body).values_list("year", flat=True))


@dataclass(frozen=True)
class BudgetOutcome:
    """What closing a year did to one budget."""

    budget: Budget
    carried: Decimal
    returned: Decimal
    adjusted: Decimal  # added less taken away by decision makers' adjustments


def year_end_outcome(closed: ClosedYear) -> list[BudgetOutcome]:
    """The closed year's budgets with what was carried forward, returned and adjusted."""
    sums = {}
    rows = (
        LedgerEntry.objects.filter(budget__body_id=closed.body_id, budget__year=closed.year)
        .filter(kind__in=[EntryKind.CARRIED_FORWARD_OUT, EntryKind.RETURNED_TO_FUNDER])
        .values("budget_id", "kind")
        .annotate(total=Sum("amount"))
    )
    for row in rows:
        sums[(row["budget_id"], row["kind"])] = row["total"]
    adjusted = {}
    adjustments = (
        LedgerEntry.objects.filter(budget__body_id=closed.body_id, budget__year=closed.year)
        .filter(adjustment__isnull=False)
        .values("budget_id")
        .annotate(total=Sum("available_delta"))
    )
    for row in adjustments:
        adjusted[row["budget_id"]] = row["total"]
    budgets = (
        Budget.objects.filter(body_id=closed.body_id, year=closed.year)
        .select_related("ring_fenced_stream")
        .order_by("name", "pk")
    )
    return [
        BudgetOutcome(
            budget=budget,
            carried=sums.get((budget.pk, EntryKind.CARRIED_FORWARD_OUT), ZERO),
            returned=sums.get((budget.pk, EntryKind.RETURNED_TO_FUNDER), ZERO),
            adjusted=adjusted.get(budget.pk, ZERO),
        )
        for budget in budgets
    ]


def adjustments_of(closed: ClosedYear):
    return (
        YearEndAdjustment.objects.filter(body_id=closed.body_id, year=closed.year)
        .select_related("budget", "recorded_by")
        .prefetch_related("entries")
        .order_by("-recorded_at", "-pk")
    )


@dataclass(frozen=True)
class Totals:
    unspent: Decimal = ZERO
    carried: Decimal = ZERO
    returned: Decimal = ZERO
    adjusted: Decimal = ZERO


def plan_totals(plan: list[BudgetPlan]) -> Totals:
    return Totals(
        unspent=sum((row.unspent for row in plan), ZERO),
        carried=sum((row.carried for row in plan), ZERO),
        returned=sum((row.returned for row in plan), ZERO),
    )


def outcome_totals(outcome: list[BudgetOutcome]) -> Totals:
    return Totals(
        carried=sum((row.carried for row in outcome), ZERO),
        returned=sum((row.returned for row in outcome), ZERO),
        adjusted=sum((row.adjusted for row in outcome), ZERO),
    )
