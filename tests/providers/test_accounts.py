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
    return account_sign_up(email=email, full_name="Ann Example", password=PASSWORD, **kwargs)


def test_a_new_account_stays_inactive_until_the_email_link_is_followed(mailoutbox, sending):
    with sending():
        assert sign_up() is None
    user = User.objects.get(email="ann@example.org")
    assert not user.is_active
    assert user.check_password(PASSWORD)
    (message,) = mailoutbox
    assert message.to == ["ann@example.org"]
    assert account_confirm(token=confirmation_token(message)) == user
    user.refresh_from_db()
    assert user.is_active


def test_the_confirmation_link_works_once(mailoutbox, sending):
    with sending():
        sign_up()
    token = confirmation_token(mailoutbox[0])
    account_confirm(token=token)
    with pytest.raises(LinkNotValid) as raised:
        account_confirm(token=token)
    assert raised.value.reason == LinkNotValid.USED


def test_the_confirmation_link_expires_after_3_days(mailoutbox, sending):
    with sending():
        sign_up()
    token = confirmation_token(mailoutbox[0])
    later = timezone.now() + timedelta(days=3, minutes=1)
    with time_machine.travel(later), pytest.raises(LinkNotValid) as raised:
        account_confirm(token=token)
    assert raised.value.reason == LinkNotValid.EXPIRED


def test_signing_up_again_before_confirming_sends_a_new_link_but_keeps_the_first_password(
    mailoutbox, sending
):
    with sending():
        sign_up()
        # Someone else who knows the address cannot choose the password the owner confirms.
        account_sign_up(email="ann@example.org", full_name="Ann Other", password="x" + PASSWORD)
    assert User.objects.count() == 1
    assert len(mailoutbox) == 2
    user = account_confirm(token=confirmation_token(mailoutbox[1]))
    assert user.check_password(PASSWORD)
    assert not user.check_password("x" + PASSWORD)
    assert user.full_name != "Ann Other"


def test_an_address_with_an_account_gets_an_email_not_a_second_account(mailoutbox, sending):
    existing = UserFactory(email="ann@example.org")
    with sending():
        assert sign_up(email="ANN@example.org") is None
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
        user = sign_up(invitation=invitation)
    assert user.is_active
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
        assert sign_up(invitation=invitation) is None
    assert not User.objects.get(email="ann@example.org").is_active
