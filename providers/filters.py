"""The registry's search form and filters (django-filter), drawn by the govuk crispy pack.

Every filter reads the query string, so a search can be bookmarked and shared. Filters on
services, victim groups and areas use subqueries rather than joins, so a provider matching
several choices is listed once without DISTINCT over the whole annotated query.
"""

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from core.forms import Button, Field
from core.models import PolicingBody, ServiceCategory, VictimGroup
from core.vocabularies import IncomeBand, LegalForm
from providers.models import Organisation
from providers.registry.selectors import DueDiligence, registry_search

VERIFICATION_CHOICES = [
    ("verified", _("Verified, and still holds")),
    ("not-verified", _("Not verified, or the verification has lapsed")),
]

SORT_CHOICES = [
    ("relevance", _("Best match")),
    ("name", _("Name, A to Z")),
    ("verified", _("Most recently verified")),
    ("registered", _("Most recently registered")),
]


def _through_ids(relation: str, column: str, values):
    through = getattr(Organisation, relation).through
    return through.objects.filter(**{f"{column}__in": values}).values("organisation_id")


class RegistryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_text",
        help_text=_(
            "Words from the name or description, a charity or company number, an "
            "org-id or a postcode"
        ),
    )
    category = django_filters.ModelMultipleChoiceFilter(
        label=_("Services offered"),
        queryset=ServiceCategory.objects.order_by("name"),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        method="filter_category",
    )
    victim_group = django_filters.ModelMultipleChoiceFilter(
        label=_("Victim groups served"),
        queryset=VictimGroup.objects.all(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        method="filter_victim_group",
    )
    area = django_filters.ModelMultipleChoiceFilter(
        label=_("Police force areas served"),
        queryset=PolicingBody.objects.order_by("police_area"),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        method="filter_area",
    )
    due_diligence = django_filters.MultipleChoiceFilter(
        label=_("Due-diligence documents"),
        choices=DueDiligence.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    verification = django_filters.ChoiceFilter(
        label=_("Verification"),
        choices=VERIFICATION_CHOICES,
        empty_label=_("Any"),
        widget=forms.RadioSelect,
        method="filter_verification",
    )
    legal_form = django_filters.MultipleChoiceFilter(
        label=_("Legal form"), choices=LegalForm.choices, widget=forms.CheckboxSelectMultiple
    )
    income_band = django_filters.MultipleChoiceFilter(
        label=_("Annual income"), choices=IncomeBand.choices, widget=forms.CheckboxSelectMultiple
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=SORT_CHOICES,
        empty_label=None,
        method="filter_sort",
    )

    class Meta:
        model = Organisation
        fields = []

    @property
    def form(self):
        form = super().form
        if not hasattr(form, "helper"):
            helper = FormHelper()
            helper.form_method = "get"
            helper.form_tag = False
            small = {"small": True, "label_size": "s"}
            helper.layout = Layout(
                Field("q", label_size="m", spellcheck="false"),
                Fieldset(
                    _("Filter"),
                    Field("category", **small),
                    Field("victim_group", **small),
                    Field("area", **small),
                    Field("due_diligence", **small),
                    Field("verification", **small),
                    Field("legal_form", **small),
                    Field("income_band", **small),
                ),
                Field("sort", label_size="s"),
                Button(_("Search")),
            )
            form.helper = helper
        return form

    def filter_text(self, queryset, name, value):
        return registry_search(queryset, value)

    def filter_category(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(pk__in=_through_ids("service_categories", "servicecategory", value))

    def filter_victim_group(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(pk__in=_through_ids("victim_groups", "victimgroup", value))

    def filter_area(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(pk__in=_through_ids("areas_served", "policingbody", value))

    def filter_verification(self, queryset, name, value):
        if value == "verified":
            return queryset.filter(last_verified_at__isnull=False)
        if value == "not-verified":
            return queryset.filter(last_verified_at__isnull=True)
        return queryset

    def filter_sort(self, queryset, name, value):
        # Applied in `qs` below, once every other filter has run.
        return queryset

    @property
    def qs(self):
        queryset = super().qs
        sort = self.form.cleaned_data.get("sort") if self.form.is_valid() else ""
        has_text = bool(self.form.is_valid() and self.form.cleaned_data.get("q", "").strip())
        if sort == "relevance" or (not sort and has_text):
            if has_text:
                return queryset.order_by("-rank", "name", "pk")
            return queryset.order_by("name", "pk")
        if sort == "verified":
            return queryset.order_by(F("last_verified_at").desc(nulls_last=True), "name", "pk")
        if sort == "registered":
            return queryset.order_by("-registered_at", "-pk")
        return queryset.order_by("name", "pk")
