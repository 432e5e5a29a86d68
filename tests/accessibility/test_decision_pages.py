"""axe on the decisions' pages with content and with errors (the matrix's run opens each page
once): the draft with its outcomes and money per year and its errors, the approval page
refusing a decision over the limit, and the public page of a published decision."""

import pytest
from playwright.sync_api import expect

from tests.harness.axe import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_draft_with_errors_the_refused_approval_and_the_public_decision(browser_as):
    from commissioning.decisions import services
    from tests.commissioning.decision_factories import (
        D,
        approvable,
        bids_of,
        deciding_round,
        decision_maker,
        successful,
        unsuccessful,
    )

    round_ = deciding_round()
    first, second = bids_of(round_)
    page = browser_as("commissioning_officer_a")
    page.goto(f"/commissioning/rounds/{round_.pk}/decisions/new/")
    page.get_by_label("Reasons for the decision").fill("Within the money.")
    page.get_by_role("group", name=first.reference).get_by_label("Successful", exact=True).check()
    page.get_by_role("button", name="Save the draft decision").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)

    over = approvable(round_, [successful(first, D("9000.00"), D("9000.00"))])
    limited = browser_as("decision_maker_limited_a")
    limited.goto(f"/commissioning/decisions/{over.pk}/approve/")
    limited.get_by_role("button", name="Approve the decision").click()
    expect(limited.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(limited)

    published = services.decision_approve(
        decision=approvable(round_, [unsuccessful(second)]), by=decision_maker(round_.lead_body)
    )
    services.decision_publish(decision=published, by=decision_maker(round_.lead_body))
    anonymous = browser_as("anonymous")
    anonymous.goto(f"/decisions/{round_.lead_body.slug}/{published.pk}/")
    expect(anonymous.get_by_role("heading", level=1)).to_contain_text(published.number)
    assert_accessible(anonymous)
