"""Reads for the finance pages, scoped to the person: a body's budgets by year, one budget's
ledger, and the year's totals by plan priority and by stream.

Who sees what: the body's finance officers and decision makers always; its panel members
only the years a decision maker has published (before that, 404, as if there were none).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import Http404
from django.utils.translation import gettext as _

from core.access import has_role
from core.financial_years import FinancialYear
from core.models import Role
from core.money import money_split
from funding.ledger.models import (
    Budget,
    BudgetPublication,
    Commitment,
    CommitmentLine,
    ContributionStatus,
    FundingLine,
    LedgerEntry,
    PartnerContribution,
    Virement,
    VirementStatus,
)
from funding.models import FundingStream
from funding.reference import PARTNER_CONTRIBUTION
from plans.models import Priority

FINANCE = (Role.FINANCE_OFFICER, Role.DECISION_MAKER)
SHOWN = ("available", "reserved", "committed", "released", "paid", "remaining")


def _split(total: Decimal, weights) -> list[Decimal]:
    # core.money.money_split; a budget whose sources have put in nothing yet shares equally.
    return money_split(total, weights if any(weights) else [1] * len(weights))


def is_finance(user, body) -> bool:
    return has_role(user, body, *FINANCE)


def published_years(body) -> set[FinancialYear]:
    return set(BudgetPublication.objects.filter(body=body).values_list("year", flat=True))


def year_visible(user, body, year: FinancialYear) -> None:
    """404 unless the person may read this year's budgets."""
    if is_finance(user, body):
        return
    if not BudgetPublication.objects.filter(body=body, year=year).exists():
        raise Http404


def budget_years_visible_to(*, user, body) -> list[FinancialYear]:
    years = set(Budget.objects.filter(body=body).values_list("year", flat=True).distinct())
    if not is_finance(user, body):
        years &= published_years(body)
    # The field gives FinancialYear values already.
    return sorted(years, reverse=True)


def budgets_of_year(*, user, body, year: FinancialYear) -> list[Budget]:
    year_visible(user, body, year)
    return list(
        Budget.objects.filter(body=body, year=year)
        .select_related("ring_fenced_stream")
        .order_by("name")
    )


def budget_get_visible_to(*, user, body, pk) -> Budget:
    budget = (
        Budget.objects.filter(body=body, pk=pk)
        .select_related("body", "ring_fenced_stream", "priority_thread")
        .first()
    )
    if budget is None:
        raise Http404
    year_visible(user, body, budget.year)
    return budget


def priority_titles(thread_ids) -> dict[int, str]:
    """Each priority thread's title as its latest version words it (one query)."""
    titles = {}
    for priority in (
        Priority.objects.filter(thread_id__in=set(thread_ids))
        .order_by("thread_id", "-plan__version", "-pk")
        .only("thread_id", "title")
    ):
        titles.setdefault(priority.thread_id, priority.title)
    return titles


@dataclass
class Totals:
    label: str
    figures: dict = field(default_factory=lambda: dict.fromkeys(SHOWN, Decimal(0)))

    def add(self, figures):
        for name in SHOWN:
            self.figures[name] += figures[name]

    def __getattr__(self, name):
        if name in SHOWN:
            return self.__dict__["figures"][name]
        raise AttributeError(name)


def figures_of(budget) -> dict:
    return {name: getattr(budget, name) for name in SHOWN}


def totals_by_priority(budgets) -> list[Totals]:
    titles = priority_titles(b.priority_thread_id for b in budgets if b.priority_thread_id)
    groups: dict = {}
    for budget in budgets:
        key = budget.priority_thread_id
        if key not in groups:
            label = titles.get(key, "") if key else _("No plan priority")
            groups[key] = Totals(label or _("Priority %(number)s") % {"number": key})
        groups[key].add(figures_of(budget))
    return sorted(
        groups.values(), key=lambda totals: (totals.label == _("No plan priority"), totals.label)
    )


def stream_weights(budgets) -> dict[int, dict[str, Decimal]]:
    """For each budget, what each stream put in it: funding lines by stream, and received
    partners' money as the partner-contribution stream (two queries)."""
    weights = defaultdict(lambda: defaultdict(Decimal))
    ids = [budget.pk for budget in budgets]
    for line in FundingLine.objects.filter(budget_id__in=ids, amount__gt=0).select_related(
        "allocation__stream"
    ):
        weights[line.budget_id][line.allocation.stream.name] += line.amount
    partner = FundingStream.objects.filter(slug=PARTNER_CONTRIBUTION).first()
    partner_name = partner.name if partner else _("Partner contribution")
    for contribution in PartnerContribution.objects.filter(
        budget_id__in=ids, status=ContributionStatus.RECEIVED
    ):
        weights[contribution.budget_id][partner_name] += contribution.amount
    return weights


