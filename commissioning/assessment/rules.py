"""Who may assess, assign and moderate: one place for services, views and templates to ask.

- The lead body's commissioning officers and decision makers assign assessors and see every
  declaration; staff of a partner body read the round's assessment and moderation.
- Assessors are people with the assessor role for the lead body (staff or co-opted) or, in a
  joint round, for a partner body. A member of the bidding organisation (or of a registered
  partner in the bid) is never assigned to its bid, and never sees it.
- A moderator is a commissioning officer of the lead body who did not assess the bid (was
  never assigned to it) and declared no conflict on it.
"""

from django.utils import timezone

from commissioning.models import Phase, RoundStatus
from commissioning.rules import EDITORS, can_read_office
from core.access import has_role
from core.models import Membership, Role

MODERATORS = frozenset({Role.COMMISSIONING_OFFICER})
# A round's bids are assessed after its closing instant, until it is decided.
ASSESSABLE_STATUSES = frozenset({RoundStatus.OPEN, RoundStatus.CLOSED, RoundStatus.ASSESSING})


def can_assign(user, round_) -> bool:
    return has_role(user, round_.lead_body, *EDITORS)


def can_read_assessment(user, round_) -> bool:
    """The round's assessment overview, declarations, moderation and ranking (reading)."""
    return can_read_office(user, round_)


def can_moderate_round(user, round_) -> bool:
    return has_role(user, round_.lead_body, *MODERATORS)


def is_sealed(round_, *, now=None) -> bool:
    """Until the closing instant (and every individual extension) the office sees counts only
    (commissioning.services.rounds.round_is_sealed): no bid is assigned, listed or scored."""
    from commissioning.services.rounds import round_is_sealed

    return round_.phase_at(now or timezone.now()) != Phase.CLOSED or round_is_sealed(
        round_, now or timezone.now()
    )


def is_assessable(round_, *, now=None) -> bool:
    """Closed by the clock (bids are no longer sealed) and not yet decided or cancelled."""
    return round_.status in ASSESSABLE_STATUSES and not is_sealed(round_, now=now)


def _scores_problem(user, **where) -> str | None:
    """Why `user` may not read scores of the bids `where` selects: they are assessing one and
    have not completed (others' scores come after one's own), or declared a conflict on one."""
    from django.contrib.auth import get_user_model
    from django.db.models import Exists

    from commissioning.assessment.models import Assignment, AssignmentStatus, Declaration

    # Both asked in one query (a round trip is 1 to 3 ms on the bench's machine).
    assessing, conflict = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .annotate(
            assessing=Exists(
                Assignment.objects.filter(assessor=user, **where).exclude(
                    status__in=[AssignmentStatus.COMPLETED, AssignmentStatus.REMOVED]
                )
            ),
            conflict=Exists(Declaration.objects.filter(person=user, conflict=True, **where)),
        )
        .values_list("assessing", "conflict")
        .get()
    )
    if assessing:
        return "assessing"
    if conflict:
        return "conflict"
    return None


def sees_scores_problem(user, bid) -> str | None:
    """Why an office reader may not see the bid's scores side by side."""
    return _scores_problem(user, bid=bid)


def sees_ranking_problem(user, round_) -> str | None:
    """Why an office reader may not see the round's ranked list: it shows every bid's score so
    far, so the same reasons as `sees_scores_problem`, taken over the whole round."""
    return _scores_problem(user, round=round_)


def assessor_body_ids(round_) -> list[int]:
    """The bodies whose assessors may be assigned: the lead and, in a joint round, partners."""
    return [round_.lead_body_id, *round_.partner_bodies.values_list("pk", flat=True)]


def eligible_assessors(round_):
    """Memberships of the people who may assess the round's bids (one query)."""
    return (
        Membership.objects.filter(
            role=Role.ASSESSOR, body_id__in=assessor_body_ids(round_), user__is_active=True
        )
        .select_related("user", "body")
        .order_by("user__full_name", "user__email")
    )


def bid_organisation_ids(bid) -> set[int]:
    """The bidding organisation and every registered partner organisation in the bid."""
    ids = {bid.organisation_id}
    ids.update(
        bid.partners.exclude(organisation__isnull=True).values_list("organisation_id", flat=True)
    )
    return ids
