"""Closing a body's financial year, and what may still happen to a closed one.

`year_close` is the one guarded transition: a finance officer (after a recent sign-in, which
the page asks for) closes a year that has ended. With the body locked first, then every
budget it touches in id order (the global lock order: body, allocation, budget...), it
checks that no budget of the year still has money reserved, records the `ClosedYear`, and
moves each budget's unspent money (available - reserved - committed) out of the year:

- to the next year's budget of the same name and ring-fence (made if there is none) as a
  CARRIED_FORWARD_OUT entry dated 31 March and a CARRIED_FORWARD_IN entry dated 1 April, for
  the same amount, so the pair nets to zero;
- or, for a ring-fenced stream whose rule returns underspend, back to the funder
  (RETURNED_TO_FUNDER), except what a recorded `CarryForwardAgreement` lets carry forward.

Committed money stays on the closed year's budget: its instalments are released and paid by
entries dated in the new year, which the ledger accepts. Closing twice is refused
(`YearAlreadyClosed`), so a double submit makes one set of entries.
"""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from core.financial_years import FinancialYear
from core.models import PolicingBody, Role
from core.money import format_money
from core.working_days import london_today
from funding.ledger.errors import LedgerRefused, RingFenced, YearAlreadyClosed
from funding.ledger.models import (
    ADJUSTMENT_KINDS,
    Budget,
    CarryForwardAgreement,
    ClosedYear,
    EntryKind,
    LedgerEntry,
    YearEndAdjustment,
)
from funding.ledger.services import checked_amount, lock, post, require_role
from funding.models import YearEndRule
from funding.yearend.selectors import ZERO, budget_plan


def _lock_body(body) -> PolicingBody:
    return PolicingBody.objects.select_for_update().get(pk=body.pk)


def _already_closed(year) -> YearAlreadyClosed:
    return YearAlreadyClosed(_("%(year)s is already closed.") % {"year": year}, year=year)


def _next_budgets(body, year, budgets) -> dict[str, Budget]:
    names = [budget.name for budget in budgets]
    following = Budget.objects.filter(body=body, year=year.next(), name__in=names)
    return {budget.name: budget for budget in following}


def _check_ring_fence(old: Budget, new: Budget) -> None:
    if old.ring_fenced_stream_id != new.ring_fenced_stream_id:
        raise RingFenced(
            _(
                "%(budget)s of %(year)s is not ring-fenced as %(old)s is, so money cannot carry "
                "forward into it. Rename one of them first."
            )
            % {"budget": new.name, "year": new.year, "old": old.name}
        )


def _next_budget(old: Budget, by) -> Budget:
    """The next year's budget of the same name and ring-fence, made now (its money comes only
    from the carry-forward entry)."""
    try:
        with transaction.atomic():
            return Budget.objects.create(
                body_id=old.body_id,
                year=old.year.next(),
                name=old.name,
                description=old.description,
                priority_thread=None,
                ring_fenced_stream_id=old.ring_fenced_stream_id,
                created_by=by,
            )
    except IntegrityError as error:  # made by a finance officer a moment ago
        raise LedgerRefused(
            _("%(budget)s of %(year)s was just made by someone else: try again.")
            % {"budget": old.name, "year": old.year.next()}
        ) from error


def _require_ended(year: FinancialYear) -> None:
    if london_today() <= year.end:
        raise LedgerRefused(
            _("%(year)s can be closed from 1 April %(next)s.")
            % {"year": year, "next": year.end_year}
        )


