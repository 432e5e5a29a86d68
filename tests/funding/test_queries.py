"""The national view and a body's finance pages run the same number of queries at 3 rows and
at 300.

- The national view (funding:national), 4 for anyone: the published stream, the stream's
  lines that year (for the line filter), each body's sum, and the 43 bodies (and a fifth,
  the purposes, for a ring-fenced stream).
- A body's finance page (funding:finance), 5: the session, the user, the OTP device, the
  memberships (once, kept on the user), and the allocations with their streams.
- Its history (funding:history), 5: the same four, then the events joined to their contexts
  and streams.
"""

import itertools
from decimal import Decimal

import pytest
from django.urls import reverse

from core.models import PolicingBody
from funding import services
from funding.downloads import national_download_current
from tests.funding.factories import YEAR, AllocationFactory, body, stream
from tests.harness.queries import assert_flat_queries

pytestmark = pytest.mark.django_db

_lines = itertools.count(1)


def test_the_national_view_is_flat(client):
    bodies = itertools.cycle(PolicingBody.objects.order_by("police_area"))

    def allocations(n):
        made = [
            AllocationFactory(body=next(bodies), line_label=f"Line {next(_lines)}")
            for _ in range(n)
        ]
        # The downloads are built once per change (funding.downloads), as the allocation
        # services have the worker do after their commit: count what a visitor then costs.
        national_download_current(stream=stream(), year=YEAR, language="en")
        return made

    count = assert_flat_queries(
        client,
        reverse("funding:national", args=["community-safety-fund", YEAR]),
        make_rows=allocations,
        expect=lambda rows: [row.body.police_area for row in rows],
    )
    # The page's four, and the downloads' two: the kept files and the version of the rows.
    assert count == 6


def test_the_finance_page_is_flat(signed_in):
    client = signed_in("finance_officer_a")

    def allocations(n):
        return [AllocationFactory(line_label=f"Line {next(_lines)}") for _ in range(n)]

    count = assert_flat_queries(
        client,
        reverse("funding:finance"),
        make_rows=allocations,
        expect=lambda rows: [row.line_label for row in rows],
    )
    assert count == 5


def test_the_history_is_flat(signed_in, persona_users):
    client = signed_in("finance_officer_a")
    officer = persona_users["finance_officer_a"]

    def changes(n):
        made = []
        for _ in range(n):
            allocation, _previous = services.allocation_set(
                by=officer,
                body=body(),
                stream=stream(),
                year=YEAR,
                line_label=f"Line {next(_lines)}",
                amount=Decimal("1.00"),
            )
            made.append(allocation)
        return made

    count = assert_flat_queries(
        client,
        reverse("funding:history"),
        make_rows=changes,
        expect=lambda rows: [row.line_label for row in rows],
    )
    assert count == 5
