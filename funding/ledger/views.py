"""The finance pages: a year's budgets with their figures and totals, each budget's ledger,
CSV and XLSX of both, and the forms finance officers and decision makers use.

Each view takes the body from the person's membership (`role_required`), resolves objects
through funding.ledger.selectors (another body's budget, or a year the panel may not yet
see, is a 404), checks the role (403), and calls one service.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from core.access import has_role, recent_sign_in_required, role_required
from core.exports import Column, csv_response, xlsx_response
from core.financial_years import FinancialYear
from core.models import Role
from core.money import format_money
from core.working_days import london_today
from funding import services
from funding.ledger import forms, selectors
from funding.ledger.charts import budget_bar
from funding.ledger.errors import LedgerRefused, RoleRequired
from funding.ledger.models import (
    BudgetPublication,
    ClosedYear,
    ContributionStatus,
    FundingSettings,
    PartnerContribution,
    Virement,
    VirementStatus,
)
from plans.selectors import priority_threads_for

FORM_METHODS = require_http_methods(["GET", "POST"])
# Finance pages: the body's finance officers and decision makers; its panel once published.
readers = role_required(Role.FINANCE_OFFICER, Role.DECISION_MAKER, Role.PANEL_MEMBER)
finance_officers = role_required(Role.FINANCE_OFFICER)
decision_makers = role_required(Role.DECISION_MAKER)


def year_or_404(text) -> FinancialYear:
    """The financial year a URL names ("2025-26"), or 404."""
    try:
        return FinancialYear.parse(text)
    except ValueError as error:
        raise Http404 from error


def _posted(request):
    return request.POST if request.method == "POST" else None


def _form_page(request, form, *, title, save, done, success, back, lead="", budget=None):
    """GET shows the form; a valid POST calls `save(data)`; a refusal is shown on the form
    with everything typed kept."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except RoleRequired as error:
            raise PermissionDenied from error
        except LedgerRefused as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, success)
            return redirect(done)
    return render(
        request,
        "funding/budgets/form.html",
        {"form": form, "title": title, "back": back, "lead": lead, "budget": budget},
    )


def _budget(request, pk):
    return selectors.budget_get_visible_to(user=request.user, body=request.policing_body, pk=pk)


def _budget_url(budget):
    return reverse("budgets:detail", args=[budget.pk])


def _year_url(year):
    return reverse("budgets:year", args=[str(year)])


# --- Reading ------------------------------------------------------------------------------


@require_safe
@readers
def budget_index(request):
    body = request.policing_body
    years = selectors.budget_years_visible_to(user=request.user, body=body)
    is_finance = selectors.is_finance(request.user, body)
    return render(
        request,
        "funding/budgets/index.html",
        {
            "body": body,
            "years": years,
            "published": selectors.published_years(body),
            "is_finance": is_finance,
            "can_build": has_role(request.user, body, Role.FINANCE_OFFICER),
            "is_decider": has_role(request.user, body, Role.DECISION_MAKER),
            "pending": selectors.pending_virements(body=body).count() if is_finance else 0,
            "closed": (
                set(ClosedYear.objects.filter(body=body).values_list("year", flat=True))
                if is_finance
                else set()
            ),
        },
    )


@require_safe
@readers
def budget_year(request, year):
    body = request.policing_body
    year = year_or_404(year)
    budgets = selectors.budgets_of_year(user=request.user, body=body, year=year)
    for budget in budgets:
        budget.bar = budget_bar(budget)
    is_finance = selectors.is_finance(request.user, body)
    publication = BudgetPublication.objects.filter(body=body, year=year).first()
    can_build = has_role(request.user, body, Role.FINANCE_OFFICER)
    return render(
        request,
        "funding/budgets/year.html",
        {
            "body": body,
            "year": year,
            "budgets": budgets,
            "totals": selectors.year_totals(budgets),
            "by_priority": selectors.totals_by_priority(budgets),
            "by_stream": selectors.totals_by_stream(budgets),
            "virements": selectors.virements_of_year(body=body, year=year) if is_finance else [],
            "is_finance": is_finance,
            "is_decider": has_role(request.user, body, Role.DECISION_MAKER),
            "publication": publication,
            "closed": is_finance and ClosedYear.objects.filter(body=body, year=year).exists(),
            "can_close": can_build and year.end < london_today(),
        },
    )


