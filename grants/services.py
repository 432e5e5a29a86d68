"""The grants' writes: awards made from a decision, their terms and schedule (while a draft),
the one guarded transition service of the award (offer, acceptance, decline, lapse, active),
and the release and payment of instalments, each through the ledger.

Lock order (docs/adr/0012, 0019 and 0022): the budgets, in ascending id order
(`funding.ledger.services.lock`), then the award, then its instalments. The ledger's own
services lock the budgets again; they are already held, so an acceptance, a release and a
payment of the same award queue behind each other instead of deadlocking, and a decision's
approval (which takes the same budgets first) never crosses them.
"""

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commissioning.decisions.models import Decision, DecisionOutcome, DecisionStatus
from core.documents import document_attach
from core.london_time import LONDON, date_for_people
from core.money import PENCE, format_money
from core.notifications import notify_once
from core.working_days import london_today
from funding import services as ledger
from funding.ledger.models import CommitmentLine
from funding.ledger.services import lock as ledger_lock
from grants import rules, schedules
from grants.closeout import working as closeout
from grants.errors import (
    AwardRefused,
    GrantsRoleRequired,
    PaymentRefused,
    ReleaseBlocked,
    TransitionRefused,
)
from grants.models import (
    ENDED_STATUSES,
    IN_FORCE_STATUSES,
    TRANSITIONS,
    Award,
    AwardAmount,
    AwardStatus,
    AwardTransition,
    Instalment,
    InstalmentKind,
    InstalmentStatus,
    Milestone,
    ScheduleKind,
    Tariff,
)
from grants.returns import services as returns
from providers.due_diligence import DueDiligence, due_diligence_from_rows
from providers.models import MemberRole, OrganisationMember
from providers.selectors import document_rows

OFFER_REMINDER = "grants.offer_reminder"
# Days before an offer lapses that its organisation's administrators are reminded.
REMINDER_DAYS = (7, 1)
TEXT_FIELDS = ("title", "purpose", "conditions", "outcome_targets", "crime_and_disorder")


def _require(allowed: bool, message=None) -> None:
    if not allowed:
        raise GrantsRoleRequired(message or _("Your role does not allow you to do this."))


def require_not_closed(award) -> None:
    """A closed grant is read-only: every grants service refuses it (docs/adr/0027)."""
    if award.status == AwardStatus.CLOSED:
        raise AwardRefused(_("This grant is closed: nothing about it can change."))


def _require_draft(award) -> None:
    require_not_closed(award)
    if award.status != AwardStatus.DRAFT:
        raise AwardRefused(
            _("The offer has been sent: its terms and schedule can no longer change.")
        )


def _locked_award(award) -> Award:
    """Lock the award's budgets (id order), then the award: the module's lock order."""
    budget_ids = list(
        CommitmentLine.objects.filter(commitment_id=award.commitment_id).values_list(
            "budget_id", flat=True
        )
    )
    ledger_lock(budget_ids=budget_ids)
    return Award.objects.select_for_update().select_related("organisation").get(pk=award.pk)


# --- Making awards --------------------------------------------------------------------------


def _decided_amounts(outcome) -> dict[int, object]:
    return {a.budget_id: a for a in outcome.amounts.select_related("budget")}


@transaction.atomic
def award_make(*, outcome: DecisionOutcome, by, now=None) -> Award:
    """A draft award from one successful outcome of an approved decision: its money per
    budget, its words from the decision, the whole of its years, paid quarterly in arrears
    until someone chooses otherwise."""
    decision = outcome.decision
    _require(rules.can_edit(by, decision.body))
    if decision.status != DecisionStatus.APPROVED:
        raise AwardRefused(_("Awards are made from an approved decision still in force."))
    if not outcome.is_successful or outcome.commitment_id is None:
        raise AwardRefused(_("Only a successful bid is given an award."))
    if Award.objects.filter(outcome=outcome).exists():
        raise AwardRefused(_("Bid %(ref)s already has its award.") % {"ref": outcome.bid.reference})
    amounts = sorted(_decided_amounts(outcome).values(), key=lambda a: a.budget.year.start_year)
    now = now or timezone.now()
    bid = outcome.bid
    award = Award.objects.create(
        outcome=outcome,
        body=decision.body,
        organisation=bid.organisation,
        commitment_id=outcome.commitment_id,
        title=f"{decision.round.title}: {bid.organisation.name}"[:200],
        purpose=decision.purpose,
        conditions=decision.conditions,
        crime_and_disorder=decision.crime_and_disorder,
        starts_on=amounts[0].budget.year.start,
        ends_on=amounts[-1].budget.year.end,
        created_by=by,
        created_at=now,
        updated_at=now,
    )
    AwardAmount.objects.bulk_create(
        [
            AwardAmount(award=award, budget=a.budget, year=a.budget.year, amount=a.amount)
            for a in amounts
        ]
    )
    _instalments_regenerate(award)
    return award


