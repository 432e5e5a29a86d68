"""Closing a financial year: unspent money carries forward as a pair of entries or goes back
to the funder, and afterwards the ledger refuses entries dated in the year but a decision
maker's adjustment."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError
from django.db.models import Sum

from core.audit import events_for, system_actor
from core.financial_years import FinancialYear
from funding import services
from funding.ledger.errors import LedgerRefused, RoleRequired, YearAlreadyClosed, YearClosed
from funding.ledger.models import (
    FIGURES,
    Budget,
    ClosedYear,
    EntryKind,
    LedgerEntry,
)
from funding.yearend import services as yearend
from funding.yearend.selectors import year_end_outcome, year_end_plan
from tests.funding.factories import (
    BODY_B,
    LAST_YEAR,
    body,
    carry_forward_agreement,
    year_closed,
    year_end_budget,
)
from tests.funding.ledger_factories import (
    allocation,
    budget,
    decision_maker,
    finance_officer,
    reserved,
)

pytestmark = pytest.mark.django_db
D = Decimal
MARCH_31 = datetime.date(2026, 3, 31)
APRIL_1 = datetime.date(2026, 4, 1)


def fresh(budget_):
    return Budget.objects.get(pk=budget_.pk)


def next_year_budget(budget_):
    return Budget.objects.get(body=budget_.body, year=LAST_YEAR.next(), name=budget_.name)


def assert_totals_are_the_entries(body_):
    for each in Budget.objects.filter(body=body_):
        sums = LedgerEntry.objects.filter(budget=each).aggregate(
            **{figure: Sum(f"{figure}_delta") for figure in FIGURES}
        )
        for figure in FIGURES:
            assert getattr(each, figure) == (sums[figure] or 0), (each.name, figure)
        assert each.remaining >= 0


def committed(budget_, amount):
    commitment = reserved(budget_, amount)
    services.reservation_commit(commitment=commitment)
    return commitment


def test_unspent_money_carries_forward_as_a_pair_that_nets_to_zero():
    pot = year_end_budget(amount=D("1000.01"))
    committed(pot, D("333.33"))
    closed = year_closed(pot.body)

    old, new = fresh(pot), next_year_budget(pot)
    assert (old.available, old.committed, old.remaining) == (D("333.33"), D("333.33"), 0)
    assert (new.available, new.ring_fenced_stream_id) == (D("666.68"), None)
    out = LedgerEntry.objects.get(budget=old, kind=EntryKind.CARRIED_FORWARD_OUT)
    into = LedgerEntry.objects.get(budget=new, kind=EntryKind.CARRIED_FORWARD_IN)
    assert out.amount == into.amount == D("666.68")
    assert out.available_delta + into.available_delta == 0
    assert (out.effective_on, into.effective_on) == (MARCH_31, APRIL_1)
    assert out.year_end == into.year_end == closed
    assert_totals_are_the_entries(pot.body)


def test_the_next_years_budget_of_the_same_name_receives_the_money():
    pot = year_end_budget(amount=D("500.00"))
    waiting = budget(body_=pot.body, year=LAST_YEAR.next(), name=pot.name)
    year_closed(pot.body)
    assert fresh(waiting).available == D("500.00")
    assert Budget.objects.filter(body=pot.body, year=LAST_YEAR.next()).count() == 1


def test_a_budget_fully_spent_carries_nothing():
    pot = year_end_budget(amount=D("250.00"))
    committed(pot, D("250.00"))
    closed = year_closed(pot.body)
    assert not closed.entries.exists()
    assert not Budget.objects.filter(body=pot.body, year=LAST_YEAR.next()).exists()
    assert [row.carried for row in year_end_outcome(closed)] == [0]


def test_closing_is_refused_while_money_is_reserved():
    pot = year_end_budget(amount=D("100.00"))
    reserved(pot, D("40.00"))
    with pytest.raises(LedgerRefused, match="still reserved"):
        year_closed(pot.body)
    assert not ClosedYear.objects.exists()
    assert fresh(pot).available == D("100.00")


def test_commitments_stay_and_are_paid_by_entries_dated_in_the_new_year():
    pot = year_end_budget(amount=D("300.00"))
    commitment = committed(pot, D("200.00"))
    year_closed(pot.body)
    services.payment_release(
        commitment=commitment, budget=pot, amount=D("200.00"), effective_on=APRIL_1
    )
    services.payment_pay(commitment=commitment, budget=pot, amount=D("200.00"))
    old = fresh(pot)
    assert (old.committed, old.paid, old.remaining) == (D("200.00"), D("200.00"), 0)
    assert_totals_are_the_entries(pot.body)


def test_closing_refuses_later_entries_dated_in_the_year():
    pot = year_end_budget(amount=D("300.00"))
    commitment = committed(pot, D("200.00"))
    year_closed(pot.body)
    with pytest.raises(YearClosed):
        services.payment_release(
            commitment=commitment, budget=pot, amount=D("10.00"), effective_on=MARCH_31
        )
    # Nor for a budget of another year, when the entry is dated in the closed year.
    later = budget(body_=pot.body, year=LAST_YEAR.next())
    source = allocation(body_=pot.body, year=later.year, amount=D("50.00"))
    with pytest.raises(YearClosed):
        services.funding_line_set(
            budget=later,
            allocation=source,
            amount=D("50.00"),
            by=finance_officer(pot.body),
            effective_on=datetime.date(2025, 12, 1),
        )
    assert_totals_are_the_entries(pot.body)


def test_a_closed_years_budget_takes_no_new_reservation_or_money_dated_after_the_close():
    pot = year_end_budget(amount=D("300.00"))
    commitment = committed(pot, D("200.00"))
    year_closed(pot.body)
    # Money freed after the close (an April decommitment) is not reserved again there.
    services.commitment_decommit(commitment=commitment, budget=pot, amount=D("50.00"))
    with pytest.raises(YearClosed):
        reserved(pot, D("50.00"))
    source = allocation(body_=pot.body, year=pot.year, amount=D("50.00"))
    with pytest.raises(YearClosed):
        services.funding_line_set(
            budget=pot,
            allocation=source,
            amount=D("50.00"),
            by=finance_officer(pot.body),
            effective_on=APRIL_1,
        )
    assert fresh(pot).reserved == 0
    assert_totals_are_the_entries(pot.body)


def test_the_database_refuses_an_entry_in_a_closed_year_from_code_that_forgot():
    pot = year_end_budget(amount=D("300.00"))
    year_closed(pot.body)
    with pytest.raises(IntegrityError, match="is closed"):
        LedgerEntry.objects.create(
            budget=pot,
            kind=EntryKind.VIREMENT_IN,
            amount=D("1.00"),
            available_delta=D("1.00"),
            effective_on=MARCH_31,
            virement=None,
        )


def test_a_decision_maker_records_an_adjustment_in_the_closed_year():
    pot = year_end_budget(amount=D("300.00"))
    committed(pot, D("300.00"))
    year_closed(pot.body)
    adjustment = yearend.year_end_adjust(
        budget=pot,
        by=decision_maker(pot.body),
        kind=EntryKind.ADJUSTMENT_ADDED,
        amount=D("12.34"),
        reason="Interest credited on 30 March, found at audit",
        effective_on=datetime.date(2026, 3, 30),
    )
    entry = adjustment.entries.get()
    assert (entry.kind, entry.amount, entry.effective_on) == (
        EntryKind.ADJUSTMENT_ADDED,
        D("12.34"),
        datetime.date(2026, 3, 30),
    )
    assert fresh(pot).remaining == D("12.34")
    yearend.year_end_adjust(
        budget=pot,
        by=decision_maker(pot.body),
        kind=EntryKind.ADJUSTMENT_REDUCED,
        amount=D("2.34"),
        reason="Bank charge",
        effective_on=MARCH_31,
    )
    assert fresh(pot).remaining == D("10.00")
    assert_totals_are_the_entries(pot.body)


def test_adjustments_are_refused_to_others_and_outside_a_closed_year():
    pot = year_end_budget(amount=D("300.00"))
    arguments = {
        "budget": pot,
        "kind": EntryKind.ADJUSTMENT_ADDED,
        "amount": D("1.00"),
        "reason": "Audit",
        "effective_on": MARCH_31,
    }
    with pytest.raises(LedgerRefused, match="not closed"):
        yearend.year_end_adjust(by=decision_maker(pot.body), **arguments)
    year_closed(pot.body)
    with pytest.raises(RoleRequired):
        yearend.year_end_adjust(by=finance_officer(pot.body), **arguments)
    with pytest.raises(LedgerRefused, match="reason"):
        yearend.year_end_adjust(by=decision_maker(pot.body), **{**arguments, "reason": " "})
    with pytest.raises(LedgerRefused, match="Enter a date in 2025-26"):
        yearend.year_end_adjust(
            by=decision_maker(pot.body), **{**arguments, "effective_on": APRIL_1}
        )
    with pytest.raises(LedgerRefused, match="unspent"):
        yearend.year_end_adjust(
            by=decision_maker(pot.body),
            **{**arguments, "kind": EntryKind.ADJUSTMENT_REDUCED, "amount": D("0.01")},
        )


def test_ring_fenced_money_goes_back_to_the_funder_without_an_agreement():
    pot = year_end_budget(amount=D("800.00"), ring_fenced=True)
    committed(pot, D("600.00"))
    year_closed(pot.body)
    returned = LedgerEntry.objects.get(budget=pot, kind=EntryKind.RETURNED_TO_FUNDER)
    assert (returned.amount, returned.effective_on) == (D("200.00"), MARCH_31)
    assert returned.note == "Ministry of Justice"
    assert not Budget.objects.filter(body=pot.body, year=LAST_YEAR.next()).exists()
    assert fresh(pot).remaining == 0
    assert_totals_are_the_entries(pot.body)


def test_ring_fenced_money_carries_forward_as_far_as_the_funder_agreed():
    pot = year_end_budget(amount=D("800.00"), ring_fenced=True)
    committed(pot, D("600.01"))
    carry_forward_agreement(pot, D("150.00"))
    plan = year_end_plan(body=pot.body, year=LAST_YEAR)
    assert [(row.unspent, row.carried, row.returned) for row in plan] == [
        (D("199.99"), D("150.00"), D("49.99"))
    ]
    year_closed(pot.body)
    new = next_year_budget(pot)
    assert (new.available, new.ring_fenced_stream_id) == (D("150.00"), pot.ring_fenced_stream_id)
    returned = LedgerEntry.objects.get(budget=pot, kind=EntryKind.RETURNED_TO_FUNDER)
    assert returned.amount == D("49.99")
    assert_totals_are_the_entries(pot.body)


def test_an_agreement_larger_than_the_unspent_money_carries_all_of_it():
    pot = year_end_budget(amount=D("100.00"), ring_fenced=True)
    carry_forward_agreement(pot, D("500.00"))
    year_closed(pot.body)
    assert next_year_budget(pot).available == D("100.00")
    assert not LedgerEntry.objects.filter(kind=EntryKind.RETURNED_TO_FUNDER).exists()


def test_an_agreement_is_for_a_returns_to_funder_budget_before_the_close():
    plain = year_end_budget(amount=D("100.00"))
    with pytest.raises(LedgerRefused, match="without an agreement"):
        carry_forward_agreement(plain, D("10.00"))
    ring = year_end_budget(amount=D("100.00"), ring_fenced=True, body_=plain.body)
    carry_forward_agreement(ring, D("10.00"))
    with pytest.raises(LedgerRefused, match="already recorded"):
        carry_forward_agreement(ring, D("10.00"))
    other = year_end_budget(amount=D("100.00"), ring_fenced=True, body_=plain.body)
    year_closed(plain.body)
    with pytest.raises(YearAlreadyClosed):
        carry_forward_agreement(other, D("10.00"))


def test_ring_fenced_money_does_not_carry_into_a_budget_that_is_not_ring_fenced():
    pot = year_end_budget(amount=D("100.00"), ring_fenced=True)
    carry_forward_agreement(pot, D("100.00"))
    budget(body_=pot.body, year=LAST_YEAR.next(), name=pot.name)
    with pytest.raises(LedgerRefused, match="not ring-fenced"):
        year_closed(pot.body)
    assert not ClosedYear.objects.exists()
    assert fresh(pot).available == D("100.00")


def test_closing_twice_makes_one_set_of_entries():
    pot = year_end_budget(amount=D("100.00"))
    year_closed(pot.body)
    with pytest.raises(YearAlreadyClosed):
        year_closed(pot.body)
    assert LedgerEntry.objects.filter(kind=EntryKind.CARRIED_FORWARD_IN).count() == 1
    assert next_year_budget(pot).available == D("100.00")


def test_only_a_finance_officer_closes_a_year_that_has_ended():
    pot = year_end_budget(amount=D("100.00"))
    with pytest.raises(RoleRequired):
        year_closed(pot.body, by=decision_maker(pot.body))
    with pytest.raises(LedgerRefused, match="can be closed from 1 April 2027"):
        year_closed(pot.body, year=FinancialYear(2026))
    assert not ClosedYear.objects.exists()


def test_the_year_after_a_closed_one_is_closed_in_order():
    pot = year_end_budget(amount=D("100.00"))
    year_closed(pot.body, year=FinancialYear(2024))
    year_closed(pot.body)
    assert next_year_budget(pot).available == D("100.00")
    with pytest.raises(LedgerRefused, match="2024-25 is already closed"):
        year_closed(pot.body, year=FinancialYear(2024).previous())


def test_another_bodys_year_stays_open():
    pot = year_end_budget(amount=D("100.00"))
    other = year_end_budget(amount=D("100.00"), body_=body(BODY_B))
    year_closed(pot.body)
    services.funding_line_set(
        budget=other,
        allocation=allocation(body_=other.body, year=LAST_YEAR, amount=D("5.00")),
        amount=D("5.00"),
        by=finance_officer(other.body),
        effective_on=MARCH_31,
    )
    assert fresh(other).available == D("105.00")


def test_closing_and_agreements_are_in_the_audit_trail():
    pot = year_end_budget(amount=D("100.00"), ring_fenced=True)
    agreement = carry_forward_agreement(pot, D("10.00"))
    with system_actor("year_end_test"):
        closed = year_closed(pot.body)
    (event,) = events_for(closed)
    assert event.closed_by_id == closed.closed_by_id
    assert event.pgh_context.metadata["actor"] == "system:year_end_test"
    assert [event.amount for event in events_for(agreement)] == [D("10.00")]


def test_money_unspent_since_the_close_leaves_the_year_as_at_the_close():
    pot = year_end_budget(amount=D("500.00"))
    commitment = committed(pot, D("300.00"))
    year_closed(pot.body)
    officer = finance_officer(pot.body)
    with pytest.raises(LedgerRefused, match="nothing to move"):
        yearend.year_end_sweep(body=pot.body, year=LAST_YEAR, by=officer)
    services.commitment_decommit(
        commitment=commitment, budget=pot, amount=D("100.01"), effective_on=APRIL_1
    )
    assert fresh(pot).remaining == D("100.01")
    moved = yearend.year_end_sweep(body=pot.body, year=LAST_YEAR, by=officer)
    assert moved == D("100.01")
    assert fresh(pot).remaining == 0
    assert next_year_budget(pot).available == D("300.01")
    with pytest.raises(LedgerRefused, match="nothing to move"):
        yearend.year_end_sweep(body=pot.body, year=LAST_YEAR, by=officer)
    assert_totals_are_the_entries(pot.body)


def test_a_sweep_carries_only_what_the_agreement_has_left():
    pot = year_end_budget(amount=D("500.00"), ring_fenced=True)
    commitment = committed(pot, D("400.00"))
    carry_forward_agreement(pot, D("150.00"))
    year_closed(pot.body)
    assert next_year_budget(pot).available == D("100.00")
    services.commitment_decommit(
        commitment=commitment, budget=pot, amount=D("80.00"), effective_on=APRIL_1
    )
    yearend.year_end_sweep(body=pot.body, year=LAST_YEAR, by=finance_officer(pot.body))
    assert next_year_budget(pot).available == D("150.00")
    returns = LedgerEntry.objects.filter(budget=pot, kind=EntryKind.RETURNED_TO_FUNDER)
    assert [entry.amount for entry in returns] == [D("30.00")]
    assert_totals_are_the_entries(pot.body)


def test_only_a_finance_officer_sweeps_and_only_a_closed_year():
    pot = year_end_budget(amount=D("500.00"))
    with pytest.raises(LedgerRefused, match="not closed"):
        yearend.year_end_sweep(body=pot.body, year=LAST_YEAR, by=finance_officer(pot.body))
    year_closed(pot.body)
    with pytest.raises(RoleRequired):
        yearend.year_end_sweep(body=pot.body, year=LAST_YEAR, by=decision_maker(pot.body))


def test_no_budget_is_made_in_a_closed_year():
    old = year_end_budget()
    year_closed(old.body)
    with pytest.raises(YearClosed, match="is closed: make the budget in a year"):
        services.budget_create(
            body=old.body, by=finance_officer(old.body), year=LAST_YEAR, name="Late idea"
        )
    # The next year is open.
    made = services.budget_create(
        body=old.body, by=finance_officer(old.body), year=LAST_YEAR.next(), name="Late idea"
    )
    assert made.year == LAST_YEAR.next()
