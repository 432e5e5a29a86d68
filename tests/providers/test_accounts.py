from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from core.models import User
from providers.errors import LinkNotValid
from providers.models import MemberRole
from providers.services.accounts import account_confirm, account_sign_up
from providers.services.members import member_invite
from tests.core.factories import UserFactory
from tests.providers.factories import MemberFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def confirmation_token(message):
    link = next(line for line in message.body.splitlines() if "/register/confirm/" in line)
    return link.rstrip("/").rsplit("/", 1)[-1]


def sign_up(email="Ann@Example.org", **kwargs):
    return account_sign_up(email=email, full_name="Ann Example", **kwargs)


def confirm(token, password=PASSWORD, full_name="Ann Example"):
    return account_confirm(token=token, full_name=full_name, password=password)


def test_a_new_account_has_no_password_until_the_email_link_is_followed(mailoutbox, sending):
    with sending():
        assert sign_up(password=PASSWORD) is None
    user = User.objects.get(email="ann@example.org")
    assert not user.is_active
    # A password typed before the address is proved is never kept.
    assert not user.has_usable_password()
    (message,) = mailoutbox
    assert message.to == ["ann@example.org"]
    assert confirm(confirmation_token(message), full_name="Ann E. Example") == user
    user.refresh_from_db()
    assert user.is_active
    assert user.check_password(PASSWORD)
    assert user.full_name == "Ann E. Example"


def test_the_confirmation_link_works_once(mailoutbox, sending):
    with sending():
        sign_up()
    token = confirmation_token(mailoutbox[0])
    confirm(token)
    with pytest.raises(LinkNotValid) as raised:
        confirm(token, password="x" + PASSWORD)
    assert raised.value.reason == LinkNotValid.USED


def test_the_confirmation_link_expires_after_3_days(mailoutbox, sending):
    with sending():
        sign_up()
    token = confirmation_token(mailoutbox[0])
    later = timezone.now() + timedelta(days=3, minutes=1)
    with time_machine.travel(later), pytest.raises(LinkNotValid) as raised:
        confirm(token)
    assert raised.value.reason == LinkNotValid.EXPIRED


def test_signing_up_again_before_confirming_sends_a_new_link_and_the_follower_sets_the_password(
    mailoutbox, sending
):
    with sending():
        # Someone else who knows the address signs up first, typing a password of their own.
        account_sign_up(email="ann@example.org", full_name="Mallory", password="x" + PASSWORD)
        sign_up()
    assert User.objects.count() == 1
    assert len(mailoutbox) == 2
    user = confirm(confirmation_token(mailoutbox[1]))
    assert user.check_password(PASSWORD)
    assert not user.check_password("x" + PASSWORD)
    assert user.full_name == "Ann Example"


def test_an_address_with_an_account_gets_an_email_not_a_second_account(mailoutbox, sending):
    existing = UserFactory(email="ann@example.org")
    with sending():
        assert sign_up(email="ANN@example.org", password=PASSWORD) is None
    assert User.objects.filter(email__iexact="ann@example.org").get() == existing
    assert not existing.check_password(PASSWORD)
    (message,) = mailoutbox
    assert message.subject == "You already have an account"
    assert "/password-reset/" in message.body


def test_an_invitation_to_the_same_address_confirms_it_at_once(mailoutbox, sending):
    admin = MemberFactory()
    invitation = member_invite(
        organisation=admin.organisation,
        email="ann@example.org",
        role=MemberRole.EDITOR,
        invited_by=admin.user,
    )
    with sending():
        user = sign_up(invitation=invitation, password=PASSWORD)
    assert user.is_active
    assert user.check_password(PASSWORD)
    assert admin.organisation.members.get(user=user).role == MemberRole.EDITOR
    assert not any("Confirm" in m.subject for m in mailoutbox)


def test_an_invitation_to_another_address_does_not_confirm_this_one(mailoutbox, sending):
    admin = MemberFactory()
    invitation = member_invite(
        organisation=admin.organisation,
        email="someone.else@example.org",
        role=MemberRole.EDITOR,
        invited_by=admin.user,
    )
    with sending():
        assert sign_up(invitation=invitation, password=PASSWORD) is None
    user = User.objects.get(email="ann@example.org")
    assert not user.is_active
    assert not user.has_usable_password()
