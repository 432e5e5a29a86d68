"""Plan lists run the same number of queries at 3 rows and at 300.

- The office's list (plans:list), 7: the session, the user, the OTP device, the
  memberships (once, kept on the user), the plans with their priority counts, and the
  deadline (the current term, then the plan published for it).
- The panel's list, 5: the same without the deadline.
- The public list of bodies, 2: every published plan, then every body.
- A body's archive, 3: the body, its published versions with their priority counts, and its
  published plans to choose the current one.
"""

import itertools

import pytest
from django.urls import reverse

from core.financial_years import FinancialYear
from core.models import PolicingBody
from tests.harness.queries import assert_flat_queries
from tests.plans.factories import PlanFactory, TermOfOfficeFactory, body, published_plan

pytestmark = pytest.mark.django_db


# Published plans of one body never share a year, so each row gets its own.
_years = itertools.count(1900)


def published_plans(n):
    made = []
    for _ in range(n):
        year = FinancialYear(next(_years))
        made.append(
            published_plan(first_year=year, last_year=year, title=f"Published plan for {year}")
        )
    return made


def test_the_offices_list_is_flat(signed_in):
    TermOfOfficeFactory()
    client = signed_in("finance_officer_a")

    def drafts(n):
        return [
            PlanFactory(title=f"Draft plan {PlanFactory._meta.model.objects.count()}")
            for _ in range(n)
        ]

    count = assert_flat_queries(
        client,
        reverse("plans:list"),
        make_rows=drafts,
        expect=lambda rows: [plan.title for plan in rows],
    )
    assert count <= 7


def test_the_panels_list_is_flat(signed_in):
    client = signed_in("panel_member_a")
    count = assert_flat_queries(
        client,
        reverse("plans:list"),
        make_rows=published_plans,
        expect=lambda rows: [plan.title for plan in rows],
    )
    assert count <= 5


def test_the_public_list_of_bodies_and_plans_is_flat(client):
    # The page lists every body once; the rows are published plans, one of which is current.
    count = assert_flat_queries(
        client,
        reverse("plans:public-index"),
        make_rows=published_plans,
        expect=lambda rows: [body.police_area for body in PolicingBody.objects.all()[:5]],
    )
    assert count <= 2


def test_a_bodys_archive_is_flat(client):
    count = assert_flat_queries(
        client,
        reverse("plans:public-archive", kwargs={"body": body().slug}),
        make_rows=published_plans,
        expect=lambda rows: [plan.title for plan in rows],
    )
    assert count <= 3
