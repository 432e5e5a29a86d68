"""A demo closed year: last financial year's budgets for one body, spent in part and closed by
its finance officer, through the services: the community safety fund's unspent money carried
forward to this year's budget of the same name (a pair of entries), the ring-fenced victims'
services money returned to the Ministry of Justice but for what it agreed may carry forward,
and a commitment whose last payment falls in this year.

Idempotent: a body whose last year is already closed, or has budgets, is left as it is.
"""

import datetime
from decimal import Decimal

from core.financial_years import FinancialYear
from core.models import PolicingBody, ServiceCategory, User
from core.working_days import london_today
from funding import services
from funding.demo_budgets import BODIES
from funding.ledger.models import Budget, ClosedYear
from funding.models import Allocation, FundingStream
from funding.reference import COMMUNITY_SAFETY_FUND, MOJ_VICTIMS_SERVICES
from funding.yearend import services as yearend

BODY = "avon-and-somerset"
D = Decimal


def _allocation(body, slug, year, label=None):
    allocations = Allocation.objects.filter(body=body, stream__slug=slug, year=year)
    if label:
        allocations = allocations.filter(line_label=label)
    return allocations.order_by("line_label").first()


def _day(year: FinancialYear, months: int) -> datetime.date:
    start = year.start
    month = start.month - 1 + months
    return datetime.date(start.year + month // 12, month % 12 + 1, 15)


def load(*, anchor):
    last_year = FinancialYear.containing(anchor).previous()
    body = PolicingBody.objects.get(slug=BODY)
    if london_today() <= last_year.end:
        return  # a year is closed only once it has ended
    if ClosedYear.objects.filter(body=body, year=last_year).exists():
        return
    if Budget.objects.filter(body=body, year=last_year).exists():
        return
    csf = _allocation(body, COMMUNITY_SAFETY_FUND, last_year)
    core = _allocation(body, MOJ_VICTIMS_SERVICES, last_year, "Core")
    if not (csf and core):
        return  # the allocations demo did not load that year
    finance_email, decider_email, *_partners = BODIES[BODY]
    finance = User.objects.get(email=finance_email)
    decider = User.objects.get(email=decider_email)
    _spend_and_close(body, last_year, finance, decider, csf, core)


def _spend_and_close(body, year, finance, decider, csf, core):
    pooled = services.budget_create(
        body=body,
        by=finance,
        year=year,
        name="Community safety pooled fund",
        description="Pooled with partners for crime prevention and reducing reoffending.",
    )
    victims = services.budget_create(
        body=body,
        by=finance,
        year=year,
        name="Victims' services",
        description="Support for victims of crime, from the Ministry of Justice grant.",
        ring_fenced_stream=FundingStream.objects.get(slug=MOJ_VICTIMS_SERVICES),
    )
    pooled_share = (csf.amount * D("0.6")).quantize(D("0.01"))
    services.funding_line_set(
        budget=pooled, allocation=csf, amount=pooled_share, by=finance, effective_on=year.start
    )
    services.funding_line_set(
        budget=victims, allocation=core, amount=core.amount, by=finance, effective_on=year.start
    )
    # A contract recorded by hand: three quarters paid in the year, the last in the next.
    contract = services.commitment_record(
        body=body,
        by=finance,
        parts=[services.BudgetAmount(pooled, D("48000.00"))],
        payee="Safer Streets CIC",
        purpose=ServiceCategory.objects.get(slug="crime-prevention"),
        description="Street outreach in the evening economy",
        cause_key="PO-3920",
        effective_on=_day(year, 0),
    )
    for quarter in range(3):
        services.payment_record(
            commitment=contract,
            budget=pooled,
            amount=D("12000.00"),
            by=finance,
            note=f"BACS 7{quarter}114",
            effective_on=_day(year, 3 * quarter),
        )
    # A decision's reservation, committed on acceptance and paid in full in the year.
    advocacy = services.reserve(
        body=body,
        parts=[services.BudgetAmount(victims, (core.amount * D("0.8")).quantize(D("0.01")))],
        payee="Victim Support",
        purpose=ServiceCategory.objects.get(slug="advocacy"),
        description="Independent sexual violence advisers",
        cause_key=f"decision:{year.start_year}/001",
        by=decider,
        effective_on=_day(year, 0),
    )
    services.reservation_commit(commitment=advocacy, effective_on=_day(year, 1))
    line = advocacy.lines.get()
    services.payment_release(
        commitment=advocacy, budget=victims, amount=line.committed, effective_on=_day(year, 2)
    )
    services.payment_pay(
        commitment=advocacy, budget=victims, amount=line.committed, effective_on=_day(year, 2)
    )
    # The Ministry of Justice agreed that £25,000 of the underspend may carry forward.
    yearend.carry_forward_agreement_record(
        budget=victims,
        by=finance,
        agreed_by="Victims Funding team, Ministry of Justice",
        reference=f"MOJ/VSG/{year.end_year}/017",
        agreed_on=datetime.date(year.end_year, 3, 20),
        amount=D("25000.00"),
    )
    yearend.year_close(body=body, year=year, by=finance)
    # The contract's last quarter, paid in April: committed money stays with the closed year.
    services.payment_record(
        commitment=contract,
        budget=pooled,
        amount=D("12000.00"),
        by=finance,
        note="BACS 73114",
        effective_on=_day(year.next(), 0),
    )
