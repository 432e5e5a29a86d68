"""People in an organisation: the member list, invitations, roles, leaving, join requests."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.forms import ConfirmForm
from core.pages import form_page, posted
from providers.access import (
    CURRENT_ORGANISATION_SESSION_KEY,
    administrator_required,
    is_provider_person,
    member_required,
)
from providers.errors import (
    AlreadyMember,
    JoinRequestAlreadyDecided,
    LastAdministrator,
    LinkNotValid,
)
from providers.forms import InviteForm, JoinRequestDecisionForm, RoleForm
from providers.models import MEMBER_ROLE_PHRASES, JoinRequest, MemberRole
from providers.selectors import (
    invitation_get_open,
    invitation_list_open,
    join_request_get_for_organisation,
    join_request_list_pending,
    member_get_for_organisation,
)
from providers.selectors import (
    member_list as members_of,
)
from providers.services.members import (
    invitation_accept as accept,
)
from providers.services.members import (
    invitation_check,
    invitation_from_token,
)
from providers.services.members import (
    invitation_revoke as revoke,
)
from providers.services.members import (
    join_request_decide as decide,
)
from providers.services.members import (
    member_invite as invite,
)
from providers.services.members import (
    member_remove as remove,
)
from providers.services.members import (
    member_role_change as change_role,
)


def _members_url(pk):
    return reverse("providers:member-list", kwargs={"pk": pk})


@member_required
@require_safe
def member_list(request, pk):
    """Queries: session, user, roles for bodies, the second-factor check's devices, the
    person's memberships, members, and for administrators pending join requests and open
    invitations; the same for 3 members or 300 (tests/providers/test_member_views.py)."""
    organisation = request.organisation
    administrator = request.membership.is_administrator
    return render(
        request,
        "providers/member_list.html",
        {
            "organisation": organisation,
            "membership": request.membership,
            "members": members_of(organisation=organisation),
            "invitations": invitation_list_open(organisation=organisation) if administrator else [],
            "join_requests": join_request_list_pending(organisation=organisation)
            if administrator
            else [],
        },
    )


@administrator_required
@require_http_methods(["GET", "POST"])
def member_invite(request, pk):
    organisation = request.organisation
    form = InviteForm(posted(request), cancel_url=_members_url(pk))
    return form_page(
        request,
        form,
        title=_("Invite someone"),
        save=lambda data: invite(
            organisation=organisation,
            email=data["email"],
            role=data["role"],
            invited_by=request.user,
        ),
        done=_members_url(pk),
        success=lambda invitation: (
            _("We have sent an invitation to %(email)s.") % {"email": invitation.email}
        ),
        error_fields={AlreadyMember: "email"},
        template="providers/member_invite.html",
        organisation=organisation,
    )


@administrator_required
@require_http_methods(["GET", "POST"])
def member_role_change(request, pk, member_pk):
    organisation = request.organisation
    member = member_get_for_organisation(organisation=organisation, pk=member_pk)
    form = RoleForm(posted(request), initial={"role": member.role}, cancel_url=_members_url(pk))
    return form_page(
        request,
        form,
        title=_("Change role"),
        save=lambda data: change_role(member=member, role=data["role"], changed_by=request.user),
        done=_members_url(pk),
        success=lambda changed: (
            _("%(name)s is now %(role)s.")
            % {
                "name": changed.user.get_full_name(),
                "role": MEMBER_ROLE_PHRASES[MemberRole(changed.role)],
            }
        ),
        error_fields={LastAdministrator: "role"},
        template="providers/member_role_change.html",
        organisation=organisation,
        member=member,
    )


def _remove(request, pk, member, *, leaving):
    organisation = request.organisation
    cancel = _members_url(pk)
    form = ConfirmForm(
        posted(request),
        button=_("Leave the organisation") if leaving else _("Remove"),
        warning=True,
        cancel_url=cancel,
    )
    problem = None
    if request.method == "POST" and form.is_valid():
        try:
            remove(member=member, removed_by=request.user)
        except LastAdministrator as error:
            problem = error.message
        else:
            if leaving:
                if request.session.get(CURRENT_ORGANISATION_SESSION_KEY) == organisation.pk:
                    del request.session[CURRENT_ORGANISATION_SESSION_KEY]
                messages.success(
                    request, _("You have left %(name)s.") % {"name": organisation.name}
                )
                return redirect("core:home")
            messages.success(
                request,
                _("%(name)s has been removed.") % {"name": member.user.get_full_name()},
            )
            return redirect(cancel)
    return render(
        request,
        "providers/member_remove.html",
        {
            "form": form,
            "organisation": organisation,
            "member": member,
            "leaving": leaving,
            "problem": problem,
            "title_prefix": _("Error:") + " " if problem else None,
        },
    )


@administrator_required
@require_http_methods(["GET", "POST"])
def member_remove(request, pk, member_pk):
    member = member_get_for_organisation(organisation=request.organisation, pk=member_pk)
    return _remove(request, pk, member, leaving=member.user_id == request.user.pk)


@member_required
@require_http_methods(["GET", "POST"])
def organisation_leave(request, pk):
    return _remove(request, pk, request.membership, leaving=True)


@administrator_required
@require_POST
def invitation_revoke(request, pk, invitation_pk):
    invitation = invitation_get_open(organisation=request.organisation, pk=invitation_pk)
    revoke(invitation=invitation, revoked_by=request.user)
    messages.success(
        request, _("The invitation to %(email)s is cancelled.") % {"email": invitation.email}
    )
    return redirect(_members_url(pk))


@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    """Anyone with the link sees whom it invites; a provider signed in with the address it
    was sent to joins. Office staff cannot join provider organisations (403)."""
    user = request.user
    if user.is_authenticated and not is_provider_person(user):
        raise PermissionDenied
    if request.method == "POST" and not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    invitation = None
    problem = None
    try:
        invitation = invitation_from_token(token)
        invitation_check(invitation=invitation, user=user if user.is_authenticated else None)
    except LinkNotValid as error:
        problem = error.message
    form = ConfirmForm(posted(request), button=_("Join the organisation"))
    if problem is None and request.method == "POST" and form.is_valid():
        try:
            membership = accept(invitation=invitation, user=user)
        except LinkNotValid as error:
            problem = error.message
        else:
            request.session[CURRENT_ORGANISATION_SESSION_KEY] = membership.organisation_id
            messages.success(
                request,
                _("You have joined %(name)s.") % {"name": membership.organisation.name},
            )
            return redirect("core:home")
    return render(
        request,
        "providers/invitation_accept.html",
        {
            "form": form,
            "invitation": invitation,
            "token": token,
            "problem": problem,
            "title_prefix": _("Error:") + " " if problem else None,
        },
    )


@administrator_required
@require_http_methods(["GET", "POST"])
def join_request_decide(request, pk, request_pk):
    organisation = request.organisation
    join_request = join_request_get_for_organisation(organisation=organisation, pk=request_pk)
    form = JoinRequestDecisionForm(posted(request), cancel_url=_members_url(pk))
    problem = None
    if join_request.status != JoinRequest.Status.PENDING:
        problem = JoinRequestAlreadyDecided().message
    elif request.method == "POST" and form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            decide(
                join_request=join_request,
                approve=approve,
                role=form.cleaned_data["role"] or MemberRole.VIEWER,
                decided_by=request.user,
            )
        except JoinRequestAlreadyDecided as error:
            problem = error.message
        else:
            name = join_request.user.get_full_name()
            messages.success(
                request,
                _("%(name)s has joined the organisation.") % {"name": name}
                if approve
                else _("You declined %(name)s's request.") % {"name": name},
            )
            return redirect(_members_url(pk))
    return render(
        request,
        "providers/join_request_decide.html",
        {
            "form": form,
            "organisation": organisation,
            "join_request": join_request,
            "problem": problem,
            "title_prefix": _("Error:") + " " if problem else None,
        },
    )
