"""Every URL of the question builder (issue 18) for every persona (tests/harness/matrix.py).

Appended to tests/commissioning/permissions.py's DECLARATIONS at its end (the matrix reads
only that file).

A joint draft (body A leads, body B is a partner) shows B's staff reading the builder and
the preview but getting 403 from every change; the change pages use a draft of body A alone,
where B's staff get 404. Only A's commissioning officers and decision makers build
(A's finance officer 403).
"""

from tests.harness.matrix import NOT_FOUND, STAFF_A, Url, only

FORM = ("GET", "POST")
EDITORS_A = ("commissioning_officer_a", "decision_maker_a")


def _cached(objects, name, make):
    if name not in objects.__dict__:
        objects.__dict__[name] = make()
    return objects.__dict__[name]


def joint_round_with_questions(objects):
    def make():
        from core.models import PolicingBody
        from tests.commissioning.builder_factories import round_with_questions
        from tests.commissioning.factories import draft_round

        return round_with_questions(
            draft_round(
                title="Joint round with questions",
                related={"partner_bodies": [PolicingBody.objects.get(slug="dyfed-powys")]},
            )
        )

    return _cached(objects, "builder_joint_round", make)


def round_with_questions_a(objects):
    def make():
        from tests.commissioning.builder_factories import round_with_questions
        from tests.commissioning.factories import draft_round

        return round_with_questions(draft_round(title="Round A with questions"))

    return _cached(objects, "builder_round_a", make)


def joint(objects):
    return {"pk": joint_round_with_questions(objects).pk}


def alone(objects):
    return {"pk": round_with_questions_a(objects).pk}


def section(objects):
    round_ = round_with_questions_a(objects)
    return {"pk": round_.pk, "section_pk": round_.sections.order_by("position").last().pk}


def joint_section(objects):
    round_ = joint_round_with_questions(objects)
    return {"pk": round_.pk, "section_pk": round_.sections.order_by("position").last().pk}


def question(objects):
    round_ = round_with_questions_a(objects)
    return {"pk": round_.pk, "question_pk": round_.questions.get(type="long_text").pk}


def criterion(objects):
    round_ = round_with_questions_a(objects)
    return {"pk": round_.pk, "criterion_pk": round_.criteria.order_by("position").last().pk}


def editors_alone():
    return only(*EDITORS_A, staff_b=NOT_FOUND)


def move_up(objects):
    return {"direction": "up"}


DECLARATIONS = [
    Url("commissioning:round-copy", only(*EDITORS_A, "staff_b"), methods=FORM),
    # Reading: the lead body's office and its partners' office.
    Url("commissioning:builder", only(*STAFF_A, "staff_b"), kwargs=joint),
    Url("commissioning:preview", only(*STAFF_A, "staff_b"), kwargs=joint),
    Url(
        "commissioning:preview-section",
        only(*STAFF_A, "staff_b"),
        methods=FORM,
        kwargs=joint_section,
    ),
    # Building: the lead body's editors.
    Url("commissioning:section-add", only(*EDITORS_A), methods=FORM, kwargs=joint),
    Url("commissioning:section-edit", editors_alone(), methods=FORM, kwargs=section),
    Url(
        "commissioning:section-move",
        editors_alone(),
        methods=("POST",),
        kwargs=section,
        data=move_up,
    ),
    Url("commissioning:section-remove", editors_alone(), methods=("POST",), kwargs=section),
    Url("commissioning:question-add", editors_alone(), methods=FORM, kwargs=section),
    Url("commissioning:question-edit", editors_alone(), methods=FORM, kwargs=question),
    Url(
        "commissioning:question-move",
        editors_alone(),
        methods=("POST",),
        kwargs=question,
        data=move_up,
    ),
    Url("commissioning:question-remove", editors_alone(), methods=("POST",), kwargs=question),
    Url("commissioning:question-help-text", editors_alone(), methods=FORM, kwargs=question),
    Url("commissioning:criterion-add", editors_alone(), methods=FORM, kwargs=alone),
    Url("commissioning:criterion-edit", editors_alone(), methods=FORM, kwargs=criterion),
    Url("commissioning:criterion-descriptors", editors_alone(), methods=FORM, kwargs=criterion),
    Url(
        "commissioning:criterion-move",
        editors_alone(),
        methods=("POST",),
        kwargs=criterion,
        data=move_up,
    ),
    Url("commissioning:criterion-remove", editors_alone(), methods=("POST",), kwargs=criterion),
]
