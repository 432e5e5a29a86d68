"""What happens around a round once it is published: extensions, following, clarifications
and alerts for new rounds."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from commissioning.errors import ClarificationRefused, ExtensionRefused, RoundNotOpen
from commissioning.models import (
    Clarification,
    Phase,
    Round,
    RoundAlert,
    RoundExtension,
    RoundFollow,
)
from commissioning.services._common import require_editor, round_lock
from commissioning.services.news import NEW_ROUND_ALERT, _round_context, followers_notify
from core.bilingual import in_language
from core.london_time import london_datetime_for_people
from core.notifications import notify_once
from providers.models import Organisation, OrganisationMember


@transaction.atomic
def round_extend(*, round, by, closes_at, reason, now=None) -> RoundExtension:
    """A later closing time, with the reason; everyone following the round is e-mailed."""
    now = now or timezone.now()
    locked = round_lock(round)
    require_editor(by, locked)
    reason = (reason or "").strip()
    if not reason:
        raise ExtensionRefused(_("Enter why the closing time is being extended."))
    if locked.phase_at(now) not in (Phase.UPCOMING, Phase.OPEN):
        raise ExtensionRefused(_("Only a published round that has not closed can be extended."))
    if closes_at <= locked.closes_at:
        raise ExtensionRefused(
            _("The new closing time must be after %(when)s.")
            % {"when": london_datetime_for_people(locked.closes_at)}
        )
    extension = RoundExtension.objects.create(
        round=locked,
        previous_closes_at=locked.closes_at,
        closes_at=closes_at,
        reason=reason,
        by=by,
        at=now,
    )
    locked.closes_at = closes_at
    locked.save(update_fields=["closes_at", "updated_at"])
    round.closes_at = closes_at
    followers_notify(
        locked,
        event=f"extension:{extension.pk}",
        template="commissioning/round_extended",
        context={
            "reason": reason,
            "previous_closes_at": london_datetime_for_people(extension.previous_closes_at),
        },
    )
    return extension


# --- Following --------------------------------------------------------------------------------


def round_follow(*, round, organisation, by, now=None) -> RoundFollow:
    """Follow a published round that has not closed; following twice changes nothing."""
    now = now or timezone.now()
    if round.phase_at(now) not in (Phase.UPCOMING, Phase.OPEN):
        raise RoundNotOpen(_("You can follow a round only until it closes."))
    follow, _created = RoundFollow.objects.get_or_create(
        round=round, organisation=organisation, defaults={"followed_by": by}
    )
    return follow


def round_unfollow(*, round, organisation) -> None:
    RoundFollow.objects.filter(round=round, organisation=organisation).delete()


def is_following(*, round, organisation) -> bool:
    return RoundFollow.objects.filter(round=round, organisation=organisation).exists()


# --- Clarifications ---------------------------------------------------------------------------


def clarification_ask(*, round, organisation, by, question, now=None) -> Clarification:
    """A provider's question, while the round is published and not closed by the clock."""
    now = now or timezone.now()
    question = (question or "").strip()
    if not question:
        raise ClarificationRefused(_("Enter your question."))
    if round.phase_at(now) not in (Phase.UPCOMING, Phase.OPEN):
        raise RoundNotOpen(_("The round has closed, so it takes no more questions."))
    return Clarification.objects.create(
        round=round, organisation=organisation, asked_by=by, question=question, asked_at=now
    )


@transaction.atomic
def clarification_answer(
    *, clarification, by, answer, published_question="", answer_cy="", now=None
) -> Clarification:
    """Publish the answer on the round page and e-mail it to followers, without the asker."""
    now = now or timezone.now()
    locked_round = round_lock(clarification.round)
    require_editor(by, locked_round)
    locked = Clarification.objects.select_for_update().get(pk=clarification.pk)
    if locked.is_answered:
        raise ClarificationRefused(_("This question has already been answered."))
    answer = (answer or "").strip()
    if not answer:
        raise ClarificationRefused(_("Enter the answer."))
    locked.answer = answer
    locked.answer_cy = answer_cy.strip()
    locked.published_question = (published_question or "").strip() or locked.question
    locked.answered_by = by
    locked.answered_at = now
    locked.save()
    followers_notify(
        locked_round,
        event=f"clarification:{locked.pk}",
        template="commissioning/clarification",
        context={"question": locked.published_question, "answer": locked.answer},
    )
    return locked


# --- Alerts for new rounds --------------------------------------------------------------------


def round_alert_subscribe(*, organisation, by) -> RoundAlert:
    alert, _created = RoundAlert.objects.get_or_create(
        organisation=organisation, defaults={"created_by": by}
    )
    return alert


def round_alert_unsubscribe(*, organisation) -> None:
    RoundAlert.objects.filter(organisation=organisation).delete()


def matching_organisations(round_):
    """Organisations with an alert whose service categories and areas meet the round's.

    A round with no areas named serves its lead and partner bodies' areas."""
    areas = list(round_.areas_served.values_list("pk", flat=True)) or [
        round_.lead_body_id,
        *round_.partner_bodies.values_list("pk", flat=True),
    ]
    categories = list(round_.service_categories.values_list("pk", flat=True))
    return Organisation.objects.filter(
        round_alert__isnull=False,
        service_categories__in=categories,
        areas_served__in=areas,
    ).distinct()


def new_round_alerts_send(*, round_pk) -> int:
    """E-mail the people of every matching organisation once per round; how many queued."""
    round_ = Round.objects.select_related("lead_body").get(pk=round_pk)
    if round_.phase not in (Phase.UPCOMING, Phase.OPEN):
        return 0
    members = (
        OrganisationMember.objects.filter(
            organisation__in=matching_organisations(round_), user__is_active=True
        )
        .select_related("user")
        .order_by("user_id")
    )
    sent = 0
    seen = set()
    base = _round_context(round_)
    for member in members.iterator():
        user = member.user
        if user.pk in seen:
            continue
        seen.add(user.pk)
        context = {**base, "round_title": in_language(round_, "title", language=user.language)}
        if notify_once(
            f"round:{round_.pk}:new-round-alert",
            user,
            kind=NEW_ROUND_ALERT,
            template="commissioning/new_round",
            context=context,
        ):
            sent += 1
    return sent
