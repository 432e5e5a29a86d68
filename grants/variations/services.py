"""The variations' writes: a commissioning officer proposes a change to an accepted award
(money per budget, dates, payment schedule, outcome targets) and sends it for approval; a
decision maker approves it within their limit (an increase is reserved on the award's
commitment) or refuses it; the provider accepts the variation letter, and the variation
applies: the increase committed, decreases decommitted, the award's terms changed, its
unpaid instalments made again with `money_split` and its returns made again for new dates.
A decline, a refusal or a withdrawal changes nothing (a reservation made is cancelled).

Lock order (docs/adr/0012, 0019, 0022 and 0026): every budget the award's commitment charges
and every budget the variation names, in ascending id order (`funding.ledger.services.lock`),
then the award, then the variation. The ledger's services lock those budgets again; they
are already held, so a variation queues behind an acceptance, a release or a payment of the
same award, and two variations racing for the last pound of one budget queue behind each
other: the second sees what the first reserved and is refused.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal

import pgtrigger
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from commissioning.assessment.selectors import bids_barred_for
from core.access import financial_limit
from core.documents import document_attach
from core.london_time import LONDON, date_for_people
from core.money import PENCE, format_money, money_split
from core.working_days import london_today
from funding import services as ledger
from funding.ledger.models import Budget, ClosedYear, CommitmentLine
from funding.ledger.services import lock as ledger_lock
from grants import schedules
from grants.errors import GrantsRoleRequired
from grants.models import (
    IN_FORCE_STATUSES,
    Award,
    AwardAmount,
    Instalment,
    InstalmentStatus,
    ScheduleKind,
)
from grants.returns import services as returns
from grants.returns.models import (
    MonitoringReturn,
    OutcomeMeasure,
    ReturnSpend,
    ReturnStatus,
    ReturnTerms,
)
from grants.variations import rules
from grants.variations.errors import VariationOverLimit, VariationRefused
from grants.variations.models import (
    OPEN_STATUSES,
    VARIATION_TRANSITIONS,
    Variation,
    VariationLine,
    VariationStatus,
    VariationTarget,
    VariationTransition,
)

ZERO = Decimal("0.00")
# The schedules a variation may choose: those that make instalments from the dates alone.
PERIODIC_KINDS = (
    ScheduleKind.QUARTERLY_IN_ADVANCE.value,
    ScheduleKind.QUARTERLY_IN_ARREARS.value,
    ScheduleKind.MONTHLY.value,
)
# The award's rows a variation changes, frozen by trigger from the offer on: ignored (only
# these, only inside `_apply`) while an accepted variation is applied.
FROZEN_AWARD_TRIGGERS = (
    "grants.Award:grants_offered_award_is_frozen",
    "grants.AwardAmount:grants_awardamount_frozen",
)


def _require(allowed: bool, message=None) -> None:
    if not allowed:
        raise GrantsRoleRequired(message or _("Your role does not allow you to do this."))


@dataclass
class Changes:
    """What an officer proposes: the award's terms as they should be after the variation."""

    reason: str
    starts_on: datetime.date
    ends_on: datetime.date
    schedule_kind: str
    outcome_targets: str
    # {budget id: amount}; None or 0 takes nothing from that budget.
    amounts: Mapping[int, Decimal | None]
    # {outcome measure id: target over the award}; None or a measure left out keeps its own.
    targets: Mapping[int, int | None] = field(default_factory=dict)


def budgets_for(award: Award):
    """The budgets a variation of the award may charge: those it charges, and the body's
    budgets of years the body has not closed."""
    closed = ClosedYear.objects.filter(body_id=award.body_id).values_list("year", flat=True)
    charged = award.amounts.values_list("budget_id", flat=True)
    return (
        Budget.objects.filter(body_id=award.body_id)
        .exclude(year__in=list(closed))
        .union(Budget.objects.filter(pk__in=list(charged)))
        .order_by("year", "name")
    )


def open_variation(award: Award) -> Variation | None:
    return award.variations.filter(status__in=OPEN_STATUSES).first()


# --- The schedule and the returns after a variation ------------------------------------------


def _kept_instalments(award) -> list[Instalment]:
    """Released and paid instalments: a variation never touches them."""
    return list(award.instalments.exclude(status=InstalmentStatus.PLANNED).order_by("number"))


