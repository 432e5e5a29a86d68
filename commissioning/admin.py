"""Rounds in the Django admin, for site administrators answering support questions.

Read-mostly: a round changes only through the office's pages, whose services check who may
change what and when, and record each move (commissioning.services). So rounds, their lots,
extensions, history and clarifications are shown, never edited here. What a site
administrator may do is what people ask support for: stop an organisation following a
round, or stop its alerts for new rounds; both go through the same services as the
provider's own "Stop following" and "Unsubscribe".
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from commissioning import services
from commissioning.models import (
    Clarification,
    Lot,
    Round,
    RoundAlert,
    RoundExtension,
    RoundFollow,
    RoundTransition,
)
from core.admin_site import AccessibleAdminMixin


class ReadOnlyAdminMixin:
    """Shown, never added, changed or deleted here (the services own every change)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class LotInline(ReadOnlyAdminMixin, AccessibleAdminMixin, admin.TabularInline):
    model = Lot
    fields = ["name", "name_cy", "amount", "ordering"]
    extra = 0


class RoundExtensionInline(ReadOnlyAdminMixin, AccessibleAdminMixin, admin.TabularInline):
    model = RoundExtension
    fields = ["previous_closes_at", "closes_at", "reason", "by", "at"]
    extra = 0


class RoundTransitionInline(ReadOnlyAdminMixin, AccessibleAdminMixin, admin.TabularInline):
    model = RoundTransition
    verbose_name = _("move")
    verbose_name_plural = _("history")
    fields = ["from_status", "to_status", "by", "at", "note"]
    extra = 0


@admin.register(Round)
class RoundAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """A round as its office set it up, with its lots, extensions and moves. Its status moves
    only through the round's state page (commissioning.services.round_transition)."""

    list_display = ["title", "lead_body", "status", "opens_at", "closes_at", "updated_at"]
    list_filter = ["status", "commissioning_model", "lead_body__country", "lead_body"]
    search_fields = ["title", "title_cy", "lead_body__name", "lead_body__police_area"]
    list_select_related = ["lead_body"]
    date_hierarchy = "closes_at"
    inlines = [LotInline, RoundExtensionInline, RoundTransitionInline]
    fieldsets = [
        (None, {"fields": ["title", "title_cy", "lead_body", "partner_bodies", "status"]}),
        (
            _("Dates"),
            {"fields": ["opens_at", "closes_at", "scheduled_at", "cancel_reason"]},
        ),
        (
            _("What the round funds"),
            {
                "fields": [
                    "summary",
                    "commissioning_model",
                    "procurement_route",
                    "notice_reference",
                    "legal_forms",
                    "service_categories",
                    "victim_groups",
                    "first_year",
                    "last_year",
                    "minimum_award",
                    "maximum_award",
                    "assessments_per_bid",
                    "contact_email",
                ]
            },
        ),
        (_("Record"), {"fields": ["created_by", "created_at", "updated_at"]}),
    ]

    @admin.display(description=_("eligible legal forms"))
    def legal_forms(self, round_):
        return ", ".join(str(label) for label in round_.eligible_legal_form_labels) or "-"


@admin.register(Clarification)
class ClarificationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Providers' questions and the office's answers. The office rewords and answers them on
    the round's clarifications page (commissioning.services.clarification_answer)."""

    list_display = ["short_question", "round", "organisation", "asked_at", "answered_at"]
    list_filter = [("answered_at", admin.EmptyFieldListFilter), "round__lead_body"]
    search_fields = ["question", "published_question", "answer", "round__title"]
    list_select_related = ["round", "organisation"]
    date_hierarchy = "asked_at"
    fields = [
        "round",
        "organisation",
        "asked_by",
        "asked_at",
        "question",
        "published_question",
        "answer",
        "answer_cy",
        "answered_by",
        "answered_at",
    ]

    @admin.display(description=_("question"))
    def short_question(self, clarification):
        text = clarification.question
        return text if len(text) <= 80 else f"{text[:79]}…"


class ServiceDeleteMixin:
    """Shown, never added or changed here; deleting goes through `_remove(obj)`, a service."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        self._remove(obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self._remove(obj)


@admin.register(RoundFollow)
class RoundFollowAdmin(ServiceDeleteMixin, admin.ModelAdmin):
    """Organisations following rounds (e-mailed its changes, extensions and answers).
    Deleting one stops the e-mails, as the provider's "Stop following" does."""

    list_display = ["organisation", "round", "followed_by", "followed_at"]
    list_filter = ["round__lead_body"]
    search_fields = ["organisation__name", "round__title", "followed_by__email"]
    list_select_related = ["organisation", "round", "followed_by"]
    fields = ["round", "organisation", "followed_by", "followed_at"]

    def _remove(self, follow):
        services.round_unfollow(round=follow.round, organisation=follow.organisation)


@admin.register(RoundAlert)
class RoundAlertAdmin(ServiceDeleteMixin, admin.ModelAdmin):
    """Organisations e-mailed about new rounds matching their service categories and areas.
    Deleting one unsubscribes the organisation, as its own "Unsubscribe" does."""

    list_display = ["organisation", "created_by", "created_at"]
    search_fields = ["organisation__name", "created_by__email"]
    list_select_related = ["organisation", "created_by"]
    fields = ["organisation", "created_by", "created_at"]

    def _remove(self, alert):
        services.round_alert_unsubscribe(organisation=alert.organisation)
