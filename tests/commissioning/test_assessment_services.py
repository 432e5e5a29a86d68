"""The rules of fair assessment, service by service (issue 21)."""

import datetime
from decimal import Decimal

import pytest
from django.db import ProgrammingError, transaction
from django.utils import timezone

from commissioning.assessment import selectors, services
from commissioning.assessment.errors import (
    AssessmentRoleRequired,
    AssignmentRefused,
    DeclarationRefused,
    DeclarationRequired,
    ModerationRefused,
    ScoringRefused,
)
from commissioning.assessment.models import (
    AssignmentStatus,
    ConflictNature,
    Declaration,
    Recommendation,
    Score,
)
from commissioning.models import RoundStatus
from core.models import QueuedEmail
from tests.commissioning.assessment_factories import (
    assessing_round,
    assessor,
    full_scores,
    new_officer,
    officer,
    submitted_bid,
)
from tests.plans.factories import body

pytestmark = pytest.mark.django_db
DUE = datetime.date(2027, 3, 26)


def _assigned(round_=None, *, who=None, bid=None):
    round_ = round_ or assessing_round()
    bid = bid or submitted_bid(round_)
    who = who or assessor(round_.lead_body)
    return services.assessor_assign(bid=bid, assessor=who, due_on=DUE, by=officer(round_.lead_body))


def _declared(**kwargs):
    assignment = _assigned(**kwargs)
    services.assessor_declare(assignment=assignment, by=assignment.assessor, conflict=False)
    return assignment


def _completed(round_, bid, *values):
    assignment = _declared(round_=round_, bid=bid)
    services.scores_save(
        assignment=assignment,
        by=assignment.assessor,
        scores=full_scores(round_, *values),
        complete=True,
    )
    return assignment


# --- Assignment ----------------------------------------------------------------------------


def test_an_officer_assigns_a_staff_or_co_opted_assessor_of_the_lead_body():
    round_ = assessing_round()
    bid = submitted_bid(round_)
    by = officer(round_.lead_body)
    for person in (assessor(round_.lead_body), assessor(round_.lead_body, co_opted=True)):
        made = services.assessor_assign(bid=bid, assessor=person, due_on=DUE, by=by)
        assert made.status == AssignmentStatus.ASSIGNED
        assert made.due_on == DUE


def test_a_member_of_the_bidding_organisation_is_never_assigned():
    round_ = assessing_round()
    person = assessor(round_.lead_body)
    bid = submitted_bid(round_, members=[person])
    with pytest.raises(AssignmentRefused, match="member of an organisation in this bid"):
        services.assessor_assign(bid=bid, assessor=person, due_on=DUE, by=officer(round_.lead_body))


def test_staff_who_work_for_a_provider_are_left_off_its_bids_in_bulk_automatically():
    round_ = assessing_round()
    both, other = assessor(round_.lead_body), assessor(round_.lead_body)
    theirs = submitted_bid(round_, members=[both])
    another = submitted_bid(round_)
    result = services.assessors_assign(
        round=round_, assessors=[both, other], due_on=DUE, by=officer(round_.lead_body)
    )
    pairs = {(a.bid_id, a.assessor_id) for a in result.assigned}
    assert pairs == {(theirs.pk, other.pk), (another.pk, both.pk), (another.pk, other.pk)}
    assert [(bid.pk, person.pk) for bid, person, _why in result.skipped] == [(theirs.pk, both.pk)]


def test_bulk_assignment_by_lot_touches_only_that_lots_bids():
    round_ = assessing_round()
    lot = round_.lots.create(name="North", amount=Decimal("25000.00"))
    in_lot = submitted_bid(round_, lot=lot)
    submitted_bid(round_)
    person = assessor(round_.lead_body)
    result = services.assessors_assign(
        round=round_, assessors=[person], due_on=DUE, by=officer(round_.lead_body), lot=lot
    )
    assert [a.bid_id for a in result.assigned] == [in_lot.pk]


