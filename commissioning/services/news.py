"""E-mails to the people of the organisations following a round (through notify_once)."""

from django.urls import reverse

from core.bilingual import in_language
from core.london_time import london_datetime_for_people
from core.notifications import notify_once
from providers.models import OrganisationMember

FOLLOWED_ROUND_NEWS = "commissioning.followed_round"
NEW_ROUND_ALERT = "commissioning.new_round_alert"


def _round_context(round_) -> dict:
    return {
        "round_title": round_.title,
        "round_url": reverse("commissioning:public-round", kwargs={"pk": round_.pk}),
        "body": round_.lead_body.name,
        "opens_at": london_datetime_for_people(round_.opens_at),
        "closes_at": london_datetime_for_people(round_.closes_at),
    }


def follower_people(round_):
    """Active members of every organisation following the round (one query)."""
    return [
        member.user
        for member in OrganisationMember.objects.filter(
            organisation__round_follows__round=round_, user__is_active=True
        )
        .select_related("user")
        .order_by("user_id")
        .distinct()
    ]


def followers_notify(round_, *, event, template, context=None) -> int:
    """E-mail everyone following the round about `event` once; how many were queued."""
    sent = 0
    seen = set()
    for user in follower_people(round_):
        if user.pk in seen:
            continue
        seen.add(user.pk)
        full = {**_round_context(round_), **(context or {})}
        full["round_title"] = in_language(round_, "title", language=user.language)
        if notify_once(
            f"round:{round_.pk}:{event}",
            user,
            kind=FOLLOWED_ROUND_NEWS,
            template=template,
            context=full,
        ):
            sent += 1
    return sent


def organisation_notify(round_, organisation, *, event, template, context=None) -> int:
    """E-mail the active people of one organisation about `event` of the round, once each;
    how many were queued. (Its extension, its reminders: nobody else's business.)"""
    sent = 0
    members = (
        OrganisationMember.objects.filter(organisation=organisation, user__is_active=True)
        .select_related("user")
        .order_by("user_id")
    )
    for member in members:
        user = member.user
        full = {**_round_context(round_), **(context or {})}
        full["round_title"] = in_language(round_, "title", language=user.language)
        full["organisation"] = organisation.name
        if notify_once(
            f"round:{round_.pk}:{event}",
            user,
            kind=FOLLOWED_ROUND_NEWS,
            template=template,
            context=full,
        ):
            sent += 1
    return sent
