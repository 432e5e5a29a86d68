"""Rounds being assessed, submitted bids and assessors for the assessment tests (issue 21).

`assessing_round()` is a round closed a week ago, with two criteria (60, must pass with 2 or
more; and 40) and the status "being assessed"; `submitted_bid(round_)` a bid submitted to
it, asking for money each year of the round.
"""

import datetime
import itertools
from decimal import Decimal

from django.utils import timezone

from commissioning.models import Bid, BidAmount, BidAnswer, BidStatus, RoundStatus
from core.financial_years import FinancialYear
from core.models import Role
from tests.commissioning.builder_factories import draft_round, round_with_questions, set_status
from tests.core.factories import MembershipFactory, UserFactory
from tests.plans.factories import body, person
from tests.providers.factories import MemberFactory, OrganisationFactory

_numbers = itertools.count(1)
Y1, Y2 = FinancialYear(2027), FinancialYear(2028)


def officer(body_=None):
    return person(body_ or body(), Role.COMMISSIONING_OFFICER)


def assessor(body_=None, *, co_opted=False):
    """A new assessor of the body (staff unless co-opted)."""
    user = UserFactory()
    MembershipFactory(user=user, body=body_ or body(), role=Role.ASSESSOR, co_opted=co_opted)
    return user


def new_officer(body_=None):
    user = UserFactory()
    MembershipFactory(user=user, body=body_ or body(), role=Role.COMMISSIONING_OFFICER)
    return user


def assessing_round(*, status=RoundStatus.ASSESSING, **fields):
    now = timezone.now()
    fields.setdefault("opens_at", now - datetime.timedelta(days=40))
    fields.setdefault("closes_at", now - datetime.timedelta(days=7))
    round_ = round_with_questions(draft_round(**fields))
    return set_status(round_, status)


def submitted_bid(
    round_, *, organisation=None, lot=None, amounts=None, members=(), answers=None, files=None
):
    """A bid submitted to the round (built as a draft, then marked submitted, as the
    submission service would); `files` maps a question's text to a `StoredFile`."""
    organisation = organisation or OrganisationFactory()
    for user in members:
        MemberFactory(organisation=organisation, user=user)
    bid = Bid.objects.create(
        round=round_, lot=lot, organisation=organisation, started_by=UserFactory()
    )
    if amounts is None:
        amounts = {Y1: Decimal("20000.00"), Y2: Decimal("20000.00")}
    BidAmount.objects.bulk_create(
        [BidAmount(bid=bid, year=year, amount=amount) for year, amount in amounts.items()]
    )
    for question_text, value in (answers or {}).items():
        BidAnswer.objects.create(
            bid=bid, question=round_.questions.get(text=question_text), value=value
        )
    for question_text, stored in (files or {}).items():
        BidAnswer.objects.create(
            bid=bid, question=round_.questions.get(text=question_text), value="", file=stored
        )
    number = next(_numbers)
    Bid.objects.filter(pk=bid.pk).update(
        status=BidStatus.SUBMITTED,
        reference=f"AS-2027-28-{number:04d}",
        submitted_at=round_.closes_at - datetime.timedelta(hours=1),
    )
    bid.refresh_from_db()
    return bid


def criteria_of(round_):
    return list(round_.criteria.order_by("position"))


def full_scores(round_, *values, comment="Clear evidence."):
    """`{criterion_id: (score, comment)}` for the round's criteria, in order."""
    return {
        criterion.pk: (value, comment)
        for criterion, value in zip(criteria_of(round_), values, strict=True)
    }
