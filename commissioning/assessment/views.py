"""Assessment pages: the assessor's list, declaration and scoring; the office's overview,
assignment, declarations, moderation and ranked list.

Assessors reach only their own assignments (anyone else's is 404), and a bid's content only
after declaring no conflict. Office staff of the lead or a partner body read a round's
assessment (another body's staff: 404); the lead body's officers assign (others 403); a
commissioning officer of the lead body who did not assess the bid moderates it.
"""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from commissioning.assessment import rules, scoring, selectors, services
from commissioning.assessment.errors import AssessmentRoleRequired
from commissioning.assessment.forms import (
    COMPLETE,
    AssignForm,
    DeclarationForm,
    ModerationForm,
    ScoreForm,
)
from commissioning.assessment.models import AssignmentStatus, Score
from commissioning.questions.models import Criterion
from commissioning.selectors import round_get_for_office
from core.access import role_required
from core.errors import ApplicationError
from core.models import STAFF_ROLES, Role
from core.pages import posted

FORM_METHODS = require_http_methods(["GET", "POST"])
assessor_only = role_required(Role.ASSESSOR)
office_only = role_required(*STAFF_ROLES)


def _overview_url(round_):
    return reverse("commissioning:assessment-overview", args=[round_.pk])


def _refusal(form, error):
    if isinstance(error, AssessmentRoleRequired):
        raise PermissionDenied from error
    form.add_error(error.extra.get("field"), error.message)


# --- The assessor ------------------------------------------------------------------------


@require_safe
@assessor_only
def assessment_list(request):
    assignments = list(selectors.assignment_list_for_assessor(user=request.user))
    return render(
        request,
        "commissioning/assessment/assessor_list.html",
        {"assignments": assignments, "Status": AssignmentStatus},
    )


@FORM_METHODS
@assessor_only
def assessment_declare(request, pk):
    assignment = selectors.assignment_get_for_assessor(user=request.user, pk=pk)
    if assignment.status != AssignmentStatus.ASSIGNED:
        return redirect("commissioning:assessment-score", pk=assignment.pk)
    form = DeclarationForm(posted(request), cancel=reverse("commissioning:assessment-list"))
    if request.method == "POST" and form.is_valid():
        try:
            declaration = services.assessor_declare(
                assignment=assignment, by=request.user, **form.declaration()
            )
        except ApplicationError as error:
            _refusal(form, error)
        else:
            if declaration.conflict:
                messages.success(
                    request,
                    _(
                        "Your conflict is recorded and you are no longer assessing this bid. "
                        "The round's officer will assign someone else."
                    ),
                )
                return redirect("commissioning:assessment-list")
            return redirect("commissioning:assessment-score", pk=assignment.pk)
    return render(
        request,
        "commissioning/assessment/declare.html",
        {"form": form, "assignment": assignment, "bid": assignment.bid},
    )


@FORM_METHODS
@assessor_only
def assessment_score(request, pk):
    assignment = selectors.assignment_get_for_assessor(user=request.user, pk=pk)
    if assignment.status == AssignmentStatus.ASSIGNED:
        return redirect("commissioning:assessment-declare", pk=assignment.pk)
    bid = assignment.bid
    criteria = list(Criterion.objects.filter(round_id=assignment.round_id).order_by("position"))
    own = {s.criterion_id: s for s in Score.objects.filter(assignment=assignment)}
    editable = assignment.status == AssignmentStatus.DECLARED
    form = None
    if editable:
        form = ScoreForm(
            posted(request),
            criteria=criteria,
            initial_scores=own,
            language=request.LANGUAGE_CODE,
        )
        if request.method == "POST" and form.is_valid():
            complete = request.POST.get("action") == COMPLETE
            try:
                services.scores_save_or_refuse(
                    assignment=assignment, by=request.user, scores=form.scores(), complete=complete
                )
            except ApplicationError as error:
                if isinstance(error, AssessmentRoleRequired):
                    raise PermissionDenied from error
                form.add_error(None, error.message)
                for criterion_id, problem in error.extra.get("problems", {}).items():
                    form.add_error(f"score_{criterion_id}", problem)
            else:
                messages.success(
                    request,
                    _("Your assessment is complete.") if complete else _("Your draft is saved."),
                )
                return redirect("commissioning:assessment-score", pk=assignment.pk)
    elif request.method == "POST":
        raise PermissionDenied
    result = selectors.bid_result(bid) if selectors.others_visible(assignment) else None
    return render(
        request,
        "commissioning/assessment/score.html",
        {
            "assignment": assignment,
            "bid": bid,
            "answers": _answers(bid),
            "form": form,
            "criteria": criteria,
            "own_rows": [(c, own.get(c.pk)) for c in criteria],
            "result": result,
        },
    )


