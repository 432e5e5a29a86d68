"""Grant pages.

The office's (staff of the awarding body; other bodies' staff get 404, the body's other
roles 403): the grant list with filters, the awards of a decision, an award with its whole
history, its terms and schedule (while a draft), sending the offer, and the finance
officer's instalments due this month with their release and payment (behind a recent
sign-in). The provider's (members of the organisation; anyone else 404): its grants, one
grant with what is due and what was paid and the agreement, and, for an administrator,
accepting or declining the offer.
"""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from commissioning.decisions.models import Decision, DecisionStatus
from core.access import recent_sign_in_required, role_required
from core.errors import ApplicationError
from core.forms import ConfirmForm
from core.pages import posted, refuse_on
from core.paging import CappedPaginator, limit_for_page
from core.working_days import london_today
from grants import rules, selectors, services
from grants.filters import AwardFilter
from grants.forms import (
    AcceptForm,
    DeclineForm,
    OfferForm,
    PaymentForm,
    ReleaseForm,
    ScheduleForm,
    TermsForm,
)
from grants.home_panels import decisions_to_award
from grants.models import AwardStatus, Instalment, InstalmentKind, InstalmentStatus
from grants.returns.services import results_working
from providers.access import current_membership, provider_required
from providers.models import OrganisationMember

FORM_METHODS = require_http_methods(["GET", "POST"])
office_only = role_required(*rules.OFFICE)
PAGE_SIZE = 50


def _award_url(award):
    return reverse("grants:award", args=[award.pk])


# --- The office's -----------------------------------------------------------------------------


@require_safe
@office_only
def award_list(request):
    """Queries: the filter form's budgets and priorities; the count (up to
    `LIST_COUNT_LIMIT`, or to the page after the one asked for); the page of awards with
    their organisation and total; the decisions with awards to make. The same at 3 awards or
    300."""
    body = request.policing_body
    filterset = AwardFilter(
        request.GET or None, queryset=selectors.award_list_for_office(body=body), body=body
    )
    results = filterset.qs if filterset.is_valid() or not request.GET else filterset.qs.none()
    number = request.GET.get("page")
    page = CappedPaginator(
        results,
        PAGE_SIZE,
        limit=limit_for_page(number, per_page=PAGE_SIZE, at_least=selectors.LIST_COUNT_LIMIT),
    ).get_page(number)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "grants/award_list.html",
        {
            "filter": filterset,
            "page": page,
            "query": query.urlencode(),
            "body": body,
            "to_award": list(decisions_to_award(body)[:10]),
        },
    )


def _decision_for_office(request, pk):
    return get_object_or_404(
        Decision.objects.select_related("round"),
        body=request.policing_body,
        pk=pk,
        status=DecisionStatus.APPROVED,
    )


@FORM_METHODS
@office_only
def decision_awards(request, pk):
    """The successful outcomes of an approved decision, each with its award or a button to
    make the awards still missing."""
    decision = _decision_for_office(request, pk)
    outcomes = list(
        decision.outcomes.filter(commitment__isnull=False)
        .select_related("bid__organisation", "award")
        .prefetch_related("amounts")
    )
    missing = [o for o in outcomes if not hasattr(o, "award")]
    can_make = rules.can_edit(request.user, decision.body) and bool(missing)
    form = ConfirmForm(
        posted(request),
        button=_("Make the awards"),
        cancel_url=reverse("commissioning:decision", args=[decision.pk]),
    )
    if request.method == "POST":
        if not rules.can_edit(request.user, decision.body):
            raise PermissionDenied
        if form.is_valid():
            try:
                made = services.awards_make_for_decision(decision=decision, by=request.user)
            except ApplicationError as error:
                refuse_on(form, error)
            else:
                messages.success(
                    request,
                    _("%(count)d draft awards made. Check each one's terms and schedule.")
                    % {"count": len(made)},
                )
                return redirect("grants:decision-awards", pk=decision.pk)
    return render(
        request,
        "grants/decision_awards.html",
        {
            "decision": decision,
            "outcomes": [(o, sum(a.amount for a in o.amounts.all())) for o in outcomes],
            "form": form,
            "can_make": can_make,
        },
    )


