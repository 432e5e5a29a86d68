"""The database refuses an overspend and any edit of the ledger, whoever writes: these tests
go round the services on purpose, as code that forgot the lock or the rules would."""

from decimal import Decimal

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import Sum

from funding import services
from funding.ledger.models import (
    EFFECTS,
    FIGURES,
    Budget,
    CommitmentLine,
    EntryKind,
    FundingLine,
    LedgerEntry,
)
from funding.ledger.services import post
from tests.funding.ledger_factories import allocation, finance_officer, funded_budget, reserved

pytestmark = pytest.mark.django_db


def refused(error=IntegrityError):
    """Expect the database to refuse what the block does (a check constraint, unless a
    trigger's exception is named), and carry on afterwards."""
    return pytest.raises(error)


def entry_sums(budget):
    sums = LedgerEntry.objects.filter(budget=budget).aggregate(
        **{figure: Sum(f"{figure}_delta") for figure in FIGURES}
    )
    return {figure: sums[figure] or Decimal(0) for figure in FIGURES}


def figures(budget):
    budget.refresh_from_db()
    return {figure: getattr(budget, figure) for figure in FIGURES}


def test_a_budgets_figures_are_the_sums_of_its_entries():
    budget = funded_budget(amount=Decimal("1000.00"))
    commitment = reserved(budget, Decimal("300.00"))
    services.reservation_commit(commitment=commitment)
    services.payment_release(commitment=commitment, budget=budget, amount=Decimal("100.00"))
    assert figures(budget) == entry_sums(budget)
    assert figures(budget) == {
        "available": Decimal("1000.00"),
        "reserved": Decimal("0.00"),
        "committed": Decimal("300.00"),
        "released": Decimal("100.00"),
        "paid": Decimal("0.00"),
    }


def test_an_entry_that_would_overspend_is_refused_even_without_the_services_checks():
    budget = funded_budget(amount=Decimal("1000.00"))
    line = CommitmentLine.objects.get(commitment=reserved(budget, Decimal("900.00")))
    with refused(), transaction.atomic():
        post(budget, EntryKind.RESERVED, Decimal("100.01"), commitment_line=line)
    post(budget, EntryKind.RESERVED, Decimal("100.00"), commitment_line=line)
    assert figures(budget)["reserved"] == Decimal("1000.00")


@pytest.mark.parametrize(
    ("kind", "amount"),
    [
        (EntryKind.RELEASED, Decimal("300.01")),  # more released than committed
        (EntryKind.PAID, Decimal("0.01")),  # paid before anything is released
        (EntryKind.DECOMMITTED, Decimal("300.01")),  # committed below zero
        (EntryKind.RESERVATION_CANCELLED, Decimal("0.01")),  # nothing reserved
    ],
)
def test_released_paid_and_committed_keep_their_order_in_the_database(kind, amount):
    budget = funded_budget(amount=Decimal("1000.00"))
    commitment = reserved(budget, Decimal("300.00"))
    services.reservation_commit(commitment=commitment)
    line = CommitmentLine.objects.get(commitment=commitment)
    with refused(), transaction.atomic():
        post(budget, kind, amount, commitment_line=line)
    assert figures(budget)["committed"] == Decimal("300.00")


def test_entries_are_append_only():
    budget = funded_budget()
    entry = LedgerEntry.objects.get(budget=budget)
    with refused(DatabaseError), transaction.atomic():
        LedgerEntry.objects.filter(pk=entry.pk).update(amount=Decimal("1.00"))
    with refused(DatabaseError), transaction.atomic():
        LedgerEntry.objects.filter(pk=entry.pk).delete()
    assert LedgerEntry.objects.get(pk=entry.pk).amount == Decimal("1000.00")


def test_a_budgets_figures_change_only_through_entries():
    budget = funded_budget(amount=Decimal("1000.00"))
    with refused(), transaction.atomic():
        Budget.objects.filter(pk=budget.pk).update(available=Decimal("5000.00"))
    # A save() holding stale figures would overwrite the ledger's: refused too.
    stale = Budget.objects.get(pk=budget.pk)
    reserved(budget, Decimal("10.00"))
    with refused(), transaction.atomic():
        stale.save()
    with refused(), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE funding_fundingline SET amount = 0 WHERE budget_id = %s", [budget.pk]
        )
    assert figures(budget)["reserved"] == Decimal("10.00")


def test_an_entry_must_move_exactly_what_its_kind_says():
    budget = funded_budget()
    with refused(), transaction.atomic():
        LedgerEntry.objects.create(
            budget=budget,
            kind=EntryKind.VIREMENT_IN,  # says in, but takes money out, and names no virement
            amount=Decimal("10.00"),
            available_delta=Decimal("-10.00"),
            effective_on="2026-05-01",
        )
    assert set(EFFECTS) == set(EntryKind.values)


def test_budgets_never_draw_more_than_an_allocation_holds():
    source = allocation(amount=Decimal("1000.00"))
    first = funded_budget(amount=Decimal("10.00"))
    second = funded_budget(amount=Decimal("10.00"))
    by = finance_officer(first.body)
    services.funding_line_set(budget=first, allocation=source, amount=Decimal("600.00"), by=by)
    line = FundingLine.objects.create(budget=second, allocation=source)
    with refused(), transaction.atomic():
        post(second, EntryKind.FUNDING_ADDED, Decimal("400.01"), funding_line=line)
    post(second, EntryKind.FUNDING_ADDED, Decimal("400.00"), funding_line=line)
    # Nor may the allocation drop below what budgets draw from it.
    with refused(), transaction.atomic():
        type(source).objects.filter(pk=source.pk).update(amount=Decimal("999.99"))
    type(source).objects.filter(pk=source.pk).update(amount=Decimal("1000.00"))
