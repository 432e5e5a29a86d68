"""Decision pages: the office's lists, the draft with its outcomes and money, the chief
finance officer's comment, approval (a confirmation page showing the money and the limit,
after a recent sign-in) and publication; the public's decisions of a body.

The deciding body's office staff reach its decisions (anyone else's staff: 404); who may
draft, comment, approve and publish is `commissioning.decisions.rules` (others: 403). The
public pages show published decisions only, never the exempt part, unsuccessful applicants,
scores, assessors or their comments.
"""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from commissioning.assessment.selectors import bids_barred_for
from commissioning.decisions import rules, selectors, services
from commissioning.decisions.forms import READ_AT, CommentForm, DecisionForm
from commissioning.decisions.models import DecisionStatus
from commissioning.models import RoundStatus
from commissioning.rules import OFFICE
from commissioning.selectors import round_get_for_office
from commissioning.services.rounds import round_is_sealed
from core.access import (
    financial_limit,
    recent_sign_in_required,
    role_required,
    second_factor_exempt,
)
from core.errors import ApplicationError
from core.forms import ConfirmForm
from core.pages import posted, refuse_on

FORM_METHODS = require_http_methods(["GET", "POST"])
office_only = role_required(*OFFICE)


def _detail_url(decision):
    return reverse("commissioning:decision", args=[decision.pk])


@require_safe
@office_only
def decision_list(request):
    decisions = selectors.decision_list_for_office(body=request.policing_body)
    return render(
        request,
        "commissioning/decisions/list.html",
        {"decisions": decisions, "body": request.policing_body},
    )


@require_safe
@office_only
def round_decisions(request, pk):
    round_ = round_get_for_office(body=request.policing_body, pk=pk)
    return render(
        request,
        "commissioning/decisions/round_list.html",
        {
            "round": round_,
            "is_lead": round_.lead_body_id == request.policing_body.pk,
            # A partner body's office sees the list; each record is the lead body's (404).
            "partner": round_.lead_body_id != request.policing_body.pk,
            "tab": "decisions",
            "decisions": selectors.round_decisions(round_),
            # The report names the bidders: not before the bids are opened.
            "sealed": round_is_sealed(round_, timezone.now()),
            "can_draft": rules.can_draft(request.user, round_.lead_body)
            and round_.status == RoundStatus.ASSESSING,
        },
    )


def _decision_form_page(request, *, round_, decision=None, supersedes=None):
    bids = selectors.decidable_bids(round_, decision, supersedes=supersedes)
    if decision is not None:
        back = _detail_url(decision)
    elif supersedes is not None:
        back = _detail_url(supersedes)
    else:
        back = reverse("commissioning:round-decisions", args=[round_.pk])
    form = DecisionForm(
        posted(request),
        round_=round_,
        bids=bids,
        budgets=selectors.budgets_for(round_),
        # A correction starts from the record it corrects.
        decision=decision or supersedes,
        cancel=back,
    )
    if request.method == "POST" and form.is_valid():
        try:
            if decision is None:
                decision = services.decision_create(
                    round=round_,
                    by=request.user,
                    outcomes=form.outcomes(),
                    supersedes=supersedes,
                    **form.text(),
                )
            else:
                services.decision_edit(
                    decision=decision, by=request.user, outcomes=form.outcomes(), **form.text()
                )
        except ApplicationError as error:
            refuse_on(form, error)
        else:
            messages.success(request, _("The draft decision is saved."))
            return redirect(_detail_url(decision))
    return render(
        request,
        "commissioning/decisions/form.html",
        {
            "form": form,
            "round": round_,
            "decision": decision,
            "supersedes": supersedes or (decision.supersedes if decision else None),
            "back": back,
            "title": _("Edit the draft decision")
            if decision
            else (_("Draft a correction") if supersedes else _("Draft a decision")),
        },
    )


@FORM_METHODS
@office_only
def decision_create(request, pk):
    round_ = round_get_for_office(body=request.policing_body, pk=pk)
    if not rules.can_draft(request.user, round_.lead_body):
        raise PermissionDenied
    if round_.status != RoundStatus.ASSESSING:
        messages.error(request, _("Decisions are made on a round being assessed."))
        return redirect("commissioning:round-decisions", pk=round_.pk)
    return _decision_form_page(request, round_=round_)


@FORM_METHODS
@office_only
def decision_correct(request, pk):
    """A correction: a new draft that supersedes an approved decision once approved."""
    old = _draft_for(request, pk, rules.can_draft)
    if not selectors.can_be_corrected(old):
        messages.error(
            request, _("Only an approved decision without a correction can be corrected.")
        )
        return redirect(_detail_url(old))
    return _decision_form_page(request, round_=old.round, supersedes=old)


@require_safe
@office_only
def decision_detail(request, pk):
    decision = selectors.decision_get_for_office(user=request.user, pk=pk)
    outcomes = selectors.decision_outcomes(decision)
    body = decision.body
    return render(
        request,
        "commissioning/decisions/detail.html",
        {
            "decision": decision,
            "round": decision.round,
            "outcomes": [(o, selectors.outcome_total(o)) for o in outcomes],
            "total": sum((selectors.outcome_total(o) for o in outcomes), Decimal("0.00")),
            "can_edit": decision.is_draft and rules.can_draft(request.user, body),
            "can_comment": decision.is_draft and rules.can_comment(request.user, body),
            "can_approve": decision.is_draft and rules.can_approve(request.user, body),
            "can_correct": selectors.can_be_corrected(decision)
            and rules.can_draft(request.user, body),
            "can_publish": decision.status == DecisionStatus.APPROVED
            and not decision.is_published
            and rules.can_publish(request.user, body),
        },
    )


