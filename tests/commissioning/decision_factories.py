"""Rounds ready for a decision (issue 22): `deciding_round()` is a round being assessed with
two funded budgets (2026-27 and 2027-28) of the same body; `bids_of(round_, n)` submits n
bids to it; `outcomes(...)` builds what an officer types; `approvable(...)` is a draft
decision with the chief finance officer's comment, ready for a decision maker."""

from decimal import Decimal

from commissioning.decisions import services
from commissioning.decisions.models import Outcome
from core.financial_years import FinancialYear
from core.models import Role
from tests.commissioning.assessment_factories import assessing_round, submitted_bid
from tests.core.factories import MembershipFactory, UserFactory
from tests.funding.ledger_factories import funded_budget
from tests.plans.factories import body, person

D = Decimal
YEARS = (FinancialYear(2026), FinancialYear(2027))


def officer(body_):
    return person(body_, Role.COMMISSIONING_OFFICER)


def finance_officer(body_):
    return person(body_, Role.FINANCE_OFFICER)


def decision_maker(body_, *, limit=None):
    """A new decision maker of the body, with `limit` (None: no limit)."""
    user = UserFactory()
    MembershipFactory(user=user, body=body_, role=Role.DECISION_MAKER, financial_limit=limit)
    return user


def deciding_round(*, amount=None, body_=None):
    body_ = body_ or body()
    amount = amount or D("100000.00")
    budgets = [funded_budget(amount=amount, body_=body_, year=year) for year in YEARS]
    round_ = assessing_round(lead_body=body_, first_year=YEARS[0], last_year=YEARS[1])
    round_.budgets.set(budgets)
    return round_


def budgets_of(round_):
    return list(round_.budgets.order_by("year", "pk"))


def bids_of(round_, count=2):
    amounts = dict.fromkeys(YEARS, D("20000.00"))
    return [submitted_bid(round_, amounts=amounts) for _ in range(count)]


def successful(bid, *amounts):
    """The bid successful with `amounts` from the round's budgets, in year order."""
    budgets = budgets_of(bid.round)
    return services.OutcomeInput(
        bid=bid, outcome=Outcome.SUCCESSFUL, amounts=list(zip(budgets, amounts, strict=False))
    )


def unsuccessful(bid):
    return services.OutcomeInput(bid=bid, outcome=Outcome.UNSUCCESSFUL)


TEXT = {
    "reasons": "The panel's recommendations, within the money available.",
    "purpose": "Support for victims of domestic abuse.",
    "conditions": "Quarterly monitoring returns.",
    "crime_and_disorder": "Fewer repeat victims.",
    "exempt_part": "Commercially sensitive: the runner-up's pricing.",
}


def draft(round_, outcomes, **text):
    return services.decision_create(
        round=round_, by=officer(round_.lead_body), outcomes=outcomes, **{**TEXT, **text}
    )


def approvable(round_, outcomes, **text):
    decision = draft(round_, outcomes, **text)
    return services.cfo_comment_record(
        decision=decision,
        by=finance_officer(round_.lead_body),
        comment="Affordable within the victims' budgets.",
    )