@transaction.atomic
def awards_make_for_decision(*, decision: Decision, by) -> list[Award]:
    """An award for every successful outcome of the decision that has none yet."""
    _require(rules.can_edit(by, decision.body))
    outcomes = (
        decision.outcomes.filter(commitment__isnull=False, award__isnull=True)
        .select_related("decision__round", "bid__organisation")
        .order_by("pk")
    )
    return [award_make(outcome=outcome, by=by) for outcome in outcomes]


@dataclass
class Terms:
    """What an officer types about an award while it is a draft."""

    title: str
    purpose: str
    conditions: str
    outcome_targets: str
    crime_and_disorder: str
    starts_on: datetime.date
    ends_on: datetime.date
    # {budget id: amount}; an amount of None or 0 leaves that budget out.
    amounts: Mapping[int, Decimal | None]


@transaction.atomic
def award_edit(*, award: Award, by, terms: Terms, now=None) -> Award:
    """Change a draft's terms and money (never above what the decision gave from each
    budget); the schedule is made again from them."""
    _require(rules.can_edit(by, award.body))
    locked = Award.objects.select_for_update().get(pk=award.pk)
    _require_draft(locked)
    problems = []
    cleaned = {name: (getattr(terms, name) or "").strip() for name in TEXT_FIELDS}
    if not cleaned["title"]:
        problems.append(_("Enter the title of the grant."))
    if not cleaned["purpose"]:
        problems.append(_("Enter the purpose of the grant."))
    if terms.ends_on < terms.starts_on:
        problems.append(_("The end date must be on or after the start date."))
    decided = _decided_amounts(locked.outcome)
    amounts = {}
    for budget_id, amount in terms.amounts.items():
        if not amount:
            continue
        decided_amount = decided.get(budget_id)
        if decided_amount is None:
            problems.append(_("The decision gave nothing from one of these budgets."))
            continue
        if amount < 0 or amount.quantize(PENCE) != amount:
            problems.append(_("Enter amounts in pounds and pence, more than £0."))
        elif amount > decided_amount.amount:
            problems.append(
                _(
                    "%(budget)s: the decision gave %(decided)s. An award above the decision "
                    "needs a variation."
                )
                % {
                    "budget": decided_amount.budget.name,
                    "decided": format_money(decided_amount.amount),
                }
            )
        amounts[budget_id] = (decided_amount.budget, amount)
    if not amounts:
        problems.append(_("Enter the amount of the grant."))
    if problems:
        raise AwardRefused(problems[0], problems=problems)
    for name, value in cleaned.items():
        setattr(locked, name, value)
    locked.starts_on, locked.ends_on = terms.starts_on, terms.ends_on
    locked.updated_at = now or timezone.now()
    locked.save()
    AwardAmount.objects.filter(award=locked).delete()
    AwardAmount.objects.bulk_create(
        [
            AwardAmount(award=locked, budget=budget, year=budget.year, amount=amount)
            for budget, amount in amounts.values()
        ]
    )
    _instalments_regenerate(locked)
    return locked


@dataclass
class MilestoneInput:
    name: str
    due_on: datetime.date
    evidence: str


@dataclass
class TariffInput:
    outcome: str
    price: Decimal


