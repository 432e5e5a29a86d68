"""Grant pages (issue 23), end to end through the views: a decision becomes an award, the
offer is sent, the provider's administrator accepts it, the finance officer releases and pays
the first instalment, and the budget page shows the commitment and the payment to the penny.
Forms refused keep what was typed; a blocked release says why."""

import pytest
from django.urls import reverse
from django.utils import timezone

from core.money import format_money
from funding.ledger.models import Budget
from grants.models import Award, AwardStatus, InstalmentStatus
from tests.grants.factories import D, decided_outcome, offered_award
from tests.providers.factories import persona_organisation

pytestmark = pytest.mark.django_db


def test_a_decision_becomes_an_award_accepted_released_and_paid(client, signed_in, persona_users):
    organisation = persona_organisation("x")
    from tests.grants.factories import documents_in_date

    documents_in_date(organisation)
    outcome = decided_outcome(D("10000.00"), D("5000.00"), organisation=organisation)
    decision = outcome.decision

    signed_in("commissioning_officer_a")
    page = client.get(reverse("grants:list")).content.decode()
    assert reverse("grants:decision-awards", args=[decision.pk]) in page
    response = client.post(reverse("grants:decision-awards", args=[decision.pk]))
    assert response.status_code == 302
    award = Award.objects.get(outcome=outcome)
    assert client.get(reverse("grants:award", args=[award.pk])).status_code == 200
    response = client.post(
        reverse("grants:award-offer", args=[award.pk]), {"acceptance_days": "14"}
    )
    assert response.status_code == 302
    award.refresh_from_db()
    assert award.status == AwardStatus.OFFERED

    client.logout()
    signed_in("provider_admin_x")
    mine = client.get(reverse("grants:mine")).content.decode()
    assert award.title in mine
    accept = reverse("grants:my-grant-accept", args=[award.pk])
    response = client.post(accept, {"accepted_name": "Alex Admin"})
    assert response.status_code == 200
    assert "Alex Admin" in response.content.decode()  # what was typed is kept
    assert "Confirm that you accept" in response.content.decode()
    response = client.post(accept, {"accepted_name": "Alex Admin", "confirmed": "on"})
    assert response.status_code == 302
    award.refresh_from_db()
    assert award.status == AwardStatus.ACCEPTED

    client.logout()
    signed_in("finance_officer_a")
    due = client.get(reverse("grants:instalments-due")).content.decode()
    first = award.instalments.order_by("number").first()
    assert reverse("grants:instalment-release", args=[first.pk]) in due
    response = client.post(reverse("grants:instalment-release", args=[first.pk]))
    assert response.status_code == 302
    pay = reverse("grants:instalment-pay", args=[first.pk])
    today = timezone.localdate()
    data = {
        "paid_on_day": str(today.day),
        "paid_on_month": str(today.month),
        "paid_on_year": str(today.year),
        "amount": "2500.00",
        "remittance_reference": "BACS 0042",
        "supplier_number": "",
    }
    response = client.post(pay, data)
    assert response.status_code == 200
    assert "BACS 0042" in response.content.decode()
    data["supplier_number"] = "SUP-77"
    assert client.post(pay, data).status_code == 302
    first.refresh_from_db()
    assert (first.status, first.paid_amount) == (InstalmentStatus.PAID, D("2500.00"))

    budget = Budget.objects.get(pk=first.budget_id)
    assert (budget.committed, budget.paid) == (D("10000.00"), D("2500.00"))
    page = client.get(reverse("budgets:detail", args=[budget.pk])).content.decode()
    assert format_money(D("2500.00")) in page
    assert format_money(D("10000.00")) in page
    detail = client.get(reverse("grants:award", args=[award.pk])).content.decode()
    assert "The award and the ledger agree to the penny." in detail


def test_a_blocked_release_says_which_condition_blocks_it(client, signed_in):
    award = offered_award()
    # The offered award is body A's (deciding_round's default body).
    signed_in("finance_officer_a")
    instalment = award.instalments.order_by("number").first()
    page = client.get(reverse("grants:instalments-due")).content.decode()
    if instalment.due_on <= timezone.localdate():
        assert "The offer has not been accepted." in page
    page = client.get(reverse("grants:instalment-release", args=[instalment.pk])).content.decode()
    assert "The offer has not been accepted (the award is offered)." in page
    assert "Release the instalment" not in page


def test_terms_refused_keep_what_was_typed(client, signed_in):
    from tests.grants.factories import draft_award

    award = draft_award()
    signed_in("commissioning_officer_a")
    url = reverse("grants:award-edit", args=[award.pk])
    assert client.get(url).status_code == 200
    first = award.amounts.order_by("year").first()
    data = {
        "title": "A title typed with care",
        "purpose": "Support.",
        "starts_on_day": "1",
        "starts_on_month": "4",
        "starts_on_year": "2026",
        "ends_on_day": "31",
        "ends_on_month": "3",
        "ends_on_year": "2028",
        f"amount_{first.budget_id}": "999999.00",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "A title typed with care" in page
    assert "needs a variation" in page


def test_the_grant_list_filters_by_status_budget_priority_and_provider(client, signed_in):
    from tests.grants.factories import draft_award

    draft = draft_award()
    offered = offered_award()
    signed_in("commissioning_officer_a")
    url = reverse("grants:list")

    def listed(**query):
        page = client.get(url, query).content.decode()
        return {award.public_id for award in (draft, offered) if award.public_id in page}

    assert listed() == {draft.public_id, offered.public_id}
    assert listed(status="offered") == {offered.public_id}
    assert listed(provider=draft.organisation.name[-6:]) == {draft.public_id}
    budget = draft.amounts.order_by("year").first().budget
    assert listed(budget=str(budget.pk)) == {draft.public_id}
    # A priority no award's budget serves: nothing (an unknown choice is refused likewise).
    assert listed(priority="999999") == set()
