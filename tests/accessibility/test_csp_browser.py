"""govuk-frontend starts under the strict Content-Security-Policy, and nothing is blocked."""

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _is_blocked(text):
    return "Content Security Policy" in text or "Content-Security-Policy" in text


def test_govuk_frontend_starts_under_the_policy_and_nothing_is_blocked(browser_as, live_server):
    page = browser_as("commissioning_officer_a")
    blocked = []
    page.on("console", lambda message: _is_blocked(message.text) and blocked.append(message.text))
    page.on("pageerror", lambda error: blocked.append(str(error)))
    page.goto(live_server.url + reverse("plans:list"))
    # Set by static/js/supported.js, a file rather than an inline script.
    page.wait_for_function("document.body.classList.contains('govuk-frontend-supported')")
    # govuk-frontend marks each component it starts; the skip link is on every page.
    page.wait_for_selector(".govuk-skip-link[data-govuk-skip-link-init]", state="attached")
    assert blocked == []
