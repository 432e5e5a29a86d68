"""The bid journey's rules (issue 19): starting, saving that never refuses, the amounts and
the budget table, submission at the closing instant, double submits, withdrawal, the
transition service and the seal."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import ProgrammingError, connection, transaction
from django.utils import timezone

from commissioning.bids import checks, selectors, services
from commissioning.bids.errors import (
    AlreadySubmitted,
    BidExists,
    BidIncomplete,
    BidNotEditable,
    BidRoleRequired,
    BidTransitionRefused,
    NotEligible,
    RoundClosedForBid,
)
from commissioning.bids.models import (
    AnswerFlag,
    Bid,
    BidAnswer,
    BidQuestion,
    BidStatus,
    BidTransition,
)
from commissioning.models import RoundFollow
from commissioning.questions.models import QuestionType
from commissioning.services.rounds import round_is_sealed
from core.financial_years import FinancialYear
from core.models import QueuedEmail
from core.vocabularies import LegalForm
from providers.documents import DocumentKind
from providers.models import DueDiligenceDocument, MemberRole
from tests.commissioning.bid_factories import (
    complete,
    eligible_organisation,
    form_data,
    member,
    open_round,
    question_of,
    started_bid,
    valid_answers,
)
from tests.commissioning.factories import officer
from tests.core.factories import png_bytes, uploaded
from tests.providers.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


# --- Starting ---------------------------------------------------------------------------------


def test_an_editor_of_an_eligible_organisation_starts_one_bid_and_follows_the_round():
    round_ = open_round()
    organisation = eligible_organisation(round_)
    editor = member(organisation)
    bid = services.bid_start(round=round_, organisation=organisation, by=editor)
    assert bid.status == BidStatus.DRAFT
    assert RoundFollow.objects.filter(round=round_, organisation=organisation).exists()
    assert list(bid.transitions.values_list("to_status", flat=True)) == [BidStatus.DRAFT]
    with pytest.raises(BidExists) as refused:
        services.bid_start(round=round_, organisation=organisation, by=editor)
    assert refused.value.extra["bid"] == bid


def test_a_viewer_cannot_start_a_bid():
    round_ = open_round()
    organisation = eligible_organisation(round_)
    with pytest.raises(BidRoleRequired):
        services.bid_start(
            round=round_, organisation=organisation, by=member(organisation, MemberRole.VIEWER)
        )


def test_an_organisation_outside_the_rounds_areas_or_without_documents_is_not_eligible():
    round_ = open_round()
    elsewhere = OrganisationFactory()
    with pytest.raises(NotEligible) as refused:
        services.bid_start(round=round_, organisation=elsewhere, by=member(elsewhere))
    problems = " ".join(str(p) for p in refused.value.extra["problems"])
    assert "area" in problems
    assert "in date" in problems


def test_a_round_accepting_other_legal_forms_refuses_the_organisation():
    round_ = open_round(eligible_legal_forms=[LegalForm.STATUTORY_BODY])
    organisation = eligible_organisation(round_)
    with pytest.raises(NotEligible, match="legal form"):
        services.bid_start(round=round_, organisation=organisation, by=member(organisation))


# --- Saving never refuses ---------------------------------------------------------------------


def _section_of(round_, kind):
    return question_of(round_, kind).section


def test_an_over_long_answer_is_kept_exactly_as_typed_and_flagged():
    bid = started_bid()
    editor = bid.started_by
    long_text = question_of(bid.round, QuestionType.LONG_TEXT)
    number = question_of(bid.round, QuestionType.NUMBER)
    typed = "word " * 300 + "  and   the end"
    saved = services.bid_section_save(
        bid=bid,
        section=long_text.section,
        by=editor,
        data=form_data({f"q{long_text.pk}": typed, f"q{number.pk}": "about forty"}),
    )
    assert saved.has_problems
    kept = BidAnswer.objects.get(bid=bid, question=long_text)
    assert kept.value["typed"][f"q{long_text.pk}"] == [typed]
    assert kept.flags == [AnswerFlag.TOO_LONG]
    assert "250 words or fewer" in kept.problems[0]
    malformed = BidAnswer.objects.get(bid=bid, question=number)
    assert malformed.value["typed"][f"q{number.pk}"] == ["about forty"]
    assert malformed.flags == [AnswerFlag.INVALID]


def test_a_refused_upload_is_not_kept_and_the_other_answers_are_saved():
    bid = started_bid()
    upload = question_of(bid.round, QuestionType.FILE)
    short = question_of(bid.round, QuestionType.SHORT_TEXT)
    saved = services.bid_section_save(
        bid=bid,
        section=upload.section,
        by=bid.started_by,
        data=form_data({f"q{short.pk}": "Safe at home"}),
        files={f"q{upload.pk}": uploaded("photo.png", png_bytes())},
    )
    assert saved.refused_uploads == [upload]
    assert not BidAnswer.objects.filter(bid=bid, question=upload, file__isnull=False).exists()
    assert BidAnswer.objects.get(bid=bid, question=short).value["clean"] == "Safe at home"


def test_the_task_list_moves_from_cannot_start_to_completed():
    bid = started_bid()
    round_ = bid.round

    def statuses():
        sections = selectors.sections_with_questions(round_)
        tasks = selectors.task_list(
            bid,
            sections=sections,
            answers=selectors.answers_of(bid),
            amounts=selectors.amounts_of(bid),
            partners=[],
        )
        return {task.key: task.status for task in tasks}

    main = _section_of(round_, QuestionType.SHORT_TEXT)
    eligibility = _section_of(round_, QuestionType.YES_NO)
    assert statuses()[f"section-{main.pk}"] == checks.TaskStatus.CANNOT_START
    assert statuses()[f"section-{eligibility.pk}"] == checks.TaskStatus.NOT_STARTED
    complete(bid, by=bid.started_by)
    done = statuses()
    assert done.pop("partners") == checks.TaskStatus.NOT_STARTED  # optional
    assert set(done.values()) == {checks.TaskStatus.COMPLETED}


# --- Amounts and the budget table --------------------------------------------------------------


def test_a_budget_table_must_add_up_to_the_amount_requested_year_by_year():
    bid = started_bid()
    editor = bid.started_by
    complete(bid, by=editor)
    assert services.bid_problems(bid, now=timezone.now()) == []
    years = list(FinancialYear.range(bid.round.first_year, bid.round.last_year))
    services.bid_amounts_save(
        bid=bid, by=editor, amounts={years[0]: Decimal("20000"), years[1]: Decimal("25000")}
    )
    budget = BidAnswer.objects.get(bid=bid, question__type=QuestionType.BUDGET_TABLE)
    assert budget.flags == [AnswerFlag.BUDGET_MISMATCH]
    assert f"{years[1]} adds up to £20,000.00" in budget.problems[0]
    problems = [p.message for p in services.bid_problems(bid, now=timezone.now())]
    assert any("Does not add up" in p for p in problems)
    with pytest.raises(BidIncomplete):
        services.bid_submit(bid=bid, by=editor, now=timezone.now(), declaration="I confirm")


def test_amounts_outside_the_rounds_limits_stop_the_submission():
    bid = started_bid()
    complete(bid, by=bid.started_by, amount=Decimal("60000"))
    problems = [p.message for p in services.bid_problems(bid, now=timezone.now())]
    assert any("must be from £10,000.00 to £50,000.00" in p for p in problems)


# --- Submitting ---------------------------------------------------------------------------------


def test_submitting_gives_a_reference_copies_the_questions_and_sends_a_receipt():
    bid = started_bid()
    editor = bid.started_by
    complete(bid, by=editor)
    now = timezone.now()
    submitted = services.bid_submit(bid=bid, by=editor, now=now, declaration="I confirm")
    year = FinancialYear.containing(bid.round.closes_at)
    assert submitted.reference == f"{bid.round.lead_body.code}-{year}-0001"
    assert submitted.submitted_at == now
    assert submitted.status == BidStatus.SUBMITTED
    assert BidQuestion.objects.filter(bid=bid).count() == bid.round.questions.count()
    copy = BidQuestion.objects.get(bid=bid, question__type=QuestionType.LONG_TEXT)
    assert (copy.word_limit, copy.help_version) == (250, 1)
    assert list(bid.transitions.values_list("from_status", "to_status")) == [
        ("", BidStatus.DRAFT),
        (BidStatus.DRAFT, BidStatus.SUBMITTED),
    ]
    receipt = QueuedEmail.objects.get(template="commissioning/bid_submitted")
    assert receipt.recipients == [editor.email]
    assert submitted.reference in receipt.subject
    assert submitted.reference in receipt.body_text


def test_the_trigger_refuses_a_change_to_a_submitted_answer():
    bid = started_bid()
    complete(bid, by=bid.started_by)
    services.bid_submit(bid=bid, by=bid.started_by, now=timezone.now(), declaration="I confirm")
    with pytest.raises(ProgrammingError, match="no longer a draft"), transaction.atomic():
        BidAnswer.objects.filter(bid=bid).update(value={"typed": {}, "clean": "changed"})
    with pytest.raises(BidNotEditable):
        services.bid_section_save(
            bid=bid,
            section=bid.round.sections.first(),
            by=bid.started_by,
            data=form_data(valid_answers(bid.round)),
        )


def test_a_second_submit_is_refused_kindly_with_the_one_reference():
    bid = started_bid()
    complete(bid, by=bid.started_by)
    first = services.bid_submit(
        bid=bid, by=bid.started_by, now=timezone.now(), declaration="I confirm"
    )
    stale = Bid.objects.get(pk=bid.pk)
    with pytest.raises(AlreadySubmitted, match=first.reference):
        services.bid_submit(
            bid=stale, by=bid.started_by, now=timezone.now(), declaration="I confirm"
        )
    assert BidTransition.objects.filter(bid=bid, to_status=BidStatus.SUBMITTED).count() == 1


@pytest.mark.parametrize("beat_stopped", [True, False])
def test_the_closing_instant_to_the_second(beat_stopped):
    """One second before the closing instant is on time; one second after is refused and
    the bid stays a draft with every answer. With beat stopped the round is still recorded
    as open: the clock decides, never the stored status."""
    closes_at = timezone.now() + datetime.timedelta(days=1)
    round_ = open_round(closes_at=closes_at)
    if not beat_stopped:
        from commissioning.services.transitions import round_clock_record

        round_clock_record(now=closes_at)
        round_.refresh_from_db()
    late = started_bid(round_)
    complete(late, by=late.started_by)
    answers = sorted(BidAnswer.objects.filter(bid=late).values_list("pk", "value"))
    with pytest.raises(RoundClosedForBid, match="kept as a draft"):
        services.bid_submit(
            bid=late,
            by=late.started_by,
            now=closes_at + datetime.timedelta(seconds=1),
            declaration="I confirm",
        )
    late.refresh_from_db()
    assert late.status == BidStatus.DRAFT
    assert late.reference == ""
    assert sorted(BidAnswer.objects.filter(bid=late).values_list("pk", "value")) == answers
    on_time = started_bid(round_, organisation=eligible_organisation(round_))
    complete(on_time, by=on_time.started_by)
    services.bid_submit(
        bid=on_time,
        by=on_time.started_by,
        now=closes_at - datetime.timedelta(seconds=1),
        declaration="I confirm",
    )
    assert on_time.status == BidStatus.SUBMITTED


def test_eligibility_lapsing_between_start_and_submit_stops_the_submission():
    bid = started_bid()
    complete(bid, by=bid.started_by)
    insurance = DueDiligenceDocument.objects.get(
        organisation=bid.organisation, kind=DocumentKind.INSURANCE, replaced_at__isnull=True
    )
    DueDiligenceDocument.objects.filter(pk=insurance.pk).update(
        valid_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    with pytest.raises(BidIncomplete) as refused:
        services.bid_submit(bid=bid, by=bid.started_by, now=timezone.now(), declaration="I confirm")
    assert any("Insurance" in p.message for p in refused.value.extra["problems"])
    bid.refresh_from_db()
    assert bid.status == BidStatus.DRAFT


def test_an_eligibility_question_answered_no_stops_the_submission():
    bid = started_bid()
    editor = bid.started_by
    complete(bid, by=editor)
    eligibility = question_of(bid.round, QuestionType.YES_NO)
    services.bid_section_save(
        bid=bid,
        section=eligibility.section,
        by=editor,
        data=form_data({f"q{eligibility.pk}": "no"}),
    )
    problems = [p.message for p in services.bid_problems(bid, now=timezone.now())]
    assert any("must answer yes" in p for p in problems)


# --- Withdrawing and the transition service ------------------------------------------------------


def test_withdrawing_needs_a_reason_and_is_recorded():
    bid = started_bid()
    complete(bid, by=bid.started_by)
    services.bid_submit(bid=bid, by=bid.started_by, now=timezone.now(), declaration="I confirm")
    with pytest.raises(BidTransitionRefused, match="why"):
        services.bid_withdraw(bid=bid, by=bid.started_by, reason=" ")
    viewer = member(bid.organisation, MemberRole.VIEWER)
    with pytest.raises(BidRoleRequired):
        services.bid_withdraw(bid=bid, by=viewer, reason="Changed our minds")
    services.bid_withdraw(bid=bid, by=bid.started_by, reason="Our manager left")
    bid.refresh_from_db()
    assert bid.status == BidStatus.WITHDRAWN
    assert bid.withdraw_reason == "Our manager left"
    assert bid.reference  # kept: it was submitted
    move = bid.transitions.last()
    assert (move.from_status, move.to_status, move.note) == (
        BidStatus.SUBMITTED,
        BidStatus.WITHDRAWN,
        "Our manager left",
    )


def test_the_office_moves_a_bid_through_assessment_only_after_the_close():
    closes_at = timezone.now() + datetime.timedelta(days=1)
    round_ = open_round(closes_at=closes_at)
    bid = started_bid(round_)
    complete(bid, by=bid.started_by)
    services.bid_submit(bid=bid, by=bid.started_by, now=timezone.now(), declaration="I confirm")
    staff = officer(round_.lead_body)
    with pytest.raises(BidTransitionRefused, match="closed"):
        services.bid_transition(bid=bid, to=BidStatus.UNDER_ASSESSMENT, by=staff)
    after = closes_at + datetime.timedelta(seconds=1)
    services.bid_transition(bid=bid, to=BidStatus.UNDER_ASSESSMENT, by=staff, now=after)
    with pytest.raises(BidRoleRequired):
        services.bid_transition(bid=bid, to=BidStatus.SUCCESSFUL, by=bid.started_by)
    services.bid_transition(bid=bid, to=BidStatus.SUCCESSFUL, by=staff, now=after)
    with pytest.raises(BidTransitionRefused):
        services.bid_withdraw(bid=bid, by=bid.started_by, reason="Too late", now=after)


# --- The seal ------------------------------------------------------------------------------------


def test_office_staff_see_counts_only_until_the_close():
    closes_at = timezone.now() + datetime.timedelta(days=1)
    round_ = open_round(closes_at=closes_at)
    draft = started_bid(round_)
    submitted = started_bid(round_, organisation=eligible_organisation(round_))
    complete(submitted, by=submitted.started_by)
    services.bid_submit(
        bid=submitted, by=submitted.started_by, now=timezone.now(), declaration="I confirm"
    )
    before = closes_at - datetime.timedelta(seconds=1)
    assert round_is_sealed(round_, before)
    assert selectors.round_bid_counts(round_) == {"drafts": 1, "submitted": 1, "withdrawn": 0}
    assert list(selectors.round_bids_for_office(round_=round_, now=before)) == []
    after = closes_at + datetime.timedelta(seconds=1)
    assert not round_is_sealed(round_, after)
    shown = list(selectors.round_bids_for_office(round_=round_, now=after))
    assert shown == [submitted]
    assert draft not in shown


# --- Concurrency (real PostgreSQL, threads released together) -------------------------------------


def _run_together(count, work):
    start = threading.Barrier(count)
    outcomes = []

    def run(index):
        try:
            start.wait()
            outcomes.append(work(index))
        except Exception as error:
            outcomes.append(type(error).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_a_double_submit_from_two_threads_makes_one_submission_and_one_reference():
    bid = started_bid()
    complete(bid, by=bid.started_by)
    now = timezone.now()

    def submit(_index):
        copy = Bid.objects.get(pk=bid.pk)
        services.bid_submit(bid=copy, by=bid.started_by, now=now, declaration="I confirm")
        return "submitted"

    outcomes = _run_together(2, submit)
    assert sorted(outcomes) == ["AlreadySubmitted", "submitted"]
    bid.refresh_from_db()
    assert bid.reference.endswith("-0001")
    assert BidTransition.objects.filter(bid=bid, to_status=BidStatus.SUBMITTED).count() == 1
    assert BidQuestion.objects.filter(bid=bid).count() == bid.round.questions.count()


@pytest.mark.django_db(transaction=True)
def test_a_wait_for_a_lock_never_pushes_an_on_time_bid_past_the_close():
    """The submit arrives a second before the close while another transaction holds the
    bid's row past the close: the arrival time decides, so the bid is on time."""
    closes_at = timezone.now() + datetime.timedelta(days=1)
    round_ = open_round(closes_at=closes_at)
    bid = started_bid(round_)
    complete(bid, by=bid.started_by)
    locked = threading.Event()
    release = threading.Event()

    def hold_the_lock(index):
        if index == 0:
            with transaction.atomic():
                Bid.objects.select_for_update().get(pk=bid.pk)
                locked.set()
                release.wait(10)
            return "held"
        locked.wait(10)
        arrived = closes_at - datetime.timedelta(seconds=1)
        timer = threading.Timer(1.0, release.set)
        timer.start()
        services.bid_submit(bid=bid, by=bid.started_by, now=arrived, declaration="I confirm")
        return "submitted"

    outcomes = _run_together(2, hold_the_lock)
    assert sorted(outcomes) == ["held", "submitted"]
    bid.refresh_from_db()
    assert bid.submitted_at == closes_at - datetime.timedelta(seconds=1)


