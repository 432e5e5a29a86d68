"""The grant list, the instalments due and the provider's grants run the same number of
queries at 3 awards and at 300 (tests/harness/queries.py).

- The grant list (grants:list), for a commissioning officer: the session, the user, the OTP
  device, the memberships; the filter form's budgets and the plan's priorities; the count;
  the page of awards with their organisation and total; the decisions with awards to make.
- The instalments due (grants:instalments-due), for a finance officer: the same start, then
  the instalments with their award, organisation and budget, in one.
- The provider's grants (grants:mine), for organisation X's administrator: the session and
  user, the memberships, the grants with their totals and payments, the payments to come.
"""

import itertools

import factory
import pytest
from django.test import Client
from django.urls import reverse

from commissioning.bids.models import Bid, BidStatus
from core.models import ServiceCategory, User
from grants.bench import awards_bulk
from providers.models import Organisation
from tests.commissioning.decision_factories import budgets_of, deciding_round
from tests.harness.personas import PERSONAS, make_persona_user, sign_in_persona
from tests.harness.queries import assert_flat_queries
from tests.providers.factories import OrganisationFactory, persona_organisation

pytestmark = pytest.mark.django_db
_numbers = itertools.count(1)


def awards_for(round_, n, *, organisation=None, statuses=None):
    """`n` awards of the round's body, each to its own new organisation (or all to
    `organisation`, each from its own round: one bid per organisation and round)."""
    by = User.objects.filter(is_active=True).first()
    purpose = ServiceCategory.objects.filter(is_national=False).first()
    made = []
    if organisation is None:
        organisations = Organisation.objects.bulk_create(
            [Organisation(**_organisation_fields()) for _ in range(n)]
        )
        rounds = [round_] * n
    else:
        organisations = [organisation] * n
        # One bid per organisation and round: a copy of the round's row for each award.
        rounds = _round_copies(round_, n)
    for target_round, group in _grouped(rounds, organisations):
        bids = Bid.objects.bulk_create(
            [
                Bid(
                    round=target_round,
                    organisation=org,
                    started_by=by,
                    status=BidStatus.SUBMITTED,
                    reference=f"Q-{next(_numbers):05d}",
                    submitted_at=target_round.closes_at,
                )
                for org in group
            ]
        )
        for bid, org in zip(bids, group, strict=True):
            bid.organisation = org
        budget = budgets_of(round_)[0]
        made += awards_bulk(
            round_=target_round,
            bids=bids,
            budget=budget,
            by=by,
            purpose=purpose,
            **({"statuses": statuses} if statuses else {}),
        )
    return made


def _organisation_fields():
    fields = factory.build(dict, FACTORY_CLASS=OrganisationFactory)
    fields.pop("charity_number")
    fields.pop("company_number")
    fields["org_id"] = f"GB-TEST-{next(_numbers)}"
    return fields


def _round_copies(round_, n):
    from commissioning.models import Round

    copies = []
    for _ in range(n):
        copy = Round.objects.get(pk=round_.pk)
        copy.pk = None
        copies.append(copy)
    return Round.objects.bulk_create(copies)


def _grouped(rounds, organisations):
    groups = {}
    for round_, organisation in zip(rounds, organisations, strict=True):
        groups.setdefault(round_.pk, (round_, []))[1].append(organisation)
    return list(groups.values())


def client_as(persona):
    client = Client()
    sign_in_persona(client, PERSONAS[persona], make_persona_user(PERSONAS[persona]))
    return client


def test_the_grant_list_runs_the_same_queries_at_3_and_300_awards():
    round_ = deciding_round()
    assert_flat_queries(
        client_as("commissioning_officer_a"),
        reverse("grants:list"),
        make_rows=lambda n: awards_for(round_, n),
        expect=lambda awards: [a.public_id for a in awards],
    )


def test_the_instalments_due_run_the_same_queries_at_3_and_300_awards():
    from grants.models import AwardStatus

    round_ = deciding_round()
    assert_flat_queries(
        client_as("finance_officer_a"),
        reverse("grants:instalments-due"),
        make_rows=lambda n: awards_for(round_, n, statuses=(AwardStatus.ACCEPTED,)),
        expect=lambda awards: [a.title for a in awards],
    )


def test_the_providers_grants_run_the_same_queries_at_3_and_300_awards():
    client = client_as("provider_admin_x")
    organisation = persona_organisation("x")
    round_ = deciding_round()
    assert_flat_queries(
        client,
        reverse("grants:mine"),
        make_rows=lambda n: awards_for(round_, n, organisation=organisation),
        expect=lambda awards: [a.title for a in awards if a.status != "draft"][:3],
    )
