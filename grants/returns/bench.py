"""Monitoring returns in bulk, for `make bench` (grants/bench.py) and the query-count tests:
`returns_bulk` gives awards consecutive monthly returns in a mix of statuses, never through
the services (an accepted return is inserted accepted: its triggers refuse only changes)."""

import calendar
import datetime

from django.db.models import Max
from django.utils import timezone

from grants.returns.models import MonitoringReturn, ReturnStatus

BATCH = 2_000
# The mix: most periods long accepted, the rest in every other state.
STATUSES = (
    ReturnStatus.ACCEPTED,
    ReturnStatus.ACCEPTED,
    ReturnStatus.ACCEPTED,
    ReturnStatus.SUBMITTED,
    ReturnStatus.OVERDUE,
    ReturnStatus.RETURNED,
    ReturnStatus.DUE,
)


def _months(start: datetime.date, skip: int, count: int):
    first = start.replace(day=1)
    for index in range(skip + count):
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        if index >= skip:
            yield first, last
        first = last + datetime.timedelta(days=1)


def returns_bulk(*, awards, per_award, by, statuses=STATUSES) -> int:
    """`per_award` monthly returns for each award, after any it has (from its start); each
    return's status taken in turn from `statuses`. Returns how many were made."""
    now = timezone.now()
    existing = dict(
        MonitoringReturn.objects.filter(award__in=[a.pk for a in awards])
        .values("award")
        .annotate(last=Max("number"))
        .values_list("award", "last")
    )
    rows = []
    made = 0
    for award in awards:
        skip = existing.get(award.pk, 0)
        for index, (start, end) in enumerate(_months(award.starts_on, skip, per_award), skip):
            status = statuses[(award.pk + index) % len(statuses)]
            submitted = status in (ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED)
            rows.append(
                MonitoringReturn(
                    award_id=award.pk,
                    number=index + 1,
                    period_start=start,
                    period_end=end,
                    due_on=end + datetime.timedelta(days=28),
                    status=status,
                    narrative="Bench return." if status != ReturnStatus.DUE else "",
                    submitted_at=now if submitted else None,
                    submitted_by=by if submitted else None,
                    accepted_at=now if status == ReturnStatus.ACCEPTED else None,
                    accepted_by=by if status == ReturnStatus.ACCEPTED else None,
                    review_comment="Add the spend." if status == ReturnStatus.RETURNED else "",
                )
            )
            if len(rows) >= BATCH:
                made += len(MonitoringReturn.objects.bulk_create(rows, batch_size=BATCH))
                rows = []
    if rows:
        made += len(MonitoringReturn.objects.bulk_create(rows, batch_size=BATCH))
    return made
