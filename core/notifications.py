"""E-mails sent at most once per event and person, honouring each person's preferences.

    notification_kind_register(
        "funding.round_closing", label=_("A round you follow is about to close"),
        applies_to=lambda user: ...,   # who sees it on their preferences page
    )

    notify_once(
        f"round:{round.pk}:closing", user, kind="funding.round_closing",
        template="funding/round_closing", context={"round": round.title, ...},
    )

`notify_once` writes a unique `NotificationSent` row (event, person) and queues the e-mail in
the same transaction: run it twice, or from two workers at once, and the person gets one
e-mail; roll the transaction back and neither the row nor the e-mail remains. A person who
turned the kind off on their preferences page (`core:notification-preferences`) gets none.
Register kinds in `AppConfig.ready()`; a kind people may not turn off (`optional=False`,
e.g. a decision about their own bid) is listed on the page as always sent.

Count deadlines for reminders in working days (core.working_days).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from core.models import NotificationOptOut


@dataclass(frozen=True)
class NotificationKind:
    kind: str
    label: str
    optional: bool
    applies_to: Callable

    def offered_to(self, user) -> bool:
        return bool(self.applies_to(user))


_KINDS: dict[str, NotificationKind] = {}


class NotificationKindUnknownError(LookupError):
    pass


def notification_kind_register(kind, *, label, optional=True, applies_to=None):
    """Call from an AppConfig.ready(): a kind of e-mail, and who may see it among their choices."""
    if kind in _KINDS:
        raise ValueError(f"the notification kind {kind!r} is registered twice")
    _KINDS[kind] = NotificationKind(
        kind=kind,
        label=label,
        optional=optional,
        applies_to=applies_to or (lambda user: True),
    )
    return _KINDS[kind]


def notification_kind_unregister(kind) -> None:
    _KINDS.pop(kind, None)


def notification_kinds_for(user) -> list[NotificationKind]:
    """The kinds that apply to this person, in the order they were registered."""
    return [spec for spec in _KINDS.values() if spec.offered_to(user)]


def notification_opt_outs(*, kind) -> set[int]:
    """The ids of everyone who turned this kind off (one query, for a batch of reminders)."""
    return set(NotificationOptOut.objects.filter(kind=kind).values_list("user_id", flat=True))


def notification_wanted(user, *, kind) -> bool:
    spec = _KINDS.get(kind)
    if spec is None:
        raise NotificationKindUnknownError(f"register the notification kind {kind!r} first")
    if not spec.optional:
        return True
    return not NotificationOptOut.objects.filter(user=user, kind=kind).exists()


@transaction.atomic
def notification_preferences_save(*, user, turned_off) -> None:
    """Keep exactly these optional kinds turned off for this person."""
    offered = {spec.kind for spec in notification_kinds_for(user) if spec.optional}
    turned_off = set(turned_off) & offered
    NotificationOptOut.objects.filter(user=user, kind__in=offered - turned_off).delete()
    have = set(
        NotificationOptOut.objects.filter(user=user, kind__in=turned_off).values_list(
            "kind", flat=True
        )
    )
    NotificationOptOut.objects.bulk_create(
        [NotificationOptOut(user=user, kind=kind) for kind in sorted(turned_off - have)]
    )


def _email_queue(*, recipient, template, context, language):
    """How notify_once hands over the e-mail: core.email today (one call, kept here alone so
    it can become the e-mail outbox's row without touching anything else)."""
    from core.email import email_send

    email_send(to=[recipient.email], template=template, context=context, language=language)


def notify_once(event_key, recipient, *, kind, template, context, language=None) -> bool:
    """Queue `template` to `recipient` once for `event_key`; True if it was queued now.

    False when it was already sent for this event, when the person turned `kind` off, or
    when their account is inactive.
    """
    if not recipient.is_active or not notification_wanted(recipient, kind=kind):
        return False
    with transaction.atomic():
        # The unique row decides: a second call (or a concurrent one, which waits for the
        # first to commit) inserts nothing and sends nothing.
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO core_notificationsent (event_key, recipient_id, kind, sent_at) "
                "VALUES (%s, %s, %s, %s) "
                "ON CONFLICT (event_key, recipient_id) DO NOTHING RETURNING id",
                [event_key, recipient.pk, kind, timezone.now()],
            )
            if cursor.fetchone() is None:
                return False
        _email_queue(
            recipient=recipient,
            template=template,
            context=context,
            language=language or recipient.language,
        )
    return True