def _taken(item, kept) -> bool:
    """Whether a released or paid instalment of the same kind falls in the period (a
    quarter's kept instalment takes each month of it when the schedule becomes monthly).
    A milestone's instalment is its milestone's: two milestones due on one day share a
    period, and paying one must not take the other's."""
    if item.milestone is not None:
        return any(i.milestone_id == item.milestone for i in kept)
    return any(
        i.kind == item.kind
        and i.period_start <= item.period_end
        and item.period_start <= i.period_end
        for i in kept
    )


def instalments_replan(
    award: Award,
    *,
    starts_on: datetime.date,
    ends_on: datetime.date,
    kind: str,
    money: Mapping[int, tuple[object, Decimal]],
) -> list[schedules.PlannedInstalment]:
    """The unpaid instalments after a variation (VariationRefused with every problem).

    The schedule is made from the varied terms (grants.schedules); then, per budget and
    per kind of instalment (a results cap stays a results cap), what the released and paid
    instalments do not already cover is split with `money_split` over the schedule's
    periods that none of them falls in, in proportion to the schedule's own amounts (so
    part periods still weigh their days); each keeps its period, due date and kind. So the
    kept and the new instalments of each budget add up to its varied amount to the penny."""
    problems = []
    try:
        plan = schedules.instalments_plan(
            kind=kind,
            starts_on=starts_on,
            ends_on=ends_on,
            money=[
                schedules.YearMoney(budget_id=budget_id, year=budget.year, amount=amount)
                for budget_id, (budget, amount) in sorted(
                    money.items(), key=lambda item: (item[1][0].year.start_year, item[0])
                )
                if amount > 0
            ],
            milestones=[
                schedules.MilestoneDate(key=m.pk, name=m.name, due_on=m.due_on)
                for m in award.milestones.all()
            ],
            results_fixed=award.results_fixed,
            has_tariffs=award.tariffs.exists(),
        )
    except schedules.ScheduleRefused as error:
        raise VariationRefused(
            error.message, problems=list(error.extra.get("problems") or [error.message])
        ) from error
    kept = _kept_instalments(award)
    planned = []
    for budget_id in sorted(set(money) | {i.budget_id for i in kept}):
        budget = money.get(budget_id, (None, ZERO))[0]
        mine = [i for i in kept if i.budget_id == budget_id]
        slots = [item for item in plan if item.budget_id == budget_id]
        # Each kind is its own money (a results award's fixed part and its results caps):
        # what the kept instalments of a kind do not cover goes to that kind's free periods.
        for kind in dict.fromkeys([*(item.kind for item in slots), *(i.kind for i in mine)]):
            covered = sum((i.amount for i in mine if i.kind == kind), ZERO)
            rest = sum((item.amount for item in slots if item.kind == kind), ZERO) - covered
            if rest < 0:
                problems.append(
                    _(
                        "%(budget)s has %(covered)s in instalments already released or paid: "
                        "the variation cannot take it below that."
                    )
                    % {
                        "budget": budget.name if budget else budget_id,
                        "covered": format_money(covered),
                    }
                )
                break
            if rest == 0:
                continue
            # A period with a released or paid instalment keeps it and gets no other; every
            # other period gets one, before the kept ones as well as after.
            free = [item for item in slots if item.kind == kind and not _taken(item, mine)]
            if not free:
                problems.append(
                    _(
                        "No unpaid period of %(year)s is left to pay %(rest)s from %(budget)s: "
                        "move the money to a later year or change the dates."
                    )
                    % {"year": budget.year, "rest": format_money(rest), "budget": budget.name}
                )
                continue
            parts = money_split(rest, [item.amount for item in free])
            planned += [
                replace(item, amount=part) for item, part in zip(free, parts, strict=True) if part
            ]
    if problems:
        raise VariationRefused(problems[0], problems=problems)
    return sorted(planned, key=lambda item: (item.due_on, item.kind != "fixed", item.budget_id))


def _replans(award, *, starts_on, ends_on, kind, money_moves: bool) -> bool:
    """Only a change of money, dates or schedule makes the instalments again: a variation of
    the targets alone leaves every instalment as it is (a pending results instalment too)."""
    return (
        money_moves
        or (starts_on, ends_on) != (award.starts_on, award.ends_on)
        or kind != award.schedule_kind
    )


def _is_touched(monitoring_return) -> bool:
    """A return a variation never changes: submitted, returned, accepted or overdue, or still
    due with figures the provider has saved. Only a due, empty return is re-dated or goes."""
    return monitoring_return.status != ReturnStatus.DUE or monitoring_return.saved_at is not None


