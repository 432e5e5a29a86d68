"""Radios and checkboxes that reveal a question, with JavaScript on: the question of the
checked choice shows, the others hide, and the inputs carry no aria-expanded (which axe
reports on radios and checkboxes as aria-allowed-attr)."""

import pytest
from playwright.sync_api import expect

from tests.harness.axe import axe_violations, violations_report

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_choosing_a_radio_reveals_its_question_and_axe_finds_nothing(browser_as):
    page = browser_as("commissioning_officer_a")
    page.goto("/gallery/")
    email = page.get_by_label("E-mail address", exact=True)
    expect(email).to_be_hidden()
    page.get_by_role("radio", name="E-mail").check()
    expect(email).to_be_visible()
    page.get_by_role("radio", name="Phone").check()
    expect(email).to_be_hidden()
    expect(page.get_by_label("Phone number")).to_be_visible()
    assert page.locator("input[aria-expanded]").count() == 0
    violations = axe_violations(page)
    assert not violations, violations_report(violations)


def test_without_javascript_every_question_shows(browser_as):
    page = browser_as("commissioning_officer_a", javascript=False)
    page.goto("/gallery/")
    expect(page.get_by_label("E-mail address", exact=True)).to_be_visible()
    expect(page.get_by_label("Phone number")).to_be_visible()
