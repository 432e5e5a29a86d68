"""Demo decisions (issue 22), after the rounds, bids and assessment demos.

Avon and Somerset's and Thames Valley's "Counselling for young victims" (left being assessed
by the rounds demo for this) are decided: budgets for its two years funded from the
community safety fund; a draft decision (the first four submitted bids successful with what
they asked for, the last one unsuccessful: the grants demo makes their awards, in every
state of an offer) with the chief finance officer's comment; in Avon and
Somerset an assistant decision maker with a £10,000 limit is refused it; the commissioner
approves it (the money is reserved: the budget page shows it) and publishes it (the
providers' outcome e-mails are in the demo outbox), and the round is decided. The office's
page shows the record; the body's public decisions page shows it without its exempt part
or the unsuccessful applicant.

Idempotent: a round that already has a decision is left alone.
"""

from decimal import Decimal

from commissioning.bids.models import Bid, BidAmount, BidStatus
from commissioning.decisions import services
from commissioning.decisions.errors import OverFinancialLimit
from commissioning.decisions.models import Outcome
from commissioning.models import Round, RoundStatus
from core.demo import demo_user
from core.demo_data import enrol_demo_device
from core.financial_years import FinancialYear
from core.models import Membership, Role, User
from funding import services as funding_services
from funding.ledger.models import Budget
from funding.models import FundingStream
from funding.reference import COMMUNITY_SAFETY_FUND

BODIES = ("avon-and-somerset", "thames-valley")
ROUND_TITLE = "Counselling for young victims"
ASSISTANT_BODY = "avon-and-somerset"
ASSISTANT = "assistant@avon-and-somerset.demo.example"
ASSISTANT_LIMIT = Decimal("10000.00")
BUDGET_NAME = "Young victims' counselling"
# How many of the round's submitted bids (in reference order) succeed; the rest do not.
SUCCESSFUL_BIDS = 4


def _budgets(round_, finance):
    body = round_.lead_body
    stream = FundingStream.objects.get(slug=COMMUNITY_SAFETY_FUND)
    budgets = []
    for year in FinancialYear.range(round_.first_year, round_.last_year):
        budget = Budget.objects.filter(body=body, year=year, name=BUDGET_NAME).first()
        if budget is None:
            amount = Decimal("100000.00")
            budget = funding_services.budget_create(
                body=body, by=finance, year=year, name=BUDGET_NAME
            )
            allocation, _before = funding_services.allocation_set(
                by=finance,
                body=body,
                stream=stream,
                year=year,
                line_label="Young victims' counselling (demo)",
                amount=amount,
            )
            funding_services.funding_line_set(
                budget=budget, allocation=allocation, amount=amount, by=finance
            )
        budgets.append(budget)
    # The round's own budgets first, in year order: the decision form's defaults.
    round_.budgets.set(budgets)
    return budgets


def _assistant(body):
    user = demo_user(ASSISTANT, "Dev Mistry", f"decision maker (limit £10,000), {body.police_area}")
    Membership.objects.get_or_create(
        user=user,
        body=body,
        role=Role.DECISION_MAKER,
        defaults={"financial_limit": ASSISTANT_LIMIT},
    )
    enrol_demo_device(user)
    return user


def load(*, anchor):
    for slug in BODIES:
        _decide(slug)


def _decide(slug):
    round_ = (
        Round.objects.filter(lead_body__slug=slug, title=ROUND_TITLE, status=RoundStatus.ASSESSING)
        .select_related("lead_body")
        .first()
    )
    if round_ is None or round_.decisions.exists():
        return
    bids = list(
        Bid.objects.filter(
            round=round_, status__in=[BidStatus.SUBMITTED, BidStatus.UNDER_ASSESSMENT]
        ).order_by("reference")
    )
    if not bids:
        return
    officer, commissioner, finance = (
        User.objects.get(email=f"{role}@{slug}.demo.example")
        for role in ("officer", "commissioner", "finance")
    )
    budgets = _budgets(round_, finance)
    by_year = {budget.year: budget for budget in budgets}
    successful, unsuccessful = bids[:SUCCESSFUL_BIDS], bids[SUCCESSFUL_BIDS:]
    outcomes = [successful_as_asked(bid, by_year) for bid in successful] + [
        services.OutcomeInput(bid=bid, outcome=Outcome.UNSUCCESSFUL) for bid in unsuccessful
    ]
    decision = services.decision_create(
        round=round_,
        by=officer,
        outcomes=outcomes,
        reasons=(
            "The panel ranked these bids highest on every criterion, and the budgets for "
            "both years can meet them in full. The other bid fell below the quality threshold."
        ),
        purpose="Counselling and therapy for children and young people who are victims of crime.",
        conditions="Quarterly monitoring returns; safeguarding policy kept in date.",
        crime_and_disorder=(
            "Early therapeutic support reduces repeat victimisation and the risk of young "
            "victims being drawn into offending."
        ),
        exempt_part="The unsuccessful bidder's staffing costs were the reason its price was high.",
    )
    services.cfo_comment_record(
        decision=decision,
        by=finance,
        comment="Affordable within the young victims' counselling budgets for both years.",
    )
    if slug == ASSISTANT_BODY:
        # The assistant's limit is below the decision's total: refused, with the figures.
        refused = False
        try:
            services.decision_approve(decision=decision, by=_assistant(round_.lead_body))
        except OverFinancialLimit:
            refused = True
        assert refused, "the demo's assistant decision maker should be over their limit"
    approved = services.decision_approve(decision=decision, by=commissioner)
    services.decision_publish(decision=approved, by=officer)


def successful_as_asked(bid, by_year) -> services.OutcomeInput:
    """The bid successful with what it asked for each year, from that year's budget."""
    return services.OutcomeInput(
        bid=bid,
        outcome=Outcome.SUCCESSFUL,
        amounts=[
            (by_year[a.year], a.amount)
            for a in BidAmount.objects.filter(bid=bid, amount__gt=0)
            if a.year in by_year
        ],
    )
