"""The sign-in lockout, tried as an attacker would: spellings of the address, many machines.

5 wrong passwords for an address from one client address lock it there; 20 from anywhere
lock it everywhere; a completed password reset lifts it for that account only.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.core.factories import TEST_PASSWORD, UserFactory
from tests.providers.conftest import sending  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db

WRONG = "not-the-password-at-all"


def attempt(client, username, password=WRONG, ip="192.0.2.1", **extra):
    return client.post(
        reverse("core:sign-in"),
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
        **extra,
    )


def locked(response):
    return response.status_code == 429 and "Too many attempts to sign in" in (
        response.content.decode()
    )


def signed_in(response, client):
    return response.status_code == 302 and "_auth_user_id" in client.session


@pytest.fixture
def officer():
    return UserFactory(email="officer@example.org")


def test_changing_the_case_or_spacing_of_the_address_does_not_get_past_the_lockout(client, officer):
    spellings = [
        "officer@example.org",
        "Officer@example.org",
        "OFFICER@EXAMPLE.ORG",
        " officer@example.org ",
        "officer@Example.Org",
    ]
    for spelling in spellings[:4]:
        assert not locked(attempt(client, spelling))
    # The fifth wrong password, however spelt, locks the account.
    assert locked(attempt(client, spellings[4]))
    for spelling in ["officer@example.org", "OffICER@example.org", "  officer@EXAMPLE.org"]:
        # Even the right password: the account is locked from this machine.
        assert locked(attempt(Client(), spelling, TEST_PASSWORD))


def test_the_attempt_before_the_lockout_warns_that_one_more_locks_the_account(client, officer):
    for _ in range(3):
        body = attempt(client, "officer@example.org").content.decode()
        assert "lock the account" not in body
    body = attempt(client, "Officer@Example.org").content.decode()
    assert "If the next password is wrong too, we will lock the account for an hour" in body
    assert locked(attempt(client, "officer@example.org"))


def test_five_failures_from_one_machine_do_not_lock_the_owner_out_elsewhere(client, officer):
    for _ in range(5):
        attempt(client, "officer@example.org", ip="198.51.100.7")
    assert locked(attempt(Client(), "officer@example.org", TEST_PASSWORD, ip="198.51.100.7"))
    owner = Client()
    assert signed_in(attempt(owner, "officer@example.org", TEST_PASSWORD, ip="203.0.113.9"), owner)


def test_guesses_spread_over_many_machines_lock_the_address_at_twenty(client, officer):
    for n in range(19):
        response = attempt(Client(), "Officer@example.org", ip=f"198.51.100.{n + 1}")
        assert not locked(response), n
    # The 20th guess, from yet another machine, locks the address everywhere.
    assert locked(attempt(Client(), " officer@example.org", ip="198.51.100.200"))
    assert locked(attempt(Client(), "officer@example.org", TEST_PASSWORD, ip="203.0.113.50"))


def test_a_forwarded_for_header_is_ignored_unless_a_trusted_proxy_is_configured(
    client, officer, settings
):
    settings.TRUSTED_PROXY_COUNT = 0
    for n in range(5):
        attempt(client, "officer@example.org", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    assert locked(
        attempt(Client(), "officer@example.org", TEST_PASSWORD, HTTP_X_FORWARDED_FOR="10.9.9.9")
    )


def test_behind_a_trusted_proxy_the_client_is_the_address_the_proxy_added(officer, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client writes its own header; the proxy appends the address it saw (192.0.2.66).
    for n in range(5):
        attempt(Client(), "officer@example.org", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 192.0.2.66")
    assert locked(
        attempt(Client(), "officer@example.org", TEST_PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.66")
    )
    owner = Client()
    response = attempt(
        owner, "officer@example.org", TEST_PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.7"
    )
    assert signed_in(response, owner)


def test_a_completed_password_reset_lifts_the_lockout_for_that_account_only(
    client,
    officer,
    mailoutbox,
    sending,  # noqa: F811
):
    other = UserFactory(email="other@example.org")
    for _ in range(5):
        attempt(client, "OFFICER@example.org")
        attempt(client, "other@example.org")
    assert locked(attempt(Client(), "officer@example.org", TEST_PASSWORD))
    assert locked(attempt(Client(), other.email, TEST_PASSWORD))

    with sending():
        client.post(reverse("core:password-reset"), {"email": "Officer@example.org"})
    link = re.search(r"http://127\.0\.0\.1:8000(/password-reset/\S+/)", mailoutbox[0].body)
    form_page = client.get(link.group(1), follow=True)
    new_password = "a-brand-new-passphrase-77"
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )

    owner = Client()
    assert signed_in(attempt(owner, "officer@example.org", new_password), owner)
    assert locked(attempt(Client(), other.email, TEST_PASSWORD))
