"""Extensions for one organisation: a later closing instant with a reason, audited, behind a
recent sign-in, seen by that organisation alone; bids stay sealed until every one has passed."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from commissioning import services
from commissioning.errors import ExtensionRefused, RoleRequired, TransitionRefused
from commissioning.models import OrganisationExtension, RoundStatus
from commissioning.services.rounds import round_is_open_for
from core import session_expiry
from core.audit import events_for
from core.london_time import LONDON
from tests.commissioning.factories import decision_maker, officer, round_through
from tests.harness.personas import PERSONAS, sign_in_persona
from tests.providers.factories import MemberFactory, persona_organisation

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)


def follower(round_, email):
    member = MemberFactory(user__email=email)
    services.round_follow(round=round_, organisation=member.organisation, by=member.user)
    return member


def extend(round_, organisation, *, closes_at=None, reason="Illness", by=None, **kwargs):
    """More time for one organisation (48 hours past the close unless told), given by an
    officer unless `by` says who."""
    return services.organisation_extend(
        round=round_,
        organisation=organisation,
        by=by or officer(),
        closes_at=closes_at or round_.closes_at + 48 * HOUR,
        reason=reason,
        **kwargs,
    )


def test_an_extension_keeps_one_organisation_open_while_the_others_are_refused():
    round_ = round_through(RoundStatus.OPEN)
    ill = follower(round_, "ill@example.org").organisation
    other = follower(round_, "other@example.org").organisation
    extend(round_, ill, reason="The bid writer was in hospital.")
    after_close = round_.closes_at + HOUR
    assert services.round_closes_at_for(round_, ill) == round_.closes_at + 48 * HOUR
    assert services.round_closes_at_for(round_, other) == round_.closes_at
    assert services.round_closes_at_for(round_, None) == round_.closes_at
    assert round_is_open_for(round_, ill, after_close)
    assert not round_is_open_for(round_, other, after_close)
    assert not round_is_open_for(round_, ill, round_.closes_at + 48 * HOUR)
    assert not round_is_open_for(round_, ill, round_.opens_at - HOUR)


def test_bids_stay_sealed_and_assessment_waits_until_every_extension_has_passed():
    round_ = round_through(RoundStatus.OPEN)
    organisation = follower(round_, "late@example.org").organisation
    until = round_.closes_at + 24 * HOUR
    extend(round_, organisation, closes_at=until, reason="Outage")
    services.round_clock_record(now=round_.closes_at)
    round_.refresh_from_db()
    assert round_.status == RoundStatus.CLOSED
    assert services.round_is_sealed(round_, round_.closes_at - HOUR)
    assert services.round_is_sealed(round_, round_.closes_at + HOUR)
    assert not services.round_is_sealed(round_, until)
    with pytest.raises(TransitionRefused, match="given until"):
        services.round_transition(
            round=round_, to=RoundStatus.ASSESSING, by=officer(), now=until - HOUR
        )
    services.round_transition(round=round_, to=RoundStatus.ASSESSING, by=officer(), now=until)
    assert round_.status == RoundStatus.ASSESSING


def test_no_extension_once_the_bids_are_open_to_the_office():
    """After the last close the office may read every bid: more time then would let one
    organisation bid knowing its rivals' answers."""
    round_ = round_through(RoundStatus.OPEN)
    organisation = follower(round_, "late@example.org").organisation
    services.round_clock_record(now=round_.closes_at)
    round_.refresh_from_db()
    assert round_.status == RoundStatus.CLOSED
    with pytest.raises(ExtensionRefused, match="open to the office"):
        extend(round_, organisation, reason="Asked after the close", now=round_.closes_at + HOUR)
    assert not OrganisationExtension.objects.exists()


