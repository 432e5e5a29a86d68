"""The termination, recovery and close-out pages: what a decision maker is told before
terminating, the finance officer's receipts (partial, whole, too much), the close's
checklist, what the award and the provider's pages show afterwards (no actions on a closed
grant), and the recoveries outstanding at 3 and 300 rows with the same queries."""

import pytest
from django.urls import reverse
from django.utils import timezone

from core.money import format_money
from funding.ledger.models import EntryKind, LedgerEntry
from grants.closeout.models import RecoveryStatus
from grants.models import AwardStatus
from tests.grants.factories import (
    D,
    documents_in_date,
    paid_with_a_return,
    played_through,
    receipt,
    results_award,
    terminated_award,
)
from tests.grants.test_queries import client_as
from tests.harness.queries import assert_flat_queries
from tests.providers.factories import persona_organisation

pytestmark = pytest.mark.django_db

ACTIONS = (
    "Terminate the grant",
    "Close the grant",
    "Record the payment",
    ">Release<",
    "Change the terms and money",
    "Record money received",
)


def receipt_data(amount, reference):
    today = timezone.localdate()
    return {
        "amount": amount,
        "received_on_day": str(today.day),
        "received_on_month": str(today.month),
        "received_on_year": str(today.year),
        "remittance_reference": reference,
    }


def x_award(**kwargs):
    organisation = persona_organisation("x")
    documents_in_date(organisation)
    return paid_with_a_return(D("12000.00"), D("8000.00"), organisation=organisation, **kwargs)


def test_a_decision_maker_is_told_the_money_then_terminates(client, signed_in):
    award = x_award(spent=D("1000.00"))
    signed_in("decision_maker_a")
    url = reverse("grants:award-terminate", args=[award.pk])
    page = client.get(url).content.decode()
    assert "£17,000.00 goes back to the budgets" in page
    assert "£2,000.00 paid and not spent is recorded as due back" in page
    assert "latest accepted monitoring return, number 1" in page

    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 200
    assert "Enter the reason for the termination" in refused.content.decode()

    response = client.post(url, {"reason": "The service closed in October."})
    assert response.status_code == 302
    again = client.post(url, {"reason": "The service closed in October."})
    assert again.status_code == 302  # already terminated: back to the award, nothing made
    award.refresh_from_db()
    assert award.status == AwardStatus.TERMINATED
    assert award.recoveries.count() == 1
    page = client.get(reverse("grants:award", args=[award.pk])).content.decode()
    assert "The service closed in October." in page
    assert "Money due back" in page
    assert "The award and the ledger agree to the penny." in page
    assert "Terminate the grant" not in page


def test_a_finance_officer_records_part_then_the_rest(client, signed_in):
    award = terminated_award(D("12000.00"), D("8000.00"), spent=D("1000.00"))
    recovery = award.recoveries.get()
    signed_in("finance_officer_a")
    url = reverse("grants:recovery-receipt", args=[recovery.pk])
    assert client.post(url, receipt_data("500.00", "R-1")).status_code == 302
    # The same form sent again: one receipt.
    assert client.post(url, receipt_data("500.00", "R-1")).status_code == 302
    too_much = client.post(url, receipt_data("1500.01", "R-2"))
    assert "Only £1,500.00 is outstanding" in too_much.content.decode()
    assert client.post(url, receipt_data("1500.00", "R-2")).status_code == 302
    recovery.refresh_from_db()
    assert (recovery.received, recovery.status) == (D("2000.00"), RecoveryStatus.SETTLED)
    assert (
        LedgerEntry.objects.filter(
            commitment_line__commitment_id=award.commitment_id, kind=EntryKind.RECOVERED
        ).count()
        == 2
    )
    page = client.get(reverse("grants:recovery", args=[recovery.pk])).content.decode()
    assert "R-1" in page
    assert "R-2" in page
    assert "Record money received" not in page


def test_the_close_page_lists_what_stops_it_and_closes_when_nothing_does(client, signed_in):
    active = x_award()
    signed_in("commissioning_officer_a")
    page = client.get(reverse("grants:award-close", args=[active.pk])).content.decode()
    assert "Monitoring return 2 is due, not accepted." in page
    assert "Instalment 2 is planned, not paid." in page
    assert "Ready to close" not in page

    award = terminated_award(D("12000.00"), D("8000.00"), spent=D("1000.00"))
    receipt(award.recoveries.get(), D("2000.00"))
    url = reverse("grants:award-close", args=[award.pk])
    assert "Ready to close" in client.get(url).content.decode()
    assert client.post(url, {}).status_code == 302
    award.refresh_from_db()
    assert award.status == AwardStatus.CLOSED


def test_closing_asks_for_the_password_again_after_15_minutes(signed_in, session_clock):
    award = terminated_award(D("12000.00"), D("8000.00"), spent=D("9000.00"))
    officer = signed_in("commissioning_officer_a")
    url = reverse("grants:award-close", args=[award.pk])
    session_clock(minutes=16)
    for response in (officer.get(url), officer.post(url, {})):
        assert response.status_code == 302
        assert response.url.startswith(reverse("core:sign-in-again"))
    award.refresh_from_db()
    assert award.status == AwardStatus.TERMINATED


