"""The one ledger: every movement of money on a budget is written here.

Commissioning and grants call these functions; the ledger calls neither. What caused a
movement is passed as `cause` (any model instance: stored as its content type and id) or
`cause_key` (a string such as "decision:2026/017").

The ledger checks money, not people: a decision's approval or a provider's acceptance is
checked by the app that calls it. The functions for what finance officers record by hand
(`commitment_record`, `payment_record`) and virements check the person's role.

Each function runs in one transaction, locks what it changes (see `lock`), checks the
figures with the rows locked and raises `BudgetExceeded`, `RingFenced`,
`CommitmentExceeded`... with the figures, leaving nothing half-made. Behind the services,
the database's check constraints refuse an overspend from any code that forgot the lock.
"""

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.access import financial_limit, has_role
from core.financial_years import FinancialYear
from core.models import Role
from core.money import PENCE, format_money
from funding.ledger.errors import (
    BudgetExceeded,
    CommitmentExceeded,
    DecisionLimitExceeded,
    LedgerRefused,
    RingFenced,
    RoleRequired,
    YearClosed,
)
from funding.ledger.models import (
    EFFECTS,
    FIGURES,
    Budget,
    ClosedYear,
    Commitment,
    CommitmentLine,
    EntryKind,
    FundingSettings,
    LedgerEntry,
    Virement,
    VirementStatus,
)
from funding.models import Allocation


class BudgetAmount(NamedTuple):
    """One budget's share of a commitment."""

    budget: Budget
    amount: Decimal


# --- Locks and checks -----------------------------------------------------------------------