@transaction.atomic
def schedule_set(
    *,
    award: Award,
    by,
    kind: str,
    milestones: Sequence[MilestoneInput] = (),
    tariffs: Sequence[TariffInput] = (),
    results_fixed: Decimal = Decimal("0.00"),
) -> Award:
    """Choose how a draft award is paid; its instalments are made again from the choice."""
    _require(rules.can_edit(by, award.body))
    locked = Award.objects.select_for_update().get(pk=award.pk)
    _require_draft(locked)
    problems = []
    if kind not in ScheduleKind.values:
        problems.append(_("Choose how the grant is paid."))
    milestones = [m for m in milestones if m.name.strip() or m.due_on]
    tariffs = [t for t in tariffs if t.outcome.strip() or t.price]
    if kind == ScheduleKind.MILESTONES:
        for milestone in milestones:
            if not milestone.name.strip() or not milestone.due_on or not milestone.evidence.strip():
                problems.append(_("Give every milestone its name, date and evidence required."))
                break
    if kind == ScheduleKind.RESULTS:
        for tariff in tariffs:
            if not tariff.outcome.strip() or not tariff.price or tariff.price <= 0:
                problems.append(_("Give every outcome its name and a price more than £0."))
                break
    if problems:
        raise AwardRefused(problems[0], problems=problems)
    locked.schedule_kind = kind
    locked.results_fixed = results_fixed if kind == ScheduleKind.RESULTS else Decimal("0.00")
    locked.updated_at = timezone.now()
    locked.save()
    Instalment.objects.filter(award=locked).delete()
    Milestone.objects.filter(award=locked).delete()
    # Measures counting the old tariffs go with them (the returns are made only at acceptance).
    returns.tariff_measures_remove(award=locked)
    Tariff.objects.filter(award=locked).delete()
    if kind == ScheduleKind.MILESTONES:
        Milestone.objects.bulk_create(
            [
                Milestone(award=locked, name=m.name.strip(), due_on=m.due_on, evidence=m.evidence)
                for m in milestones
            ]
        )
    if kind == ScheduleKind.RESULTS:
        Tariff.objects.bulk_create(
            [Tariff(award=locked, outcome=t.outcome.strip(), price=t.price) for t in tariffs]
        )
    _instalments_regenerate(locked)
    return locked


def instalments_plan_for(award: Award) -> list[schedules.PlannedInstalment]:
    """The award's schedule as its terms make it (ScheduleRefused with every problem)."""
    return schedules.instalments_plan(
        kind=award.schedule_kind,
        starts_on=award.starts_on,
        ends_on=award.ends_on,
        money=[
            schedules.YearMoney(budget_id=a.budget_id, year=a.year, amount=a.amount)
            for a in award.amounts.order_by("year", "budget_id")
        ],
        milestones=[
            schedules.MilestoneDate(key=m.pk, name=m.name, due_on=m.due_on)
            for m in award.milestones.all()
        ],
        results_fixed=award.results_fixed,
        has_tariffs=award.tariffs.exists(),
    )


def _instalments_regenerate(award: Award) -> None:
    """Replace a draft's instalments with the schedule's. A schedule that cannot be made
    (milestones outside the dates...) leaves none: the offer asks for one."""
    Instalment.objects.filter(award=award).delete()
    try:
        planned = instalments_plan_for(award)
    except schedules.ScheduleRefused:
        return
    Instalment.objects.bulk_create(
        [
            Instalment(
                award=award,
                budget_id=item.budget_id,
                year=item.year,
                number=number,
                kind=item.kind,
                milestone_id=item.milestone,
                period_start=item.period_start,
                period_end=item.period_end,
                due_on=item.due_on,
                amount=item.amount,
            )
            for number, item in enumerate(planned, start=1)
        ]
    )


def schedule_problems(award: Award) -> list[str]:
    """Why the draft's schedule cannot be offered as it is (empty: it can)."""
    try:
        instalments_plan_for(award)
    except schedules.ScheduleRefused as error:
        return list(error.extra.get("problems") or [error.message])
    return []


# --- The lifecycle ---------------------------------------------------------------------------


def _check_offer(award, by, *, today, acceptance_days, **_extra):
    _require(rules.can_edit(by, award.body))
    decision = award.outcome.decision
    if decision.status != DecisionStatus.APPROVED:
        raise TransitionRefused(
            _("Decision %(number)s has been superseded: make the award from its correction.")
            % {"number": decision.number}
        )
    problems = schedule_problems(award)
    if problems:
        raise TransitionRefused(problems[0], problems=problems)
    planned = sum((i.amount for i in award.instalments.all()), Decimal("0.00"))
    total = sum((a.amount for a in award.amounts.all()), Decimal("0.00"))
    if planned != total:
        # The instalments on record are not the terms' (made by hand?): refuse to offer them.
        raise TransitionRefused(_("The instalments do not add up to the award."))
    if not 1 <= acceptance_days <= 90:
        raise TransitionRefused(_("Give the provider between 1 and 90 days to accept."))


