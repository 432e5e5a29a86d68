"""The registry's search form and filters (django-filter).

Every filter reads the query string, so a search can be bookmarked and shared. Filters on
services, victim groups and areas use subqueries rather than joins, so a provider matching
several choices is listed once without DISTINCT over the whole annotated query.
"""

from dataclasses import dataclass

import django_filters
from django import forms
from django.db.models import F
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from core.models import PolicingBody, ServiceCategory, VictimGroup
from core.vocabularies import IncomeBand, LegalForm
from providers.models import Organisation
from providers.registry.selectors import (
    DueDiligence,
    last_verified_annotation,
    registry_search,
)

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


# Plain text with nothing to escape: format_html keeps it as it is.
SELECTED = " selected"
CHECKED = " checked"


@dataclass
class FilterChoices:
    """One filter as the filter column draws it."""

    name: str
    label: str
    id: str
    kind: str  # "checkboxes", "radios" or "select"
    options: list[tuple[str, str, bool, str]]  # value, label, selected, id
    error: str
    is_set: bool

    @property
    def options_html(self) -> str:
        """The options as markup, built here in one pass: about a hundred choices drawn
        through template tags cost more than the rest of the page."""
        if self.kind == "select":
            return format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (
                    (value, SELECTED if selected else "", label)
                    for value, label, selected, _id in self.options
                ),
            )
        kind = self.kind
        input_type = "radio" if kind == "radios" else "checkbox"
        return format_html_join(
            "\n",
            '<div class="govuk-{0}__item"><input class="govuk-{0}__input" id="{1}" name="{2}" '
            'type="{3}" value="{4}"{5}><label class="govuk-label govuk-{0}__label" '
            'for="{1}">{6}</label></div>',
            (
                (kind, id_, self.name, input_type, value, CHECKED if selected else "", label)
                for value, label, selected, id_ in self.options
            ),
        )


def _field_choices(field):
    """A field's (value, label) choices. A model field's rows are read in one query: its own
    iterator reads them through a server-side cursor (DECLARE, FETCH, CLOSE), three round
    trips for each of the three lists."""
    if not isinstance(field, forms.ModelChoiceField):
        return field.choices
    choices = [] if field.empty_label is None else [("", field.empty_label)]
    choices += [
        (field.prepare_value(row), field.label_from_instance(row)) for row in field.queryset
    ]
    return choices


def _through_ids(relation: str, column: str, values):
    through = getattr(Organisation, relation).through
    return through.objects.filter(**{f"{column}__in": values}).values("organisation_id")


