"""Assessment's demo (issue 21), through the services, on Avon and Somerset's rounds:

- "Youth diversion small grants", closed, is moved to assessment: Grace Okafor (a co-opted
  assessor) and Lee Brown (a staff assessor) are assigned to every bid. Lee has declared and
  completed his scores on the first; Grace has not declared yet (hers to do in the demo).
  Lee declared a conflict on the second bid (he is a trustee) and Sam Patel was assigned
  in his place.
- "Safer streets target hardening", being assessed, is in moderation: Grace and Sam have
  completed every bid; Priya Shah (a commissioning officer who assessed none of them) has
  declared and settled the first; the others wait for her. The round draws on budgets for
  each of its two years, so its ranked list shows where the money runs out.

Submitted bids already in those rounds are used; more are added to reach three and four.
Idempotent: a round that already has assignments is left alone.
"""

import datetime
from decimal import Decimal

from commissioning import services as round_services
from commissioning.assessment import services
from commissioning.assessment.models import Assignment, ConflictNature, Recommendation
from commissioning.bids.models import BID_SUBMITTED_STATUSES, Bid, BidAmount, BidStatus
from commissioning.models import Round, RoundStatus
from core.demo import demo_user
from core.demo_data import enrol_demo_device
from core.models import Membership, PolicingBody, Role, User
from funding import services as funding_services
from funding.ledger.models import Budget
from funding.models import FundingStream
from funding.reference import COMMUNITY_SAFETY_FUND

SLUG = "avon-and-somerset"
IN_ASSESSMENT = "Youth diversion small grants"
IN_MODERATION = "Safer streets target hardening"
OFFICER = "officer@avon-and-somerset.demo.example"
FINANCE = "finance@avon-and-somerset.demo.example"
CO_OPTED = "assessor@partner.demo.example"
# (score for quality, score for value, comment) per bid, for each of the two assessors.
SCORES = [
    [(4, 4, "Strong local evidence and a credible delivery plan."), (5, 4, "Well evidenced.")],
    [(3, 3, "Meets the need; staffing is thin."), (3, 2, "Costs are high for the reach.")],
    [(2, 3, "Limited evidence of outcomes."), (4, 3, "A sound plan with partners.")],
    [(3, 4, "Adequate, with good value."), (3, 4, "Adequate; good value for money.")],
]
REQUESTED = [
    (Decimal("60000.00"), Decimal("60000.00")),
    (Decimal("45000.00"), Decimal("50000.00")),
    (Decimal("40000.00"), Decimal("40000.00")),
    (Decimal("30000.00"), Decimal("30000.00")),
]


def _assessor(email, name, body, *, co_opted=False):
    user = demo_user(email, name, f"{'co-opted ' if co_opted else ''}assessor, {body.police_area}")
    Membership.objects.get_or_create(
        user=user, body=body, role=Role.ASSESSOR, defaults={"co_opted": co_opted}
    )
    enrol_demo_device(user)
    return user


def _bids(round_, count, anchor):
    """`count` submitted bids of the round: those there are, then new ones from demo
    organisations that have none in it."""
    from providers.models import Organisation

    bids = list(Bid.objects.filter(round=round_, status__in=BID_SUBMITTED_STATUSES).order_by("pk"))
    taken = set(Bid.objects.filter(round=round_).values_list("organisation_id", flat=True))
    spare = Organisation.objects.exclude(pk__in=taken).order_by("pk")
    years = (round_.first_year, round_.last_year)
    for organisation in spare[: max(0, count - len(bids))]:
        member = organisation.members.select_related("user").first()
        started_by = member.user if member else User.objects.get(email=OFFICER)
        bid = Bid.objects.create(
            round=round_,
            organisation=organisation,
            started_by=started_by,
            started_at=round_.opens_at + datetime.timedelta(days=2),
        )
        amounts = REQUESTED[len(bids) % len(REQUESTED)]
        BidAmount.objects.bulk_create(
            [
                BidAmount(bid=bid, year=year, amount=amount)
                for year, amount in zip(years, amounts, strict=True)
            ]
        )
        # Submitted before the close, as the bid journey submits it (demo bids only).
        Bid.objects.filter(pk=bid.pk).update(
            status=BidStatus.SUBMITTED,
            reference=f"AS-DEMO-{round_.pk}-{len(bids) + 1:04d}",
            submitted_at=round_.closes_at - datetime.timedelta(days=1),
            submitted_by=started_by,
        )
        bid.refresh_from_db()
        bids.append(bid)
    return bids[:count]


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