def _locked_budgets(body, year):
    """Lock the year's budgets and the next year's of the same names (ascending ids, after
    the body's row); refuse while any of the year's still has money reserved."""
    old_ids = list(Budget.objects.filter(body=body, year=year).values_list("pk", flat=True))
    existing_next = _next_budgets(body, year, Budget.objects.filter(pk__in=old_ids).only("name"))
    locked = lock(budget_ids=old_ids + [budget.pk for budget in existing_next.values()])
    old_budgets = sorted((locked[pk] for pk in old_ids), key=lambda budget: budget.pk)
    busy = [budget.name for budget in old_budgets if budget.reserved > 0]
    if busy:
        raise LedgerRefused(
            _(
                "Money is still reserved on %(budgets)s: commit or cancel it before the "
                "year's money moves."
            )
            % {"budgets": ", ".join(sorted(busy))},
            budgets=busy,
        )
    following = {name: locked[budget.pk] for name, budget in existing_next.items()}
    return old_budgets, following


def _move_unspent(closed: ClosedYear, old_budgets, following, by) -> Decimal:
    """Carry forward or return each budget's unspent money; what moved in all."""
    year = closed.year
    old_ids = [budget.pk for budget in old_budgets]
    agreements = {
        agreement.budget_id: agreement
        for agreement in CarryForwardAgreement.objects.filter(budget_id__in=old_ids)
    }
    carried_before = dict(
        LedgerEntry.objects.filter(budget_id__in=old_ids, kind=EntryKind.CARRIED_FORWARD_OUT)
        .values("budget_id")
        .annotate(total=Sum("amount"))
        .values_list("budget_id", "total")
    )
    moved = Decimal("0.00")
    for old in old_budgets:
        plan = budget_plan(old, agreements.get(old.pk), carried_before.get(old.pk, ZERO))
        moved += plan.unspent
        if plan.carried > 0:
            new = following.get(old.name)
            if new is None:
                new = _next_budget(old, by)
            else:
                _check_ring_fence(old, new)
            post(
                old,
                EntryKind.CARRIED_FORWARD_OUT,
                plan.carried,
                by=by,
                effective_on=year.end,
                year_end=closed,
                note=_("Carried forward to %(year)s") % {"year": year.next()},
            )
            post(
                new,
                EntryKind.CARRIED_FORWARD_IN,
                plan.carried,
                by=by,
                effective_on=year.next().start,
                year_end=closed,
                note=_("Carried forward from %(year)s") % {"year": year},
            )
        if plan.returned > 0:
            post(
                old,
                EntryKind.RETURNED_TO_FUNDER,
                plan.returned,
                by=by,
                effective_on=year.end,
                year_end=closed,
                note=(old.ring_fenced_stream.funder or old.ring_fenced_stream.name)[:500],
            )
    return moved


@transaction.atomic
def year_close(*, body, year: FinancialYear, by) -> ClosedYear:
    """Close the body's year: carry forward or return every budget's unspent money."""
    require_role(by, body, Role.FINANCE_OFFICER, message=_("Only a finance officer closes a year."))
    _require_ended(year)
    _lock_body(body)
    if ClosedYear.objects.filter(body=body, year=year).exists():
        raise _already_closed(year)
    if ClosedYear.objects.filter(body=body, year=year.next()).exists():
        raise LedgerRefused(_("%(next)s is already closed.") % {"next": year.next()})
    old_budgets, following = _locked_budgets(body, year)
    closed = ClosedYear.objects.create(body=body, year=year, closed_by=by)
    _move_unspent(closed, old_budgets, following, by)
    return closed


@transaction.atomic
def year_end_sweep(*, body, year: FinancialYear, by) -> Decimal:
    """Money left unspent on a closed year's budgets since the close (a decommitment dated
    in April, a decision maker's adjustment) leaves the year as at the close: carried
    forward, or returned beyond what the funder's agreement has not yet carried. Returns
    what moved; refuses when nothing is unspent (so a double submit moves it once)."""
    require_role(
        by,
        body,
        Role.FINANCE_OFFICER,
        message=_("Only a finance officer carries forward a closed year's money."),
    )
    _lock_body(body)
    closed = ClosedYear.objects.filter(body=body, year=year).first()
    if closed is None:
        raise LedgerRefused(_("%(year)s is not closed.") % {"year": year})
    if ClosedYear.objects.filter(body=body, year=year.next()).exists():
        raise LedgerRefused(_("%(next)s is already closed.") % {"next": year.next()})
    old_budgets, following = _locked_budgets(body, year)
    if not any(budget.remaining > 0 for budget in old_budgets):
        raise LedgerRefused(
            _("Nothing in %(year)s is unspent: there is nothing to move.") % {"year": year}
        )
    return _move_unspent(closed, old_budgets, following, by)


