"""Every URL of the question builder (issue 18) for every persona (tests/harness/matrix.py).

Appended to tests/commissioning/permissions.py's DECLARATIONS at its end (the matrix reads
only that file). Objects: tests/commissioning/objects.py.

A joint draft (body A leads, body B is a partner) shows B's staff reading the builder and
the preview but getting 403 from every change; the change pages use a draft of body A alone,
where B's staff get 404. Body C's staff get 404 for both. Only A's commissioning officers
and decision makers build (A's finance officer 403).
"""

from django.urls import reverse

from tests.harness.matrix import NOT_FOUND, STAFF_A, Url, only

FORM = ("GET", "POST")
EDITORS_A = ("commissioning_officer_a", "decision_maker_a", "decision_maker_limited_a")
THIRD_BODY = {"staff_c": NOT_FOUND}


def joint(objects):
    return {"pk": objects.builder_round_joint_a.pk}


def alone(objects):
    return {"pk": objects.builder_round_a.pk}


def section(objects):
    round_ = objects.builder_round_a
    return {"pk": round_.pk, "section_pk": round_.sections.order_by("position").last().pk}


def joint_section(objects):
    round_ = objects.builder_round_joint_a
    return {"pk": round_.pk, "section_pk": round_.sections.order_by("position").last().pk}


def question(objects):
    round_ = objects.builder_round_a
    return {"pk": round_.pk, "question_pk": round_.questions.get(type="long_text").pk}


def criterion(objects):
    round_ = objects.builder_round_a
    return {"pk": round_.pk, "criterion_pk": round_.criteria.order_by("position").last().pk}


def editors_alone():
    return only(*EDITORS_A, staff_b=NOT_FOUND, **THIRD_BODY)


def move_up(objects):
    return {"direction": "up"}


def builder_of(round_name):
    """The builder of the round, or a place on it (#section-..., #question-...)."""
    return lambda objects: reverse(
        "commissioning:builder", kwargs={"pk": getattr(objects, round_name).pk}
    )


TO_BUILDER_A = builder_of("builder_round_a")
TO_BUILDER_JOINT = builder_of("builder_round_joint_a")

DECLARATIONS = [
    Url(
        "commissioning:round-copy",
        only(*EDITORS_A, "staff_b", "staff_c"),
        methods=FORM,
        redirects="/commissioning/rounds/*/questions/",
        no_valid_post="the new round's dates and years: tests/commissioning/test_builder_pages.py",
    ),
    # Reading: the lead body's office and its partners' office.
    Url("commissioning:builder", only(*STAFF_A, "staff_b", **THIRD_BODY), kwargs=joint),
    Url("commissioning:preview", only(*STAFF_A, "staff_b", **THIRD_BODY), kwargs=joint),
    Url(
        "commissioning:preview-section",
        only(*STAFF_A, "staff_b", **THIRD_BODY),
        methods=FORM,
        kwargs=joint_section,
        no_valid_post=(
            "the preview checks answers and saves nothing, so it never redirects: "
            "tests/commissioning/test_builder_pages.py"
        ),
    ),
    # Building: the lead body's editors.
    Url(
        "commissioning:section-add",
        only(*EDITORS_A, **THIRD_BODY),
        methods=FORM,
        kwargs=joint,
        redirects=TO_BUILDER_JOINT,
        valid=lambda objects: {"title": "Partnership working"},
    ),
    Url(
        "commissioning:section-edit",
        editors_alone(),
        methods=FORM,
        kwargs=section,
        redirects=TO_BUILDER_A,
        valid=lambda objects: {"title": "About your service"},
    ),
    Url(
        "commissioning:section-move",
        editors_alone(),
        methods=("POST",),
        kwargs=section,
        data=move_up,
        redirects=TO_BUILDER_A,
        valid=move_up,
    ),
    Url(
        "commissioning:section-remove",
        editors_alone(),
        methods=FORM,
        kwargs=section,
        redirects=TO_BUILDER_A,
        valid=lambda objects: {},
    ),
    Url(
        "commissioning:question-add",
        editors_alone(),
        methods=FORM,
        kwargs=section,
        redirects=TO_BUILDER_A,
        no_valid_post=(
            "the type is chosen first, in the query string: "
            "tests/commissioning/test_builder_pages.py"
        ),
    ),
    Url(
        "commissioning:question-edit",
        editors_alone(),
        methods=FORM,
        kwargs=question,
        redirects=TO_BUILDER_A,
        valid=lambda objects: {
            "text": "Describe the need in your area",
            "required": "yes",
            "word_limit": "300",
        },
    ),
    Url(
        "commissioning:question-move",
        editors_alone(),
        methods=("POST",),
        kwargs=question,
        data=move_up,
        redirects=TO_BUILDER_A,
        valid=move_up,
    ),
    Url(
        "commissioning:question-remove",
        editors_alone(),
        methods=FORM,
        kwargs=question,
        redirects=TO_BUILDER_A,
        valid=lambda objects: {},
    ),
    Url(
        "commissioning:question-help-text",
        editors_alone(),
        methods=FORM,
        kwargs=question,
        redirects=TO_BUILDER_A,
        valid=lambda objects: {"help_text": "Use local evidence.", "reason": "Clearer."},
    ),
    Url(
        "commissioning:criterion-add",
        editors_alone(),
        methods=FORM,
        kwargs=alone,
        redirects=TO_BUILDER_A,
        valid=lambda objects: {"title": "Partnership", "weight": "10", "must_pass": "no"},
    ),
    Url(
        "commissioning:criterion-edit",
        editors_alone(),
        methods=FORM,
        kwargs=criterion,
        redirects=TO_BUILDER_A,
        valid=lambda objects: {"title": "Value for money", "weight": "40", "must_pass": "no"},
    ),
    Url(
        "commissioning:criterion-descriptors",
        editors_alone(),
        methods=FORM,
        kwargs=criterion,
        redirects=TO_BUILDER_A,
        valid=lambda objects: {"descriptor_0": "No evidence."},
    ),
    Url(
        "commissioning:criterion-move",
        editors_alone(),
        methods=("POST",),
        kwargs=criterion,
        data=move_up,
        redirects=TO_BUILDER_A,
        valid=move_up,
    ),
    Url(
        "commissioning:criterion-remove",
        editors_alone(),
        methods=FORM,
        kwargs=criterion,
        redirects=TO_BUILDER_A,
        valid=lambda objects: {},
    ),
]
