"""Variation pages.

The office's (staff of the awarding body; other bodies' staff get 404, the body's other
roles 403): proposing a variation of an accepted grant and changing the draft, a variation
with its history, sending it for approval and withdrawing it (commissioning officers and
decision makers; withdrawing, which cancels a reservation, behind a recent sign-in); the
list of variations awaiting approval and the approval or refusal itself (decision makers
only, behind a recent sign-in). The provider's (members of the
organisation; anyone else 404): the variation letter, and for an administrator accepting or
declining it.
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
from core.forms import ConfirmForm
from core.pages import posted, refuse_on
from grants import rules as grant_rules
from grants import selectors as grant_selectors
from grants.variations import rules, selectors, services
from grants.variations.forms import (
    APPROVE,
    DecideForm,
    VariationAcceptForm,
    VariationDeclineForm,
    VariationForm,
    WithdrawForm,
)
from grants.variations.models import VariationStatus
from providers.access import provider_required
from providers.models import OrganisationMember

FORM_METHODS = require_http_methods(["GET", "POST"])
office_only = role_required(*grant_rules.OFFICE)
PAGE_SIZE = 50


def _variation_url(variation):
    return reverse("grants:variation", args=[variation.pk])


def _award_url(award):
    return reverse("grants:award", args=[award.pk])


def _for_editor(request, pk):
    variation = selectors.variation_get_for_office(body=request.policing_body, pk=pk)
    if not rules.can_propose(request.user, variation.award.body):
        raise PermissionDenied
    return variation


def _not_now(request, variation, message):
    messages.error(request, message)
    return redirect(_variation_url(variation))


@FORM_METHODS
@office_only
def variation_new(request, pk):
    award = grant_selectors.award_get_for_office(body=request.policing_body, pk=pk)
    if not rules.can_propose(request.user, award.body):
        raise PermissionDenied
    back = _award_url(award)
    form = VariationForm(posted(request), award=award, cancel=back)
    if request.method == "POST" and form.is_valid():
        try:
            variation = services.variation_propose(
                award=award, by=request.user, changes=form.changes()
            )
        except ApplicationError as error:
            refuse_on(form, error)
        else:
            messages.success(
                request, _("Variation %(ref)s is saved as a draft.") % {"ref": variation.reference}
            )
            return redirect(_variation_url(variation))
    return render(
        request,
        "grants/variations/form.html",
        {"form": form, "award": award, "title": _("Propose a variation"), "back": back},
    )


@FORM_METHODS
@office_only
def variation_edit(request, pk):
    variation = _for_editor(request, pk)
    if variation.status != VariationStatus.DRAFT:
        return _not_now(request, variation, _("Only a draft variation can change."))
    back = _variation_url(variation)
    form = VariationForm(posted(request), award=variation.award, variation=variation, cancel=back)
    if request.method == "POST" and form.is_valid():
        try:
            services.variation_edit(variation=variation, by=request.user, changes=form.changes())
        except ApplicationError as error:
            refuse_on(form, error)
        else:
            messages.success(request, _("The draft variation is saved."))
            return redirect(back)
    return render(
        request,
        "grants/variations/form.html",
        {
            "form": form,
            "award": variation.award,
            "title": _("Change variation %(ref)s") % {"ref": variation.reference},
            "back": back,
        },
    )


@require_safe
@office_only
def variation_detail(request, pk):
    variation = selectors.variation_get_for_office(body=request.policing_body, pk=pk)
    body = variation.award.body
    return render(
        request,
        "grants/variations/detail.html",
        {
            "variation": variation,
            "award": variation.award,
            "lines": variation.lines.select_related("budget"),
            "transitions": selectors.history(variation),
            "can_propose": rules.can_propose(request.user, body),
            "can_decide": rules.can_decide(request.user, body),
        },
    )


@FORM_METHODS
@office_only
def variation_send(request, pk):
    variation = _for_editor(request, pk)
    if variation.status != VariationStatus.DRAFT:
        return _not_now(request, variation, _("This variation has already been sent."))
    back = _variation_url(variation)
    form = ConfirmForm(posted(request), button=_("Send for approval"), cancel_url=back)
    if request.method == "POST" and form.is_valid():
        try:
            services.variation_submit(variation=variation, by=request.user)
        except ApplicationError as error:
            refuse_on(form, error)
        else:
            messages.success(request, _("The variation is waiting for a decision maker."))
            return redirect(back)
    return render(
        request,
        "grants/variations/confirm.html",
        {
            "form": form,
            "variation": variation,
            "title": _("Send variation %(ref)s for approval") % {"ref": variation.reference},
            "lines": variation.lines.select_related("budget"),
        },
    )


@FORM_METHODS
@office_only
@recent_sign_in_required(minutes=15)
def variation_withdraw(request, pk):
    variation = _for_editor(request, pk)
    if not variation.is_open:
        return _not_now(request, variation, _("This variation is no longer open."))
    back = _variation_url(variation)
    form = WithdrawForm(posted(request), cancel=back)
    if request.method == "POST" and form.is_valid():
        try:
            services.variation_withdraw(
                variation=variation, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ApplicationError as error:
            refuse_on(form, error)
        else:
            messages.success(request, _("The variation is withdrawn: the grant is unchanged."))
            return redirect(back)
    return render(
        request,
        "grants/variations/confirm.html",
        {
            "form": form,
            "variation": variation,
            "title": _("Withdraw variation %(ref)s") % {"ref": variation.reference},
            "lines": variation.lines.select_related("budget"),
        },
    )


@require_safe
@office_only
def variation_list(request):
    """Queries: the count, then a page of the variations awaiting approval with their award,
    organisation, proposer and totals, in one. The same at 3 or 300."""
    page = Paginator(
        selectors.variations_awaiting_approval(body=request.policing_body), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "grants/variations/list.html",
        {
            "page": page,
            "can_decide": rules.can_decide(request.user, request.policing_body),
        },
    )


@FORM_METHODS
@office_only
@recent_sign_in_required(minutes=15)
def variation_decide(request, pk):
    variation = selectors.variation_get_for_office(body=request.policing_body, pk=pk)
    if not rules.can_decide(request.user, variation.award.body):
        raise PermissionDenied
    if variation.status != VariationStatus.AWAITING_APPROVAL:
        return _not_now(request, variation, _("This variation is not awaiting approval."))
    back = _variation_url(variation)
    form = DecideForm(posted(request), cancel=back)
    if request.method == "POST" and form.is_valid():
        approve = form.cleaned_data["decision"] == APPROVE
        try:
            if approve:
                services.variation_approve(
                    variation=variation, by=request.user, note=form.cleaned_data["note"]
                )
            else:
                services.variation_refuse(
                    variation=variation, by=request.user, note=form.cleaned_data["note"]
                )
        except ApplicationError as error:
            refuse_on(form, error)
        else:
            messages.success(
                request,
                _("The variation is approved: the letter is being prepared for the provider.")
                if approve
                else _("The variation is refused: the grant is unchanged."),
            )
            return redirect(back)
    return render(
        request,
        "grants/variations/decide.html",
        {
            "form": form,
            "variation": variation,
            "award": variation.award,
            "lines": variation.lines.select_related("budget"),
            "transitions": selectors.history(variation),
        },
    )


# --- The provider's -----------------------------------------------------------------------------


def _mine(request, pk):
    variation = selectors.variation_get_for_member(user=request.user, pk=pk)
    membership = OrganisationMember.objects.get(
        user=request.user, organisation_id=variation.award.organisation_id
    )
    return membership, variation


@require_safe
@provider_required
def my_variation(request, pk):
    membership, variation = _mine(request, pk)
    return render(
        request,
        "grants/variations/mine.html",
        {
            "variation": variation,
            "award": variation.award,
            "lines": variation.lines.select_related("budget"),
            "can_answer": variation.status == VariationStatus.APPROVED
            and membership.is_administrator,
        },
    )


def _to_answer(request, pk):
    membership, variation = _mine(request, pk)
    if not membership.is_administrator:
        raise PermissionDenied
    return variation


def _answer(request, pk, *, accepting):
    variation = _to_answer(request, pk)
    back = reverse("grants:my-variation", args=[variation.pk])
    if variation.status != VariationStatus.APPROVED:
        messages.error(request, _("This variation has already been answered."))
        return redirect(back)
    form_class = VariationAcceptForm if accepting else VariationDeclineForm
    form = form_class(posted(request), cancel=back)
    if request.method == "POST" and form.is_valid():
        try:
            if accepting:
                services.variation_accept(variation=variation, by=request.user, **form.cleaned_data)
            else:
                services.variation_decline(
                    variation=variation, by=request.user, reason=form.cleaned_data["reason"]
                )
        except ApplicationError as error:
            refuse_on(form, error)
        else:
            messages.success(
                request,
                _("You have accepted the variation: the grant now has its new terms.")
                if accepting
                else _("You have declined the variation: the grant is unchanged."),
            )
            return redirect(back)
    return render(
        request,
        "grants/variations/answer.html",
        {"form": form, "variation": variation, "award": variation.award, "accepting": accepting},
    )


@FORM_METHODS
@provider_required
def my_variation_accept(request, pk):
    return _answer(request, pk, accepting=True)


@FORM_METHODS
@provider_required
def my_variation_decline(request, pk):
    return _answer(request, pk, accepting=False)
