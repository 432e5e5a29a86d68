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