def test_a_partner_bodys_assessor_may_assess_a_joint_round_but_another_bodys_may_not():
    round_ = assessing_round()
    partner, outsider = body("dyfed-powys"), body("gloucestershire")
    round_.partner_bodies.add(partner)
    bid = submitted_bid(round_)
    by = officer(round_.lead_body)
    services.assessor_assign(bid=bid, assessor=assessor(partner), due_on=DUE, by=by)
    with pytest.raises(AssignmentRefused, match="not an assessor"):
        services.assessor_assign(bid=bid, assessor=assessor(outsider), due_on=DUE, by=by)


def test_only_the_lead_bodys_officers_assign():
    round_ = assessing_round()
    with pytest.raises(AssessmentRoleRequired):
        services.assessor_assign(
            bid=submitted_bid(round_),
            assessor=assessor(round_.lead_body),
            due_on=DUE,
            by=assessor(round_.lead_body),
        )


def test_nobody_is_assigned_before_the_round_closes():
    future = timezone.now() + datetime.timedelta(days=3)
    round_ = assessing_round(
        status=RoundStatus.OPEN, opens_at=future - datetime.timedelta(days=9), closes_at=future
    )
    with pytest.raises(AssignmentRefused, match="once the round has closed"):
        _assigned(round_)


def test_the_same_assessor_is_not_assigned_twice_to_a_bid():
    assignment = _assigned()
    with pytest.raises(AssignmentRefused, match="already"):
        _assigned(assignment.round, who=assignment.assessor, bid=assignment.bid)


# --- Declarations --------------------------------------------------------------------------


def test_no_conflict_opens_the_bid_to_the_assessor():
    assignment = _assigned()
    assert not selectors.assignment_get_for_assessor(
        user=assignment.assessor, pk=assignment.pk
    ).sees_bid
    services.assessor_declare(assignment=assignment, by=assignment.assessor, conflict=False)
    assert selectors.assignment_get_for_assessor(
        user=assignment.assessor, pk=assignment.pk
    ).sees_bid


def test_a_conflict_removes_the_assessor_and_tells_the_officer_to_reassign():
    assignment = _assigned()
    services.assessor_declare(
        assignment=assignment,
        by=assignment.assessor,
        conflict=True,
        nature=ConflictNature.TRUSTEE,
        description="I am a trustee of the charity.",
    )
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.CONFLICTED
    assert not selectors.assignment_list_for_assessor(user=assignment.assessor).exists()
    email = QueuedEmail.objects.get()
    assert email.recipients == [assignment.assigned_by.email]
    assert assignment.bid.reference in email.body_text
    # Someone else is assigned in their place.
    replacement = _assigned(assignment.round, bid=assignment.bid)
    assert replacement.status == AssignmentStatus.ASSIGNED


def test_a_conflict_needs_its_nature_and_a_description():
    assignment = _assigned()
    with pytest.raises(DeclarationRefused, match="nature"):
        services.assessor_declare(assignment=assignment, by=assignment.assessor, conflict=True)
    with pytest.raises(DeclarationRefused, match="Describe"):
        services.assessor_declare(
            assignment=assignment,
            by=assignment.assessor,
            conflict=True,
            nature=ConflictNature.RELATIVE,
        )


def test_declarations_are_kept_as_made_and_made_once():
    assignment = _declared()
    declaration = Declaration.objects.get(bid=assignment.bid)
    with pytest.raises(DeclarationRefused):
        services.assessor_declare(assignment=assignment, by=assignment.assessor, conflict=True)
    with pytest.raises(ProgrammingError), transaction.atomic():
        Declaration.objects.filter(pk=declaration.pk).update(conflict=True)
    with pytest.raises(ProgrammingError), transaction.atomic():
        Declaration.objects.filter(pk=declaration.pk).delete()


def test_only_the_assessor_declares_for_themselves():
    assignment = _assigned()
    with pytest.raises(AssessmentRoleRequired):
        services.assessor_declare(
            assignment=assignment, by=assessor(assignment.round.lead_body), conflict=False
        )


# --- Scoring -------------------------------------------------------------------------------