def _touched_returns(award) -> list[MonitoringReturn]:
    return [r for r in award.monitoring_returns.order_by("number") if _is_touched(r)]


def _returns_problems(award, starts_on, ends_on) -> list[str]:
    problems = []
    dates_move = (starts_on, ends_on) != (award.starts_on, award.ends_on)
    if not dates_move:
        return problems
    for monitoring_return in _touched_returns(award):
        if monitoring_return.period_end > ends_on or monitoring_return.period_start < starts_on:
            problems.append(
                _(
                    "Monitoring return %(number)s (%(period)s) is %(status)s: the new dates "
                    "must still cover its period."
                )
                % {
                    "number": monitoring_return.number,
                    "period": returns.period_words(monitoring_return),
                    "status": (
                        monitoring_return.get_status_display().lower()
                        if monitoring_return.status != ReturnStatus.DUE
                        else _("due with figures saved")
                    ),
                }
            )
    return problems


def _uncovered(start, end, kept) -> list[tuple[datetime.date, datetime.date]]:
    """The parts of the period [start, end] that no kept return's period covers."""
    parts = []
    for monitoring_return in sorted(kept, key=lambda r: r.period_start):
        if monitoring_return.period_end < start or monitoring_return.period_start > end:
            continue
        if monitoring_return.period_start > start:
            parts.append((start, monitoring_return.period_start - datetime.timedelta(days=1)))
        start = max(start, monitoring_return.period_end + datetime.timedelta(days=1))
    if start <= end:
        parts.append((start, end))
    return parts


def returns_regenerate(award: Award) -> None:
    """After the award's dates change (the award locked): its returns are locked, then only
    those still due and empty change. One whose period no longer exists goes, one whose
    period was cut or lengthened is re-dated, and each new period gets its return, numbered
    after the last. Every other return keeps its period (the checks made sure the new dates
    cover it); the days of a period it does not cover (a period cut short by an earlier
    variation, then lengthened again) get a return of their own."""
    terms, _created = ReturnTerms.objects.get_or_create(award=award)
    existing = list(
        MonitoringReturn.objects.select_for_update()
        .filter(award=award)
        .order_by("period_start", "pk")
    )
    kept = [r for r in existing if _is_touched(r)]
    wanted = [
        part
        for start, end in returns.return_periods(
            starts_on=award.starts_on, ends_on=award.ends_on, months=terms.period_months
        )
        for part in _uncovered(start, end, kept)
    ]
    starts = {start for start, _end in wanted}
    editable = {r.period_start: r for r in existing if not _is_touched(r)}
    gone = [r.pk for start, r in editable.items() if start not in starts]
    MonitoringReturn.objects.filter(pk__in=gone).delete()
    number = max((r.number for r in existing if r.pk not in gone), default=0)
    for start, end in wanted:
        current = editable.get(start)
        if current is not None:
            if current.period_end != end:
                current.period_end = end
                current.due_on = returns.due_on_for(end, due_days=terms.due_days)
                current.save(update_fields=["period_end", "due_on"])
            continue
        number += 1
        MonitoringReturn.objects.create(
            award=award,
            number=number,
            period_start=start,
            period_end=end,
            due_on=returns.due_on_for(end, due_days=terms.due_days),
        )


# --- Proposing --------------------------------------------------------------------------------


def _targets_checked(award, changes, problems) -> dict:
    """{measure id: (measure, target before, target)} of the measures whose target changes."""
    measures = {m.pk: m for m in award.outcome_measures.all()}
    changed = {}
    for measure_id, target in changes.targets.items():
        measure = measures.get(measure_id)
        if measure is None:
            problems.append(_("Give targets only for this grant's outcome measures."))
        elif target is not None and target < 0:
            problems.append(_("Enter targets of 0 or more."))
        elif target is not None and target != measure.target:
            changed[measure_id] = (measure, measure.target, target)
    return changed


