"""The registry's search form and filters (django-filter).

Every filter reads the query string, so a search can be bookmarked and shared. Filters on
services, victim groups and areas use subqueries rather than joins, so a provider matching
several choices is listed once without DISTINCT over the whole annotated query.
"""

from dataclasses import dataclass
from html import escape

import django_filters
from django import forms
from django.db.models import F, Value, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from core.models import PolicingBody, ServiceCategory, VictimGroup
from core.vocabularies import IncomeBand, LegalForm
from providers.models import Organisation
from providers.registry.selectors import (
    DueDiligence,
    exact_match_ids,
    last_verified_annotation,
    registry_broad_order,
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


# Plain text with nothing to escape.
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
        through template tags cost more than the rest of the page. Only the values, labels
        and ids are escaped, with the standard library's escape (the same five characters
        as Django's, without its lazy-string wrapper: format_html escaped all seven parts
        of each of 110 choices, 770 calls a page)."""
        if self.kind == "select":
            markup = "".join(
                f'<option value="{escape(value)}"{SELECTED if selected else ""}>'
                f"{escape(str(label))}</option>"
                for value, label, selected, _id in self.options
            )
        else:
            kind = escape(self.kind)
            name = escape(self.name)
            input_type = "radio" if self.kind == "radios" else "checkbox"
            markup = "\n".join(
                f'<div class="govuk-{kind}__item"><input class="govuk-{kind}__input" '
                f'id="{escape(id_)}" name="{name}" type="{input_type}" value="{escape(value)}"'
                f'{CHECKED if selected else ""}><label class="govuk-label govuk-{kind}__label" '
                f'for="{escape(id_)}">{escape(str(label))}</label></div>'
                for value, label, selected, id_ in self.options
            )
        # Every part that came from data or translations is escaped above.
        return mark_safe(markup)  # noqa: S308


def _listed(queryset, name: str, *ordering):
    """(filter name, position, slug, name) for each row, numbered in the list's order."""
    return (
        queryset.order_by()
        .annotate(filter_name=Value(name), position=Window(RowNumber(), order_by=ordering))
        .values_list("filter_name", "position", "slug", "name")
    )


def reference_choices() -> dict[str, list[tuple[str, str]]]:
    """The (slug, name) choices of the services, victim groups and areas filters, in one
    query (UNION ALL), each list in its own order. A query per list, and another per
    chosen value to check it, cost a round trip each: at 1 user on the shared machine the
    round trips were most of what the page cost beyond the floor."""
    rows = _listed(ServiceCategory.objects.all(), "category", F("name").asc()).union(
        _listed(VictimGroup.objects.all(), "victim_group", F("ordering").asc(), F("name").asc()),
        _listed(PolicingBody.objects.all(), "area", F("police_area").asc()),
        all=True,
    )
    choices: dict[str, list[tuple[str, str]]] = {name: [] for name in REFERENCE_FILTERS}
    for name, _position, slug, label in sorted(rows, key=lambda row: (row[0], row[1])):
        choices[name].append((slug, label))
    return choices


REFERENCE_FILTERS = ("category", "victim_group", "area")


def _through_ids(relation: str, lookup: str, slugs):
    through = getattr(Organisation, relation).through
    return through.objects.filter(**{f"{lookup}__slug__in": slugs}).values("organisation_id")


class RegistryFilter(django_filters.FilterSet):
    """The search box, then the filters in groups (templates/providers/registry/search.html
    draws them by hand: the form pack's per-field templates cost more than the search).

    Due-diligence status is a stored column (providers.due_diligence); verification is
    worked out in SQL only when a filter or the sort needs it (`alias`); the page's own
    rows are read by id afterwards, 25 at a time (registry.selectors.registry_page_rows).
    Filters that cannot duplicate a row say `distinct=False`, so counting the results
    needs no DISTINCT.
    """

    q = django_filters.CharFilter(label=_("Search"), method="filter_text")
    # Slugs, with the choices set per request from one query (reference_choices): a model
    # choice filter reads its list, and each chosen row again, in a query of its own.
    category = django_filters.MultipleChoiceFilter(
        label=_("Services offered"),
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        method="filter_category",
        distinct=False,
    )
    victim_group = django_filters.MultipleChoiceFilter(
        label=_("Victim groups served"),
        choices=[],
        widget=forms.CheckboxSelectMultiple,
        method="filter_victim_group",
        distinct=False,
    )
    area = django_filters.ChoiceFilter(
        label=_("Police force area served"),
        choices=[],
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
        self.exact_ids = []
        # Whether `qs` is ordered by relevance (`rank`, from the words).
        self.ranked = False
        # Before the form exists: its fields are made from each filter's `extra`.
        for name, choices in reference_choices().items():
            self.filters[name].extra["choices"] = choices

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
        for index, (value, label) in enumerate(bound.field.choices):
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
        self.exact_ids = exact_match_ids(value)
        return registry_search(queryset, value, exact_ids=self.exact_ids)

    def too_broad_to_rank(self, queryset):
        """The results in name order, exact matches first: for a search by relevance that
        matches more than the page counts (registry_broad_order)."""
        return registry_broad_order(queryset, exact_ids=self.exact_ids)

    # Services, victim groups and areas narrow the organisations together, in
    # filter_queryset: each gives the ids it allows from its own table.
    def filter_category(self, queryset, name, value):
        if value:
            self.allowed.append(_through_ids("service_categories", "servicecategory", value))
        return queryset

    def filter_victim_group(self, queryset, name, value):
        if value:
            self.allowed.append(_through_ids("victim_groups", "victimgroup", value))
        return queryset

    def filter_area(self, queryset, name, value):
        if value:
            self.allowed.append(_through_ids("areas_served", "policingbody", [value]))
        return queryset

    def filter_queryset(self, queryset):
        """Every filter, then the ids the services, groups and areas allow, intersected in
        one subquery: PostgreSQL intersects the link tables' ids before it reads an
        organisation (307 rows read, not 2,379, for one service in one area at 50,000
        providers: 5 ms against 15 to 60)."""
        self.allowed = []
        queryset = super().filter_queryset(queryset)
        if not self.allowed:
            return queryset
        first, *others = self.allowed
        return queryset.filter(pk__in=first.intersection(*others) if others else first)

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
                self.ranked = True
                return queryset.order_by("-rank", "name", "pk")
            return queryset.order_by("name", "pk")
        if sort == "verified":
            return self._with_last_verified(queryset).order_by(
                F("last_verified_now").desc(nulls_last=True), "name", "pk"
            )
        if sort == "registered":
            return queryset.order_by("-registered_at", "-pk")
        return queryset.order_by("name", "pk")
