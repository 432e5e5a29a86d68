"""The benchmark's grants: `seed` tops up the bench body's awards (four instalments each),
on rounds of its own, and their monitoring returns, and `pages()` are the grant list, the
instalments due and the returns waiting for review."""

import random

import pytest

from core.financial_years import FinancialYear
from grants import bench
from grants.models import Award, Instalment
from grants.returns.models import MonitoringReturn, ReturnStatus
from tests.funding.ledger_factories import funded_budget
from tests.plans.factories import body
from tests.providers.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_the_seed_tops_up_awards_with_four_instalments_each_and_the_pages_answer(client, signed_in):
    funded_budget(
        amount=bench.Decimal("1000000.00"),
        body_=body(bench.BENCH_BODY),
        year=FinancialYear.current(),
    )
    for _ in range(4):
        OrganisationFactory()
    assert bench.seed(scale=10 / bench.AWARDS, rng=random.Random(1)) == 10
    assert Award.objects.count() == 10
    assert Instalment.objects.count() == 40
    # 200,000 returns for 20,000 awards: ten each, in every state.
    assert MonitoringReturn.objects.count() == 100
    assert set(MonitoringReturn.objects.values_list("status", flat=True)) == set(ReturnStatus)
    assert bench.seed(scale=10 / bench.AWARDS, rng=random.Random(2)) == 0
    assert MonitoringReturn.objects.count() == 100
    personas = {
        "commissioning_officer": "commissioning_officer_a",
        "finance_officer": "finance_officer_a",
    }
    for name, path, persona in bench.pages():
        signed_in(personas[persona])
        assert client.get(path).status_code == 200, name
    assert "grants: a grant's page" in {name for name, _path, _persona in bench.pages()}