def _check_answer(award, by, *, today, **_extra):
    _require(
        rules.can_answer_offer(by, award.organisation),
        _("Only an administrator of %(organisation)s may answer this offer.")
        % {"organisation": award.organisation.name},
    )
    if today > award.lapses_on:
        raise TransitionRefused(
            _("The offer lapsed at the end of %(day)s.") % {"day": date_for_people(award.lapses_on)}
        )


def _check_accept(award, by, *, today, accepted_name="", confirmed=False, **extra):
    _check_answer(award, by, today=today)
    problems = []
    if not (accepted_name or "").strip():
        problems.append(_("Type your full name to accept the agreement."))
    if not confirmed:
        problems.append(
            _("Confirm that you accept the agreement on behalf of %(organisation)s.")
            % {"organisation": award.organisation.name}
        )
    if problems:
        raise TransitionRefused(problems[0], problems=problems)


def _check_lapse(award, by, *, today, **_extra):
    if by is not None:
        raise TransitionRefused(_("An offer lapses by the calendar, never by hand."))
    if today <= award.lapses_on:
        raise TransitionRefused(_("The offer is still open."))


def _check_active(award, by, **_extra):
    if not award.instalments.filter(status=InstalmentStatus.PAID).exists():
        raise TransitionRefused(_("An award becomes active with its first payment."))


_CHECKS = {
    AwardStatus.OFFERED: _check_offer,
    AwardStatus.ACCEPTED: _check_accept,
    AwardStatus.DECLINED: _check_answer,
    AwardStatus.LAPSED: _check_lapse,
    AwardStatus.ACTIVE: _check_active,
    AwardStatus.TERMINATED: closeout.check_terminate,
    AwardStatus.CLOSED: closeout.check_close,
}


def _apply_offer(award, by, *, now, today, acceptance_days, **_extra):
    award.offered_at, award.offered_by = now, by
    award.lapses_on = today + datetime.timedelta(days=acceptance_days)


def _apply_accept(award, by, *, now, today, accepted_name="", **_extra):
    award.accepted_name = accepted_name.strip()[:200]
    award.accepted_by, award.accepted_at = by, now
    commitment = award.commitment
    ledger.reservation_commit(commitment=commitment, by=by, effective_on=today)
    # The award may be below the decision: what it does not use goes back to each budget.
    awarded = dict(award.amounts.values_list("budget_id", "amount"))
    for line in CommitmentLine.objects.filter(commitment=commitment).select_related("budget"):
        unused = line.committed - awarded.get(line.budget_id, Decimal("0.00"))
        if unused > 0:
            ledger.commitment_decommit(
                commitment=commitment,
                budget=line.budget,
                amount=unused,
                by=by,
                effective_on=today,
                note=_("Award %(id)s below the decision") % {"id": award.public_id},
            )


def _apply_release_reservation(award, by, *, today, note, **_extra):
    ledger.reservation_cancel(
        commitment=award.commitment, by=by, effective_on=today, note=note[:500]
    )


_EFFECTS = {
    AwardStatus.OFFERED: _apply_offer,
    AwardStatus.ACCEPTED: _apply_accept,
    AwardStatus.DECLINED: _apply_release_reservation,
    AwardStatus.LAPSED: _apply_release_reservation,
    AwardStatus.TERMINATED: closeout.apply_terminate,
    AwardStatus.CLOSED: closeout.apply_close,
}


