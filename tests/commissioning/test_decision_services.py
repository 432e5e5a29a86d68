"""Decisions (issue 22): drafting, the chief finance officer's comment, approval with its
limit, its barred people, its reservations and its number, publication and correction."""

import datetime
from decimal import Decimal

import pytest
from django.db import ProgrammingError, transaction
from django.utils import timezone

from commissioning.assessment.models import (
    Declaration,
    DeclarationRole,
    Moderation,
    Recommendation,
)
from commissioning.bids.models import BidStatus
from commissioning.decisions import services
from commissioning.decisions.errors import (
    DecisionBarred,
    DecisionRefused,
    DecisionRoleRequired,
    OverFinancialLimit,
)
from commissioning.decisions.models import Decision, DecisionOutcome, DecisionStatus
from commissioning.models import RoundStatus
from core.models import QueuedEmail
from funding.ledger.errors import BudgetExceeded
from funding.ledger.models import Budget, Commitment
from tests.commissioning.decision_factories import (
    TEXT,
    D,
    approvable,
    bids_of,
    budgets_of,
    deciding_round,
    decision_maker,
    draft,
    finance_officer,
    officer,
    successful,
    unsuccessful,
)
from tests.providers.factories import MemberFactory

pytestmark = pytest.mark.django_db


def reserved(round_):
    return [Budget.objects.get(pk=b.pk).reserved for b in budgets_of(round_)]


# --- Drafting ----------------------------------------------------------------------------------


def test_an_officer_drafts_a_decision_with_outcomes_and_money_per_year():
    round_ = deciding_round()
    first, second = bids_of(round_)
    decision = draft(
        round_, [successful(first, D("15000.00"), D("12000.00")), unsuccessful(second)]
    )
    assert decision.status == DecisionStatus.DRAFT
    assert decision.number == ""
    assert decision.body == round_.lead_body
    winner = decision.outcomes.get(bid=first)
    assert [(a.budget.year, a.amount) for a in winner.amounts.order_by("budget__year")] == [
        (budgets_of(round_)[0].year, D("15000.00")),
        (budgets_of(round_)[1].year, D("12000.00")),
    ]
    assert not decision.outcomes.get(bid=second).amounts.exists()
    assert services.successful_total(decision) == D("27000.00")


def test_a_finance_officer_cannot_draft_a_decision():
    round_ = deciding_round()
    (bid,) = bids_of(round_, 1)
    with pytest.raises(DecisionRoleRequired):
        services.decision_create(
            round=round_,
            by=finance_officer(round_.lead_body),
            outcomes=[unsuccessful(bid)],
            **TEXT,
        )


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda bid: [successful(bid)], "Enter the amount"),
        (
            lambda bid: [
                services.OutcomeInput(
                    bid=bid, outcome="unsuccessful", amounts=[(budgets_of(bid.round)[0], D(5))]
                )
            ],
            "leave its amounts empty",
        ),
        (lambda bid: [successful(bid, D("0.001"))], "pounds and pence"),
        (lambda bid: [unsuccessful(bid), unsuccessful(bid)], "cannot be in this decision"),
        (lambda bid: [], "at least one bid"),
    ],
)
def test_drafting_refuses_outcomes_that_do_not_add_up(make, message):
    round_ = deciding_round()
    (bid,) = bids_of(round_, 1)
    with pytest.raises(DecisionRefused, match=message):
        draft(round_, make(bid))
    assert not Decision.objects.exists()


def test_drafting_refuses_a_bid_of_another_round_and_a_withdrawn_bid():
    round_, other = deciding_round(), deciding_round()
    (bid,) = bids_of(other, 1)
    with pytest.raises(DecisionRefused, match="cannot be in this decision"):
        draft(round_, [unsuccessful(bid)])
    (mine,) = bids_of(round_, 1)
    type(mine).objects.filter(pk=mine.pk).update(status=BidStatus.WITHDRAWN)
    mine.refresh_from_db()
    with pytest.raises(DecisionRefused, match="withdrawn"):
        draft(round_, [unsuccessful(mine)])


def test_reasons_and_purpose_are_required():
    round_ = deciding_round()
    (bid,) = bids_of(round_, 1)
    with pytest.raises(DecisionRefused) as refused:
        draft(round_, [unsuccessful(bid)], reasons=" ", purpose="")
    assert len(refused.value.extra["problems"]) == 2


