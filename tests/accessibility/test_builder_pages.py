"""axe on the question builder's pages with questions in them, the preview of a section of
every type with its errors showing, and a scheduled round's frozen builder (the matrix's run
opens the pages with nothing wrong)."""

import pytest
from playwright.sync_api import expect

from tests.harness.axe import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def check(page):
    assert_accessible(page)


def test_the_preview_of_every_type_with_errors_and_another_cost_line(browser_as):
    from tests.commissioning.builder_factories import round_with_questions

    round_ = round_with_questions()
    section = round_.sections.get(title="Your service")
    page = browser_as("commissioning_officer_a")
    page.goto(f"/commissioning/rounds/{round_.pk}/preview/{section.pk}/")
    check(page)
    page.get_by_role("button", name="Add another cost line").click()
    check(page)
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    check(page)


def test_the_frozen_builder_and_a_help_text_correction(browser_as):
    from commissioning.models import RoundStatus
    from tests.commissioning.builder_factories import round_with_questions, set_status

    round_ = set_status(round_with_questions(), RoundStatus.SCHEDULED)
    question = round_.questions.get(text="Describe the need")
    page = browser_as("commissioning_officer_a")
    page.goto(f"/commissioning/rounds/{round_.pk}/questions/")
    check(page)
    page.goto(f"/commissioning/rounds/{round_.pk}/questions/{question.pk}/help-text/")
    page.get_by_role("button", name="Correct the help text").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    check(page)
