"""The accessibility statement, privacy notice and cookies page say what this service does."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def text(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("name", "url"),
    [
        ("core:accessibility", "/accessibility/"),
        ("core:privacy", "/privacy/"),
        ("core:cookies", "/cookies/"),
    ],
)
def test_the_pages_answer_get_only(client, name, url):
    assert reverse(name) == url
    assert client.get(url).status_code == 200
    assert client.head(url).status_code == 200
    assert client.post(url).status_code == 405


def test_the_accessibility_statement(client):
    html = text(client, "core:accessibility")
    assert "<title>Accessibility statement \u2013 " in html
    for words in (
        "(WCAG) version 2.2 at level AA",
        "axe-core",
        "headless Chromium",
        "with a keyboard alone",
        "Equality and Human Rights Commission (EHRC)",
        "Equality Advisory and Support Service",
        "This statement was prepared on 22 November 2026.",
        'href="mailto:commissioning@example.org"',
        "partially compliant",
    ):
        assert words in html, words


def test_the_privacy_notice(client, settings):
    settings.SERVICE_CONTACT_EMAIL = "dpo@opcc.example.gov.uk"
    html = text(client, "core:privacy")
    assert "<title>Privacy notice \u2013 " in html
    for words in (
        "The controller of your personal data is the office of the Police and Crime Commissioner",
        "About the staff of commissioners",
        "About people who work for providers",
        "About assessors and police and crime panel members",
        "public task (UK GDPR Article 6(1)(e))",
        "How long we keep it",
        "7 years",
        "Your rights",
        "Information Commissioner's Office",
        'href="mailto:dpo@opcc.example.gov.uk"',
    ):
        assert words in html, words


def test_the_cookies_page_lists_only_the_strictly_necessary_cookies(client):
    html = text(client, "core:cookies")
    assert "<title>Cookies \u2013 " in html
    assert "We do not use analytics" in html
    for name, expires in (
        ("sessionid", "2 weeks"),
        ("csrftoken", "1 year"),
        ("django_language", "When you close your browser"),
        ("held_posts", "1 day"),
    ):
        row = html.split(f"<code>{name}</code>", 1)[1].split("</tr>", 1)[0]
        assert expires in row, name
    assert html.count("<code>") == 4


def test_the_cookies_page_follows_the_settings(client, settings):
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    settings.LANGUAGE_COOKIE_AGE = 365 * 86400
    html = text(client, "core:cookies")
    session = html.split("<code>sessionid</code>", 1)[1].split("</tr>", 1)[0]
    language = html.split("<code>django_language</code>", 1)[1].split("</tr>", 1)[0]
    assert "When you close your browser" in session
    assert "1 year" in language
