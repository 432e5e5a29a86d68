"""The year-end pages: a finance officer sees what each budget carries forward or returns,
records the funder's agreement and closes the year; the closed year's summary reconciles to
the penny; a decision maker adjusts the closed year. The year end page runs as many queries
for 300 budgets as for 3."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.urls import reverse

from funding import services
from funding.ledger.models import Budget, ClosedYear, EntryKind, LedgerEntry
from funding.yearend import services as yearend
from tests.funding.factories import LAST_YEAR, year_closed, year_end_budget
from tests.funding.ledger_factories import decision_maker, reserved
from tests.harness.queries import assert_flat_queries
from tests.plans.factories import body

pytestmark = pytest.mark.django_db
D = Decimal
_numbers = itertools.count(1)


def year_end_url(year=LAST_YEAR):
    return reverse("budgets:year-end", args=[str(year)])


def closed_url(year=LAST_YEAR):
    return reverse("budgets:year-closed", args=[str(year)])


def test_a_finance_officer_closes_the_year_from_its_page(signed_in):
    client = signed_in("finance_officer_a")
    plain = year_end_budget(body_=body(), amount=D("1000.01"), name="Community safety")
    ring = year_end_budget(
        body_=body(), amount=D("500.00"), ring_fenced=True, name="Victims' services"
    )
    year_page = client.get(reverse("budgets:year", args=[str(LAST_YEAR)])).content.decode()
    assert year_end_url() in year_page

    page = client.get(year_end_url()).content.decode()
    assert "£1,000.01" in page
    assert "£500.00" in page
    assert reverse("budgets:carry-forward-agreement", args=[ring.pk]) in page

    response = client.post(
        reverse("budgets:carry-forward-agreement", args=[ring.pk]),
        {
            "agreed_by": "Victims Funding team, Ministry of Justice",
            "reference": "MOJ/VSG/2026/041",
            "agreed_on_day": "20",
            "agreed_on_month": "3",
            "agreed_on_year": "2026",
            "amount": "£120.50",
        },
    )
    assert response.status_code == 302
    page = client.get(year_end_url()).content.decode()
    assert "The funder agreed £120.50 may carry forward" in page
    assert "£379.50" in page  # returned
    assert ">Close 2025-26</button>" in page
    assert "£1,120.51" in page  # carried in total

    response = client.post(year_end_url(), {})
    assert response.status_code == 302
    assert response["Location"] == closed_url()
    assert ClosedYear.objects.filter(body=body(), year=LAST_YEAR).exists()
    following = Budget.objects.get(body=body(), year=LAST_YEAR.next(), name=plain.name)
    assert following.available == D("1000.01")
    summary = client.get(closed_url()).content.decode()
    assert "£1,120.51" in summary
    assert "£379.50" in summary
    index = client.get(reverse("budgets:index")).content.decode()
    assert closed_url() in index
    # The year end page of a closed year is its summary.
    assert client.get(year_end_url())["Location"] == closed_url()


def test_closing_with_money_reserved_says_which_budget(signed_in):
    client = signed_in("finance_officer_a")
    busy = year_end_budget(body_=body(), amount=D("100.00"), name="Busy budget")
    reserved(busy, D("10.00"))
    page = client.get(year_end_url()).content.decode()
    assert "Money is still reserved on these budgets" in page
    assert ">Close 2025-26</button>" not in page
    response = client.post(year_end_url(), {})
    assert response.status_code == 200
    assert "Busy budget" in response.content.decode()
    assert not ClosedYear.objects.exists()


def test_a_decision_maker_adjusts_the_closed_year(signed_in):
    pot = year_end_budget(body_=body(), amount=D("100.00"), name="Community safety")
    year_closed(pot.body)
    client = signed_in("decision_maker_a")
    summary = client.get(closed_url()).content.decode()
    assert reverse("budgets:year-adjustment", args=[str(LAST_YEAR)]) in summary
    data = {
        "budget": pot.pk,
        "kind": EntryKind.ADJUSTMENT_ADDED,
        "amount": "£7.77",
        "effective_on_day": "15",
        "effective_on_month": "4",
        "effective_on_year": "2026",
        "reason": "Interest credited in March, found at audit.",
    }
    refused = client.post(reverse("budgets:year-adjustment", args=[str(LAST_YEAR)]), data)
    assert "Enter a date in 2025-26" in refused.content.decode()
    data["effective_on_month"] = "3"
    response = client.post(reverse("budgets:year-adjustment", args=[str(LAST_YEAR)]), data)
    assert response.status_code == 302
    entry = LedgerEntry.objects.get(kind=EntryKind.ADJUSTMENT_ADDED)
    assert (entry.budget_id, entry.amount) == (pot.pk, D("7.77"))
    summary = client.get(closed_url()).content.decode()
    assert "Interest credited in March, found at audit." in summary
    assert "£7.77" in summary


def test_the_year_end_page_is_flat(signed_in):
    client = signed_in("finance_officer_a")

    def budgets(n):
        return [
            year_end_budget(
                body_=body(),
                amount=D("10.00"),
                ring_fenced=index % 2 == 0,
                name=f"Budget {next(_numbers):04d}",
            )
            for index in range(n)
        ]

    assert_flat_queries(
        client,
        year_end_url(),
        make_rows=budgets,
        expect=lambda rows: [row.name for row in rows],
    )


IN_THE_YEAR = datetime.date(2026, 3, 31)


def test_the_closed_years_summary_is_flat(signed_in):
    first = year_end_budget(body_=body(), amount=D("10.00"), name="Budget 0000")
    year_closed(first.body)
    client = signed_in("decision_maker_a")

    def budgets(n):
        # Budgets of the closed year given money since, as only a decision maker's year-end
        # adjustment may (its budgets take no new funding after the close).
        # The service refuses a budget in a closed year, so these rows are written directly.
        made = [
            Budget.objects.create(
                body=first.body, year=LAST_YEAR, name=f"Budget {next(_numbers):04d}"
            )
            for _ in range(n)
        ]
        for each in made:
            yearend.year_end_adjust(
                budget=each,
                by=decision_maker(first.body),
                kind=EntryKind.ADJUSTMENT_ADDED,
                amount=D("10.00"),
                reason="Audit",
                effective_on=IN_THE_YEAR,
            )
        return made

    assert_flat_queries(
        client,
        closed_url(),
        make_rows=budgets,
        expect=lambda rows: [row.name for row in rows],
    )


def test_closing_and_adjusting_ask_for_the_password_again_after_15_minutes(
    signed_in, session_clock
):
    pot = year_end_budget(body_=body(), amount=D("10.00"))
    officer = signed_in("finance_officer_a")
    session_clock(minutes=16)
    response = officer.post(year_end_url(), {})
    assert response.url.startswith(reverse("core:sign-in-again"))
    assert not ClosedYear.objects.exists()
    year_closed(pot.body)
    decider = signed_in("decision_maker_a")
    session_clock(minutes=16)
    response = decider.get(reverse("budgets:year-adjustment", args=[str(LAST_YEAR)]))
    assert response.url.startswith(reverse("core:sign-in-again"))


def test_a_finance_officer_moves_money_unspent_since_the_close(signed_in):
    pot = year_end_budget(body_=body(), amount=D("100.00"), name="Community safety")
    commitment = reserved(pot, D("60.00"))
    services.reservation_commit(commitment=commitment)
    year_closed(pot.body)
    services.commitment_decommit(commitment=commitment, budget=pot, amount=D("20.00"))
    client = signed_in("finance_officer_a")
    summary = client.get(closed_url()).content.decode()
    assert ">Carry forward or return what is unspent now</button>" in summary
    response = client.post(reverse("budgets:year-sweep", args=[str(LAST_YEAR)]))
    assert response["Location"] == closed_url()
    following = Budget.objects.get(body=pot.body, year=LAST_YEAR.next(), name=pot.name)
    assert following.available == D("60.00")
    summary = client.get(closed_url()).content.decode()
    assert "£20.00 left 2025-26" in summary
    assert "what is unspent now</button>" not in summary
