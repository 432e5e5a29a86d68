"""A person signs in through the real browser: password, then the code from their app."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from core.second_factor import totp_code_now
from tests.core.factories import TEST_PASSWORD, MembershipFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_staff_sign_in_with_password_and_authenticator_code(page, live_server):
    user = MembershipFactory(user__full_name="Priya Shah").user
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    page.goto(live_server.url + "/sign-in/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Enter your security code")).to_be_visible()
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", name="Enter your security code")).to_be_visible()
    page.get_by_label("Security code").fill(totp_code_now(device))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Hello, Priya")).to_be_visible()


def test_repeated_wrong_passwords_lock_the_account(page, live_server):
    user = UserFactory()
    for _ in range(5):
        page.goto(live_server.url + "/sign-in/")
        page.get_by_label("Email address").fill(user.email)
        page.get_by_label("Password", exact=True).fill("not-the-password")
        page.get_by_role("button", name="Sign in").click()
        # Each refusal arrives before the next attempt starts.
        expect(
            page.locator(".govuk-error-summary, h1:text('Too many attempts')").first
        ).to_be_visible()
    expect(page.get_by_role("heading", name="Too many attempts to sign in")).to_be_visible()
    # Even the right password is refused now.
    page.goto(live_server.url + "/sign-in/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Too many attempts to sign in")).to_be_visible()
