"""A commissioning round of the past (for the grants demo's grants that started before the
anchor day): "Counselling for young victims (earlier round)" in Avon and Somerset and in
Thames Valley, opened, closed, assessed, decided and published at their instants before the
anchor, each step through the services with its `now=`, so that the round's clock, the
audit and the ledger (the reservations dated the day of the decision) are true to the
calendar.

Its years run from the financial year its grants start in to the anchor's year; its budgets
("Young victims' counselling", one per year) are funded from the community safety fund by
the decisions demo's helper. Two bids are successful (the bids demo's submitted ones), the
withdrawn one is not decided.

When its grants start is `grants_start(slug, anchor)`: the first day of the quarter two
quarters before the anchor's (three in Thames Valley, whose results grant reports monthly),
but never in a year the body has closed (the year end's demo closes Avon and Somerset's last
year: the ledger takes no entry dated in it). A body whose grants would not start at least a
whole quarter before the anchor's has no earlier round (Avon and Somerset with an anchor in
April to June). Idempotent: a body whose earlier round exists is left alone.
"""

import datetime
from decimal import Decimal

from commissioning import services
from commissioning.bids import demo as bids_demo
from commissioning.decisions import demo as decisions_demo
from commissioning.decisions import services as decisions
from commissioning.models import Round, RoundStatus
from core.financial_years import FinancialYear
from core.london_time import LONDON
from core.models import PolicingBody, ServiceCategory
from funding.ledger.models import ClosedYear
from plans.selectors import priority_threads_for

ROUND_TITLE = "Counselling for young victims (earlier round)"
# How many quarters before the anchor's the body's grants start.
QUARTERS_BACK = {"avon-and-somerset": 2, "thames-valley": 3}
DAY = datetime.timedelta(days=1)


def at(day: datetime.date, hour=10, minute=0) -> datetime.datetime:
    """`hour`:`minute` on `day` in London."""
    return datetime.datetime.combine(day, datetime.time(hour, minute)).replace(tzinfo=LONDON)


def quarter_start(day: datetime.date, back: int = 0) -> datetime.date:
    """The first day of the quarter (April, July, October, January) `back` quarters before
    the one containing `day`."""
    month = (day.year * 12 + (day.month - 1) // 3 * 3) - 3 * back
    return datetime.date(month // 12, month % 12 + 1, 1)


def first_open_day(body) -> datetime.date | None:
    """The first day after the body's last closed year, or None when none is closed."""
    closed = ClosedYear.objects.filter(body=body).order_by("-year").first()
    return closed.year.end + DAY if closed else None


def grants_start(slug, anchor) -> datetime.date:
    body = PolicingBody.objects.get(slug=slug)
    start = quarter_start(anchor, QUARTERS_BACK[slug])
    opens = first_open_day(body)
    return max(start, opens) if opens else start


def decided_on(slug, anchor) -> datetime.date:
    """The day the earlier round's decision is approved: 60 days before its grants start,
    but never in a closed year."""
    body = PolicingBody.objects.get(slug=slug)
    day = grants_start(slug, anchor) - 60 * DAY
    opens = first_open_day(body)
    return max(day, opens) if opens else day


def load(*, anchor):
    for slug in QUARTERS_BACK:
        _earlier_round(slug, anchor)


def _earlier_round(slug, anchor):
    from commissioning.demo_data import _budget, _people, _walk

    body = PolicingBody.objects.get(slug=slug)
    if Round.objects.filter(lead_body=body, title=ROUND_TITLE).exists():
        return
    threads = [t for t in priority_threads_for(body=body) if t.retired_in_id is None]
    writers = bids_demo._writers()
    if not threads or not writers:
        return
    starts = grants_start(slug, anchor)
    if starts > quarter_start(anchor, 1):
        # Its grants could not have a whole quarter behind them by the anchor (the body's
        # last year is closed and the anchor is early in this one): no earlier round.
        return
    officer, decider, finance = _people(slug, body)
    decided = decided_on(slug, anchor)
    first_year = FinancialYear.containing(starts)
    last_year = FinancialYear.containing(anchor)
    closes = decided - 45 * DAY
    opens = closes - 42 * DAY
    created = opens - 21 * DAY
    round_ = services.round_create(
        body=body,
        by=officer,
        now=at(created),
        related={
            "service_categories": list(
                ServiceCategory.objects.filter(slug="counselling-and-therapy")
            ),
            "priority_threads": [threads[0]],
            "budgets": [_budget(body, finance, FinancialYear.containing(anchor), threads[0])],
        },
        title=ROUND_TITLE,
        summary=(
            f"{body.name} invited bids for counselling for children and young people who are "
            "victims of crime. Services are free at the point of use."
        ),
        guidance="Read the specification before you bid.",
        first_year=first_year,
        last_year=max(first_year, last_year),
        minimum_award=Decimal("20000.00"),
        maximum_award=Decimal("150000.00"),
        contact_email=f"commissioning@{slug}.demo.example",
        opens_at=at(opens, 9),
        closes_at=at(closes, 12),
    )
    # Scheduled a week before it opens, opened and closed by the clock.
    _walk(round_, RoundStatus.CLOSED, officer, decider, opens - 7 * DAY)
    services.round_transition(
        round=round_, to=RoundStatus.ASSESSING, by=officer, now=at(closes + DAY)
    )
    round_.refresh_from_db()
    bids_demo._round_bids(round_, writers)
    _decide(round_, officer, decider, finance, decided)


def _decide(round_, officer, decider, finance, day):
    from commissioning.bids.models import Bid, BidStatus

    bids = list(
        Bid.objects.filter(
            round=round_, status__in=[BidStatus.SUBMITTED, BidStatus.UNDER_ASSESSMENT]
        ).order_by("reference")
    )
    if not bids:
        return
    budgets = decisions_demo._budgets(round_, finance)
    by_year = {budget.year: budget for budget in budgets}
    outcomes = [decisions_demo.successful_as_asked(bid, by_year) for bid in bids]
    decision = decisions.decision_create(
        round=round_,
        by=officer,
        outcomes=outcomes,
        now=at(day - 7 * DAY),
        reasons="Both bids met every criterion and the budgets can meet them in full.",
        purpose="Counselling and therapy for children and young people who are victims of crime.",
        conditions="Monitoring returns as the award sets; safeguarding policy kept in date.",
        crime_and_disorder=(
            "Early therapeutic support reduces repeat victimisation of young victims."
        ),
    )
    decisions.cfo_comment_record(
        decision=decision,
        by=finance,
        comment="Affordable within the young victims' counselling budgets.",
        now=at(day - 3 * DAY),
    )
    approved = decisions.decision_approve(decision=decision, by=decider, now=at(day))
    decisions.decision_publish(decision=approved, by=officer, now=at(day, 15))


def earlier_outcomes(slug):
    """The earlier round's successful outcomes in the body, in bid reference order."""
    from commissioning.decisions.models import DecisionOutcome, DecisionStatus

    return list(
        DecisionOutcome.objects.filter(
            decision__body__slug=slug,
            decision__round__title=ROUND_TITLE,
            decision__status=DecisionStatus.APPROVED,
            commitment__isnull=False,
        )
        .select_related("decision__body", "decision__round", "bid__organisation")
        .order_by("bid__reference")
    )