def test_a_round_with_lots_takes_one_bid_per_lot():
    from commissioning.bids.errors import RoundNotOpenForBids
    from commissioning.models import Lot

    round_ = open_round()
    north = Lot.objects.create(round=round_, name="North", amount=Decimal("100000"))
    south = Lot.objects.create(round=round_, name="South", amount=Decimal("100000"))
    organisation = eligible_organisation(round_)
    editor = member(organisation)
    with pytest.raises(RoundNotOpenForBids, match="lot"):
        services.bid_start(round=round_, organisation=organisation, by=editor)
    services.bid_start(round=round_, organisation=organisation, by=editor, lot=north)
    services.bid_start(round=round_, organisation=organisation, by=editor, lot=south)
    with pytest.raises(BidExists):
        services.bid_start(round=round_, organisation=organisation, by=editor, lot=north)
    assert Bid.objects.filter(round=round_, organisation=organisation).count() == 2


def test_no_bid_starts_once_the_round_has_closed():
    from commissioning.bids.errors import RoundNotOpenForBids

    closes_at = timezone.now() + datetime.timedelta(days=1)
    round_ = open_round(closes_at=closes_at)
    organisation = eligible_organisation(round_)
    with pytest.raises(RoundNotOpenForBids):
        services.bid_start(
            round=round_,
            organisation=organisation,
            by=member(organisation),
            now=closes_at,
        )


def test_a_registered_partner_and_shares_below_a_hundred_percent():
    from commissioning.bids.errors import PartnerRefused

    bid = started_bid()
    partner = OrganisationFactory()
    added = services.bid_partner_add(
        bid=bid, by=bid.started_by, name="", share=Decimal("30"), organisation=partner
    )
    assert added.name == partner.name
    with pytest.raises(PartnerRefused, match="less than 100%"):
        services.bid_partner_add(bid=bid, by=bid.started_by, name="Other", share=Decimal("70"))
    with pytest.raises(PartnerRefused, match="own organisation"):
        services.bid_partner_add(
            bid=bid, by=bid.started_by, name="", share=Decimal("5"), organisation=bid.organisation
        )