def _checked(award: Award, changes: Changes) -> tuple[dict, dict, dict]:
    """(the cleaned text and dates, {budget id: (budget, was, amount)}, {measure id:
    (measure, was, target)}), or VariationRefused with every problem."""
    problems = []
    reason = (changes.reason or "").strip()
    targets = (changes.outcome_targets or "").strip()
    if not reason:
        problems.append(_("Enter the reason for the variation."))
    if changes.starts_on is None or changes.ends_on is None:
        problems.append(_("Enter the start and end dates."))
    elif changes.ends_on < changes.starts_on:
        problems.append(_("The end date must be on or after the start date."))
    was = {a.budget_id: a for a in award.amounts.select_related("budget")}
    allowed = {b.pk: b for b in budgets_for(award)}
    # A budget the changes leave out keeps its amount; one they give no amount (None) loses it.
    lines = {budget_id: (a.budget, a.amount, a.amount) for budget_id, a in was.items()}
    for budget_id, amount in changes.amounts.items():
        amount = amount or ZERO
        budget = allowed.get(budget_id)
        if budget is None:
            if amount:
                problems.append(_("Choose a budget of the body in a year it has not closed."))
            continue
        if amount < 0 or amount.quantize(PENCE) != amount:
            problems.append(_("Enter amounts in pounds and pence, £0 or more."))
            continue
        before = was[budget_id].amount if budget_id in was else ZERO
        lines[budget_id] = (budget, before, amount)
    total = sum((amount for _b, _w, amount in lines.values()), ZERO)
    if total <= 0 and not problems:
        problems.append(_("A grant keeps some money: enter at least one amount."))
    kind = changes.schedule_kind or award.schedule_kind
    money_moves = any(before != amount for _b, before, amount in lines.values())
    dates_move = (changes.starts_on, changes.ends_on) != (award.starts_on, award.ends_on)
    if kind != award.schedule_kind and (
        kind not in PERIODIC_KINDS or award.schedule_kind not in PERIODIC_KINDS
    ):
        problems.append(
            _("A variation changes the schedule only between quarterly and monthly payments.")
        )
    if award.schedule_kind == ScheduleKind.RESULTS and (
        money_moves or dates_move or kind != award.schedule_kind
    ):
        problems.append(
            _(
                "A payment-by-results award's money, dates and schedule are priced by its "
                "tariffs: a variation may change only its outcome targets."
            )
        )
    measure_targets = _targets_checked(award, changes, problems)
    if not (
        money_moves
        or dates_move
        or kind != award.schedule_kind
        or targets != award.outcome_targets
        or measure_targets
    ):
        problems.append(_("The variation changes nothing: change the money, dates or targets."))
    start_moves = changes.starts_on and changes.starts_on != award.starts_on
    if start_moves and (_kept_instalments(award) or _touched_returns(award)):
        problems.append(
            _(
                "The start date cannot move once an instalment has been released or a "
                "monitoring return filled in."
            )
        )
    removed = [
        budget_id for budget_id, (_b, before, amount) in lines.items() if before > 0 and amount == 0
    ]
    if ReturnSpend.objects.filter(line__award=award, line__budget_id__in=removed).exists():
        problems.append(
            _("A monitoring return reports spend from a budget the variation takes away.")
        )
    replans = _replans(
        award,
        starts_on=changes.starts_on,
        ends_on=changes.ends_on,
        kind=kind,
        money_moves=money_moves,
    )
    if not problems:
        problems += _returns_problems(award, changes.starts_on, changes.ends_on)
    if not problems and replans:
        try:
            instalments_replan(
                award,
                starts_on=changes.starts_on,
                ends_on=changes.ends_on,
                kind=kind,
                money={b: (budget, amount) for b, (budget, _w, amount) in lines.items()},
            )
        except VariationRefused as error:
            problems += error.extra["problems"]
    if problems:
        raise VariationRefused(problems[0], problems=problems)
    cleaned = {
        "reason": reason,
        "starts_on": changes.starts_on,
        "ends_on": changes.ends_on,
        "schedule_kind": kind,
        "outcome_targets": targets,
    }
    return cleaned, lines, measure_targets


def _targets_replace(variation, targets) -> None:
    VariationTarget.objects.filter(variation=variation).delete()
    VariationTarget.objects.bulk_create(
        [
            VariationTarget(variation=variation, measure=measure, was_target=was, target=target)
            for measure, was, target in targets.values()
        ]
    )


def _lines_replace(variation, lines) -> None:
    VariationLine.objects.filter(variation=variation).delete()
    VariationLine.objects.bulk_create(
        [
            VariationLine(
                variation=variation,
                budget=budget,
                year=budget.year,
                was_amount=before,
                amount=amount,
            )
            for budget, before, amount in lines.values()
            if before or amount
        ]
    )


def _require_in_force(award) -> None:
    if award.status not in IN_FORCE_STATUSES:
        raise VariationRefused(
            _("Only an accepted grant is varied; this one is %(status)s.")
            % {"status": award.get_status_display().lower()}
        )


