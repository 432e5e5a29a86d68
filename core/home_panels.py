"""Core's own home-page panels: roles, the office's staff, sign-in security, recent changes."""

from django.utils.translation import gettext_lazy as _

from core.access import has_role, staff_body, user_memberships
from core.home import HomePanel, register_home_panel
from core.models import Membership, QueuedEmail, Role
from core.second_factor import backup_codes_left

RECENT_EVENTS = 10


@register_home_panel(order=10)
def your_roles(request):
    memberships = user_memberships(request.user)
    if not memberships and not request.user.is_staff:
        return None
    return HomePanel(
        _("Your roles"),
        "core/panels/roles.html",
        {"memberships": memberships, "site_admin": request.user.is_staff},
    )


@register_home_panel(order=20)
def your_office(request):
    body = staff_body(request.user)
    if body is None:
        return None
    # The office: its staff and assessors; the panel scrutinises the office and is not in it.
    colleagues = (
        Membership.objects.filter(body=body)
        .exclude(role=Role.PANEL_MEMBER)
        .select_related("user")
        .order_by("user__full_name")
    )
    people = {}
    for membership in colleagues:
        people.setdefault(membership.user, []).append(membership.get_role_display())
    return HomePanel(
        _("%(body)s: the office") % {"body": body.police_area},
        "core/panels/office.html",
        {"people": people.items()},
    )


@register_home_panel(order=30)
def sign_in_security(request):
    user = request.user
    return HomePanel(
        _("Sign-in security"),
        "core/panels/security.html",
        {
            "verified": user.is_verified(),
            "backup_codes_left": backup_codes_left(user=user),
        },
    )


@register_home_panel(order=40)
def recent_changes(request):
    body = staff_body(request.user)
    if body is None or not has_role(request.user, body, Role.DECISION_MAKER):
        return None
    events = (
        Membership.pgh_event_model.objects.filter(body_id=body.pk)
        .select_related("pgh_context", "user", "body")
        .order_by("-pgh_created_at")[:RECENT_EVENTS]
    )
    return HomePanel(
        _("Recent changes to your office's roles"),
        "core/panels/recent_changes.html",
        {"events": events},
    )


@register_home_panel(order=50)
def failed_emails(request):
    """Site administrators: e-mails the outbox gave up on (core.email), to fix and retry."""
    if not request.user.is_staff:
        return None
    failed = QueuedEmail.objects.filter(status=QueuedEmail.Status.FAILED).count()
    if not failed:
        return None
    return HomePanel(
        _("E-mails that could not be sent"), "core/panels/failed_emails.html", {"failed": failed}
    )