def _answers(bid) -> list:
    """The bid's answers as the provider submitted them, in the form's order, each with
    `text` to show."""
    answers = list(
        bid.answers.select_related("question", "question__section", "file").order_by(
            "question__section__position", "question__position"
        )
    )
    for answer in answers:
        answer.text = _answer_text(answer)
    return answers


def _answer_text(answer) -> str:
    value = answer.value
    if answer.file_id:
        return answer.file.original_name
    if value in (None, "", []):
        return _("Not answered")
    if isinstance(value, list):
        return "\n".join(
            ", ".join(f"{k}: {v}" for k, v in item.items()) if isinstance(item, dict) else str(item)
            for item in value
        )
    if isinstance(value, dict):
        return "\n".join(f"{key}: {item}" for key, item in value.items())
    return str(value)


# --- The office ----------------------------------------------------------------------------


def _office_round(request, pk):
    round_ = round_get_for_office(body=request.policing_body, pk=pk)
    if not rules.can_read_assessment(request.user, round_):
        raise Http404
    return round_


@require_safe
@office_only
def assessment_overview(request, pk):
    round_ = _office_round(request, pk)
    return render(
        request,
        "commissioning/assessment/overview.html",
        {
            "round": round_,
            "tab": "assessment",
            "is_lead": round_.lead_body_id == request.policing_body.pk,
            "bids": selectors.round_overview(round_),
            "can_assign": rules.can_assign(request.user, round_),
            "can_moderate": rules.can_moderate_round(request.user, round_),
            "assessable": rules.is_assessable(round_),
            "lots": list(round_.lots.all()),
        },
    )


@FORM_METHODS
@office_only
def assessment_assign(request, pk):
    round_ = _office_round(request, pk)
    if not rules.can_assign(request.user, round_):
        raise PermissionDenied
    memberships = list(rules.eligible_assessors(round_))
    bids = list(selectors.round_bids(round_))
    lots = list(round_.lots.all())
    form = AssignForm(
        posted(request), memberships=memberships, bids=bids, lots=lots, cancel=_overview_url(round_)
    )
    if request.method == "POST" and form.is_valid():
        users = {str(m.user_id): m.user for m in memberships}
        assessors = [users[key] for key in form.cleaned_data["assessors"]]
        target = form.cleaned_data["bids"]
        due_on = form.cleaned_data["due_on"]
        try:
            if target.startswith("bid:"):
                bid = next(b for b in bids if str(b.pk) == target[4:])
                bid.round = round_
                result = services.BulkResult()
                for assessor in assessors:
                    try:
                        result.assigned.append(
                            services.assessor_assign(
                                bid=bid, assessor=assessor, due_on=due_on, by=request.user
                            )
                        )
                    except ApplicationError as error:
                        if isinstance(error, AssessmentRoleRequired):
                            raise
                        result.skipped.append((bid, assessor, error.message))
            else:
                lot = None
                if target.startswith("lot:"):
                    lot = next(lot for lot in lots if str(lot.pk) == target[4:])
                result = services.assessors_assign(
                    round=round_, assessors=assessors, due_on=due_on, by=request.user, lot=lot
                )
        except ApplicationError as error:
            _refusal(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d assignment made.",
                    "%(count)d assignments made.",
                    len(result.assigned),
                )
                % {"count": len(result.assigned)},
            )
            for bid, _assessor, reason in result.skipped:
                messages.info(request, f"{bid.reference}: {reason}")
            return redirect(_overview_url(round_))
    return render(
        request,
        "commissioning/assessment/form.html",
        {"form": form, "round": round_, "title": _("Assign assessors")},
    )


@require_http_methods(["POST"])
@office_only
def assignment_remove(request, pk, assignment_pk):
    round_ = _office_round(request, pk)
    assignment = round_.assignments.filter(pk=assignment_pk).select_related("bid").first()
    if assignment is None:
        raise Http404
    try:
        services.assignment_remove(assignment=assignment, by=request.user)
    except AssessmentRoleRequired as error:
        raise PermissionDenied from error
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The assessor is no longer on that bid."))
    return redirect(_overview_url(round_))


@require_safe
@office_only
def declaration_list(request, pk):
    round_ = _office_round(request, pk)
    return render(
        request,
        "commissioning/assessment/declarations.html",
        {
            "round": round_,
            "tab": "assessment",
            "is_lead": round_.lead_body_id == request.policing_body.pk,
            "declarations": list(selectors.round_declarations(round_)),
        },
    )