@transaction.atomic
def variation_propose(*, award: Award, by, changes: Changes, now=None) -> Variation:
    """A draft variation of an accepted award, numbered V1, V2... per award."""
    _require(rules.can_propose(by, award.body))
    now = now or timezone.now()
    # The award's row is the lock that keeps one variation open at a time (and the numbers
    # without gaps): two officers proposing at once queue here.
    locked = Award.objects.select_for_update().get(pk=award.pk)
    _require_in_force(locked)
    current = open_variation(locked)
    if current is not None:
        raise VariationRefused(
            _("Variation %(ref)s of this grant is still open: finish or withdraw it first.")
            % {"ref": current.reference}
        )
    cleaned, lines, targets = _checked(locked, changes)
    number = (locked.variations.aggregate(highest=Max("number"))["highest"] or 0) + 1
    variation = Variation.objects.create(
        award=locked,
        number=number,
        proposed_by=by,
        created_at=now,
        updated_at=now,
        was_starts_on=locked.starts_on,
        was_ends_on=locked.ends_on,
        was_schedule_kind=locked.schedule_kind,
        was_outcome_targets=locked.outcome_targets,
        **cleaned,
    )
    _lines_replace(variation, lines)
    _targets_replace(variation, targets)
    VariationTransition.objects.create(
        variation=variation, to_status=VariationStatus.DRAFT, by=by, at=now
    )
    return variation


@transaction.atomic
def variation_edit(*, variation: Variation, by, changes: Changes, now=None) -> Variation:
    """Change a draft variation (the award's terms may have moved since: read again)."""
    award = variation.award
    _require(rules.can_propose(by, award.body))
    locked_award = Award.objects.select_for_update().get(pk=award.pk)
    locked = Variation.objects.select_for_update().get(pk=variation.pk)
    if locked.status != VariationStatus.DRAFT:
        raise VariationRefused(_("Only a draft variation can change."))
    _require_in_force(locked_award)
    cleaned, lines, targets = _checked(locked_award, changes)
    for name, value in cleaned.items():
        setattr(locked, name, value)
    locked.was_starts_on, locked.was_ends_on = locked_award.starts_on, locked_award.ends_on
    locked.was_schedule_kind = locked_award.schedule_kind
    locked.was_outcome_targets = locked_award.outcome_targets
    locked.updated_at = now or timezone.now()
    locked.save()
    _lines_replace(locked, lines)
    _targets_replace(locked, targets)
    return locked


# --- The lifecycle -----------------------------------------------------------------------------


def _lines(variation) -> list[VariationLine]:
    return list(variation.lines.select_related("budget").order_by("year", "budget_id"))


def _changes_of(variation) -> Changes:
    return Changes(
        reason=variation.reason,
        starts_on=variation.starts_on,
        ends_on=variation.ends_on,
        schedule_kind=variation.schedule_kind,
        outcome_targets=variation.outcome_targets,
        amounts={line.budget_id: line.amount for line in _lines(variation)},
        targets={t.measure_id: t.target for t in variation.targets.all()},
    )


def _still_valid(variation, award) -> None:
    """The award may have moved since the proposal (a payment, a return): check again."""
    targets = dict(award.outcome_measures.values_list("pk", "target"))
    if (
        (variation.was_starts_on, variation.was_ends_on) != (award.starts_on, award.ends_on)
        or {line.budget_id: line.was_amount for line in _lines(variation) if line.was_amount}
        != dict(award.amounts.values_list("budget_id", "amount"))
        or any(targets.get(t.measure_id) != t.was_target for t in variation.targets.all())
    ):
        raise VariationRefused(
            _(
                "The grant has changed since this variation was proposed: withdraw it and "
                "propose it again."
            )
        )
    try:
        _checked(award, _changes_of(variation))
    except VariationRefused as error:
        problems = [p for p in error.extra.get("problems", []) if p]
        raise VariationRefused(problems[0], problems=problems) from error


def _check_submit(variation, award, by, **_extra):
    _require(rules.can_propose(by, award.body))
    _still_valid(variation, award)


def _check_withdraw(variation, award, by, **_extra):
    _require(rules.can_propose(by, award.body))


