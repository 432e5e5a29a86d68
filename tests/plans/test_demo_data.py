"""The demo's plans: built through the services, idempotent, dated relative to the anchor."""

import datetime

import pytest

from core import demo
from plans.changes import Change, priority_changes
from plans.models import Plan, PlanStatus, PriorityThread

pytestmark = pytest.mark.django_db

ANCHOR = datetime.date(2026, 11, 22)


def statuses():
    return sorted(
        Plan.objects.values_list("body__slug", "version", "status").order_by("body__slug")
    )


def test_the_demo_tells_each_bodys_story_once():
    demo.load(today=ANCHOR)
    first = statuses()
    assert first == [
        ("avon-and-somerset", 1, PlanStatus.SUPERSEDED),
        ("avon-and-somerset", 2, PlanStatus.PUBLISHED),
        ("dyfed-powys", 1, PlanStatus.CONSULTATION),
        ("gwent", 1, PlanStatus.PANEL_REVIEW),
        ("thames-valley", 1, PlanStatus.PUBLISHED),
    ]
    demo.load(today=ANCHOR)
    assert statuses() == first


def test_the_varied_plan_shows_every_kind_of_change():
    demo.load(today=ANCHOR)
    current = Plan.objects.get(body__slug="avon-and-somerset", status=PlanStatus.PUBLISHED)
    changes = priority_changes(
        list(current.varies.priorities.all()), list(current.priorities.all())
    )
    kinds = {kind for change in changes for kind in change.changes}
    assert {Change.ADDED, Change.REMOVED, Change.RENAMED, Change.REDESCRIBED} <= kinds
    retired = PriorityThread.objects.get(retired_in=current)
    assert retired.priorities.get().title == "Build confidence in the police"


def test_the_demo_story_is_in_the_past_and_in_order():
    demo.load(today=ANCHOR)
    for plan in Plan.objects.all():
        moments = list(plan.transitions.values_list("at", flat=True))
        assert moments == sorted(moments), plan
        assert all(moment.date() <= ANCHOR for moment in moments), plan
