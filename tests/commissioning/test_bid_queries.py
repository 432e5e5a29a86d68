"""The bid lists run the same number of queries at 3 bids and at 300.

- A round's bids for its office (commissioning:round-bids), once the round has closed: the
  session, the user, the OTP device, the memberships, the round, the counts (one aggregate),
  then the submitted bids with their organisations and lots and the total asked for (one
  query with a join and a sum).
- The provider's bids (commissioning:bids): the session, the user, the memberships with their
  organisations, the navigation's checks, then the bids with their rounds, lead bodies, lots
  and organisations and the total asked for (one query).
"""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commissioning.bids.models import Bid, BidAmount, BidStatus
from core.financial_years import FinancialYear
from tests.commissioning.bid_factories import member, open_round
from tests.commissioning.factories import officer
from tests.core.factories import UserFactory
from tests.harness.personas import sign_in_verified
from tests.harness.queries import assert_flat_queries
from tests.providers.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
_numbers = itertools.count(1)


def _amounts(bids):
    BidAmount.objects.bulk_create(
        [BidAmount(bid=bid, year=FinancialYear(2027), amount=Decimal("1000.00")) for bid in bids]
    )


def test_a_closed_rounds_bid_list_is_flat():
    closed = timezone.now() - datetime.timedelta(hours=1)
    round_ = open_round(closes_at=closed)
    by = UserFactory()
    staff = sign_in_verified(Client(), officer(round_.lead_body))

    def make_rows(n):
        organisations = OrganisationFactory.create_batch(n)
        bids = Bid.objects.bulk_create(
            [Bid(round=round_, organisation=o, started_by=by) for o in organisations]
        )
        _amounts(bids)
        # Submitted after the amounts: a submitted bid's amounts are frozen.
        for bid in bids:
            bid.status = BidStatus.SUBMITTED
            bid.reference = f"AS-2026-27-{next(_numbers):05d}"
            bid.submitted_at = closed - datetime.timedelta(minutes=5)
        Bid.objects.bulk_update(bids, ["status", "reference", "submitted_at"])
        return bids

    assert_flat_queries(
        staff,
        reverse("commissioning:round-bids", args=[round_.pk]),
        make_rows=make_rows,
        expect=lambda bids: [bid.reference for bid in bids],
    )


def test_the_providers_bid_list_is_flat():
    organisation = OrganisationFactory()
    editor = member(organisation)
    client = Client()
    client.force_login(editor)
    round_ = open_round()

    def make_rows(n):
        lots = [
            round_.lots.create(name=f"Lot {next(_numbers)}", amount=Decimal(1)) for _ in range(n)
        ]
        bids = Bid.objects.bulk_create(
            [
                Bid(round=round_, lot=lot, organisation=organisation, started_by=editor)
                for lot in lots
            ]
        )
        _amounts(bids)
        return lots

    assert_flat_queries(
        client,
        reverse("commissioning:bids"),
        make_rows=make_rows,
        expect=lambda lots: [lot.name for lot in lots],
    )
