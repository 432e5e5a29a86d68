"""Demo termination with recovery and close-out (issue 25), through the services.

- `terminate_with_recovery(award, anchor=...)`: the body's decision maker terminates an
  accepted or active grant that has a paid instalment, no instalment released and unpaid,
  and an accepted return whose spend to date is below what was paid; the recovery due is
  recorded and the finance officer records half of the first one as received (the rest stays
  outstanding, for the walk-through: the finance officer's home panel and "Recoveries").
- `close(award, anchor=...)`: the body's commissioning officer closes a grant whose period
  has ended, every return accepted and every instalment paid.

Each returns the award moved, or None when the award does not fit (or was moved already):
the demo can call them twice. grants/demo_data.py calls them on the earlier round's grants
made for them (`finished_grant()`, `recovery_grant()`).
"""

from decimal import Decimal

from core.models import Membership, Role
from grants.closeout import services
from grants.closeout.models import RecoveryStatus
from grants.closeout.working import close_blockers, termination_blockers, termination_working
from grants.models import IN_FORCE_STATUSES, Award, AwardStatus, InstalmentStatus

REASON = (
    "The provider closed the service at the end of the quarter; the office ends the grant "
    "early and recovers what was paid and not spent."
)


def _at(anchor, hour=10):
    from grants.demo_data import _at as at

    return at(anchor, 0, hour=hour)


def _person(body, role):
    membership = (
        Membership.objects.filter(body=body, role=role, user__is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def _fits_termination(award) -> bool:
    if award.status not in IN_FORCE_STATUSES:
        return False
    if not award.instalments.filter(status=InstalmentStatus.PAID).exists():
        return False
    working = termination_working(award)
    return (
        working.latest_return is not None
        and working.recovery > 0
        and not termination_blockers(award, working)
    )


def terminate_with_recovery(award, *, anchor):
    """Terminate `award` and record part of its first recovery; None if it does not fit."""
    award = Award.objects.get(pk=award.pk)
    if not _fits_termination(award):
        return None
    decider = _person(award.body, Role.DECISION_MAKER)
    finance = _person(award.body, Role.FINANCE_OFFICER)
    if decider is None or finance is None:
        return None
    award = services.award_terminate(award=award, by=decider, reason=REASON, now=_at(anchor))
    recovery = award.recoveries.filter(status=RecoveryStatus.OUTSTANDING).order_by("number")
    first = recovery.first()
    if first is not None:
        half = (first.amount_due / 2).quantize(Decimal("0.01"))
        if half > 0:
            services.recovery_receipt_record(
                recovery=first,
                by=finance,
                amount=half,
                received_on=anchor,
                remittance_reference=f"BACS {first.reference}-1",
                now=_at(anchor, hour=14),
            )
    return award


def close(award, *, anchor):
    """Close `award` if its period has ended and nothing stops the close; else None."""
    award = Award.objects.get(pk=award.pk)
    if award.status not in (AwardStatus.ACTIVE, AwardStatus.TERMINATED):
        return None
    if award.status == AwardStatus.ACTIVE and award.ends_on >= anchor:
        return None
    if close_blockers(award):
        return None
    officer = _person(award.body, Role.COMMISSIONING_OFFICER)
    if officer is None:
        return None
    return services.award_close(award=award, by=officer, now=_at(anchor, hour=11))
