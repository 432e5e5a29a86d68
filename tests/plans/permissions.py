"""Every plans URL for every persona (tests/harness/matrix.py).

Body A's plans in each status come from tests/permissions/objects.py. Staff and panel
members of body B get 404 for A's plans (not found in their scope); the wrong role of body A
gets 403; a panel member of A gets 404 for a draft that is not with the panel.
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.core.factories import pdf_bytes
from tests.harness.matrix import NOT_FOUND, OTHER_BODIES, STAFF_A, Url, only, public

FORM = ("GET", "POST")
DECISION_MAKERS_A = ("decision_maker_a", "decision_maker_limited_a")
# Those who read body A's plans privately, and those who edit them.
READ_A = STAFF_A
EDIT_A = ("commissioning_officer_a", *DECISION_MAKERS_A)
OTHER_BODY = OTHER_BODIES


def draft(objects):
    return {"pk": objects.plan_a_draft.pk}


def page_of(name, plan):
    """A redirect to one of a plan's pages: page_of("plans:detail", "plan_a_draft")."""
    return lambda objects: reverse(name, kwargs={"pk": getattr(objects, plan).pk})


TO_DRAFT = page_of("plans:detail", "plan_a_draft")
# The panel's pages come back to the panel's report.
TO_PANEL_REPORT = page_of("plans:panel-report", "plan_a_in_panel_review")
# A new plan or version: its own page.
TO_NEW_PLAN = "/manage/plans/*/"


def later(days):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return {"day": str(day.day), "month": str(day.month), "year": str(day.year)}


def date_fields(name, days):
    return {f"{name}_{part}": value for part, value in later(days).items()}


def pdf_upload():
    return SimpleUploadedFile("easy-read.pdf", pdf_bytes(), content_type="application/pdf")


def years(plan):
    return {"first_year": str(plan.first_year), "last_year": str(plan.last_year)}


PRIORITY = {"title": "Safer roads", "description": "Fewer people hurt on the roads."}


def editing_a_draft(**overrides):
    """Editors of A; 403 for A's finance officer; 404 for a draft the panel cannot see."""
    return only(*EDIT_A, **OTHER_BODY, panel_member_a=NOT_FOUND, **overrides)


def consulting(objects):
    return {"pk": objects.plan_a_in_consultation.pk}


def with_panel(objects):
    return {"pk": objects.plan_a_in_panel_review.pk}


def recommendation(objects):
    plan = objects.plan_a_in_panel_review
    return {"pk": plan.pk, "recommendation_pk": plan.panel_recommendations.get().pk}


def reported_recommendation(objects):
    plan = objects.plan_a_reported
    return {"pk": plan.pk, "recommendation_pk": plan.panel_recommendations.get().pk}


