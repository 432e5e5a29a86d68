"""Reminders that a round is closing: a week before and the day before its close, counted
in London days, e-mailed once each (notify_once) to the people of each organisation with a
draft bid in the round. An organisation given more time is reminded of its own closing instant.

Beat runs `round_closing_reminders_send` every morning; running it twice, or after a missed
morning, sends nothing twice: each reminder is keyed by the round, how many days before
and the closing date it names (a round extended after its reminder is reminded again).
"""

import datetime

from django.db.models import Q
from django.utils import timezone

from commissioning.models import OrganisationExtension, Round, RoundStatus
from commissioning.services.news import organisation_notify
from commissioning.services.rounds import round_closes_at_for
from core.london_time import LONDON, london_datetime_for_people
from providers.models import Organisation

# Days before the close (London dates) on which each reminder is due, and the longest wait
# it covers: a week's reminder goes out from 7 days to 2 days before (a round published
# late, a missed morning), the last one on the day before or the closing day itself.
REMINDERS = {7: range(2, 8), 1: range(0, 2)}
# Statuses in which a round still takes bids from someone (by the clock, or an extension).
TAKING_BIDS = (RoundStatus.SCHEDULED, RoundStatus.OPEN, RoundStatus.CLOSED)


def reminded_organisations(round_):
    """Who is reminded: organisations with a draft bid in the round (one that submitted, or
    only follows the round, is not told it is closing)."""
    from commissioning.bids.models import BidStatus

    return (
        Organisation.objects.filter(bids__round=round_, bids__status=BidStatus.DRAFT)
        .distinct()
        .order_by("pk")
    )


def _london_day(moment) -> datetime.date:
    return moment.astimezone(LONDON).date()


def _day_start(day) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(), tzinfo=LONDON)


def _rounds_closing_between(start, end):
    """Rounds closing, for everyone or for one organisation, in [start, end)."""
    extended = OrganisationExtension.objects.filter(closes_at__gte=start, closes_at__lt=end).values(
        "round_id"
    )
    return (
        Round.objects.filter(status__in=TAKING_BIDS)
        .filter(Q(closes_at__gte=start, closes_at__lt=end) | Q(pk__in=extended))
        .select_related("lead_body")
        .order_by("pk")
    )


def round_closing_reminders_send(*, now=None) -> int:
    """E-mail every reminder due at `now`; how many e-mails were queued."""
    now = now or timezone.now()
    today = _london_day(now)
    longest = max(max(days) for days in REMINDERS.values())
    rounds = _rounds_closing_between(now, _day_start(today + datetime.timedelta(days=longest + 1)))
    sent = 0
    for round_ in rounds:
        if round_.opens_at > now:
            continue
        for organisation in reminded_organisations(round_):
            closes_at = round_closes_at_for(round_, organisation)
            if closes_at <= now:
                continue
            days_left = (_london_day(closes_at) - today).days
            for reminder, window in REMINDERS.items():
                if days_left not in window:
                    continue
                sent += organisation_notify(
                    round_,
                    organisation,
                    event=f"closing-reminder:{reminder}:{_london_day(closes_at).isoformat()}",
                    template="commissioning/round_closing",
                    context={
                        "closes_at": london_datetime_for_people(closes_at),
                        "days_left": days_left,
                    },
                )
    return sent
