"""axe on the grants' pages with content and with errors (the matrix's run opens each page
once): the schedule form refused with its errors, an award with paid instalments and its
history, the instalments due with a blocked one, and the provider's grant with its offer and
the acceptance refused."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.harness.axe import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_grants_pages_with_content_and_errors(browser_as):
    from grants import services
    from tests.grants.factories import (
        accepted_award,
        documents_in_date,
        draft_award,
        offered_award,
        paying,
    )
    from tests.providers.factories import persona_organisation

    draft = draft_award()
    officer = browser_as("commissioning_officer_a")
    officer.goto(f"/grants/{draft.pk}/schedule/")
    officer.get_by_label("Milestones", exact=True).check()
    officer.get_by_role("button", name="Save the schedule").click()
    expect(officer.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(officer)

    active = accepted_award()
    first = active.instalments.order_by("number").first()
    finance = paying(active)
    services.instalment_release(instalment=first, by=finance)
    first.refresh_from_db()
    services.instalment_pay(
        instalment=first,
        by=finance,
        paid_on=timezone.localdate(),
        amount=first.released_amount,
        remittance_reference="BACS 1",
        supplier_number="S-1",
    )
    offered_award()  # blocked: not accepted
    officer.goto(f"/grants/{active.pk}/")
    expect(officer.get_by_text("The award and the ledger agree to the penny.")).to_be_visible()
    assert_accessible(officer)
    officer.goto("/grants/")
    assert_accessible(officer)

    finance_page = browser_as("finance_officer_a")
    finance_page.goto("/grants/instalments/due/")
    assert_accessible(finance_page)

    organisation = persona_organisation("x")
    documents_in_date(organisation)
    mine = offered_award(organisation=organisation)
    provider = browser_as("provider_admin_x")
    provider.goto(f"/grants/mine/{mine.pk}/")
    assert_accessible(provider)
    provider.goto(f"/grants/mine/{mine.pk}/accept/")
    provider.get_by_role("button", name="Accept the agreement").click()
    expect(provider.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(provider)
    provider.goto("/grants/mine/")
    assert_accessible(provider)
