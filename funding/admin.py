from django import forms
from django.contrib import admin
from django.db import models

from funding.models import Allocation, FundingStream


@admin.register(FundingStream)
class FundingStreamAdmin(admin.ModelAdmin):
    """Site admins edit a stream's details; its slug, which code and imports use, is fixed."""

    list_display = ["name", "funder", "ring_fenced", "year_end_rule", "published", "ordering"]
    list_editable = ["ordering"]
    # Checkboxes, not the two-box widget: its script labels a span that has no role, which
    # assistive technology may ignore (axe: aria-prohibited-attr).
    formfield_overrides = {
        models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple},
    }
    readonly_fields = ["slug"]

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []


@admin.register(Allocation)
class AllocationAdmin(admin.ModelAdmin):
    list_display = ["body", "stream", "year", "line_label", "amount", "source", "updated_at"]
    list_filter = ["stream", "year", "body__country"]
    search_fields = ["body__police_area", "body__name", "line_label"]
    autocomplete_fields = ["body"]
    list_select_related = ["body", "stream"]
