"""The finance pages run the same number of queries at 3 rows and at 300.

- A year's budgets (budgets:year), as a decision maker, 12: the session, the user, the OTP
  device and the memberships (once, kept on the user); the budgets with their ring-fence
  streams; whether the year is published; whether it is closed; the priorities' titles;
  for the totals by stream, the funding lines with their streams, the partner-contribution
  stream and the received contributions; and the virements with their budgets and people.
  The bars are drawn from the budgets' own figures.
- A budget's ledger (budgets:detail), as a finance officer, 9: the same four; the budget
  with its body; the entries joined to what each belongs to; the funding lines with their
  streams; the contributions; and the commitment lines with their purposes.
"""

import itertools
from decimal import Decimal

import pytest
from django.urls import reverse

from funding import services
from funding.ledger.models import PartnerKind
from plans.models import PriorityThread
from tests.funding.ledger_factories import YEAR, finance_officer, funded_budget, purpose
from tests.harness.queries import assert_flat_queries
from tests.plans.factories import body

pytestmark = pytest.mark.django_db
_numbers = itertools.count(1)


def test_a_years_budgets_are_flat(signed_in):
    client = signed_in("decision_maker_a")
    thread = PriorityThread.objects.create(body=body())

    def budgets(n):
        made = []
        for _ in range(n):
            budget = funded_budget(
                amount=Decimal("1000.00"),
                name=f"Budget {next(_numbers):04d}",
                priority_thread=thread,
            )
            services.contribution_add(
                budget=budget,
                by=finance_officer(budget.body),
                partner_kind=PartnerKind.LOCAL_AUTHORITY,
                partner_name="Bristol City Council",
                amount=Decimal("10.00"),
                received_on=YEAR.start,
            )
            made.append(budget)
        return made

    count = assert_flat_queries(
        client,
        reverse("budgets:year", args=[str(YEAR)]),
        make_rows=budgets,
        expect=lambda rows: [row.name for row in rows],
    )
    assert count == 12


def test_a_budgets_ledger_is_flat(signed_in):
    client = signed_in("finance_officer_a")
    budget = funded_budget(amount=Decimal("1000000.00"))
    category = purpose()

    def reservations(n):
        return [
            services.reserve(
                body=budget.body,
                parts=[services.BudgetAmount(budget, Decimal("1.00"))],
                payee=f"Provider {next(_numbers):04d}",
                purpose=category,
            )
            for _ in range(n)
        ]

    count = assert_flat_queries(
        client,
        reverse("budgets:detail", args=[budget.pk]),
        make_rows=reservations,
        expect=lambda rows: [row.payee for row in rows],
    )
    assert count == 9
