"""One seed_scale and one list of bench pages, gathered from every app's bench.py."""

import json
import types

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import IntegrityError, transaction

from core import benchmark
from core.db import constraints_check_immediately
from core.models import Role
from plans.models import Plan, PlanStatus
from plans.services import plan_vary
from providers import bench as providers_bench
from providers.models import Organisation, OrganisationMember
from tests.plans.factories import advance, person, plan_through

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_allowed(settings, monkeypatch):
    settings.DEMO_DATA_ALLOWED = True
    # Only core's and providers' bench modules: other apps' scale data is theirs to test.
    everything = benchmark.app_modules
    monkeypatch.setattr(
        benchmark,
        "app_modules",
        lambda name: [(app, m) for app, m in everything(name) if app in ("core", "providers")],
    )


def test_seed_scale_runs_every_apps_seed_and_tops_up(demo_allowed, monkeypatch, capsys):
    monkeypatch.setattr(providers_bench, "PROVIDERS_PER_SCALE", 50)
    call_command("seed_scale", "--scale", "1")
    out = capsys.readouterr().out
    assert out.index("seed_scale: core") < out.index("seed_scale: providers")
    assert Organisation.objects.count() == 50
    assert OrganisationMember.objects.count() == 100
    names = dict(Organisation.objects.values_list("org_id", "name"))
    call_command("seed_scale", "--scale", "2")
    assert Organisation.objects.count() == 100
    # The same seed gives the first fifty the same details; they are not made again.
    assert {k: v for k, v in Organisation.objects.values_list("org_id", "name") if k in names} == (
        names
    )


def test_the_registry_scales_alone_with_bench_providers_scale(demo_allowed, monkeypatch):
    """scripts/bench.py: 50,000 providers beside the other apps' scale-1 data."""
    monkeypatch.setattr(providers_bench, "PROVIDERS_PER_SCALE", 5)
    monkeypatch.setenv("BENCH_PROVIDERS_SCALE", "3")
    call_command("seed_scale", "--scale", "1")
    assert Organisation.objects.count() == 15


def test_a_failing_app_stops_seed_scale_with_its_error(demo_allowed, monkeypatch):
    def seed(*, scale, rng):
        raise RuntimeError("providers could not seed")

    monkeypatch.setattr(providers_bench, "seed", seed)
    with pytest.raises(RuntimeError, match="providers could not seed"):
        call_command("seed_scale")


def test_an_app_bench_module_missing_a_function_is_refused(monkeypatch):
    broken = types.ModuleType("providers.bench")
    broken.seed = providers_bench.seed
    monkeypatch.setattr(
        benchmark, "app_modules", lambda name: [("providers", broken)] if name == "bench" else []
    )
    with pytest.raises(ImproperlyConfigured, match=r"providers/bench\.py must define pages"):
        benchmark.bench_pages()


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (("floor", "/twice", "anonymous"), "is taken"),
        (("relative", "registry/", "anonymous"), "must start with /"),
        (("who", "/who", "treasurer"), "unknown persona 'treasurer'"),
        (("two", "/two"), r"must give \(name, path, persona\)"),
    ],
)
def test_bench_pages_are_checked(monkeypatch, entry, message):
    monkeypatch.setattr(providers_bench, "pages", lambda: [entry])
    with pytest.raises(ImproperlyConfigured, match=message):
        benchmark.bench_pages()


def test_bench_pages_lists_every_apps_pages_with_a_persona(demo_allowed, monkeypatch, capsys):
    monkeypatch.setattr(providers_bench, "PROVIDERS_PER_SCALE", 3)
    call_command("seed_scale")
    call_command("bench_pages")
    pages = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert pages[0] == {
        "app": "core",
        "name": "floor",
        "path": "/bench/floor",
        "persona": "commissioning_officer",
    }
    assert {
        "registry search",
        "registry last page",
        "registry org id",
        "registry charity number",
        "provider page",
    } <= {page["name"] for page in pages}
    paths = {page["name"]: page["path"] for page in pages}
    # Three providers make one page; the org id is one the seed gave.
    assert paths["registry last page"] == "/registry/?page=1"
    assert paths["registry org id"] == "/registry/?q=GB-CHC-8000001"
    assert paths["registry charity number"] == "/registry/?q=8000001"
    assert [page["app"] for page in pages][:3] == ["core", "core", "providers"]


def test_bench_session_signs_in_any_persona(demo_allowed, client, capsys):
    call_command("bench_session", "--persona", "finance_officer")
    session = capsys.readouterr().out.strip()
    client.cookies["sessionid"] = session
    response = client.get("/")
    assert response.status_code == 200
    assert "Finance officer" in response.content.decode()


def test_constraints_checked_immediately_fail_at_the_insert_not_at_commit():
    orphan = OrganisationMember(organisation_id=999_999, user_id=999_999, role="viewer")
    with transaction.atomic():
        constraints_check_immediately()
        with pytest.raises(IntegrityError), transaction.atomic():
            OrganisationMember.objects.bulk_create([orphan])


def test_constraints_declared_deferred_on_purpose_stay_deferred():
    published = plan_through(PlanStatus.PUBLISHED)
    with transaction.atomic():
        constraints_check_immediately()
        variation = plan_vary(
            plan=published, by=person(published.body, Role.COMMISSIONING_OFFICER), reason="New."
        )
        # Publishing the variation overlaps the old version until it is superseded: the
        # exclusion constraint must still wait for the commit.
        advance(variation, PlanStatus.PUBLISHED)
    assert Plan.objects.get(pk=published.pk).status == PlanStatus.SUPERSEDED


def test_constraints_checked_immediately_needs_a_transaction():
    # Outside pytest-django's own transaction, with autocommit on as in a command.
    connection = transaction.get_connection()
    in_block, connection.in_atomic_block = connection.in_atomic_block, False
    try:
        with pytest.raises(transaction.TransactionManagementError):
            constraints_check_immediately()
    finally:
        connection.in_atomic_block = in_block


def test_every_apps_seed_runs_with_constraints_checked_immediately(demo_allowed, monkeypatch):
    """Deferred checks and per-row audit triggers made bulk seeding quadratic (core.db).

    `manage.py seed_scale` prints each app's time: 50,000 providers take about a minute;
    a slowdown coming back shows there first, and this test shows where it would come from.
    """
    refused = []

    def seed(*, scale, rng):
        orphan = OrganisationMember(organisation_id=999_999, user_id=999_999, role="viewer")
        try:
            with transaction.atomic():
                OrganisationMember.objects.bulk_create([orphan])
        except IntegrityError:
            refused.append(True)

    monkeypatch.setattr(providers_bench, "seed", seed)
    benchmark.scale_seed(scale=1, seed=1)
    assert refused == [True]


def test_the_floor_is_a_signed_in_staff_page_with_the_base_template(
    settings, client, signed_in, django_assert_num_queries
):
    settings.ROOT_URLCONF = "config.urls_bench"
    response = client.get("/bench/floor")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in")
    signed_in("commissioning_officer_a")
    # The session, the user, the second factor, the roles and the one indexed query.
    with django_assert_num_queries(5):
        response = client.get("/bench/floor")
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-service-navigation__list" in html
    assert "govuk-footer" in html
    assert "Kent" in html
