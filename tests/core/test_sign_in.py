import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.second_factor import backup_codes_issue, totp_code_now
from tests.core.factories import TEST_PASSWORD, MembershipFactory, UserFactory
from tests.providers.conftest import sending  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def sign_in(client, email, password=TEST_PASSWORD, follow=False):
    return client.post(
        reverse("core:sign-in"), {"username": email, "password": password}, follow=follow
    )


def enrolment_link(message):
    return re.search(r"http://127\.0\.0\.1:8000(/second-factor/set-up/\S+/)", message.body).group(1)


def test_staff_sign_in_with_password_then_must_verify_a_code(client):
    user = MembershipFactory().user
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    response = sign_in(client, user.email.upper())
    assert response.status_code == 302
    home = client.get(reverse("core:home"))
    assert home.status_code == 302
    assert home["Location"].startswith(reverse("core:verify"))
    response = client.post(reverse("core:verify"), {"token": totp_code_now(device)})
    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 200


def test_a_wrong_password_shows_an_error_and_keeps_the_address(client):
    user = UserFactory()
    response = sign_in(client, user.email, "not-the-password")
    body = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error:" in body
    assert "govuk-error-summary" in body
    assert f'value="{user.email}"' in body


def test_staff_without_a_device_are_sent_to_set_one_up(client):
    user = MembershipFactory().user
    sign_in(client, user.email)
    response = client.get(reverse("core:verify"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:enrol"))


def test_enrolment_shows_a_qr_code_and_key_then_issues_ten_backup_codes(
    client,
    mailoutbox,
    sending,  # noqa: F811
):
    user = MembershipFactory().user
    sign_in(client, user.email)
    with sending():
        client.post(reverse("core:enrol"))
    link = enrolment_link(mailoutbox[-1])
    page = client.get(link).content.decode()
    assert "<svg" in page
    key = re.search(r'id="manual-key"><code>([A-Z2-7 ]+)</code>', page).group(1)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(link, {"token": "000000"})
    assert "The security code is not right" in response.content.decode()
    # A failure throttles the device for a second; the person retypes a moment later.
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=5)):
        device.refresh_from_db()
        response = client.post(link, {"token": totp_code_now(device)}, follow=True)
    device.refresh_from_db()
    assert device.confirmed
    assert len(key.replace(" ", "")) == 32
    codes = re.findall(r"<li><code>([0-9a-f]{8})</code></li>", response.content.decode())
    assert len(codes) == 10
    # Shown once only.
    again = client.get(reverse("core:backup-codes")).content.decode()
    assert codes[0] not in again
    assert "10 backup codes left" in again


def test_a_backup_code_works_once(client):
    user = MembershipFactory().user
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    codes = backup_codes_issue(user=user)
    sign_in(client, user.email)
    response = client.post(reverse("core:verify"), {"token": codes[0]}, follow=True)
    shown = [str(m) for m in response.context["messages"]]
    assert shown == ["You used a backup code. You have 9 left."]
    assert StaticToken.objects.filter(token=codes[0]).count() == 0
    client.logout()
    sign_in(client, user.email)
    response = client.post(reverse("core:verify"), {"token": codes[0]})
    assert "The security code is not right" in response.content.decode()


def test_providers_without_a_device_need_no_second_factor(client):
    user = UserFactory()
    sign_in(client, user.email)
    assert client.get(reverse("core:home")).status_code == 200


def test_repeated_failures_lock_the_account_out(client):
    user = UserFactory()
    for _ in range(5):
        sign_in(client, user.email, "wrong-password")
    response = sign_in(client, user.email)
    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.content.decode()


def test_signing_out_needs_a_post(client):
    user = UserFactory()
    sign_in(client, user.email)
    assert client.get(reverse("core:sign-out")).status_code == 200
    assert "_auth_user_id" in client.session
    response = client.post(reverse("core:sign-out"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
