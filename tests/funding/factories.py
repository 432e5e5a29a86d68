"""Factories for funding, and small tables written as government prints them."""

import csv
import datetime
import io
from decimal import Decimal

import factory
from django.utils import timezone

from core.financial_years import FinancialYear
from core.models import PolicingBody
from funding.models import Allocation, FundingStream
from funding.reference import COMMUNITY_SAFETY_FUND, MOJ_VICTIMS_SERVICES
from funding.yearend.services import carry_forward_agreement_record, year_close
from tests.funding.ledger_factories import finance_officer, funded_budget

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


# --- The year end (funding.yearend) ----------------------------------------------------------

LAST_YEAR = FinancialYear(2025)  # ended before the tests' today, so it may be closed


def year_end_budget(*, amount=Decimal("1000.00"), ring_fenced=False, **kwargs):
    """A budget of LAST_YEAR with `amount` available, built through the services."""
    return funded_budget(amount=amount, ring_fenced=ring_fenced, year=LAST_YEAR, **kwargs)


def year_closed(body_, year=LAST_YEAR, *, by=None):
    """Close `year` for the body as a finance officer does."""
    return year_close(body=body_, year=year, by=by or finance_officer(body_))


def carry_forward_agreement(budget_, amount, *, by=None):
    """The funder's recorded agreement that `amount` of a ring-fenced budget may carry."""
    return carry_forward_agreement_record(
        budget=budget_,
        by=by or finance_officer(budget_.body),
        agreed_by="Victims Funding team, Ministry of Justice",
        reference="MOJ/VSG/2026/041",
        agreed_on=datetime.date(2026, 3, 20),
        amount=amount,
    )
