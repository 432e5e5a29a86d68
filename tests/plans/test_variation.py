"""Varying a published plan: a new version that supersedes the old one when published."""

from decimal import Decimal

import pytest

from core.models import Role
from plans import services
from plans.changes import Change, priority_changes
from plans.errors import RoleRequired, TransitionRefused, VariationInProgress
from plans.models import Plan, PlanStatus, PriorityThread
from plans.selectors import priority_threads_for
from tests.plans.factories import advance, person, plan_through

pytestmark = pytest.mark.django_db


def officer(plan):
    return person(plan.body, Role.COMMISSIONING_OFFICER)


def test_a_variation_is_a_new_draft_version_with_the_same_priorities():
    published = plan_through(PlanStatus.PUBLISHED)
    variation = services.plan_vary(plan=published, by=officer(published), reason="New data.")
    assert (variation.version, variation.status) == (2, PlanStatus.DRAFT)
    assert variation.lineage == published.lineage
    assert variation.varies == published
    assert variation.variation_reason == "New data."
    old = list(published.priorities.values_list("thread_id", "title"))
    assert list(variation.priorities.values_list("thread_id", "title")) == old
    assert Plan.objects.get(pk=published.pk).status == PlanStatus.PUBLISHED


def test_a_variation_copies_the_intended_grants_and_links():
    published = plan_through(PlanStatus.DRAFT)
    priority = published.priorities.first()
    services.intended_grant_add(
        plan=published,
        by=officer(published),
        priority=priority,
        recipient="Community safety partnerships",
        purpose="Local projects",
        amount=Decimal("1000.00"),
    )
    services.plan_link_add(
        plan=published, by=officer(published), title="Needs assessment", url="https://x.org/n"
    )
    advance(published, PlanStatus.PUBLISHED)
    variation = services.plan_vary(plan=published, by=officer(published), reason="Update.")
    grant = variation.intended_grants.get()
    assert grant.priority.thread_id == priority.thread_id
    assert grant.priority.plan == variation
    assert variation.links.get().title == "Needs assessment"


def test_only_a_published_version_is_varied():
    draft = plan_through(PlanStatus.DRAFT)
    with pytest.raises(TransitionRefused, match="Only the published version"):
        services.plan_vary(plan=draft, by=officer(draft), reason="Why not.")


def test_one_variation_at_a_time():
    published = plan_through(PlanStatus.PUBLISHED)
    services.plan_vary(plan=published, by=officer(published), reason="First.")
    with pytest.raises(VariationInProgress):
        services.plan_vary(plan=published, by=officer(published), reason="Second.")


def test_a_variation_says_why():
    published = plan_through(PlanStatus.PUBLISHED)
    with pytest.raises(TransitionRefused, match="why the plan is being varied"):
        services.plan_vary(plan=published, by=officer(published), reason=" ")


def test_a_finance_officer_does_not_vary_a_plan():
    published = plan_through(PlanStatus.PUBLISHED)
    with pytest.raises(RoleRequired):
        services.plan_vary(
            plan=published, by=person(published.body, Role.FINANCE_OFFICER), reason="Mine."
        )


def test_a_variation_goes_through_consultation_and_the_panel_again():
    published = plan_through(PlanStatus.PUBLISHED)
    variation = plan_through(PlanStatus.PANEL_REVIEW, varies=published)
    moves = list(variation.transitions.values_list("to_status", flat=True))
    assert moves == ["draft", "consultation", "panel_review"]
    assert variation.consultation_responses.filter(respondent_type="chief_constable").exists()


def test_publishing_a_variation_supersedes_the_old_version_and_retires_removed_priorities():
    published = plan_through(PlanStatus.PUBLISHED)
    variation = plan_through(PlanStatus.DRAFT, varies=published)
    removed, kept = list(variation.priorities.all())
    services.priority_remove(priority=removed, by=officer(variation))
    services.priority_update(
        priority=kept, by=officer(variation), title="Cut crime", description="Differently."
    )
    added = services.priority_add(
        plan=variation, by=officer(variation), title="Tackle fraud", description="Online too."
    )
    advance(variation, PlanStatus.PUBLISHED)

    published.refresh_from_db()
    assert published.status == PlanStatus.SUPERSEDED
    superseded = published.transitions.last()
    assert (superseded.from_status, superseded.to_status) == ("published", "superseded")
    assert superseded.note == "Superseded by version 2."
    retired = PriorityThread.objects.get(pk=removed.thread_id)
    assert retired.retired_in == variation
    assert PriorityThread.objects.get(pk=kept.thread_id).retired_in is None
    assert PriorityThread.objects.get(pk=added.thread_id).retired_in is None
    # The old version keeps its wording; the thread now shows the new one.
    assert (
        published.priorities.get(thread=kept.thread).title == "Cut crime and anti-social behaviour"
    )
    threads = {t.pk: t for t in priority_threads_for(body=published.body)}
    assert threads[kept.thread_id].latest.title == "Cut crime"
    assert threads[removed.thread_id].latest.title == "Support victims and the vulnerable"
    assert threads[removed.thread_id].retired_in.version == 2


def test_a_third_version_supersedes_the_second():
    first = plan_through(PlanStatus.PUBLISHED)
    second = plan_through(PlanStatus.PUBLISHED, varies=first)
    third = plan_through(PlanStatus.PUBLISHED, varies=second)
    statuses = dict(Plan.objects.filter(lineage=first.lineage).values_list("version", "status"))
    assert statuses == {1: "superseded", 2: "superseded", 3: "published"}
    assert third.version == 3


def test_the_changes_of_a_variation_are_matched_by_identity():
    published = plan_through(PlanStatus.PUBLISHED)
    variation = plan_through(PlanStatus.DRAFT, varies=published)
    first, second = list(variation.priorities.all())
    services.priority_update(
        priority=first, by=officer(variation), title="Victims first", description=first.description
    )
    services.priority_remove(priority=second, by=officer(variation))
    services.priority_add(plan=variation, by=officer(variation), title="New", description="New.")
    changes = priority_changes(list(published.priorities.all()), list(variation.priorities.all()))
    assert [(c.changes, (c.old or c.new).title) for c in changes] == [
        ([Change.RENAMED], "Support victims and the vulnerable"),
        ([Change.ADDED], "New"),
        ([Change.REMOVED], "Cut crime and anti-social behaviour"),
    ]
