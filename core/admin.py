from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _

from core.access import recent_sign_in_required
from core.models import Membership, PolicingBody, ServiceCategory, User, VictimGroup
from core.second_factor import second_factor_reset


class MembershipFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        # Staff and panel members belong to one body (DESIGN.md section 2): checked across the
        # whole formset, since each row's own clean() cannot see the rows saved with it.
        bodies = {
            form.cleaned_data["body"]
            for form in self.forms
            if form.cleaned_data.get("body") and not form.cleaned_data.get("DELETE")
        }
        if len(bodies) > 1:
            raise ValidationError(_("A person's roles must all be for the same policing body."))


class MembershipInline(admin.TabularInline):
    model = Membership
    formset = MembershipFormSet
    extra = 0
    autocomplete_fields = ["body"]
    fields = ["body", "role", "financial_limit", "co_opted", "granted_at"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "is_active", "last_login"]
    list_filter = ["is_staff", "is_active", "memberships__role"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "full_name", "language", "password"]}),
        (_("Site administration"), {"fields": ["is_active", "is_staff", "is_superuser"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]})
    ]
    readonly_fields = ["last_login", "date_joined"]
    inlines = [MembershipInline]
    actions = ["reset_second_factor"]

    # A person's page appoints site administrators and grants roles; a session left open on
    # an unlocked computer must not be enough for that (core.access).
    @method_decorator(recent_sign_in_required(minutes=15))
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return super().changeform_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST" and request.POST.get("action") == "reset_second_factor":
            return self._changelist_reset_view(request, extra_context)
        return super().changelist_view(request, extra_context)

    @method_decorator(recent_sign_in_required(minutes=15))
    def _changelist_reset_view(self, request, extra_context=None):
        return super().changelist_view(request, extra_context)

    @admin.action(description=_("Reset the second factor (lost phone)"))
    def reset_second_factor(self, request, queryset):
        for user in queryset:
            second_factor_reset(user=user, reset_by=request.user)
        messages.success(
            request,
            _(
                "Reset the second factor of %(count)d people. We have emailed each a link to "
                "set up a new app."
            )
            % {"count": queryset.count()},
        )


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "body", "role", "financial_limit", "co_opted", "granted_at"]
    list_filter = ["role", "body"]
    search_fields = ["user__email", "user__full_name", "body__name"]
    autocomplete_fields = ["user", "body"]
    list_select_related = ["user", "body"]


@admin.register(PolicingBody)
class PolicingBodyAdmin(admin.ModelAdmin):
    list_display = ["police_area", "name", "code", "kind", "country", "ons_code"]
    list_filter = ["kind", "country"]
    search_fields = ["police_area", "name", "code"]
    readonly_fields = ["slug", "code", "ons_code"]


class SlugFixedOnceSavedMixin:
    """Code and imports may refer to a reference row by slug, so it never changes once saved."""

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "slug"] if obj is not None else fields

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj is not None else super().get_prepopulated_fields(request, obj)


@admin.register(ServiceCategory)
class ServiceCategoryAdmin(SlugFixedOnceSavedMixin, admin.ModelAdmin):
    list_display = ["name", "area", "is_national", "national_from", "national_until", "ordering"]
    list_editable = ["ordering"]
    list_filter = ["area", "is_national"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "area", "ordering"]}),
        (
            _("National commissioning"),
            {"fields": ["is_national", "national_from", "national_until"]},
        ),
    ]


@admin.register(VictimGroup)
class VictimGroupAdmin(SlugFixedOnceSavedMixin, admin.ModelAdmin):
    list_display = ["name", "ordering"]
    list_editable = ["ordering"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