def _check_decide(variation, award, by, **_extra):
    _require(rules.can_decide(by, award.body), _("Only a decision maker approves or refuses this."))
    barred = bids_barred_for(by, [award.outcome.bid_id])
    if barred:
        raise VariationRefused(
            _(
                "You assessed or moderated bid %(ref)s, or declared a conflict on it, so you "
                "may not decide on a variation of its grant."
            )
            % {"ref": award.outcome.bid.reference}
        )


def _check_approve(variation, award, by, **extra):
    _check_decide(variation, award, by, **extra)
    _still_valid(variation, award)
    total = sum((line.amount for line in _lines(variation)), ZERO)
    limit = financial_limit(by, award.body)
    if limit is not None and total > limit:
        raise VariationOverLimit(
            _(
                "The grant as varied is %(total)s, more than your limit of %(limit)s. "
                "A decision maker with a higher limit must approve it."
            )
            % {"total": format_money(total), "limit": format_money(limit)},
            total=total,
            limit=limit,
        )


def _check_refuse(variation, award, by, *, note="", **extra):
    _check_decide(variation, award, by, **extra)
    if not note.strip():
        raise VariationRefused(_("Say why the variation is refused."))


def _check_answer(variation, award, by, **_extra):
    _require(
        rules.can_answer(by, award.organisation),
        _("Only an administrator of %(organisation)s may answer this variation.")
        % {"organisation": award.organisation.name},
    )


def _check_accept(variation, award, by, *, accepted_name="", confirmed=False, **extra):
    _check_answer(variation, award, by, **extra)
    problems = []
    if not (accepted_name or "").strip():
        problems.append(_("Type your full name to accept the variation."))
    if not confirmed:
        problems.append(
            _("Confirm that you accept the variation on behalf of %(organisation)s.")
            % {"organisation": award.organisation.name}
        )
    if problems:
        raise VariationRefused(problems[0], problems=problems)
    _still_valid(variation, award)


_CHECKS = {
    VariationStatus.AWAITING_APPROVAL: _check_submit,
    VariationStatus.WITHDRAWN: _check_withdraw,
    VariationStatus.APPROVED: _check_approve,
    VariationStatus.REFUSED: _check_refuse,
    VariationStatus.APPLIED: _check_accept,
    VariationStatus.DECLINED: _check_answer,
}


def _note(variation, award) -> str:
    return _("%(id)s variation %(ref)s") % {"id": award.public_id, "ref": variation.reference}


def _reserve_increase(variation, award, by, *, today, **_extra):
    """Approval: each budget's increase reserved on the award's commitment, all or none
    (BudgetExceeded, RingFenced, YearClosed... name the budget and its figures)."""
    parts = [
        ledger.BudgetAmount(line.budget, line.change)
        for line in _lines(variation)
        if line.change > 0
    ]
    if parts:
        ledger.reservation_add(
            commitment=award.commitment,
            parts=parts,
            by=by,
            effective_on=today,
            note=_note(variation, award),
        )


def _cancel_reservation(variation, award, by, *, today, **_extra):
    if CommitmentLine.objects.filter(commitment_id=award.commitment_id, reserved__gt=0).exists():
        ledger.reservation_cancel(
            commitment=award.commitment, by=by, effective_on=today, note=_note(variation, award)
        )


def _varied_instalments(variation, award, lines) -> tuple[bool, list]:
    """(whether the variation makes the unpaid instalments again, those instalments after
    it: planned anew, or the award's own when it changes neither money, dates nor schedule)."""
    replans = _replans(
        award,
        starts_on=variation.starts_on,
        ends_on=variation.ends_on,
        kind=variation.schedule_kind,
        money_moves=any(line.change for line in lines),
    )
    if not replans:
        return False, list(
            award.instalments.filter(status=InstalmentStatus.PLANNED).order_by("due_on", "number")
        )
    planned = instalments_replan(
        award,
        starts_on=variation.starts_on,
        ends_on=variation.ends_on,
        kind=variation.schedule_kind,
        money={line.budget_id: (line.budget, line.amount) for line in lines},
    )
    return True, planned


