"""Budgets and a year of ledger entries for every body, for the benchmark (funding.bench).

For this financial year each body gets one budget per allocation line (drawing half of it;
the victims' grant's lines ring-fenced), and on each budget `10 * scale` commitments
recorded by hand, each released and paid in four quarterly instalments through the year:
9 entries a commitment. Rows go
in by bulk insert; the ledger's trigger still adds every entry to its budget's figures and
its constraints still check them, so the seed cannot overspend either. Idempotent: a body
with bench budgets this year is left alone.
"""

from decimal import ROUND_DOWN, Decimal

from django.db import transaction

from core.financial_years import FinancialYear
from core.models import PolicingBody, ServiceCategory
from funding.ledger.models import (
    EFFECTS,
    FIGURES,
    Budget,
    Commitment,
    CommitmentLine,
    EntryKind,
    FundingLine,
    LedgerEntry,
)
from funding.models import Allocation

PREFIX = "Bench budget"
BATCH = 2000
PENNY = Decimal("0.01")


def _entry(budget_id, kind, amount, day, **links) -> LedgerEntry:
    deltas = {f"{figure}_delta": amount * EFFECTS[kind].get(figure, 0) for figure in FIGURES}
    return LedgerEntry(
        budget_id=budget_id, kind=kind, amount=amount, effective_on=day, **deltas, **links
    )


def seed_budgets(*, scale=1) -> int:
    """Returns how many ledger entries were added."""
    year = FinancialYear.current()
    purposes = {
        area: ServiceCategory.objects.filter(area=area, is_national=False).order_by("pk").first()
        for area in ("victims", "community-safety")
    }
    commitments_each = max(1, int(10 * scale))
    added = 0
    for body in PolicingBody.objects.order_by("pk"):
        if Budget.objects.filter(body=body, year=year, name__startswith=PREFIX).exists():
            continue
        allocations = list(
            Allocation.objects.filter(body=body, year=year, amount__gt=0).select_related("stream")
        )
        with transaction.atomic():
            added += _seed_body(body, year, allocations, purposes, commitments_each)
    return added


def _seed_body(body, year, allocations, purposes, commitments_each) -> int:
    budgets = Budget.objects.bulk_create(
        Budget(
            body=body,
            year=year,
            name=f"{PREFIX} {allocation.pk}",
            ring_fenced_stream=allocation.stream if allocation.stream.ring_fenced else None,
        )
        for allocation in allocations
    )
    lines = FundingLine.objects.bulk_create(
        FundingLine(budget=budget, allocation=allocation)
        for budget, allocation in zip(budgets, allocations, strict=True)
    )
    entries = []
    plans = []  # (budget, amount of each commitment, purpose)
    for budget, allocation, line in zip(budgets, allocations, lines, strict=True):
        available = (allocation.amount / 2).quantize(PENNY, rounding=ROUND_DOWN)
        if available <= 0:
            continue
        entries.append(
            _entry(budget.pk, EntryKind.FUNDING_ADDED, available, year.start, funding_line=line)
        )
        each = (available * Decimal("0.8") / commitments_each).quantize(PENNY, rounding=ROUND_DOWN)
        if each >= Decimal("0.04"):
            area = "victims" if budget.ring_fenced_stream_id else "community-safety"
            plans.append((budget, each, purposes[area]))
    commitments = Commitment.objects.bulk_create(
        Commitment(
            body=body,
            payee=f"Bench provider {number}",
            purpose=purpose,
            recorded_by_hand=True,
            cause_key=f"bench:{budget.pk}:{number}",
        )
        for budget, _each, purpose in plans
        for number in range(commitments_each)
    )
    commitment_lines = CommitmentLine.objects.bulk_create(
        CommitmentLine(commitment=commitment, budget_id=budget.pk)
        for (budget, _each, _purpose), start in zip(
            plans, range(0, len(commitments), commitments_each), strict=True
        )
        for commitment in commitments[start : start + commitments_each]
    )
    index = 0
    for budget, each, _purpose in plans:
        quarterly = (each / 4).quantize(PENNY, rounding=ROUND_DOWN)
        for _number in range(commitments_each):
            line = commitment_lines[index]
            index += 1
            entries.append(
                _entry(budget.pk, EntryKind.COMMITTED, each, year.start, commitment_line=line)
            )
            for quarter in range(4):
                # 1 April, 1 July, 1 October, 1 January.
                month = year.start.month + 3 * quarter
                day = year.start.replace(year=year.start.year + (month - 1) // 12)
                day = day.replace(month=(month - 1) % 12 + 1)
                for kind in (EntryKind.RELEASED, EntryKind.PAID):
                    entries.append(_entry(budget.pk, kind, quarterly, day, commitment_line=line))
    LedgerEntry.objects.bulk_create(entries, batch_size=BATCH)
    return len(entries)
