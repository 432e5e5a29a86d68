"""axe on the monitoring return pages with content and with errors (the matrix's run opens
each page once): the provider's returns and a return's form refused on submission with its
errors, one whose period has not ended, the office's review list and a submitted return's
review with its error, and a grant's returns against its targets with the SVG chart (the
office's and the provider's)."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.harness.axe import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_return_pages_with_content_and_errors(browser_as):
    from grants import services
    from tests.commissioning.decision_factories import officer
    from tests.grants.factories import (
        accepted_return,
        administrator,
        decided_outcome,
        documents_in_date,
        submitted_return,
    )
    from tests.providers.factories import persona_organisation

    organisation = documents_in_date(persona_organisation("x"))
    outcome = decided_outcome(organisation=organisation)
    award = services.award_make(outcome=outcome, by=officer(outcome.decision.body))
    services.award_offer(award=award, by=officer(award.body))
    services.award_accept(
        award=award, by=administrator(organisation), accepted_name="Alex", confirmed=True
    )
    # Return 2 (its period has ended) is the form refused for what is missing; return 3 is
    # submitted for review (the factory submits it on a clock after its period).
    first, third, second = award.monitoring_returns.order_by("number")[:3]
    accepted_return(first, achieved=20)
    submitted_return(second, achieved=15)
    not_yet = award.monitoring_returns.filter(
        period_end__gte=timezone.localdate(), status="due"
    ).first()

    provider = browser_as("provider_editor_x")
    provider.goto("/grants/mine/returns/")
    assert_accessible(provider)
    provider.goto(f"/grants/mine/returns/{third.pk}/")
    provider.get_by_label("Police").fill("4")
    provider.get_by_role("button", name="Submit the return").click()
    expect(provider.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(provider)
    provider.goto(f"/grants/mine/returns/{first.pk}/")
    assert_accessible(provider)
    if not_yet is not None:
        # A period not yet ended: the form says when it can be submitted, with no submit.
        provider.goto(f"/grants/mine/returns/{not_yet.pk}/")
        expect(provider.get_by_text("You can fill in the return and save it now")).to_be_visible()
        assert_accessible(provider)
    provider.goto(f"/grants/mine/{award.pk}/returns/")
    expect(provider.locator("svg.app-chart").first).to_be_visible()
    assert_accessible(provider)

    office = browser_as("commissioning_officer_a")
    office.goto("/grants/returns/")
    assert_accessible(office)
    office.goto(f"/grants/returns/{second.pk}/")
    office.get_by_label("Return it to the provider for changes").check()
    office.get_by_role("button", name="Save your decision").click()
    expect(office.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(office)
    office.goto(f"/grants/{award.pk}/returns/")
    expect(office.locator("svg.app-chart").first).to_be_visible()
    assert_accessible(office)
