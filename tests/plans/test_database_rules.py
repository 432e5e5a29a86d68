"""Rules the database holds even when the services are bypassed (raw SQL, bulk updates)."""

import pytest
from django.db import IntegrityError, ProgrammingError, connection, transaction

from core.financial_years import FinancialYear
from plans.models import Plan, PlanStatus, Priority
from tests.plans.factories import BODY_B, PlanFactory, PriorityFactory, body, plan_through

pytestmark = pytest.mark.django_db


def refused(error=ProgrammingError):
    """Triggers raise PL/pgSQL exceptions, which Django reports as ProgrammingError."""
    return pytest.raises(error)


def test_a_published_plans_priorities_cannot_be_changed_by_sql():
    plan = plan_through(PlanStatus.PUBLISHED)
    priority = plan.priorities.first()
    with refused(), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE plans_priority SET title = 'Hacked' WHERE id = %s", [priority.pk])
    with refused(), transaction.atomic():
        Priority.objects.filter(pk=priority.pk).delete()
    with refused(), transaction.atomic():
        PriorityFactory(plan=plan)
    assert Priority.objects.get(pk=priority.pk).title == priority.title


def test_a_published_plans_grants_and_links_cannot_change():
    plan = plan_through(PlanStatus.PUBLISHED)
    with refused(), transaction.atomic():
        plan.links.create(title="Sneaky", url="https://example.org")
    with refused(), transaction.atomic():
        plan.intended_grants.create(
            priority=plan.priorities.first(), recipient="X", purpose="Y", amount=1
        )


def test_a_published_plans_text_cannot_change_but_its_status_can_move_on():
    plan = plan_through(PlanStatus.PUBLISHED)
    with refused(), transaction.atomic():
        Plan.objects.filter(pk=plan.pk).update(title="Hacked")
    with refused(), transaction.atomic():
        Plan.objects.filter(pk=plan.pk).delete()
    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.SUPERSEDED)


def test_a_draft_plans_priorities_change_freely():
    plan = plan_through(PlanStatus.DRAFT)
    Priority.objects.filter(plan=plan).update(title="Anything")


def test_the_status_only_moves_along_the_map():
    plan = PlanFactory()
    with refused(), transaction.atomic():
        Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.PUBLISHED)
    Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.CONSULTATION)
    with refused(), transaction.atomic():
        Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.DRAFT)


def test_two_published_plans_of_a_body_never_cover_the_same_year():
    PlanFactory(status=PlanStatus.PUBLISHED, first_year=2025, last_year=2028)
    # The constraint is deferred to the end of the transaction (publishing a variation
    # overlaps for a moment), so the error comes at commit: here, at the savepoint's end.
    with refused(IntegrityError), transaction.atomic():
        PlanFactory(status=PlanStatus.PUBLISHED, first_year=2028, last_year=2029)
        connection.cursor().execute("SET CONSTRAINTS ALL IMMEDIATE")
    PlanFactory(status=PlanStatus.PUBLISHED, first_year=2029, last_year=2030)
    PlanFactory(status=PlanStatus.PUBLISHED, first_year=2025, last_year=2028, body=body(BODY_B))
    connection.cursor().execute("SET CONSTRAINTS ALL IMMEDIATE")
    assert Plan.objects.published().count() == 3


def test_years_run_forward():
    with refused(IntegrityError), transaction.atomic():
        PlanFactory(first_year=FinancialYear(2026), last_year=FinancialYear(2025))


def test_one_version_of_a_plan_is_in_progress_at_a_time():
    plan = PlanFactory(status=PlanStatus.PUBLISHED)
    PlanFactory(lineage=plan.lineage, version=2, varies=plan)
    with refused(IntegrityError), transaction.atomic():
        PlanFactory(lineage=plan.lineage, version=3, varies=plan)
