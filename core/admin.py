from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.models import ServiceCategory, VictimGroup


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