@require_safe
@office_only
def award_detail(request, pk):
    award = selectors.award_get_for_office(body=request.policing_body, pk=pk)
    transitions, events = selectors.award_history(award)
    body = award.body
    instalments = list(
        award.instalments.select_related("budget", "milestone", "released_by", "paid_by")
    )
    return render(
        request,
        "grants/award_detail.html",
        {
            "award": award,
            "amounts": award.amounts.select_related("budget"),
            "instalments": instalments,
            "milestones": award.milestones.all(),
            "tariffs": award.tariffs.all(),
            "transitions": transitions,
            "events": events,
            "total": sum(i.amount for i in instalments),
            "problems": services.schedule_problems(award) if award.is_draft else [],
            "can_edit": award.is_draft and rules.can_edit(request.user, body),
            "can_set_returns": award.status in (AwardStatus.DRAFT, AwardStatus.OFFERED)
            and rules.can_edit(request.user, body),
            # An ended grant takes no more payments (grants.closeout): its table has no actions.
            "can_pay": rules.can_pay(request.user, body) and not award.is_ended,
            "reconciliation": selectors.award_reconciliation(award),
            **_closeout_context(request, award),
        },
    )


def _closeout_context(request, award):
    """The award page's termination, recoveries and closing, and who may take each step."""
    from grants.closeout import selectors as closeout

    body = award.body
    return {
        "termination": closeout.termination_of(award) if award.is_ended else None,
        "closing": closeout.closing_of(award) if award.is_closed else None,
        "cancelled_at_close": closeout.cancelled_at_close(award),
        "recoveries": list(award.recoveries.select_related("award", "budget")),
        "can_terminate": award.is_in_force and rules.can_terminate(request.user, body),
        "can_close": award.status in (AwardStatus.ACTIVE, AwardStatus.TERMINATED)
        and rules.can_edit(request.user, body),
    }


def _draft_for(request, pk):
    award = selectors.award_get_for_office(body=request.policing_body, pk=pk)
    if not rules.can_edit(request.user, award.body):
        raise PermissionDenied
    return award


def _frozen(request, award):
    messages.error(
        request, _("The offer has been sent: its terms and schedule can no longer change.")
    )
    return redirect(_award_url(award))


@FORM_METHODS
@office_only
def award_edit(request, pk):
    award = _draft_for(request, pk)
    if not award.is_draft:
        return _frozen(request, award)
    decided = award.outcome.amounts.select_related("budget").order_by("budget__year", "pk")
    form = TermsForm(posted(request), award=award, decided=decided, cancel=_award_url(award))
    if request.method == "POST" and form.is_valid():
        try:
            services.award_edit(award=award, by=request.user, terms=form.terms())
        except ApplicationError as error:
            refuse_on(form, error)
        else:
            messages.success(request, _("The award is saved and its schedule made again."))
            return redirect(_award_url(award))
    return render(
        request,
        "grants/award_form.html",
        {"form": form, "award": award, "title": _("Terms and money")},
    )


@FORM_METHODS
@office_only
def award_schedule(request, pk):
    award = _draft_for(request, pk)
    if not award.is_draft:
        return _frozen(request, award)
    form = ScheduleForm(posted(request), award=award, cancel=_award_url(award))
    if request.method == "POST" and form.is_valid():
        try:
            services.schedule_set(
                award=award,
                by=request.user,
                kind=form.cleaned_data["kind"],
                milestones=form.milestones(),
                tariffs=form.tariffs(),
                results_fixed=form.cleaned_data.get("results_fixed") or Decimal("0.00"),
            )
        except ApplicationError as error:
            refuse_on(form, error)
        else:
            problems = services.schedule_problems(award)
            if problems:
                for problem in problems:
                    messages.error(request, problem)
            else:
                messages.success(request, _("The payment schedule is saved."))
            return redirect(_award_url(award))
    return render(
        request,
        "grants/award_form.html",
        {"form": form, "award": award, "title": _("Payment schedule")},
    )


