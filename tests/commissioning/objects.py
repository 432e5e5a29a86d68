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


@matrix_object
def assessment_round_a(objects):
    """A joint round of body A (body B a partner) being assessed, one assessment a bid, with
    three submitted bids: one assessor_a has declared on and drafts, one coopted_assessor_a
    has not declared on yet, and one assessor_a completed, that commissioning_officer_a has
    declared no conflict on to moderate (`matrix["moderated"]`: ready, not yet settled); and a
    fourth whose moderator has not declared."""
    from commissioning.assessment import services
    from core.models import PolicingBody
    from tests.commissioning.assessment_factories import (
        assessing_round,
        full_scores,
        submitted_bid,
    )
    from tests.commissioning.assessment_factories import officer as officer_of

    round_ = assessing_round(title="Round A being assessed", assessments_per_bid=1)
    round_.partner_bodies.add(PolicingBody.objects.get(slug="dyfed-powys"))
    by = officer_of(round_.lead_body)
    staff, co_opted = objects.users["assessor_a"], objects.users["coopted_assessor_a"]
    due = round_.closes_at.date()
    round_.matrix = {}
    drafting = submitted_bid(round_)
    round_.matrix["drafting"] = services.assessor_assign(
        bid=drafting, assessor=staff, due_on=due, by=by
    )
    services.assessor_declare(assignment=round_.matrix["drafting"], by=staff, conflict=False)
    round_.matrix["undeclared"] = services.assessor_assign(
        bid=submitted_bid(round_), assessor=co_opted, due_on=due, by=by
    )
    moderated = submitted_bid(round_)
    completed = services.assessor_assign(bid=moderated, assessor=staff, due_on=due, by=by)
    services.assessor_declare(assignment=completed, by=staff, conflict=False)
    services.scores_save(
        assignment=completed, by=staff, scores=full_scores(round_, 4, 3), complete=True
    )
    moderator = objects.users["commissioning_officer_a"]
    services.moderator_declare(bid=moderated, by=moderator, conflict=False)
    round_.matrix["moderated"] = moderated
    round_.matrix["to_declare"] = submitted_bid(round_)
    return round_


# --- Decisions (issue 22) -------------------------------------------------------------------


@matrix_object
def decision_round_a(objects):
    """A round of body A alone being assessed, with funded budgets and four submitted bids:
    one in a draft decision with the chief finance officer's comment (`matrix["draft"]`), one
    in an approved decision not yet published (`matrix["approved"]`), one successful in a
    published decision (`matrix["published"]`), and one waiting for a decision."""
    from commissioning.decisions import services
    from tests.commissioning.decision_factories import (
        D,
        approvable,
        bids_of,
        deciding_round,
        decision_maker,
        successful,
        unsuccessful,
    )

    round_ = deciding_round()
    round_.title = "Round A being decided"
    round_.save(update_fields=["title"])
    first, second, third, _waiting = bids_of(round_, 4)
    maker = decision_maker(round_.lead_body)
    approved = services.decision_approve(
        decision=approvable(round_, [unsuccessful(second)]), by=maker
    )
    published = services.decision_approve(
        decision=approvable(round_, [successful(third, D("5000.00"))]), by=maker
    )
    services.decision_publish(decision=published, by=maker)
    round_.matrix = {
        "draft": approvable(round_, [unsuccessful(first)]),
        "approved": approved,
        "published": published,
        "draft_bid": first,
    }
    return round_