DECLARATIONS = [
    # Public pages: anyone, signed in or not, verified or not.
    Url("plans:public-index", public()),
    Url("plans:public-archive", public(), kwargs=lambda o: {"body": o.body_a.slug}),
    Url(
        "plans:public-plan",
        public(),
        kwargs=lambda o: {"body": o.body_a.slug, "pk": o.plan_a_published.pk},
    ),
    # Each person's own body's plans.
    Url("plans:list", only(*READ_A, "staff_b", "staff_c", "panel_member_a", "panel_member_b")),
    Url(
        "plans:create",
        only(*EDIT_A, "staff_b", "staff_c"),
        methods=FORM,
        redirects=TO_NEW_PLAN,
        valid=lambda o: {"title": "Plan 2029", "first_year": "2029-30", "last_year": "2031-32"},
    ),
    # The panel reads the draft while it is with them.
    Url("plans:detail", only(*READ_A, "panel_member_a", **OTHER_BODY), kwargs=with_panel),
    Url(
        "plans:edit",
        editing_a_draft(),
        methods=FORM,
        kwargs=draft,
        redirects=TO_DRAFT,
        valid=lambda o: {"title": "Renamed plan A", **years(o.plan_a_draft)},
    ),
    Url(
        "plans:transition",
        editing_a_draft(),
        methods=FORM,
        kwargs=lambda o: {**draft(o), "to": "consultation"},
        redirects=TO_DRAFT,
        valid=lambda o: {"note": "Ready to consult."},
    ),
    # A published plan: the panel reads it but does not vary it.
    Url(
        "plans:vary",
        only(*EDIT_A, **OTHER_BODY),
        methods=FORM,
        kwargs=lambda o: {"pk": o.plan_a_published.pk},
        redirects=TO_NEW_PLAN,
        valid=lambda o: {"reason": "A new priority."},
    ),
    Url(
        "plans:priority-add",
        editing_a_draft(),
        methods=FORM,
        kwargs=draft,
        redirects=TO_DRAFT,
        valid=lambda o: PRIORITY,
    ),
    Url(
        "plans:priority-edit",
        editing_a_draft(),
        methods=FORM,
        kwargs=lambda o: {**draft(o), "priority_pk": o.plan_a_draft.priorities.first().pk},
        redirects=TO_DRAFT,
        valid=lambda o: PRIORITY,
    ),
    Url(
        "plans:priority-remove",
        editing_a_draft(),
        methods=FORM,
        kwargs=lambda o: {**draft(o), "priority_pk": o.plan_a_draft.priorities.first().pk},
        redirects=TO_DRAFT,
        valid=lambda o: {},
    ),
    Url(
        "plans:priority-move",
        editing_a_draft(),
        methods=("POST",),
        kwargs=lambda o: {**draft(o), "priority_pk": o.plan_a_draft.priorities.last().pk},
        data=lambda o: {"direction": "up"},
        redirects=TO_DRAFT,
        valid=lambda o: {"direction": "up"},
    ),
    Url(
        "plans:grant-add",
        editing_a_draft(),
        methods=FORM,
        kwargs=draft,
        redirects=TO_DRAFT,
        valid=lambda o: {
            "priority": o.plan_a_draft.priorities.first().pk,
            "recipient": "Partnerships",
            "purpose": "Local projects",
            "amount": "£2,500.00",
        },
    ),
    Url(
        "plans:grant-edit",
        editing_a_draft(),
        methods=FORM,
        kwargs=lambda o: {**draft(o), "grant_pk": o.plan_a_draft.intended_grants.get().pk},
        redirects=TO_DRAFT,
        valid=lambda o: {
            "priority": o.plan_a_draft.priorities.first().pk,
            "recipient": "Partnerships",
            "purpose": "Local projects",
            "amount": "£2,500.00",
        },
    ),
    Url(
        "plans:grant-remove",
        editing_a_draft(),
        methods=FORM,
        kwargs=lambda o: {**draft(o), "grant_pk": o.plan_a_draft.intended_grants.get().pk},
        redirects=TO_DRAFT,
        valid=lambda o: {},
    ),
    Url(
        "plans:link-add",
        editing_a_draft(),
        methods=FORM,
        kwargs=draft,
        redirects=TO_DRAFT,
        valid=lambda o: {"title": "Needs", "url": "https://example.org/needs"},
    ),
    Url(
        "plans:link-remove",
        editing_a_draft(),
        methods=FORM,
        kwargs=lambda o: {**draft(o), "link_pk": o.plan_a_draft.links.get().pk},
        redirects=TO_DRAFT,
        valid=lambda o: {},
    ),
    Url(
        "plans:attachment-add",
        editing_a_draft(),
        methods=FORM,
        kwargs=draft,
        redirects=TO_DRAFT,
        valid=lambda o: {"title": "Easy read", "document": pdf_upload()},
    ),
    Url(
        "plans:attachment-remove",
        editing_a_draft(),
        methods=FORM,
        kwargs=lambda o: {**draft(o), "attachment_pk": o.plan_a_draft.attachments.get().pk},
        redirects=TO_DRAFT,
        valid=lambda o: {},
    ),
    # Individual responses are the office's: the panel reads the draft but not them.
    Url("plans:consultation", only(*READ_A, **OTHER_BODY), kwargs=with_panel),
    Url(
        "plans:consultation-schedule",
        editing_a_draft(),
        methods=FORM,
        kwargs=draft,
        redirects=page_of("plans:consultation", "plan_a_draft"),
        valid=lambda o: {
            **date_fields("opens_on", 1),
            **date_fields("closes_on", 60),
            "public_consultation": "yes",
        },
    ),
    Url(
        "plans:response-add",
        editing_a_draft(),
        methods=FORM,
        kwargs=consulting,
        redirects=page_of("plans:consultation", "plan_a_in_consultation"),
        valid=lambda o: {
            "respondent_type": "victim",
            **date_fields("received_on", 0),
            "content": "More support at night.",
        },
    ),
    Url(
        "plans:consultation-summary",
        editing_a_draft(),
        methods=FORM,
        kwargs=consulting,
        redirects=page_of("plans:consultation", "plan_a_in_consultation"),
        valid=lambda o: {"summary": "People asked for more support at night."},
    ),
    Url(
        "plans:consultation-close",
        editing_a_draft(),
        methods=FORM,
        kwargs=consulting,
        redirects=page_of("plans:detail", "plan_a_in_consultation"),
        valid=lambda o: {"note": ""},
    ),
    # The panel's report: panel members of A, or the office on their behalf.
    Url(
        "plans:panel-report",
        only(*EDIT_A, "panel_member_a", **OTHER_BODY),
        methods=FORM,
        kwargs=with_panel,
        redirects=TO_PANEL_REPORT,
        valid=lambda o: {"text": "Our report."},
    ),
    Url(
        "plans:recommendation-add",
        only(*EDIT_A, "panel_member_a", **OTHER_BODY),
        methods=FORM,
        kwargs=with_panel,
        redirects=TO_PANEL_REPORT,
        valid=lambda o: {"text": "Hear victims."},
    ),
    Url(
        "plans:recommendation-edit",
        only(*EDIT_A, "panel_member_a", **OTHER_BODY),
        methods=FORM,
        kwargs=recommendation,
        redirects=TO_PANEL_REPORT,
        valid=lambda o: {"text": "Hear victims."},
    ),
    Url(
        "plans:recommendation-remove",
        only(*EDIT_A, "panel_member_a", **OTHER_BODY),
        methods=FORM,
        kwargs=recommendation,
        redirects=TO_PANEL_REPORT,
        valid=lambda o: {},
    ),
    Url(
        "plans:panel-report-submit",
        only(*EDIT_A, "panel_member_a", **OTHER_BODY),
        methods=FORM,
        kwargs=with_panel,
        redirects=page_of("plans:detail", "plan_a_in_panel_review"),
        valid=lambda o: {},
    ),
    # Only a decision maker responds.
    Url(
        "plans:recommendation-respond",
        only(*DECISION_MAKERS_A, **OTHER_BODY),
        methods=FORM,
        kwargs=reported_recommendation,
        redirects=page_of("plans:detail", "plan_a_reported"),
        valid=lambda o: {"response": "We will."},
    ),
]
