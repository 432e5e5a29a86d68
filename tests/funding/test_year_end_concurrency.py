"""Two finance officers close the same year at the same instant: one closes it, the other is
told it is closed, and the budgets get one pair of carry-forward entries."""

from decimal import Decimal

import pytest

from core.models import Role
from funding.ledger.models import Budget, ClosedYear, EntryKind, LedgerEntry
from funding.yearend import services as yearend
from tests.funding.factories import LAST_YEAR, year_end_budget
from tests.funding.test_ledger_concurrency import kinds, race, wait_after
from tests.plans.factories import MembershipFactory


@pytest.mark.django_db(transaction=True)
def test_two_officers_closing_one_year_at_once_make_one_pair_of_entries(monkeypatch):
    pot = year_end_budget(amount=Decimal("1234.57"))
    officers = [MembershipFactory(body=pot.body, role=Role.FINANCE_OFFICER).user for _ in range(2)]
    # Both pass the checks made before the lock, then race for the body's row.
    monkeypatch.setattr(yearend, "_require_ended", wait_after(yearend, "_require_ended", 2))

    outcomes = race(
        lambda officer: yearend.year_close(body=pot.body, year=LAST_YEAR, by=officer), officers
    )

    assert kinds(outcomes) == ["YearAlreadyClosed", "ok"]
    assert ClosedYear.objects.filter(body=pot.body, year=LAST_YEAR).count() == 1
    out = LedgerEntry.objects.filter(kind=EntryKind.CARRIED_FORWARD_OUT)
    into = LedgerEntry.objects.filter(kind=EntryKind.CARRIED_FORWARD_IN)
    assert (
        [entry.amount for entry in out] == [entry.amount for entry in into] == [Decimal("1234.57")]
    )
    following = Budget.objects.get(body=pot.body, year=LAST_YEAR.next(), name=pot.name)
    assert following.available == Decimal("1234.57")
    assert Budget.objects.get(pk=pot.pk).available == 0