def test_the_close_page_and_the_grant_say_what_is_cancelled_at_close(client, signed_in):

    award = played_through(results_award(), achieved=0)
    nothing = list(award.instalments.filter(kind="results").order_by("number"))
    assert nothing
    signed_in("commissioning_officer_a")
    url = reverse("grants:award-close", args=[award.pk])
    page = client.get(url).content.decode()
    assert "Ready to close" in page
    for instalment in nothing:
        assert f"Instalment {instalment.number}: {format_money(instalment.amount)} freed" in page
    assert client.post(url, {}).status_code == 302
    page = client.get(reverse("grants:award", args=[award.pk])).content.decode()
    for instalment in nothing:
        assert (
            f"Instalment {instalment.number}: cancelled at close, "
            f"{format_money(instalment.amount)} freed"
        ) in page
    assert "The award and the ledger agree to the penny." in page
    # The instalments table says so too, rather than "Not yet" paid.
    table = page.split("Paid", 1)[1]
    assert table.count(">Cancelled<") == 2 * len(nothing)  # its status, and the paid column


def test_a_closed_grants_pages_show_no_actions(client, signed_in):
    organisation = persona_organisation("x")
    documents_in_date(organisation)
    award = terminated_award(
        D("12000.00"), D("8000.00"), spent=D("1000.00"), organisation=organisation
    )
    recovery = award.recoveries.get()
    receipt(recovery, D("2000.00"))
    from grants.closeout import services as closeout
    from tests.commissioning.decision_factories import officer

    closeout.award_close(award=award, by=officer(award.body))
    for persona in ("decision_maker_a", "finance_officer_a", "commissioning_officer_a"):
        signed_in(persona)
        page = client.get(reverse("grants:award", args=[award.pk])).content.decode()
        assert "Closed on" in page
        for action in ACTIONS:
            assert action not in page, (persona, action)
        page = client.get(reverse("grants:recovery", args=[recovery.pk])).content.decode()
        assert "Record money received" not in page
        for name in ("grants:award-terminate", "grants:award-close", "grants:recovery-receipt"):
            pk = recovery.pk if name == "grants:recovery-receipt" else award.pk
            response = client.get(reverse(name, args=[pk]))
            assert response.status_code in (302, 403), (persona, name)
    signed_in("provider_admin_x")
    page = client.get(reverse("grants:my-grant", args=[award.pk])).content.decode()
    assert "Money due back" in page
    assert "Closed" in page
    assert "Accept the agreement" not in page
    returns = award.monitoring_returns.exclude(status="accepted").first()
    page = client.get(reverse("grants:return-edit", args=[returns.pk])).content.decode()
    assert "Submit" not in page


def test_the_provider_sees_its_recovery(client, signed_in):
    organisation = persona_organisation("x")
    documents_in_date(organisation)
    award = terminated_award(organisation=organisation)
    recovery = award.recoveries.get()
    signed_in("provider_viewer_x")
    page = client.get(reverse("grants:my-recovery", args=[recovery.pk])).content.decode()
    assert recovery.reference in page
    assert "pays back" in page
    assert "Record money received" not in page


def test_the_recoveries_outstanding_run_the_same_queries_at_3_and_300():
    """Queries: the session, the user, the OTP device, the memberships; the count; the page
    of recoveries with their award, organisation and budget, in one."""
    from grants.closeout.bench import recoveries_bulk
    from tests.commissioning.decision_factories import deciding_round
    from tests.grants.test_queries import awards_for

    round_ = deciding_round()
    by = terminated_award().created_by

    def make_rows(n):
        # Accepted awards made in bulk, each given a recovery as a termination would.
        awards = awards_for(round_, n, statuses=(AwardStatus.ACCEPTED,))
        return recoveries_bulk(awards=awards, by=by)

    assert_flat_queries(
        client_as("finance_officer_a"),
        reverse("grants:recoveries"),
        make_rows=make_rows,
        expect=lambda rows: [r.reference for r in rows][:3],
    )


def test_the_finance_officers_home_panel_and_instalments_due_lead_to_the_recoveries(
    client, signed_in
):
    signed_in("finance_officer_a")
    home = client.get(reverse("core:home")).content.decode()
    assert "still due back" not in home
    award = terminated_award(D("12000.00"), D("8000.00"), spent=D("1000.00"))
    receipt(award.recoveries.get(), D("500.00"))
    home = client.get(reverse("core:home")).content.decode()
    assert "1 recovery outstanding: £1,500.00 still due back" in home
    assert reverse("grants:recoveries") in home
    due = client.get(reverse("grants:instalments-due")).content.decode()
    assert reverse("grants:recoveries") in due
    signed_in("commissioning_officer_a")
    home = client.get(reverse("core:home")).content.decode()
    assert "1 recovery outstanding" not in home
