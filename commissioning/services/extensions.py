"""Extensions for one organisation: a later closing instant an officer gives one provider
(illness, a system fault at the deadline), with the reason, seen by that organisation alone.

The round's own closing time does not move; `round_closes_at_for` (services/rounds.py) is
what a bid's submission asks, and `round_is_sealed` keeps every bid sealed until the last
extension has passed.
"""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from commissioning.errors import ExtensionRefused, RoleRequired
from commissioning.models import OrganisationExtension, RoundStatus
from commissioning.services._common import round_lock
from commissioning.services.news import organisation_notify
from commissioning.services.rounds import round_closes_at_for, round_is_sealed, round_last_close
from core.access import has_role
from core.london_time import london_datetime_for_people
from core.models import Role
from providers.models import Organisation

# Statuses in which an organisation may still be given time: before assessment starts.
EXTENDABLE_STATUSES = frozenset({RoundStatus.SCHEDULED, RoundStatus.OPEN, RoundStatus.CLOSED})


def extension_candidates(round_):
    """Organisations an officer may give an extension to: those following the round or with a
    bid in it (a bid's organisation follows from its start, but may have stopped following)."""
    return (
        Organisation.objects.filter(Q(round_follows__round=round_) | Q(bids__round=round_))
        .distinct()
        .order_by("name", "pk")
    )


def can_extend_for_organisation(user, round_) -> bool:
    return has_role(user, round_.lead_body, Role.COMMISSIONING_OFFICER)


@transaction.atomic
def organisation_extend(
    *, round, organisation, by, closes_at, reason, now=None
) -> OrganisationExtension:
    """Give `organisation` until `closes_at`, with the reason; audited, and e-mailed to that
    organisation's people only. Views call it behind `recent_sign_in_required`."""
    now = now or timezone.now()
    # The round's row first, as every write of a round does: two officers extending at once
    # are then taken one after the other, each seeing the other's extension.
    locked = round_lock(round)
    if not can_extend_for_organisation(by, locked):
        raise RoleRequired(_("Your role does not allow you to do this."))
    reason = (reason or "").strip()
    if not reason:
        raise ExtensionRefused(_("Enter why this organisation is given more time."))
    if locked.status not in EXTENDABLE_STATUSES:
        raise ExtensionRefused(
            _("Only a published round whose bids are not yet being assessed can be extended.")
        )
    if not round_is_sealed(locked, now):
        # Once the last close has passed the office may read every bid: time given then would
        # let one organisation bid knowing what its rivals wrote.
        raise ExtensionRefused(
            _(
                "The round closed for everyone at %(when)s and its bids are open to the office, so "
                "no organisation can be given more time."
            )
            % {"when": london_datetime_for_people(round_last_close(locked))}
        )
    if not extension_candidates(locked).filter(pk=organisation.pk).exists():
        raise ExtensionRefused(
            _("Only an organisation taking part in the round can be given more time.")
        )
    current = round_closes_at_for(locked, organisation)
    if closes_at <= current:
        raise ExtensionRefused(
            _("The new closing time must be after %(when)s.")
            % {"when": london_datetime_for_people(current)}
        )
    if closes_at <= now:
        raise ExtensionRefused(_("The new closing time must be in the future."))
    extension = OrganisationExtension.objects.create(
        round=locked,
        organisation=organisation,
        closes_at=closes_at,
        reason=reason,
        by=by,
        at=now,
    )
    organisation_notify(
        locked,
        organisation,
        event=f"organisation-extension:{extension.pk}",
        template="commissioning/organisation_extended",
        context={
            "reason": reason,
            "closes_at": london_datetime_for_people(closes_at),
            "previous_closes_at": london_datetime_for_people(current),
        },
    )
    return extension


def organisation_extensions(round_):
    """Every extension of the round, for its office page (one query)."""
    return list(
        OrganisationExtension.objects.filter(round=round_)
        .select_related("organisation", "by")
        .order_by("organisation__name", "at", "pk")
    )


def organisation_extension_for(round_, organisation):
    """The organisation's latest extension of the round, or None: for its own eyes only."""
    if organisation is None:
        return None
    return (
        OrganisationExtension.objects.filter(round=round_, organisation=organisation)
        .order_by("-closes_at", "-pk")
        .first()
    )
