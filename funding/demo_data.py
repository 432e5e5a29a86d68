"""Demo allocations: every body's Community Safety Fund and Ministry of Justice victims'
services grant (two lines, core and ISVA) for this financial year and the last, loaded the way
finance officers load them, through the importer (funding.services.allocations_import).

Idempotent: a second load finds the allocations already there and changes nothing.
"""

import hashlib
from decimal import Decimal

from core.audit import system_actor
from core.financial_years import FinancialYear
from core.models import PolicingBody
from funding import demo_budgets, demo_year_end, services
from funding.importing import Options
from funding.models import FundingStream
from funding.reference import COMMUNITY_SAFETY_FUND, MOJ_VICTIMS_SERVICES
from funding.rules import CommandLine
from funding.tables import Table

# (stream, line, smallest, largest): a body's amount falls between, by its name.
LINES = [
    (COMMUNITY_SAFETY_FUND, "", Decimal("150000"), Decimal("3200000")),
    (MOJ_VICTIMS_SERVICES, "Core", Decimal("600000"), Decimal("5400000")),
    (MOJ_VICTIMS_SERVICES, "ISVA", Decimal("90000"), Decimal("820000")),
]


def demo_amount(body_slug, stream, line, year, smallest, largest) -> Decimal:
    """The same amount on every load: from a hash of what it is for, to the pound."""
    digest = hashlib.sha256(f"{body_slug}|{stream}|{line}|{year}".encode()).digest()
    fraction = Decimal(int.from_bytes(digest[:4], "big")) / Decimal(2**32)
    return (smallest + (largest - smallest) * fraction).quantize(Decimal("1"))


def _table(bodies, stream, line, year, smallest, largest) -> Table:
    """A table as the funder would print it: a title, a header, the rows, the total."""
    rows = [(1, [f"{stream} allocations {year}"]), (2, ["Police force area", "Allocation (£)"])]
    total = Decimal(0)
    for number, body in enumerate(bodies, start=3):
        amount = demo_amount(body.slug, stream, line, year, smallest, largest)
        total += amount
        rows.append((number, [body.police_area, f"£{amount:,.2f}"]))
    rows.append((len(rows) + 1, ["England and Wales", f"£{total:,.2f}"]))
    return Table(rows=rows, kind="csv")


def load(*, anchor):
    bodies = list(PolicingBody.objects.order_by("police_area"))
    this_year = FinancialYear.containing(anchor)
    streams = {stream.slug: stream for stream in FundingStream.objects.all()}
    with system_actor("demo_load"):
        for year in (this_year.previous(), this_year):
            for slug, line, smallest, largest in LINES:
                services.allocations_import(
                    by=CommandLine(),
                    stream=streams[slug],
                    table=_table(bodies, slug, line, year, smallest, largest),
                    options=Options(year=year, label=line),
                    source="demo data",
                )
        # This year's budgets for two bodies from those allocations (funding/demo_budgets.py).
        demo_budgets.load(anchor=anchor)
        # Last year closed for one body, carrying forward into this year's budgets (after
        # them, so the body's budgets for this year are built first).
        demo_year_end.load(anchor=anchor)
