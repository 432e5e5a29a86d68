"""axe on the finance pages with figures in them (the matrix's run opens them nearly empty):
a year's budgets with bars, totals and virements; a budget with its funding, commitments and
ledger; and a form showing an error."""

import pytest
from playwright.sync_api import expect

from tests.harness.axe import assert_accessible, axe_violations, violations_report

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def check(page, url):
    response = page.goto(url)
    assert response.ok, f"{url} answered {response.status}"
    violations = axe_violations(page)
    assert not violations, f"{url}:\n{violations_report(violations)}"


def demo_budgets(persona_users):
    """The demo's budgets, built by body A's personas."""
    from decimal import Decimal

    from core.financial_years import FinancialYear
    from funding import services
    from funding.ledger.models import PartnerKind
    from tests.funding.ledger_factories import (
        allocation,
        budget,
        finance_officer,
        funded_budget,
        purpose,
    )

    officer = persona_users["finance_officer_a"]
    body = officer.memberships.get().body
    pooled = funded_budget(body_=body, amount=Decimal("90000.00"), name="Pooled fund")
    victims = funded_budget(
        body_=body, amount=Decimal("120000.00"), name="Victims' services", ring_fenced=True
    )
    youth = budget(body_=body, name="Youth diversion")
    services.funding_line_set(
        budget=youth,
        allocation=allocation(body_=body, amount=Decimal("5000.00")),
        amount=Decimal("5000.00"),
        by=finance_officer(body),
    )
    services.contribution_add(
        budget=pooled,
        by=officer,
        partner_kind=PartnerKind.LOCAL_AUTHORITY,
        partner_name="Bristol City Council",
        amount=Decimal("10000.00"),
        received_on=FinancialYear(2026).start,
    )
    commitment = services.reserve(
        body=body,
        parts=[services.BudgetAmount(victims, Decimal("40000.00"))],
        payee="Victim Support",
        purpose=purpose(),
    )
    services.reservation_commit(commitment=commitment)
    services.payment_release(commitment=commitment, budget=victims, amount=Decimal("10000.00"))
    services.payment_pay(commitment=commitment, budget=victims, amount=Decimal("10000.00"))
    services.virement_request(
        from_budget=pooled,
        to_budget=youth,
        amount=Decimal("2500.00"),
        reason="Summer programme",
        by=officer,
    )
    return pooled, victims


def test_a_years_budgets_and_a_budget_with_figures(browser_as, persona_users):
    pooled, victims = demo_budgets(persona_users)
    page = browser_as("decision_maker_a")
    check(page, f"/manage/budgets/{victims.year}/")
    page = browser_as("finance_officer_a")
    check(page, f"/manage/budget/{victims.pk}/")
    check(page, f"/manage/budget/{pooled.pk}/")
    page.goto(f"/manage/budget/{pooled.pk}/virement/")
    page.get_by_role("button", name="Request the virement").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)
