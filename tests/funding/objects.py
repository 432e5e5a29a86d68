"""Funding's objects for the permission matrix (tests/funding/permissions.py)."""

from tests.harness.matrix import matrix_object


@matrix_object
def allocation_a(objects):
    """Body A's Community Safety Fund allocation for 2025-26."""
    from tests.funding.factories import AllocationFactory

    return AllocationFactory(body=objects.body_a)


@matrix_object
def budget_a(objects):
    """Body A's budget for 2026-27 (not published to the panel): £1,000 from an
    allocation, a pledged partner contribution and a commitment recorded by hand."""
    from decimal import Decimal

    from funding import services
    from funding.ledger.models import PartnerKind
    from tests.funding.ledger_factories import finance_officer, funded_budget, purpose

    budget = funded_budget(body_=objects.body_a, amount=Decimal("1000.00"), name="Budget A")
    by = finance_officer(objects.body_a)
    services.contribution_add(
        budget=budget,
        by=by,
        partner_kind=PartnerKind.LOCAL_AUTHORITY,
        partner_name="Bristol City Council",
        amount=Decimal("100.00"),
    )
    services.commitment_record(
        body=objects.body_a,
        by=by,
        parts=[services.BudgetAmount(budget, Decimal("200.00"))],
        payee="Safer Streets CIC",
        purpose=purpose("community-safety"),
    )
    return budget


@matrix_object
def virement_a(objects):
    """A virement out of budget A, waiting for a decision maker."""
    from decimal import Decimal

    from funding import services
    from tests.funding.ledger_factories import budget, finance_officer

    return services.virement_request(
        from_budget=objects.budget_a,
        to_budget=budget(body_=objects.body_a, name="Budget A2"),
        amount=Decimal("10.00"),
        reason="Rebalance",
        by=finance_officer(objects.body_a),
    )


@matrix_object
def year_end_a(objects):
    """Body A's 2025-26 (ended, not closed): an un-ring-fenced budget with money unspent, and
    a ring-fenced one whose funder wants its underspend back."""
    from decimal import Decimal

    from tests.funding.factories import year_end_budget

    year_end_budget(body_=objects.body_a, amount=Decimal("400.00"), name="Year end A")
    return year_end_budget(
        body_=objects.body_a,
        amount=Decimal("300.00"),
        ring_fenced=True,
        name="Year end A, ring-fenced",
    )


@matrix_object
def closed_year_a(objects):
    """Body A's 2024-25, closed, with a budget that carried its money to 2025-26 and has £5
    unspent again from a decision maker's adjustment."""
    import datetime
    from decimal import Decimal

    from core.financial_years import FinancialYear
    from funding.ledger.models import EntryKind
    from funding.yearend.services import year_end_adjust
    from tests.funding.factories import year_closed
    from tests.funding.ledger_factories import decision_maker, funded_budget

    budget = funded_budget(
        body_=objects.body_a,
        amount=Decimal("120.00"),
        year=FinancialYear(2024),
        name="Closed year A",
    )
    closed = year_closed(objects.body_a, FinancialYear(2024))
    # Unspent again since the close, for the closed year's sweep.
    year_end_adjust(
        budget=budget,
        by=decision_maker(objects.body_a),
        kind=EntryKind.ADJUSTMENT_ADDED,
        amount=Decimal("5.00"),
        reason="Interest found at audit",
        effective_on=datetime.date(2025, 3, 31),
    )
    return closed, budget
