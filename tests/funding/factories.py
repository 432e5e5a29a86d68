"""Factories for funding, and small tables written as government prints them."""

import csv
import io
from decimal import Decimal

import factory
from django.utils import timezone

from core.financial_years import FinancialYear
from core.models import PolicingBody
from funding.models import Allocation, FundingStream
from funding.reference import COMMUNITY_SAFETY_FUND, MOJ_VICTIMS_SERVICES

BODY_A = "avon-and-somerset"
BODY_B = "dyfed-powys"
YEAR = FinancialYear(2025)


def stream(slug=COMMUNITY_SAFETY_FUND) -> FundingStream:
    return FundingStream.objects.get(slug=slug)


def moj() -> FundingStream:
    return stream(MOJ_VICTIMS_SERVICES)


def body(slug=BODY_A) -> PolicingBody:
    return PolicingBody.objects.get(slug=slug)


class AllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Allocation

    stream = factory.LazyFunction(stream)
    body = factory.LazyFunction(body)
    year = YEAR
    line_label = factory.LazyAttribute(lambda o: o.stream.name)
    amount = Decimal("1000.00")
    source = "factory"
    created_at = factory.LazyFunction(timezone.now)
    updated_at = factory.LazyFunction(timezone.now)


def csv_bytes(rows, *, encoding="utf-8", bom=False) -> bytes:
    """The rows as CSV text in `encoding`; a row that is a string is written as a bare line."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        if isinstance(row, str):
            out.write(row + "\r\n")
        else:
            writer.writerow(row)
    data = out.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def xlsx_bytes(rows, *, sheet="Allocations", more_sheets=()) -> bytes:
    """A workbook whose first sheet (after `more_sheets`' names, if first) holds `rows`."""
    from openpyxl import Workbook

    workbook = Workbook()
    first = workbook.active
    first.title = sheet
    for row in rows:
        first.append(list(row))
    for name, other_rows in more_sheets:
        other = workbook.create_sheet(name)
        for row in other_rows:
            other.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
