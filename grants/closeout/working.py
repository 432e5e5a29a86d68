"""What a termination and a close-out do to an award, worked out before they are made (for
the confirmation pages) and checked and applied inside grants.services' `award_transition`,
which holds the module's locks (the award's budgets in id order, then the award).

The rules (docs/adr/0027):
- Termination refuses while an instalment is released and not yet paid: a released
  instalment is authorised in the finance system and may be paid at any moment, and the
  ledger has no entry that takes a release back. The finance officer records its payment
  first; the money then counts as paid.
- The planned instalments are cancelled; everything committed and not released on each
  budget line is decommitted (so it goes back to the budget).
- Paid but unspent, per budget line: what the ledger holds as paid minus the spend to date
  of the latest accepted monitoring return (the latest period; a later return not yet
  accepted is not counted). No accepted return: nothing spent is known, so all that was
  paid is due back; the page says so, and the office may agree a lower figure only by
  accepting a return first. Spend above what was paid recovers nothing on that line.
- Close-out: an active award whose returns are all accepted and whose instalments are all
  paid or cancelled, or a terminated one whose recoveries are all settled. A results
  instalment whose period's returns are all accepted and earn nothing can never be released:
  it does not stop the close, which cancels it. Anything still committed and not released
  (such an instalment, or a results instalment that earned less than its most) is
  decommitted at the close.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from core.money import format_money
from funding import services as ledger
from funding.ledger.models import CommitmentLine
from grants import rules
from grants.closeout.models import Recovery, RecoveryStatus
from grants.errors import GrantsRoleRequired, TransitionRefused
from grants.models import AwardStatus, InstalmentKind, InstalmentStatus
from grants.returns.models import ReturnStatus
from grants.returns.services import results_working

ZERO = Decimal("0.00")


@dataclass
class LineWorking:
    """One budget line of the award at termination."""

    amount: object  # the AwardAmount
    budget: object
    cancelled: Decimal  # the planned instalments cancelled
    decommitted: Decimal  # committed and not released: goes back to the budget
    paid: Decimal
    spent: Decimal | None  # None: no accepted return
    recovery: Decimal  # paid and not spent: due back


@dataclass
class TerminationWorking:
    lines: list[LineWorking]
    latest_return: object | None
    # Released and not yet paid: termination waits for their payment.
    released_unpaid: list = field(default_factory=list)
    cancelled: list = field(default_factory=list)

    @property
    def decommitted(self) -> Decimal:
        return sum((line.decommitted for line in self.lines), ZERO)

    @property
    def recovery(self) -> Decimal:
        return sum((line.recovery for line in self.lines), ZERO)

    @property
    def paid(self) -> Decimal:
        return sum((line.paid for line in self.lines), ZERO)


def latest_accepted_return(award):
    return (
        award.monitoring_returns.filter(status=ReturnStatus.ACCEPTED)
        .order_by("-period_end", "-number")
        .first()
    )


def termination_working(award) -> TerminationWorking:
    """What terminating `award` now would cancel, decommit and recover, per budget line."""
    ledger_lines = {
        line.budget_id: line
        for line in CommitmentLine.objects.filter(commitment_id=award.commitment_id)
    }
    latest = latest_accepted_return(award)
    spend = dict(latest.spend.values_list("line_id", "spent")) if latest else {}
    instalments = list(award.instalments.order_by("number"))
    planned = [i for i in instalments if i.status == InstalmentStatus.PLANNED]
    lines = []
    for amount in award.amounts.select_related("budget").order_by("year", "budget_id"):
        ledger_line = ledger_lines.get(amount.budget_id)
        committed = ledger_line.committed if ledger_line else ZERO
        released = ledger_line.released if ledger_line else ZERO
        paid = ledger_line.paid if ledger_line else ZERO
        spent = spend.get(amount.pk, ZERO) if latest else None
        recovery = max(paid - (spent or ZERO), ZERO)
        lines.append(
            LineWorking(
                amount=amount,
                budget=amount.budget,
                cancelled=sum((i.amount for i in planned if i.budget_id == amount.budget_id), ZERO),
                decommitted=max(committed - released, ZERO),
                paid=paid,
                spent=spent,
                recovery=recovery,
            )
        )
    return TerminationWorking(
        lines=lines,
        latest_return=latest,
        released_unpaid=[i for i in instalments if i.status == InstalmentStatus.RELEASED],
        cancelled=planned,
    )


def open_variation_blockers(award) -> list[str]:
    """An open variation may still reserve or move money: it is finished first."""
    from grants.variations.models import OPEN_STATUSES

    return [
        _("Variation %(number)s is %(status)s: withdraw, refuse or finish it first.")
        % {"number": v.reference, "status": v.get_status_display().lower()}
        for v in award.variations.filter(status__in=OPEN_STATUSES).order_by("number")
    ]


def termination_blockers(award, working: TerminationWorking | None = None) -> list[str]:
    working = working or termination_working(award)
    return [
        _(
            "Instalment %(number)s (%(amount)s) is released and not yet paid: record its "
            "payment before terminating the grant."
        )
        % {"number": i.number, "amount": format_money(i.released_amount)}
        for i in working.released_unpaid
    ] + open_variation_blockers(award)


def results_earning_nothing(award) -> list:
    """The planned results instalments whose period's returns are all accepted and earn
    £0: nothing can ever be released on them (a release of nothing is refused), so they
    would stop the close for ever. The close cancels them instead."""
    return [
        instalment
        for instalment in award.instalments.filter(
            kind=InstalmentKind.RESULTS, status=InstalmentStatus.PLANNED
        ).order_by("number")
        if not (working := results_working(instalment)).waiting and working.amount <= 0
    ]


def close_blockers(award, *, cancels=None) -> list[str]:
    """Everything that stops the award's close now, in words (empty: it may close).
    `cancels`: `results_earning_nothing(award)`, when the caller has it already."""
    if award.status == AwardStatus.CLOSED:
        return [_("This grant is closed.")]
    if award.status == AwardStatus.TERMINATED:
        return [
            _("Recovery %(reference)s: %(amount)s is still outstanding.")
            % {"reference": r.reference, "amount": format_money(r.outstanding)}
            for r in award.recoveries.filter(status=RecoveryStatus.OUTSTANDING).select_related(
                "award"
            )
        ]
    if award.status != AwardStatus.ACTIVE:
        return [
            _("Only an active or terminated grant is closed; this one is %(status)s.")
            % {"status": award.get_status_display().lower()}
        ]
    blockers = open_variation_blockers(award) + [
        _("Monitoring return %(number)s is %(status)s, not accepted.")
        % {"number": r.number, "status": r.get_status_display().lower()}
        for r in award.monitoring_returns.exclude(status=ReturnStatus.ACCEPTED).order_by("number")
    ]
    if not award.monitoring_returns.filter(status=ReturnStatus.ACCEPTED).exists():
        blockers.append(_("No monitoring return has been accepted."))
    if cancels is None:
        cancels = results_earning_nothing(award)
    cancelled_at_close = {i.pk for i in cancels}
    blockers += [
        _("Instalment %(number)s is %(status)s, not paid.")
        % {"number": i.number, "status": i.get_status_display().lower()}
        for i in award.instalments.filter(
            status__in=[InstalmentStatus.PLANNED, InstalmentStatus.RELEASED]
        ).order_by("number")
        if i.pk not in cancelled_at_close
    ]
    return blockers


# --- Inside award_transition (the budgets and the award locked) -------------------------------


def check_terminate(award, by, *, note="", **_extra):
    if not rules.can_terminate(by, award.body):
        raise GrantsRoleRequired(_("Only a decision maker terminates a grant."))
    problems = []
    if not (note or "").strip():
        problems.append(_("Enter the reason for the termination."))
    problems += termination_blockers(award)
    if problems:
        raise TransitionRefused(problems[0], problems=problems)


def _decommit(award, budget, amount, *, by, today, note) -> None:
    ledger.commitment_decommit(
        commitment=award.commitment,
        budget=budget,
        amount=amount,
        by=by,
        effective_on=today,
        note=note,
    )


def apply_terminate(award, by, *, now, today, **_extra):
    working = termination_working(award)
    award.instalments.filter(status=InstalmentStatus.PLANNED).update(
        status=InstalmentStatus.CANCELLED
    )
    note = _("Award %(id)s terminated") % {"id": award.public_id}
    for line in working.lines:
        if line.decommitted > 0:
            _decommit(award, line.budget, line.decommitted, by=by, today=today, note=note)
    number = 0
    for line in working.lines:
        if line.recovery <= 0:
            continue
        number += 1
        Recovery.objects.create(
            award=award,
            line=line.amount,
            budget=line.budget,
            number=number,
            paid=line.paid,
            spent=line.spent,
            monitoring_return=working.latest_return,
            amount_due=line.recovery,
            created_by=by,
            created_at=now,
        )


def check_close(award, by, **_extra):
    if not rules.can_edit(by, award.body):
        raise GrantsRoleRequired(
            _("Only a commissioning officer or decision maker closes a grant.")
        )
    blockers = close_blockers(award)
    if blockers:
        raise TransitionRefused(blockers[0], problems=blockers)


def close_decommits(award) -> list[tuple[object, Decimal]]:
    """(budget, amount) committed and not released, decommitted at the close."""
    return [
        (line.budget, line.committed - line.released)
        for line in CommitmentLine.objects.filter(commitment_id=award.commitment_id)
        .select_related("budget")
        .order_by("budget_id")
        if line.committed - line.released > 0
    ]


def apply_close(award, by, *, today, **_extra):
    for instalment in results_earning_nothing(award):
        instalment.status = InstalmentStatus.CANCELLED
        instalment.save(update_fields=["status"])
        if instalment.amount <= 0:
            continue
        # Its own entry, so the ledger says which instalment gave the money back.
        note = _("Award %(id)s closed: instalment %(number)s earned nothing") % {
            "id": award.public_id,
            "number": instalment.number,
        }
        _decommit(award, instalment.budget, instalment.amount, by=by, today=today, note=note)
    note = _("Award %(id)s closed: not released") % {"id": award.public_id}
    for budget, amount in close_decommits(award):
        _decommit(award, budget, amount, by=by, today=today, note=note)