@require_safe
@readers
def budget_detail(request, pk):
    budget = _budget(request, pk)
    body = request.policing_body
    entries = list(selectors.budget_entries_shown(budget))
    for entry in entries:
        entry.cause = selectors.entry_cause(entry)
    lines, contributions = selectors.budget_funding(budget)
    is_finance = selectors.is_finance(request.user, budget.body)
    thread_title = ""
    if budget.priority_thread_id:
        thread_title = selectors.priority_titles([budget.priority_thread_id]).get(
            budget.priority_thread_id, ""
        )
    return render(
        request,
        "funding/budgets/detail.html",
        {
            "body": body,
            "budget": budget,
            "bar": budget_bar(budget),
            "entries": entries,
            "lines": lines,
            "contributions": contributions,
            "commitments": selectors.budget_commitments(budget) if is_finance else [],
            "priority_title": thread_title,
            "is_finance": is_finance,
            "can_build": has_role(request.user, body, Role.FINANCE_OFFICER),
        },
    )


# --- Exports --------------------------------------------------------------------------------

BUDGET_COLUMNS = [
    Column(gettext_lazy("Budget"), "name", width=40),
    Column(gettext_lazy("Financial year"), "year"),
    Column(gettext_lazy("Ring-fenced to"), "ring_fenced_stream.name", width=30),
    Column(gettext_lazy("Available (£)"), "available", width=16),
    Column(gettext_lazy("Reserved (£)"), "reserved", width=16),
    Column(gettext_lazy("Committed (£)"), "committed", width=16),
    Column(gettext_lazy("Released (£)"), "released", width=16),
    Column(gettext_lazy("Paid (£)"), "paid", width=16),
    Column(gettext_lazy("Remaining (£)"), "remaining", width=16),
]

ENTRY_COLUMNS = [
    Column(gettext_lazy("Effective"), "effective_on"),
    Column(gettext_lazy("Budget"), "budget.name", width=30),
    Column(gettext_lazy("Entry"), "get_kind_display", width=28),
    Column(gettext_lazy("For"), selectors.entry_cause, width=40),
    Column(gettext_lazy("Amount (£)"), "amount", width=16),
    Column(gettext_lazy("Available (£)"), "available_delta", width=16),
    Column(gettext_lazy("Reserved (£)"), "reserved_delta", width=16),
    Column(gettext_lazy("Committed (£)"), "committed_delta", width=16),
    Column(gettext_lazy("Released (£)"), "released_delta", width=16),
    Column(gettext_lazy("Paid (£)"), "paid_delta", width=16),
    Column(gettext_lazy("Note"), "note", width=40),
    Column(gettext_lazy("Recorded"), "recorded_at"),
]


def _year_export(request, year):
    year = year_or_404(year)
    budgets = selectors.budgets_of_year(user=request.user, body=request.policing_body, year=year)
    return year, budgets, f"budgets-{request.policing_body.slug}-{year}"


@require_safe
@readers
def year_csv(request, year):
    year, budgets, name = _year_export(request, year)
    return csv_response(f"{name}.csv", BUDGET_COLUMNS, budgets)


@require_safe
@readers
def year_xlsx(request, year):
    year, budgets, name = _year_export(request, year)
    return xlsx_response(f"{name}.xlsx", BUDGET_COLUMNS, budgets, sheet_title=str(year))


@require_safe
@readers
def ledger_csv(request, pk):
    budget = _budget(request, pk)
    entries = selectors.budget_entries(budget).select_related("budget")
    return csv_response(f"ledger-{budget.pk}.csv", ENTRY_COLUMNS, entries.iterator())


