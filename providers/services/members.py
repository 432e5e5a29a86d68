"""People in an organisation: invitations, join requests, roles, leaving.

Every change to an organisation's people locks the organisation's row first, so that two
administrators demoting or removing each other at the same moment cannot leave it with none:
the second waits for the first and then counts the administrators that are left.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.email import email_send
from providers.errors import (
    AdministratorRequired,
    AlreadyMember,
    JoinRequestAlreadyDecided,
    LastAdministrator,
    LinkNotValid,
    SiteAdministratorRequired,
)
from providers.models import (
    MEMBER_ROLE_PHRASES,
    Invitation,
    JoinRequest,
    MemberRole,
    Organisation,
    OrganisationMember,
)

INVITATION_DAYS = 7
_INVITATION_SALT = "providers.invitation"


def _lock(organisation) -> Organisation:
    return Organisation.objects.select_for_update().get(pk=organisation.pk)


def _administrator_emails(organisation) -> list[str]:
    return list(
        organisation.members.filter(
            role=MemberRole.ADMINISTRATOR, user__is_active=True
        ).values_list("user__email", flat=True)
    )


def _require_administrator(organisation, user):
    """The person acting administers the organisation. Checked after the organisation's row
    is locked, so an administrator demoted a moment ago by another no longer counts."""
    is_administrator = OrganisationMember.objects.filter(
        organisation_id=organisation.pk,
        user_id=user.pk,
        role=MemberRole.ADMINISTRATOR,
        user__is_active=True,
    ).exists()
    if not is_administrator:
        raise AdministratorRequired


def _refuse_losing_last_administrator(member):
    if member.role != MemberRole.ADMINISTRATOR:
        return
    others = (
        OrganisationMember.objects.filter(
            organisation_id=member.organisation_id, role=MemberRole.ADMINISTRATOR
        )
        .exclude(pk=member.pk)
        .exists()
    )
    if not others:
        raise LastAdministrator


@transaction.atomic
def member_role_change(*, member, role, changed_by) -> OrganisationMember:
    """An administrator gives a member another role. The last administrator keeps theirs."""
    _lock(member.organisation)
    _require_administrator(member.organisation, changed_by)
    member = OrganisationMember.objects.select_related("organisation", "user").get(pk=member.pk)
    role = MemberRole(role)
    if member.role == role:
        return member
    if role != MemberRole.ADMINISTRATOR:
        _refuse_losing_last_administrator(member)
    member.role = role
    member.save(update_fields=["role"])
    return member


@transaction.atomic
def member_remove(*, member, removed_by) -> None:
    """An administrator removes a member, or a member leaves (removed_by is then the member's
    own user)."""
    _lock(member.organisation)
    if member.user_id != removed_by.pk:
        _require_administrator(member.organisation, removed_by)
    member = OrganisationMember.objects.filter(pk=member.pk).first()
    if member is None:
        return  # already removed: pressing the button twice changes nothing
    _refuse_losing_last_administrator(member)
    member.delete()


@transaction.atomic
def member_appoint_administrator(*, organisation, user, appointed_by) -> OrganisationMember:
    """A site administrator makes someone an administrator, when no administrator can be reached
    (left the organisation's employment, lost access to their e-mail)."""
    if not (appointed_by.is_active and appointed_by.is_superuser):
        raise SiteAdministratorRequired
    _lock(organisation)
    member, _created = OrganisationMember.objects.update_or_create(
        organisation=organisation, user=user, defaults={"role": MemberRole.ADMINISTRATOR}
    )
    return member


# --- Invitations ----------------------------------------------------------------------------


def invitation_token(invitation) -> str:
    """The secret part of an invitation's link: the invitation's id, signed.

    Nothing secret is stored; the invitation row says whether the link still works.
    """
    return signing.dumps(invitation.pk, salt=_INVITATION_SALT)


def invitation_link(invitation) -> str:
    path = reverse("providers:invitation-accept", kwargs={"token": invitation_token(invitation)})
    return settings.SITE_URL + path


def invitation_from_token(token: str) -> Invitation:
    """The invitation a link names, whatever its state; raises LinkNotValid if it names none."""
    try:
        pk = signing.loads(token, salt=_INVITATION_SALT)
    except signing.BadSignature:
        raise _broken_link() from None
    invitation = (
        Invitation.objects.select_related("organisation", "invited_by").filter(pk=pk).first()
    )
    if invitation is None:
        raise _broken_link()
    return invitation


def _broken_link():
    return LinkNotValid(
        LinkNotValid.BROKEN,
        _("The link is not complete. Copy the whole link from the email and try again."),
    )


def invitation_check(*, invitation, user=None) -> None:
    """Raise LinkNotValid unless `invitation` can be accepted (by `user`, when given)."""
    if invitation.accepted_at is not None:
        raise LinkNotValid(
            LinkNotValid.USED,
            _("This invitation has already been used. Sign in to see your organisations."),
        )
    if invitation.revoked_at is not None:
        raise LinkNotValid(
            LinkNotValid.CANCELLED,
            _("This invitation was cancelled. Ask the organisation's administrator for a new one."),
        )
    if invitation.expires_at <= timezone.now():
        raise LinkNotValid(
            LinkNotValid.EXPIRED,
            _(
                "This invitation has expired: invitations last %(days)d days. Ask the "
                "organisation's administrator for a new one."
            )
            % {"days": INVITATION_DAYS},
        )
    if user is not None and user.email.lower() != invitation.email.lower():
        raise LinkNotValid(
            LinkNotValid.WRONG_PERSON,
            _(
                "This invitation was sent to %(email)s. Sign out, then sign in or create an "
                "account with that email address."
            )
            % {"email": invitation.email},
        )


@transaction.atomic
def member_invite(*, organisation, email, role, invited_by) -> Invitation:
    """Invite someone by e-mail. Inviting the same address again replaces the open invitation."""
    email = email.strip().lower()
    role = MemberRole(role)
    _lock(organisation)
    _require_administrator(organisation, invited_by)
    if organisation.members.filter(user__email__iexact=email).exists():
        raise AlreadyMember(email=email)
    now = timezone.now()
    Invitation.objects.filter(
        organisation=organisation,
        email__iexact=email,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
    ).update(revoked_at=now)
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        role=role,
        invited_by=invited_by,
        created_at=now,
        expires_at=now + timedelta(days=INVITATION_DAYS),
    )
    email_send(
        to=email,
        template="providers/invitation",
        context={
            "organisation": organisation.name,
            "invited_by": invited_by.get_full_name(),
            "role": str(MEMBER_ROLE_PHRASES[role]),
            "link": invitation_link(invitation),
            "days": INVITATION_DAYS,
        },
    )
    return invitation


