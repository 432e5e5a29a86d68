"""Assessment's demo (issue 21), through the services, on the bids the bid demo submitted:

- Thames Valley's "Safer streets target hardening" is in assessment: Hannah Lewis (a co-opted
  assessor) and Lee Brown (a staff assessor) are assigned to every bid. Lee has declared and
  completed his scores on the first; Hannah has not declared yet (hers to do in the demo).
  Lee is a trustee of the second bid's charity: he declared the conflict, was taken off the
  bid, and the officer assigned Omar Haddad in his place.
- Avon and Somerset's "Safer streets target hardening" is in moderation: Grace Okafor
  (co-opted) and Sam Patel (staff) have completed every bid; Priya Shah, a commissioning
  officer who assessed none of them, has declared and settled the first, and the others wait
  for her. The round draws on a budget for each of its two years holding enough for its
  best bid and not the next, so its ranked list shows where the money runs out.

Idempotent: a round that already has assignments is left alone.
"""

import datetime
from decimal import Decimal

from commissioning.assessment import services
from commissioning.assessment.models import Assignment, ConflictNature, Recommendation
from commissioning.bids.models import BID_SUBMITTED_STATUSES, Bid, BidAmount
from commissioning.models import Round, RoundStatus
from core.demo import demo_user
from core.demo_data import enrol_demo_device
from core.financial_years import FinancialYear
from core.models import Membership, Role, User
from funding import services as funding_services
from funding.ledger.models import Budget
from funding.models import FundingStream
from funding.reference import COMMUNITY_SAFETY_FUND

ROUND_TITLE = "Safer streets target hardening"
MODERATION_BODY = "avon-and-somerset"
ASSESSMENT_BODY = "thames-valley"
OFFICER = "officer@avon-and-somerset.demo.example"
ASSESSMENT_OFFICER = "officer@thames-valley.demo.example"
FINANCE = "finance@avon-and-somerset.demo.example"
CO_OPTED = "assessor@partner.demo.example"
# (score for quality, score for value, comment) per bid, for each of the two assessors.
SCORES = [
    [(4, 4, "Strong local evidence and a credible delivery plan."), (5, 4, "Well evidenced.")],
    [(3, 3, "Meets the need; staffing is thin."), (3, 2, "Costs are high for the reach.")],
    [(2, 3, "Limited evidence of outcomes."), (4, 3, "A sound plan with partners.")],
    [(3, 4, "Adequate, with good value."), (3, 4, "Adequate; good value for money.")],
]


def _assessor(email, name, body, *, co_opted=False):
    user = demo_user(email, name, f"{'co-opted ' if co_opted else ''}assessor, {body.police_area}")
    Membership.objects.get_or_create(
        user=user, body=body, role=Role.ASSESSOR, defaults={"co_opted": co_opted}
    )
    enrol_demo_device(user)
    return user


def _bids(round_):
    """The round's submitted bids, as the bid demo submitted them."""
    return list(Bid.objects.filter(round=round_, status__in=BID_SUBMITTED_STATUSES).order_by("pk"))


def _scores(round_, values):
    """The first score for the first criterion, the second for the next, and so on in turn."""
    criteria = list(round_.criteria.order_by("position"))
    *given, comment = values
    return {
        criterion.pk: (given[index % len(given)], comment)
        for index, criterion in enumerate(criteria)
    }


def _complete(round_, bid, person, due, values, by):
    assignment = services.assessor_assign(bid=bid, assessor=person, due_on=due, by=by)
    services.assessor_declare(assignment=assignment, by=person, conflict=False)
    services.scores_save(
        assignment=assignment, by=person, scores=_scores(round_, values), complete=True
    )
    return assignment


