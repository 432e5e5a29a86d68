"""The office's round list and the public listing run the same number of queries at 3 rounds
and at 300.

- The office's list (commissioning:list): the session, the user, the OTP device, the
  memberships, then the rounds with their lead bodies and unanswered questions counted.
- The public listing (commissioning:public-list), for anyone: the rounds, their service
  categories and partner bodies (prefetched), and the filter form's choices.
"""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from commissioning.models import Round, RoundStatus
from core.financial_years import FinancialYear
from core.models import PolicingBody, ServiceCategory
from tests.core.factories import UserFactory
from tests.harness.personas import PERSONAS, sign_in_persona
from tests.harness.queries import assert_flat_queries

pytestmark = pytest.mark.django_db
_numbers = itertools.count(1)


def rounds(n, *, status=RoundStatus.DRAFT):
    """`n` rounds of body A with body B as a partner and two service categories, in bulk."""
    a = PolicingBody.objects.get(slug="avon-and-somerset")
    b = PolicingBody.objects.get(slug="dyfed-powys")
    by = UserFactory()
    now = datetime.datetime.now(tz=datetime.UTC)
    made = Round.objects.bulk_create(
        [
            Round(
                lead_body=a,
                title=f"Round number {next(_numbers):04d}",
                summary="Support for victims.",
                first_year=FinancialYear(2026),
                last_year=FinancialYear(2027),
                minimum_award=Decimal("1000.00"),
                maximum_award=Decimal("5000.00"),
                contact_email="rounds@example.org",
                opens_at=now + datetime.timedelta(days=1),
                closes_at=now + datetime.timedelta(days=30),
                status=status,
                created_by=by,
            )
            for _ in range(n)
        ]
    )
    categories = list(ServiceCategory.objects.filter(is_national=False)[:2])
    Round.service_categories.through.objects.bulk_create(
        [
            Round.service_categories.through(round_id=r.pk, servicecategory_id=c.pk)
            for r in made
            for c in categories
        ]
    )
    Round.partner_bodies.through.objects.bulk_create(
        [Round.partner_bodies.through(round_id=r.pk, policingbody_id=b.pk) for r in made]
    )
    return made


def test_the_office_list_is_flat(persona_users):
    key = "commissioning_officer_a"
    client = sign_in_persona(Client(), PERSONAS[key], persona_users[key])
    assert_flat_queries(
        client,
        reverse("commissioning:list"),
        make_rows=rounds,
        expect=lambda rows: [row.title for row in rows],
    )


def test_the_public_listing_is_flat(client):
    assert_flat_queries(
        client,
        reverse("commissioning:public-list"),
        make_rows=lambda n: rounds(n, status=RoundStatus.SCHEDULED),
        expect=lambda rows: [row.title for row in rows],
    )
