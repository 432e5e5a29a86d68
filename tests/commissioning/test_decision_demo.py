"""The demo's decisions (issue 22): each decided round decided by a published decision that
reserved the money of its four successful bids, the assistant decision maker refused over
their limit, the providers told."""

import datetime

import pytest

from commissioning.decisions.models import DecisionStatus, Outcome
from commissioning.decisions.selectors import public_successful_outcomes
from commissioning.models import Round, RoundStatus
from core import demo
from core.models import Membership, QueuedEmail

pytestmark = pytest.mark.django_db

ANCHOR = datetime.date(2026, 4, 1)


def test_the_demo_decides_its_decided_rounds_with_published_decisions_that_reserve_money():
    demo.load(today=ANCHOR)
    for slug in ("avon-and-somerset", "thames-valley"):
        round_ = Round.objects.get(lead_body__slug=slug, title="Counselling for young victims")
        assert round_.status == RoundStatus.DECIDED
        decision = round_.decisions.get()
        assert decision.status == DecisionStatus.APPROVED
        assert decision.published_at is not None
        assert decision.number.endswith("/001")
        assert decision.outcomes.filter(outcome=Outcome.UNSUCCESSFUL).exists()
        # Four successful bids (the grants demo makes their awards), each with its money.
        winners = list(public_successful_outcomes(decision))
        assert len(winners) == 4
        assert all(winner.commitment is not None for winner in winners)
        # Reserved, or committed once the grants' demo had the provider accept its award.
        assert sum(b.reserved + b.committed for b in round_.budgets.all()) > 0
    assistant = Membership.objects.get(user__email="assistant@avon-and-somerset.demo.example")
    assert assistant.financial_limit is not None
    assert QueuedEmail.objects.filter(template="commissioning/decision_outcome").exists()
