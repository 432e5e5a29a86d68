"""Extensions, following, clarifications and alerts for new rounds: e-mailed once each
through notify_once, never naming who asked."""

import datetime
from unittest import mock

import pytest

from commissioning import services
from commissioning.errors import ClarificationRefused, ExtensionRefused, RoleRequired
from commissioning.models import RoundStatus
from commissioning.services.news import FOLLOWED_ROUND_NEWS
from core.broker import broker_unpause
from core.models import ServiceCategory
from core.notifications import notification_preferences_save
from tests.commissioning.factories import local_category, officer, round_through
from tests.plans.factories import body
from tests.providers.factories import MemberFactory

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)


def follower(round_, email="follower@example.org"):
    member = MemberFactory(user__email=email)
    services.round_follow(round=round_, organisation=member.organisation, by=member.user)
    return member


def test_following_twice_follows_once():
    round_ = round_through(RoundStatus.SCHEDULED)
    member = follower(round_)
    services.round_follow(round=round_, organisation=member.organisation, by=member.user)
    assert round_.follows.count() == 1


def test_an_extension_needs_a_reason_and_a_later_time():
    round_ = round_through(RoundStatus.OPEN)
    with pytest.raises(ExtensionRefused, match="why"):
        services.round_extend(
            round=round_, by=officer(), closes_at=round_.closes_at + HOUR, reason=""
        )
    with pytest.raises(ExtensionRefused, match="must be after"):
        services.round_extend(
            round=round_, by=officer(), closes_at=round_.closes_at - HOUR, reason="More time"
        )


def test_an_extension_is_recorded_and_emailed_to_every_follower_once(mailoutbox, sending):
    round_ = round_through(RoundStatus.OPEN)
    follower(round_, "one@example.org")
    follower(round_, "two@example.org")
    before = round_.closes_at
    with sending():
        extension = services.round_extend(
            round=round_,
            by=officer(),
            closes_at=before + 24 * HOUR,
            reason="The specification was corrected.",
        )
    round_.refresh_from_db()
    assert round_.closes_at == before + 24 * HOUR
    assert extension.previous_closes_at == before
    assert sorted(m.to[0] for m in mailoutbox) == ["one@example.org", "two@example.org"]
    assert "The specification was corrected." in mailoutbox[0].body
    assert "Closing time extended" in mailoutbox[0].subject


def test_a_partner_cannot_extend():
    partner = body("dyfed-powys")
    round_ = round_through(RoundStatus.OPEN, related={"partner_bodies": [partner]})
    with pytest.raises(RoleRequired):
        services.round_extend(
            round=round_, by=officer(partner), closes_at=round_.closes_at + HOUR, reason="x"
        )


def test_an_answer_is_published_and_emailed_without_the_askers_name(mailoutbox, sending):
    round_ = round_through(RoundStatus.OPEN)
    asker = MemberFactory(
        user__email="asker@example.org",
        user__full_name="Pat Asker",
        organisation__name="Asking Trust",
    )
    follower(round_, "reader@example.org")
    question = services.clarification_ask(
        round=round_,
        organisation=asker.organisation,
        by=asker.user,
        question="Can Asking Trust bid with a partner?",
    )
    with sending():
        services.clarification_answer(
            clarification=question,
            by=officer(),
            published_question="Can an organisation bid with a partner?",
            answer="Yes, as a consortium with a lead partner.",
        )
    (message,) = mailoutbox
    assert message.to == ["reader@example.org"]
    assert "Yes, as a consortium" in message.body
    assert "Pat Asker" not in message.body
    assert "Asking Trust" not in message.body
    with pytest.raises(ClarificationRefused, match="already"):
        services.clarification_answer(clarification=question, by=officer(), answer="Again")


def test_followers_who_turned_the_kind_off_get_nothing(mailoutbox, sending):
    round_ = round_through(RoundStatus.OPEN)
    member = follower(round_)
    notification_preferences_save(user=member.user, turned_off=[FOLLOWED_ROUND_NEWS])
    with sending():
        services.round_extend(
            round=round_, by=officer(), closes_at=round_.closes_at + HOUR, reason="More time"
        )
    assert mailoutbox == []


def test_beat_emails_followers_when_the_round_closes(mailoutbox, sending):
    round_ = round_through(RoundStatus.OPEN)
    follower(round_)
    with sending():
        services.round_clock_record(now=round_.closes_at)
        services.round_clock_record(now=round_.closes_at)
    (message,) = mailoutbox
    assert message.subject.startswith("Closed:")


def _alerted(categories, areas, email):
    member = MemberFactory(user__email=email)
    member.organisation.service_categories.set(categories)
    member.organisation.areas_served.set(areas)
    services.round_alert_subscribe(organisation=member.organisation, by=member.user)
    return member


def test_new_round_alerts_go_to_matching_organisations_once(mailoutbox, sending):
    category = local_category()
    other_category = ServiceCategory.objects.filter(is_national=False).exclude(pk=category.pk)[0]
    a, b = body(), body("dyfed-powys")
    _alerted([category], [a], "match@example.org")
    _alerted([other_category], [a], "other-service@example.org")
    _alerted([category], [b], "other-area@example.org")
    not_subscribed = MemberFactory(user__email="quiet@example.org")
    not_subscribed.organisation.service_categories.set([category])
    not_subscribed.organisation.areas_served.set([a])
    with sending():
        round_ = round_through(RoundStatus.SCHEDULED, categories=[category])
    assert [m.to[0] for m in mailoutbox] == ["match@example.org"]
    assert "A new round for your services" in mailoutbox[0].subject
    with sending():
        assert services.new_round_alerts_send(round_pk=round_.pk) == 0
    assert len(mailoutbox) == 1


def test_scheduling_with_the_broker_down_answers_and_the_clock_sends_the_alerts_at_the_opening(
    mailoutbox, sending
):
    """Found with Redis stopped: the alert task was sent with `.delay` in a plain on_commit,
    so scheduling a round answered with a 500 after its commit, and the alerts were lost."""
    from commissioning.tasks import new_round_alerts

    category = local_category()
    _alerted([category], [body()], "match@example.org")
    try:
        with (
            mock.patch.object(new_round_alerts, "apply_async", side_effect=ConnectionError),
            sending(),
        ):
            round_ = round_through(RoundStatus.SCHEDULED, categories=[category])
    finally:
        broker_unpause()
    assert mailoutbox == []
    with sending():
        services.round_clock_record(now=round_.opens_at)
        services.round_clock_record(now=round_.opens_at)
    assert [m.to[0] for m in mailoutbox] == ["match@example.org"]
    assert "A new round for your services" in mailoutbox[0].subject
