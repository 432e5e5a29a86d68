"""The finance pages: a year's budgets reconcile to the penny, the panel reads only what a
decision maker published, and exports carry the same figures."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from funding import services
from funding.ledger.models import BudgetPublication, Virement
from funding.ledger.selectors import totals_by_stream
from funding.reference import COMMUNITY_SAFETY_FUND, POLICE_MAIN_GRANT
from tests.funding.ledger_factories import YEAR, allocation, budget, purpose

pytestmark = pytest.mark.django_db
D = Decimal


def post(client, name, data, **kwargs):
    response = client.post(reverse(name, kwargs=kwargs), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return response


def test_a_finance_officer_builds_a_year_and_the_page_reconciles_to_the_penny(
    signed_in, persona_users
):
    officer = persona_users["finance_officer_a"]
    body = officer.memberships.get().body
    csf = allocation(body_=body, slug=COMMUNITY_SAFETY_FUND, amount=D("10000.00"), label="CSF")
    grant = allocation(body_=body, slug=POLICE_MAIN_GRANT, amount=D("5000.00"), label="Grant")
    client = signed_in("finance_officer_a")

    post(client, "budgets:create", {"name": "Pooled safety fund", "year": str(YEAR)})
    post(client, "budgets:create", {"name": "Youth diversion", "year": str(YEAR)})
    pooled, youth = (budget_ for budget_ in body.budgets.order_by("name"))
    post(client, "budgets:funding-line", {"allocation": csf.pk, "amount": "6,000"}, pk=pooled.pk)
    post(
        client, "budgets:funding-line", {"allocation": grant.pk, "amount": "3000.01"}, pk=pooled.pk
    )
    post(client, "budgets:funding-line", {"allocation": csf.pk, "amount": "4000"}, pk=youth.pk)
    post(
        client,
        "budgets:contribution-add",
        {
            "partner_kind": "local_authority",
            "partner_name": "Bristol City Council",
            "amount": "1,000.00",
            "received_on_day": "1",
            "received_on_month": "5",
            "received_on_year": "2026",
        },
        pk=pooled.pk,
    )
    post(
        client,
        "budgets:commitment-record",
        {
            "payee": "Safer Streets CIC",
            "purpose": purpose("community-safety").pk,
            "amount": "2500.50",
        },
        pk=pooled.pk,
    )
    line = pooled.commitment_lines.get()
    post(client, "budgets:payment-record", {"amount": "1000.25"}, pk=pooled.pk, line_pk=line.pk)
    post(
        client,
        "budgets:virement-request",
        {"to_budget": youth.pk, "amount": "500.00", "reason": "More youth workers"},
        pk=pooled.pk,
    )
    # Every virement needs a decision maker while the threshold is £0.
    virement = Virement.objects.get()
    decider = signed_in("decision_maker_a")
    post(decider, "budgets:virement-decide", {"decision": "approve"}, pk=virement.pk)

    page = decider.get(reverse("budgets:year", args=[str(YEAR)])).content.decode()
    pooled.refresh_from_db()
    # 6,000 + 3,000.01 + 1,000 received - 500 moved out.
    assert pooled.available == D("9500.01")
    assert pooled.remaining == D("6999.51")
    for text in ["£9,500.01", "£2,500.50", "£1,000.25", "£6,999.51", "£4,500.00", "£14,000.01"]:
        assert text in page
    budgets = list(body.budgets.all())
    streams = totals_by_stream(budgets)
    for figure in ("available", "committed", "paid", "remaining"):
        assert sum(getattr(row, figure) for row in streams) == sum(
            getattr(b, figure) for b in budgets
        )
    assert '<svg class="budget-bar"' in page


def test_the_panel_gets_404_until_a_decision_maker_publishes_the_year(signed_in, persona_users):
    decider = persona_users["decision_maker_a"]
    body = decider.memberships.get().body
    made = budget(body_=body, name="Victims' hub")
    year_url = reverse("budgets:year", args=[str(YEAR)])
    detail_url = reverse("budgets:detail", args=[made.pk])
    panel = signed_in("panel_member_a")
    assert panel.get(year_url).status_code == 404
    assert panel.get(detail_url).status_code == 404
    assert "Victims" not in panel.get(reverse("budgets:index")).content.decode()
    post(signed_in("decision_maker_a"), "budgets:publish", {}, year=str(YEAR))
    publication = BudgetPublication.objects.get()
    assert publication.published_by == decider
    panel = signed_in("panel_member_a")
    assert panel.get(year_url).status_code == 200
    assert "Victims&#x27; hub" in panel.get(detail_url).content.decode()
    # Read-only: no forms for the panel.
    assert panel.get(reverse("budgets:funding-line", args=[made.pk])).status_code == 403
    # The index lists the year, for the office marked as published.
    assert f"Budgets for {YEAR}" in panel.get(reverse("budgets:index")).content.decode()
    index = signed_in("decision_maker_a").get(reverse("budgets:index")).content.decode()
    assert f"Budgets for {YEAR}" in index
    assert "Published to the panel" in index
    assert "Not published" not in index


def test_exports_carry_the_figures(signed_in, persona_users):
    body = persona_users["finance_officer_a"].memberships.get().body
    made = budget(body_=body, name="Victims' hub")
    source = allocation(body_=body, amount=D("1234.56"))
    services.funding_line_set(
        budget=made, allocation=source, amount=D("1234.56"), by=persona_users["finance_officer_a"]
    )
    client = signed_in("finance_officer_a")
    csv_text = b"".join(
        client.get(reverse("budgets:year-csv", args=[str(YEAR)])).streaming_content
    ).decode()
    assert "Victims' hub" in csv_text
    assert "1234.56" in csv_text
    response = client.get(reverse("budgets:ledger-xlsx", args=[made.pk]))
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][4] == "Amount (£)"
    assert D(repr(rows[1][4])) == D("1234.56")