@transaction.atomic
def award_transition(*, award: Award, to, by, note="", now=None, **details) -> Award:
    """Move `award` to status `to`, or raise an ApplicationError saying why not.

    The one way an award's status changes: it locks the budgets and the award (the
    module's lock order), checks `TRANSITIONS` and the rules of the move, makes its ledger
    entries (acceptance commits the reservation and gives back what the award does not
    use; a decline or lapse cancels it; a termination cancels the planned instalments,
    decommits them and records the recoveries due; a close decommits what was never
    released: grants.closeout.working), and records who, when, from, to and the note.
    `by` is None only for a lapse (beat). `details`: `acceptance_days` for an offer,
    `accepted_name` and `confirmed` for an acceptance.
    """
    to = AwardStatus(to)
    now = now or timezone.now()
    today = london_today(now)
    locked = _locked_award(award)
    require_not_closed(locked)
    if to not in TRANSITIONS[AwardStatus(locked.status)]:
        raise TransitionRefused(
            _("An award that is %(from)s cannot be moved to %(to)s.")
            % {"from": locked.get_status_display().lower(), "to": to.label.lower()}
        )
    if to == AwardStatus.OFFERED:
        details.setdefault("acceptance_days", settings.GRANTS_ACCEPTANCE_DAYS)
    _CHECKS[to](locked, by, today=today, note=note, **details)
    effect = _EFFECTS.get(to)
    if effect is not None:
        effect(locked, by, now=now, today=today, note=note, **details)
    from_status = locked.status
    locked.status = to
    if to in (AwardStatus.ACCEPTED, AwardStatus.DECLINED):
        locked.answered_at = now
    locked.updated_at = now
    locked.save()
    AwardTransition.objects.create(
        award=locked, from_status=from_status, to_status=to, by=by, at=now, note=note
    )
    if to == AwardStatus.OFFERED:
        document_attach(locked, "agreement", "grants/pdf/agreement.html", agreement_context(locked))
    if to == AwardStatus.ACCEPTED:
        document_attach(
            locked,
            "accepted_agreement",
            "grants/pdf/agreement.html",
            agreement_context(locked),
            filename=f"award-{locked.pk}-accepted.pdf",
        )
        # The monitoring returns fall due from the accepted award's dates.
        returns.returns_generate(award=locked)
    award.status = locked.status
    return locked


def award_offer(*, award, by, acceptance_days=None, now=None) -> Award:
    return award_transition(
        award=award,
        to=AwardStatus.OFFERED,
        by=by,
        now=now,
        acceptance_days=acceptance_days or settings.GRANTS_ACCEPTANCE_DAYS,
    )


def award_accept(*, award, by, accepted_name, confirmed, now=None) -> Award:
    return award_transition(
        award=award,
        to=AwardStatus.ACCEPTED,
        by=by,
        now=now,
        accepted_name=accepted_name,
        confirmed=confirmed,
    )


def award_decline(*, award, by, reason="", now=None) -> Award:
    return award_transition(
        award=award,
        to=AwardStatus.DECLINED,
        by=by,
        now=now,
        note=reason.strip() or _("Declined by the provider"),
    )


def offers_lapse(*, now=None) -> int:
    """Beat: every offer whose last day has passed lapses, each in its own transaction."""
    today = london_today(now)
    lapsed = 0
    for award in Award.objects.filter(status=AwardStatus.OFFERED, lapses_on__lt=today):
        try:
            award_transition(
                award=award,
                to=AwardStatus.LAPSED,
                by=None,
                now=now,
                note=_("Not accepted by the end of %(day)s")
                % {"day": date_for_people(award.lapses_on)},
            )
        except TransitionRefused:
            continue  # answered meanwhile
        lapsed += 1
    return lapsed


def offer_reminders_send(*, now=None) -> int:
    """Beat: remind the administrators of each organisation with an offer not yet answered,
    7 days and 1 day before it lapses; each reminder once (a missed day is caught up)."""
    today = london_today(now)
    sent = 0
    horizon = today + datetime.timedelta(days=max(REMINDER_DAYS))
    awards = Award.objects.filter(
        status=AwardStatus.OFFERED, lapses_on__gte=today, lapses_on__lte=horizon
    ).select_related("organisation", "body")
    for award in awards:
        days_left = (award.lapses_on - today).days
        due = [days for days in REMINDER_DAYS if days_left <= days]
        if not due:
            continue
        days = min(due)
        administrators = OrganisationMember.objects.filter(
            organisation=award.organisation, role=MemberRole.ADMINISTRATOR, user__is_active=True
        ).select_related("user")
        context = {
            "title": award.title,
            "public_id": award.public_id,
            "body": award.body.name,
            "organisation": award.organisation.name,
            "lapses_on": date_for_people(award.lapses_on),
            "days": days,
            "url": f"{settings.SITE_URL}/grants/mine/{award.pk}/",
        }
        for member in administrators:
            if notify_once(
                f"award:{award.pk}:offer-reminder:{days}",
                member.user,
                kind=OFFER_REMINDER,
                template="grants/offer_reminder",
                context=context,
            ):
                sent += 1
    return sent


