"""Monitoring return pages.

The provider's (members of the award's organisation; anyone else 404): the returns to do,
and a return's form (administrators and editors save and submit; viewers read it; once
submitted, everyone reads it). The office's (staff of the awarding body; other bodies'
404): returns waiting for review or overdue, a return's review (commissioning officers and
decision makers accept or return it; finance officers read it, and get 403 on a POST), and
each grant's returns against its targets as a table and a chart.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core.access import role_required
from core.errors import ApplicationError
from core.models import VictimGroup
from core.pages import autosave_reply, autosave_requested, posted, refuse_on
from core.paging import CappedPaginator, counts, limit_for_page, up_to
from core.vocabularies import NeedCategory, PriorityGroup, ReferralSource
from core.working_days import london_today
from grants import rules as grant_rules
from grants import selectors as grant_selectors
from grants.returns import rules, selectors, services
from grants.returns.chart import cumulative_chart
from grants.returns.forms import (
    ACCEPT,
    SUBMIT,
    ReturnFilterForm,
    ReturnForm,
    ReturnTermsForm,
    ReviewForm,
)
from grants.returns.models import ReturnStatus
from providers.access import provider_required

FORM_METHODS = require_http_methods(["GET", "POST"])
office_only = role_required(*grant_rules.OFFICE)
PAGE_SIZE = 50


# --- The provider's ---------------------------------------------------------------------------


@require_safe
@provider_required
def returns_mine(request):
    """Queries: the returns of the person's organisations waiting for them or for the
    office, with their award and organisation, in one (and the count). The same at 3 or 300."""
    page = Paginator(
        selectors.returns_to_do_for_member(user=request.user, today=london_today()), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(request, "grants/returns/mine.html", {"page": page})


def _detail_context(monitoring_return):
    outcomes, spend = selectors.return_figures(monitoring_return)
    return {
        "monitoring_return": monitoring_return,
        "award": monitoring_return.award,
        "outcomes": outcomes,
        "spend": spend,
        "counts": _counts(monitoring_return),
        "transitions": monitoring_return.transitions.select_related("by"),
    }


def _counts(monitoring_return):
    """The counts as (section, [(label, value)]) for the read-only page."""
    r = monitoring_return
    groups = VictimGroup.objects.order_by("ordering", "name")
    return [
        (
            _("Referrals received, by source"),
            [(label, r.referrals.get(key)) for key, label in ReferralSource.choices],
        ),
        (
            _("People supported, by crime type"),
            [(g.name, r.by_crime_type.get(g.slug)) for g in groups],
        ),
        (
            _("People supported, by need"),
            [(label, r.by_need.get(key)) for key, label in NeedCategory.choices],
        ),
        (
            _("People supported, by priority group"),
            [(label, r.by_priority_group.get(key)) for key, label in PriorityGroup.choices],
        ),
    ]


@FORM_METHODS
@provider_required
def return_edit(request, pk):
    """Save and come back later (or autosave), or submit. A refused submission keeps what
    was typed (it is saved first) and lists what is missing."""
    monitoring_return, membership = selectors.return_get_for_member(user=request.user, pk=pk)
    here = reverse("grants:return-edit", args=[pk])
    can_write = membership.role in rules.WRITERS
    if request.method == "POST" and not can_write:
        raise PermissionDenied
    # A terminated or closed grant's returns are read-only (grants.closeout).
    if not (can_write and monitoring_return.is_open and not monitoring_return.award.is_ended):
        if request.method == "POST":
            messages.error(request, _("This return can no longer change."))
            return redirect(here)
        return render(request, "grants/returns/detail.html", _detail_context(monitoring_return))
    award = monitoring_return.award
    # Saved any time; submitted only once its period has ended (the service refuses too).
    can_submit = monitoring_return.period_ended_by(london_today())
    form = ReturnForm(
        posted(request),
        monitoring_return=monitoring_return,
        measures=award.outcome_measures.order_by("ordering", "pk"),
        lines=award.amounts.select_related("budget").order_by("year", "pk"),
        can_submit=can_submit,
    )

    def save(_data):
        return services.return_save(
            monitoring_return=monitoring_return, by=request.user, figures=form.figures()
        )

    if autosave_requested(request):
        return autosave_reply(form, save=save)
    # A submit button posted from a page drawn before the period ended still reaches the
    # service, which refuses it with the day it opens.
    submitting = SUBMIT in request.POST
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
            if submitting:
                services.return_submit(monitoring_return=monitoring_return, by=request.user)
        except ApplicationError as error:
            refuse_on(form, error)
        else:
            if submitting:
                messages.success(request, _("Your return is submitted to the office."))
            else:
                messages.success(
                    request, _("Your return is saved. You can come back to it at any time.")
                )
            return redirect(reverse("grants:returns-mine"))
    return render(
        request,
        "grants/returns/form.html",
        {
            "form": form,
            "monitoring_return": monitoring_return,
            "award": award,
            "can_submit": can_submit,
        },
    )


@require_safe
@provider_required
def my_award_returns(request, pk):
    """The provider's grant's returns with the figures against the targets, the table and
    chart the office sees, for the members of the grant's organisation (anyone else 404).
    Queries: the award; its returns, measures and the outcomes counted, in three."""
    award = selectors.award_get_for_member(user=request.user, pk=pk)
    return _award_returns_page(request, award, provider=True)


def _award_returns_page(request, award, *, provider):
    returns, rows = selectors.award_returns_table(award)
    charts = [
        cumulative_chart(measure=row.measure, returns=returns, cells=row.cells) for row in rows
    ]
    return render(
        request,
        "grants/returns/award.html",
        {
            "award": award,
            "returns": returns,
            "rows": list(zip(rows, charts, strict=True)),
            "provider": provider,
        },
    )


# --- The office's -----------------------------------------------------------------------------


@require_safe
@office_only
def returns_office(request):
    """Queries: the two counts and the list's count in one (each stopping past its limit:
    docs/adr/0029), then the page of returns with their award and organisation in one. The
    same at 3 or 300."""
    body = request.policing_body
    form = ReturnFilterForm(request.GET or None)
    view, provider = "submitted", ""
    if form.is_valid():
        view = form.cleaned_data.get("view") or "submitted"
        provider = (form.cleaned_data.get("provider") or "").strip()
    returns = selectors.returns_for_office(body=body, view=view, provider=provider)
    number = request.GET.get("page")
    limit = limit_for_page(number, per_page=PAGE_SIZE, at_least=selectors.REVIEW_COUNT_LIMIT)
    to_count = selectors.review_count_querysets(body=body, limit=selectors.REVIEW_COUNT_LIMIT)
    # A tab's first pages list what its count counted: no second count of the same rows.
    same = view in to_count and not provider and limit == selectors.REVIEW_COUNT_LIMIT
    counted = counts(to_count if same else {**to_count, "listed": up_to(returns, limit)})
    listed = counted[view] if same else counted["listed"]
    page = CappedPaginator(returns, PAGE_SIZE, limit=limit, counted=listed).get_page(number)
    return render(
        request,
        "grants/returns/office.html",
        {
            "form": form,
            "page": page,
            "view": view,
            "counts": selectors.review_numbers(counted, limit=selectors.REVIEW_COUNT_LIMIT),
        },
    )


@FORM_METHODS
@office_only
def return_review(request, pk):
    monitoring_return = selectors.return_get_for_office(body=request.policing_body, pk=pk)
    can_review = rules.can_review(request.user, monitoring_return.award.body)
    here = reverse("grants:return-review", args=[pk])
    if request.method == "POST" and not can_review:
        raise PermissionDenied
    waiting = (
        monitoring_return.status == ReturnStatus.SUBMITTED and not monitoring_return.award.is_ended
    )
    if request.method == "POST" and not waiting:
        messages.error(request, _("This return is no longer waiting for review."))
        return redirect(here)
    form = ReviewForm(posted(request), cancel=reverse("grants:returns")) if waiting else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == ACCEPT:
                services.return_accept(monitoring_return=monitoring_return, by=request.user)
                done = _("The return is accepted.")
            else:
                services.return_send_back(
                    monitoring_return=monitoring_return,
                    by=request.user,
                    comment=form.cleaned_data["comment"],
                )
                done = _("The return is sent back to the provider with your comment.")
        except ApplicationError as error:
            refuse_on(form, error)
        else:
            messages.success(request, done)
            return redirect(reverse("grants:returns"))
    return render(
        request,
        "grants/returns/detail.html",
        {
            **_detail_context(monitoring_return),
            "form": form if can_review else None,
            "office": True,
        },
    )


@require_safe
@office_only
def award_returns(request, pk):
    """Queries: the award; its returns, measures and the outcomes counted, in three."""
    award = grant_selectors.award_get_for_office(body=request.policing_body, pk=pk)
    return _award_returns_page(request, award, provider=False)


@FORM_METHODS
@office_only
def award_return_terms(request, pk):
    """The office's commissioning officers and decision makers set how the returns fall due
    and the targets, until the award is accepted (its returns are then made)."""
    award = grant_selectors.award_get_for_office(body=request.policing_body, pk=pk)
    if not rules.can_review(request.user, award.body):
        raise PermissionDenied
    back = reverse("grants:award", args=[award.pk])
    if award.monitoring_returns.exists() or not services.terms_editable(award):
        messages.error(request, _("The returns have been made: their terms can no longer change."))
        return redirect(back)
    form = ReturnTermsForm(posted(request), award=award, cancel=back)
    if request.method == "POST" and form.is_valid():
        try:
            services.return_terms_set(award=award, by=request.user, **form.terms())
        except ApplicationError as error:
            refuse_on(form, error)
        else:
            messages.success(request, _("The returns' terms and targets are saved."))
            return redirect(back)
    return render(
        request,
        "grants/returns/terms.html",
        {"form": form, "award": award, "title": _("Monitoring returns and targets")},
    )
