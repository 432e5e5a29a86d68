"""Who may do what with a bid: one place for services, views and templates to ask.

Every member of the bid's organisation sees it at every stage; administrators and editors
write, submit and withdraw it; viewers only read. Office staff of the round's lead body move
it through assessment; until the round's closing instant (and every individual extension)
has passed they see counts only, never a bid (commissioning.services.rounds.round_is_sealed).
"""

from commissioning.bids.models import BidStatus
from commissioning.rules import EDITORS
from core.access import has_role
from providers.models import MemberRole, OrganisationMember

BID_WRITERS = frozenset({MemberRole.ADMINISTRATOR, MemberRole.EDITOR})

# Who moves a bid to each status (commissioning.bids.models.BID_TRANSITIONS says from where):
# "provider" for the organisation's editors, "office" for the lead body's editors.
PROVIDER_MOVES = frozenset({BidStatus.SUBMITTED, BidStatus.WITHDRAWN})
OFFICE_MOVES = frozenset({BidStatus.UNDER_ASSESSMENT, BidStatus.SUCCESSFUL, BidStatus.UNSUCCESSFUL})


def is_writer(user, organisation) -> bool:
    """An administrator or editor of `organisation` (asked of the database, not a cache)."""
    return (
        user.is_authenticated
        and OrganisationMember.objects.filter(
            organisation=organisation, user=user, role__in=BID_WRITERS
        ).exists()
    )


def membership_role(memberships, organisation_id) -> str | None:
    """The person's role in the organisation, from their memberships (already fetched)."""
    for membership in memberships:
        if membership.organisation_id == organisation_id:
            return membership.role
    return None


def can_write_role(role) -> bool:
    return role in BID_WRITERS


def can_move(user, bid, to) -> bool:
    if to in PROVIDER_MOVES:
        return is_writer(user, bid.organisation)
    if to in OFFICE_MOVES:
        return has_role(user, bid.round.lead_body, *EDITORS)
    return False


def can_read_upload(user, bid) -> bool:
    """A file uploaded as an answer: the organisation's members at any time; office staff of
    the round's lead or partner body once the bid is submitted and the round no longer sealed;
    an assessor (staff or co-opted) assigned to this bid who declared no conflict, as long as
    they are an assessor of a body whose assessors the round takes (the score page shows
    them the rest of the bid)."""
    from django.utils import timezone

    from commissioning.rules import can_read_office
    from commissioning.services.rounds import round_is_sealed

    if not user.is_authenticated:
        return False
    if OrganisationMember.objects.filter(organisation_id=bid.organisation_id, user=user).exists():
        return True
    if bid.submitted_at is None:
        return False
    if not round_is_sealed(bid.round, timezone.now()) and can_read_office(user, bid.round):
        return True
    return _assesses(user, bid)


def _assesses(user, bid) -> bool:
    """Assigned to the bid and declared no conflict (scoring or completed), still one of the
    round's assessors. The assessor's own selector: never their own organisation's bid."""
    from commissioning.assessment.models import SEEING_STATUSES
    from commissioning.assessment.rules import assessor_body_ids
    from commissioning.assessment.selectors import assignment_list_for_assessor
    from core.models import Membership, Role

    return (
        assignment_list_for_assessor(user=user).filter(bid=bid, status__in=SEEING_STATUSES).exists()
        and Membership.objects.filter(
            user=user, role=Role.ASSESSOR, body_id__in=assessor_body_ids(bid.round)
        ).exists()
    )
