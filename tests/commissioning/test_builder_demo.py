"""The builder's demo: last year's decided round with its questions, and this year's copy."""

import datetime

import pytest

from commissioning.models import Round, RoundStatus
from commissioning.questions import demo, services
from tests.commissioning.builder_factories import officer
from tests.plans.factories import body

pytestmark = pytest.mark.django_db


def test_the_demo_has_last_years_round_and_a_draft_copied_from_it():
    officer(body())
    anchor = datetime.date(2026, 11, 30)
    demo.load(anchor=anchor)
    demo.load(anchor=anchor)  # idempotent
    last = Round.objects.get(title=demo.LAST_YEAR_TITLE)
    copy = Round.objects.get(title=demo.THIS_YEAR_TITLE)
    assert last.status == RoundStatus.DECIDED
    assert copy.status == RoundStatus.DRAFT
    assert copy.questions.count() == last.questions.count() == 12
    assert copy.questions.filter(is_eligibility=True).count() == 2
    assert copy.opens_at > last.closes_at
    services.round_questions_ready(copy)
    assert list(last.transitions.values_list("to_status", flat=True))[-1] == "decided"
