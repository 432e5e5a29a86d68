"""Assessment's demo, home panels, navigation and the reminders' beat entry (issue 21)."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from commissioning.assessment import demo as assessment_demo
from commissioning.assessment import selectors, services
from commissioning.assessment.models import Assignment, AssignmentStatus, Declaration
from commissioning.models import Round
from core import demo
from tests.commissioning.assessment_factories import (
    assessing_round,
    assessor,
    full_scores,
    officer,
    submitted_bid,
)

pytestmark = pytest.mark.django_db
ANCHOR = datetime.date(2026, 4, 1)


def test_the_demo_has_a_round_in_assessment_with_a_conflict_and_one_in_moderation():
    demo.load(today=ANCHOR)
    assessing = Round.objects.get(
        title=assessment_demo.ROUND_TITLE, lead_body__slug=assessment_demo.ASSESSMENT_BODY
    )
    conflict = Declaration.objects.get(round=assessing, conflict=True)
    # The assessor with the conflict was replaced on that bid.
    live = Assignment.objects.filter(bid=conflict.bid).exclude(
        status__in=[AssignmentStatus.CONFLICTED, AssignmentStatus.REMOVED]
    )
    assert live.count() == 2
    # The co-opted assessor has declarations to make in the demo.
    assert Assignment.objects.filter(
        round=assessing, assessor__memberships__co_opted=True, status=AssignmentStatus.ASSIGNED
    ).exists()
    moderating = Round.objects.get(
        title=assessment_demo.ROUND_TITLE, lead_body__slug=assessment_demo.MODERATION_BODY
    )
    assert moderating.moderations.count() == 1
    line = selectors.ranking(moderating)
    assert len(line.rows) == 2
    assert all(row.candidate.key.result.complete for row in line.rows)
    assert [row.above_line for row in line.rows] == [True, False]
    count = Assignment.objects.count()
    assessment_demo.load(anchor=ANCHOR)
    assert Assignment.objects.count() == count


def _due(round_, person, due_on):
    return services.assessor_assign(
        bid=submitted_bid(round_), assessor=person, due_on=due_on, by=officer(round_.lead_body)
    )


def test_the_assessors_home_panel_lists_what_is_due_and_what_is_overdue(
    client, signed_in, persona_users
):
    signed_in("assessor_a")
    round_ = assessing_round()
    overdue = _due(round_, persona_users["assessor_a"], datetime.date(2020, 1, 6))
    html = client.get(reverse("core:home")).content.decode()
    assert "Your assessments" in html
    assert overdue.bid.reference in html
    assert "Overdue" in html
    assert 'href="/commissioning/assessments/"' in html  # the navigation's item


def test_the_moderators_home_panel_lists_bids_ready_to_moderate(client, signed_in):
    signed_in("commissioning_officer_a")
    round_ = assessing_round(assessments_per_bid=1)
    bid = submitted_bid(round_)
    person = assessor(round_.lead_body)
    assignment = services.assessor_assign(
        bid=bid, assessor=person, due_on=datetime.date(2030, 1, 7), by=officer(round_.lead_body)
    )
    services.assessor_declare(assignment=assignment, by=person, conflict=False)
    html = client.get(reverse("core:home")).content.decode()
    assert bid.reference not in html
    services.scores_save(
        assignment=assignment, by=person, scores=full_scores(round_, 3, 3), complete=True
    )
    html = client.get(reverse("core:home")).content.decode()
    assert "Bids to moderate" in html
    assert reverse("commissioning:moderation", args=[round_.pk, bid.pk]) in html


def test_beat_sends_the_reminders_every_morning():
    entry = settings.CELERY_BEAT_SCHEDULE["commissioning-assessment-reminders"]
    assert entry["task"] == "commissioning.tasks.assessment_reminders"
