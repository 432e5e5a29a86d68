"""Termination with recovery, the recoveries' receipts, and close-out (issue 25).

The award's moves go through grants.services' `award_transition` (its lock order: the
award's budgets in id order, then the award; grants.closeout.working says what each move
does). A receipt takes the same locks, then the recovery: two finance officers recording
the last receipt at once queue, and the second sees what the first left outstanding.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.money import PENCE, format_money
from core.working_days import london_today
from funding import services as ledger
from grants import rules
from grants import services as grants
from grants.closeout.errors import RecoveryRefused
from grants.closeout.models import Recovery, RecoveryReceipt, RecoveryStatus
from grants.errors import GrantsRoleRequired
from grants.models import AwardStatus


def award_terminate(*, award, by, reason: str, now=None):
    """A decision maker ends an accepted or active grant early, with a reason: its planned
    instalments are cancelled and decommitted, and what was paid and not spent is recorded
    as recoveries due. A second submit is refused (the award is already terminated)."""
    return grants.award_transition(
        award=award, to=AwardStatus.TERMINATED, by=by, note=(reason or "").strip(), now=now
    )


def award_close(*, award, by, now=None):
    """A commissioning officer closes a grant whose conditions hold
    (grants.closeout.working.close_blockers); what was never released is decommitted."""
    return grants.award_transition(
        award=award, to=AwardStatus.CLOSED, by=by, note=_("Closed"), now=now
    )


@transaction.atomic
def recovery_receipt_record(
    *,
    recovery: Recovery,
    by,
    amount: Decimal,
    received_on: datetime.date,
    remittance_reference: str,
    now=None,
) -> RecoveryReceipt:
    """A finance officer records money received back on a recovery (part or all of what is
    outstanding, never more): a ledger entry (recovered) and the same amount decommitted,
    so it is back in the budget. All of it received: the recovery is settled.

    The same remittance sent twice (a double submit) is recorded once: the second call
    returns the first receipt and makes no entries."""
    award = recovery.award
    if not rules.can_pay(by, award.body):
        raise GrantsRoleRequired(_("Only a finance officer records money received."))
    now = now or timezone.now()
    locked_award = grants._locked_award(award)
    grants.require_not_closed(locked_award)
    locked = Recovery.objects.select_for_update().select_related("budget").get(pk=recovery.pk)
    reference = (remittance_reference or "").strip()
    earlier = locked.receipts.filter(remittance_reference=reference).first() if reference else None
    if earlier is not None:
        if earlier.amount == amount and earlier.received_on == received_on:
            return earlier
        raise RecoveryRefused(
            _("Remittance %(reference)s is already recorded on this recovery.")
            % {"reference": reference},
            problems=[
                _("Remittance %(reference)s is already recorded on this recovery.")
                % {"reference": reference}
            ],
        )
    problems = []
    outstanding = locked.amount_due - locked.received
    if locked.status == RecoveryStatus.SETTLED:
        problems.append(_("This recovery is settled: nothing is outstanding."))
    elif amount is None or amount <= 0 or amount.quantize(PENCE) != amount:
        problems.append(_("Enter the amount received in pounds and pence, more than £0."))
    elif amount > outstanding:
        problems.append(
            _("Only %(outstanding)s is outstanding: enter at most that.")
            % {"outstanding": format_money(outstanding)}
        )
    if received_on is None or received_on > london_today(now):
        problems.append(_("The date received must be today or in the past."))
    if not reference:
        problems.append(_("Enter the remittance reference."))
    if problems:
        raise RecoveryRefused(problems[0], problems=problems)
    note = f"{locked.reference} {reference}"[:500]
    ledger.payment_recover(
        commitment=locked_award.commitment,
        budget=locked.budget,
        amount=amount,
        by=by,
        effective_on=received_on,
        note=note,
    )
    # Recovered money is committed and no longer released: the grant will not spend it.
    ledger.commitment_decommit(
        commitment=locked_award.commitment,
        budget=locked.budget,
        amount=amount,
        by=by,
        effective_on=received_on,
        note=note,
    )
    receipt = RecoveryReceipt.objects.create(
        recovery=locked,
        amount=amount,
        received_on=received_on,
        remittance_reference=reference,
        recorded_by=by,
        recorded_at=now,
    )
    locked.received += amount
    if locked.received == locked.amount_due:
        locked.status, locked.settled_at = RecoveryStatus.SETTLED, now
    locked.save()
    recovery.received, recovery.status = locked.received, locked.status
    return receipt