def test_scoring_waits_for_the_declaration():
    assignment = _assigned()
    with pytest.raises(DeclarationRequired):
        services.scores_save(
            assignment=assignment,
            by=assignment.assessor,
            scores=full_scores(assignment.round, 3, 3),
        )


def test_a_draft_may_have_gaps_and_completion_needs_every_score_with_a_comment():
    assignment = _declared()
    round_ = assignment.round
    first, second = round_.criteria.order_by("position")
    services.scores_save_or_refuse(
        assignment=assignment,
        by=assignment.assessor,
        scores={first.pk: (4, "Strong"), second.pk: (3, "")},
        complete=False,
    )
    assert assignment.status == AssignmentStatus.DECLARED
    with pytest.raises(ScoringRefused) as refused:
        services.scores_save_or_refuse(
            assignment=assignment,
            by=assignment.assessor,
            scores={first.pk: (4, "Strong"), second.pk: (3, "")},
            complete=True,
        )
    assert set(refused.value.extra["problems"]) == {second.pk}
    # The draft was kept, so nothing typed is lost.
    assert Score.objects.get(assignment=assignment, criterion=first).score == 4
    services.scores_save_or_refuse(
        assignment=assignment,
        by=assignment.assessor,
        scores={second.pk: (3, "Adequate")},
        complete=True,
    )
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.COMPLETED


def test_a_completed_assessment_cannot_change():
    round_ = assessing_round()
    assignment = _completed(round_, submitted_bid(round_), 4, 3)
    with pytest.raises(ScoringRefused):
        services.scores_save(
            assignment=assignment, by=assignment.assessor, scores=full_scores(round_, 1, 1)
        )
    with pytest.raises(ProgrammingError), transaction.atomic():
        Score.objects.filter(assignment=assignment).update(score=0)


def test_scores_are_whole_numbers_from_0_to_5():
    assignment = _declared()
    with pytest.raises(ScoringRefused):
        services.scores_save(
            assignment=assignment,
            by=assignment.assessor,
            scores=full_scores(assignment.round, 6, 3),
        )


def test_other_assessors_scores_show_only_after_completing_ones_own():
    round_ = assessing_round()
    bid = submitted_bid(round_)
    _completed(round_, bid, 4, 4)
    mine = _declared(round_=round_, bid=bid)
    assert not selectors.others_visible(mine)
    services.scores_save(
        assignment=mine, by=mine.assessor, scores=full_scores(round_, 2, 3), complete=True
    )
    assert selectors.others_visible(mine)


def test_an_assessor_who_joins_the_bidding_organisation_no_longer_sees_the_bid():
    from tests.providers.factories import MemberFactory

    assignment = _declared()
    MemberFactory(organisation=assignment.bid.organisation, user=assignment.assessor)
    assert not selectors.assignment_list_for_assessor(user=assignment.assessor).exists()


# --- Moderation ----------------------------------------------------------------------------


def _moderate(bid, by, **overrides):
    values = {
        "final_score": Decimal("70.0"),
        "recommendation": Recommendation.FUND,
        "reasons": "Strong and good value.",
        "feedback": "A clear, well-evidenced bid.",
        **overrides,
    }
    return services.bid_moderate(bid=bid, by=by, **values)


def test_the_moderator_settles_once_the_assessments_are_complete():
    round_ = assessing_round()
    bid = submitted_bid(round_)
    _completed(round_, bid, 4, 3)
    moderator = new_officer(round_.lead_body)
    with pytest.raises(AssessmentRoleRequired):
        services.moderator_declare(bid=bid, by=assessor(round_.lead_body), conflict=False)
    with pytest.raises(DeclarationRequired):
        _moderate(bid, moderator)
    services.moderator_declare(bid=bid, by=moderator, conflict=False)
    with pytest.raises(ModerationRefused, match="2 completed assessments"):
        _moderate(bid, moderator)
    _completed(round_, bid, 2, 5)
    moderation = _moderate(bid, moderator)
    # 60 x (4+2)/2/5 + 40 x (3+5)/2/5 = 36 + 32
    assert moderation.weighted_score == Decimal("68")
    assert moderation.final_score == Decimal("70.0")


