"""Demo variations (issue 25), called from grants/demo_data.py after its grants and returns.

- `vary(award, anchor=...)`: an accepted or active grant's money goes up by £2,500 on its
  last year's budget ("The service takes more referrals than planned"): proposed by the
  body's commissioning officer, approved by its commissioner, accepted by the provider's
  administrator; the increase is reserved, then committed, and the unpaid instalments of
  that year are made again to the penny.
- `leave_letter_waiting(award, anchor=...)`: another accepted grant's period is extended by
  three months with new outcome targets, approved by the commissioner: its letter waits for
  the provider's administrator to accept or decline it.

Built through the services, so the ledger holds every step. Idempotent: a grant that has a
variation is left alone.
"""

import datetime
from decimal import Decimal

from core.models import User
from grants.variations import services

INCREASE = Decimal("2500.00")


def _people(award):
    slug = award.body.slug
    officer = User.objects.filter(email=f"officer@{slug}.demo.example").first()
    commissioner = User.objects.filter(email=f"commissioner@{slug}.demo.example").first()
    from grants.demo_data import _administrator

    administrator = _administrator(award.organisation)
    return officer, commissioner, administrator.user if administrator else None


def _at(anchor, hour):
    from grants.demo_data import _at as at

    return at(anchor, 0, hour=hour)


def _changes(award, **overrides):
    values = {
        "reason": "",
        "starts_on": award.starts_on,
        "ends_on": award.ends_on,
        "schedule_kind": award.schedule_kind,
        "outcome_targets": award.outcome_targets,
        "amounts": dict(award.amounts.values_list("budget_id", "amount")),
        **overrides,
    }
    return services.Changes(**values)


def _approved(award, changes, *, anchor):
    officer, commissioner, administrator = _people(award)
    if award.variations.exists() or None in (officer, commissioner, administrator):
        return None, administrator
    variation = services.variation_propose(
        award=award, by=officer, changes=changes, now=_at(anchor, 9)
    )
    services.variation_submit(variation=variation, by=officer, now=_at(anchor, 9))
    services.variation_approve(
        variation=variation,
        by=commissioner,
        note="Within the plan's priority for victims' services.",
        now=_at(anchor, 11),
    )
    return variation, administrator


def vary(award, *, anchor):
    """The grant's last year's money up by £2,500, approved and accepted (see above)."""
    last = award.amounts.select_related("budget").order_by("-year").first()
    if last is None:
        return None
    amounts = dict(award.amounts.values_list("budget_id", "amount"))
    amounts[last.budget_id] = last.amount + INCREASE
    variation, administrator = _approved(
        award,
        _changes(
            award,
            reason="The service takes more referrals than planned: one more part-time "
            "counsellor for the rest of the grant.",
            amounts=amounts,
        ),
        anchor=anchor,
    )
    if variation is None:
        return None
    return services.variation_accept(
        variation=variation,
        by=administrator,
        accepted_name=administrator.full_name or administrator.email,
        confirmed=True,
        now=_at(anchor, 15),
    )


def leave_letter_waiting(award, *, anchor):
    """The grant's period extended by three months, approved: the letter waits."""
    following = award.ends_on + datetime.timedelta(days=1)
    month = following.month + 3
    year, month = following.year + (month - 1) // 12, (month - 1) % 12 + 1
    ends_on = datetime.date(year, month, 1) - datetime.timedelta(days=1)
    variation, _administrator = _approved(
        award,
        _changes(
            award,
            reason="The provider's new venue opens late: three more months to reach the "
            "targets, at no extra cost.",
            ends_on=ends_on,
            outcome_targets=(award.outcome_targets + "\n" if award.outcome_targets else "")
            + "Support 40 more people in the three months added.",
        ),
        anchor=anchor,
    )
    return variation
