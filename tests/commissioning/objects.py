"""Commissioning's objects for the permission matrix (tests/commissioning/permissions.py and
permissions_builder.py), each led by body A."""

from tests.harness.matrix import matrix_object


@matrix_object
def round_joint_a(objects):
    """A draft led by body A with body B as a partner, with a lot."""
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


@matrix_object
def round_a(objects):
    """A draft of body A alone, complete enough to be published."""
    from tests.commissioning.factories import draft_round

    return draft_round(title="Round A")


@matrix_object
def round_a_published(objects):
    """A scheduled round of body A with an unanswered question."""
    from commissioning import services
    from commissioning.models import RoundStatus
    from tests.commissioning.factories import round_through
    from tests.providers.factories import OrganisationFactory

    round_ = round_through(RoundStatus.SCHEDULED, title="Published round A")
    services.clarification_ask(
        round=round_, organisation=OrganisationFactory(), by=None, question="Can we?"
    )
    return round_


@matrix_object
def builder_round_joint_a(objects):
    """A draft led by body A, body B a partner, with a section of every type of question."""
    from core.models import PolicingBody
    from tests.commissioning.builder_factories import round_with_questions
    from tests.commissioning.factories import draft_round

    return round_with_questions(
        draft_round(
            title="Joint round with questions",
            questions=False,
            related={"partner_bodies": [PolicingBody.objects.get(slug="dyfed-powys")]},
        )
    )


@matrix_object
def builder_round_a(objects):
    """A draft of body A alone with a section of every type of question and two criteria."""
    from tests.commissioning.builder_factories import round_with_questions
    from tests.commissioning.factories import draft_round

    return round_with_questions(draft_round(title="Round A with questions", questions=False))
