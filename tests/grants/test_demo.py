"""The demo's grants (issue 23): an award in every state, from the decisions' successful bids;
Thames Valley's active grant paid by results and Avon and Somerset's active grant paid
quarterly, each with instalments paid and due; Riverside's offer waiting for its
administrator; Avon and Somerset's walk-through left without its award; and, for every demo
grant, instalments and commitments reconcile with the ledger."""

import datetime

import pytest
from django.utils import timezone

from core import demo
from core.models import User
from grants import rules
from grants.models import (
    Award,
    AwardStatus,
    AwardTransition,
    InstalmentStatus,
    ScheduleKind,
)
from grants.selectors import award_reconciliation

pytestmark = pytest.mark.django_db


def test_the_demo_grants_are_in_every_state_and_reconcile_with_the_ledger_to_the_penny():
    anchor = timezone.localdate()
    demo.load(today=anchor)
    awards = list(Award.objects.select_related("organisation", "body"))
    # Terminated and closed grants come from past grants (grants.closeout.demo), which the
    # demo makes once the integrator wires them: until then every other state.
    ended = {AwardStatus.TERMINATED, AwardStatus.CLOSED}
    assert {award.status for award in awards} - ended == set(AwardStatus.values) - ended

    results = Award.objects.get(schedule_kind=ScheduleKind.RESULTS)
    assert (results.body.slug, results.status) == ("thames-valley", AwardStatus.ACTIVE)
    assert results.tariffs.count() == 2
    assert set(results.instalments.values_list("status", flat=True)) == {
        InstalmentStatus.PAID,
        InstalmentStatus.PLANNED,
    }
    quarterly = Award.objects.get(
        schedule_kind=ScheduleKind.QUARTERLY_IN_ARREARS, status=AwardStatus.ACTIVE
    )
    assert quarterly.body.slug == "avon-and-somerset"
    assert list(quarterly.instalments.order_by("number").values_list("status", flat=True)[:3]) == [
        InstalmentStatus.PAID,
        InstalmentStatus.RELEASED,
        InstalmentStatus.PLANNED,
    ]

    # The offer waiting is Riverside's: its administrator, Hannah, may answer it until a
    # day in the future.
    waiting = Award.objects.get(status=AwardStatus.OFFERED)
    hannah = User.objects.get(email="hannah@provider.demo.example")
    assert waiting.organisation.name.startswith("Riverside")
    assert rules.can_answer_offer(hannah, waiting.organisation)
    assert waiting.lapses_on >= timezone.localdate()

    # The lapsed offer lapsed by the calendar (beat's service, no one by hand) on the anchor.
    lapsed = Award.objects.get(status=AwardStatus.LAPSED)
    transition = AwardTransition.objects.get(award=lapsed, to_status=AwardStatus.LAPSED)
    assert transition.by is None
    assert lapsed.lapses_on < anchor
    declined = Award.objects.get(status=AwardStatus.DECLINED)
    assert declined.answered_at is not None

    # The walk-through: Avon and Somerset's first-ranked bid (Riverside's) has no award yet.
    assert not Award.objects.filter(
        body__slug="avon-and-somerset", organisation__name__startswith="Riverside"
    ).exists()

    for award in awards:
        report = award_reconciliation(award)
        assert report["ledger"] == report["grants"], award
        assert report["ledger"], award
    # Loading again changes nothing.
    demo.load(today=anchor)
    assert Award.objects.count() == len(awards) == 7


def test_the_demo_lapses_its_offer_by_the_anchor_day_when_loaded_on_an_earlier_anchor():
    anchor = timezone.localdate() - datetime.timedelta(days=120)
    demo.load(today=anchor)
    lapsed = Award.objects.get(status=AwardStatus.LAPSED)
    assert lapsed.lapses_on < anchor
    assert Award.objects.filter(status=AwardStatus.OFFERED).count() == 1