def _money(round_, body, bids):
    """A budget for each of the round's years, funded from the community safety fund with
    what the first bid asks for that year and £5,000 more: not enough for the next bid."""
    finance = User.objects.get(email=FINANCE)
    stream = FundingStream.objects.get(slug=COMMUNITY_SAFETY_FUND)
    asked = {a.year: a.amount for a in BidAmount.objects.filter(bid=bids[0])}
    budgets = []
    for year in FinancialYear.range(round_.first_year, round_.last_year):
        name = "Safer streets"
        budget = Budget.objects.filter(body=body, year=year, name=name).first()
        if budget is None:
            amount = asked.get(year, Decimal(0)) + Decimal("5000.00")
            budget = funding_services.budget_create(body=body, by=finance, year=year, name=name)
            allocation, _before = funding_services.allocation_set(
                by=finance,
                body=body,
                stream=stream,
                year=year,
                line_label="Safer streets (demo)",
                amount=amount,
            )
            funding_services.funding_line_set(
                budget=budget, allocation=allocation, amount=amount, by=finance
            )
        budgets.append(budget)
    round_.budgets.add(*budgets)


def _in_assessment(round_, officer, hannah, lee, omar, anchor):
    due = anchor + datetime.timedelta(days=14)
    bids = _bids(round_)
    if len(bids) < 2:
        return
    first, second = bids[0], bids[1]
    services.assessors_assign(round=round_, assessors=[hannah, lee], due_on=due, by=officer)
    lee_first = Assignment.objects.get(bid=first, assessor=lee)
    services.assessor_declare(assignment=lee_first, by=lee, conflict=False)
    services.scores_save(
        assignment=lee_first, by=lee, scores=_scores(round_, SCORES[0][0]), complete=True
    )
    # Lee is a trustee of the second bid's charity: he declares it, is taken off the bid,
    # and the officer (e-mailed) puts Omar on it in his place.
    lee_second = Assignment.objects.get(bid=second, assessor=lee)
    services.assessor_declare(
        assignment=lee_second,
        by=lee,
        conflict=True,
        nature=ConflictNature.TRUSTEE,
        description="I am a trustee of this charity.",
    )
    services.assessor_assign(bid=second, assessor=omar, due_on=due, by=officer)


def _in_moderation(round_, body, officer, grace, sam, anchor):
    due = anchor - datetime.timedelta(days=5)
    bids = _bids(round_)
    if not bids:
        return
    for index, bid in enumerate(bids):
        values = SCORES[index % len(SCORES)]
        _complete(round_, bid, sam, due, values[0], officer)
        _complete(round_, bid, grace, due, values[1], officer)
    _money(round_, body, bids)
    services.moderator_declare(bid=bids[0], by=officer, conflict=False)
    services.bid_moderate(
        bid=bids[0],
        by=officer,
        final_score=Decimal("86.0"),
        recommendation=Recommendation.FUND,
        reasons="The strongest bid on both criteria; the assessors agree.",
        feedback="A clear, well-evidenced bid. Set out how you will measure recovery.",
    )


def _round(slug):
    return Round.objects.filter(
        lead_body__slug=slug, title=ROUND_TITLE, status=RoundStatus.ASSESSING
    ).first()


def load(*, anchor):
    moderating, assessing = _round(MODERATION_BODY), _round(ASSESSMENT_BODY)
    if moderating is None or assessing is None:
        return
    if Assignment.objects.filter(round__in=[assessing, moderating]).exists():
        return
    body = moderating.lead_body
    sam = _assessor("sam.patel@avon-and-somerset.demo.example", "Sam Patel", body)
    _in_moderation(
        moderating,
        body,
        User.objects.get(email=OFFICER),
        User.objects.get(email=CO_OPTED),
        sam,
        anchor,
    )
    other = assessing.lead_body
    hannah = _assessor("assessor@thames-valley.demo.example", "Hannah Lewis", other, co_opted=True)
    lee = _assessor("lee.brown@thames-valley.demo.example", "Lee Brown", other)
    omar = _assessor("omar.haddad@thames-valley.demo.example", "Omar Haddad", other)
    _in_assessment(assessing, User.objects.get(email=ASSESSMENT_OFFICER), hannah, lee, omar, anchor)
