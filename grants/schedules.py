"""Payment schedules: from a choice to the instalments, per financial year, to the penny.

Pure functions (no database): `instalments_plan(...)` takes the award's dates, its money per
financial year and the schedule's choice and returns `PlannedInstalment`s, or raises
`ScheduleRefused` with every problem.

The rules:
- Each financial year's amount is split only among that year's instalments, with core's
  `money_split`, so each year (and the award) adds up to the penny.
- Periods are the financial year's quarters (April-June, July-September, October-December,
  January-March) or its months, cut to the award's dates. A whole period weighs 1; a part
  period weighs the share of its days the award covers (so a grant starting on 16 February
  in a leap year has 14 of February's 29 days in its first month).
- In advance: due on the first day of the (cut) period; in arrears: on its last day, so
  February's instalment is due on the 29th in a leap year and the 28th otherwise.
- Milestones: each year's amount in equal shares among the milestones due in it.
- Payment by results: the fixed part is split over the years in proportion to their
  amounts and paid quarterly in arrears; the rest of each year's amount is the cap of its
  results instalments, quarterly in arrears.
- An instalment that would be £0.00 (a day's share of a penny) is left out.
"""

import datetime
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from core.errors import ApplicationError
from core.financial_years import FinancialYear
from core.money import money_split


class ScheduleRefused(ApplicationError):  # noqa: N818 (named for what happened)
    """The schedule cannot be made: `extra["problems"]` lists why."""


# Not the model's choices (this module has no database): the same values.
QUARTERLY_IN_ADVANCE = "quarterly_advance"
QUARTERLY_IN_ARREARS = "quarterly_arrears"
MONTHLY = "monthly"
MILESTONES = "milestones"
RESULTS = "results"


@dataclass(frozen=True)
class YearMoney:
    """The award's money from one budget, of one financial year."""

    budget_id: int
    year: FinancialYear
    amount: Decimal


@dataclass(frozen=True)
class MilestoneDate:
    key: object  # the milestone's id (or anything the caller recognises)
    name: str
    due_on: datetime.date


@dataclass(frozen=True)
class PlannedInstalment:
    budget_id: int
    year: FinancialYear
    kind: str  # grants.models.InstalmentKind values
    period_start: datetime.date
    period_end: datetime.date
    due_on: datetime.date
    amount: Decimal
    milestone: object = None


def _month_end(year: int, month: int) -> datetime.date:
    if month == 12:
        return datetime.date(year, 12, 31)
    return datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)