def test_a_third_assessor_cannot_change_a_settled_result():
    round_ = assessing_round()
    bid = submitted_bid(round_)
    _completed(round_, bid, 4, 3)
    _completed(round_, bid, 2, 5)
    late = _declared(round_=round_, bid=bid)
    moderator = new_officer(round_.lead_body)
    services.moderator_declare(bid=bid, by=moderator, conflict=False)
    _moderate(bid, moderator)
    with pytest.raises(ScoringRefused, match="settled"):
        services.scores_save(
            assignment=late, by=late.assessor, scores=full_scores(round_, 0, 0), complete=True
        )
    late.refresh_from_db()
    assert late.status == AssignmentStatus.DECLARED


def test_an_assessor_of_the_bid_or_an_officer_with_a_conflict_does_not_moderate_it():
    round_ = assessing_round()
    bid = submitted_bid(round_)
    assessed = _completed(round_, bid, 4, 3)
    from core.models import Role
    from tests.core.factories import MembershipFactory

    MembershipFactory(
        user=assessed.assessor, body=round_.lead_body, role=Role.COMMISSIONING_OFFICER
    )
    assert "assessor of this bid" in services.moderation_problem(bid, assessed.assessor)
    conflicted = new_officer(round_.lead_body)
    services.moderator_declare(
        bid=bid,
        by=conflicted,
        conflict=True,
        nature=ConflictNature.EMPLOYEE,
        description="My partner works there.",
    )
    with pytest.raises(AssessmentRoleRequired, match="declared a conflict"):
        _moderate(bid, conflicted)


# --- Ranking against the money -------------------------------------------------------------


def test_the_money_line_with_two_years_and_a_lot():
    from tests.funding.ledger_factories import funded_budget

    round_ = assessing_round(assessments_per_bid=1)
    y1 = funded_budget(amount=Decimal("50000.00"), body_=round_.lead_body, year=round_.first_year)
    y2 = funded_budget(amount=Decimal("30000.00"), body_=round_.lead_body, year=round_.last_year)
    round_.budgets.set([y1, y2])
    lot = round_.lots.create(name="North", amount=Decimal("25000.00"))
    years = (round_.first_year, round_.last_year)
    first = submitted_bid(round_, amounts=dict(zip(years, [Decimal("20000.00")] * 2, strict=True)))
    second = submitted_bid(round_, amounts=dict(zip(years, [Decimal("20000.00")] * 2, strict=True)))
    in_lot = submitted_bid(
        round_, lot=lot, amounts=dict(zip(years, [Decimal("20000.00")] * 2, strict=True))
    )
    in_lot_too = submitted_bid(
        round_,
        lot=lot,
        amounts=dict(zip(years, [Decimal("5000.00"), Decimal("6000.00")], strict=True)),
    )
    _completed(round_, first, 5, 5)
    _completed(round_, second, 4, 4)
    _completed(round_, in_lot, 3, 3)
    _completed(round_, in_lot_too, 2, 2)

    line = selectors.ranking(round_)
    order = [row.candidate.key.bid for row in line.rows]
    assert order == [first, second, in_lot, in_lot_too]
    # 2028-29 has 30,000: the first bid takes 20,000 and the second cannot be covered.
    assert line.line_before.bid == second
    assert line.short_year == round_.last_year

    lot_line = selectors.ranking(round_, lot=lot)
    # The lot has 25,000 a year: 20,000 for the first, and 6,000 more is too much in 2028-29.
    assert [row.above_line for row in lot_line.rows] == [True, False]
    assert lot_line.money == {
        round_.first_year: Decimal("25000.00"),
        round_.last_year: Decimal("25000.00"),
    }