def _draft_for(request, pk, allowed):
    decision = selectors.decision_get_for_office(user=request.user, pk=pk)
    if not allowed(request.user, decision.body):
        raise PermissionDenied
    return decision


@FORM_METHODS
@office_only
def decision_edit(request, pk):
    decision = _draft_for(request, pk, rules.can_draft)
    if not decision.is_draft:
        messages.error(request, _("An approved decision cannot change: draft a correction."))
        return redirect(_detail_url(decision))
    return _decision_form_page(request, round_=decision.round, decision=decision)


@FORM_METHODS
@office_only
def decision_comment(request, pk):
    decision = _draft_for(request, pk, rules.can_comment)
    if not decision.is_draft:
        messages.error(request, _("An approved decision cannot change: draft a correction."))
        return redirect(_detail_url(decision))
    form = CommentForm(
        posted(request),
        cancel=_detail_url(decision),
        read_at=services.decision_read_at(decision),
        initial={"comment": decision.cfo_comment},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.cfo_comment_record(
                decision=decision,
                by=request.user,
                comment=form.cleaned_data["comment"],
                # The figures the page showed (a page without it was not from us).
                read_at=request.POST.get(READ_AT, ""),
            )
        except ApplicationError as error:
            refuse_on(form, error)
        else:
            messages.success(request, _("The chief finance officer's comment is recorded."))
            return redirect(_detail_url(decision))
    outcomes = selectors.decision_outcomes(decision)
    return render(
        request,
        "commissioning/decisions/comment.html",
        {
            "form": form,
            "decision": decision,
            "round": decision.round,
            "outcomes": [(o, selectors.outcome_total(o)) for o in outcomes],
            "total": sum((selectors.outcome_total(o) for o in outcomes), Decimal("0.00")),
        },
    )


@FORM_METHODS
@office_only
@recent_sign_in_required(minutes=15)
def decision_approve(request, pk):
    decision = _draft_for(request, pk, rules.can_approve)
    if not decision.is_draft:
        return redirect(_detail_url(decision))
    form = ConfirmForm(
        posted(request), button=_("Approve the decision"), cancel_url=_detail_url(decision)
    )
    if request.method == "POST" and form.is_valid():
        try:
            approved = services.decision_approve(decision=decision, by=request.user)
        except ApplicationError as error:
            decision.refresh_from_db(fields=["status", "number"])
            if not decision.is_draft:
                # A second click (or a colleague) approved it while this waited: say so.
                messages.info(
                    request,
                    _("Decision %(number)s is approved: it was approved once, not twice.")
                    % {"number": decision.number},
                )
                return redirect(_detail_url(decision))
            refuse_on(form, error)
        else:
            messages.success(
                request,
                _("Decision %(number)s is approved and its money reserved.")
                % {"number": approved.number},
            )
            return redirect(_detail_url(approved))
    outcomes = selectors.decision_outcomes(decision)
    by_budget = {}
    for outcome in outcomes:
        for amount in outcome.amounts.all():
            row = by_budget.setdefault(amount.budget.pk, {"budget": amount.budget, "amount": 0})
            row["amount"] += amount.amount
    total = sum((row["amount"] for row in by_budget.values()), Decimal("0.00"))
    limit = financial_limit(request.user, decision.body)
    barred = bids_barred_for(request.user, [outcome.bid_id for outcome in outcomes])
    return render(
        request,
        "commissioning/decisions/approve.html",
        {
            "form": form,
            "decision": decision,
            "round": decision.round,
            "budgets": sorted(
                by_budget.values(), key=lambda r: (r["budget"].year, r["budget"].name)
            ),
            "total": total,
            "limit": limit,
            "over_limit": limit is not None and total > limit,
            "outcomes": outcomes,
            # Said before the button is pressed; the service refuses them all the same.
            "no_cfo_comment": not decision.cfo_comment,
            "barred_references": [o.bid.reference for o in outcomes if o.bid_id in barred],
        },
    )


@FORM_METHODS
@office_only
def decision_publish(request, pk):
    decision = _draft_for(request, pk, rules.can_publish)
    if decision.status != DecisionStatus.APPROVED or decision.is_published:
        return redirect(_detail_url(decision))
    form = ConfirmForm(
        posted(request), button=_("Publish the decision"), cancel_url=_detail_url(decision)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_publish(decision=decision, by=request.user)
        except ApplicationError as error:
            decision.refresh_from_db(fields=["published_at"])
            if decision.is_published:
                # A second click (or a colleague) published it while this waited.
                messages.info(
                    request,
                    _("Decision %(number)s is published: it was published once, not twice.")
                    % {"number": decision.number},
                )
                return redirect(_detail_url(decision))
            refuse_on(form, error)
        else:
            messages.success(
                request,
                _("Decision %(number)s is published and the providers are told their outcome.")
                % {"number": decision.number},
            )
            return redirect(_detail_url(decision))
    return render(
        request,
        "commissioning/decisions/publish.html",
        {"form": form, "decision": decision, "round": decision.round},
    )


# --- The public's ------------------------------------------------------------------------------


@second_factor_exempt
@require_safe
def public_decisions(request, body):
    body = selectors.public_body(body)
    return render(
        request,
        "commissioning/decisions/public_list.html",
        {"body": body, "decisions": selectors.public_decision_list(body=body)},
    )


@second_factor_exempt
@require_safe
def public_decision(request, body, pk):
    body = selectors.public_body(body)
    decision = selectors.public_decision_get(body=body, pk=pk)
    outcomes = selectors.public_successful_outcomes(decision)
    return render(
        request,
        "commissioning/decisions/public_detail.html",
        {
            "body": body,
            "decision": decision,
            "outcomes": [(o, selectors.outcome_total(o)) for o in outcomes],
            "unsuccessful": selectors.public_unsuccessful_count(decision),
        },
    )
