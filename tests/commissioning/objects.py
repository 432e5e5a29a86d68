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


# --- The bid journey (issue 19) ---------------------------------------------------------------


@matrix_object
def bid_round_a(objects):
    """A round of body A open now, with a question of every type."""
    from tests.commissioning.bid_factories import open_round

    return open_round(title="Open round A")


@matrix_object
def bid_x(objects):
    """Organisation X's draft bid to the open round, with a partner."""
    from commissioning.bids.models import Bid, BidPartner

    bid = Bid.objects.create(
        round=objects.bid_round_a,
        organisation=objects.organisation_x,
        started_by=objects.users["provider_editor_x"],
    )
    BidPartner.objects.create(bid=bid, name="Helping Hands", share=20)
    return bid


@matrix_object
def bid_x_partner(objects):
    return objects.bid_x.partners.get()


@matrix_object
def bid_section_x(objects):
    return objects.bid_round_a.sections.order_by("position").first()


@matrix_object
def bid_round_a_closed(objects):
    """A round of body A closed by the clock (beat not yet run), with a submitted bid."""
    import datetime

    from django.utils import timezone

    from commissioning.bids.models import Bid, BidStatus
    from tests.commissioning.bid_factories import open_round
    from tests.providers.factories import OrganisationFactory

    closed = timezone.now() - datetime.timedelta(days=1)
    round_ = open_round(title="Closed round A", closes_at=closed)
    Bid.objects.create(
        round=round_,
        organisation=OrganisationFactory(),
        started_by=objects.users["provider_editor_x"],
        status=BidStatus.SUBMITTED,
        reference="AS-2026-27-9001",
        submitted_at=closed - datetime.timedelta(hours=1),
    )
    return round_
