"""The demo's allocations and the benchmark's seed and pages."""

import datetime
import random

import pytest
from django.test import Client

from core.financial_years import FinancialYear
from funding import bench
from funding import demo_data as funding_demo
from funding.models import Allocation, AllocationEvent
from tests.funding.demo import demo_load_up_to_funding
from tests.harness.personas import PERSONAS, sign_in_persona

pytestmark = pytest.mark.django_db

ANCHOR = datetime.date(2026, 4, 1)


def test_the_demo_gives_every_body_two_streams_for_two_years_and_loads_once():
    demo_load_up_to_funding(anchor=ANCHOR)
    streams = set(Allocation.objects.values_list("stream__slug", flat=True))
    assert streams == {"community-safety-fund", "moj-victims-services"}
    assert set(Allocation.objects.values_list("year", flat=True)) == {
        FinancialYear(2025),
        FinancialYear(2026),
    }
    for slug in streams:
        assert Allocation.objects.filter(stream__slug=slug).values("body").distinct().count() == 43
    assert set(Allocation.objects.values_list("source", flat=True)) == {"demo data"}
    events = AllocationEvent.objects.count()
    funding_demo.load(anchor=ANCHOR)
    assert AllocationEvent.objects.count() == events


def test_the_bench_seed_covers_every_body_and_stream_for_ten_years_once():
    added = bench.seed(scale=1, rng=random.Random(1))
    assert added == 43 * 6 * 10
    assert Allocation.objects.values("year").distinct().count() == 10
    assert bench.seed(scale=1, rng=random.Random(2)) == 0


def test_every_bench_page_answers(persona_users):
    bench.seed(scale=1, rng=random.Random(1))
    officer = persona_users["finance_officer_a"]
    for name, path, persona in bench.pages():
        client = Client()
        if persona != "anonymous":
            sign_in_persona(client, PERSONAS["finance_officer_a"], officer)
        response = client.get(path)
        assert response.status_code == 200, f"{name} {path}: {response.status_code}"