def agreement_context(award: Award) -> dict:
    """What the agreement PDF shows, already formatted (JSON-safe: the worker renders it)."""
    instalments = award.instalments.select_related("budget", "milestone").order_by("number")
    return {
        "public_id": award.public_id,
        "title": award.title,
        "body": award.body.name,
        "organisation": award.organisation.name,
        "decision": award.outcome.decision.number,
        "purpose": award.purpose,
        "conditions": award.conditions,
        "outcome_targets": award.outcome_targets,
        "crime_and_disorder": award.crime_and_disorder,
        "starts_on": date_for_people(award.starts_on),
        "ends_on": date_for_people(award.ends_on),
        "schedule": award.get_schedule_kind_display(),
        "total": format_money(sum((a.amount for a in award.amounts.all()), Decimal(0))),
        "years": [
            {"year": str(a.year), "budget": a.budget.name, "amount": format_money(a.amount)}
            for a in award.amounts.select_related("budget").order_by("year")
        ],
        "instalments": [
            {
                "number": i.number,
                "due_on": date_for_people(i.due_on),
                "kind": i.get_kind_display(),
                "milestone": i.milestone.name if i.milestone else "",
                "evidence": i.milestone.evidence if i.milestone else "",
                "amount": format_money(i.amount),
            }
            for i in instalments
        ],
        "tariffs": [
            {"outcome": t.outcome, "price": format_money(t.price)} for t in award.tariffs.all()
        ],
        "results_fixed": format_money(award.results_fixed),
        "is_results": award.schedule_kind == ScheduleKind.RESULTS,
        "lapses_on": date_for_people(award.lapses_on) if award.lapses_on else "",
        "accepted_name": award.accepted_name,
        "accepted_at": (
            timezone.localtime(award.accepted_at, LONDON).strftime("%d/%m/%Y %H:%M")
            if award.accepted_at
            else ""
        ),
        "accepted_by": award.accepted_by.email if award.accepted_by_id else "",
    }


# --- Instalments -----------------------------------------------------------------------------


def due_diligence_blocker(organisation, today) -> str | None:
    """Why the organisation's documents block a payment, or None: every required document
    current and in date (expiring soon is still in date). Read from the documents, not
    the stored status, which the nightly task may not yet have caught up."""
    rows = document_rows(organisation=organisation, today=today)
    if due_diligence_from_rows(rows) in (DueDiligence.COMPLETE, DueDiligence.EXPIRING):
        return None
    failing = [
        _("%(kind)s: %(status)s") % {"kind": row.kind.label, "status": row.status.label.lower()}
        for row in rows
        if row.required and row.status in ("missing", "out-of-date")
    ]
    return _("%(organisation)s's due-diligence documents are not all in date (%(documents)s).") % {
        "organisation": organisation.name,
        "documents": "; ".join(failing),
    }


def release_blockers(instalment: Instalment, *, today=None, award=None) -> list[str]:
    """Every condition that stops the instalment's release now, in words (empty: none)."""
    today = today or london_today()
    award = award or instalment.award
    blockers = []
    if award.status == AwardStatus.CLOSED:
        return [_("This grant is closed: nothing about it can change.")]
    if award.status == AwardStatus.TERMINATED:
        return [_("This grant was terminated: nothing more is released.")]
    if instalment.status != InstalmentStatus.PLANNED:
        if instalment.status == InstalmentStatus.CANCELLED:
            blockers.append(_("This instalment is cancelled."))
        else:
            blockers.append(_("This instalment has already been released."))
    if award.status not in IN_FORCE_STATUSES:
        blockers.append(
            _("The offer has not been accepted (the award is %(status)s).")
            % {"status": award.get_status_display().lower()}
        )
    blocker = due_diligence_blocker(award.organisation, today)
    if blocker:
        blockers.append(blocker)
    blocker = returns.previous_return_blocker(instalment)
    if blocker:
        blockers.append(blocker)
    if instalment.kind == InstalmentKind.RESULTS and instalment.status == InstalmentStatus.PLANNED:
        blockers += returns.results_blockers(instalment, returns.results_working(instalment))
    return blockers


