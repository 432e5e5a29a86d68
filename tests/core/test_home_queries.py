"""The signed-in home page runs as many queries with 300 rows of everything it lists as with
3, for every persona (tests/harness/personas.py).

Its panels (core/home_panels.py, plans/home_panels.py, providers/home_panels.py) list the
office's people, recent changes to their roles, plans with the panel, and the provider
organisation's members and join requests. Every kind of row is made for every body and
organisation the personas belong to, so a panel that loads per row, or reads beyond the
person's own body or organisation, shows up as a count that grows. The personas and the
counts are made once for the module, inside a transaction that is rolled back.
"""

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import PolicingBody, Role
from plans.models import PlanStatus
from tests.core.factories import MembershipFactory
from tests.harness.personas import (
    BODY_A,
    BODY_B,
    BODY_C,
    PERSONAS,
    make_persona_user,
    sign_in_persona,
)
from tests.harness.queries import LARGE, SMALL
from tests.plans.factories import PlanFactory
from tests.providers.factories import JoinRequestFactory, MemberFactory, persona_organisation

BODIES = {BODY_A: "A", BODY_B: "B", BODY_C: "C"}


def make_rows(start, stop):
    """Rows numbered start..stop-1 of every kind the home page lists, for every body and
    organisation of the personas."""
    for slug, letter in BODIES.items():
        body = PolicingBody.objects.get(slug=slug)
        for n in range(start, stop):
            MembershipFactory(
                body=body,
                role=Role.ASSESSOR if n % 2 else Role.FINANCE_OFFICER,
                user__full_name=f"Colleague {letter}{n:03}",
            )
            MembershipFactory(
                body=body, role=Role.PANEL_MEMBER, user__full_name=f"Panel {letter}{n:03}"
            )
            PlanFactory(body=body, status=PlanStatus.PANEL_REVIEW, title=f"Plan {letter}{n:03}")
    for key in ("x", "y"):
        organisation = persona_organisation(key)
        for n in range(start, stop):
            MemberFactory(
                organisation=organisation,
                role="viewer",
                user__full_name=f"Member {key.upper()}{n:03}",
            )
            JoinRequestFactory(
                organisation=organisation, user__full_name=f"Asker {key.upper()}{n:03}"
            )


def home(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("core:home"))
    return response.status_code, response.content.decode(), len(queries.captured_queries)


# What each persona's home page must show of the rows: (text prefix), so the test cannot
# pass on a page that lists nothing. Personas whose home page lists none of these rows (the
# public start page, site administrators, assessors, people not yet verified or switched
# off) still must run a constant number of queries.
SHOWN = {
    "commissioning_officer_a": "Colleague A",
    "finance_officer_a": "Colleague A",
    "decision_maker_a": "Colleague A",
    "decision_maker_limited_a": "Colleague A",
    "staff_b": "Colleague B",
    "staff_c": "Colleague C",
    "panel_member_a": "Plan A",
    "panel_member_b": "Plan B",
    "provider_admin_x": "Member X",
    "provider_editor_x": "Member X",
    "provider_viewer_x": "Member X",
    "provider_member_y": "Member Y",
}


@pytest.fixture(scope="module")
def measured(django_db_setup, django_db_blocker):
    """{persona: ((status, queries, shown) at SMALL rows, the same at LARGE rows)}."""
    from tests.harness.reference import reference_data_ensure

    with django_db_blocker.unblock(), transaction.atomic():
        reference_data_ensure()
        clients = {
            key: sign_in_persona(Client(), persona, make_persona_user(persona))
            for key, persona in PERSONAS.items()
        }
        results = {key: [] for key in PERSONAS}
        done = 0
        for size in (SMALL, LARGE):
            make_rows(done, size)
            done = size
            for key, client in clients.items():
                status, body, count = home(client)
                prefix = SHOWN.get(key)
                shown = body.count(prefix) if prefix else 0
                results[key].append((status, count, shown))
        yield results
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", list(PERSONAS))
def test_the_home_page_runs_the_same_queries_at_3_and_300_rows(persona, measured):
    (small_status, small_count, small_shown), (large_status, large_count, large_shown) = measured[
        persona
    ]
    assert small_status == large_status
    assert small_status in (200, 302)
    if persona in SHOWN:
        assert small_status == 200
        assert small_shown >= SMALL, f"the home page shows {small_shown} of {SMALL} rows"
        assert large_shown >= SMALL
    assert small_count == large_count, (
        f"{persona}: {small_count} queries at {SMALL} rows, {large_count} at {LARGE}"
    )
