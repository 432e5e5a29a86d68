"""Reminders a week and a day before a round closes (London days), once each even when
beat runs twice, to organisations with a draft bid; an organisation given more time is
reminded of its own close."""

import datetime

import pytest

from commissioning import services
from commissioning.bids.models import Bid, BidStatus
from commissioning.models import RoundStatus
from commissioning.services.reminders import round_closing_reminders_send
from core.london_time import LONDON
from tests.commissioning.factories import officer, round_through
from tests.providers.factories import MemberFactory

pytestmark = pytest.mark.django_db


def london(*args):
    return datetime.datetime(*args, tzinfo=LONDON)


# Closes at 00:30 on Monday 30 March 2026, London time: 23:30 UTC on Sunday the 29th, the
# day the clocks go forward. Counted in UTC days it would close a day earlier.
CLOSES = london(2026, 3, 30, 0, 30)
OPENS = london(2026, 3, 1, 9, 0)


@pytest.fixture
def round_():
    return round_through(RoundStatus.OPEN, opens_at=OPENS, closes_at=CLOSES)


def follower(round_, email):
    member = MemberFactory(user__email=email)
    services.round_follow(round=round_, organisation=member.organisation, by=member.user, now=OPENS)
    return member


def drafter(round_, email, *, status=BidStatus.DRAFT):
    """A member of an organisation with a bid in the round (a draft unless told)."""
    member = follower(round_, email)
    submitted = (
        {}
        if status in (BidStatus.DRAFT, BidStatus.WITHDRAWN)
        else {
            "reference": f"AS-{member.pk}",
            "submitted_at": OPENS,
            "submitted_by": member.user,
        }
    )
    Bid.objects.create(
        round=round_,
        organisation=member.organisation,
        started_by=member.user,
        started_at=OPENS,
        updated_at=OPENS,
        status=status,
        **submitted,
    )
    return member


def sent_to(mailoutbox):
    return sorted((m.to[0], m.subject) for m in mailoutbox)


def test_reminders_go_a_week_and_a_day_before_in_london_days_once_each(round_, mailoutbox, sending):
    drafter(round_, "one@example.org")
    drafter(round_, "two@example.org")
    follower(round_, "follows-only@example.org")
    with sending():
        assert round_closing_reminders_send(now=london(2026, 3, 22, 8, 0)) == 0  # 8 days
        assert round_closing_reminders_send(now=london(2026, 3, 23, 7, 30)) == 2
        assert round_closing_reminders_send(now=london(2026, 3, 23, 7, 30)) == 0  # beat twice
        assert round_closing_reminders_send(now=london(2026, 3, 26, 7, 30)) == 0
    assert [subject for _to, subject in sent_to(mailoutbox)] == [
        f"Closing in 7 days: {round_.title}"
    ] * 2
    assert "closes in 7 days, at 12:30am on 30 March 2026" in mailoutbox[0].body
    mailoutbox.clear()
    # The morning of Sunday 29 March (BST): London says tomorrow, UTC would say today.
    with sending():
        assert round_closing_reminders_send(now=london(2026, 3, 29, 7, 30)) == 2
        assert round_closing_reminders_send(now=london(2026, 3, 29, 7, 31)) == 0
        assert round_closing_reminders_send(now=CLOSES) == 0
    assert {subject for _to, subject in sent_to(mailoutbox)} == {f"Closing soon: {round_.title}"}
    assert "closes tomorrow, at 12:30am on 30 March 2026" in mailoutbox[0].body


def test_an_organisation_given_more_time_is_reminded_of_its_own_close(round_, mailoutbox, sending):
    drafter(round_, "ontime@example.org")
    late = drafter(round_, "late@example.org")
    services.organisation_extend(
        round=round_,
        organisation=late.organisation,
        by=officer(round_.lead_body),
        closes_at=london(2026, 4, 3, 17, 0),
        reason="The bid writer was ill.",
        now=london(2026, 3, 20, 9, 0),
    )
    with sending():
        for day in (23, 27, 29, 31):
            round_closing_reminders_send(now=london(2026, 3, day, 7, 30))
        round_closing_reminders_send(now=london(2026, 4, 2, 7, 30))
        round_closing_reminders_send(now=london(2026, 4, 2, 7, 30))
    reminders = [(m.to[0], m.subject) for m in mailoutbox if "Clos" in m.subject]
    assert sorted(reminders) == sorted(
        [
            ("ontime@example.org", f"Closing in 7 days: {round_.title}"),
            ("ontime@example.org", f"Closing soon: {round_.title}"),
            ("late@example.org", f"Closing in 7 days: {round_.title}"),
            ("late@example.org", f"Closing soon: {round_.title}"),
        ]
    )
    (last,) = [m for m in mailoutbox if m.to == ["late@example.org"] and "soon" in m.subject]
    assert "5pm on 3 April 2026" in last.body


def test_only_organisations_with_a_draft_are_reminded(round_, mailoutbox, sending):
    drafter(round_, "draft@example.org")
    drafter(round_, "submitted@example.org", status=BidStatus.SUBMITTED)
    drafter(round_, "withdrawn@example.org", status=BidStatus.WITHDRAWN)
    follower(round_, "follows@example.org")
    with sending():
        assert round_closing_reminders_send(now=london(2026, 3, 23, 7, 30)) == 1
    assert [m.to for m in mailoutbox] == [["draft@example.org"]]


def test_a_cancelled_round_reminds_nobody(round_, mailoutbox, sending):
    drafter(round_, "one@example.org")
    services.round_transition(round=round_, to=RoundStatus.CANCELLED, by=officer(), note="No money")
    with sending():
        assert round_closing_reminders_send(now=london(2026, 3, 23, 7, 30)) == 0
    assert mailoutbox == []
