"""The demo's budgets and the benchmark's year of entries reconcile with their ledgers."""

import datetime
import random

import pytest
from django.db.models import Sum
from django.test import Client

from core.financial_years import FinancialYear
from funding import bench, demo_budgets
from funding.ledger.models import (
    FIGURES,
    Budget,
    ContributionStatus,
    LedgerEntry,
    VirementStatus,
)
from tests.funding.demo import demo_load_up_to_funding
from tests.harness.personas import PERSONAS, sign_in_persona

pytestmark = pytest.mark.django_db

ANCHOR = datetime.date(2026, 4, 1)


def assert_reconciled(budgets):
    for budget in budgets:
        sums = LedgerEntry.objects.filter(budget=budget).aggregate(
            **{figure: Sum(f"{figure}_delta") for figure in FIGURES}
        )
        for figure in FIGURES:
            assert getattr(budget, figure) == (sums[figure] or 0), (budget, figure)


def test_the_demo_builds_a_year_of_budgets_for_two_bodies_once():
    demo_load_up_to_funding(anchor=ANCHOR)
    budgets = Budget.objects.filter(year=FinancialYear(2026))
    assert set(budgets.values_list("body__slug", flat=True)) == set(demo_budgets.BODIES)
    assert_reconciled(budgets)
    for slug in demo_budgets.BODIES:
        of_body = budgets.filter(body__slug=slug)
        assert of_body.filter(ring_fenced_stream__isnull=False).count() == 1
        assert of_body.filter(virements_out__status=VirementStatus.MADE).exists()
        assert of_body.filter(contributions__status=ContributionStatus.RECEIVED).exists()
        assert of_body.filter(contributions__status=ContributionStatus.PLEDGED).exists()
        assert sum(b.paid for b in of_body) > 0
        assert sum(b.reserved for b in of_body) > 0
    entries = LedgerEntry.objects.count()
    demo_budgets.load(anchor=ANCHOR)
    assert LedgerEntry.objects.count() == entries


def test_the_bench_gives_every_body_budgets_with_a_year_of_entries(persona_users):
    bench.seed(scale=1, rng=random.Random(1))
    budgets = Budget.objects.filter(year=FinancialYear.current())
    assert budgets.values("body").distinct().count() == 43
    assert LedgerEntry.objects.filter(kind="paid").values("effective_on").distinct().count() == 4
    assert_reconciled(budgets.order_by("?")[:20])
    entries = LedgerEntry.objects.count()
    bench.seed(scale=1, rng=random.Random(2))
    assert LedgerEntry.objects.count() == entries
    officer = persona_users["finance_officer_a"]
    for name, path, _persona in bench.pages():
        if not name.startswith("budgets"):
            continue
        client = sign_in_persona(Client(), PERSONAS["finance_officer_a"], officer)
        assert client.get(path).status_code == 200, f"{name} {path}"
