"""Offer reminders and lapses by beat (grants.tasks): administrators of the organisation are
reminded 7 days and 1 day before an offer lapses, each once; an offer lapses after its last
London day and its reservation goes back to the budgets."""

import datetime

import pytest

from grants import services, tasks
from grants.models import AwardStatus
from tests.grants.factories import administrator, member, offered_award

pytestmark = pytest.mark.django_db


def morning(day):
    return datetime.datetime.combine(day, datetime.time(7, 40), tzinfo=datetime.UTC)


def test_administrators_are_reminded_7_days_and_1_day_before_the_lapse_once_each(
    mailoutbox, eager_tasks, django_capture_on_commit_callbacks
):
    award = offered_award()
    award.refresh_from_db()
    admin = administrator(award.organisation)
    member(award.organisation)  # a viewer is not asked to accept
    lapses_on = award.lapses_on
    with django_capture_on_commit_callbacks(execute=True):
        # Twice on the 7th day, then the 6th: nothing new; the 1st day: the second reminder.
        sent_on = _send_on_each_day(lapses_on)
    assert sent_on == {7: 1, 1: 1}
    sent = [m for m in mailoutbox if admin.email in m.to]
    assert len(sent) == 2
    assert "accept by" in sent[0].subject
    assert "7 days" in sent[0].body
    assert "1 day," in sent[1].body


def _send_on_each_day(lapses_on):
    """How many were sent on each morning, by days before the lapse."""
    found = {}
    for days in (8, 7, 7, 6, 1, 0):
        moment = morning(lapses_on - datetime.timedelta(days=days))
        count = services.offer_reminders_send(now=moment)
        if count:
            found[days] = found.get(days, 0) + count
    return found


def test_a_missed_morning_is_caught_up_by_the_next():
    award = offered_award()
    award.refresh_from_db()
    administrator(award.organisation)
    # Beat missed the 7-day morning: the 6-day one sends the week's reminder.
    assert (
        services.offer_reminders_send(now=morning(award.lapses_on - datetime.timedelta(days=6)))
        == 1
    )


def test_an_answered_offer_is_not_reminded():
    award = offered_award()
    award.refresh_from_db()
    admin = administrator(award.organisation)
    services.award_decline(award=award, by=admin)
    assert (
        services.offer_reminders_send(now=morning(award.lapses_on - datetime.timedelta(days=1)))
        == 0
    )


def test_the_beat_task_lapses_offers_past_their_last_day(monkeypatch):
    award = offered_award()
    award.refresh_from_db()
    after = morning(award.lapses_on + datetime.timedelta(days=1))
    monkeypatch.setattr(services.timezone, "now", lambda: after)
    assert tasks.offers_lapse() == 1
    award.refresh_from_db()
    assert award.status == AwardStatus.LAPSED
    assert award.transitions.last().by is None
    assert tasks.offers_lapse() == 0
