"""The year-end pages: a finance officer's year end for a body and year (what each budget
has unspent and where it goes, then the button), the closed year's summary (with the
button that moves money unspent since the close), the funder's carry-forward agreement for
a ring-fenced budget, and a decision maker's adjustment.

Each view takes the body from the person's membership (`role_required`): another body's
budget is a 404, the right body but the wrong role a 403. Moving money asks for a recent
sign-in.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core.access import has_role, recent_sign_in_required, role_required
from core.forms import ConfirmForm
from core.models import Role
from core.money import format_money
from core.pages import form_page, posted, refuse_on
from funding.ledger import selectors as ledger_selectors
from funding.ledger.errors import LedgerRefused, RoleRequired
from funding.ledger.models import Budget
from funding.ledger.views import year_or_404
from funding.models import YearEndRule
from funding.yearend import selectors, services
from funding.yearend.forms import AdjustmentForm, AgreementForm

FORM_METHODS = require_http_methods(["GET", "POST"])
finance_officers = role_required(Role.FINANCE_OFFICER)
decision_makers = role_required(Role.DECISION_MAKER)
finance = role_required(Role.FINANCE_OFFICER, Role.DECISION_MAKER)
FORM_TEMPLATE = "funding/budgets/form.html"


def _closed_url(year):
    return reverse("budgets:year-closed", args=[str(year)])


def _year_end_url(year):
    return reverse("budgets:year-end", args=[str(year)])


@FORM_METHODS
@finance_officers
@recent_sign_in_required()
def year_end(request, year):
    body = request.policing_body
    year = year_or_404(year)
    if selectors.closed_year(body=body, year=year) is not None:
        return redirect(_closed_url(year))
    plan = selectors.year_end_plan(body=body, year=year)
    if not plan:
        raise Http404
    form = ConfirmForm(
        posted(request),
        button=_("Close %(year)s") % {"year": year},
        warning=True,
        cancel_url=reverse("budgets:year", args=[str(year)]),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.year_close(body=body, year=year, by=request.user)
        except LedgerRefused as error:
            refuse_on(form, error)
        else:
            messages.success(request, _("%(year)s is closed.") % {"year": year})
            return redirect(_closed_url(year))
    return render(
        request,
        "funding/yearend/close.html",
        {
            "body": body,
            "year": year,
            "plan": plan,
            "form": form,
            "totals": selectors.plan_totals(plan),
            "busy": [row for row in plan if row.open_reservations],
        },
    )


def _sweep_form(year):
    form = ConfirmForm(button=_("Carry forward or return what is unspent now"))
    form.helper.form_action = reverse("budgets:year-sweep", args=[str(year)])
    return form


@require_safe
@finance
def year_closed(request, year):
    body = request.policing_body
    year = year_or_404(year)
    closed = selectors.closed_year(body=body, year=year)
    if closed is None:
        raise Http404
    outcome = selectors.year_end_outcome(closed)
    return render(
        request,
        "funding/yearend/closed.html",
        {
            "body": body,
            "year": year,
            "closed": closed,
            "outcome": outcome,
            "totals": selectors.outcome_totals(outcome),
            "adjustments": selectors.adjustments_of(closed),
            "is_decider": has_role(request.user, body, Role.DECISION_MAKER),
            "can_sweep": has_role(request.user, body, Role.FINANCE_OFFICER)
            and any(row.budget.remaining > 0 for row in outcome),
            "sweep_form": _sweep_form(year),
        },
    )


@require_http_methods(["POST"])
@finance_officers
@recent_sign_in_required()
def sweep(request, year):
    """The closed year's summary's button: move what became unspent since the close."""
    body = request.policing_body
    year = year_or_404(year)
    if selectors.closed_year(body=body, year=year) is None:
        raise Http404
    try:
        moved = services.year_end_sweep(body=body, year=year, by=request.user)
    except RoleRequired as error:
        raise PermissionDenied from error
    except LedgerRefused as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(amount)s left %(year)s: carried forward or returned.")
            % {"amount": format_money(moved), "year": year},
        )
    return redirect(_closed_url(year))


@FORM_METHODS
@finance_officers
@recent_sign_in_required()
def agreement(request, pk):
    budget = ledger_selectors.budget_get_visible_to(
        user=request.user, body=request.policing_body, pk=pk
    )
    stream = budget.ring_fenced_stream
    if stream is None or stream.year_end_rule != YearEndRule.RETURNS_TO_FUNDER:
        raise Http404
    back = _year_end_url(budget.year)
    return form_page(
        request,
        AgreementForm(posted(request), cancel=back),
        template=FORM_TEMPLATE,
        title=_("Record the funder's agreement to carry money forward"),
        lead=_(
            "Without an agreement, what %(budget)s has not spent at the year end goes back to "
            "%(funder)s. Up to the amount agreed carries forward to the next year instead."
        )
        % {"budget": budget.name, "funder": stream.funder or stream.name},
        save=lambda data: services.carry_forward_agreement_record(
            budget=budget, by=request.user, **data
        ),
        done=back,
        success=_("Agreement recorded."),
        back=back,
        budget=budget,
    )


@FORM_METHODS
@decision_makers
@recent_sign_in_required()
def adjustment(request, year):
    body = request.policing_body
    year = year_or_404(year)
    if selectors.closed_year(body=body, year=year) is None:
        raise Http404
    back = _closed_url(year)
    budgets = Budget.objects.filter(body=body, year=year).order_by("name")
    return form_page(
        request,
        AdjustmentForm(posted(request), budgets=budgets, cancel=back),
        template=FORM_TEMPLATE,
        title=_("Record a year-end adjustment to %(year)s") % {"year": year},
        lead=_(
            "%(year)s is closed. An adjustment adds money to a budget of the year, or takes "
            "unspent money from it, on a date in the year, with the reason."
        )
        % {"year": year},
        save=lambda data: services.year_end_adjust(by=request.user, **data),
        done=back,
        success=_("Adjustment recorded."),
        back=back,
    )
