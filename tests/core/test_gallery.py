"""The component gallery: staff only, and its form shows errors and keeps what was typed."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from core.models import User
from tests.harness.personas import sign_in_verified

pytestmark = pytest.mark.django_db

URL = "/gallery/"


@pytest.fixture
def staff(client):
    user = User.objects.create_user("alice@example.org", "a-long-password-1", is_staff=True)
    sign_in_verified(client, user)
    return user


def test_the_gallery_url():
    assert reverse("core:gallery") == URL


def test_anonymous_people_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse(settings.LOGIN_URL)}?next={URL}"


def test_people_who_are_not_staff_are_refused(client):
    client.force_login(User.objects.create_user("bob@example.org", "a-long-password-2"))
    assert client.get(URL).status_code == 403


def test_staff_see_every_pattern(client, staff):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Component gallery" in html
    assert "govuk-error-summary" not in html
    for marker in (
        'type="radio"',
        'type="checkbox"',
        "govuk-radios__conditional",
        "govuk-checkboxes__conditional",
        "govuk-date-input",
        'data-module="app-word-count"',
        'type="file"',
        'type="password"',
        "govuk-select",
        "govuk-textarea",
        "govuk-button--secondary",
        "govuk-button--warning",
        "govuk-button--start",
        "govuk-table",
        "govuk-summary-list",
        "govuk-tag",
        "govuk-notification-banner",
        "govuk-task-list",
        "govuk-details",
        "govuk-inset-text",
        "govuk-warning-text",
        "govuk-pagination",
    ):
        assert marker in html, marker


def test_a_form_with_errors_shows_the_summary_and_keeps_what_was_typed(client, staff):
    response = client.post(
        URL,
        {
            "organisation_name": "Safe Haven <Support>",
            "amount": "lots",
            "contact_method": "email",
            "contact_by_email": "",
            "start_date_day": "31",
            "start_date_month": "2",
            "start_date_year": "2027",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r"<title>Error: Component gallery", html)
    assert html.count('data-module="govuk-error-summary"') == 1
    assert html.index("govuk-error-summary") < html.index("<h1")
    assert '<a href="#id_contact_by_email">Enter an e-mail address</a>' in html
    assert (
        '<a href="#id_amount">Amount requested must be an amount of money, like 12500.00</a>'
        in html
    )
    assert '<a href="#id_organisation_name">' not in html
    assert '<a href="#id_start_date_day">Start date must be a real date</a>' in html
    assert '<a href="#id_contact_method">' not in html  # it was answered
    assert 'value="Safe Haven &lt;Support&gt;"' in html
    assert 'value="lots"' in html
    assert re.search(
        r'id="id_start_date_day" name="start_date_day" type="text" inputmode="numeric" value="31"',
        html,
    )
    # The chosen radio stays chosen and its revealed question is shown with its error.
    assert re.search(
        r'id="id_contact_method" name="contact_method" type="radio" value="email" checked', html
    )
    assert 'class="govuk-radios__conditional" id="conditional-id_contact_method"' in html


def test_a_valid_form_says_so_on_the_next_page(client, staff):
    response = client.post(
        URL,
        {
            "organisation_name": "Safe Haven Support",
            "contact_email": "bids@safehaven.example.org",
            "amount": "12500.00",
            "funding_stream": "moj-victims",
            "summary": "Support for victims of domestic abuse in the county.",
            "outcomes": "Victims cope and recover.",
            "contact_method": "post",
            "needs": ["domestic-abuse"],
            "start_date_day": "1",
            "start_date_month": "4",
            "start_date_year": "2027",
            "declaration": "on",
        },
        follow=True,
    )
    assert response.redirect_chain == [(URL, 302)]
    html = response.content.decode()
    assert "govuk-notification-banner--success" in html
    assert "The example bid was valid. Nothing was saved." in html


def test_a_time_the_clocks_skip_is_shown_against_the_time_box(client, staff):
    html = client.post(
        reverse("core:gallery"),
        {
            "closes_at_day": "28",
            "closes_at_month": "3",
            "closes_at_year": "2027",
            "closes_at_time": "1:45am",
        },
    ).content.decode()
    assert (
        '<a href="#id_closes_at_time">The clocks go forward on 28 March 2027, so 1:45am does not '
        "happen that day. Enter 2am, the nearest time that does</a>"
    ) in html
    assert re.search(
        r'class="govuk-input govuk-date-input__input govuk-input--width-5 govuk-input--error" '
        r'id="id_closes_at_time" name="closes_at_time" type="text" inputmode="text" value="1:45am"',
        html,
    )
    assert 'id="id_closes_at_day" name="closes_at_day" type="text" inputmode="numeric"' in html
