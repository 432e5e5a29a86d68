"""The bid journey's writes: start, save (which never refuses), amounts and partners, submit,
withdraw, and the one transition service every move of status goes through.

Lock order: a service that locks takes the bid's row first (`bid_lock`), then, at
submission, the reference's sequence row (`core.numbers.next_number`). Nothing here locks the
round's row, so a bid never waits for the office's changes to the round, and a submission
never waits for another organisation's.
"""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from commissioning.bids import checks
from commissioning.bids.errors import (
    AlreadySubmitted,
    BidExists,
    BidIncomplete,
    BidNotEditable,
    BidRoleRequired,
    BidTransitionRefused,
    NotEligible,
    PartnerRefused,
    RoundClosedForBid,
    RoundNotOpenForBids,
    SectionChanged,
)
from commissioning.bids.models import (
    BID_TRANSITIONS,
    AnswerFlag,
    Bid,
    BidAmount,
    BidAnswer,
    BidPartner,
    BidQuestion,
    BidSectionVersion,
    BidStatus,
    BidTransition,
)
from commissioning.bids.rules import can_move, is_writer
from commissioning.models import RoundFollow, RoundStatus
from commissioning.questions.models import QuestionType
from commissioning.services.rounds import round_closes_at_for, round_is_open_for, round_is_sealed
from core.financial_years import FinancialYear
from core.london_time import london_datetime_for_people
from core.notifications import notify_once
from core.numbers import next_number
from core.uploads import stored_file_create
from providers.models import OrganisationMember

BID_RECEIPT = "commissioning.bid_receipt"


def bid_lock(bid) -> Bid:
    """The bid's row, locked until the transaction ends (`SELECT ... FOR UPDATE`)."""
    return Bid.objects.select_for_update().select_related("round__lead_body").get(pk=bid.pk)


def london_today(moment):
    return timezone.localdate(moment)


def _require_writer(by, organisation) -> None:
    if not is_writer(by, organisation):
        raise BidRoleRequired(_("Only an administrator or editor of the organisation can do this."))


def _require_draft(bid) -> None:
    if bid.status != BidStatus.DRAFT:
        raise BidNotEditable(
            _("This bid was submitted on %(when)s, so it can no longer change.")
            % {"when": london_datetime_for_people(bid.submitted_at)}
            if bid.submitted_at
            else _("This bid was withdrawn, so it can no longer change.")
        )


# --- Starting -------------------------------------------------------------------------------


def bid_start(*, round, organisation, by, lot=None, now=None) -> Bid:
    """Start `organisation`'s bid to an open round (or one of its lots), if it is eligible.

    One bid per organisation per round, or per lot: a second start (or two at once) raises
    `BidExists` naming the bid already started. The organisation follows the round from now.
    """
    now = now or timezone.now()
    _require_writer(by, organisation)
    if round.status == RoundStatus.CANCELLED or not round_is_open_for(round, organisation, now):
        raise RoundNotOpenForBids(_("This round is not open for bids."))
    lots = list(round.lots.all())
    if lots and (lot is None or lot.round_id != round.pk):
        raise RoundNotOpenForBids(_("Choose the lot you are bidding for."))
    if not lots:
        lot = None
    problems = checks.eligibility_problems(
        round_=round, organisation=organisation, today=london_today(now)
    )
    if problems:
        raise NotEligible(
            _("Your organisation cannot bid for this round yet: %(problems)s.")
            % {"problems": "; ".join(str(p).lower() for p in problems)},
            problems=problems,
        )
    existing = Bid.objects.filter(round=round, organisation=organisation, lot=lot).first()
    if existing is not None:
        raise BidExists(_("Your organisation has already started a bid for this."), bid=existing)
    try:
        with transaction.atomic():
            bid = Bid.objects.create(
                round=round,
                lot=lot,
                organisation=organisation,
                started_by=by,
                started_at=now,
                updated_at=now,
            )
            BidTransition.objects.create(bid=bid, to_status=BidStatus.DRAFT, by=by, at=now)
            RoundFollow.objects.get_or_create(
                round=round, organisation=organisation, defaults={"followed_by": by}
            )
    except IntegrityError:
        # Another tab started it a moment ago: the unique constraint decided.
        existing = Bid.objects.get(round=round, organisation=organisation, lot=lot)
        raise BidExists(
            _("Your organisation has already started a bid for this."), bid=existing
        ) from None
    return bid


