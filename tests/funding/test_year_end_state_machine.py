"""The ledger's random sequences (test_ledger_state_machine) with the year end among them:
closing the budgets' year (carrying forward or refused while money is reserved), moving
what became unspent since, entries dated in the closed year (refused), and decision makers'
adjustments. After every step each budget's running totals, the next year's included, equal
the sums of its entries, and every carry-forward pair nets to zero."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Sum
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import initialize, invariant, rule, run_state_machine_as_test

from funding import services
from funding.ledger.errors import LedgerRefused, YearAlreadyClosed, YearClosed
from funding.ledger.models import FIGURES, Budget, ClosedYear, EntryKind, LedgerEntry
from funding.yearend import services as yearend
from tests.funding.factories import LAST_YEAR
from tests.funding.ledger_factories import (
    allocation,
    budget,
    decision_maker,
    finance_officer,
    purpose,
)
from tests.funding.test_ledger_state_machine import BUDGETS, LedgerMachine, amounts

IN_THE_YEAR = datetime.date(2026, 3, 31)


class YearEndMachine(LedgerMachine):
    @initialize()
    def budgets_funded_from_one_allocation(self):
        # The parent's, for budgets of a year that has ended (entries are dated today, in
        # the year after, so the sequences go on after the close).
        self.budgets = [budget(year=LAST_YEAR) for _ in range(BUDGETS)]
        self.body = self.budgets[0].body
        self.officer = finance_officer(self.body)
        self.decider = decision_maker(self.body)
        self.purpose = purpose()
        self.source = allocation(amount=Decimal("3000.00"), year=LAST_YEAR)
        for each in self.budgets:
            self.fund(each, Decimal("500.00"))

    def is_closed(self):
        return ClosedYear.objects.filter(body=self.body, year=LAST_YEAR).exists()

    @rule()
    def close(self):
        was_closed = self.is_closed()
        busy = Budget.objects.filter(pk__in=[b.pk for b in self.budgets], reserved__gt=0)
        unspent = {
            b.pk: b.remaining for b in Budget.objects.filter(pk__in=[b.pk for b in self.budgets])
        }
        try:
            yearend.year_close(body=self.body, year=LAST_YEAR, by=self.officer)
        except YearAlreadyClosed:
            assert was_closed
        except LedgerRefused:
            assert busy.exists()
        else:
            assert not was_closed
            for each in Budget.objects.filter(pk__in=unspent):
                assert each.remaining == 0
                if unspent[each.pk]:
                    following = Budget.objects.get(
                        body=self.body, year=LAST_YEAR.next(), name=each.name
                    )
                    assert following.available == unspent[each.pk]

    # Once closed, the year's budgets take no new reservation or virement, whatever the date.
    @rule(target=LedgerMachine.commitments, index=st.integers(0, BUDGETS - 1), amount=amounts)
    def reserve(self, index, amount):
        if not self.is_closed():
            return super().reserve(index, amount)
        with pytest.raises(LedgerRefused):  # closed, or nothing left on it
            services.reserve(
                body=self.body,
                parts=[services.BudgetAmount(self.budgets[index], amount)],
                payee="Provider",
                purpose=self.purpose,
            )
        return None

    @rule(giver=st.integers(0, BUDGETS - 1), taker=st.integers(0, BUDGETS - 1), amount=amounts)
    def virement(self, giver, taker, amount):
        if not self.is_closed():
            return super().virement(giver, taker, amount)
        if giver == taker:
            return None
        asked = {
            "from_budget": self.budgets[giver],
            "to_budget": self.budgets[taker],
            "amount": amount,
            "reason": "Rebalance",
            "by": self.officer,
        }
        with pytest.raises(LedgerRefused):  # closed, or nothing left on it
            services.virement_approve(virement=services.virement_request(**asked), by=self.decider)
        return None

    @rule()
    def sweep(self):
        closed = self.is_closed()
        mine = Budget.objects.filter(pk__in=[each.pk for each in self.budgets])
        unspent = sum(each.remaining for each in mine)
        busy = mine.filter(reserved__gt=0).exists()
        try:
            moved = yearend.year_end_sweep(body=self.body, year=LAST_YEAR, by=self.officer)
        except LedgerRefused:
            assert not closed or busy or unspent == 0
        else:
            assert moved == unspent
            assert all(each.remaining == 0 for each in mine.all())

    @rule(index=st.integers(0, BUDGETS - 1), amount=amounts)
    def late_entry(self, index, amount):
        closed = self.is_closed()
        try:
            services.virement_request(
                from_budget=self.budgets[index],
                to_budget=self.budgets[(index + 1) % BUDGETS],
                amount=amount,
                reason="Dated in the year",
                by=self.officer,
                effective_on=IN_THE_YEAR,
            )
        except YearClosed:
            raise AssertionError("refused only when made, not when asked for") from None
        except LedgerRefused:
            pass
        # Asked for only (the threshold is £0); making it is refused once the year is closed.
        for virement in self.budgets[index].virements_out.filter(status="awaiting_approval"):
            try:
                services.virement_approve(virement=virement, by=self.decider)
            except YearClosed:
                assert closed
            except LedgerRefused:
                pass
            else:
                assert not closed

    @rule(index=st.integers(0, BUDGETS - 1), amount=amounts, add=st.booleans())
    def adjustment(self, index, amount, add):
        closed = self.is_closed()
        left = Budget.objects.get(pk=self.budgets[index].pk).remaining
        try:
            yearend.year_end_adjust(
                budget=self.budgets[index],
                by=self.decider,
                kind=EntryKind.ADJUSTMENT_ADDED if add else EntryKind.ADJUSTMENT_REDUCED,
                amount=amount,
                reason="Audit",
                effective_on=IN_THE_YEAR,
            )
        except LedgerRefused:
            assert not closed or (not add and amount > left)
        else:
            assert closed

    @invariant()
    def totals_are_the_sums_of_the_entries(self):
        super().totals_are_the_sums_of_the_entries()
        if not hasattr(self, "budgets"):
            return
        for each in Budget.objects.filter(body=self.body, year=LAST_YEAR.next()):
            sums = LedgerEntry.objects.filter(budget=each).aggregate(
                **{figure: Sum(f"{figure}_delta") for figure in FIGURES}
            )
            for figure in FIGURES:
                assert getattr(each, figure) == (sums[figure] or 0), figure
        pairs = LedgerEntry.objects.filter(
            budget__body=self.body,
            kind__in=[EntryKind.CARRIED_FORWARD_OUT, EntryKind.CARRIED_FORWARD_IN],
        ).aggregate(net=Sum("available_delta"))
        assert (pairs["net"] or 0) == 0


@pytest.mark.django_db
def test_random_sequences_with_the_year_end_keep_the_ledger_in_step():
    run_state_machine_as_test(
        YearEndMachine,
        settings=settings(
            max_examples=25,
            stateful_step_count=20,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