@require_safe
@readers
def ledger_xlsx(request, pk):
    budget = _budget(request, pk)
    entries = selectors.budget_entries(budget).select_related("budget")
    return xlsx_response(
        f"ledger-{budget.pk}.xlsx", ENTRY_COLUMNS, entries.iterator(), sheet_title=budget.name
    )


@require_safe
@readers
def year_ledger_csv(request, year):
    year = year_or_404(year)
    selectors.year_visible(request.user, request.policing_body, year)
    entries = selectors.year_entries(body=request.policing_body, year=year)
    return csv_response(
        f"ledger-{request.policing_body.slug}-{year}.csv", ENTRY_COLUMNS, entries.iterator()
    )


# --- Building budgets (finance officers) ----------------------------------------------------


@FORM_METHODS
@finance_officers
def budget_create(request):
    body = request.policing_body
    threads = priority_threads_for(body=body)
    form = forms.BudgetForm(_posted(request), threads=threads, cancel=reverse("budgets:index"))
    created = {}

    def save(data):
        created["budget"] = services.budget_create(body=body, by=request.user, **data)

    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except RoleRequired as error:
            raise PermissionDenied from error
        except LedgerRefused as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Budget created. Add its funding next."))
            return redirect(_budget_url(created["budget"]))
    return render(
        request,
        "funding/budgets/form.html",
        {"form": form, "title": _("Create a budget"), "back": reverse("budgets:index")},
    )


def _finance_budget(request, pk):
    budget = _budget(request, pk)
    if not has_role(request.user, budget.body, Role.FINANCE_OFFICER):
        raise PermissionDenied
    return budget


@FORM_METHODS
@readers
def funding_line(request, pk):
    budget = _finance_budget(request, pk)
    back = _budget_url(budget)
    form = forms.FundingLineForm(_posted(request), budget=budget, cancel=back)
    return _form_page(
        request,
        form,
        title=_("Draw from an allocation"),
        lead=_(
            "Enter the total this budget draws from the allocation. A smaller amount than "
            "before gives money back to the allocation."
        ),
        save=lambda data: services.funding_line_set(budget=budget, by=request.user, **data),
        done=back,
        success=_("Funding saved."),
        back=back,
        budget=budget,
    )


@FORM_METHODS
@readers
def contribution_add(request, pk):
    budget = _finance_budget(request, pk)
    back = _budget_url(budget)
    form = forms.ContributionForm(_posted(request), cancel=back)
    return _form_page(
        request,
        form,
        title=_("Add a partner's contribution"),
        save=lambda data: services.contribution_add(budget=budget, by=request.user, **data),
        done=back,
        success=_("Contribution saved."),
        back=back,
        budget=budget,
    )


@FORM_METHODS
@readers
def contribution_receive(request, pk, contribution_pk):
    budget = _finance_budget(request, pk)
    contribution = get_object_or_404(
        PartnerContribution.objects.filter(budget=budget, status=ContributionStatus.PLEDGED),
        pk=contribution_pk,
    )
    back = _budget_url(budget)
    form = forms.ReceivedForm(_posted(request), cancel=back)
    return _form_page(
        request,
        form,
        title=_("Record %(partner)s's money as received") % {"partner": contribution.partner_name},
        save=lambda data: services.contribution_receive(
            contribution=contribution, by=request.user, **data
        ),
        done=back,
        success=_("Contribution received: it now counts as available."),
        back=back,
        budget=budget,
    )


@FORM_METHODS
@readers
def commitment_record(request, pk):
    budget = _finance_budget(request, pk)
    back = _budget_url(budget)
    form = forms.CommitmentForm(_posted(request), cancel=back)

    def save(data):
        services.commitment_record(
            body=budget.body,
            by=request.user,
            parts=[services.BudgetAmount(budget, data["amount"])],
            payee=data["payee"],
            purpose=data["purpose"],
            description=data["description"],
            cause_key=data["reference"],
            effective_on=data["effective_on"],
        )

    return _form_page(
        request,
        form,
        title=_("Record a commitment agreed outside the system"),
        save=save,
        done=back,
        success=_("Commitment recorded."),
        back=back,
        budget=budget,
    )