def test_changing_the_money_clears_the_chief_finance_officers_comment_but_words_do_not():
    round_ = deciding_round()
    (bid,) = bids_of(round_, 1)
    decision = approvable(round_, [successful(bid, D("1000.00"))])
    by = officer(round_.lead_body)
    kept = services.decision_edit(
        decision=decision, by=by, outcomes=[successful(bid, D("1000.00"))], **TEXT
    )
    assert kept.cfo_comment
    changed = services.decision_edit(
        decision=decision, by=by, outcomes=[successful(bid, D("2000.00"))], **TEXT
    )
    assert (changed.cfo_comment, changed.cfo_comment_by, changed.cfo_comment_at) == ("", None, None)


# --- The chief finance officer's comment -------------------------------------------------------


def test_the_comment_is_recorded_by_a_finance_officer_with_name_and_time():
    round_ = deciding_round()
    (bid,) = bids_of(round_, 1)
    decision = draft(round_, [unsuccessful(bid)])
    with pytest.raises(DecisionRoleRequired):
        services.cfo_comment_record(
            decision=decision, by=officer(round_.lead_body), comment="Fine."
        )
    finance = finance_officer(round_.lead_body)
    now = timezone.now()
    commented = services.cfo_comment_record(
        decision=decision, by=finance, comment=" Fine. ", now=now
    )
    assert (commented.cfo_comment, commented.cfo_comment_by, commented.cfo_comment_at) == (
        "Fine.",
        finance,
        now,
    )


# --- Approval ----------------------------------------------------------------------------------


def test_approval_reserves_the_money_numbers_the_record_and_decides_the_bids_and_round():
    round_ = deciding_round()
    first, second = bids_of(round_)
    decision = approvable(
        round_, [successful(first, D("15000.00"), D("12000.00")), unsuccessful(second)]
    )
    maker = decision_maker(round_.lead_body)
    now = datetime.datetime(2026, 12, 31, 23, 30, tzinfo=datetime.UTC)  # London: 31 December
    approved = services.decision_approve(decision=decision, by=maker, now=now)
    assert approved.number == "2026/001"
    assert (approved.status, approved.approved_by, approved.approved_at) == (
        DecisionStatus.APPROVED,
        maker,
        now,
    )
    assert reserved(round_) == [D("15000.00"), D("12000.00")]
    outcome = approved.outcomes.get(bid=first)
    assert outcome.commitment.payee == first.organisation.name
    assert approved.outcomes.get(bid=second).commitment is None
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (BidStatus.SUCCESSFUL, BidStatus.UNSUCCESSFUL)
    round_.refresh_from_db()
    assert round_.status == RoundStatus.DECIDED
    assert approved.events.filter(status=DecisionStatus.APPROVED).exists()  # audited


def test_numbers_follow_the_london_calendar_year():
    round_ = deciding_round()
    (bid,) = bids_of(round_, 1)
    decision = approvable(round_, [unsuccessful(bid)])
    new_year = datetime.datetime(2026, 12, 31, 23, 30, tzinfo=datetime.UTC) + datetime.timedelta(
        hours=1
    )
    approved = services.decision_approve(
        decision=decision, by=decision_maker(round_.lead_body), now=new_year
    )
    assert approved.number == "2027/001"


def test_the_round_stays_being_assessed_while_a_live_bid_has_no_outcome():
    round_ = deciding_round()
    first, _second = bids_of(round_)
    decision = approvable(round_, [unsuccessful(first)])
    services.decision_approve(decision=decision, by=decision_maker(round_.lead_body))
    round_.refresh_from_db()
    assert round_.status == RoundStatus.ASSESSING


def test_only_a_decision_maker_approves():
    round_ = deciding_round()
    (bid,) = bids_of(round_, 1)
    decision = approvable(round_, [unsuccessful(bid)])
    for person in (officer(round_.lead_body), finance_officer(round_.lead_body)):
        with pytest.raises(DecisionRoleRequired):
            services.decision_approve(decision=decision, by=person)


def test_approval_needs_the_chief_finance_officers_comment():
    round_ = deciding_round()
    (bid,) = bids_of(round_, 1)
    decision = draft(round_, [unsuccessful(bid)])
    with pytest.raises(DecisionRefused, match="chief finance officer"):
        services.decision_approve(decision=decision, by=decision_maker(round_.lead_body))


def test_a_decision_maker_over_their_limit_is_refused_with_the_figures_and_nothing_changes():
    round_ = deciding_round()
    (bid,) = bids_of(round_, 1)
    decision = approvable(round_, [successful(bid, D("6000.00"), D("5000.00"))])
    with pytest.raises(OverFinancialLimit, match=r"£11,000\.00") as refused:
        services.decision_approve(
            decision=decision, by=decision_maker(round_.lead_body, limit=D("10999.99"))
        )
    assert refused.value.extra == {"total": D("11000.00"), "limit": D("10999.99")}
    decision.refresh_from_db()
    assert (decision.status, decision.number) == (DecisionStatus.DRAFT, "")
    assert reserved(round_) == [D(0), D(0)]
    approved = services.decision_approve(
        decision=decision, by=decision_maker(round_.lead_body, limit=D("11000.00"))
    )
    assert approved.number.endswith("/001")


