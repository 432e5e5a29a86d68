"""axe on the variations' pages with content and with errors (the matrix's run opens each
page once): the proposal refused with its errors, a variation with its history, the list
awaiting approval and the decision page, the award's section, and the provider's letter
with the acceptance refused."""

import pytest
from playwright.sync_api import expect

from tests.harness.axe import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_variation_pages_with_content_and_errors(browser_as):
    from tests.grants.factories import (
        D,
        accepted_award,
        approved_variation,
        award_budgets,
        documents_in_date,
        proposed_variation,
    )
    from tests.providers.factories import persona_organisation

    award = accepted_award()
    officer = browser_as("commissioning_officer_a")
    officer.goto(f"/grants/{award.pk}/variations/new/")
    officer.get_by_label("Why is the grant varied?").fill("")
    officer.get_by_role("button", name="Save the variation").click()
    expect(officer.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(officer)

    waiting = proposed_variation(award, amounts={award_budgets(award)[0]: D("13000.00")})
    officer.goto(f"/grants/variations/{waiting.pk}/")
    assert_accessible(officer)
    officer.goto(f"/grants/{award.pk}/")
    expect(officer.get_by_role("heading", name="Variations")).to_be_visible()
    assert_accessible(officer)

    decider = browser_as("decision_maker_a")
    decider.goto("/grants/variations/")
    assert_accessible(decider)
    decider.goto(f"/grants/variations/{waiting.pk}/decide/")
    decider.get_by_role("button", name="Record the decision").click()
    expect(decider.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(decider)

    organisation = persona_organisation("x")
    documents_in_date(organisation)
    mine = accepted_award(organisation=organisation)
    letter = approved_variation(mine, amounts={award_budgets(mine)[1]: D("9000.00")})
    provider = browser_as("provider_admin_x")
    provider.goto(f"/grants/mine/variations/{letter.pk}/")
    assert_accessible(provider)
    provider.goto(f"/grants/mine/variations/{letter.pk}/accept/")
    provider.get_by_role("button", name="Accept the variation").click()
    expect(provider.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(provider)
    provider.goto(f"/grants/mine/{mine.pk}/")
    assert_accessible(provider)
