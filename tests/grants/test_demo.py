"""The demo's grants (issues 23 and 24), true to the calendar of the anchor day: an award in
every state; the current round's grants start after the anchor, so none of their instalments
is released and none of their returns has moved; the earlier round's grants started before
it, with payments and returns at their instants, never after the anchor, no return submitted
before its period ended and no instalment paid before its due day; Riverside's offer waiting
for its administrator; Avon and Somerset's walk-through left without its award; and, for
every demo grant, instalments and commitments reconcile with the ledger."""

import datetime

import pytest
from django.utils import timezone

from core import demo
from core.london_time import LONDON
from core.models import User
from funding.ledger.models import LedgerEntry
from grants import demo_data, rules
from grants.models import (
    Award,
    AwardStatus,
    AwardTransition,
    Instalment,
    InstalmentStatus,
    ScheduleKind,
)
from grants.returns.models import ReturnStatus, ReturnTransition
from grants.selectors import award_reconciliation

pytestmark = pytest.mark.django_db


def london_day(moment):
    return timezone.localtime(moment, LONDON).date()


def assert_true_to_the_calendar(anchor):
    """Nothing after the anchor; no return submitted or reviewed before its period ended; no
    instalment paid before its due day; the current round's grants untouched."""
    current = Award.objects.filter(outcome__decision__round__title=demo_data.ROUND_TITLE)
    assert current.exists()
    assert not Instalment.objects.filter(award__in=current).exclude(status=InstalmentStatus.PLANNED)
    assert not ReturnTransition.objects.filter(monitoring_return__award__in=current).exists()
    assert all(award.starts_on > anchor for award in current)

    moves = ReturnTransition.objects.select_related("monitoring_return")
    assert moves.exists()
    for move in moves:
        assert london_day(move.at) <= anchor, move
        if move.to_status != ReturnStatus.OVERDUE:
            assert london_day(move.at) > move.monitoring_return.period_end, move
        else:
            assert london_day(move.at) > move.monitoring_return.due_on, move
    paid = Instalment.objects.filter(status=InstalmentStatus.PAID)
    assert paid.exists()
    for instalment in paid:
        assert instalment.due_on < instalment.paid_on <= anchor, instalment
        assert london_day(instalment.released_at) <= instalment.paid_on, instalment
    earlier = Award.objects.exclude(outcome__decision__round__title=demo_data.ROUND_TITLE)
    entries = LedgerEntry.objects.filter(
        commitment_line__commitment__in=earlier.values("commitment")
    )
    assert entries.exists()
    assert not entries.filter(effective_on__gt=anchor).exists()


def test_the_demo_grants_are_in_every_state_and_reconcile_with_the_ledger_to_the_penny():
    anchor = timezone.localdate()
    demo.load(today=anchor)
    awards = list(Award.objects.select_related("organisation", "body"))
    assert {award.status for award in awards} == set(AwardStatus.values)
    assert_true_to_the_calendar(anchor)

    # The current round's grant paid by results is accepted, its payments still to come.
    upcoming = Award.objects.get(
        schedule_kind=ScheduleKind.RESULTS,
        outcome__decision__round__title=demo_data.ROUND_TITLE,
    )
    assert (upcoming.body.slug, upcoming.status) == ("thames-valley", AwardStatus.ACCEPTED)
    assert upcoming.tariffs.count() == 2

    # The earlier round's grants, for the walk-through and for other work.
    walk_through = demo_data.walk_through_grant()
    assert walk_through.body.slug == "avon-and-somerset"
    assert walk_through.status == AwardStatus.ACTIVE
    assert walk_through.schedule_kind == ScheduleKind.QUARTERLY_IN_ARREARS
    assert demo_data.past_award("avon-and-somerset", walk_through.organisation.name[:8]) in {
        walk_through,
        demo_data.recovery_grant(),
    }
    results = demo_data.results_grant()
    assert (results.body.slug, results.status) == ("thames-valley", AwardStatus.ACTIVE)
    assert results.schedule_kind == ScheduleKind.RESULTS
    finished = demo_data.finished_grant()
    assert finished.ends_on < anchor
    assert finished.status == AwardStatus.CLOSED
    assert set(finished.instalments.values_list("status", flat=True)) == {InstalmentStatus.PAID}
    assert set(finished.monitoring_returns.values_list("status", flat=True)) == {
        ReturnStatus.ACCEPTED
    }
    # Terminated with the unspent money due back, half of it received.
    recovery = demo_data.recovery_grant()
    assert recovery.status == AwardStatus.TERMINATED
    paid = sum(i.amount for i in recovery.instalments.filter(status=InstalmentStatus.PAID))
    accepted = recovery.monitoring_returns.get(status=ReturnStatus.ACCEPTED)
    spent = sum(s.spent for s in accepted.spend.all())
    assert 0 < spent < paid
    assert sum(r.amount_due for r in recovery.recoveries.all()) == paid - spent
    assert 0 < sum(r.received for r in recovery.recoveries.all()) < paid - spent

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

    # The walk-through: Avon and Somerset's first-ranked bid (Riverside's) in the current
    # round has no award yet.
    assert (
        not current_awards()
        .filter(body__slug="avon-and-somerset", organisation__name__startswith="Riverside")
        .exists()
    )

    for award in awards:
        report = award_reconciliation(award)
        assert report["ledger"] == report["grants"], award
        assert report["ledger"], award
    # Loading again changes nothing.
    demo.load(today=anchor)
    assert Award.objects.count() == len(awards) == 11


def current_awards():
    return Award.objects.filter(outcome__decision__round__title=demo_data.ROUND_TITLE)


def test_the_demo_is_true_to_an_earlier_anchor_and_lapses_its_offer_by_it():
    anchor = timezone.localdate() - datetime.timedelta(days=120)
    demo.load(today=anchor)
    lapsed = Award.objects.get(status=AwardStatus.LAPSED)
    assert lapsed.lapses_on < anchor
    assert Award.objects.filter(status=AwardStatus.OFFERED).count() == 1
    assert_true_to_the_calendar(anchor)
    assert demo_data.walk_through_grant().status == AwardStatus.ACTIVE
    assert demo_data.results_grant().status == AwardStatus.ACTIVE
