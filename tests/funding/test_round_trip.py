"""Property: a table imported, then downloaded (CSV or XLSX) and imported again, keeps every
amount exactly, to the penny, in pounds or in millions as printed.

`hypothesis.extra.django.TestCase` rolls each example back, so every example starts from the
same allocations (none).
"""

import csv
import io
from decimal import Decimal

from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase
from openpyxl import load_workbook

from core.models import PolicingBody
from funding import reference, services
from funding.importing import MILLIONS, POUNDS, Options
from funding.models import Allocation, FundingStream
from funding.rules import CommandLine
from funding.tables import read_table
from tests.funding.factories import YEAR, csv_bytes, xlsx_bytes
from tests.harness.reference import reference_data_ensure

PENCE = st.integers(min_value=0, max_value=10**13 - 1).map(lambda p: Decimal(p) / 100)


def printed(amount, style):
    """An amount as a table might print it."""
    if style == "plain":
        return f"{amount:f}"
    if style == "pounds":
        return f"£{amount:,.2f}"
    return f"{amount / 1_000_000:f}"  # millions: exact, as many places as it needs


@st.composite
def tables(draw):
    count = draw(st.integers(min_value=1, max_value=43))
    indexes = draw(st.lists(st.integers(0, 42), min_size=count, max_size=count, unique=True))
    amounts = draw(st.lists(PENCE, min_size=count, max_size=count))
    style = draw(st.sampled_from(["plain", "pounds", "millions"]))
    as_xlsx = draw(st.booleans())
    return list(zip(indexes, amounts, strict=True)), style, as_xlsx


class RoundTripTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        reference_data_ensure()
        reference.ensure()

    def import_table(self, content, units=POUNDS, column=""):
        return services.allocations_import(
            by=CommandLine(),
            stream=FundingStream.objects.get(slug=reference.COMMUNITY_SAFETY_FUND),
            table=read_table(content),
            options=Options(year=YEAR, units=units, column=column),
        )

    def stored(self):
        return dict(Allocation.objects.values_list("body__police_area", "amount"))

    @settings(
        max_examples=40,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(tables())
    def test_import_then_export_keeps_every_amount_exactly(self, drawn):
        rows, style, as_xlsx = drawn
        bodies = list(PolicingBody.objects.order_by("police_area"))
        expected = {bodies[index].police_area: amount for index, amount in rows}
        header = ["Area", "Allocation (£m)" if style == "millions" else "Allocation (£)"]
        table = [header, *([bodies[i].police_area, printed(a, style)] for i, a in rows)]
        if as_xlsx:
            # Numeric cells, as a spreadsheet holds them; openpyxl reads them back as floats.
            numbers = [
                [bodies[i].police_area, float(a / 1_000_000 if style == "millions" else a)]
                for i, a in rows
            ]
            content = xlsx_bytes([header, *numbers])
        else:
            content = csv_bytes(table)
        units = MILLIONS if style == "millions" else POUNDS
        preview = self.import_table(content, units=units)
        assert preview.total == sum(expected.values(), Decimal("0.00"))
        assert self.stored() == expected

        url = reverse("funding:national-csv", args=[reference.COMMUNITY_SAFETY_FUND, YEAR])
        downloaded = b"".join(self.client.get(url, follow=True).streaming_content)
        exported = list(csv.DictReader(io.StringIO(downloaded.decode("utf-8-sig"))))
        assert {row["Area"]: Decimal(row["Amount (£)"]) for row in exported} == expected
        again = self.import_table(downloaded)
        assert again.changes == []

        url = reverse("funding:national-xlsx", args=[reference.COMMUNITY_SAFETY_FUND, YEAR])
        workbook = load_workbook(
            io.BytesIO(b"".join(self.client.get(url, follow=True).streaming_content))
        )
        values = list(workbook.active.iter_rows(min_row=2, values_only=True))
        assert {row[0]: Decimal(repr(row[4])) for row in values} == expected
