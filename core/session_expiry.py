"""When a signed-in session ends, and when it last proved who is behind it.

For accounts that need a second factor (they see unpublished data and move money) a session
ends after `SESSION_IDLE_MINUTES` without activity, and after `SESSION_ABSOLUTE_HOURS`
whatever happens (core.middleware.SessionExpiryMiddleware). A page that refreshes itself is
not activity: views say so with `@not_activity`. Two minutes before the idle limit the page
warns and offers "Stay signed in" (WCAG 2.2.1, static/js/session.js).

`recent_sign_in_required` (core.access) asks for the password and a code again when either
was entered more than a given number of minutes ago.

Times are POSIX seconds in the session, read with `timezone.now()` so tests can travel.
"""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import timezone

SIGNED_IN_AT = "session_signed_in_at"
ACTIVE_AT = "session_active_at"
PASSWORD_AT = "session_password_at"  # noqa: S105 (a session key)
CODE_AT = "session_code_at"
SIGNED_OUT_REASON = "session_signed_out_reason"
# Writing the session on every request would cost a query each time; a minute is precise
# enough for a 30-minute limit.
ACTIVITY_RESOLUTION_SECONDS = 60


def now_seconds() -> float:
    return timezone.now().timestamp()


def idle_seconds() -> int:
    return settings.SESSION_IDLE_MINUTES * 60


def absolute_seconds() -> int:
    return settings.SESSION_ABSOLUTE_HOURS * 60 * 60


@receiver(user_logged_in)
def _signed_in(sender, request, user, **kwargs):
    """Every sign-in (the password checked) starts the clocks."""
    if request is None or not hasattr(request, "session"):
        return
    moment = now_seconds()
    request.session[SIGNED_IN_AT] = moment
    request.session[ACTIVE_AT] = moment
    request.session[PASSWORD_AT] = moment


def code_entered(request) -> None:
    """A code from the person's app (or a backup code) was checked just now."""
    request.session[CODE_AT] = now_seconds()


def password_entered(request) -> None:
    request.session[PASSWORD_AT] = now_seconds()


def expiry_reason(request) -> str | None:
    """ "idle" or "absolute" when the session has run out, else None."""
    session = request.session
    moment = now_seconds()
    signed_in_at = session.get(SIGNED_IN_AT)
    if signed_in_at is None:
        # A session from before these limits: its clocks start now.
        session[SIGNED_IN_AT] = session[ACTIVE_AT] = moment
        return None
    if moment - signed_in_at > absolute_seconds():
        return "absolute"
    if moment - session.get(ACTIVE_AT, moment) > idle_seconds():
        return "idle"
    return None


def activity_record(request) -> None:
    session = request.session
    moment = now_seconds()
    if moment - session.get(ACTIVE_AT, 0) >= ACTIVITY_RESOLUTION_SECONDS:
        session[ACTIVE_AT] = moment


def idle_seconds_left(request) -> int:
    active_at = request.session.get(ACTIVE_AT, now_seconds())
    return max(0, int(idle_seconds() - (now_seconds() - active_at)))


def signed_in_recently(request, *, minutes: int, with_code: bool) -> bool:
    """Whether the password (and, `with_code`, a code) were entered in the last `minutes`."""
    oldest = now_seconds() - minutes * 60
    entered = [request.session.get(PASSWORD_AT)]
    if with_code:
        entered.append(request.session.get(CODE_AT))
    return all(moment is not None and moment >= oldest for moment in entered)