def _locked_instalment(instalment):
    award = _locked_award(instalment.award)
    locked = Instalment.objects.select_for_update().select_related("budget").get(pk=instalment.pk)
    return award, locked


@transaction.atomic
def instalment_release(*, instalment: Instalment, by, now=None) -> Instalment:
    """A finance officer releases an instalment whose conditions hold: a ledger entry
    (released) for its amount, or for a results instalment what the outcomes in its
    period's accepted monitoring returns earned at their tariffs (at most its amount,
    grants.returns.services.results_working). Refused with every blocking condition named."""
    _require(
        rules.can_pay(by, instalment.award.body), _("Only a finance officer releases instalments.")
    )
    now = now or timezone.now()
    today = london_today(now)
    award, locked = _locked_instalment(instalment)
    blockers = release_blockers(locked, today=today, award=award)
    if blockers:
        raise ReleaseBlocked(blockers[0], blockers=blockers)
    amount = locked.amount
    recorded = {}
    if locked.kind == InstalmentKind.RESULTS:
        working = returns.results_working(locked)
        recorded, amount = working.results, working.amount
        if amount <= 0:
            raise PaymentRefused(_("The accepted outcomes of this period earn nothing."))
    ledger.payment_release(
        commitment=award.commitment,
        budget=locked.budget,
        amount=amount,
        by=by,
        effective_on=today,
        note=_("%(id)s instalment %(number)s") % {"id": award.public_id, "number": locked.number},
    )
    locked.status = InstalmentStatus.RELEASED
    locked.released_amount, locked.released_by, locked.released_at = amount, by, now
    locked.results = recorded
    locked.save()
    instalment.status = locked.status
    return locked


@transaction.atomic
def instalment_pay(
    *,
    instalment: Instalment,
    by,
    paid_on: datetime.date,
    amount: Decimal,
    remittance_reference: str,
    supplier_number: str,
    now=None,
) -> Instalment:
    """Record a released instalment's payment made in the finance system (a ledger entry:
    paid). The payment is the whole released amount; the service holds no bank details."""
    _require(
        rules.can_pay(by, instalment.award.body), _("Only a finance officer records payments.")
    )
    now = now or timezone.now()
    award, locked = _locked_instalment(instalment)
    require_not_closed(award)
    problems = []
    if award.status in ENDED_STATUSES:
        problems.append(_("This grant was terminated: nothing more is paid."))
    elif locked.status != InstalmentStatus.RELEASED:
        problems.append(
            _("Only a released instalment is paid; this one is %(status)s.")
            % {"status": locked.get_status_display().lower()}
        )
    elif amount != locked.released_amount:
        problems.append(
            _("Enter the amount released, %(amount)s: an instalment is paid in full.")
            % {"amount": format_money(locked.released_amount)}
        )
    if paid_on is None or paid_on > london_today(now):
        problems.append(_("The date paid must be today or in the past."))
    if not (remittance_reference or "").strip():
        problems.append(_("Enter the remittance reference."))
    if not (supplier_number or "").strip():
        problems.append(_("Enter the supplier number in the finance system."))
    if problems:
        raise PaymentRefused(problems[0], problems=problems)
    ledger.payment_pay(
        commitment=award.commitment,
        budget=locked.budget,
        amount=amount,
        by=by,
        effective_on=paid_on,
        note=(remittance_reference.strip())[:500],
    )
    locked.status = InstalmentStatus.PAID
    locked.paid_amount, locked.paid_on, locked.paid_by = amount, paid_on, by
    locked.paid_recorded_at = now
    locked.remittance_reference = remittance_reference.strip()
    locked.supplier_number = supplier_number.strip()
    locked.save()
    if award.status == AwardStatus.ACCEPTED:
        award_transition(
            award=award, to=AwardStatus.ACTIVE, by=by, now=now, note=_("First payment made")
        )
    instalment.status = locked.status
    return locked
