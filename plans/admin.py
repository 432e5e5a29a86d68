from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from plans.models import TermOfOffice


@admin.register(TermOfOffice)
class TermOfOfficeAdmin(admin.ModelAdmin):
    """Site administrators record each commissioner's term; it sets the plan deadline."""

    list_display = ["body", "holder", "title", "starts_on", "ends_on", "plan_due_on"]
    list_filter = ["body__country", "body"]
    search_fields = ["holder", "body__name", "body__police_area"]
    autocomplete_fields = ["body"]
    list_select_related = ["body"]
    date_hierarchy = "starts_on"

    @admin.display(description=_("plan due by"))
    def plan_due_on(self, term):
        return term.plan_due_on
