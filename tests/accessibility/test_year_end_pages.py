"""axe on the year-end pages with figures in them: the year end of a year with ring-fenced
and un-ring-fenced budgets (and its refusal), the agreement form with an error, the closed
year's summary with an adjustment (and its button to move the money on, then the message),
and the adjustment form."""

import datetime
from decimal import Decimal

import pytest

from tests.harness.axe import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def budgets():
    from tests.funding.factories import year_end_budget
    from tests.plans.factories import body

    plain = year_end_budget(body_=body(), amount=Decimal("1000.01"), name="Community safety")
    ring = year_end_budget(
        body_=body(), amount=Decimal("500.00"), ring_fenced=True, name="Victims' services"
    )
    return plain, ring


def test_the_year_end_and_the_agreement_form(browser_as):
    _plain, ring = budgets()
    page = browser_as("finance_officer_a")
    page.goto("/manage/budgets/2025-26/year-end/")
    assert_accessible(page)
    page.goto(f"/manage/budget/{ring.pk}/carry-forward-agreement/")
    page.get_by_role("button", name="Record the agreement").click()
    assert_accessible(page)


def test_the_closed_year_and_an_adjustment(browser_as):
    from funding.ledger.models import EntryKind
    from funding.yearend.services import year_end_adjust
    from tests.funding.factories import year_closed
    from tests.funding.ledger_factories import decision_maker

    plain, _ring = budgets()
    year_closed(plain.body)
    year_end_adjust(
        budget=plain,
        by=decision_maker(plain.body),
        kind=EntryKind.ADJUSTMENT_ADDED,
        amount=Decimal("7.77"),
        reason="Interest credited in March, found at audit.",
        effective_on=datetime.date(2026, 3, 30),
    )
    page = browser_as("decision_maker_a")
    page.goto("/manage/budgets/2025-26/closed/")
    assert_accessible(page)
    page.goto("/manage/budgets/2025-26/adjustment/")
    page.get_by_role("button", name="Record the adjustment").click()
    assert_accessible(page)
    # The finance officer's summary has the button that moves the adjustment's £7.77 on.
    page = browser_as("finance_officer_a")
    page.goto("/manage/budgets/2025-26/closed/")
    button = page.get_by_role("button", name="Carry forward or return what is unspent now")
    assert button.is_visible()
    assert_accessible(page)
    button.click()
    page.wait_for_url("**/manage/budgets/2025-26/closed/")
    assert_accessible(page)