def lock(*, allocation_ids: Iterable[int] = (), budget_ids: Iterable[int] = ()):
    """Lock allocation rows, then budget rows, each in ascending id order; return the budgets
    (fresh from the database) by id.

    Why this order: two transactions that lock the same rows in different orders can each
    hold a row the other waits for, a deadlock PostgreSQL breaks by failing one of them. So
    every service takes locks in one order. Allocations come before budgets because an
    allocation feeds several budgets: the services that touch an allocation (a funding line)
    touch its budget too, and the budget-only services never come back for an allocation.
    Within each table, lowest id first (ORDER BY makes PostgreSQL lock rows in that order),
    so a virement from A to B and one from B to A queue rather than deadlock. Commitment
    lines need no lock of their own: every entry on a line changes its budget, so the budget
    lock already serialises them.
    """
    allocation_ids = sorted(set(allocation_ids))
    if allocation_ids:
        list(
            Allocation.objects.select_for_update()
            .filter(pk__in=allocation_ids)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    budget_ids = sorted(set(budget_ids))
    budgets = Budget.objects.select_for_update().filter(pk__in=budget_ids).order_by("pk")
    return {budget.pk: budget for budget in budgets}


def checked_amount(value) -> Decimal:
    if not isinstance(value, Decimal):
        raise TypeError(f"an amount must be a Decimal, not {type(value).__name__}")
    if value <= 0:
        raise LedgerRefused(_("Enter an amount more than £0.00."), amount=value)
    if value.quantize(PENCE) != value:
        raise LedgerRefused(_("Enter an amount in pounds and pence."), amount=value)
    return value


def _today(effective_on):
    return effective_on or timezone.localdate()


def _exceeded(budget: Budget, requested: Decimal) -> BudgetExceeded:
    return BudgetExceeded(
        _("%(budget)s has %(remaining)s left, less than the %(requested)s asked for.")
        % {
            "budget": budget.name,
            "remaining": format_money(budget.remaining),
            "requested": format_money(requested),
        },
        budget=budget,
        requested=requested,
        remaining=budget.remaining,
        available=budget.available,
        reserved=budget.reserved,
        committed=budget.committed,
    )


def _require_remaining(budget: Budget, amount: Decimal) -> None:
    if budget.remaining < amount:
        raise _exceeded(budget, amount)


def require_role(by, body, *roles, message=None) -> None:
    if by is None or not has_role(by, body, *roles):
        raise RoleRequired(message or _("Your role does not allow you to do this."))


def _check_purpose(budget: Budget, purpose) -> None:
    stream = budget.ring_fenced_stream
    if stream is not None and not stream.purposes.filter(pk=purpose.pk).exists():
        raise RingFenced(
            _("%(budget)s is ring-fenced to %(stream)s, which may not pay for %(purpose)s.")
            % {"budget": budget.name, "stream": stream.name, "purpose": purpose.name},
            budget=budget,
            purpose=purpose,
        )


def require_open_year(budget: Budget, effective_on) -> None:
    """Refuse an entry dated in a year the budget's body has closed (`YearClosed`)."""
    year = FinancialYear.containing(effective_on)
    if ClosedYear.objects.filter(body_id=budget.body_id, year=year).exists():
        raise YearClosed(
            _("%(year)s is closed: only a decision maker's year-end adjustment may be dated in it.")
            % {"year": year},
            year=year,
        )


# What a closed year's budget still takes, whatever the date: its commitments run on, are
# paid, given back or recovered. New money in or out, and new reservations, are refused.
SETTLING_KINDS = frozenset(
    {
        EntryKind.RESERVATION_CANCELLED,
        EntryKind.COMMITTED_FROM_RESERVATION,
        EntryKind.DECOMMITTED,
        EntryKind.RELEASED,
        EntryKind.PAID,
        EntryKind.RECOVERED,
    }
)


def require_open_budget(budget: Budget, kind: str) -> None:
    """Refuse new money or reservations on a budget of a closed year (`YearClosed`), even
    dated after the close: what is left on it leaves by the year end's sweep."""
    if kind in SETTLING_KINDS:
        return
    if ClosedYear.objects.filter(body_id=budget.body_id, year=budget.year).exists():
        raise YearClosed(
            _("%(year)s is closed: its budgets take no new money or reservations.")
            % {"year": budget.year},
            year=budget.year,
        )


def post(budget: Budget, kind: str, amount: Decimal, *, by=None, effective_on=None, **links):
    """Write one entry. The database trigger adds it to the budget's figures (and its line's);
    the caller holds the budget's lock and has checked the figures.

    An entry dated in a closed year is refused (`YearClosed`) unless it is the year end's own
    (`year_end=`) or a decision maker's adjustment (`adjustment=`); the database refuses it
    too."""
    effective_on = _today(effective_on)
    if links.get("year_end") is None and links.get("adjustment") is None:
        require_open_year(budget, effective_on)
        require_open_budget(budget, kind)
    deltas = {f"{figure}_delta": amount * EFFECTS[kind].get(figure, 0) for figure in FIGURES}
    return LedgerEntry.objects.create(
        budget=budget,
        kind=kind,
        amount=amount,
        effective_on=effective_on,
        recorded_by=by,
        **deltas,
        **links,
    )


# --- Reservations and commitments -----------------------------------------------------------


def _parts(body, parts: Sequence[BudgetAmount]) -> list[BudgetAmount]:
    if not parts:
        raise LedgerRefused(_("Say which budget or budgets the money comes from."))
    seen = set()
    checked = []
    for budget, amount in parts:
        if budget.body_id != body.pk:
            raise LedgerRefused(_("A budget of another body cannot pay for this."))
        if budget.pk in seen:
            raise LedgerRefused(_("Name each budget once."))
        seen.add(budget.pk)
        checked.append(BudgetAmount(budget, checked_amount(amount)))
    return checked


def _cause_fields(cause, cause_key: str) -> dict:
    if cause is None:
        return {"cause_key": cause_key}
    return {
        "cause_type": ContentType.objects.get_for_model(cause),
        "cause_id": cause.pk,
        "cause_key": cause_key,
    }


def _new_commitment(
    *, body, by, parts, payee, purpose, description, cause, cause_key, kind, hand, effective_on
) -> Commitment:
    parts = _parts(body, parts)
    budgets = lock(budget_ids=[part.budget.pk for part in parts])
    for part in parts:
        budget = budgets[part.budget.pk]
        _check_purpose(budget, purpose)
        _require_remaining(budget, part.amount)
    commitment = Commitment.objects.create(
        body=body,
        payee=payee,
        purpose=purpose,
        description=description,
        recorded_by_hand=hand,
        created_by=by,
        **_cause_fields(cause, cause_key),
    )
    for part in parts:
        line = CommitmentLine.objects.create(commitment=commitment, budget_id=part.budget.pk)
        post(
            budgets[part.budget.pk],
            kind,
            part.amount,
            by=by,
            effective_on=effective_on,
            commitment_line=line,
            note=payee[:500],
        )
    return commitment


@transaction.atomic
def reserve(
    *,
    body,
    parts: Sequence[BudgetAmount],
    payee: str,
    purpose,
    by=None,
    description="",
    cause=None,
    cause_key="",
    effective_on=None,
) -> Commitment:
    """A decision reserves money: each part from its budget, all or none."""
    return _new_commitment(
        body=body,
        by=by,
        parts=parts,
        payee=payee,
        purpose=purpose,
        description=description,
        cause=cause,
        cause_key=cause_key,
        kind=EntryKind.RESERVED,
        hand=False,
        effective_on=effective_on,
    )


@transaction.atomic
def commitment_record(
    *,
    body,
    by,
    parts: Sequence[BudgetAmount],
    payee: str,
    purpose,
    description="",
    cause_key="",
    effective_on=None,
) -> Commitment:
    """A finance officer records a commitment agreed outside the system."""
    require_role(
        by, body, Role.FINANCE_OFFICER, message=_("Only a finance officer records commitments.")
    )
    return _new_commitment(
        body=body,
        by=by,
        parts=parts,
        payee=payee,
        purpose=purpose,
        description=description,
        cause=None,
        cause_key=cause_key,
        kind=EntryKind.COMMITTED,
        hand=True,
        effective_on=effective_on,
    )


def _locked_lines(commitment: Commitment, budget_ids=None):
    """Lock the commitment's budgets (id order), then read its lines fresh."""
    lines = CommitmentLine.objects.filter(commitment=commitment)
    if budget_ids is not None:
        lines = lines.filter(budget_id__in=budget_ids)
    budgets = lock(budget_ids=lines.values_list("budget_id", flat=True))
    fresh = list(lines.order_by("budget_id"))
    for line in fresh:
        line.budget = budgets[line.budget_id]
    return fresh


@transaction.atomic
def reservation_commit(*, commitment: Commitment, by=None, effective_on=None) -> Commitment:
    """An award accepted: everything still reserved becomes committed."""
    lines = [line for line in _locked_lines(commitment) if line.reserved > 0]
    if not lines:
        raise LedgerRefused(_("Nothing is reserved for this to commit."))
    for line in lines:
        post(
            line.budget,
            EntryKind.COMMITTED_FROM_RESERVATION,
            line.reserved,
            by=by,
            effective_on=effective_on,
            commitment_line=line,
        )
    return commitment


@transaction.atomic
def reservation_cancel(*, commitment: Commitment, by=None, effective_on=None, note="") -> None:
    """An offer declined or lapsed: what is still reserved goes back to the budgets."""
    lines = [line for line in _locked_lines(commitment) if line.reserved > 0]
    if not lines:
        raise LedgerRefused(_("Nothing is reserved for this to cancel."))
    for line in lines:
        post(
            line.budget,
            EntryKind.RESERVATION_CANCELLED,
            line.reserved,
            by=by,
            effective_on=effective_on,
            commitment_line=line,
            note=note[:500],
        )


@transaction.atomic
def reservation_add(
    *, commitment: Commitment, parts: Sequence[BudgetAmount], by=None, effective_on=None, note=""
) -> Commitment:
    """Reserve more on an existing commitment (a variation up, or money moved to another
    budget or year): each part on the commitment's line for its budget, a new line for a
    budget it did not charge yet; all or none, under the never-overspend rule.

    Lock order: every budget the commitment already charges and every new one, together, in
    ascending id order (`lock`), so this queues behind (and never crosses) an acceptance, a
    release or another reservation on any of them. A caller that must lock more (an award)
    locks the same budgets first itself."""
    parts = _parts(commitment.body, parts)
    existing = set(
        CommitmentLine.objects.filter(commitment=commitment).values_list("budget_id", flat=True)
    )
    budgets = lock(budget_ids=existing | {part.budget.pk for part in parts})
    for part in parts:
        budget = budgets[part.budget.pk]
        _check_purpose(budget, commitment.purpose)
        require_open_budget(budget, EntryKind.RESERVED)
        _require_remaining(budget, part.amount)
    for part in parts:
        line, _created = CommitmentLine.objects.get_or_create(
            commitment=commitment, budget_id=part.budget.pk
        )
        post(
            budgets[part.budget.pk],
            EntryKind.RESERVED,
            part.amount,
            by=by,
            effective_on=effective_on,
            commitment_line=line,
            note=(note or commitment.payee)[:500],
        )
    return commitment


def _line(commitment, budget) -> CommitmentLine:
    lines = _locked_lines(commitment, budget_ids=[budget.pk])
    if not lines:
        raise LedgerRefused(_("This commitment has nothing on %(budget)s.") % {"budget": budget})
    return lines[0]


def _commitment_exceeded(message, line, amount, limit) -> CommitmentExceeded:
    return CommitmentExceeded(
        message % {"amount": format_money(amount), "limit": format_money(limit)},
        line=line,
        requested=amount,
        limit=limit,
    )


def _release(line, amount, by, effective_on, note):
    unreleased = line.committed - line.released
    if amount > unreleased:
        raise _commitment_exceeded(
            _(
                "Only %(limit)s of this commitment is committed and not yet released; "
                "%(amount)s cannot be released."
            ),
            line,
            amount,
            unreleased,
        )
    post(
        line.budget,
        EntryKind.RELEASED,
        amount,
        by=by,
        effective_on=effective_on,
        commitment_line=line,
        note=note,
    )
    line.released += amount


def _pay(line, amount, by, effective_on, note):
    unpaid = line.released - line.paid
    if amount > unpaid:
        raise _commitment_exceeded(
            _(
                "Only %(limit)s of this commitment is released and not yet paid; "
                "%(amount)s cannot be paid."
            ),
            line,
            amount,
            unpaid,
        )
    post(
        line.budget,
        EntryKind.PAID,
        amount,
        by=by,
        effective_on=effective_on,
        commitment_line=line,
        note=note,
    )
    line.paid += amount


@transaction.atomic
def payment_release(
    *, commitment, budget, amount: Decimal, by=None, effective_on=None, note=""
) -> LedgerEntry:
    """An instalment's conditions hold: authorise its payment."""
    amount = checked_amount(amount)
    line = _line(commitment, budget)
    _release(line, amount, by, effective_on, note)
    return line


@transaction.atomic
def payment_pay(*, commitment, budget, amount: Decimal, by=None, effective_on=None, note=""):
    """A released instalment was paid in the finance system."""
    amount = checked_amount(amount)
    line = _line(commitment, budget)
    _pay(line, amount, by, effective_on, note)
    return line


@transaction.atomic
def payment_record(
    *, commitment, budget, amount: Decimal, by, effective_on=None, note=""
) -> CommitmentLine:
    """A finance officer records a payment made outside the system: released and paid."""
    require_role(
        by,
        commitment.body,
        Role.FINANCE_OFFICER,
        message=_("Only a finance officer records payments."),
    )
    if not commitment.recorded_by_hand:
        # A decision's commitment is paid through its award's instalments; a payment here
        # would leave them out of step with the ledger.
        raise LedgerRefused(
            _("%(payee)s is paid through the grant's instalments, not recorded here.")
            % {"payee": commitment.payee}
        )
    amount = checked_amount(amount)
    line = _line(commitment, budget)
    _release(line, amount, by, effective_on, note)
    _pay(line, amount, by, effective_on, note)
    return line


@transaction.atomic
def commitment_decommit(
    *, commitment, budget, amount: Decimal, by=None, effective_on=None, note=""
) -> CommitmentLine:
    """Part of a commitment will not be spent (a variation down, a termination)."""
    amount = checked_amount(amount)
    line = _line(commitment, budget)
    unreleased = line.committed - line.released
    if amount > unreleased:
        raise _commitment_exceeded(
            _(
                "Only %(limit)s of this commitment is not yet released; "
                "%(amount)s cannot be decommitted."
            ),
            line,
            amount,
            unreleased,
        )
    post(
        line.budget,
        EntryKind.DECOMMITTED,
        amount,
        by=by,
        effective_on=effective_on,
        commitment_line=line,
        note=note,
    )
    return line


@transaction.atomic
def payment_recover(
    *, commitment, budget, amount: Decimal, by=None, effective_on=None, note=""
) -> CommitmentLine:
    """Money the payee paid back (unspent at termination): no longer paid nor released."""
    amount = checked_amount(amount)
    line = _line(commitment, budget)
    if amount > line.paid:
        raise _commitment_exceeded(
            _("Only %(limit)s of this commitment was paid; %(amount)s cannot be recovered."),
            line,
            amount,
            line.paid,
        )
    post(
        line.budget,
        EntryKind.RECOVERED,
        amount,
        by=by,
        effective_on=effective_on,
        commitment_line=line,
        note=note,
    )
    return line


# --- Virements ------------------------------------------------------------------------------


def virement_threshold(body) -> Decimal:
    settings = FundingSettings.objects.filter(body=body).first()
    return settings.virement_threshold if settings else Decimal(0)


def _check_virement(from_budget: Budget, to_budget: Budget) -> None:
    if from_budget.pk == to_budget.pk:
        raise LedgerRefused(_("Choose two different budgets."))
    if from_budget.body_id != to_budget.body_id:
        raise LedgerRefused(_("A virement moves money between budgets of one body."))
    if from_budget.year != to_budget.year:
        raise LedgerRefused(_("A virement moves money between budgets of one financial year."))
    if from_budget.ring_fenced_stream_id != to_budget.ring_fenced_stream_id:
        raise RingFenced(
            _("Ring-fenced money moves only between budgets ring-fenced to the same stream."),
            from_budget=from_budget,
            to_budget=to_budget,
        )


def _apply_virement(virement: Virement, by) -> None:
    budgets = lock(budget_ids=[virement.from_budget_id, virement.to_budget_id])
    source, target = budgets[virement.from_budget_id], budgets[virement.to_budget_id]
    _require_remaining(source, virement.amount)
    post(
        source,
        EntryKind.VIREMENT_OUT,
        virement.amount,
        by=by,
        effective_on=virement.effective_on,
        virement=virement,
        note=virement.reason[:500],
    )
    post(
        target,
        EntryKind.VIREMENT_IN,
        virement.amount,
        by=by,
        effective_on=virement.effective_on,
        virement=virement,
        note=virement.reason[:500],
    )


@transaction.atomic
def virement_request(
    *, from_budget, to_budget, amount: Decimal, reason: str, by, effective_on=None
) -> Virement:
    """Move money between two budgets. Below the body's threshold it is made at once; at or
    above it (every virement, while the threshold is £0) it waits for a decision maker."""
    body = from_budget.body
    require_role(
        by,
        body,
        Role.FINANCE_OFFICER,
        Role.DECISION_MAKER,
        message=_("Only a finance officer or decision maker moves money between budgets."),
    )
    amount = checked_amount(amount)
    _check_virement(from_budget, to_budget)
    if not reason.strip():
        raise LedgerRefused(_("Enter the reason for the virement."))
    needs_approval = amount >= virement_threshold(body)
    virement = Virement.objects.create(
        body=body,
        from_budget=from_budget,
        to_budget=to_budget,
        amount=amount,
        reason=reason,
        effective_on=_today(effective_on),
        status=VirementStatus.AWAITING_APPROVAL if needs_approval else VirementStatus.MADE,
        requested_by=by,
    )
    if not needs_approval:
        _apply_virement(virement, by)
    else:
        # Checked now so nobody waits for an approval that must fail; checked again then.
        _require_remaining(Budget.objects.get(pk=from_budget.pk), amount)
    return virement


def _pending(virement) -> Virement:
    locked = Virement.objects.select_for_update().get(pk=virement.pk)
    if locked.status != VirementStatus.AWAITING_APPROVAL:
        raise LedgerRefused(_("This virement has already been decided."))
    return locked


@transaction.atomic
def virement_approve(*, virement: Virement, by, note="") -> Virement:
    """A decision maker, within their delegated limit, approves and makes the virement."""
    require_role(
        by, virement.body, Role.DECISION_MAKER, message=_("Only a decision maker approves this.")
    )
    virement = _pending(virement)
    limit = financial_limit(by, virement.body)
    if limit is not None and virement.amount > limit:
        raise DecisionLimitExceeded(
            _("%(amount)s is above your delegated limit of %(limit)s.")
            % {"amount": format_money(virement.amount), "limit": format_money(limit)},
            limit=limit,
        )
    _apply_virement(virement, by)
    virement.status = VirementStatus.MADE
    virement.decided_by = by
    virement.decided_at = timezone.now()
    virement.decision_note = note
    virement.save()
    return virement


@transaction.atomic
def virement_refuse(*, virement: Virement, by, note="") -> Virement:
    require_role(
        by, virement.body, Role.DECISION_MAKER, message=_("Only a decision maker refuses this.")
    )
    virement = _pending(virement)
    virement.status = VirementStatus.REFUSED
    virement.decided_by = by
    virement.decided_at = timezone.now()
    virement.decision_note = note
    virement.save()
    return virement
