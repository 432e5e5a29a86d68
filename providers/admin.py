"""Site administrators see organisations and appoint an administrator when none is reachable.

Organisations, their numbers and their people change through the providers' own pages and
services (which keep the rules: history of numbers, never without an administrator), so the
admin shows them read-only and offers the one thing only a site administrator may do.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from core.admin_site import AccessibleAdminMixin
from core.models import User
from providers.models import (
    DueDiligenceDocument,
    Organisation,
    OrganisationIdentifier,
    OrganisationMember,
)
from providers.services.members import member_appoint_administrator


class ReadOnlyInline(AccessibleAdminMixin, admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class IdentifierInline(ReadOnlyInline):
    model = OrganisationIdentifier
    fields = ["kind", "scheme", "value", "valid_from", "valid_until", "recorded_by"]


class MemberInline(ReadOnlyInline):
    model = OrganisationMember
    fields = ["user", "role", "joined_at"]


class DocumentInline(ReadOnlyInline):
    model = DueDiligenceDocument
    fields = ["kind", "document_date", "valid_until", "uploaded_at", "replaced_at"]


class AppointAdministratorForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address of the person to appoint"),
        help_text=_("They must already have an account. Check who they are before appointing."),
    )

    def clean_email(self):
        email = self.cleaned_data["email"]
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("No active account has this email address."))
        if user.is_staff or user.memberships.exists():
            raise forms.ValidationError(
                _("Office staff and site administrators cannot be members of a provider.")
            )
        self.user = user
        return email


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "org_id", "legal_form", "postcode", "registered_at"]
    list_filter = ["legal_form", "income_band"]
    search_fields = ["name", "org_id", "identifiers__value", "postcode"]
    inlines = [IdentifierInline, MemberInline, DocumentInline]
    change_form_template = "admin/providers/organisation/change_form.html"
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path(
                "<int:pk>/appoint-administrator/",
                self.admin_site.admin_view(self.appoint_administrator),
                name="providers_organisation_appoint_administrator",
            ),
            *super().get_urls(),
        ]

    def appoint_administrator(self, request, pk):
        organisation = get_object_or_404(Organisation, pk=pk)
        # A write through a service (the admin itself is read-only here): viewing the
        # organisation in the admin is not enough, only a full site administrator may.
        if not request.user.is_superuser:
            raise PermissionDenied
        form = AppointAdministratorForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            member_appoint_administrator(
                organisation=organisation, user=form.user, appointed_by=request.user
            )
            messages.success(
                request,
                _("%(person)s is now an administrator of %(organisation)s.")
                % {"person": form.user, "organisation": organisation},
            )
            return redirect(reverse("admin:providers_organisation_change", args=[pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "organisation": organisation,
            "form": form,
            "title": _("Appoint an administrator"),
        }
        return TemplateResponse(
            request, "admin/providers/organisation/appoint_administrator.html", context
        )
