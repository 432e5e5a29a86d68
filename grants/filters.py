"""The office's grant list filters (django-filter): status, budget, plan priority and
provider. They read the query string, so a search can be bookmarked; filters on an award's
budgets use a subquery, so an award is listed once without DISTINCT."""

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django.utils.translation import gettext_lazy as _

from core.forms import Button, Field
from funding.ledger.models import Budget
from grants.models import Award, AwardAmount, AwardStatus
from plans.models import PriorityThread
from plans.selectors import priority_threads_for


class AwardFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=AwardStatus.choices, empty_label=_("Any status")
    )
    budget = django_filters.ModelChoiceFilter(
        label=_("Budget"),
        queryset=Budget.objects.none(),
        method="filter_budget",
        empty_label=_("Any budget"),
    )
    priority = django_filters.ModelChoiceFilter(
        label=_("Plan priority"),
        queryset=PriorityThread.objects.none(),
        method="filter_priority",
        empty_label=_("Any priority"),
    )
    provider = django_filters.CharFilter(
        label=_("Provider's name"), field_name="organisation__name", lookup_expr="icontains"
    )

    class Meta:
        model = Award
        fields = []

    def __init__(self, *args, body, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["budget"].queryset = Budget.objects.filter(body=body).order_by("-year", "name")
        threads = priority_threads_for(body=body)
        priority = self.filters["priority"]
        priority.queryset = PriorityThread.objects.filter(pk__in=[t.pk for t in threads])
        self.titles = {thread.pk: thread.latest.title for thread in threads}

    def filter_budget(self, queryset, name, value):
        return queryset.filter(pk__in=AwardAmount.objects.filter(budget=value).values("award_id"))

    def filter_priority(self, queryset, name, value):
        return queryset.filter(
            pk__in=AwardAmount.objects.filter(budget__priority_thread=value).values("award_id")
        )

    @property
    def form(self):
        form = super().form
        if not hasattr(form, "helper"):
            titles = self.titles
            form.fields["priority"].label_from_instance = lambda t: titles.get(t.pk, str(t))
            helper = FormHelper()
            helper.form_method = "get"
            helper.layout = Layout(
                Field("status", label_size="s"),
                Field("budget", label_size="s"),
                Field("priority", label_size="s"),
                Field("provider", label_size="s"),
                Button(_("Filter grants"), name=None),
            )
            form.helper = helper
        return form
