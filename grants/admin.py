"""Awards and instalments in the Django admin, for site administrators answering support
questions ("was our first instalment released?", "who accepted the offer, and when?").

Read only. An award's terms, schedule and status move only through the office's and the
provider's pages, whose services check who may change what and when, make the ledger's
entries and record each move (grants.services: `award_edit`, `schedule_set`,
`award_transition`, `instalment_release`, `instalment_pay`); from the offer on, the
database's triggers refuse any change to the terms anyway. So awards are shown with their
money, milestones, tariffs, instalments and history, and never added, changed or deleted
here; nor are instalments, variations or recoveries (grants.variations.services,
grants.closeout.services).
"""

from django.contrib import admin
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from core.admin_site import AccessibleAdminMixin
from core.money import format_money
from grants.closeout.models import Recovery, RecoveryReceipt
from grants.models import (
    Award,
    AwardAmount,
    AwardTransition,
    Instalment,
    Milestone,
    Tariff,
)
from grants.variations.models import (
    Variation,
    VariationLine,
    VariationTarget,
    VariationTransition,
)


class ReadOnlyAdminMixin:
    """Shown, never added, changed or deleted here (the services own every change)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(ReadOnlyAdminMixin, AccessibleAdminMixin, admin.TabularInline):
    extra = 0
    show_change_link = False


class AwardAmountInline(ReadOnlyInline):
    model = AwardAmount
    fields = ["year", "budget", "amount"]


class MilestoneInline(ReadOnlyInline):
    model = Milestone
    fields = ["name", "due_on", "evidence"]


class TariffInline(ReadOnlyInline):
    model = Tariff
    fields = ["outcome", "price"]


class InstalmentInline(ReadOnlyInline):
    model = Instalment
    fields = [
        "number",
        "year",
        "kind",
        "due_on",
        "amount",
        "status",
        "released_amount",
        "released_at",
        "paid_amount",
        "paid_on",
        "remittance_reference",
    ]
    ordering = ["number"]


class AwardTransitionInline(ReadOnlyInline):
    model = AwardTransition
    verbose_name = _("move")
    verbose_name_plural = _("history")
    fields = ["from_status", "to_status", "by", "at", "note"]


@admin.register(Award)
class AwardAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """An award as its office made and offered it, with its money, schedule, instalments and
    moves. Its status moves only through grants.services.award_transition."""

    list_display = [
        "public_id",
        "title",
        "body",
        "organisation",
        "status",
        "schedule_kind",
        "total",
        "lapses_on",
        "updated_at",
    ]
    list_filter = ["status", "schedule_kind", "body"]
    search_fields = ["title", "organisation__name", "body__name", "body__police_area"]
    list_select_related = ["body", "organisation"]
    date_hierarchy = "created_at"
    inlines = [
        AwardAmountInline,
        MilestoneInline,
        TariffInline,
        InstalmentInline,
        AwardTransitionInline,
    ]
    fieldsets = [
        (
            None,
            {"fields": ["public_id", "title", "body", "organisation", "outcome", "status"]},
        ),
        (
            _("Terms"),
            {
                "fields": [
                    "purpose",
                    "conditions",
                    "outcome_targets",
                    "crime_and_disorder",
                    "starts_on",
                    "ends_on",
                    "schedule_kind",
                    "results_fixed",
                ]
            },
        ),
        (
            _("Offer and answer"),
            {
                "fields": [
                    "offered_by",
                    "offered_at",
                    "lapses_on",
                    "accepted_name",
                    "accepted_by",
                    "accepted_at",
                    "answered_at",
                ]
            },
        ),
        (_("Record"), {"fields": ["created_by", "created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(total_awarded=Sum("amounts__amount"))

    @admin.display(description=_("identifier"))
    def public_id(self, award):
        return award.public_id

    @admin.display(description=_("amount awarded"), ordering="total_awarded")
    def total(self, award):
        return format_money(award.total_awarded) if award.total_awarded is not None else "-"


@admin.register(Instalment)
class InstalmentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Instalments across awards, found by their remittance reference or supplier number.
    Released and paid only on the finance officer's pages (grants.services)."""

    list_display = [
        "award",
        "number",
        "due_on",
        "amount_shown",
        "status",
        "paid_on",
        "remittance_reference",
    ]
    list_filter = ["status", "kind", "award__body"]
    search_fields = [
        "remittance_reference",
        "supplier_number",
        "award__title",
        "award__organisation__name",
    ]
    list_select_related = ["award"]
    date_hierarchy = "due_on"
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "award",
                    "number",
                    "kind",
                    "milestone",
                    "budget",
                    "year",
                    "period_start",
                    "period_end",
                    "due_on",
                    "amount",
                    "status",
                ]
            },
        ),
        (
            _("Release"),
            {"fields": ["released_amount", "released_by", "released_at", "results"]},
        ),
        (
            _("Payment"),
            {
                "fields": [
                    "paid_amount",
                    "paid_on",
                    "remittance_reference",
                    "supplier_number",
                    "paid_by",
                    "paid_recorded_at",
                ]
            },
        ),
    ]

    @admin.display(description=_("amount"), ordering="amount")
    def amount_shown(self, instalment):
        return format_money(instalment.amount)


