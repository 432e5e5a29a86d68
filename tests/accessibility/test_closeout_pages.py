"""axe on the termination, recovery and close-out pages with content and with errors: the
termination's money working and its refusal without a reason, the close's checklist, a
recovery with its receipts, the receipt form refused, the recoveries outstanding, and the
provider's grant and recovery."""

import pytest
from playwright.sync_api import expect

from tests.harness.axe import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_closeout_pages_with_content_and_errors(browser_as):
    from tests.grants.factories import (
        D,
        documents_in_date,
        paid_with_a_return,
        receipt,
        terminated_award,
    )
    from tests.providers.factories import persona_organisation

    organisation = persona_organisation("x")
    documents_in_date(organisation)
    active = paid_with_a_return(organisation=organisation)
    owing = terminated_award(D("12000.00"), D("8000.00"), organisation=organisation)
    recovery = owing.recoveries.get()
    receipt(recovery, D("100.00"))

    decider = browser_as("decision_maker_a")
    decider.goto(f"/grants/{active.pk}/terminate/")
    expect(decider.get_by_text("What happens to the money")).to_be_visible()
    assert_accessible(decider)
    decider.get_by_role("button", name="Terminate the grant").click()
    expect(decider.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(decider)
    decider.goto(f"/grants/{active.pk}/close/")
    expect(decider.get_by_text("What still stops the close")).to_be_visible()
    assert_accessible(decider)
    decider.goto(f"/grants/{owing.pk}/")
    expect(decider.get_by_text("Money due back")).to_be_visible()
    assert_accessible(decider)

    finance = browser_as("finance_officer_a")
    finance.goto("/grants/recoveries/")
    assert_accessible(finance)
    finance.goto(f"/grants/recoveries/{recovery.pk}/")
    assert_accessible(finance)
    finance.goto(f"/grants/recoveries/{recovery.pk}/receipt/")
    finance.get_by_label("Amount received").fill("99999.00")
    finance.get_by_role("button", name="Record the money received").click()
    expect(finance.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(finance)

    provider = browser_as("provider_admin_x")
    provider.goto(f"/grants/mine/{owing.pk}/")
    expect(provider.get_by_text("Money due back")).to_be_visible()
    assert_accessible(provider)
    provider.goto(f"/grants/mine/recoveries/{recovery.pk}/")
    assert_accessible(provider)