@pytest.mark.parametrize("how", ["assessed", "moderated", "conflict"])
def test_someone_who_assessed_moderated_or_declared_a_conflict_may_not_approve(how):
    from commissioning.assessment.models import Assignment

    round_ = deciding_round()
    (bid,) = bids_of(round_, 1)
    decision = approvable(round_, [unsuccessful(bid)])
    maker = decision_maker(round_.lead_body)
    if how == "assessed":
        Assignment.objects.create(
            round=round_,
            bid=bid,
            assessor=maker,
            due_on=timezone.localdate(),
            assigned_by=officer(round_.lead_body),
        )
    elif how == "moderated":
        moderate(bid, maker)
    else:
        Declaration.objects.create(
            round=round_,
            bid=bid,
            person=maker,
            role=DeclarationRole.MODERATOR,
            conflict=True,
            nature="trustee",
            description="Trustee of the charity.",
        )
    with pytest.raises(DecisionBarred, match=bid.reference):
        services.decision_approve(decision=decision, by=maker)


def moderate(bid, moderator, feedback="Strong partnership; weak on outcomes."):
    return Moderation.objects.create(
        round=bid.round,
        bid=bid,
        moderator=moderator,
        weighted_score=D("3.5"),
        final_score=D("70.0"),
        recommendation=Recommendation.FUND,
        reasons="Meets the need.",
        feedback=feedback,
    )


def test_an_approval_that_would_overspend_is_refused_whole_and_takes_no_number():
    round_ = deciding_round(amount=D("30000.00"))
    first, second, third = bids_of(round_, 3)
    maker = decision_maker(round_.lead_body)
    too_much = approvable(
        round_,
        [successful(first, D("20000.00")), successful(second, D("20000.00"))],
    )
    with pytest.raises(BudgetExceeded) as refused:
        services.decision_approve(decision=too_much, by=maker)
    assert refused.value.extra["remaining"] == D("10000.00")  # after the first, in the same try
    assert reserved(round_) == [D(0), D(0)]  # all or nothing
    assert not Commitment.objects.exists()
    first.refresh_from_db()
    assert first.status == BidStatus.SUBMITTED
    services.decision_edit(
        decision=too_much,
        by=officer(round_.lead_body),
        outcomes=[successful(first, D("20000.00")), unsuccessful(second)],
        **TEXT,
    )
    services.cfo_comment_record(
        decision=too_much, by=finance_officer(round_.lead_body), comment="Ok"
    )
    assert services.decision_approve(decision=too_much, by=maker).number.endswith("/001")
    later = approvable(round_, [unsuccessful(third)])
    assert services.decision_approve(decision=later, by=maker).number.endswith("/002")


def test_a_bid_decided_once_cannot_be_decided_again():
    round_ = deciding_round()
    first, _second = bids_of(round_)
    maker = decision_maker(round_.lead_body)
    one, two = approvable(round_, [unsuccessful(first)]), approvable(round_, [unsuccessful(first)])
    services.decision_approve(decision=one, by=maker)
    with pytest.raises(DecisionRefused, match="unsuccessful"):
        services.decision_approve(decision=two, by=maker)


def test_an_approved_decision_is_frozen_by_the_database():
    round_ = deciding_round()
    (bid,) = bids_of(round_, 1)
    decision = approvable(round_, [successful(bid, D("1000.00"))])
    services.decision_approve(decision=decision, by=decision_maker(round_.lead_body))
    with pytest.raises(ProgrammingError), transaction.atomic():
        Decision.objects.filter(pk=decision.pk).update(reasons="Changed afterwards.")
    with pytest.raises(ProgrammingError, match="approved decision"), transaction.atomic():
        DecisionOutcome.objects.filter(decision=decision).update(outcome="unsuccessful")
    with pytest.raises(ProgrammingError), transaction.atomic():
        Decision.objects.filter(pk=decision.pk).delete()
    with pytest.raises(DecisionRefused, match="supersedes"):
        services.decision_edit(
            decision=decision,
            by=officer(round_.lead_body),
            outcomes=[successful(bid, D("2.00"))],
            **TEXT,
        )


# --- Correction --------------------------------------------------------------------------------