class RegistryFilter(django_filters.FilterSet):
    """The search box, then the filters in groups (templates/providers/registry/search.html
    draws them by hand: the form pack's per-field templates cost more than the search).

    Due-diligence status is a stored column (providers.due_diligence); verification is
    worked out in SQL only when a filter or the sort needs it (`alias`); the page's own
    rows are annotated afterwards, 25 at a time (registry.selectors.registry_page_annotate).
    Filters that cannot duplicate a row say `distinct=False`, so counting the results
    needs no DISTINCT.
    """

    q = django_filters.CharFilter(label=_("Search"), method="filter_text")
    category = django_filters.ModelMultipleChoiceFilter(
        label=_("Services offered"),
        queryset=ServiceCategory.objects.order_by("name"),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        method="filter_category",
        distinct=False,
    )
    victim_group = django_filters.ModelMultipleChoiceFilter(
        label=_("Victim groups served"),
        queryset=VictimGroup.objects.all(),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        method="filter_victim_group",
        distinct=False,
    )
    area = django_filters.ModelChoiceFilter(
        label=_("Police force area served"),
        queryset=PolicingBody.objects.order_by("police_area"),
        to_field_name="slug",
        empty_label=_("Any area"),
        method="filter_area",
        distinct=False,
    )
    due_diligence = django_filters.MultipleChoiceFilter(
        label=_("Due-diligence documents"),
        choices=DueDiligence.choices,
        widget=forms.CheckboxSelectMultiple,
        method="filter_due_diligence",
        distinct=False,
    )
    verification = django_filters.ChoiceFilter(
        label=_("Verification"),
        choices=VERIFICATION_CHOICES,
        empty_label=_("Any"),
        widget=forms.RadioSelect,
        method="filter_verification",
        distinct=False,
    )
    legal_form = django_filters.MultipleChoiceFilter(
        label=_("Legal form"),
        choices=LegalForm.choices,
        widget=forms.CheckboxSelectMultiple,
        distinct=False,
    )
    income_band = django_filters.MultipleChoiceFilter(
        label=_("Annual income"),
        choices=IncomeBand.choices,
        widget=forms.CheckboxSelectMultiple,
        distinct=False,
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=SORT_CHOICES,
        empty_label=None,
        method="filter_sort",
        distinct=False,
    )

    # The groups the filter column shows, each a <details> open when one of its filters is set.
    GROUPS = (
        ("category",),
        ("victim_group",),
        ("area",),
        ("due_diligence", "verification"),
        ("legal_form", "income_band"),
    )

    class Meta:
        model = Organisation
        fields = []

    def __init__(self, data=None, queryset=None, *, today=None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.today = today or timezone.localdate()

    def filter_groups(self):
        """[(summary, [FilterChoices], is_open)] for the template: plain values, so that
        drawing about a hundred choices costs a loop, not a widget per choice."""
        form = self.form
        summaries = {
            ("due_diligence", "verification"): _("Documents and verification"),
            ("legal_form", "income_band"): _("Legal form and income"),
        }
        groups = []
        for names in self.GROUPS:
            fields = [self._choices(form[name]) for name in names]
            summary = summaries.get(names, fields[0].label)
            is_open = any(field.is_set or field.error for field in fields)
            groups.append((summary, fields, is_open))
        return groups

    def _choices(self, bound) -> "FilterChoices":
        widget = bound.field.widget
        multiple = widget.allow_multiple_selected
        data = self.data or {}
        given = data.getlist(bound.name) if hasattr(data, "getlist") else data.get(bound.name)
        if not isinstance(given, list | tuple):
            given = [] if given is None else [given]
        # As Django's widgets do: a single choice with nothing given selects the empty one.
        selected = {str(value) for value in given} or (set() if multiple else {""})
        options = []
        for index, (value, label) in enumerate(_field_choices(bound.field)):
            value = "" if value is None else str(getattr(value, "value", value))
            options.append((value, label, value in selected, f"{bound.auto_id}_{index}"))
        if isinstance(widget, forms.CheckboxSelectMultiple):
            kind = "checkboxes"
        elif isinstance(widget, forms.RadioSelect):
            kind = "radios"
        else:
            kind = "select"
        return FilterChoices(
            name=bound.html_name,
            label=bound.label,
            id=bound.auto_id,
            kind=kind,
            options=options,
            error=bound.errors[0] if bound.errors else "",
            is_set=any(given),
        )

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
        return queryset.filter(pk__in=_through_ids("areas_served", "policingbody", [value]))

    def filter_due_diligence(self, queryset, name, value):
        if not value:
            return queryset
        # The stored column (providers.due_diligence), kept current by the document
        # services and the daily task: no subquery per row.
        return queryset.filter(due_diligence__in=value)

    def _with_last_verified(self, queryset):
        if "last_verified_now" in queryset.query.annotations:
            return queryset
        return queryset.alias(last_verified_now=last_verified_annotation(self.today))

    def filter_verification(self, queryset, name, value):
        if value == "verified":
            return self._with_last_verified(queryset).filter(last_verified_now__isnull=False)
        if value == "not-verified":
            return self._with_last_verified(queryset).filter(last_verified_now__isnull=True)
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
            return self._with_last_verified(queryset).order_by(
                F("last_verified_now").desc(nulls_last=True), "name", "pk"
            )
        if sort == "registered":
            return queryset.order_by("-registered_at", "-pk")
        return queryset.order_by("name", "pk")
