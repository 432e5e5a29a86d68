"""Funding at scale for the benchmark (issue 12's runner finds `seed` and `pages`).

`seed(scale=..., rng=...)` gives every body an allocation of every stream for ten financial
years, `scale` lines each (bulk, idempotent: lines already there are left alone);
`pages()` names the pages to load, as (name, path, persona).
"""

from decimal import Decimal

from django.db import transaction

from core.audit import system_actor
from core.financial_years import FinancialYear
from core.models import PolicingBody
from funding.models import Allocation, FundingStream
from funding.reference import COMMUNITY_SAFETY_FUND, MOJ_VICTIMS_SERVICES

YEARS = 10
BATCH = 2000


def _years():
    last = FinancialYear.current()
    return list(FinancialYear.range(FinancialYear(last.start_year - YEARS + 1), last))


def seed(*, scale=1, rng):
    """Allocations for every body and stream for ten years; returns how many were added."""
    bodies = list(PolicingBody.objects.all())
    streams = list(FundingStream.objects.all())
    lines = max(1, int(scale))
    allocations = [
        Allocation(
            stream=stream,
            body=body,
            year=year,
            line_label=stream.name if lines == 1 else f"{stream.name} line {line}",
            # Whole pence from integers: never through a float.
            amount=Decimal(rng.randrange(0, 500_000_000)) / 100,
            source="bench",
        )
        for stream in streams
        for body in bodies
        for year in _years()
        for line in range(1, lines + 1)
    ]
    with system_actor("bench_seed"), transaction.atomic():
        before = Allocation.objects.count()
        Allocation.objects.bulk_create(allocations, batch_size=BATCH, ignore_conflicts=True)
        return Allocation.objects.count() - before


def pages():
    """(name, path, persona): the public national views and a finance officer's pages."""
    year = FinancialYear.current()
    return [
        ("funding: national index", "/funding/", "anonymous"),
        (
            "funding: national view, Community Safety Fund",
            f"/funding/{COMMUNITY_SAFETY_FUND}/{year}/",
            "anonymous",
        ),
        (
            "funding: national view, victims' services by area",
            f"/funding/{MOJ_VICTIMS_SERVICES}/{year}/?sort=area",
            "anonymous",
        ),
        ("funding: finance page", "/manage/funding/", "finance_officer"),
        ("funding: history", "/manage/funding/history/", "finance_officer"),
    ]
