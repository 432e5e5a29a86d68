"""What the database itself keeps about bids, whatever the services do: one bid per
organisation per round, a reference only once, and nothing of a submitted bid changes."""

import datetime

import pytest
from django.db import IntegrityError, ProgrammingError, transaction
from django.utils import timezone

from commissioning.models import Bid, BidAnswer, BidStatus, BidTransition
from tests.commissioning.builder_factories import EVERY_TYPE, draft_round, round_with_questions
from tests.core.factories import UserFactory
from tests.providers.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _bid(round_, organisation, **fields):
    return Bid.objects.create(
        round=round_, organisation=organisation, started_by=UserFactory(), **fields
    )


def test_an_organisation_has_one_bid_per_round():
    round_, organisation = draft_round(), OrganisationFactory()
    _bid(round_, organisation)
    with pytest.raises(IntegrityError), transaction.atomic():
        _bid(round_, organisation)


def test_a_submitted_bid_needs_its_reference_and_time():
    with pytest.raises(IntegrityError), transaction.atomic():
        _bid(draft_round(), OrganisationFactory(), status=BidStatus.SUBMITTED)


def test_the_database_refuses_a_change_to_a_submitted_bids_answer():
    round_ = round_with_questions()
    question = round_.questions.get(text=EVERY_TYPE[1]["text"])
    bid = _bid(round_, OrganisationFactory())
    answer = BidAnswer.objects.create(bid=bid, question=question, value="Safe at home")
    Bid.objects.filter(pk=bid.pk).update(
        status=BidStatus.SUBMITTED, reference="AS-2027-28-0001", submitted_at=timezone.now()
    )
    with pytest.raises(ProgrammingError, match="no longer a draft"), transaction.atomic():
        BidAnswer.objects.filter(pk=answer.pk).update(value="Changed afterwards")
    with pytest.raises(ProgrammingError, match="no longer a draft"), transaction.atomic():
        BidAnswer.objects.filter(pk=answer.pk).delete()
    with pytest.raises(ProgrammingError), transaction.atomic():
        Bid.objects.filter(pk=bid.pk).update(
            submitted_at=timezone.now() - datetime.timedelta(days=1)
        )
    # The status itself still moves (through the transition service).
    Bid.objects.filter(pk=bid.pk).update(status=BidStatus.UNDER_ASSESSMENT)


def test_recorded_transitions_are_kept_as_written():
    bid = _bid(draft_round(), OrganisationFactory())
    move = BidTransition.objects.create(bid=bid, to_status=BidStatus.DRAFT)
    with pytest.raises(ProgrammingError), transaction.atomic():
        BidTransition.objects.filter(pk=move.pk).update(note="rewritten")