def test_a_must_pass_failure_takes_no_money_and_ties_share_a_rank():
    round_ = assessing_round(assessments_per_bid=1)
    failing = submitted_bid(round_)
    tied_a, tied_b = submitted_bid(round_), submitted_bid(round_)
    _completed(round_, failing, 1, 5)  # quality must be 2 or more
    _completed(round_, tied_a, 4, 3)
    _completed(round_, tied_b, 4, 3)
    line = selectors.ranking(round_)
    by_bid = {row.candidate.key.bid: row for row in line.rows}
    assert by_bid[tied_a].rank == by_bid[tied_b].rank == 1
    assert not by_bid[failing].candidate.fundable
    assert by_bid[failing].candidate.key.result.failures


def test_the_ranked_lists_aggregates_give_what_the_scores_side_by_side_give():
    """The ranked list adds scores up in SQL; the moderation page works from each score:
    the weighted score, the failures and the completed count are the same to the digit."""
    round_ = assessing_round(assessments_per_bid=2)
    bids = [submitted_bid(round_) for _ in range(3)]
    _completed(round_, bids[0], 5, 4)
    _completed(round_, bids[0], 2, 3)
    _completed(round_, bids[1], 1, 5)  # quality below its minimum: a must-pass failure
    _completed(round_, bids[1], 1, 2)
    _declared(round_=round_, bid=bids[2])  # nothing completed yet
    line = selectors.ranking(round_)
    by_bid = {row.candidate.key.bid.pk: row.candidate.key.result for row in line.rows}
    assert set(by_bid) == {bid.pk for bid in bids}
    for bid in bids:
        ranked, side_by_side = by_bid[bid.pk], selectors.bid_result(bid)
        assert ranked.weighted == side_by_side.weighted
        assert ranked.failures == side_by_side.failures
        assert ranked.completed == side_by_side.completed
        assert ranked.complete == side_by_side.complete
    assert by_bid[bids[1].pk].failures
    assert by_bid[bids[2].pk].weighted == 0


# --- Reminders -----------------------------------------------------------------------------


def test_reminders_go_three_working_days_before_and_when_overdue_each_once():
    round_ = assessing_round()
    # Monday 8 February 2027: three working days on is Thursday 11 February.
    monday = datetime.date(2027, 2, 8)
    due_thursday = _assigned(round_)
    due_thursday.due_on = datetime.date(2027, 2, 11)
    due_thursday.save()
    later = _assigned(round_)
    later.due_on = datetime.date(2027, 2, 12)
    later.save()
    assert services.assessment_reminders_send(today=monday) == 1
    assert services.assessment_reminders_send(today=monday) == 0
    # Overdue on Friday: one more e-mail for it, none again.
    friday = datetime.date(2027, 2, 12)
    assert services.assessment_reminders_send(today=friday) == 2  # overdue + `later` now due
    assert services.assessment_reminders_send(today=friday) == 0
    subjects = sorted(QueuedEmail.objects.values_list("subject", flat=True))
    assert any("overdue" in subject for subject in subjects)


def test_a_bid_given_its_first_assessor_is_under_assessment_with_the_move_recorded():
    from commissioning.models import BidStatus, BidTransition

    assignment = _assigned()
    assignment.bid.refresh_from_db()
    assert assignment.bid.status == BidStatus.UNDER_ASSESSMENT
    move = BidTransition.objects.get(bid=assignment.bid, to_status=BidStatus.UNDER_ASSESSMENT)
    assert move.by == assignment.assigned_by


def test_those_who_assessed_moderated_or_declared_a_conflict_may_not_decide_the_bid():
    round_ = assessing_round(assessments_per_bid=1)
    bid = submitted_bid(round_)
    assessed = _completed(round_, bid, 4, 3)
    conflicted = _assigned(round_, bid=bid)
    services.assessor_declare(
        assignment=conflicted,
        by=conflicted.assessor,
        conflict=True,
        nature=ConflictNature.OTHER,
        description="A former colleague runs it.",
    )
    moderator = new_officer(round_.lead_body)
    services.moderator_declare(bid=bid, by=moderator, conflict=False)
    _moderate(bid, moderator)
    assert selectors.people_barred_from_deciding(bid) == {
        assessed.assessor_id,
        conflicted.assessor_id,
        moderator.pk,
    }