def _apply(variation, award, by, *, now, today, accepted_name="", **_extra):
    """The provider accepted: the money, the terms, the instalments and the returns."""
    lines = _lines(variation)
    note = _note(variation, award)
    if any(line.change > 0 for line in lines):
        ledger.reservation_commit(commitment=award.commitment, by=by, effective_on=today)
    for line in lines:
        if line.change < 0:
            ledger.commitment_decommit(
                commitment=award.commitment,
                budget=line.budget,
                amount=-line.change,
                by=by,
                effective_on=today,
                note=note,
            )
    replans, planned = _varied_instalments(variation, award, lines)
    dates_move = (variation.starts_on, variation.ends_on) != (award.starts_on, award.ends_on)
    amounts = {a.budget_id: a for a in award.amounts.all()}
    with pgtrigger.ignore(*FROZEN_AWARD_TRIGGERS):
        award.starts_on, award.ends_on = variation.starts_on, variation.ends_on
        award.schedule_kind = variation.schedule_kind
        award.outcome_targets = variation.outcome_targets
        award.updated_at = now
        award.save()
        for line in lines:
            current = amounts.get(line.budget_id)
            if line.amount == 0:
                if current is not None:
                    current.delete()
            elif current is None:
                AwardAmount.objects.create(
                    award=award, budget=line.budget, year=line.year, amount=line.amount
                )
            elif current.amount != line.amount:
                current.amount = line.amount
                current.save(update_fields=["amount"])
    _measures_apply(variation, award)
    if replans:
        _instalments_replace(award, planned)
    if dates_move:
        returns_regenerate(award)
    variation.accepted_name = accepted_name.strip()[:200]
    variation.accepted_by, variation.accepted_at = by, now


def _measures_apply(variation, award) -> None:
    """The new targets the provider's returns count against. The measures are locked after
    the award (the lock order's award's children)."""
    targets = list(variation.targets.all())
    if not targets:
        return
    measures = {m.pk: m for m in OutcomeMeasure.objects.select_for_update().filter(award=award)}
    for target in targets:
        measure = measures[target.measure_id]
        measure.target = target.target
        measure.save(update_fields=["target"])


def _instalments_replace(award, planned) -> None:
    award.instalments.filter(status=InstalmentStatus.PLANNED).delete()
    number = award.instalments.aggregate(highest=Max("number"))["highest"] or 0
    Instalment.objects.bulk_create(
        [
            Instalment(
                award=award,
                budget_id=item.budget_id,
                year=item.year,
                number=number + offset,
                kind=item.kind,
                milestone_id=item.milestone,
                period_start=item.period_start,
                period_end=item.period_end,
                due_on=item.due_on,
                amount=item.amount,
            )
            for offset, item in enumerate(planned, start=1)
        ]
    )


_EFFECTS = {
    VariationStatus.APPROVED: _reserve_increase,
    VariationStatus.APPLIED: _apply,
    VariationStatus.DECLINED: _cancel_reservation,
    VariationStatus.WITHDRAWN: _cancel_reservation,
}


def _locked(variation) -> tuple[Variation, Award]:
    """Lock the budgets of the award's commitment and of the variation (id order), then the
    award, then the variation: the module's lock order."""
    award_id = variation.award_id
    award = Award.objects.only("commitment_id").get(pk=award_id)
    budget_ids = set(
        CommitmentLine.objects.filter(commitment_id=award.commitment_id).values_list(
            "budget_id", flat=True
        )
    ) | set(VariationLine.objects.filter(variation=variation).values_list("budget_id", flat=True))
    ledger_lock(budget_ids=budget_ids)
    award = (
        Award.objects.select_for_update(of=("self",))
        .select_related("organisation", "body", "commitment", "outcome__bid")
        .get(pk=award_id)
    )
    locked = Variation.objects.select_for_update().get(pk=variation.pk)
    return locked, award


@transaction.atomic
def variation_transition(*, variation: Variation, to, by, note="", now=None, **details):
    """Move `variation` to status `to`, or raise an ApplicationError saying why not.

    The one way a variation's status changes: it takes the module's locks, checks
    `VARIATION_TRANSITIONS` and the rules of the move, makes its effects (approval reserves
    the increase; acceptance applies the variation; a decline or withdrawal cancels what was
    reserved) and records who, when, from, to and the note. `details`: `accepted_name` and
    `confirmed` for an acceptance."""
    to = VariationStatus(to)
    now = now or timezone.now()
    today = london_today(now)
    locked, award = _locked(variation)
    if to not in VARIATION_TRANSITIONS[VariationStatus(locked.status)]:
        raise VariationRefused(
            _("A variation that is %(from)s cannot be moved to %(to)s.")
            % {"from": locked.get_status_display().lower(), "to": to.label.lower()}
        )
    if to != VariationStatus.WITHDRAWN:
        _require_in_force(award)
    _CHECKS[to](locked, award, by, note=note, **details)
    effect = _EFFECTS.get(to)
    if effect is not None:
        effect(locked, award, by, now=now, today=today, **details)
    from_status = locked.status
    locked.status = to
    if to in (VariationStatus.APPROVED, VariationStatus.REFUSED):
        locked.decided_by, locked.decided_at = by, now
    locked.updated_at = now
    locked.save()
    VariationTransition.objects.create(
        variation=locked, from_status=from_status, to_status=to, by=by, at=now, note=note
    )
    if to == VariationStatus.APPROVED:
        document_attach(
            locked,
            "letter",
            "grants/pdf/variation_letter.html",
            letter_context(locked, award),
            filename=f"award-{award.pk}-variation-{locked.number}.pdf",
        )
    variation.status = locked.status
    return locked


