"""Every commissioning URL for every persona (tests/harness/matrix.py).

The public listing and a published round's page are for anyone. The office's pages of a
round are for the staff of its lead body and of its partner bodies: the joint round's
settings page shows staff of body B (a partner) reading it while its change pages give
them 403; the other office pages use a round of body A alone, where body B's staff get
404. Staff of body C, neither leading nor partnering, get 404 for every round of A. Only
commissioning officers and decision makers change rounds (finance officers 403); assessors,
panel members and providers are not office staff (403). Following, asking and alerts are
for people of provider organisations (a viewer reads the alerts page but changes nothing).
Objects: tests/commissioning/objects.py.
"""

from django.urls import reverse

from tests.harness.matrix import NOT_FOUND, STAFF_A, STAFF_ALL, Url, only, public

FORM = ("GET", "POST")
EDITORS_A = ("commissioning_officer_a", "decision_maker_a", "decision_maker_limited_a")
# People of provider organisations; a viewer reads but does not act for the organisation.
PROVIDERS = ("provider_admin_x", "provider_editor_x", "provider_viewer_x", "provider_member_y")
ACTING_PROVIDERS = ("provider_admin_x", "provider_editor_x", "provider_member_y")
# Body C's staff: body A's rounds are not theirs to see.
THIRD_BODY = {"staff_c": NOT_FOUND}


def joint(objects):
    return {"pk": objects.round_joint_a.pk}


def alone(objects):
    return {"pk": objects.round_a.pk}


def published(objects):
    return {"pk": objects.round_a_published.pk}


def lot(objects):
    round_ = objects.round_joint_a
    return {"pk": round_.pk, "lot_pk": round_.lots.get().pk}


def clarification(objects):
    round_ = objects.round_a_published
    return {"pk": round_.pk, "clarification_pk": round_.clarifications.get().pk}


def page_of(name, round_name):
    return lambda objects: reverse(name, kwargs={"pk": getattr(objects, round_name).pk})


def readers_joint():
    """Body A's office and body B's (a partner)."""
    return only(*STAFF_A, "staff_b", **THIRD_BODY)


def editors_joint():
    """Body A's editors; body B's staff read the joint round but change nothing (403)."""
    return only(*EDITORS_A, **THIRD_BODY)


def readers_alone():
    return only(*STAFF_A, staff_b=NOT_FOUND, **THIRD_BODY)


def editors_alone():
    return only(*EDITORS_A, staff_b=NOT_FOUND, **THIRD_BODY)


DECLARATIONS = [
    Url("commissioning:list", only(*STAFF_ALL)),
    Url(
        "commissioning:create",
        only(*EDITORS_A, "staff_b", "staff_c"),
        methods=FORM,
        redirects="/commissioning/rounds/*/",
        no_valid_post=(
            "its priorities and budgets are the body's own: tests/commissioning/test_pages.py"
        ),
    ),
    Url("commissioning:round", readers_joint(), kwargs=joint),
    Url(
        "commissioning:edit",
        editors_joint(),
        methods=FORM,
        kwargs=joint,
        redirects=page_of("commissioning:round", "round_joint_a"),
        no_valid_post=(
            "its priorities and budgets are the body's own: tests/commissioning/test_pages.py"
        ),
    ),
    Url(
        "commissioning:lot-add",
        editors_joint(),
        methods=FORM,
        kwargs=joint,
        redirects=page_of("commissioning:round", "round_joint_a"),
        valid=lambda objects: {"name": "South", "amount": "50.00"},
    ),
    Url(
        "commissioning:lot-remove",
        editors_joint(),
        methods=FORM,
        kwargs=lot,
        redirects=page_of("commissioning:round", "round_joint_a"),
        valid=lambda objects: {},
    ),
    Url("commissioning:state", readers_alone(), kwargs=alone),
    Url(
        "commissioning:move",
        editors_alone(),
        methods=FORM,
        kwargs=lambda o: {**alone(o), "to": "scheduled"},
        redirects=page_of("commissioning:state", "round_a"),
        valid=lambda objects: {"note": "Ready to publish."},
    ),
    Url(
        "commissioning:extend",
        editors_alone(),
        methods=FORM,
        kwargs=published,
        redirects=page_of("commissioning:state", "round_a_published"),
        no_valid_post="e-mails every follower: tests/commissioning/test_activity.py",
    ),
    Url(
        "commissioning:organisation-extend",
        only("commissioning_officer_a", staff_b=NOT_FOUND, **THIRD_BODY),
        methods=FORM,
        kwargs=published,
        redirects=page_of("commissioning:state", "round_a_published"),
        no_valid_post=(
            "needs an organisation following the round and e-mails it: "
            "tests/commissioning/test_organisation_extensions.py"
        ),
    ),
    Url("commissioning:history", readers_alone(), kwargs=alone),
    Url(
        "commissioning:documents",
        readers_alone(),
        methods=FORM,
        kwargs=alone,
        method_outcomes={"POST": editors_alone()},
        redirects=page_of("commissioning:documents", "round_a"),
        no_valid_post="an upload is scanned and stored: tests/commissioning/test_pages.py",
    ),
    Url("commissioning:clarifications", readers_alone(), kwargs=published),
    Url(
        "commissioning:clarification-answer",
        editors_alone(),
        methods=FORM,
        kwargs=clarification,
        redirects=page_of("commissioning:clarifications", "round_a_published"),
        valid=lambda objects: {"published_question": "Can we?", "answer": "Yes."},
    ),
    Url("commissioning:public-list", public()),
    Url("commissioning:public-round", public(), kwargs=published),
    Url(
        "commissioning:follow",
        only(*ACTING_PROVIDERS),
        methods=("POST",),
        kwargs=published,
        redirects=page_of("commissioning:public-round", "round_a_published"),
        valid=lambda objects: {},
    ),
    Url(
        "commissioning:ask",
        only(*ACTING_PROVIDERS),
        methods=FORM,
        kwargs=published,
        redirects=page_of("commissioning:public-round", "round_a_published"),
        valid=lambda objects: {"question": "May a consortium bid?"},
    ),
    Url(
        "commissioning:alerts",
        only(*PROVIDERS),
        methods=FORM,
        method_outcomes={"POST": only(*ACTING_PROVIDERS)},
        redirects="commissioning:alerts",
        valid=lambda objects: {"alert": "on"},
    ),
]


# --- The question builder (issue 18): tests/commissioning/permissions_builder.py ---------------
from tests.commissioning.permissions_builder import DECLARATIONS as BUILDER_DECLARATIONS  # noqa: E402

DECLARATIONS += BUILDER_DECLARATIONS

# --- The bid journey (issue 19): tests/commissioning/permissions_bids.py -----------------------
from tests.commissioning.permissions_bids import DECLARATIONS as BID_DECLARATIONS  # noqa: E402

DECLARATIONS += BID_DECLARATIONS

# --- Fair assessment (issue 21): tests/commissioning/permissions_assessment.py -----------------
from tests.commissioning.permissions_assessment import (  # noqa: E402
    DECLARATIONS as ASSESSMENT_DECLARATIONS,
)

DECLARATIONS += ASSESSMENT_DECLARATIONS

# --- Decisions (issue 22): tests/commissioning/permissions_decisions.py ------------------------
from tests.commissioning.permissions_decisions import (  # noqa: E402
    DECLARATIONS as DECISION_DECLARATIONS,
)

DECLARATIONS += DECISION_DECLARATIONS
