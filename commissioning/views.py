"""The office's round pages, the public listing and round page, and what providers do on
them (follow, ask, alerts). Each view resolves the round for the person (404 for a body that
neither leads nor partners it), checks the role (403), and calls one service."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from commissioning import rules, services
from commissioning.errors import RoleRequired
from commissioning.filters import RoundFilter
from commissioning.forms import (
    AnswerForm,
    DocumentForm,
    ExtendForm,
    LotForm,
    NoteForm,
    OrganisationExtendForm,
    QuestionForm,
    RoundForm,
)
from commissioning.models import TRANSITIONS, Phase, Round, RoundAlert, RoundStatus
from commissioning.questions.services import round_questions_problems
from commissioning.selectors import (
    public_round_get,
    public_round_list,
    published_clarifications,
    round_get_for_office,
    round_list_for_office,
)
from commissioning.services.extensions import (
    can_extend_for_organisation,
    extension_candidates,
    organisation_extension_for,
    organisation_extensions,
)
from commissioning.services.transitions import national_categories, scheduling_problems
from core.access import recent_sign_in_required, role_required, second_factor_exempt
from core.errors import ApplicationError
from core.forms import ConfirmForm
from core.models import STAFF_ROLES
from core.pages import posted
from core.uploads import stored_file_create
from plans.selectors import priority_threads_for
from providers.access import current_membership, provider_required
from providers.models import MemberRole

PAGE_SIZE = 50
FORM_METHODS = require_http_methods(["GET", "POST"])
office_only = role_required(*STAFF_ROLES)

MOVE_LABELS = {
    RoundStatus.SCHEDULED: _("Publish the round"),
    RoundStatus.DRAFT: _("Move back to draft"),
    RoundStatus.OPEN: _("Record that it has opened"),
    RoundStatus.CLOSED: _("Record that it has closed"),
    RoundStatus.ASSESSING: _("Start assessment"),
    RoundStatus.DECIDED: _("Record that it is decided"),
    RoundStatus.CANCELLED: _("Cancel the round"),
}


def _posted(request):
    return request.POST if request.method == "POST" else None


def _require(allowed):
    if not allowed:
        raise PermissionDenied


def round_page(view):
    """An office view taking `pk`: office staff of the lead or a partner body (else 404)."""

    @office_only
    @wraps(view)
    def wrapped(request, pk, **kwargs):
        round_ = round_get_for_office(body=request.policing_body, pk=pk)
        return view(request, round_, **kwargs)

    return wrapped


def _form_page(request, form, *, title, save, done, round_=None, success=None):
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form.cleaned_data)
        except RoleRequired as error:
            raise PermissionDenied from error
        except ApplicationError as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if success:
                messages.success(request, success)
            return redirect(done(result) if callable(done) else done)
    return render(
        request, "commissioning/form.html", {"form": form, "title": title, "round": round_}
    )


def _tab_context(request, round_, tab):
    return {
        "round": round_,
        "tab": tab,
        "can_edit": rules.can_edit(request.user, round_),
        "phase": round_.phase,
        "is_lead": round_.lead_body_id == request.policing_body.pk,
    }


# --- The office's pages ---------------------------------------------------------------------


@require_safe
@office_only
def round_list(request):
    rounds = list(round_list_for_office(body=request.policing_body))
    now = timezone.now()
    for round_ in rounds:
        round_.phase_now = round_.phase_at(now)
    return render(
        request,
        "commissioning/round_list.html",
        {
            "rounds": rounds,
            "can_create": bool(rules.EDITORS & _roles(request)),
        },
    )


def _roles(request):
    from core.access import user_roles

    return user_roles(request.user, request.policing_body)


@FORM_METHODS
@office_only
def round_create(request):
    body = request.policing_body
    _require(rules.EDITORS & _roles(request))
    form = RoundForm(_posted(request), body=body, cancel=reverse("commissioning:list"))

    def save(data):
        values, related = form.split()
        return services.round_create(body=body, by=request.user, related=related, **values)

    return _form_page(
        request,
        form,
        title=_("Set up a round"),
        save=save,
        done=lambda r: reverse("commissioning:round", args=[r.pk]),
        success=_("Round saved as a draft."),
    )


@require_safe
@round_page
def round_detail(request, round_):
    context = _tab_context(request, round_, "settings")
    context["lots"] = list(round_.lots.all())
    chosen = set(round_.priority_threads.values_list("pk", flat=True))
    context["priorities"] = [
        t for t in priority_threads_for(body=round_.lead_body) if t.pk in chosen
    ]
    context["budgets"] = round_.budgets.all()
    return render(request, "commissioning/round_settings.html", context)


@FORM_METHODS
@round_page
def round_edit(request, round_):
    _require(rules.can_edit(request.user, round_))
    back = reverse("commissioning:round", args=[round_.pk])
    form = RoundForm(
        _posted(request),
        body=round_.lead_body,
        cancel=back,
        initial=RoundForm.initial_for(round_),
    )

    def save(data):
        values, related = form.split()
        return services.round_update(round=round_, by=request.user, related=related, **values)

    return _form_page(
        request, form, title=_("Change the round"), save=save, done=back, round_=round_
    )


@FORM_METHODS
@round_page
def lot_add(request, round_):
    _require(rules.can_edit(request.user, round_))
    back = reverse("commissioning:round", args=[round_.pk])
    form = LotForm(_posted(request), cancel=back)
    return _form_page(
        request,
        form,
        title=_("Add a lot"),
        save=lambda data: services.lot_add(round=round_, by=request.user, **data),
        done=back,
        round_=round_,
        success=_("Lot added."),
    )


@FORM_METHODS
@round_page
def lot_remove(request, round_, lot_pk):
    """ "Are you sure?" with the lot's name and amount; the POST of that page removes it (a
    single button would delete without asking when JavaScript is off)."""
    _require(rules.can_edit(request.user, round_))
    lot = get_object_or_404(round_.lots.all(), pk=lot_pk)
    back = reverse("commissioning:round", args=[round_.pk])
    form = ConfirmForm(posted(request), button=_("Remove the lot"), warning=True, cancel_url=back)
    if request.method == "POST" and form.is_valid():
        try:
            services.lot_remove(lot=lot, by=request.user)
        except RoleRequired as error:
            raise PermissionDenied from error
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Lot removed."))
        return redirect(back)
    return render(
        request,
        "commissioning/lot_remove.html",
        {"round": round_, "lot": lot, "form": form},
    )


@require_safe
@round_page
def round_state(request, round_):
    context = _tab_context(request, round_, "state")
    now = timezone.now()
    moves = []
    if context["can_edit"]:
        for to in TRANSITIONS[RoundStatus(round_.status)]:
            if rules.can_move(request.user, round_, to):
                moves.append((to, MOVE_LABELS[to]))
    context["moves"] = moves
    context["problems"] = (
        scheduling_problems(round_, now=now) + round_questions_problems(round_)
        if round_.status == RoundStatus.DRAFT
        else []
    )
    context["national"] = national_categories(round_) if round_.status == RoundStatus.DRAFT else []
    context["extensions"] = list(round_.extensions.select_related("by"))
    context["organisation_extensions"] = organisation_extensions(round_)
    context["can_extend_for_organisation"] = can_extend_for_organisation(
        request.user, round_
    ) and round_.status in (RoundStatus.SCHEDULED, RoundStatus.OPEN, RoundStatus.CLOSED)
    return render(request, "commissioning/round_state.html", context)


@FORM_METHODS
@round_page
def round_move(request, round_, to):
    try:
        to = RoundStatus(to)
    except ValueError as error:
        raise PermissionDenied from error
    _require(rules.can_move(request.user, round_, to))
    back = reverse("commissioning:state", args=[round_.pk])
    form = NoteForm(
        _posted(request),
        submit=MOVE_LABELS[to],
        cancel=back,
        label=_("Why the round is cancelled") if to == RoundStatus.CANCELLED else None,
    )
    return _form_page(
        request,
        form,
        title=MOVE_LABELS[to],
        save=lambda data: services.round_transition(
            round=round_, to=to, by=request.user, note=data["note"]
        ),
        done=back,
        round_=round_,
        success=_("Done."),
    )


@FORM_METHODS
@round_page
def round_extend(request, round_):
    _require(rules.can_edit(request.user, round_))
    back = reverse("commissioning:state", args=[round_.pk])
    form = ExtendForm(_posted(request), cancel=back, initial={"closes_at": round_.closes_at})
    return _form_page(
        request,
        form,
        title=_("Extend the closing time"),
        save=lambda data: services.round_extend(
            round=round_, by=request.user, closes_at=data["closes_at"], reason=data["reason"]
        ),
        done=back,
        round_=round_,
        success=_("Closing time extended. Everyone following the round has been e-mailed."),
    )


@FORM_METHODS
@round_page
@recent_sign_in_required(minutes=15)
def organisation_extend(request, round_):
    """A later closing instant for one organisation: an officer of the lead body, having
    given the password (and a code) in the last 15 minutes."""
    _require(can_extend_for_organisation(request.user, round_))
    back = reverse("commissioning:state", args=[round_.pk])
    form = OrganisationExtendForm(
        _posted(request),
        organisations=extension_candidates(round_),
        cancel=back,
        initial={"closes_at": round_.closes_at},
    )
    return _form_page(
        request,
        form,
        title=_("Give one organisation more time"),
        save=lambda data: services.organisation_extend(
            round=round_,
            by=request.user,
            organisation=data["organisation"],
            closes_at=data["closes_at"],
            reason=data["reason"],
        ),
        done=back,
        round_=round_,
        success=_("Extension given. The organisation's people have been e-mailed."),
    )


@require_safe
@round_page
def round_history(request, round_):
    context = _tab_context(request, round_, "history")
    context["transitions"] = list(round_.transitions.select_related("by"))
    return render(request, "commissioning/round_history.html", context)


@FORM_METHODS
@round_page
def round_documents(request, round_):
    context = _tab_context(request, round_, "documents")
    back = reverse("commissioning:documents", args=[round_.pk])
    if request.method == "POST":
        _require(context["can_edit"])
    form = DocumentForm(_posted(request), request.FILES or None, cancel=back)

    def save(data):
        stored = stored_file_create(uploaded_file=data["file"], uploaded_by=request.user)
        return services.round_document_set(
            round=round_, by=request.user, field=data["field"], stored_file=stored
        )

    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ApplicationError as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Document uploaded."))
            return redirect(back)
    context["form"] = form if round_.status == RoundStatus.DRAFT else None
    context["documents"] = [
        (_("Specification"), round_.specification),
        (_("Terms and conditions"), round_.terms),
        (_("Budget template"), round_.budget_template),
    ]
    return render(request, "commissioning/round_documents.html", context)


@require_safe
@round_page
def round_clarifications(request, round_):
    context = _tab_context(request, round_, "clarifications")
    context["clarifications"] = list(round_.clarifications.all())
    return render(request, "commissioning/round_clarifications.html", context)


@FORM_METHODS
@round_page
def clarification_answer(request, round_, clarification_pk):
    _require(rules.can_edit(request.user, round_))
    clarification = get_object_or_404(round_.clarifications.all(), pk=clarification_pk)
    back = reverse("commissioning:clarifications", args=[round_.pk])
    form = AnswerForm(
        _posted(request), cancel=back, initial={"published_question": clarification.question}
    )
    return _form_page(
        request,
        form,
        title=_("Answer a question"),
        save=lambda data: services.clarification_answer(
            clarification=clarification, by=request.user, **data
        ),
        done=back,
        round_=round_,
        success=_("Answer published and e-mailed to everyone following the round."),
    )


# --- Public pages ---------------------------------------------------------------------------


@second_factor_exempt
@require_safe
def public_list(request):
    """Queries: the filter form's bodies, categories and groups; the count; the page of
    rounds; their categories and partners. The same at 3 rounds or 300."""
    filterset = RoundFilter(request.GET or None, queryset=public_round_list())
    results = filterset.qs if filterset.is_valid() or not request.GET else Round.objects.none()
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "commissioning/public_list.html",
        {"filter": filterset, "page": page, "query": query.urlencode(), "now": timezone.now()},
    )


@second_factor_exempt
@require_safe
def public_round(request, pk):
    round_ = public_round_get(pk=pk)
    membership = None
    following = False
    if request.user.is_authenticated:
        from providers.access import is_provider_person

        if is_provider_person(request.user):
            membership = current_membership(request)
            if membership is not None:
                following = services.is_following(
                    round=round_, organisation=membership.organisation
                )
    phase = round_.phase
    # Shown to that organisation only: nobody else learns another's extension.
    extension = organisation_extension_for(
        round_, membership.organisation if membership is not None else None
    )
    return render(
        request,
        "commissioning/public_round.html",
        {
            "round": round_,
            "phase": phase,
            "Phase": Phase,
            "clarifications": list(published_clarifications(round_)),
            "membership": membership,
            "following": following,
            "can_follow": phase in (Phase.UPCOMING, Phase.OPEN),
            "extension": extension
            if extension and extension.closes_at > round_.closes_at
            else None,
        },
    )


# --- Providers --------------------------------------------------------------------------------


def _organisation(request, *, acting=True):
    """The organisation the person works for; `acting` for the organisation (following,
    asking, alerts) needs an administrator or editor: a viewer only reads (403)."""
    membership = current_membership(request)
    if membership is None:
        raise PermissionDenied
    if acting and membership.role == MemberRole.VIEWER:
        raise PermissionDenied
    return membership.organisation


@require_POST
@provider_required
def round_follow(request, pk):
    round_ = public_round_get(pk=pk)
    organisation = _organisation(request)
    try:
        if request.POST.get("follow") == "no":
            services.round_unfollow(round=round_, organisation=organisation)
            messages.success(request, _("Your organisation no longer follows this round."))
        else:
            services.round_follow(round=round_, organisation=organisation, by=request.user)
            messages.success(request, _("Your organisation now follows this round."))
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("commissioning:public-round", pk=round_.pk)


@FORM_METHODS
@provider_required
def clarification_ask(request, pk):
    round_ = public_round_get(pk=pk)
    organisation = _organisation(request)
    back = reverse("commissioning:public-round", args=[round_.pk])
    form = QuestionForm(_posted(request), cancel=back)
    return _form_page(
        request,
        form,
        title=_("Ask a question about this round"),
        save=lambda data: services.clarification_ask(
            round=round_, organisation=organisation, by=request.user, question=data["question"]
        ),
        done=back,
        round_=round_,
        success=_("Question sent. The answer will be published on this page."),
    )


@FORM_METHODS
@provider_required
def round_alerts(request):
    organisation = _organisation(request, acting=request.method == "POST")
    if request.method == "POST":
        if request.POST.get("alert") == "off":
            services.round_alert_unsubscribe(organisation=organisation)
            messages.success(request, _("Alerts for new rounds turned off."))
        else:
            services.round_alert_subscribe(organisation=organisation, by=request.user)
            messages.success(request, _("Alerts for new rounds turned on."))
        return redirect("commissioning:alerts")
    return render(
        request,
        "commissioning/alerts.html",
        {
            "organisation": organisation,
            "subscribed": RoundAlert.objects.filter(organisation=organisation).exists(),
            "can_change": current_membership(request).role != MemberRole.VIEWER,
        },
    )