@transaction.atomic
def invitation_accept(*, invitation, user) -> OrganisationMember:
    """Join the organisation. The link works once, before it expires, for the address invited.

    Raises LinkNotValid otherwise.
    """
    # Organisation first, then the invitation: the same order as member_invite, so an accept
    # and a re-invite at the same moment wait for each other rather than deadlock.
    _lock(invitation.organisation)
    invitation = (
        Invitation.objects.select_for_update().select_related("organisation").get(pk=invitation.pk)
    )
    invitation_check(invitation=invitation, user=user)
    member, _created = OrganisationMember.objects.get_or_create(
        organisation=invitation.organisation, user=user, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return member


@transaction.atomic
def invitation_revoke(*, invitation, revoked_by) -> None:
    """An administrator cancels an invitation not yet accepted; cancelling twice is nothing."""
    _lock(invitation.organisation)
    _require_administrator(invitation.organisation, revoked_by)
    Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())


# --- Join requests ---------------------------------------------------------------------------


@transaction.atomic
def join_request_create(*, organisation, user, message="") -> JoinRequest:
    """Ask to join an organisation already registered; its administrators are told by e-mail.

    Asking again while a request waits changes nothing.
    """
    _lock(organisation)
    if organisation.members.filter(user=user).exists():
        raise AlreadyMember(email=user.email)
    pending = organisation.join_requests.filter(user=user, status=JoinRequest.Status.PENDING)
    existing = pending.first()
    if existing is not None:
        return existing
    join_request = JoinRequest.objects.create(
        organisation=organisation, user=user, message=message.strip()
    )
    link = settings.SITE_URL + reverse(
        "providers:join-request-decide",
        kwargs={"pk": organisation.pk, "request_pk": join_request.pk},
    )
    email_send(
        to=_administrator_emails(organisation),
        template="providers/join_request",
        context={
            "organisation": organisation.name,
            "person": user.get_full_name(),
            "email": user.email,
            "message": join_request.message,
            "link": link,
        },
    )
    return join_request


@transaction.atomic
def join_request_decide(*, join_request, approve: bool, role=MemberRole.VIEWER, decided_by):
    """Approve (with a role) or decline a request to join; the person is told by e-mail."""
    join_request = (
        JoinRequest.objects.select_for_update()
        .select_related("organisation", "user")
        .get(pk=join_request.pk)
    )
    if join_request.status != JoinRequest.Status.PENDING:
        raise JoinRequestAlreadyDecided
    organisation = _lock(join_request.organisation)
    _require_administrator(organisation, decided_by)
    if approve:
        OrganisationMember.objects.get_or_create(
            organisation=organisation, user=join_request.user, defaults={"role": MemberRole(role)}
        )
    join_request.status = JoinRequest.Status.APPROVED if approve else JoinRequest.Status.DECLINED
    join_request.decided_by = decided_by
    join_request.decided_at = timezone.now()
    join_request.save(update_fields=["status", "decided_by", "decided_at"])
    email_send(
        to=join_request.user.email,
        template="providers/join_request_decided",
        context={
            "organisation": organisation.name,
            "approved": approve,
            "role": str(MEMBER_ROLE_PHRASES[MemberRole(role)]) if approve else "",
            "link": settings.SITE_URL + reverse("core:home"),
        },
    )
    return join_request