def variation_submit(*, variation, by, now=None):
    return variation_transition(
        variation=variation, to=VariationStatus.AWAITING_APPROVAL, by=by, now=now
    )


def variation_withdraw(*, variation, by, reason="", now=None):
    return variation_transition(
        variation=variation,
        to=VariationStatus.WITHDRAWN,
        by=by,
        now=now,
        note=reason.strip() or _("Withdrawn by the office"),
    )


def variation_approve(*, variation, by, note="", now=None):
    return variation_transition(
        variation=variation, to=VariationStatus.APPROVED, by=by, note=note, now=now
    )


def variation_refuse(*, variation, by, note, now=None):
    return variation_transition(
        variation=variation, to=VariationStatus.REFUSED, by=by, note=note, now=now
    )


def variation_accept(*, variation, by, accepted_name, confirmed, now=None):
    return variation_transition(
        variation=variation,
        to=VariationStatus.APPLIED,
        by=by,
        now=now,
        accepted_name=accepted_name,
        confirmed=confirmed,
    )


def variation_decline(*, variation, by, reason="", now=None):
    return variation_transition(
        variation=variation,
        to=VariationStatus.DECLINED,
        by=by,
        now=now,
        note=reason.strip() or _("Declined by the provider"),
    )


# --- The letter ---------------------------------------------------------------------------------


def letter_context(variation: Variation, award: Award) -> dict:
    """What the variation letter shows, already formatted (JSON-safe: the worker renders it):
    the terms before and after, the money per budget and the schedule as it will be."""
    lines = _lines(variation)
    _changed, planned = _varied_instalments(variation, award, lines)
    kept = _kept_instalments(award)
    kinds = dict(ScheduleKind.choices)
    return {
        "public_id": award.public_id,
        "reference": variation.reference,
        "title": award.title,
        "body": award.body.name,
        "organisation": award.organisation.name,
        "reason": variation.reason,
        "was_period": _("%(start)s to %(end)s")
        % {
            "start": date_for_people(variation.was_starts_on),
            "end": date_for_people(variation.was_ends_on),
        },
        "period": _("%(start)s to %(end)s")
        % {
            "start": date_for_people(variation.starts_on),
            "end": date_for_people(variation.ends_on),
        },
        "was_schedule": str(kinds.get(variation.was_schedule_kind, variation.was_schedule_kind)),
        "schedule": str(kinds.get(variation.schedule_kind, variation.schedule_kind)),
        "was_outcome_targets": variation.was_outcome_targets,
        "outcome_targets": variation.outcome_targets,
        "targets": [
            {"measure": t.measure.name, "was": t.was_target, "target": t.target}
            for t in variation.target_rows()
        ],
        "lines": [
            {
                "year": str(line.year),
                "budget": line.budget.name,
                "was": format_money(line.was_amount),
                "amount": format_money(line.amount),
                "change": format_money(line.change),
            }
            for line in lines
        ],
        "was_total": format_money(sum((line.was_amount for line in lines), ZERO)),
        "total": format_money(sum((line.amount for line in lines), ZERO)),
        "kept": [
            {
                "number": i.number,
                "due_on": date_for_people(i.due_on),
                "status": str(i.get_status_display()),
                "amount": format_money(i.amount),
            }
            for i in kept
        ],
        "instalments": [
            {"due_on": date_for_people(item.due_on), "amount": format_money(item.amount)}
            for item in planned
        ],
        "decided_by": variation.decided_by.email if variation.decided_by_id else "",
        "decided_at": (
            timezone.localtime(variation.decided_at, LONDON).strftime("%d/%m/%Y %H:%M")
            if variation.decided_at
            else ""
        ),
    }