def periods(year: FinancialYear, *, months: int) -> list[tuple[datetime.date, datetime.date]]:
    """The financial year's periods of `months` months (1 or 3), in order."""
    found = []
    start = year.start
    for _i in range(12 // months):
        last_month = (start.month - 1 + months - 1) % 12 + 1
        last_year = start.year + (1 if last_month < start.month else 0)
        end = _month_end(last_year, last_month)
        found.append((start, end))
        start = end + datetime.timedelta(days=1)
    return found


def _days(start, end) -> int:
    return (end - start).days + 1


def _cut(year, months, starts_on, ends_on):
    """The periods the award covers: (cut start, cut end, whole period's days)."""
    cut = []
    for start, end in periods(year, months=months):
        first, last = max(start, starts_on), min(end, ends_on)
        if first <= last:
            cut.append((first, last, _days(start, end)))
    return cut


def _periodic(money: YearMoney, amount, *, months, in_advance, kind, starts_on, ends_on):
    cut = _cut(money.year, months, starts_on, ends_on)
    # Exact integer weights: each period's covered days over its length, on one denominator.
    denominator = math.lcm(*(length for _f, _l, length in cut))
    weights = [_days(first, last) * (denominator // length) for first, last, length in cut]
    parts = money_split(amount, weights)
    return [
        PlannedInstalment(
            budget_id=money.budget_id,
            year=money.year,
            kind=kind,
            period_start=first,
            period_end=last,
            due_on=first if in_advance else last,
            amount=part,
        )
        for (first, last, _length), part in zip(cut, parts, strict=True)
    ]


def _check_years(money, starts_on, ends_on, problems):
    for item in money:
        if item.year.end < starts_on or item.year.start > ends_on:
            problems.append(
                _("The award's dates do not cover %(year)s, which has money.") % {"year": item.year}
            )


def instalments_plan(
    *,
    kind: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    money: Sequence[YearMoney],
    milestones: Sequence[MilestoneDate] = (),
    results_fixed: Decimal = Decimal("0.00"),
    has_tariffs: bool = False,
) -> list[PlannedInstalment]:
    """Every instalment of the schedule, ordered by due date; they add up to the money."""
    problems = []
    if ends_on < starts_on:
        raise ScheduleRefused(
            _("The end date must be on or after the start date."),
            problems=[_("The end date must be on or after the start date.")],
        )
    if not money:
        problems.append(_("The award has no money to pay."))
    _check_years(money, starts_on, ends_on, problems)
    if problems:
        raise ScheduleRefused(problems[0], problems=problems)
    planned: list[PlannedInstalment] = []
    common = {"starts_on": starts_on, "ends_on": ends_on}
    if kind in (QUARTERLY_IN_ADVANCE, QUARTERLY_IN_ARREARS, MONTHLY):
        for item in money:
            planned += _periodic(
                item,
                item.amount,
                months=1 if kind == MONTHLY else 3,
                in_advance=kind == QUARTERLY_IN_ADVANCE,
                kind="scheduled",
                **common,
            )
    elif kind == MILESTONES:
        planned = _milestones(money, milestones, starts_on, ends_on, problems)
    elif kind == RESULTS:
        planned = _results(money, results_fixed, has_tariffs, problems, common)
    else:
        problems.append(_("Choose how the grant is paid."))
    if problems:
        raise ScheduleRefused(problems[0], problems=problems)
    kept = [item for item in planned if item.amount > 0]
    return sorted(kept, key=lambda item: (item.due_on, item.kind != "fixed", item.budget_id))


def _milestones(money, milestones, starts_on, ends_on, problems):
    if not milestones:
        problems.append(_("Add at least one milestone."))
        return []
    by_year: dict[FinancialYear, list[MilestoneDate]] = {}
    for milestone in milestones:
        if not starts_on <= milestone.due_on <= ends_on:
            problems.append(
                _("Milestone “%(name)s” is due outside the award's dates.")
                % {"name": milestone.name}
            )
            continue
        by_year.setdefault(FinancialYear.containing(milestone.due_on), []).append(milestone)
    years = {item.year for item in money}
    for year in sorted(set(by_year) - years, key=lambda y: y.start_year):
        problems.append(
            _("Milestones are due in %(year)s, when the award has no money.") % {"year": year}
        )
    planned = []
    for item in money:
        due = sorted(by_year.get(item.year, []), key=lambda m: (m.due_on, str(m.key)))
        if not due:
            problems.append(
                _("Add a milestone due in %(year)s, which has money.") % {"year": item.year}
            )
            continue
        parts = money_split(item.amount, [1] * len(due))
        start = max(starts_on, item.year.start)
        for milestone, part in zip(due, parts, strict=True):
            planned.append(
                PlannedInstalment(
                    budget_id=item.budget_id,
                    year=item.year,
                    kind="milestone",
                    period_start=min(start, milestone.due_on),
                    period_end=milestone.due_on,
                    due_on=milestone.due_on,
                    amount=part,
                    milestone=milestone.key,
                )
            )
            start = milestone.due_on + datetime.timedelta(days=1)
    return planned


def _results(money, results_fixed, has_tariffs, problems, common):
    total = sum((item.amount for item in money), Decimal("0.00"))
    if results_fixed < 0 or results_fixed > total:
        problems.append(_("The fixed part must be between £0 and the amount of the award."))
        return []
    if results_fixed < total and not has_tariffs:
        problems.append(_("Add at least one outcome with its price."))
    fixed_parts = (
        money_split(results_fixed, [item.amount for item in money])
        if results_fixed
        else [Decimal("0.00")] * len(money)
    )
    planned = []
    for item, fixed in zip(money, fixed_parts, strict=True):
        for part, kind in ((fixed, "fixed"), (item.amount - fixed, "results")):
            if part > 0:
                planned += _periodic(item, part, months=3, in_advance=False, kind=kind, **common)
    return planned