def test_a_correction_supersedes_the_decision_and_moves_its_money():
    round_ = deciding_round()
    (bid,) = bids_of(round_, 1)
    maker = decision_maker(round_.lead_body)
    old = services.decision_approve(
        decision=approvable(round_, [successful(bid, D("1000.00"))]), by=maker
    )
    with pytest.raises(DecisionRefused, match="keeps the outcome"):
        services.decision_create(
            round=round_,
            by=officer(round_.lead_body),
            outcomes=[unsuccessful(bid)],
            supersedes=old,
            **TEXT,
        )
    correction = services.decision_create(
        round=round_,
        by=officer(round_.lead_body),
        outcomes=[successful(bid, D("1500.00"))],
        supersedes=old,
        **TEXT,
    )
    services.cfo_comment_record(
        decision=correction, by=finance_officer(round_.lead_body), comment="Ok"
    )
    approved = services.decision_approve(decision=correction, by=maker)
    old.refresh_from_db()
    assert old.status == DecisionStatus.SUPERSEDED
    assert approved.number.endswith("/002")
    assert reserved(round_) == [D("1500.00"), D(0)]
    bid.refresh_from_db()
    assert bid.status == BidStatus.SUCCESSFUL


# --- Publication -------------------------------------------------------------------------------


def test_publishing_is_recorded_and_tells_each_organisation_its_outcome_with_feedback():
    round_ = deciding_round()
    first, second = bids_of(round_)
    member_one, member_two = (
        MemberFactory(organisation=first.organisation),
        MemberFactory(organisation=second.organisation),
    )
    moderate(second, officer(round_.lead_body), feedback="Too little evidence of need.")
    maker = decision_maker(round_.lead_body)
    decision = approvable(round_, [successful(first, D("5000.00")), unsuccessful(second)])
    with pytest.raises(DecisionRefused, match="approved"):
        services.decision_publish(decision=decision, by=maker)
    services.decision_approve(decision=decision, by=maker)
    assert not QueuedEmail.objects.filter(template="commissioning/decision_outcome").exists()
    published = services.decision_publish(decision=decision, by=officer(round_.lead_body))
    assert published.published_at is not None
    assert published.published_by == officer(round_.lead_body)
    won = QueuedEmail.objects.get(recipients=[member_one.user.email])
    lost = QueuedEmail.objects.get(recipients=[member_two.user.email])
    assert "£5,000.00" in won.body_text
    assert "successful" in won.subject
    assert "Too little evidence of need." in lost.body_text
    with pytest.raises(DecisionRefused, match="already"):
        services.decision_publish(decision=decision, by=maker)
    assert Decision.objects.published().get() == decision


def test_a_finance_officer_cannot_publish():
    round_ = deciding_round()
    (bid,) = bids_of(round_, 1)
    decision = services.decision_approve(
        decision=approvable(round_, [unsuccessful(bid)]), by=decision_maker(round_.lead_body)
    )
    with pytest.raises(DecisionRoleRequired):
        services.decision_publish(decision=decision, by=finance_officer(round_.lead_body))


def test_another_bodys_decision_maker_cannot_approve():
    from tests.plans.factories import body

    round_ = deciding_round()
    (bid,) = bids_of(round_, 1)
    decision = approvable(round_, [unsuccessful(bid)])
    other = body("dyfed-powys")
    with pytest.raises(DecisionRoleRequired):
        services.decision_approve(decision=decision, by=decision_maker(other))
    assert Decimal(0) == sum(reserved(round_))


def test_the_outcome_email_names_the_round_in_the_readers_language():
    """Found reading the outcome e-mail as a Welsh-speaking provider: the round's title was
    always the English one, unlike every other e-mail of the round."""
    round_ = deciding_round()
    round_.title_cy = "Cronfa Dioddefwyr"
    round_.save(update_fields=["title_cy"])
    (bid,) = bids_of(round_, 1)
    welsh = MemberFactory(organisation=bid.organisation, user__language="cy")
    english = MemberFactory(organisation=bid.organisation, user__language="en")
    maker = decision_maker(round_.lead_body)
    decision = approvable(round_, [successful(bid, D("5000.00"))])
    services.decision_approve(decision=decision, by=maker)
    services.decision_publish(decision=decision, by=officer(round_.lead_body))
    assert "Cronfa Dioddefwyr" in QueuedEmail.objects.get(recipients=[welsh.user.email]).body_text
    in_english = QueuedEmail.objects.get(recipients=[english.user.email]).body_text
    assert round_.title in in_english
    assert "Cronfa Dioddefwyr" not in in_english