class VariationLineInline(ReadOnlyInline):
    model = VariationLine
    verbose_name = _("money")
    verbose_name_plural = _("money")
    fields = ["year", "budget", "was_amount", "amount"]


class VariationTargetInline(ReadOnlyInline):
    model = VariationTarget
    verbose_name = _("outcome target")
    verbose_name_plural = _("outcome targets")
    fields = ["measure", "was_target", "target"]


class VariationTransitionInline(ReadOnlyInline):
    model = VariationTransition
    verbose_name = _("move")
    verbose_name_plural = _("history")
    fields = ["from_status", "to_status", "by", "at", "note"]


@admin.register(Variation)
class VariationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """A variation as proposed, decided and answered, beside the terms it replaced. It moves
    only through grants.variations.services.variation_transition."""

    list_display = ["award", "reference", "status", "created_at", "decided_at", "accepted_at"]
    list_filter = ["status", "award__body"]
    search_fields = ["award__title", "award__organisation__name", "reason"]
    list_select_related = ["award"]
    date_hierarchy = "created_at"
    inlines = [VariationLineInline, VariationTargetInline, VariationTransitionInline]
    fieldsets = [
        (None, {"fields": ["award", "number", "status", "reason"]}),
        (
            _("Terms proposed"),
            {"fields": ["starts_on", "ends_on", "schedule_kind", "outcome_targets"]},
        ),
        (
            _("Terms before"),
            {
                "fields": [
                    "was_starts_on",
                    "was_ends_on",
                    "was_schedule_kind",
                    "was_outcome_targets",
                ]
            },
        ),
        (
            _("Decision and answer"),
            {
                "fields": [
                    "proposed_by",
                    "created_at",
                    "decided_by",
                    "decided_at",
                    "accepted_name",
                    "accepted_by",
                    "accepted_at",
                ]
            },
        ),
    ]

    @admin.display(description=_("reference"), ordering="number")
    def reference(self, variation):
        return variation.reference


class RecoveryReceiptInline(ReadOnlyInline):
    model = RecoveryReceipt
    fields = ["amount", "received_on", "remittance_reference", "recorded_by", "recorded_at"]


@admin.register(Recovery)
class RecoveryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Money due back from a terminated grant, with each receipt recorded against it. Made
    and received only through grants.closeout.services."""

    list_display = ["award", "number", "budget", "due_shown", "received_shown", "status"]
    list_filter = ["status", "award__body"]
    search_fields = ["award__title", "award__organisation__name", "receipts__remittance_reference"]
    list_select_related = ["award", "budget"]
    inlines = [RecoveryReceiptInline]
    fields = [
        "award",
        "number",
        "line",
        "budget",
        "paid",
        "spent",
        "monitoring_return",
        "amount_due",
        "received",
        "status",
        "created_by",
        "created_at",
        "settled_at",
    ]

    @admin.display(description=_("amount due"), ordering="amount_due")
    def due_shown(self, recovery):
        return format_money(recovery.amount_due)

    @admin.display(description=_("received"), ordering="received")
    def received_shown(self, recovery):
        return format_money(recovery.received)