@FORM_METHODS
@office_only
def award_offer(request, pk):
    award = _draft_for(request, pk)
    if not award.is_draft:
        return _frozen(request, award)
    form = OfferForm(posted(request), cancel=_award_url(award))
    if request.method == "POST" and form.is_valid():
        try:
            services.award_offer(
                award=award, by=request.user, acceptance_days=form.cleaned_data["acceptance_days"]
            )
        except ApplicationError as error:
            refuse_on(form, error)
        else:
            messages.success(
                request,
                _("The offer is sent. The agreement is being prepared and will be attached here."),
            )
            return redirect(_award_url(award))
    return render(
        request,
        "grants/award_offer.html",
        {"form": form, "award": award, "problems": services.schedule_problems(award)},
    )


@require_safe
@office_only
def instalments_due(request):
    """Queries: the count (up to `DUE_COUNT_LIMIT`, or to the page after the one asked for),
    then a page of the instalments due by the end of this month with their award,
    organisation and budget, in one. The same at 3 or 300."""
    body = request.policing_body
    today = london_today()
    per_page = PAGE_SIZE * 2
    number = request.GET.get("page")
    paginator = CappedPaginator(
        selectors.instalments_due(body=body, today=today),
        per_page,
        limit=limit_for_page(number, per_page=per_page, at_least=selectors.DUE_COUNT_LIMIT),
    )
    page = paginator.get_page(number)
    return render(
        request,
        "grants/instalments_due.html",
        {
            "page": page,
            "rows": [(instalment, selectors.list_blockers(instalment)) for instalment in page],
            "month_end": selectors.month_end(today),
            "today": today,
            "can_pay": rules.can_pay(request.user, body),
        },
    )


def _instalment_for_finance(request, pk):
    instalment = get_object_or_404(
        Instalment.objects.select_related("award__organisation", "award__body", "budget"),
        award__body=request.policing_body,
        pk=pk,
    )
    if not rules.can_pay(request.user, instalment.award.body):
        raise PermissionDenied
    return instalment


@FORM_METHODS
@office_only
@recent_sign_in_required(minutes=15)
def instalment_release(request, pk):
    instalment = _instalment_for_finance(request, pk)
    back = _award_url(instalment.award)
    if instalment.status != InstalmentStatus.PLANNED:
        messages.error(request, _("This instalment has already been released."))
        return redirect(back)
    form = ReleaseForm(posted(request), instalment=instalment, cancel=back)
    if request.method == "POST" and form.is_valid():
        try:
            services.instalment_release(instalment=instalment, by=request.user)
        except ApplicationError as error:
            refuse_on(form, error)
        else:
            messages.success(request, _("The instalment is released for payment."))
            return redirect(back)
    return render(
        request,
        "grants/instalment_release.html",
        {
            "form": form,
            "instalment": instalment,
            "award": instalment.award,
            "blockers": services.release_blockers(instalment, today=london_today()),
            "working": (
                results_working(instalment) if instalment.kind == InstalmentKind.RESULTS else None
            ),
        },
    )


@FORM_METHODS
@office_only
@recent_sign_in_required(minutes=15)
def instalment_pay(request, pk):
    instalment = _instalment_for_finance(request, pk)
    back = _award_url(instalment.award)
    if instalment.status != InstalmentStatus.RELEASED:
        messages.error(request, _("Only a released instalment not yet paid can be paid."))
        return redirect(back)
    form = PaymentForm(posted(request), instalment=instalment, cancel=back)
    if request.method == "POST" and form.is_valid():
        try:
            services.instalment_pay(instalment=instalment, by=request.user, **form.cleaned_data)
        except ApplicationError as error:
            refuse_on(form, error)
        else:
            messages.success(request, _("The payment is recorded."))
            return redirect(back)
    return render(
        request,
        "grants/instalment_pay.html",
        {"form": form, "instalment": instalment, "award": instalment.award},
    )


