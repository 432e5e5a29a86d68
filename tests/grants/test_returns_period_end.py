"""A monitoring return is saved any time once made, but submitted (and so reviewed) only after
its period has ended, counted in London days: the service refuses with the first day it may be
submitted; the provider's list of returns to do leaves out later periods' returns, the grant
page lists them as not yet open, the return page says when it can be submitted and offers no
submit button; no reminder is sent for a return whose period has not ended."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from core.london_time import LONDON
from grants.returns import services as returns
from grants.returns.errors import ReturnRefused
from grants.returns.models import ReturnStatus, ReturnTerms
from tests.commissioning.decision_factories import officer
from tests.grants.factories import (
    accepted_award,
    return_figures,
    submitted_return,
    writer,
)
from tests.grants.test_returns_pages import every_figure, x_award

pytestmark = pytest.mark.django_db


def at(day, hour=10, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute)).replace(tzinfo=LONDON)


def first_return():
    award = accepted_award()
    return award, award.monitoring_returns.order_by("number").first()


def test_a_return_is_saved_before_its_period_ends_but_submitted_only_the_day_after():
    award, first = first_return()
    editor = writer(award.organisation)
    last_evening = at(first.period_end, hour=23, minute=30)
    returns.return_save(
        monitoring_return=first, by=editor, figures=return_figures(first), now=last_evening
    )
    with pytest.raises(ReturnRefused) as refused:
        returns.return_submit(monitoring_return=first, by=editor, now=last_evening)
    opens = first.period_end + datetime.timedelta(days=1)
    assert f"can be submitted from {opens.day} {opens:%B %Y}" in str(refused.value)
    first.refresh_from_db()
    assert first.status == ReturnStatus.DUE
    assert not first.transitions.exists()

    # Just after midnight in London (still the day before in UTC during summer time).
    returns.return_submit(monitoring_return=first, by=editor, now=at(opens, hour=0, minute=5))
    first.refresh_from_db()
    assert first.status == ReturnStatus.SUBMITTED


def test_the_office_cannot_accept_a_return_before_its_period_ends():
    award, first = first_return()
    returns.return_save(
        monitoring_return=first, by=writer(award.organisation), figures=return_figures(first)
    )
    # Submitted through the service after its period, then reviewed on a clock set earlier.
    submitted = submitted_return(first)
    with pytest.raises(ReturnRefused):
        returns.return_accept(
            monitoring_return=submitted, by=officer(award.body), now=at(first.period_end)
        )
    submitted.refresh_from_db()
    assert submitted.status == ReturnStatus.SUBMITTED


def test_the_provider_sees_a_later_period_as_not_yet_open_and_cannot_submit_it(client, signed_in):
    award = x_award()
    first, second = award.monitoring_returns.order_by("number")[:2]
    # A day in the second period: the first return is to do, the second not yet.
    day = second.period_start + datetime.timedelta(days=10)
    with time_machine.travel(at(day)):
        signed_in("provider_editor_x")
        listing = client.get(reverse("grants:returns-mine")).content.decode()
        assert reverse("grants:return-edit", args=[first.pk]) in listing
        assert reverse("grants:return-edit", args=[second.pk]) not in listing
        home = client.get(reverse("core:home")).content.decode()
        assert reverse("grants:return-edit", args=[second.pk]) not in home

        grant = client.get(reverse("grants:my-grant", args=[award.pk])).content.decode()
        assert "Not yet open" in grant
        assert (
            grant.count("Not yet open")
            == award.monitoring_returns.filter(period_end__gte=day).count()
        )

        edit = reverse("grants:return-edit", args=[second.pk])
        page = client.get(edit).content.decode()
        opens = second.period_end + datetime.timedelta(days=1)
        assert f"submit it from {opens.day} {opens:%B %Y}" in page
        assert 'name="submit"' not in page
        assert "Save the return" in page

        # Saving works; a submit posted anyway is refused by the service, figures kept.
        response = client.post(edit, {"save": "1", **every_figure(second)})
        assert response.status_code == 302
        response = client.post(edit, {"submit": "1", **every_figure(second, spent="99.00")})
        assert response.status_code == 200
        assert f"can be submitted from {opens.day} {opens:%B %Y}" in response.content.decode()
        second.refresh_from_db()
        assert second.status == ReturnStatus.DUE
        assert second.spend.first().spent == 99


def test_no_reminder_is_sent_for_a_return_whose_period_has_not_ended():
    award, first = first_return()
    writer(award.organisation)
    # A return due the day after its period: the 14-day reminder would otherwise come first.
    ReturnTerms.objects.filter(award=award).update(due_days=1)
    award.monitoring_returns.filter(pk=first.pk).update(
        due_on=first.period_end + datetime.timedelta(days=1)
    )
    mail.outbox.clear()
    assert returns.return_reminders_send(now=at(first.period_end - datetime.timedelta(days=5))) == 0
    assert returns.return_reminders_send(now=at(first.period_end)) == 0
    # The day after the period ends, it is due that very day.
    assert returns.return_reminders_send(now=at(first.period_end + datetime.timedelta(days=1)))
