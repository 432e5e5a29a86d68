"""The second-factor page: the cursor starts in the code field, and nothing but the skip
link and the service's name comes before it in tab order."""

import pytest
from django.conf import settings
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.core.factories import MembershipFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FOCUSABLE = "a[href], button, input:not([type=hidden]), select, textarea, [tabindex]"


def test_the_code_field_is_focused_and_first_in_tab_order(browser, live_server):
    user = MembershipFactory().user
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    client = Client()
    client.force_login(user)  # password given, code not yet
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    page = context.new_page()
    page.goto("/")
    expect(page.get_by_role("heading", name="Enter your security code")).to_be_visible()
    assert page.evaluate("document.activeElement.name") == "token"
    before = page.evaluate(
        """(selector) => {
            const field = document.querySelector('input[name=token]');
            return [...document.querySelectorAll(selector)]
                .filter((el) => el.compareDocumentPosition(field)
                    & Node.DOCUMENT_POSITION_FOLLOWING)
                .filter((el) => el.offsetParent !== null
                    || el.classList.contains('govuk-skip-link'))
                .map((el) => el.textContent.trim());
        }""",
        FOCUSABLE,
    )
    assert before == ["Skip to main content", settings.SERVICE_NAME]
    # Tab from the field goes on to the form's own button.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Continue"
    context.close()