# --- The provider's ---------------------------------------------------------------------------


def _organisation(request):
    membership = current_membership(request)
    if membership is None:
        raise Http404
    return membership


@require_safe
@provider_required
def my_grants(request):
    """Queries: the membership; the organisation's grants with their totals and what was
    paid, in one; the instalments still to come, in one. The same at 3 grants or 300."""
    membership = _organisation(request)
    organisation = membership.organisation
    awards = list(selectors.award_list_for_organisation(organisation=organisation))
    due = (
        Instalment.objects.filter(
            award__organisation=organisation,
            status__in=[InstalmentStatus.PLANNED, InstalmentStatus.RELEASED],
            award__status__in=[AwardStatus.ACCEPTED, AwardStatus.ACTIVE],
        )
        .select_related("award")
        .order_by("due_on", "award_id", "number")[:20]
    )
    return render(
        request,
        "grants/my_grants.html",
        {"organisation": organisation, "awards": awards, "due": due, "membership": membership},
    )


def _my_award(request, pk):
    """An award of any organisation the person belongs to (not only the one chosen)."""
    membership = (
        OrganisationMember.objects.filter(user=request.user, organisation__awards__pk=pk)
        .select_related("organisation")
        .first()
    )
    if membership is None:
        raise Http404
    award = selectors.award_get_for_organisation(organisation=membership.organisation, pk=pk)
    return membership, award


@require_safe
@provider_required
def my_grant(request, pk):
    from grants.closeout import selectors as closeout_selectors

    membership, award = _my_award(request, pk)
    return render(
        request,
        "grants/my_grant.html",
        {
            "award": award,
            "amounts": award.amounts.select_related("budget"),
            "instalments": award.instalments.select_related("milestone"),
            "returns": award.monitoring_returns.order_by("number"),
            # A return whose period has not ended is listed as not yet open.
            "today": london_today(),
            "recoveries": list(award.recoveries.select_related("award", "budget")),
            "termination": award.transitions.filter(to_status=AwardStatus.TERMINATED).first(),
            "cancelled_at_close": closeout_selectors.cancelled_at_close(award),
            "can_answer": award.status == AwardStatus.OFFERED
            and membership.is_administrator
            and award.lapses_on >= london_today(),
        },
    )


def _offer_to_answer(request, pk):
    membership, award = _my_award(request, pk)
    if not membership.is_administrator:
        raise PermissionDenied
    return award


@FORM_METHODS
@provider_required
def my_grant_accept(request, pk):
    award = _offer_to_answer(request, pk)
    back = reverse("grants:my-grant", args=[award.pk])
    if award.status != AwardStatus.OFFERED:
        messages.error(request, _("This offer has already been answered or has lapsed."))
        return redirect(back)
    form = AcceptForm(posted(request), cancel=back)
    if request.method == "POST" and form.is_valid():
        try:
            services.award_accept(award=award, by=request.user, **form.cleaned_data)
        except ApplicationError as error:
            refuse_on(form, error)
        else:
            messages.success(request, _("You have accepted the grant agreement."))
            return redirect(back)
    return render(
        request, "grants/my_grant_answer.html", {"form": form, "award": award, "accepting": True}
    )


@FORM_METHODS
@provider_required
def my_grant_decline(request, pk):
    award = _offer_to_answer(request, pk)
    back = reverse("grants:my-grant", args=[award.pk])
    if award.status != AwardStatus.OFFERED:
        messages.error(request, _("This offer has already been answered or has lapsed."))
        return redirect(back)
    form = DeclineForm(posted(request), cancel=back)
    if request.method == "POST" and form.is_valid():
        try:
            services.award_decline(award=award, by=request.user, reason=form.cleaned_data["reason"])
        except ApplicationError as error:
            refuse_on(form, error)
        else:
            messages.success(request, _("You have declined the offer."))
            return redirect(back)
    return render(
        request, "grants/my_grant_answer.html", {"form": form, "award": award, "accepting": False}
    )