def _money(round_, body, anchor):
    """A budget for each of the round's years, funded from the community safety fund."""
    finance = User.objects.get(email=FINANCE)
    stream = FundingStream.objects.get(slug=COMMUNITY_SAFETY_FUND)
    budgets = []
    for year, amount in ((round_.first_year, "120000.00"), (round_.last_year, "100000.00")):
        name = "Safer streets"
        budget = Budget.objects.filter(body=body, year=year, name=name).first()
        if budget is None:
            budget = funding_services.budget_create(body=body, by=finance, year=year, name=name)
            allocation, _before = funding_services.allocation_set(
                by=finance,
                body=body,
                stream=stream,
                year=year,
                line_label="Safer streets (demo)",
                amount=Decimal(amount),
            )
            funding_services.funding_line_set(
                budget=budget, allocation=allocation, amount=Decimal(amount), by=finance
            )
        budgets.append(budget)
    round_.budgets.add(*budgets)


def _in_assessment(round_, officer, grace, sam, lee, anchor):
    if round_.status == RoundStatus.CLOSED:
        round_services.round_transition(round=round_, to=RoundStatus.ASSESSING, by=officer)
    due = anchor + datetime.timedelta(days=14)
    bids = _bids(round_, 3, anchor)
    if len(bids) < 2:
        return
    first, second = bids[0], bids[1]
    services.assessors_assign(round=round_, assessors=[grace, lee], due_on=due, by=officer)
    lee_first = Assignment.objects.get(bid=first, assessor=lee)
    services.assessor_declare(assignment=lee_first, by=lee, conflict=False)
    services.scores_save(
        assignment=lee_first, by=lee, scores=_scores(round_, SCORES[0][0]), complete=True
    )
    # Lee is a trustee of the second bid's charity: he declares it, is taken off the bid,
    # and the officer (e-mailed) puts Sam on it in his place.
    lee_second = Assignment.objects.get(bid=second, assessor=lee)
    services.assessor_declare(
        assignment=lee_second,
        by=lee,
        conflict=True,
        nature=ConflictNature.TRUSTEE,
        description="I am a trustee of this charity.",
    )
    services.assessor_assign(bid=second, assessor=sam, due_on=due, by=officer)


def _in_moderation(round_, body, officer, grace, sam, anchor):
    due = anchor - datetime.timedelta(days=5)
    bids = _bids(round_, 4, anchor)
    for index, bid in enumerate(bids):
        values = SCORES[index % len(SCORES)]
        _complete(round_, bid, sam, due, values[0], officer)
        _complete(round_, bid, grace, due, values[1], officer)
    _money(round_, body, anchor)
    if bids:
        services.moderator_declare(bid=bids[0], by=officer, conflict=False)
        services.bid_moderate(
            bid=bids[0],
            by=officer,
            final_score=Decimal("86.0"),
            recommendation=Recommendation.FUND,
            reasons="The strongest bid on both criteria; the assessors agree.",
            feedback="A clear, well-evidenced bid. Set out how you will measure recovery.",
        )


def load(*, anchor):
    body = PolicingBody.objects.filter(slug=SLUG).first()
    if body is None:
        return
    assessing = Round.objects.filter(lead_body=body, title=IN_ASSESSMENT).first()
    moderating = Round.objects.filter(lead_body=body, title=IN_MODERATION).first()
    if assessing is None or moderating is None:
        return
    if Assignment.objects.filter(round__in=[assessing, moderating]).exists():
        return
    officer = User.objects.get(email=OFFICER)
    grace = User.objects.get(email=CO_OPTED)
    sam = _assessor("sam.patel@avon-and-somerset.demo.example", "Sam Patel", body)
    lee = _assessor("lee.brown@avon-and-somerset.demo.example", "Lee Brown", body)
    _in_moderation(moderating, body, officer, grace, sam, anchor)
    _in_assessment(assessing, officer, grace, sam, lee, anchor)
