"""The public listing's filters (django-filter): body, service category, victim group and
closing date. They read the query string, so a search can be bookmarked; filters on related
rows use subqueries, so a round is listed once without DISTINCT."""

import datetime

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from commissioning.models import Round
from core.forms import Button, Field, GovukDateField
from core.london_time import LONDON
from core.models import PolicingBody, ServiceCategory, VictimGroup


def _through_ids(relation: str, column: str, value):
    through = getattr(Round, relation).through
    return through.objects.filter(**{column: value}).values("round_id")


class LondonDayFilter(django_filters.Filter):
    field_class = GovukDateField


class RoundFilter(django_filters.FilterSet):
    body = django_filters.ModelChoiceFilter(
        label=_("Policing body"),
        queryset=PolicingBody.objects.all(),
        method="filter_body",
        empty_label=_("Any body"),
    )
    category = django_filters.ModelChoiceFilter(
        label=_("Service category"),
        queryset=ServiceCategory.objects.all(),
        method="filter_category",
        empty_label=_("Any category"),
    )
    victim_group = django_filters.ModelChoiceFilter(
        label=_("Victim group"),
        queryset=VictimGroup.objects.all(),
        method="filter_victim_group",
        empty_label=_("Any group"),
    )
    closes_by = LondonDayFilter(
        label=_("Closing on or before"),
        method="filter_closes_by",
        help_text=_("For example, 31 3 2027"),
    )

    class Meta:
        model = Round
        fields = []

    def filter_body(self, queryset, name, value):
        return queryset.filter(
            Q(lead_body=value) | Q(pk__in=_through_ids("partner_bodies", "policingbody", value))
        )

    def filter_category(self, queryset, name, value):
        return queryset.filter(pk__in=_through_ids("service_categories", "servicecategory", value))

    def filter_victim_group(self, queryset, name, value):
        return queryset.filter(pk__in=_through_ids("victim_groups", "victimgroup", value))

    def filter_closes_by(self, queryset, name, value):
        # Up to the end of that day in London.
        end = datetime.datetime.combine(value + datetime.timedelta(days=1), datetime.time())
        return queryset.filter(closes_at__lt=end.replace(tzinfo=LONDON))

    @property
    def form(self):
        form = super().form
        if not hasattr(form, "helper"):
            helper = FormHelper()
            helper.form_method = "get"
            helper.layout = Layout(
                Field("body", label_size="s"),
                Field("category", label_size="s"),
                Field("victim_group", label_size="s"),
                Field("closes_by", label_size="s"),
                Button(_("Filter rounds"), name=None),
            )
            form.helper = helper
        return form
