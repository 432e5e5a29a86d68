"""Every commissioning URL for every persona (tests/harness/matrix.py).

The public listing and a published round's page are for anyone. The office's pages of a
round are for the staff of its lead body and of its partner bodies: the joint round's
settings page shows staff of body B (a partner) reading it while its change pages give
them 403; the other office pages use a round of body A alone, where body B's staff get
404. Only commissioning officers and decision makers change rounds (finance officers 403).
Following, asking and alerts are for people of provider organisations.
"""

from tests.harness.matrix import NOT_FOUND, STAFF_A, STAFF_ALL, Url, only, public

FORM = ("GET", "POST")
EDITORS_A = ("commissioning_officer_a", "decision_maker_a")
PROVIDERS = ("provider_admin_x", "provider_editor_x", "provider_member_y")


def _cached(objects, name, make):
    if name not in objects.__dict__:
        objects.__dict__[name] = make()
    return objects.__dict__[name]


def joint_round(objects):
    """A draft led by body A with body B as a partner, with a lot."""

    def make():
        from decimal import Decimal

        from commissioning import services
        from core.models import PolicingBody
        from tests.commissioning.factories import draft_round, officer

        round_ = draft_round(
            title="Joint round A",
            related={"partner_bodies": [PolicingBody.objects.get(slug="dyfed-powys")]},
        )
        services.lot_add(round=round_, by=officer(), name="North", amount=Decimal("100.00"))
        return round_

    return _cached(objects, "commissioning_joint_round", make)


def round_a(objects):
    """A draft of body A alone, complete enough to be published."""

    def make():
        from tests.commissioning.factories import draft_round

        return draft_round(title="Round A")

    return _cached(objects, "commissioning_round_a", make)


def published_round(objects):
    """A scheduled round of body A with an unanswered question."""

    def make():
        from commissioning import services
        from commissioning.models import RoundStatus
        from tests.commissioning.factories import round_through
        from tests.providers.factories import OrganisationFactory

        round_ = round_through(RoundStatus.SCHEDULED, title="Published round A")
        services.clarification_ask(
            round=round_, organisation=OrganisationFactory(), by=None, question="Can we?"
        )
        return round_

    return _cached(objects, "commissioning_published_round", make)


def joint(objects):
    return {"pk": joint_round(objects).pk}


def alone(objects):
    return {"pk": round_a(objects).pk}


def published(objects):
    return {"pk": published_round(objects).pk}


def lot(objects):
    round_ = joint_round(objects)
    return {"pk": round_.pk, "lot_pk": round_.lots.get().pk}


def clarification(objects):
    round_ = published_round(objects)
    return {"pk": round_.pk, "clarification_pk": round_.clarifications.get().pk}


def editors_alone():
    return only(*EDITORS_A, staff_b=NOT_FOUND)


DECLARATIONS = [
    Url("commissioning:list", only(*STAFF_ALL)),
    Url("commissioning:create", only(*EDITORS_A, "staff_b"), methods=FORM),
    Url("commissioning:round", only(*STAFF_A, "staff_b"), kwargs=joint),
    Url("commissioning:edit", only(*EDITORS_A), methods=FORM, kwargs=joint),
    Url("commissioning:lot-add", only(*EDITORS_A), methods=FORM, kwargs=joint),
    Url("commissioning:lot-remove", only(*EDITORS_A), methods=("POST",), kwargs=lot),
    Url("commissioning:state", only(*STAFF_A, staff_b=NOT_FOUND), kwargs=alone),
    Url(
        "commissioning:move",
        editors_alone(),
        methods=FORM,
        kwargs=lambda o: {**alone(o), "to": "scheduled"},
    ),
    Url("commissioning:extend", editors_alone(), methods=FORM, kwargs=published),
    Url("commissioning:history", only(*STAFF_A, staff_b=NOT_FOUND), kwargs=alone),
    Url(
        "commissioning:documents",
        only(*STAFF_A, staff_b=NOT_FOUND),
        methods=FORM,
        kwargs=alone,
        method_outcomes={"POST": editors_alone()},
    ),
    Url("commissioning:clarifications", only(*STAFF_A, staff_b=NOT_FOUND), kwargs=published),
    Url(
        "commissioning:clarification-answer",
        editors_alone(),
        methods=FORM,
        kwargs=clarification,
    ),
    Url("commissioning:public-list", public()),
    Url("commissioning:public-round", public(), kwargs=published),
    Url("commissioning:follow", only(*PROVIDERS), methods=("POST",), kwargs=published),
    Url("commissioning:ask", only(*PROVIDERS), methods=FORM, kwargs=published),
    Url("commissioning:alerts", only(*PROVIDERS), methods=FORM),
]


# --- The question builder (issue 18): tests/commissioning/permissions_builder.py ---------------
from tests.commissioning.permissions_builder import DECLARATIONS as BUILDER_DECLARATIONS  # noqa: E402

DECLARATIONS += BUILDER_DECLARATIONS
