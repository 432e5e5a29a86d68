"""Registering an organisation, its profile, its identifiers, and choosing which to work for."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.pages import posted
from providers.access import (
    CURRENT_ORGANISATION_SESSION_KEY,
    administrator_required,
    member_required,
    provider_required,
)
from providers.errors import AlreadyMember, OrganisationAlreadyRegistered
from providers.forms import (
    IdentifiersForm,
    JoinRequestForm,
    OrganisationEditForm,
    OrganisationRegisterForm,
)
from providers.models import Organisation
from providers.selectors import identifier_list, organisation_list_for, organisation_profile
from providers.services.members import join_request_create
from providers.services.organisations import (
    PROFILE_FIELDS,
    PROFILE_RELATIONS,
    organisation_identifiers_change,
    organisation_update,
)
from providers.services.organisations import (
    organisation_register as register,
)

# The organisation a refused registration matched, offered on the join-request page.
JOIN_CANDIDATE_SESSION_KEY = "providers_join_candidate"


def _add_errors(form, error: ValidationError):
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _profile_initial(organisation):
    initial = {field: getattr(organisation, field) for field in PROFILE_FIELDS}
    for relation in PROFILE_RELATIONS:
        initial[relation] = list(getattr(organisation, relation).all())
    return initial


@provider_required
@require_http_methods(["GET", "POST"])
def organisation_register(request):
    form = OrganisationRegisterForm(posted(request))
    duplicate = None
    if request.method == "POST" and form.is_valid():
        try:
            organisation = register(registered_by=request.user, **form.cleaned_data)
        except OrganisationAlreadyRegistered as error:
            duplicate = error.organisation
            form.add_error(error.field, error.message)
            request.session[JOIN_CANDIDATE_SESSION_KEY] = duplicate.pk
        except ValidationError as error:
            _add_errors(form, error)
        else:
            request.session[CURRENT_ORGANISATION_SESSION_KEY] = organisation.pk
            messages.success(request, _("%(name)s is registered.") % {"name": organisation.name})
            return redirect("core:home")
    return render(
        request, "providers/organisation_register.html", {"form": form, "duplicate": duplicate}
    )


@provider_required
@require_http_methods(["GET", "POST"])
def join_request_new(request):
    """Ask to join the organisation a refused registration matched."""
    pk = request.session.get(JOIN_CANDIDATE_SESSION_KEY)
    organisation = Organisation.objects.filter(pk=pk).first() if pk else None
    if organisation is None:
        return redirect("providers:organisation-register")
    form = JoinRequestForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            join_request_create(
                organisation=organisation, user=request.user, message=form.cleaned_data["message"]
            )
        except AlreadyMember:
            request.session.pop(JOIN_CANDIDATE_SESSION_KEY, None)
            request.session[CURRENT_ORGANISATION_SESSION_KEY] = organisation.pk
            return redirect("core:home")
        request.session.pop(JOIN_CANDIDATE_SESSION_KEY, None)
        return render(request, "providers/join_request_sent.html", {"organisation": organisation})
    return render(
        request, "providers/join_request_new.html", {"form": form, "organisation": organisation}
    )


@provider_required
@require_safe
def organisation_list(request):
    return render(
        request,
        "providers/organisation_list.html",
        {
            "organisations": organisation_list_for(user=request.user),
            "current_pk": request.session.get(CURRENT_ORGANISATION_SESSION_KEY),
        },
    )


@member_required
@require_POST
def organisation_switch(request, pk):
    request.session[CURRENT_ORGANISATION_SESSION_KEY] = pk
    messages.success(
        request,
        _("You are working for %(name)s.") % {"name": request.organisation.name},
    )
    return redirect("core:home")


@member_required
@require_safe
def organisation_detail(request, pk):
    organisation = organisation_profile(pk=pk)
    return render(
        request,
        "providers/organisation_detail.html",
        {
            "organisation": organisation,
            "membership": request.membership,
            "past_identifiers": organisation.past_identifiers,
        },
    )


@administrator_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request, pk):
    organisation = request.organisation
    detail = reverse("providers:organisation-detail", kwargs={"pk": pk})
    form = OrganisationEditForm(
        posted(request), initial=_profile_initial(organisation), cancel_url=detail
    )
    if request.method == "POST" and form.is_valid():
        organisation_update(organisation=organisation, **form.cleaned_data)
        messages.success(request, _("The organisation's details are saved."))
        return redirect(detail)
    return render(
        request, "providers/organisation_edit.html", {"form": form, "organisation": organisation}
    )


@administrator_required
@require_http_methods(["GET", "POST"])
def identifiers_edit(request, pk):
    organisation = request.organisation
    detail = reverse("providers:organisation-detail", kwargs={"pk": pk})
    identifiers = list(identifier_list(organisation=organisation))
    initial = {"legal_form": organisation.legal_form}
    for identifier in identifiers:
        if identifier.is_current:
            field = "charity_number" if identifier.kind == "charity-number" else "company_number"
            initial[field] = identifier.value
            if field == "charity_number":
                initial["charity_regulator"] = identifier.regulator
    form = IdentifiersForm(posted(request), initial=initial, cancel_url=detail)
    if request.method == "POST" and form.is_valid():
        try:
            organisation_identifiers_change(
                organisation=organisation, changed_by=request.user, **form.cleaned_data
            )
        except OrganisationAlreadyRegistered as error:
            form.add_error(error.field, error.message)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The legal form and registration numbers are saved."))
            return redirect(detail)
    return render(
        request,
        "providers/identifiers_edit.html",
        {
            "form": form,
            "organisation": organisation,
            "past_identifiers": [i for i in identifiers if not i.is_current],
        },
    )
