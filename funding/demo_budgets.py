"""Demo budgets: this financial year's budgets for two bodies, built the way their finance
officers build them, through the services: a ring-fenced victims' services budget from the
Ministry of Justice grant's lines, a community safety fund pooled with a partner's money
(one contribution received, one pledged), and youth diversion; then a decision's
reservation turned into a commitment and paid quarterly, a commitment recorded by hand and
split over two budgets with a payment, a reservation still open, and a virement a decision
maker approved.

Idempotent: a body that already has budgets for the year is left as it is.
"""

import datetime
from decimal import Decimal

from core.financial_years import FinancialYear
from core.models import PolicingBody, ServiceCategory, User
from funding import services
from funding.ledger.models import Budget, PartnerKind
from funding.models import Allocation, FundingStream
from funding.reference import COMMUNITY_SAFETY_FUND, MOJ_VICTIMS_SERVICES
from plans.selectors import priority_threads_for

# slug: (finance officer, decision maker, partner kind, partner, second partner)
BODIES = {
    "avon-and-somerset": (
        "finance@avon-and-somerset.demo.example",
        "commissioner@avon-and-somerset.demo.example",
        PartnerKind.LOCAL_AUTHORITY,
        "Bristol City Council",
        "Bath and North East Somerset Community Safety Partnership",
    ),
    "dyfed-powys": (
        "officer@dyfed-powys.demo.example",
        "commissioner@dyfed-powys.demo.example",
        PartnerKind.LOCAL_HEALTH_BOARD,
        "Hywel Dda University Health Board",
        "Powys Community Safety Partnership",
    ),
}
D = Decimal


def _allocation(body, slug, year, label=None):
    allocations = Allocation.objects.filter(body=body, stream__slug=slug, year=year)
    if label:
        allocations = allocations.filter(line_label=label)
    return allocations.order_by("line_label").first()


def _category(slug):
    return ServiceCategory.objects.get(slug=slug)


def _day(year: FinancialYear, months: int) -> datetime.date:
    start = year.start
    month = start.month - 1 + months
    return datetime.date(start.year + month // 12, month % 12 + 1, 15)


def load(*, anchor):
    year = FinancialYear.containing(anchor)
    for slug, people in BODIES.items():
        body = PolicingBody.objects.get(slug=slug)
        if Budget.objects.filter(body=body, year=year).exists():
            continue
        _load_body(body, year, *people)


def _load_body(body, year, finance_email, decider_email, partner_kind, partner, second):
    finance = User.objects.get(email=finance_email)
    decider = User.objects.get(email=decider_email)
    csf = _allocation(body, COMMUNITY_SAFETY_FUND, year)
    core = _allocation(body, MOJ_VICTIMS_SERVICES, year, "Core")
    isva = _allocation(body, MOJ_VICTIMS_SERVICES, year, "ISVA")
    if not (csf and core and isva):
        return  # the allocations demo did not load this year
    threads = priority_threads_for(body=body)

    def create(name, description, thread=None, ring_fenced=None):
        return services.budget_create(
            body=body,
            by=finance,
            year=year,
            name=name,
            description=description,
            priority_thread=thread,
            ring_fenced_stream=ring_fenced,
        )

    victims = create(
        "Victims' services",
        "Support for victims of crime to cope and recover, from the Ministry of Justice grant.",
        threads[0] if threads else None,
        FundingStream.objects.get(slug=MOJ_VICTIMS_SERVICES),
    )
    pooled = create(
        "Community safety pooled fund",
        "Pooled with partners for crime prevention and reducing reoffending.",
        threads[1] if len(threads) > 1 else None,
    )
    youth = create("Youth diversion", "Diverting young people from crime.")
    for line in (core, isva):
        services.funding_line_set(
            budget=victims, allocation=line, amount=line.amount, by=finance, effective_on=year.start
        )
    pooled_share = (csf.amount * D("0.7")).quantize(D("0.01"))
    services.funding_line_set(
        budget=pooled, allocation=csf, amount=pooled_share, by=finance, effective_on=year.start
    )
    services.funding_line_set(
        budget=youth,
        allocation=csf,
        amount=csf.amount - pooled_share,
        by=finance,
        effective_on=year.start,
    )
    services.contribution_add(
        budget=pooled,
        by=finance,
        partner_kind=partner_kind,
        partner_name=partner,
        amount=D("75000.00"),
        received_on=_day(year, 1),
    )
    services.contribution_add(
        budget=pooled,
        by=finance,
        partner_kind=PartnerKind.COMMUNITY_SAFETY_PARTNERSHIP,
        partner_name=second,
        amount=D("25000.00"),
    )

    # A decision reserved the money; the provider accepted; paid quarterly in advance.
    advocacy = services.reserve(
        body=body,
        parts=[services.BudgetAmount(victims, D("120000.00"))],
        payee="Victim Support",
        purpose=_category("advocacy"),
        description="Independent sexual violence advisers",
        cause_key=f"decision:{year.start_year}/001",
        by=decider,
        effective_on=_day(year, 0),
    )
    services.reservation_commit(commitment=advocacy, effective_on=_day(year, 1))
    for quarter in range(2):
        services.payment_release(
            commitment=advocacy,
            budget=victims,
            amount=D("30000.00"),
            effective_on=_day(year, 1 + 3 * quarter),
        )
        services.payment_pay(
            commitment=advocacy,
            budget=victims,
            amount=D("30000.00"),
            effective_on=_day(year, 1 + 3 * quarter),
        )
    # A decision waiting for the provider's acceptance.
    services.reserve(
        body=body,
        parts=[services.BudgetAmount(victims, D("45000.00"))],
        payee="Safe Link",
        purpose=_category("counselling-and-therapy"),
        cause_key=f"decision:{year.start_year}/002",
        by=decider,
        effective_on=_day(year, 4),
    )
    # A contract agreed outside the system, split over two budgets, recorded by hand.
    contract = services.commitment_record(
        body=body,
        by=finance,
        parts=[
            services.BudgetAmount(pooled, D("40000.00")),
            services.BudgetAmount(youth, D("10000.00")),
        ],
        payee="Safer Streets CIC",
        purpose=_category("crime-prevention"),
        description="Street outreach in the evening economy",
        cause_key="PO-4471",
        effective_on=_day(year, 2),
    )
    services.payment_record(
        commitment=contract,
        budget=pooled,
        amount=D("12500.00"),
        by=finance,
        note="BACS 88213",
        effective_on=_day(year, 3),
    )
    virement = services.virement_request(
        from_budget=pooled,
        to_budget=youth,
        amount=D("15000.00"),
        reason="More youth workers over the summer holidays",
        by=finance,
        effective_on=_day(year, 3),
    )
    services.virement_approve(virement=virement, by=decider, note="Agreed at the board")
