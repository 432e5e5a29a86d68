"""A first authenticator app is set up only through the link e-mailed to the account.

A password alone (perhaps someone else's, phished) must not let anyone attach their own app.
The person hears by e-mail whenever an app or backup codes are added or removed.
"""

import datetime
import re

import pytest
import time_machine
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.models import User
from core.second_factor import backup_codes_issue, totp_code_now
from tests.core.factories import TEST_PASSWORD, MembershipFactory
from tests.harness.personas import sign_in_verified
from tests.providers.conftest import sending  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://127\.0\.0\.1:8000(/second-factor/set-up/\S+/)")


def sign_in(client, user):
    client.post(reverse("core:sign-in"), {"username": user.email, "password": TEST_PASSWORD})
    return client


def links_in(mailoutbox):
    return [m.group(1) for message in mailoutbox if (m := LINK.search(message.body))]


@pytest.fixture
def officer():
    return MembershipFactory(user__email="officer@example.org").user


def test_without_the_link_the_set_up_page_shows_no_key_and_takes_no_code(client, officer):
    sign_in(client, officer)
    page = client.get(reverse("core:enrol")).content.decode()
    assert "<svg" not in page
    assert 'id="manual-key"' not in page
    assert "Email me a link" in page
    assert not TOTPDevice.objects.filter(user=officer).exists()
    # A code posted to the page without a link confirms nothing.
    client.post(reverse("core:enrol"), {"token": "123456"})
    assert not TOTPDevice.objects.filter(user=officer, confirmed=True).exists()
    assert client.get(reverse("core:home"))["Location"].startswith(reverse("core:verify"))


def test_the_link_sets_up_the_app_once_and_the_person_is_told(
    client,
    officer,
    mailoutbox,
    sending,  # noqa: F811
):
    sign_in(client, officer)
    with sending():
        response = client.post(reverse("core:enrol"))
    assert "We have sent a link to officer@example.org" in response.content.decode()
    (link,) = links_in(mailoutbox)
    assert mailoutbox[0].to == ["officer@example.org"]
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    with sending():
        response = client.post(link, {"token": totp_code_now(device)})
    assert response["Location"].startswith(reverse("core:backup-codes"))
    device.refresh_from_db()
    assert device.confirmed
    assert mailoutbox[-1].subject == "An authenticator app was set up for your account"
    assert client.get(reverse("core:home")).status_code == 200
    # Used: the link now only says so, for anyone.
    page = client.get(link).content.decode()
    assert "This link has been used or replaced" in page
    assert "<svg" not in page


def test_a_link_works_only_for_the_account_it_was_sent_to(
    client,
    officer,
    mailoutbox,
    sending,  # noqa: F811
):
    with sending():
        sign_in(client, officer).post(reverse("core:enrol"))
    (link,) = links_in(mailoutbox)
    other = MembershipFactory().user
    intruder = sign_in(Client(), other)
    page = intruder.get(link).content.decode()
    assert "This link has been used or replaced" in page
    assert "<svg" not in page


def test_a_new_link_replaces_the_old_one_and_links_expire_after_a_day(
    client,
    officer,
    mailoutbox,
    sending,  # noqa: F811
):
    sign_in(client, officer)
    with sending():
        client.post(reverse("core:enrol"))
        # Asking again within a minute sends nothing new.
        client.post(reverse("core:enrol"))
    assert len(links_in(mailoutbox)) == 1
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=2)), sending():
        client.post(reverse("core:enrol"))
    first, second = links_in(mailoutbox)
    assert "This link has been used or replaced" in client.get(first).content.decode()
    assert "<svg" in client.get(second).content.decode()
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=24, minutes=5)):
        sign_in(client, officer)
        assert "The link has expired" in client.get(second).content.decode()


def test_an_admins_reset_removes_the_app_tells_the_person_and_sends_a_new_link(
    client,
    officer,
    mailoutbox,
    sending,  # noqa: F811
):
    TOTPDevice.objects.create(user=officer, name="app", confirmed=True)
    backup_codes_issue(user=officer, notify=False)
    site_admin = User.objects.create_user(
        "admin@example.org", TEST_PASSWORD, is_staff=True, is_superuser=True
    )
    admin = sign_in_verified(Client(), site_admin)
    with sending():
        response = admin.post(
            reverse("admin:core_user_changelist"),
            {"action": "reset_second_factor", ACTION_CHECKBOX_NAME: [officer.pk]},
        )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=officer, confirmed=True).exists()
    subjects = [m.subject for m in mailoutbox if m.to == ["officer@example.org"]]
    assert subjects == [
        "Your authenticator app was removed from your account",
        "Set up your authenticator app",
    ]
    (link,) = links_in(mailoutbox)
    sign_in(client, officer)
    assert "<svg" in client.get(link).content.decode()


def test_new_backup_codes_are_reported_by_email(client, officer, mailoutbox, sending):  # noqa: F811
    sign_in_verified(client, officer)
    with sending():
        response = client.post(reverse("core:backup-codes"))
    assert response.status_code == 302
    (message,) = mailoutbox
    assert message.subject == "You have new backup codes"
    assert message.to == ["officer@example.org"]
