"""The "Stay signed in" warning in a real browser, with the page's clock run forward."""

import datetime

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from tests.harness.axe import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_two_minutes_before_an_idle_sign_out_the_page_warns_and_stay_signed_in_works(
    browser_as, live_server
):
    page = browser_as("commissioning_officer_a")
    page.clock.install()
    page.goto(live_server.url + "/")
    warning = page.get_by_text("You will be signed out in 2 minutes")
    expect(warning).to_be_hidden()
    page.clock.run_for("27:00")
    expect(warning).to_be_hidden()
    page.clock.run_for("01:30")
    expect(warning).to_be_visible()
    button = page.get_by_role("button", name="Stay signed in")
    expect(button).to_be_focused()
    assert_accessible(page)
    with page.expect_response(lambda response: "/session/stay-signed-in/" in response.url) as sent:
        button.click()
    assert sent.value.status == 204
    expect(warning).to_be_hidden()
    assert page.url == live_server.url + "/"


def test_the_set_up_link_pages_are_accessible(browser_as, live_server):
    """Pages the matrix's axe sweep meets only as a verified persona."""
    page = browser_as("unverified_staff_a")
    page.goto(live_server.url + "/second-factor/set-up/")
    expect(page.get_by_role("button", name="Email me a link")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Email me a link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    assert_accessible(page)


def test_when_the_time_is_up_the_page_shows_why_the_person_was_signed_out(browser_as, live_server):
    page = browser_as("commissioning_officer_a")
    page.clock.install()
    page.goto(live_server.url + "/")
    # The server's clock moves on with the page's: the live server runs in this process.
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=32)):
        with page.expect_navigation():
            page.clock.run_for("31:05")
        expect(
            page.get_by_text("We signed you out because you did nothing for 30 minutes")
        ).to_be_visible()
    assert_accessible(page)
