"""The demo's closed year: last year closed for one body with a carry-forward and a return,
and every demo budget still reconciles to the penny."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Sum

from core.financial_years import FinancialYear
from funding import demo_year_end
from funding.ledger.models import Budget, ClosedYear, EntryKind, LedgerEntry
from tests.funding.demo import demo_load_up_to_funding
from tests.funding.test_ledger_demo_and_bench import assert_reconciled

pytestmark = pytest.mark.django_db

ANCHOR = datetime.date(2026, 4, 1)
LAST_YEAR = FinancialYear(2025)


def test_the_demo_closes_last_year_for_one_body_and_every_budget_reconciles():
    demo_load_up_to_funding(anchor=ANCHOR)
    closed = ClosedYear.objects.get()
    assert (closed.body.slug, closed.year) == (demo_year_end.BODY, LAST_YEAR)
    out = LedgerEntry.objects.filter(kind=EntryKind.CARRIED_FORWARD_OUT)
    into = LedgerEntry.objects.filter(kind=EntryKind.CARRIED_FORWARD_IN)
    assert out.count() == into.count() == 2  # the pooled fund, and the agreed £25,000
    assert out.aggregate(total=Sum("amount")) == into.aggregate(total=Sum("amount"))
    assert {entry.budget.year for entry in into} == {LAST_YEAR.next()}
    assert into.filter(budget__name="Victims' services").get().amount == Decimal("25000.00")
    assert LedgerEntry.objects.filter(kind=EntryKind.RETURNED_TO_FUNDER).get().amount > 0
    for budget in Budget.objects.filter(body=closed.body, year=LAST_YEAR):
        assert budget.remaining == 0
        assert budget.reserved == 0
    assert_reconciled(Budget.objects.all())
    # Loading again changes nothing.
    entries = LedgerEntry.objects.count()
    demo_year_end.load(anchor=ANCHOR)
    assert LedgerEntry.objects.count() == entries