@FORM_METHODS
@readers
def payment_record(request, pk, line_pk):
    budget = _finance_budget(request, pk)
    line = selectors.commitment_line_get(budget=budget, pk=line_pk)
    back = _budget_url(budget)
    form = forms.PaymentForm(_posted(request), cancel=back)
    return _form_page(
        request,
        form,
        title=_("Record a payment to %(payee)s") % {"payee": line.commitment.payee},
        save=lambda data: services.payment_record(
            commitment=line.commitment, budget=budget, by=request.user, **data
        ),
        done=back,
        success=_("Payment recorded."),
        back=back,
        budget=budget,
    )


# --- Virements, settings and publication ----------------------------------------------------


@FORM_METHODS
@readers
def virement_request(request, pk):
    budget = _budget(request, pk)
    if not selectors.is_finance(request.user, budget.body):
        raise PermissionDenied
    back = _budget_url(budget)
    form = forms.VirementForm(_posted(request), budget=budget, cancel=back)
    return _form_page(
        request,
        form,
        title=_("Move money to another budget"),
        lead=_(
            "At or above the body's threshold a decision maker must approve the virement "
            "before the money moves."
        ),
        save=lambda data: services.virement_request(from_budget=budget, by=request.user, **data),
        done=_year_url(budget.year),
        success=_("Virement saved. Its status is on the year's page."),
        back=back,
        budget=budget,
    )


@FORM_METHODS
@decision_makers
@recent_sign_in_required()
def virement_decide(request, pk):
    virement = get_object_or_404(
        Virement.objects.filter(
            body=request.policing_body, status=VirementStatus.AWAITING_APPROVAL
        ).select_related("from_budget", "to_budget"),
        pk=pk,
    )
    back = _year_url(virement.from_budget.year)
    form = forms.VirementDecisionForm(_posted(request), cancel=back)

    def save(data):
        decide = (
            services.virement_approve if data["decision"] == "approve" else services.virement_refuse
        )
        decide(virement=virement, by=request.user, note=data["note"])

    return _form_page(
        request,
        form,
        title=_("Approve a virement"),
        lead=_("%(amount)s from %(from)s to %(to)s. Reason: %(reason)s")
        % {
            "amount": format_money(virement.amount),
            "from": virement.from_budget.name,
            "to": virement.to_budget.name,
            "reason": virement.reason,
        },
        save=save,
        done=back,
        success=_("Decision saved."),
        back=back,
    )


@FORM_METHODS
@decision_makers
def budgets_publish(request, year):
    body = request.policing_body
    year = year_or_404(year)
    back = _year_url(year)
    if not selectors.budgets_of_year(user=request.user, body=body, year=year):
        raise Http404
    form = forms.ConfirmForm(_posted(request), submit=_("Publish to the panel"), cancel=back)
    return _form_page(
        request,
        form,
        title=_("Publish the budgets for %(year)s to the panel") % {"year": year},
        lead=_(
            "The police and crime panel's members will read these budgets and their ledgers "
            "from now on. This cannot be undone."
        ),
        save=lambda data: services.budgets_publish(body=body, year=year, by=request.user),
        done=back,
        success=_("Published to the panel."),
        back=back,
    )


@FORM_METHODS
@decision_makers
def funding_settings(request):
    body = request.policing_body
    current = FundingSettings.objects.filter(body=body).first()
    back = reverse("budgets:index")
    form = forms.SettingsForm(
        _posted(request),
        initial={"virement_threshold": current.virement_threshold if current else 0},
        cancel=back,
    )
    return _form_page(
        request,
        form,
        title=_("Virement approval threshold"),
        save=lambda data: services.funding_settings_update(body=body, by=request.user, **data),
        done=back,
        success=_("Setting saved."),
        back=back,
    )