def totals_by_stream(budgets) -> list[Totals]:
    """Each budget's figures shared among the streams that fund it, in proportion to what
    each put in (money_split, so each budget's parts add up to it to the penny). Money a
    budget has only from virements is shown as such."""
    weights = stream_weights(budgets)
    groups: dict[str, Totals] = {}
    for budget in budgets:
        sources = weights.get(budget.pk) or {_("Virements only"): Decimal(1)}
        names = sorted(sources)
        for name in names:
            groups.setdefault(name, Totals(name))
        for figure in SHOWN:
            parts = _split(getattr(budget, figure), [sources[name] for name in names])
            for name, part in zip(names, parts, strict=True):
                groups[name].figures[figure] += part
    return [groups[name] for name in sorted(groups)]


def year_totals(budgets) -> Totals:
    totals = Totals(_("All budgets"))
    for budget in budgets:
        totals.add(figures_of(budget))
    return totals


def budget_entries(budget):
    """The budget's ledger, oldest first, with what each entry belongs to (flat queries)."""
    return (
        LedgerEntry.objects.filter(budget=budget)
        .select_related(
            "commitment_line__commitment",
            "funding_line__allocation__stream",
            "contribution",
            "virement__from_budget",
            "virement__to_budget",
            "recorded_by",
        )
        .order_by("effective_on", "pk")
    )


def budget_entries_shown(budget):
    """`budget_entries` with only what the budget's page shows: each entry's date, kind,
    note, amount and what it belongs to (`entry_cause`). One query.

    Joining every relation of the entry (who recorded it among them) made the planner hash
    whole tables (10,000 people, every commitment line) for a budget's 91 entries: about
    16 ms at `make bench`."""
    return (
        LedgerEntry.objects.filter(budget=budget)
        .select_related(
            "commitment_line__commitment",
            "funding_line__allocation__stream",
            "contribution",
            "virement__from_budget",
            "virement__to_budget",
        )
        .only(
            "budget_id",
            "kind",
            "effective_on",
            "amount",
            "note",
            "commitment_line__commitment__payee",
            "commitment_line__commitment__cause_key",
            "funding_line__allocation__line_label",
            "funding_line__allocation__stream__name",
            "contribution__partner_name",
            "virement__from_budget__name",
            "virement__to_budget__name",
        )
        .order_by("effective_on", "pk")
    )


def year_entries(*, body, year):
    return (
        LedgerEntry.objects.filter(budget__body=body, budget__year=year)
        .select_related(
            "budget",
            "commitment_line__commitment",
            "funding_line__allocation__stream",
            "contribution",
            "virement__from_budget",
            "virement__to_budget",
            "recorded_by",
        )
        .order_by("effective_on", "pk")
    )


def budget_commitments(budget) -> list[CommitmentLine]:
    return list(
        CommitmentLine.objects.filter(budget=budget)
        .select_related("commitment__purpose")
        .order_by("commitment__payee", "pk")
    )


def budget_funding(budget):
    lines = list(FundingLine.objects.filter(budget=budget).select_related("allocation__stream"))
    contributions = list(PartnerContribution.objects.filter(budget=budget))
    return lines, contributions


def virements_of_year(*, body, year):
    return list(
        Virement.objects.filter(body=body, from_budget__year=year)
        .select_related("from_budget", "to_budget", "requested_by", "decided_by")
        .order_by("-requested_at", "-pk")
    )


def pending_virements(*, body):
    return Virement.objects.filter(body=body, status=VirementStatus.AWAITING_APPROVAL)


def commitment_line_get(*, budget, pk) -> CommitmentLine:
    line = (
        CommitmentLine.objects.filter(budget=budget, pk=pk)
        .select_related("commitment", "commitment__purpose")
        .first()
    )
    if line is None:
        raise Http404
    return line


def entry_cause(entry) -> str:
    """What an entry belongs to, in words."""
    if entry.commitment_line_id:
        commitment: Commitment = entry.commitment_line.commitment
        return commitment.payee + (f" ({commitment.cause_key})" if commitment.cause_key else "")
    if entry.funding_line_id:
        allocation = entry.funding_line.allocation
        return f"{allocation.stream.name}, {allocation.line_label}"
    if entry.contribution_id:
        return entry.contribution.partner_name
    if entry.virement_id:
        virement = entry.virement
        return _("%(from)s to %(to)s") % {
            "from": virement.from_budget.name,
            "to": virement.to_budget.name,
        }
    return ""


def remaining_by_year(*, budget_ids) -> dict[FinancialYear, Decimal]:
    """What the given budgets have left to reserve (available - reserved - committed), summed
    per financial year, from the ledger's running totals. One query. For other apps (a round
    ranks its bids against it); they pass the budgets they already hold."""
    totals: dict[FinancialYear, Decimal] = defaultdict(Decimal)
    for year, available, reserved, committed in Budget.objects.filter(
        pk__in=list(budget_ids)
    ).values_list("year", "available", "reserved", "committed"):
        totals[year] += max(available - reserved - committed, Decimal(0))
    return dict(totals)
