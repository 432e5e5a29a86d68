"""The demo's rounds and the benchmark's seed and pages."""

import datetime
import random

import pytest
from django.test import Client

from commissioning import bench
from commissioning import demo_data as commissioning_demo
from commissioning.errors import NationalServiceRefused
from commissioning.models import Round, RoundStatus
from commissioning.services import round_transition
from core import demo
from core.models import Role
from tests.harness.personas import PERSONAS, sign_in_persona
from tests.plans.factories import body, person

pytestmark = pytest.mark.django_db

ANCHOR = datetime.date(2026, 4, 1)


def test_the_demo_has_every_state_for_two_bodies_a_joint_round_and_lots_and_loads_once():
    demo.load(today=ANCHOR)
    for slug in ("avon-and-somerset", "thames-valley"):
        states = set(Round.objects.filter(lead_body__slug=slug).values_list("status", flat=True))
        assert states == set(RoundStatus.values), slug
    joint = Round.objects.get(partner_bodies__slug="wiltshire")
    assert joint.lots.count() == 2
    assert joint.follows.count() == 1
    assert joint.clarifications.filter(answered_at__isnull=False).count() == 1
    assert joint.organisation_extensions.count() == 1
    national = Round.objects.get(
        lead_body__slug="avon-and-somerset", title__startswith="Homicide bereavement"
    )
    with pytest.raises(NationalServiceRefused):
        round_transition(
            round=national,
            to=RoundStatus.SCHEDULED,
            by=person(body(), Role.COMMISSIONING_OFFICER),
            now=national.opens_at - datetime.timedelta(days=1),
        )
    count = Round.objects.count()
    commissioning_demo.load(anchor=ANCHOR)
    assert Round.objects.count() == count


def test_the_bench_seed_covers_every_body_once():
    added = bench.seed(scale=0.1, rng=random.Random(1))
    assert added == 43 * 4
    assert bench.seed(scale=0.1, rng=random.Random(2)) == 0


def test_every_bench_page_answers(persona_users):
    bench.seed(scale=0.1, rng=random.Random(1))
    officer = persona_users["commissioning_officer_a"]
    pages = bench.pages()
    assert len(pages) == 3
    for name, path, persona in pages:
        client = Client()
        if persona != "anonymous":
            sign_in_persona(client, PERSONAS["commissioning_officer_a"], officer)
        response = client.get(path)
        assert response.status_code == 200, f"{name} {path}: {response.status_code}"