@FORM_METHODS
@office_only
def moderation_declare(request, pk, bid_pk):
    round_ = _office_round(request, pk)
    bid = selectors.bid_get_for_moderation(round_=round_, pk=bid_pk)
    problem = services.moderation_problem(bid, request.user)
    if problem:
        raise PermissionDenied
    back = reverse("commissioning:moderation", args=[round_.pk, bid.pk])
    if selectors.moderator_declaration(bid, request.user):
        return redirect(back)
    form = DeclarationForm(posted(request), cancel=_overview_url(round_))
    if request.method == "POST" and form.is_valid():
        try:
            declaration = services.moderator_declare(bid=bid, by=request.user, **form.declaration())
        except ApplicationError as error:
            _refusal(form, error)
        else:
            if declaration.conflict:
                messages.success(
                    request,
                    _("Your conflict is recorded. Another officer must moderate this bid."),
                )
                return redirect(_overview_url(round_))
            return redirect(back)
    return render(
        request,
        "commissioning/assessment/declare.html",
        {"form": form, "bid": bid, "round": round_, "moderating": True},
    )


@FORM_METHODS
@office_only
def moderation(request, pk, bid_pk):
    """The bid's scores side by side; the moderator settles the result here. Partner bodies'
    staff and the lead body's other staff read it once the moderator has settled it: before,
    each assessor's scores are for the moderators alone (403)."""
    round_ = _office_round(request, pk)
    bid = selectors.bid_get_for_moderation(round_=round_, pk=bid_pk)
    problem = services.moderation_problem(bid, request.user)
    may_moderate = problem is None
    if not may_moderate and not selectors.is_settled(bid):
        raise PermissionDenied
    declaration = selectors.moderator_declaration(bid, request.user) if may_moderate else None
    if may_moderate and declaration is None:
        return redirect("commissioning:moderation-declare", pk=round_.pk, bid_pk=bid.pk)
    if declaration is not None and declaration.conflict:
        raise PermissionDenied
    if rules.sees_scores_problem(request.user, bid):
        raise PermissionDenied
    result = selectors.bid_result(bid)
    form = None
    if may_moderate and result.complete and rules.is_assessable(round_):
        moderation_ = result.moderation
        initial = (
            {
                "final_score": moderation_.final_score,
                "recommendation": moderation_.recommendation,
                "reasons": moderation_.reasons,
                "feedback": moderation_.feedback,
            }
            if moderation_
            else {"final_score": result.weighted_display}
        )
        form = ModerationForm(posted(request), initial=initial, cancel=_overview_url(round_))
        if request.method == "POST" and form.is_valid():
            try:
                services.bid_moderate(bid=bid, by=request.user, **form.cleaned_data)
            except ApplicationError as error:
                _refusal(form, error)
            else:
                messages.success(request, _("The result is settled."))
                return redirect("commissioning:ranking", pk=round_.pk)
    elif request.method == "POST":
        raise PermissionDenied
    return render(
        request,
        "commissioning/assessment/moderation.html",
        {"round": round_, "bid": bid, "result": result, "form": form},
    )


@require_safe
@office_only
def ranking(request, pk):
    round_ = _office_round(request, pk)
    if rules.sees_ranking_problem(request.user, round_):
        raise PermissionDenied
    lots = list(round_.lots.all())
    lot = None
    lot_key = request.GET.get("lot")
    if lot_key:
        lot = next((item for item in lots if str(item.pk) == lot_key), None)
        if lot is None:
            raise Http404
    line = selectors.ranking(round_, lot=lot)
    years = sorted(line.money)
    return render(
        request,
        "commissioning/assessment/ranking.html",
        {
            "round": round_,
            "tab": "assessment",
            "is_lead": round_.lead_body_id == request.policing_body.pk,
            "line": line,
            "lots": lots,
            "lot": lot,
            "years": years,
            "money": [(year, line.money[year]) for year in years],
            "rows": _ranking_rows(
                line, years, can_moderate=rules.can_moderate_round(request.user, round_)
            ),
            "columns": 5 + len(years),
        },
    )


def _ranking_rows(line, years, *, can_moderate) -> list[dict]:
    """What the ranked list's table shows, row by row, with the line before the first bid
    the money cannot cover. A bid's scores open (a link) once settled, or to a moderator."""
    rows = []
    for row in line.rows:
        ranked = row.candidate.key
        moderation = ranked.result.moderation
        rows.append(
            {
                "rank": row.rank,
                "bid": ranked.bid,
                "score_display": scoring.for_display(ranked.score),
                "settled": moderation is not None,
                "opens": moderation is not None or can_moderate,
                "recommendation": moderation.recommendation if moderation else "",
                "failed": bool(ranked.result.failures),
                "amounts": [ranked.requested.get(year, Decimal(0)) for year in years],
                "above": row.above_line,
                "fundable": row.candidate.fundable,
                "tie": row.tie_at_line,
                "line_here": line.line_before is ranked,
            }
        )
    return rows
