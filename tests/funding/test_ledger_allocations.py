"""An allocation import or edit never leaves an allocation below what budgets draw from it:
a problem row naming the budgets, or a form error; never a database error."""

from decimal import Decimal

import pytest

from funding import services
from funding.errors import AllocationInvalid, ImportRefused
from funding.importing import PROBLEM, Options
from funding.tables import read_table
from tests.funding.factories import YEAR, AllocationFactory, body, csv_bytes, stream
from tests.funding.ledger_factories import budget, finance_officer

pytestmark = pytest.mark.django_db
D = Decimal


def drawn_allocation():
    """£1,000.00, of which the budget "Victims' hub" draws £800.00."""
    allocation = AllocationFactory(amount=D("1000.00"), year=YEAR)
    pot = budget(year=YEAR, name="Victims' hub")
    services.funding_line_set(
        budget=pot, allocation=allocation, amount=D("800.00"), by=finance_officer(pot.body)
    )
    return allocation


def test_an_edit_below_what_budgets_draw_is_a_form_error_naming_them():
    allocation = drawn_allocation()
    by = finance_officer(body())
    with pytest.raises(AllocationInvalid) as refused:
        services.allocation_set(
            by=by,
            body=body(),
            stream=stream(),
            year=YEAR,
            line_label=allocation.line_label,
            amount=D("799.99"),
        )
    assert "Victims' hub: £800.00" in refused.value.message
    allocation.refresh_from_db()
    assert allocation.amount == D("1000.00")
    services.allocation_set(
        by=by,
        body=body(),
        stream=stream(),
        year=YEAR,
        line_label=allocation.line_label,
        amount=D("800.00"),
    )


def test_an_import_below_what_budgets_draw_is_a_problem_row_and_nothing_is_imported():
    allocation = drawn_allocation()
    table = read_table(
        csv_bytes([["Police force area", "Allocation (£)"], ["Avon & Somerset", "£500.00"]])
    )
    with pytest.raises(ImportRefused) as refused:
        services.allocations_import(
            by=finance_officer(body()),
            stream=stream(),
            table=table,
            options=Options(year=YEAR, label=allocation.line_label),
            body=body(),
            source="t.csv",
        )
    (row,) = refused.value.extra["preview"].problems
    assert row.status == PROBLEM
    assert "Victims' hub" in row.reason
    allocation.refresh_from_db()
    assert allocation.amount == D("1000.00")
