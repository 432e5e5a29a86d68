"""Termination, recoveries and close-out pages.

The office's (staff of the awarding body; other bodies' staff get 404, the body's other
roles 403): terminating a grant (a decision maker, behind a recent sign-in, on a page that
says what happens to the money), closing it (a commissioning officer or decision maker,
behind a recent sign-in: it gives money back and makes the grant read-only, on a checklist
of what still stops it), the recoveries outstanding, one recovery with its
receipts, and recording a receipt (a finance officer, behind a recent sign-in). The
provider's: one recovery of its grant (anyone else 404).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core.access import recent_sign_in_required, role_required
from core.errors import ApplicationError
from core.pages import posted, refuse_on
from grants import rules
from grants import selectors as grant_selectors
from grants.closeout import selectors, services, working
from grants.closeout.forms import CloseForm, ReceiptForm, TerminateForm
from grants.models import IN_FORCE_STATUSES, AwardStatus
from providers.access import provider_required

FORM_METHODS = require_http_methods(["GET", "POST"])
office_only = role_required(*rules.OFFICE)
PAGE_SIZE = 50


def _award_url(award):
    return reverse("grants:award", args=[award.pk])


@FORM_METHODS
@office_only
@recent_sign_in_required(minutes=15)
def award_terminate(request, pk):
    award = grant_selectors.award_get_for_office(body=request.policing_body, pk=pk)
    if not rules.can_terminate(request.user, award.body):
        raise PermissionDenied
    back = _award_url(award)
    if award.status not in IN_FORCE_STATUSES:
        messages.error(request, _("Only an accepted or active grant can be terminated."))
        return redirect(back)
    form = TerminateForm(posted(request), cancel=back)
    if request.method == "POST" and form.is_valid():
        try:
            services.award_terminate(
                award=award, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ApplicationError as error:
            refuse_on(form, error)
        else:
            messages.success(request, _("The grant is terminated."))
            return redirect(back)
    figures = working.termination_working(award)
    return render(
        request,
        "grants/closeout/terminate.html",
        {
            "form": form,
            "award": award,
            "working": figures,
            "blockers": working.termination_blockers(award, figures),
        },
    )


@FORM_METHODS
@office_only
@recent_sign_in_required(minutes=15)
def award_close(request, pk):
    award = grant_selectors.award_get_for_office(body=request.policing_body, pk=pk)
    if not rules.can_edit(request.user, award.body):
        raise PermissionDenied
    back = _award_url(award)
    if award.status == AwardStatus.CLOSED:
        messages.error(request, _("This grant is closed."))
        return redirect(back)
    form = CloseForm(posted(request), cancel=back)
    if request.method == "POST" and form.is_valid():
        try:
            services.award_close(award=award, by=request.user)
        except ApplicationError as error:
            refuse_on(form, error)
        else:
            messages.success(request, _("The grant is closed."))
            return redirect(back)
    # Worked out once for the page: each results instalment reads its period's returns.
    cancels = working.results_earning_nothing(award) if award.status == AwardStatus.ACTIVE else []
    return render(
        request,
        "grants/closeout/close.html",
        {
            "form": form,
            "award": award,
            "blockers": working.close_blockers(award, cancels=cancels),
            "decommits": working.close_decommits(award),
            "cancels": cancels,
        },
    )


@require_safe
@office_only
def recoveries(request):
    """Queries: the count, then a page of the recoveries outstanding with their award,
    organisation and budget, in one. The same at 3 or 300."""
    body = request.policing_body
    page = Paginator(selectors.recoveries_outstanding(body=body), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "grants/closeout/recoveries.html",
        {"page": page, "can_pay": rules.can_pay(request.user, body)},
    )


@require_safe
@office_only
def recovery_detail(request, pk):
    recovery = selectors.recovery_get_for_office(body=request.policing_body, pk=pk)
    return render(
        request,
        "grants/closeout/recovery.html",
        {
            "recovery": recovery,
            "award": recovery.award,
            "receipts": recovery.receipts.select_related("recorded_by"),
            "can_record": rules.can_pay(request.user, recovery.award.body)
            and recovery.status == "outstanding"
            and not recovery.award.is_closed,
            "office": True,
        },
    )


@FORM_METHODS
@office_only
@recent_sign_in_required(minutes=15)
def recovery_receipt(request, pk):
    recovery = selectors.recovery_get_for_office(body=request.policing_body, pk=pk)
    if not rules.can_pay(request.user, recovery.award.body):
        raise PermissionDenied
    back = reverse("grants:recovery", args=[recovery.pk])
    if recovery.status != "outstanding" or recovery.award.is_closed:
        messages.error(request, _("Nothing is outstanding on this recovery."))
        return redirect(back)
    form = ReceiptForm(posted(request), recovery=recovery, cancel=back)
    if request.method == "POST" and form.is_valid():
        try:
            services.recovery_receipt_record(
                recovery=recovery, by=request.user, **form.cleaned_data
            )
        except ApplicationError as error:
            refuse_on(form, error)
        else:
            messages.success(request, _("The money received is recorded."))
            return redirect(back)
    return render(
        request,
        "grants/closeout/recovery_receipt.html",
        {"form": form, "recovery": recovery, "award": recovery.award},
    )


@require_safe
@provider_required
def my_recovery(request, pk):
    recovery = selectors.recovery_get_for_member(user=request.user, pk=pk)
    return render(
        request,
        "grants/closeout/recovery.html",
        {
            "recovery": recovery,
            "award": recovery.award,
            "receipts": recovery.receipts.all(),
            "can_record": False,
            "office": False,
        },
    )
