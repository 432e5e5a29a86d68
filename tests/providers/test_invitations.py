from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from providers.errors import AlreadyMember, LinkNotValid
from providers.models import Invitation, MemberRole
from providers.services.members import (
    invitation_accept,
    invitation_from_token,
    invitation_revoke,
    member_invite,
)
from tests.core.factories import UserFactory
from tests.providers.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return MemberFactory(user__full_name="Ada Admin")


def invite(admin, email="new.person@example.org", role=MemberRole.EDITOR):
    return member_invite(
        organisation=admin.organisation, email=email, role=role, invited_by=admin.user
    )


def token_of(message):
    link = next(line for line in message.body.splitlines() if "/invitations/" in line)
    return link.rstrip("/").rsplit("/", 1)[-1]


def test_an_invitation_emails_a_single_use_link(admin, mailoutbox, sending):
    with sending():
        invitation = invite(admin, email=" New.Person@Example.org ")
    (message,) = mailoutbox
    assert message.to == ["new.person@example.org"]
    assert admin.organisation.name in message.subject
    assert "Ada Admin" in message.body
    assert invitation_from_token(token_of(message)) == invitation


def test_the_invited_person_joins_with_the_role_they_were_given(admin):
    invitation = invite(admin, role=MemberRole.VIEWER)
    person = UserFactory(email="new.person@example.org")
    member = invitation_accept(invitation=invitation, user=person)
    assert member.role == MemberRole.VIEWER
    assert member.organisation == admin.organisation


def test_a_used_link_does_not_work_again(admin):
    invitation = invite(admin)
    person = UserFactory(email="new.person@example.org")
    invitation_accept(invitation=invitation, user=person)
    with pytest.raises(LinkNotValid) as raised:
        invitation_accept(invitation=invitation, user=person)
    assert raised.value.reason == LinkNotValid.USED


def test_a_link_expires_after_7_days(admin):
    invitation = invite(admin)
    person = UserFactory(email="new.person@example.org")
    later = timezone.now() + timedelta(days=7, seconds=1)
    with time_machine.travel(later), pytest.raises(LinkNotValid) as raised:
        invitation_accept(invitation=invitation, user=person)
    assert raised.value.reason == LinkNotValid.EXPIRED
    assert "expired" in raised.value.message


def test_a_link_still_works_on_its_seventh_day(admin):
    invitation = invite(admin)
    person = UserFactory(email="new.person@example.org")
    with time_machine.travel(timezone.now() + timedelta(days=6, hours=23)):
        invitation_accept(invitation=invitation, user=person)


def test_only_the_person_invited_can_accept(admin):
    invitation = invite(admin)
    with pytest.raises(LinkNotValid) as raised:
        invitation_accept(invitation=invitation, user=UserFactory(email="someone@example.org"))
    assert raised.value.reason == LinkNotValid.WRONG_PERSON


def test_inviting_again_replaces_the_open_invitation(admin):
    first = invite(admin)
    second = invite(admin, email="NEW.person@example.org")
    first.refresh_from_db()
    assert first.revoked_at is not None
    with pytest.raises(LinkNotValid):
        invitation_accept(invitation=first, user=UserFactory(email="new.person@example.org"))
    assert Invitation.objects.get(revoked_at__isnull=True) == second


def test_a_cancelled_invitation_does_not_work(admin):
    invitation = invite(admin)
    invitation_revoke(invitation=invitation, revoked_by=admin.user)
    with pytest.raises(LinkNotValid) as raised:
        invitation_accept(invitation=invitation, user=UserFactory(email="new.person@example.org"))
    assert raised.value.reason == LinkNotValid.CANCELLED


def test_a_member_cannot_be_invited_again(admin):
    MemberFactory(organisation=admin.organisation, user__email="already@example.org")
    with pytest.raises(AlreadyMember):
        invite(admin, email="Already@example.org")


@pytest.mark.parametrize("token", ["", "nonsense", "MQ:forged"])
def test_a_broken_or_forged_link_names_no_invitation(token):
    with pytest.raises(LinkNotValid) as raised:
        invitation_from_token(token)
    assert raised.value.reason == LinkNotValid.BROKEN
