"""`{% session_warning %}`: the "Stay signed in" warning for sessions that end when idle.

Drawn hidden on every page of a verified session (core/session_expiry.py); static/js/session.js
shows it `SESSION_WARNING_SECONDS` before the session would end. Without JavaScript nothing
shows, and the session still ends on the server.
"""

from django import template
from django.conf import settings

from core import session_expiry

register = template.Library()


@register.inclusion_tag("includes/session_warning.html", takes_context=True)
def session_warning(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_verified():
        return {"show": False}
    return {
        "show": True,
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "seconds_left": session_expiry.idle_seconds_left(request),
        "idle_seconds": session_expiry.idle_seconds(),
        "warning_seconds": settings.SESSION_WARNING_SECONDS,
        "warning_minutes": settings.SESSION_WARNING_SECONDS // 60,
    }