def test_an_extension_needs_an_officer_a_reason_a_later_time_and_a_taking_part_organisation():
    round_ = round_through(RoundStatus.OPEN)
    organisation = follower(round_, "x@example.org").organisation
    later = round_.closes_at + HOUR
    with pytest.raises(RoleRequired):
        extend(round_, organisation, by=decision_maker(), closes_at=later, reason="x")
    with pytest.raises(ExtensionRefused, match="why"):
        extend(round_, organisation, closes_at=later, reason=" ")
    with pytest.raises(ExtensionRefused, match="must be after"):
        extend(round_, organisation, closes_at=round_.closes_at)
    stranger = MemberFactory().organisation
    with pytest.raises(ExtensionRefused, match="taking part"):
        extend(round_, stranger, closes_at=later)
    assert not OrganisationExtension.objects.exists()


def test_an_extension_is_audited_and_emailed_to_that_organisation_only(mailoutbox, sending):
    round_ = round_through(RoundStatus.OPEN)
    given = follower(round_, "given@example.org")
    follower(round_, "bystander@example.org")
    with sending():
        extension = extend(
            round_,
            given.organisation,
            closes_at=round_.closes_at + 24 * HOUR,
            reason="Our portal failed at the deadline.",
        )
    (message,) = mailoutbox
    assert message.to == ["given@example.org"]
    assert "Our portal failed at the deadline." in message.body
    assert "for your organisation only" in message.body
    assert [event.pgh_label for event in events_for(extension)] == ["insert"]


def _officer_client(persona_users):
    return sign_in_persona(
        Client(), PERSONAS["commissioning_officer_a"], persona_users["commissioning_officer_a"]
    )


def test_an_officer_gives_an_extension_on_the_office_page_and_only_that_organisation_sees_it(
    persona_users,
):
    round_ = round_through(RoundStatus.OPEN, title="Helpline round")
    x = persona_organisation("x")
    y = persona_organisation("y")
    services.round_follow(round=round_, organisation=x, by=None)
    services.round_follow(round=round_, organisation=y, by=None)
    client = _officer_client(persona_users)
    url = reverse("commissioning:organisation-extend", args=[round_.pk])
    assert client.get(url).status_code == 200
    london = (round_.closes_at + 72 * HOUR).astimezone(LONDON)
    response = client.post(
        url,
        {
            "organisation": x.pk,
            "closes_at_day": london.day,
            "closes_at_month": london.month,
            "closes_at_year": london.year,
            "closes_at_time": london.strftime("%H:%M"),
            "reason": "A flood closed the office.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert OrganisationExtension.objects.get().organisation == x
    state = client.get(reverse("commissioning:state", args=[round_.pk])).content.decode()
    assert "A flood closed the office." in state
    public = reverse("commissioning:public-round", args=[round_.pk])
    for key, shown in (("provider_admin_x", True), ("provider_member_y", False)):
        provider = sign_in_persona(Client(), PERSONAS[key], persona_users[key])
        page = provider.get(public).content.decode()
        assert ("A flood closed the office." in page) is shown
    assert "A flood closed the office." not in Client().get(public).content.decode()


def test_giving_an_extension_asks_for_the_password_again_after_15_minutes(
    persona_users, monkeypatch
):
    round_ = round_through(RoundStatus.OPEN)
    client = _officer_client(persona_users)
    later = session_expiry.now_seconds() + 16 * 60
    monkeypatch.setattr(session_expiry, "now_seconds", lambda: later)
    url = reverse("commissioning:organisation-extend", args=[round_.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("core:sign-in-again"))


def test_an_organisation_with_a_bid_may_be_given_an_extension_even_if_it_stopped_following():
    from commissioning.bids.models import Bid
    from commissioning.services.extensions import extension_candidates

    round_ = round_through(RoundStatus.OPEN)
    bidder = MemberFactory(user__email="bidder@example.org")
    Bid.objects.create(
        round=round_,
        organisation=bidder.organisation,
        started_by=bidder.user,
        started_at=round_.opens_at,
        updated_at=round_.opens_at,
    )
    follows = follower(round_, "follows@example.org").organisation
    MemberFactory(user__email="stranger@example.org")
    assert set(extension_candidates(round_)) == {bidder.organisation, follows}
    extension = extend(
        round_,
        bidder.organisation,
        closes_at=round_.closes_at + 24 * HOUR,
        reason="A system fault at the deadline.",
    )
    assert extension.organisation == bidder.organisation
