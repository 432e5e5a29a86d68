"""Every plans URL for every persona (tests/harness/matrix.py).

Body A's plans in each status come from tests/permissions/objects.py. Staff and panel
members of body B get 404 for A's plans (not found in their scope); the wrong role of body A
gets 403; a panel member of A gets 404 for a draft that is not with the panel.
"""

from tests.harness.matrix import NOT_FOUND, Url, only, public

FORM = ("GET", "POST")
# Those who read body A's plans privately, and those who edit them.
READ_A = ("commissioning_officer_a", "finance_officer_a", "decision_maker_a")
EDIT_A = ("commissioning_officer_a", "decision_maker_a")
OTHER_BODY = {"staff_b": NOT_FOUND, "panel_member_b": NOT_FOUND}


def draft(objects):
    return {"pk": objects.plan_a_draft.pk}


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
    Url("plans:list", only(*READ_A, "staff_b", "panel_member_a", "panel_member_b")),
    Url("plans:create", only(*EDIT_A, "staff_b"), methods=FORM),
    # The panel reads the draft while it is with them.
    Url("plans:detail", only(*READ_A, "panel_member_a", **OTHER_BODY), kwargs=with_panel),
    Url("plans:edit", editing_a_draft(), methods=FORM, kwargs=draft),
    Url(
        "plans:transition",
        editing_a_draft(),
        methods=FORM,
        kwargs=lambda o: {**draft(o), "to": "consultation"},
    ),
    # A published plan: the panel reads it but does not vary it.
    Url(
        "plans:vary",
        only(*EDIT_A, **OTHER_BODY),
        methods=FORM,
        kwargs=lambda o: {"pk": o.plan_a_published.pk},
    ),
    Url("plans:priority-add", editing_a_draft(), methods=FORM, kwargs=draft),
    Url(
        "plans:priority-edit",
        editing_a_draft(),
        methods=FORM,
        kwargs=lambda o: {**draft(o), "priority_pk": o.plan_a_draft.priorities.first().pk},
    ),
    Url(
        "plans:priority-remove",
        editing_a_draft(),
        methods=FORM,
        kwargs=lambda o: {**draft(o), "priority_pk": o.plan_a_draft.priorities.first().pk},
    ),
    Url(
        "plans:priority-move",
        editing_a_draft(),
        methods=("POST",),
        kwargs=lambda o: {**draft(o), "priority_pk": o.plan_a_draft.priorities.last().pk},
        data=lambda o: {"direction": "up"},
    ),
    Url("plans:grant-add", editing_a_draft(), methods=FORM, kwargs=draft),
    Url(
        "plans:grant-edit",
        editing_a_draft(),
        methods=FORM,
        kwargs=lambda o: {**draft(o), "grant_pk": o.plan_a_draft.intended_grants.get().pk},
    ),
    Url(
        "plans:grant-remove",
        editing_a_draft(),
        methods=FORM,
        kwargs=lambda o: {**draft(o), "grant_pk": o.plan_a_draft.intended_grants.get().pk},
    ),
    Url("plans:link-add", editing_a_draft(), methods=FORM, kwargs=draft),
    Url(
        "plans:link-remove",
        editing_a_draft(),
        methods=FORM,
        kwargs=lambda o: {**draft(o), "link_pk": o.plan_a_draft.links.get().pk},
    ),
    Url("plans:attachment-add", editing_a_draft(), methods=FORM, kwargs=draft),
    Url(
        "plans:attachment-remove",
        editing_a_draft(),
        methods=FORM,
        kwargs=lambda o: {**draft(o), "attachment_pk": o.plan_a_draft.attachments.get().pk},
    ),
    # Individual responses are the office's: the panel reads the draft but not them.
    Url("plans:consultation", only(*READ_A, **OTHER_BODY), kwargs=with_panel),
    Url("plans:consultation-schedule", editing_a_draft(), methods=FORM, kwargs=draft),
    Url("plans:response-add", editing_a_draft(), methods=FORM, kwargs=consulting),
    Url("plans:consultation-summary", editing_a_draft(), methods=FORM, kwargs=consulting),
    Url("plans:consultation-close", editing_a_draft(), methods=FORM, kwargs=consulting),
    # The panel's report: panel members of A, or the office on their behalf.
    Url(
        "plans:panel-report",
        only(*EDIT_A, "panel_member_a", **OTHER_BODY),
        methods=FORM,
        kwargs=with_panel,
    ),
    Url(
        "plans:recommendation-add",
        only(*EDIT_A, "panel_member_a", **OTHER_BODY),
        methods=FORM,
        kwargs=with_panel,
    ),
    Url(
        "plans:recommendation-edit",
        only(*EDIT_A, "panel_member_a", **OTHER_BODY),
        methods=FORM,
        kwargs=recommendation,
    ),
    Url(
        "plans:recommendation-remove",
        only(*EDIT_A, "panel_member_a", **OTHER_BODY),
        methods=FORM,
        kwargs=recommendation,
    ),
    Url(
        "plans:panel-report-submit",
        only(*EDIT_A, "panel_member_a", **OTHER_BODY),
        methods=FORM,
        kwargs=with_panel,
    ),
    # Only a decision maker responds.
    Url(
        "plans:recommendation-respond",
        only("decision_maker_a", **OTHER_BODY),
        methods=FORM,
        kwargs=reported_recommendation,
    ),
]
