"""At the close: an organisation whose bid is still a draft when its closing instant (the
round's, or its own extension's) has passed is told once that the bid was not submitted,
with a link to a PDF of its answers so far (`Bid.draft_copy`, made by the worker).

Beat runs `unsubmitted_bids_notify` every minute. Each draft is stamped with the closing
instant it was told about (`Bid.not_submitted_notice_for`) in the transaction that queues
the e-mails, under the bid's row lock, and the e-mails are keyed by that instant in
`notify_once`: running twice, or two workers at once, tells nobody twice. An extension
given to the organisation after it was told (before the bids are opened) moves its close:
it is told again at the new close, with a new copy of its answers.
"""

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from commissioning.bids.documents import bid_draft_attach
from commissioning.bids.models import Bid, BidStatus
from commissioning.models import OrganisationExtension, RoundStatus
from commissioning.services.rounds import round_closes_at_for
from core.bilingual import in_language
from core.london_time import london_datetime_for_people
from core.notifications import notify_once
from providers.models import OrganisationMember

BID_NOT_SUBMITTED = "commissioning.bid_not_submitted"
# A round cancelled before its close tells its people so itself; its drafts are not "late".
NOT_TOLD = (RoundStatus.CANCELLED,)


def _candidates(now):
    """Drafts whose round has closed for everyone, not yet told, or told of a close an
    extension for their organisation has since moved (the close itself is checked after)."""
    later_extension = OrganisationExtension.objects.filter(
        round_id=OuterRef("round_id"),
        organisation_id=OuterRef("organisation_id"),
        closes_at__gt=OuterRef("not_submitted_notice_for"),
    )
    return (
        Bid.objects.filter(status=BidStatus.DRAFT, round__closes_at__lte=now)
        .exclude(round__status__in=NOT_TOLD)
        .filter(Q(not_submitted_notice_for__isnull=True) | Exists(later_extension))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def unsubmitted_bids_notify(*, now=None) -> int:
    """Tell each organisation whose draft was not submitted by its close; how many drafts."""
    now = now or timezone.now()
    told = 0
    for pk in list(_candidates(now)):
        if _notify(pk, now=now):
            told += 1
    return told


@transaction.atomic
def _notify(pk, *, now) -> bool:
    bid = (
        Bid.objects.select_for_update(of=("self",))
        .select_related("round", "round__lead_body", "organisation")
        .get(pk=pk)
    )
    if bid.status != BidStatus.DRAFT:
        return False  # submitted meanwhile (an extension was still running)
    closed_at = round_closes_at_for(bid.round, bid.organisation)
    if closed_at > now or bid.not_submitted_notice_for == closed_at:
        return False
    bid.not_submitted_notice_for = closed_at
    bid.draft_copy = None  # a new copy of the answers as they are at this close
    bid.save(update_fields=["not_submitted_notice_for", "draft_copy"])
    bid_draft_attach(bid, closed_at=closed_at)
    members = OrganisationMember.objects.filter(
        organisation_id=bid.organisation_id, user__is_active=True
    ).select_related("user")
    for member in members.order_by("user_id"):
        user = member.user
        notify_once(
            f"bid:{bid.pk}:not-submitted:{closed_at.isoformat()}",
            user,
            kind=BID_NOT_SUBMITTED,
            template="commissioning/bid_not_submitted",
            context={
                "round_title": in_language(bid.round, "title", language=user.language),
                "organisation": bid.organisation.name,
                "closed_at": london_datetime_for_people(closed_at),
                # The bid's page offers the PDF (sign-in needed); it is never attached.
                "bid_url": reverse("commissioning:bid", args=[bid.pk]),
            },
        )
    return True
