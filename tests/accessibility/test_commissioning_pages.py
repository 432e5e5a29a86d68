"""axe on the round pages with content in them (the matrix's run opens the listing empty):
the public listing with rounds and a filter, a provider's view of a round with its lots and
answers, the office's settings and state pages, and the round form with its errors."""

import pytest
from playwright.sync_api import expect

from tests.harness.axe import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def check(page, url):
    response = page.goto(url)
    assert response.ok, f"{url} answered {response.status}"
    assert_accessible(page, url)


def rounds():
    from decimal import Decimal

    from commissioning import services
    from commissioning.models import RoundStatus
    from core.models import PolicingBody
    from tests.commissioning.factories import officer, round_through
    from tests.providers.factories import OrganisationFactory

    partner = PolicingBody.objects.get(slug="dyfed-powys")
    joint = round_through(RoundStatus.DRAFT, related={"partner_bodies": [partner]})
    services.lot_add(round=joint, by=officer(), name="North", amount=Decimal("5000.00"))
    services.round_transition(round=joint, to=RoundStatus.SCHEDULED, by=officer())
    question = services.clarification_ask(
        round=joint, organisation=OrganisationFactory(), by=None, question="May we bid?"
    )
    services.clarification_answer(clarification=question, by=officer(), answer="Yes.")
    round_through(RoundStatus.SCHEDULED, title="Another round")
    return joint


def test_the_listing_and_a_round_page(browser_as):
    joint = rounds()
    page = browser_as("provider_admin_x")
    check(page, "/rounds/")
    check(page, "/rounds/?category=2")
    check(page, f"/rounds/{joint.pk}/")
    check(page, "/rounds/alerts/")


def test_the_office_pages_of_a_round_and_the_form_with_errors(browser_as):
    joint = rounds()
    page = browser_as("commissioning_officer_a")
    check(page, f"/commissioning/rounds/{joint.pk}/")
    check(page, f"/commissioning/rounds/{joint.pk}/state/")
    check(page, f"/commissioning/rounds/{joint.pk}/clarifications/")
    page.goto("/commissioning/rounds/new/")
    page.get_by_role("button", name="Save the round").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)
