"""Sessions of accounts with a second factor end when idle or old; sensitive steps ask again.

30 minutes without activity (a page that refreshes itself is not activity), 12 hours
whatever happens; `recent_sign_in_required` asks for the password and a code after 15.
"""

import datetime
import re

import pytest
import time_machine
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.second_factor import totp_code_now
from tests.core.factories import TEST_PASSWORD, GeneratedFileFactory, MembershipFactory, UserFactory
from tests.harness.personas import sign_in_verified

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def at(minutes=0, hours=0):
    return time_machine.travel(START + datetime.timedelta(minutes=minutes, hours=hours), tick=False)


def signed_out(response):
    return response.status_code == 302 and response["Location"].startswith(reverse("core:sign-in"))


@pytest.fixture
def officer(client):
    user = MembershipFactory(user__email="officer@example.org").user
    with at(0):
        sign_in_verified(client, user)
    return user


def test_an_idle_session_ends_after_30_minutes_and_says_why(client, officer):
    with at(29):
        assert client.get(reverse("core:home")).status_code == 200
    with at(29 + 29):
        assert client.get(reverse("core:home")).status_code == 200
    with at(29 + 29 + 31):
        response = client.get(reverse("core:home"))
        assert signed_out(response)
        assert "_auth_user_id" not in client.session
        page = client.get(response["Location"]).content.decode()
    assert "We signed you out because you did nothing for 30 minutes" in page


def test_a_page_that_refreshes_itself_does_not_keep_the_session_alive(client, officer):
    generated = GeneratedFileFactory(requested_by=officer)
    url = reverse("core:generated-file", args=[generated.uuid])
    for minute in range(5, 30, 5):
        with at(minute):
            assert client.get(url).status_code == 200
    with at(31):
        assert signed_out(client.get(url))


def test_a_session_ends_after_12_hours_however_active(client, officer):
    for minute in range(25, 12 * 60, 25):
        with at(minute):
            assert client.get(reverse("core:home")).status_code == 200
    with at(hours=12, minutes=1):
        response = client.get(reverse("core:home"))
        assert signed_out(response)
        page = client.get(response["Location"]).content.decode()
    assert "We signed you out because you signed in more than 12 hours ago" in page


def test_stay_signed_in_counts_as_activity(client, officer):
    with at(28):
        response = client.post(
            reverse("core:session-extend"), {"next": "/"}, HTTP_X_REQUESTED_WITH="fetch"
        )
        assert response.status_code == 204
    with at(28 + 29):
        assert client.get(reverse("core:home")).status_code == 200


def test_without_the_script_stay_signed_in_comes_back_to_the_page(client, officer):
    with at(28):
        response = client.post(reverse("core:session-extend"), {"next": "/generated/"})
        assert response["Location"] == "/generated/"
    with at(28 + 29):
        assert client.get(reverse("core:home")).status_code == 200


def test_the_warning_knows_how_long_is_left_and_is_hidden_until_the_script_shows_it(
    client, officer
):
    with at(10):
        client.get(reverse("core:home"))
    with at(10.5):
        body = client.get(reverse("core:generated-files")).content.decode()
    warning = re.search(r"<div[^>]*data-app-session-warning[^>]*>", body, re.S).group(0)
    assert " hidden" in warning
    assert 'data-seconds-left="1770"' in warning
    assert 'data-warning-seconds="120"' in warning
    assert 'data-idle-seconds="1800"' in warning
    assert "Stay signed in" in body
    assert "js/session.js" in body


def test_providers_without_an_app_are_not_signed_out_when_idle(client):
    user = UserFactory()
    with at(0):
        client.force_login(user)
    with at(hours=13):
        assert client.get(reverse("core:home")).status_code == 200
        assert "data-app-session-warning" not in client.get(reverse("core:home")).content.decode()


def test_appointing_an_administrator_asks_for_the_password_and_a_code_after_15_minutes(client):
    admin = UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)
    person = UserFactory()
    with at(0):
        sign_in_verified(client, admin)
    change = reverse("admin:core_user_change", args=[person.pk])
    with at(14):
        assert client.get(change).status_code == 200
    with at(16):
        response = client.get(change)
        assert response.status_code == 302
        again = response["Location"]
        assert again.startswith(reverse("core:sign-in-again"))
        page = client.get(again).content.decode()
        assert "Confirm it is you" in page
        assert 'name="token"' in page
        device = TOTPDevice.objects.get(user=admin)
        # The password alone is not enough.
        body = client.post(again, {"password": TEST_PASSWORD}).content.decode()
        assert "Enter the security code" in body
        body = client.post(again, {"password": "wrong", "token": totp_code_now(device)})
        assert "The password is not right" in body.content.decode()
    with at(17):
        response = client.post(
            again, {"password": TEST_PASSWORD, "token": totp_code_now(device), "next": change}
        )
        assert response["Location"] == change
        assert client.get(change).status_code == 200


def test_resetting_a_device_asks_again_after_15_minutes(client):
    admin = UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)
    person = MembershipFactory().user
    TOTPDevice.objects.create(user=person, name="app", confirmed=True)
    with at(0):
        sign_in_verified(client, admin)
    with at(20):
        response = client.post(
            reverse("admin:core_user_changelist"),
            {"action": "reset_second_factor", ACTION_CHECKBOX_NAME: [person.pk]},
        )
    assert response["Location"].startswith(reverse("core:sign-in-again"))
    assert TOTPDevice.objects.filter(user=person, confirmed=True).exists()
    # The list itself is no sensitive step.
    with at(21):
        assert client.get(reverse("admin:core_user_changelist")).status_code == 200
