"""Recoveries in bulk, for the query-count tests: `recoveries_bulk` gives each award's first
budget line a recovery outstanding, never through the services (the list reads only rows)."""

from decimal import Decimal

from grants.closeout.models import Recovery
from grants.models import AwardAmount

BATCH = 2_000


def recoveries_bulk(*, awards, by, paid=Decimal("100.00"), due=Decimal("99.99")) -> list:
    """One outstanding recovery on each award's earliest budget line; the recoveries made."""
    lines = {}
    for line in AwardAmount.objects.filter(award__in=[a.pk for a in awards]).order_by(
        "award_id", "year", "pk"
    ):
        lines.setdefault(line.award_id, line)
    return Recovery.objects.bulk_create(
        [
            Recovery(
                award_id=line.award_id,
                line=line,
                budget_id=line.budget_id,
                number=1,
                paid=paid,
                amount_due=due,
                created_by=by,
            )
            for line in lines.values()
        ],
        batch_size=BATCH,
    )
