"""Monitoring return reminders by beat (grants.tasks.return_reminders): the organisation's
administrators and editors are told 14 days before a return is due, on the day and once it
is overdue, each once; the grant's officer is told of a return waiting 10 working days for
review, once per submission. Returns become overdue the day after their due day."""

import datetime

import pytest
from django.utils import timezone

from grants import tasks
from grants.returns import services as returns
from grants.returns.models import ReturnStatus
from providers.models import MemberRole
from tests.commissioning.decision_factories import decision_maker, officer
from tests.grants.factories import (
    D,
    accepted_award,
    administrator,
    member,
    paid_with_a_return,
    submitted_return,
    writer,
)

pytestmark = pytest.mark.django_db


def morning(day):
    return datetime.datetime.combine(day, datetime.time(7, 50), tzinfo=datetime.UTC)


def test_writers_are_told_14_days_before_on_the_day_and_when_overdue_once_each(
    mailoutbox, eager_tasks, django_capture_on_commit_callbacks
):
    award = accepted_award()
    first = award.monitoring_returns.order_by("number").first()
    assert first.due_on == datetime.date(2026, 7, 28)
    admin, editor = administrator(award.organisation), writer(award.organisation)
    viewer = member(award.organisation, role=MemberRole.VIEWER)
    sent = {}
    with django_capture_on_commit_callbacks(execute=True):
        for day in (13, 14, 14, 15, 27, 28, 28, 29, 29, 30):
            count = returns.return_reminders_send(now=morning(datetime.date(2026, 7, day)))
            if count:
                sent[day] = sent.get(day, 0) + count
    # Three writers (the administrator who accepted, another and an editor) each time: 14
    # days before (the 14th), on the due day, the day after.
    assert sent == {14: 3, 28: 3, 29: 3}
    to_editor = [m for m in mailoutbox if editor.email in m.to]
    assert [m.subject for m in to_editor] == [
        f"Monitoring return due on 28 July 2026: {award.title}",
        f"Monitoring return due today: {award.title}",
        f"Monitoring return overdue: {award.title}",
    ]
    assert f"/grants/mine/returns/{first.pk}/" in to_editor[0].body
    assert len([m for m in mailoutbox if admin.email in m.to]) == 3
    assert not [m for m in mailoutbox if viewer.email in m.to]


def test_a_submitted_return_is_not_chased_and_becomes_overdue_only_if_not_submitted():
    award = accepted_award()
    first, second = award.monitoring_returns.order_by("number")[:2]
    administrator(award.organisation)
    submitted_return(first)
    assert returns.return_reminders_send(now=morning(datetime.date(2026, 7, 29))) == 0
    assert returns.returns_mark_overdue(now=morning(datetime.date(2026, 10, 29))) == 1
    second.refresh_from_db()
    assert second.status == ReturnStatus.OVERDUE
    first.refresh_from_db()
    assert first.status == ReturnStatus.SUBMITTED


def test_the_grants_officer_is_told_after_10_working_days_waiting_once(
    mailoutbox, eager_tasks, django_capture_on_commit_callbacks
):
    award = accepted_award()
    first = award.monitoring_returns.order_by("number").first()
    # Submitted on Monday 3 August 2026; 10 working days later (bank holiday on the 31st):
    # Monday 17 August.
    submitted = submitted_return(first)
    moment = morning(datetime.date(2026, 8, 3))
    type(submitted).objects.filter(pk=submitted.pk).update(submitted_at=moment)
    with django_capture_on_commit_callbacks(execute=True):
        assert returns.return_reminders_send(now=morning(datetime.date(2026, 8, 14))) == 0
        assert returns.return_reminders_send(now=morning(datetime.date(2026, 8, 17))) == 1
        assert returns.return_reminders_send(now=morning(datetime.date(2026, 8, 18))) == 0
    (mail,) = [m for m in mailoutbox if award.created_by.email in m.to]
    assert "waiting for review" in mail.subject
    assert f"/grants/returns/{first.pk}/" in mail.body


def test_the_beat_tasks_run_the_services(monkeypatch):
    award = accepted_award()
    after = morning(datetime.date(2026, 7, 29))
    monkeypatch.setattr(returns.timezone, "now", lambda: after)
    assert tasks.returns_overdue() == 1
    assert award.monitoring_returns.filter(status=ReturnStatus.OVERDUE).count() == 1
    assert tasks.return_reminders() == 1  # the administrator who accepted: overdue
    assert tasks.return_reminders() == 0


@pytest.mark.parametrize("ended", ["terminated", "closed"])
def test_an_ended_grants_returns_are_neither_made_overdue_nor_reminded(
    ended, monkeypatch, mailoutbox, eager_tasks, django_capture_on_commit_callbacks
):
    """A terminated or closed grant takes no more figures: the overdue job does not even try
    its returns (each try would lock the award and be refused, every night for ever), and no
    reminder goes to its writers nor to its officer of a return left waiting for review."""
    from grants.closeout import services as closeout

    award = paid_with_a_return(D("12000.00"), D("8000.00"), spent=D("9000.00"))
    waiting = submitted_return(award.monitoring_returns.get(number=2))
    award = closeout.award_terminate(award=award, by=decision_maker(award.body), reason="Stop.")
    if ended == "closed":
        award = closeout.award_close(award=award, by=officer(award.body))
    assert award.status == ended
    due = award.monitoring_returns.filter(status=ReturnStatus.DUE)
    assert due.count() == 6
    tried = []
    transition = returns.return_transition

    def tried_then_move(**kwargs):
        tried.append(kwargs["monitoring_return"].pk)
        return transition(**kwargs)

    monkeypatch.setattr(returns, "return_transition", tried_then_move)
    # Long after every return fell due and the submitted one waited 10 working days.
    far = timezone.now() + datetime.timedelta(days=800)
    with django_capture_on_commit_callbacks(execute=True):
        assert returns.returns_mark_overdue(now=far) == 0
        assert returns.return_reminders_send(now=far) == 0
    assert tried == []
    assert set(due.values_list("status", flat=True)) == {ReturnStatus.DUE}
    waiting.refresh_from_db()
    assert waiting.status == ReturnStatus.SUBMITTED
    assert mailoutbox == []
