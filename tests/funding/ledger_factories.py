"""Budgets built the way finance officers build them, through the services, so every rule
on the way holds: `funded_budget(amount=Decimal("1000.00"))` is a budget with that much
available, drawn from a new allocation."""

import itertools
from decimal import Decimal

from core.financial_years import FinancialYear
from core.models import Role, ServiceCategory
from funding import services
from funding.models import Allocation, FundingStream
from funding.reference import COMMUNITY_SAFETY_FUND, MOJ_VICTIMS_SERVICES
from tests.plans.factories import body, person

YEAR = FinancialYear(2026)
_numbers = itertools.count(1)


def finance_officer(body_):
    return person(body_, Role.FINANCE_OFFICER)


def decision_maker(body_):
    return person(body_, Role.DECISION_MAKER)


def stream(slug=COMMUNITY_SAFETY_FUND) -> FundingStream:
    return FundingStream.objects.get(slug=slug)


def purpose(area="victims") -> ServiceCategory:
    """A local service category of the area ("victims" or "community-safety")."""
    return ServiceCategory.objects.filter(area=area, is_national=False).order_by("pk").first()


def allocation(*, body_=None, slug=COMMUNITY_SAFETY_FUND, year=YEAR, amount, label=None):
    return Allocation.objects.create(
        stream=stream(slug),
        body=body_ or body(),
        year=year,
        line_label=label or f"Line {next(_numbers)}",
        amount=amount,
    )


def budget(*, body_=None, year=YEAR, name=None, ring_fenced=False, priority_thread=None):
    body_ = body_ or body()
    return services.budget_create(
        body=body_,
        by=finance_officer(body_),
        year=year,
        name=name or f"Budget {next(_numbers)}",
        priority_thread=priority_thread,
        ring_fenced_stream=stream(MOJ_VICTIMS_SERVICES) if ring_fenced else None,
    )


def funded_budget(*, amount=Decimal("1000.00"), body_=None, ring_fenced=False, **kwargs):
    """A budget with `amount` available from a new allocation of the same amount."""
    made = budget(body_=body_, ring_fenced=ring_fenced, **kwargs)
    source = allocation(
        body_=made.body,
        year=made.year,
        slug=MOJ_VICTIMS_SERVICES if ring_fenced else COMMUNITY_SAFETY_FUND,
        amount=amount,
    )
    services.funding_line_set(
        budget=made, allocation=source, amount=amount, by=finance_officer(made.body)
    )
    made.refresh_from_db()
    return made


def reserved(budget_, amount, *, payee="Victim Support", area="victims"):
    return services.reserve(
        body=budget_.body,
        parts=[services.BudgetAmount(budget_, amount)],
        payee=payee,
        purpose=purpose(area),
        cause_key=f"test:{next(_numbers)}",
    )