# --- Saving: never refuses ------------------------------------------------------------------


@dataclass
class Saved:
    """What a save kept: the bound form (with its errors to show), and each answer's check."""

    form: object
    checked: dict = field(default_factory=dict)
    refused_uploads: list = field(default_factory=list)
    # The section's version after this save (the page sends it with its next save).
    version: int = 0

    @property
    def has_problems(self) -> bool:
        return any(c.flags for c in self.checked.values()) or bool(self.refused_uploads)


def _amounts(bid) -> dict:
    return {row.year: row.amount for row in bid.amounts.all()}


def section_version(bid, section) -> int:
    """The version of one section of a bid as saved now (0 before its first save)."""
    row = BidSectionVersion.objects.filter(bid=bid, section=section).only("version").first()
    return row.version if row is not None else 0


def bid_section_save(
    *, bid, section, by, data, files=None, now=None, language=None, read_version=None
) -> Saved:
    """Keep every answer of one section exactly as typed, flagging what is wrong; never refuse
    an answer. A refused upload is not kept (its message is shown); the other answers are.

    `read_version` is the section's version the page was read at: when a colleague has saved
    the section since, nothing is written and `SectionChanged` says who and when (the bid's
    row lock makes two saves one after the other, so the second always sees the first).
    None (a service's own caller) saves whatever the version."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = bid_lock(bid)
        _require_writer(by, locked.organisation)
        _require_draft(locked)
        if section.round_id != locked.round_id:
            raise BidNotEditable(_("This section belongs to another round."))
        current, _created = BidSectionVersion.objects.get_or_create(
            bid=locked, section=section, defaults={"updated_at": now}
        )
        if read_version is not None and read_version != current.version:
            raise SectionChanged(
                _(
                    "A colleague saved this section after you opened it. Nothing you typed "
                    "has been lost or saved yet: compare the two versions below."
                ),
                version=current.version,
                saved_by=current.updated_by,
                saved_at=current.updated_at,
            )
        questions = list(section.questions.all())
        answers = {a.question_id: a for a in locked.answers.filter(question__in=questions)}
        years = list(FinancialYear.range(locked.round.first_year, locked.round.last_year))
        form = checks.section_form(
            section=section,
            questions=questions,
            years=years,
            answers=answers,
            data=data,
            files=files,
            language=language,
        )
        checked = checks.check_form(form, questions, amounts=_amounts(locked), answers=answers)
        saved = Saved(form=form, checked=checked)
        for question in questions:
            result = checked[question.pk]
            answer = answers.get(question.pk) or BidAnswer(bid=locked, question=question)
            if question.type == QuestionType.FILE:
                upload = files.get(f"q{question.pk}") if files else None
                if upload is not None:
                    if result.flags:
                        # A refused upload is not kept; a file kept earlier stays.
                        saved.refused_uploads.append(question)
                        continue
                    answer.file = stored_file_create(uploaded_file=upload, uploaded_by=by)
            answer.value = {"typed": checks.typed_for(question, data), "clean": result.clean}
            answer.flags = sorted(set(result.flags))
            answer.problems = result.problems
            answer.help_version = question.help_version
            answer.updated_at = now
            answer.updated_by = by
            answer.save()
        current.version += 1
        current.updated_at = now
        current.updated_by = by
        current.save(update_fields=["version", "updated_at", "updated_by"])
        saved.version = current.version
        locked.updated_at = now
        locked.save(update_fields=["updated_at"])
    return saved


# --- Amounts and partners -------------------------------------------------------------------


@transaction.atomic
def bid_amounts_save(*, bid, by, amounts, now=None) -> Bid:
    """The amount requested in each year of the funding period (None removes a year's).
    Limits are checked at submission; a budget table is flagged when it no longer adds up."""
    now = now or timezone.now()
    locked = bid_lock(bid)
    _require_writer(by, locked.organisation)
    _require_draft(locked)
    years = set(FinancialYear.range(locked.round.first_year, locked.round.last_year))
    for year, amount in amounts.items():
        if year not in years:
            raise BidNotEditable(
                _("%(year)s is not in the round's funding period.") % {"year": year}
            )
        if amount is None:
            BidAmount.objects.filter(bid=locked, year=year).delete()
        else:
            BidAmount.objects.update_or_create(bid=locked, year=year, defaults={"amount": amount})
    _budget_flags_refresh(locked)
    locked.updated_at = now
    locked.save(update_fields=["updated_at"])
    return locked


def _budget_flags_refresh(bid) -> None:
    """Check the bid's budget tables again against the amounts requested now."""
    amounts = _amounts(bid)
    for answer in bid.answers.filter(question__type=QuestionType.BUDGET_TABLE):
        if any(flag != AnswerFlag.BUDGET_MISMATCH for flag in answer.flags):
            continue  # its own errors come first; the totals are checked once it is valid
        lines = (answer.value or {}).get("clean")
        mismatch = checks.budget_mismatches(lines, amounts) if lines else []
        flags = [AnswerFlag.BUDGET_MISMATCH] if mismatch else []
        if flags != answer.flags or mismatch != answer.problems:
            answer.flags, answer.problems = flags, mismatch
            answer.save(update_fields=["flags", "problems"])


@transaction.atomic
def bid_partner_add(*, bid, by, name, share, organisation=None) -> BidPartner:
    locked = bid_lock(bid)
    _require_writer(by, locked.organisation)
    _require_draft(locked)
    name = (name or "").strip() or (organisation.name if organisation else "")
    if not name:
        raise PartnerRefused(_("Enter the partner's name."), field="name")
    if organisation is not None and organisation.pk == locked.organisation_id:
        raise PartnerRefused(
            _("Your own organisation leads the bid, so it cannot be a partner."),
            field="organisation",
        )
    if not 0 < share < 100:
        raise PartnerRefused(_("Enter a share from 0.01% to 99.99%."), field="share")
    partners = list(locked.partners.all())
    if sum((p.share for p in partners), share) >= 100:
        raise PartnerRefused(
            _("The partners' shares must add up to less than 100%, leaving yours."),
            field="share",
        )
    return BidPartner.objects.create(
        bid=locked,
        organisation=organisation,
        name=name,
        share=share,
        position=len(partners) + 1,
    )


@transaction.atomic
def bid_partner_remove(*, partner, by) -> None:
    locked = bid_lock(partner.bid)
    _require_writer(by, locked.organisation)
    _require_draft(locked)
    BidPartner.objects.filter(pk=partner.pk, bid=locked).delete()


# --- What stops a submission ------------------------------------------------------------------


def bid_problems(bid, *, now) -> list[checks.Problem]:
    """Everything to put right before `bid` can be submitted at `now`, checked afresh from
    what was typed (no flag saved earlier is trusted)."""
    round_ = bid.round
    problems = [
        checks.Problem(str(message), task="eligibility")
        for message in checks.eligibility_problems(
            round_=round_, organisation=bid.organisation, today=london_today(now)
        )
    ]
    amounts = _amounts(bid)
    problems += [checks.Problem(m, task="amounts") for m in checks.amount_problems(round_, amounts)]
    problems += [
        checks.Problem(m, task="partners")
        for m in checks.partner_problems(list(bid.partners.all()))
    ]
    answers = {a.question_id: a for a in bid.answers.all()}
    years = list(FinancialYear.range(round_.first_year, round_.last_year))
    for section in round_.sections.prefetch_related("questions").order_by("position"):
        questions = list(section.questions.all())
        form = checks.section_form(
            section=section,
            questions=questions,
            years=years,
            answers=answers,
            data=checks.typed_data(answers.get(q.pk) for q in questions if q.pk in answers),
        )
        checked = checks.check_form(form, questions, amounts=amounts, answers=answers)
        for question in questions:
            result = checked[question.pk]
            if question.is_eligibility and not result.flags and result.clean != "yes":
                problems.append(
                    checks.Problem(
                        _("Your organisation must answer yes to “%(question)s” to bid")
                        % {"question": question.text},
                        task="section",
                        section_id=section.pk,
                    )
                )
            for flag in result.flags:
                problems.append(
                    checks.Problem(
                        _("%(question)s: %(flag)s")
                        % {"question": question.text, "flag": AnswerFlag(flag).label},
                        task="section",
                        section_id=section.pk,
                    )
                )
    return problems


# --- Submitting -----------------------------------------------------------------------------


def bid_reference(bid) -> str:
    """`AS-2025-26-0042`: the lead body's code, the financial year containing the round's
    closing instant, and the next number of that body and year (no gaps, never twice)."""
    body = bid.round.lead_body
    year = FinancialYear.containing(bid.round.closes_at)
    number = next_number(f"bid:{body.code}:{year.start_year}")
    return f"{body.code}-{year}-{number:04d}"


def _copy_questions(bid) -> None:
    """Keep the questions as the provider saw them: text, help text (the version their answer
    was saved against, else the current one), limits and options."""
    answers = {a.question_id: a for a in bid.answers.all()}
    questions = bid.round.questions.select_related("section").prefetch_related("help_texts")
    copies = []
    for question in questions:
        seen = answers.get(question.pk)
        version = seen.help_version if seen is not None else question.help_version
        help_text, help_text_cy = question.help_text, question.help_text_cy
        if version != question.help_version:
            earlier = next((h for h in question.help_texts.all() if h.version == version), None)
            if earlier is not None:
                help_text, help_text_cy = earlier.help_text, earlier.help_text_cy
        copies.append(
            BidQuestion(
                bid=bid,
                question=question,
                section_position=question.section.position,
                section_title=question.section.title,
                section_title_cy=question.section.title_cy,
                position=question.position,
                type=question.type,
                text=question.text,
                text_cy=question.text_cy,
                help_text=help_text,
                help_text_cy=help_text_cy,
                help_version=version,
                required=question.required,
                word_limit=question.word_limit,
                minimum=question.minimum,
                maximum=question.maximum,
                options=question.options,
                options_cy=question.options_cy,
                file_types=list(question.file_types),
            )
        )
    BidQuestion.objects.bulk_create(copies)


def bid_submit(*, bid, by, now, declaration) -> Bid:
    """Submit a draft bid as it stands.

    `now` is the moment the request arrived, read once by the caller: it is both the
    deadline check and `submitted_at`, so a wait for the bid's lock (a second tab submitting
    at the same moment) never pushes an on-time bid past the close. After the closing
    instant the bid stays a draft with every answer. A second submit waits for the first,
    then finds it submitted and raises `AlreadySubmitted`: one submission, one reference.
    """
    with transaction.atomic():
        locked = bid_lock(bid)
        _require_writer(by, locked.organisation)
        if locked.status != BidStatus.DRAFT:
            if locked.submitted_at is not None:
                raise AlreadySubmitted(
                    _("This bid was already submitted on %(when)s, reference %(reference)s.")
                    % {
                        "when": london_datetime_for_people(locked.submitted_at),
                        "reference": locked.reference,
                    },
                    bid=locked,
                )
            raise BidNotEditable(_("This bid was withdrawn, so it cannot be submitted."))
        round_ = locked.round
        closes_at = round_closes_at_for(round_, locked.organisation)
        if not round_is_open_for(round_, locked.organisation, now):
            if now >= closes_at:
                raise RoundClosedForBid(
                    _(
                        "The round closed at %(when)s, so this bid can no longer be submitted. "
                        "It is kept as a draft with all your answers."
                    )
                    % {"when": london_datetime_for_people(closes_at)}
                )
            raise RoundNotOpenForBids(_("This round is not open for bids."))
        problems = bid_problems(locked, now=now)
        if problems:
            raise BidIncomplete(
                _("Put right the problems listed before you submit the bid."), problems=problems
            )
        _copy_questions(locked)
        _move(
            locked,
            to=BidStatus.SUBMITTED,
            by=by,
            now=now,
            fields={
                "reference": bid_reference(locked),
                "submitted_at": now,
                "submitted_by": by,
                "declaration": declaration,
            },
        )
        _receipt_send(locked)
        # The PDF as submitted, made by the worker once this commits (never if it rolls back).
        from commissioning.bids.documents import bid_copy_attach

        bid_copy_attach(locked)
    bid.status, bid.reference, bid.submitted_at = locked.status, locked.reference, now
    return locked


def _receipt_send(bid) -> None:
    """E-mail every member of the organisation the bid's reference, once per bid."""
    context = {
        "reference": bid.reference,
        "round_title": bid.round.title,
        "organisation": bid.organisation.name,
        "submitted_at": london_datetime_for_people(bid.submitted_at),
        "bid_url": reverse("commissioning:bid", args=[bid.pk]),
        # The PDF of the bid as submitted is linked from this page (sign-in needed), never
        # attached to the e-mail.
        "copy_url": reverse("commissioning:bid-submitted", args=[bid.pk]),
    }
    members = OrganisationMember.objects.filter(
        organisation_id=bid.organisation_id, user__is_active=True
    ).select_related("user")
    for member in members:
        notify_once(
            f"bid:{bid.pk}:submitted",
            member.user,
            kind=BID_RECEIPT,
            template="commissioning/bid_submitted",
            context=context,
        )


# --- Transitions ------------------------------------------------------------------------------


def _move(locked, *, to, by, now, note="", fields=None) -> None:
    from_status = locked.status
    locked.status = to
    for name, value in (fields or {}).items():
        setattr(locked, name, value)
    locked.updated_at = now
    locked.save()
    BidTransition.objects.create(
        bid=locked, from_status=from_status, to_status=to, by=by, at=now, note=note
    )


def bid_transition(*, bid, to, by, note="", now=None) -> Bid:
    """Move `bid` to status `to`, or raise an ApplicationError saying why not.

    Locks the bid's row, checks the map of moves (`BID_TRANSITIONS`) and who may make the
    move, and records who, when, from, to and the note. Submission has its own checks
    (`bid_submit`), which end in the same record.
    """
    to = BidStatus(to)
    now = now or timezone.now()
    if to == BidStatus.SUBMITTED:
        raise BidTransitionRefused(_("Submit a bid with its declaration."))
    with transaction.atomic():
        locked = bid_lock(bid)
        if not can_move(by, locked, to):
            raise BidRoleRequired(_("Your role does not allow you to do this."))
        if to not in BID_TRANSITIONS[BidStatus(locked.status)]:
            raise BidTransitionRefused(
                _("A bid that is %(from)s cannot be moved to %(to)s.")
                % {"from": locked.get_status_display().lower(), "to": to.label.lower()}
            )
        note = (note or "").strip()
        fields = {}
        if to == BidStatus.WITHDRAWN:
            if not note:
                raise BidTransitionRefused(_("Enter why the bid is being withdrawn."))
            fields = {"withdrawn_at": now, "withdraw_reason": note}
        if to == BidStatus.UNDER_ASSESSMENT and round_is_sealed(locked.round, now):
            raise BidTransitionRefused(_("Bids are assessed only once the round has closed."))
        _move(locked, to=to, by=by, now=now, note=note, fields=fields)
    bid.status = locked.status
    return locked


def bid_withdraw(*, bid, by, reason, now=None) -> Bid:
    """Withdraw a bid before the decision, with the reason."""
    return bid_transition(bid=bid, to=BidStatus.WITHDRAWN, by=by, note=reason, now=now)
