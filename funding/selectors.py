"""Reads of funding, scoped to who is asking.

A body's allocations are read by its office staff; another body's are not found (404). The
national view of a *published* stream is public: government prints those figures.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.http import Http404

from core.financial_years import FinancialYear
from core.models import PolicingBody
from funding.importing import year_parse
from funding.models import Allocation, AllocationEvent, FundingStream


def allocation_list_for_body(*, body):
    """Every allocation of the body, by stream, newest year first."""
    return (
        Allocation.objects.filter(body=body)
        .select_related("stream")
        .order_by("stream__ordering", "stream__name", "-year", "line_label")
    )


def allocation_get_for_body(*, body, pk) -> Allocation:
    """One allocation of the body, or 404 (another body's is simply not found)."""
    allocation = Allocation.objects.filter(body=body, pk=pk).select_related("stream").first()
    if allocation is None:
        raise Http404
    return allocation


def allocation_events_for_body(*, body):
    """Every recorded change of the body's allocations, newest first, with who made it."""
    return (
        AllocationEvent.objects.filter(body_id=body.pk)
        .select_related("pgh_context", "stream")
        .order_by("-pgh_created_at", "-pgh_id")
    )


def published_streams():
    return FundingStream.objects.filter(published=True)


def published_stream_get(*, slug) -> FundingStream:
    stream = published_streams().filter(slug=slug).first()
    if stream is None:
        raise Http404
    return stream


def year_from_path(text) -> FinancialYear:
    try:
        return year_parse(text)
    except ValueError as exc:
        raise Http404 from exc


def national_years():
    """{stream id: [years with allocations, newest first]} for the published streams."""
    years = {}
    rows = (
        Allocation.objects.filter(stream__published=True)
        .values_list("stream_id", "year")
        .distinct()
        .order_by("stream_id", "-year")
    )
    for stream_id, year in rows:
        years.setdefault(stream_id, []).append(year)
    return years


def national_lines(*, stream, year) -> list[str]:
    return list(
        Allocation.objects.filter(stream=stream, year=year)
        .values_list("line_label", flat=True)
        .distinct()
        .order_by("line_label")
    )


@dataclass
class NationalRow:
    body: PolicingBody
    amount: Decimal


SORTS = {
    "area": (lambda row: row.body.police_area, False),
    "-area": (lambda row: row.body.police_area, True),
    "amount": (lambda row: (row.amount, row.body.police_area), False),
    "-amount": (lambda row: (row.amount, row.body.police_area), True),
}
DEFAULT_SORT = "-amount"


def national_rows(*, stream, year, line="", sort=DEFAULT_SORT):
    """Each body's allocation of the stream for the year (every line, or one), and the bodies
    with none. Two queries, whatever the number of bodies."""
    allocations = Allocation.objects.filter(stream=stream, year=year)
    if line:
        allocations = allocations.filter(line_label=line)
    sums = dict(
        allocations.values("body_id").annotate(total=Sum("amount")).values_list("body_id", "total")
    )
    rows, missing = [], []
    for body in PolicingBody.objects.order_by("police_area"):
        if body.pk in sums:
            rows.append(NationalRow(body=body, amount=sums[body.pk]))
        else:
            missing.append(body)
    key, reverse = SORTS.get(sort, SORTS[DEFAULT_SORT])
    rows.sort(key=key, reverse=reverse)
    return rows, missing


def national_allocations(*, stream, year, line=""):
    """The allocations behind the national view, one per line, for downloads."""
    allocations = Allocation.objects.filter(stream=stream, year=year)
    if line:
        allocations = allocations.filter(line_label=line)
    return allocations.select_related("body", "stream").order_by("body__police_area", "line_label")