@transaction.atomic
def carry_forward_agreement_record(
    *, budget, by, agreed_by: str, reference: str, agreed_on, amount: Decimal
) -> CarryForwardAgreement:
    """A finance officer records the funder's agreement that some of a ring-fenced budget's
    unspent money may carry forward. Before the year is closed; one per budget."""
    require_role(
        by,
        budget.body,
        Role.FINANCE_OFFICER,
        message=_("Only a finance officer records a funder's agreement."),
    )
    amount = checked_amount(amount)
    stream = budget.ring_fenced_stream
    if stream is None or stream.year_end_rule != YearEndRule.RETURNS_TO_FUNDER:
        raise LedgerRefused(
            _("%(budget)s's unspent money carries forward without an agreement.")
            % {"budget": budget.name}
        )
    if not agreed_by.strip() or not reference.strip():
        raise LedgerRefused(_("Enter who agreed and the agreement's reference."))
    # The body's lock, as closing takes it: an agreement lands before the close or not at all.
    _lock_body(budget.body)
    if ClosedYear.objects.filter(body_id=budget.body_id, year=budget.year).exists():
        raise _already_closed(budget.year)
    if CarryForwardAgreement.objects.filter(budget=budget).exists():
        raise LedgerRefused(
            _("An agreement for %(budget)s is already recorded.") % {"budget": budget.name}
        )
    return CarryForwardAgreement.objects.create(
        budget=budget,
        agreed_by=agreed_by,
        reference=reference,
        agreed_on=agreed_on,
        amount=amount,
        recorded_by=by,
    )


@transaction.atomic
def year_end_adjust(
    *, budget, by, kind: str, amount: Decimal, reason: str, effective_on
) -> YearEndAdjustment:
    """A decision maker adds money to, or takes unspent money from, a budget of a closed year,
    dated in that year, with the reason (an audit correction)."""
    require_role(
        by,
        budget.body,
        Role.DECISION_MAKER,
        message=_("Only a decision maker records a year-end adjustment."),
    )
    amount = checked_amount(amount)
    if kind not in ADJUSTMENT_KINDS:
        raise LedgerRefused(_("Choose whether the adjustment adds money or takes it away."))
    if not reason.strip():
        raise LedgerRefused(_("Enter the reason for the adjustment."))
    if effective_on not in budget.year:
        raise LedgerRefused(
            _("Enter a date in %(year)s, the budget's year.") % {"year": budget.year}
        )
    if not ClosedYear.objects.filter(body_id=budget.body_id, year=budget.year).exists():
        raise LedgerRefused(
            _("%(year)s is not closed: record the change as usual.") % {"year": budget.year}
        )
    locked = lock(budget_ids=[budget.pk])[budget.pk]
    if kind == EntryKind.ADJUSTMENT_REDUCED and locked.remaining < amount:
        raise LedgerRefused(
            _("%(budget)s has %(remaining)s unspent, less than %(amount)s.")
            % {
                "budget": locked.name,
                "remaining": format_money(locked.remaining),
                "amount": format_money(amount),
            }
        )
    adjustment = YearEndAdjustment.objects.create(
        body_id=budget.body_id, year=budget.year, budget=locked, reason=reason, recorded_by=by
    )
    post(
        locked,
        kind,
        amount,
        by=by,
        effective_on=effective_on,
        adjustment=adjustment,
        note=reason[:500],
    )
    return adjustment
