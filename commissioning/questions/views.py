"""The question builder's pages, the preview of the bid form, and copying a round.

Office staff of the lead or a partner body read them (another body's staff get 404); the
lead body's commissioning officers and decision makers change them (others 403). Every
change is a POST to one service; moving is a "Move up"/"Move down" button, so the builder
works without JavaScript.
"""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from commissioning.errors import RoleRequired
from commissioning.models import Round
from commissioning.questions import services
from commissioning.questions.errors import QuestionSettingsInvalid
from commissioning.questions.forms import (
    CopyRoundForm,
    CriterionForm,
    DescriptorsForm,
    HelpTextForm,
    QuestionForm,
    QuestionTypeForm,
    SectionForm,
    bid_section_form,
)
from commissioning.questions.models import (
    Criterion,
    CriterionQuestion,
    Question,
    QuestionType,
    Section,
)
from commissioning.questions.rules import BUILDERS, BuilderRoleRequired, can_build
from commissioning.selectors import round_get_for_office
from core.access import has_role, role_required
from core.errors import ApplicationError
from core.financial_years import FinancialYear
from core.forms import ConfirmForm
from core.models import STAFF_ROLES
from core.pages import autosave_reply, autosave_requested

FORM_METHODS = require_http_methods(["GET", "POST"])
office_only = role_required(*STAFF_ROLES)


def _posted(request):
    return request.POST if request.method == "POST" else None


def builder_page(view):
    """A view taking `pk`: office staff of the lead or a partner body (else 404)."""

    @office_only
    @wraps(view)
    def wrapped(request, pk, **kwargs):
        return view(request, round_get_for_office(body=request.policing_body, pk=pk), **kwargs)

    return wrapped


def _require_builder(request, round_):
    if not can_build(request.user, round_):
        raise PermissionDenied


def _back(round_):
    return reverse("commissioning:builder", args=[round_.pk])


def _refused(request, round_, error):
    if isinstance(error, BuilderRoleRequired | RoleRequired):
        raise PermissionDenied from error
    messages.error(request, error.message)
    return redirect(_back(round_))


def _frozen(request, round_):
    """An edit page of a scheduled round: say why, back on the builder."""
    if round_.status != "draft":
        messages.error(
            request,
            _(
                "This round is %(status)s, so its questions and criteria can no longer be "
                "changed. You can still correct the help text of a question."
            )
            % {"status": round_.get_status_display().lower()},
        )
        return redirect(_back(round_))
    return None


def _form_page(request, round_, form, *, title, save, success, template=None, **context):
    """GET shows the form; a valid POST calls `save(cleaned_data)` (a service), then goes
    back to the builder. A refusal is shown on the form, on the setting at fault."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except (BuilderRoleRequired, RoleRequired) as error:
            raise PermissionDenied from error
        except QuestionSettingsInvalid as error:
            field = error.extra.get("field")
            form.add_error(field if field in form.fields else None, error.message)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, success)
            return redirect(_back(round_))
    return render(
        request,
        template or "commissioning/questions/form.html",
        {"form": form, "title": title, "round": round_, **context},
    )


def _remove_page(request, round_, *, title, button, remove, success, **context):
    """Removing something from the builder: GET asks "Are you sure?" and shows what goes
    with it; the POST of that page removes (a single button would delete without asking
    when JavaScript is off). A scheduled round's questions cannot be removed: the page says
    why on the builder instead."""
    if response := _frozen(request, round_):
        return response
    form = ConfirmForm(_posted(request), button=button, warning=True, cancel_url=_back(round_))
    if request.method == "POST" and form.is_valid():
        try:
            remove()
        except ApplicationError as error:
            return _refused(request, round_, error)
        messages.success(request, success)
        return redirect(_back(round_))
    return render(
        request,
        "commissioning/questions/remove.html",
        {"form": form, "round": round_, "title": title, **context},
    )


def _sections_with_questions(round_):
    """The round's sections, each with its questions in order: two queries at any size."""
    return list(
        Section.objects.filter(round=round_)
        .order_by("position")
        .prefetch_related(Prefetch("questions", queryset=Question.objects.order_by("position")))
    )


# --- The builder --------------------------------------------------------------------------


@require_safe
@builder_page
def builder(request, round_):
    sections = _sections_with_questions(round_)
    criteria = list(
        Criterion.objects.filter(round=round_)
        .order_by("position")
        .prefetch_related(
            Prefetch(
                "questions",
                queryset=Question.objects.select_related("section").order_by(
                    "section__position", "position"
                ),
            )
        )
    )
    total = sum(criterion.weight for criterion in criteria)
    return render(
        request,
        "commissioning/questions/builder.html",
        {
            "round": round_,
            "tab": "builder",
            "phase": round_.phase,
            "is_lead": round_.lead_body_id == request.policing_body.pk,
            "can_build": can_build(request.user, round_),
            "is_draft": round_.status == "draft",
            "sections": sections,
            "criteria": criteria,
            "weights_total": total,
            "problems": services.questions_problems(
                sections=[(section, len(section.questions.all())) for section in sections],
                criteria=[(criterion, bool(criterion.questions.all())) for criterion in criteria],
            ),
        },
    )


@FORM_METHODS
@builder_page
def section_add(request, round_):
    _require_builder(request, round_)
    if response := _frozen(request, round_):
        return response
    form = SectionForm(_posted(request), cancel=_back(round_))
    return _form_page(
        request,
        round_,
        form,
        title=_("Add a section"),
        save=lambda data: services.section_add(round_=round_, by=request.user, **data),
        success=_("Section added."),
    )


def _section(round_, section_pk):
    return get_object_or_404(Section.objects.filter(round=round_), pk=section_pk)


@FORM_METHODS
@builder_page
def section_edit(request, round_, section_pk):
    section = _section(round_, section_pk)
    _require_builder(request, round_)
    if response := _frozen(request, round_):
        return response
    initial = {name: getattr(section, name) for name in services.SECTION_FIELDS}
    form = SectionForm(_posted(request), initial=initial, cancel=_back(round_))

    def save(data):
        return services.section_update(section=section, by=request.user, **data)

    if autosave_requested(request):
        return autosave_reply(form, save=save)
    return _form_page(
        request,
        round_,
        form,
        title=_("Change the section “%(title)s”") % {"title": section.title},
        save=save,
        success=_("Section saved."),
    )


@FORM_METHODS
@builder_page
def section_remove(request, round_, section_pk):
    section = _section(round_, section_pk)
    _require_builder(request, round_)
    return _remove_page(
        request,
        round_,
        title=_("Are you sure you want to remove the section “%(title)s”?")
        % {"title": section.title},
        button=_("Remove the section and its questions"),
        remove=lambda: services.section_remove(section=section, by=request.user),
        success=_("Section removed, with its questions."),
        questions=list(section.questions.order_by("position")),
        questions_heading=_("Its questions are removed with it"),
    )


@require_POST
@builder_page
def section_move(request, round_, section_pk):
    section = _section(round_, section_pk)
    _require_builder(request, round_)
    try:
        services.section_move(
            section=section, by=request.user, up=request.POST.get("direction") == "up"
        )
    except ApplicationError as error:
        return _refused(request, round_, error)
    return redirect(f"{_back(round_)}#section-{section.pk}")


# --- Questions ----------------------------------------------------------------------------


@FORM_METHODS
@builder_page
def question_add(request, round_, section_pk):
    """Two steps on one address: first the kind of answer (a GET form), then its settings."""
    section = _section(round_, section_pk)
    _require_builder(request, round_)
    if response := _frozen(request, round_):
        return response
    kind = request.GET.get("type")
    if kind not in QuestionType.values:
        # Asked again when the kind sent is not one we know, with the error shown.
        chooser = QuestionTypeForm(
            request.GET if "type" in request.GET else None, cancel=_back(round_)
        )
        return render(
            request,
            "commissioning/questions/form.html",
            {"form": chooser, "round": round_, "title": _("Add a question"), "caption": section},
        )
    form = QuestionForm(
        _posted(request), kind=kind, cancel=_back(round_), initial={"required": "yes"}
    )
    return _form_page(
        request,
        round_,
        form,
        title=_("Add a question: %(type)s") % {"type": QuestionType(kind).label.lower()},
        save=lambda data: services.question_add(
            section=section, by=request.user, **form.settings()
        ),
        success=_("Question added."),
        caption=section,
    )


def _question(round_, question_pk):
    return get_object_or_404(
        Question.objects.filter(round=round_).select_related("section"), pk=question_pk
    )


def _yes_no(value):
    return "yes" if value else "no"


@FORM_METHODS
@builder_page
def question_edit(request, round_, question_pk):
    question = _question(round_, question_pk)
    _require_builder(request, round_)
    if response := _frozen(request, round_):
        return response
    initial = {name: getattr(question, name) for name in services.QUESTION_FIELDS}
    initial["required"] = _yes_no(question.required)
    initial["is_eligibility"] = _yes_no(question.is_eligibility)
    form = QuestionForm(_posted(request), kind=question.type, initial=initial, cancel=_back(round_))
    return _form_page(
        request,
        round_,
        form,
        title=_("Change the question: %(type)s") % {"type": question.get_type_display().lower()},
        save=lambda data: services.question_update(
            question=question, by=request.user, **form.settings()
        ),
        success=_("Question saved."),
        caption=question.section,
    )


@FORM_METHODS
@builder_page
def question_remove(request, round_, question_pk):
    question = _question(round_, question_pk)
    _require_builder(request, round_)
    return _remove_page(
        request,
        round_,
        title=_("Are you sure you want to remove this question?"),
        button=_("Remove the question"),
        remove=lambda: services.question_remove(question=question, by=request.user),
        success=_("Question removed."),
        question=question,
        caption=question.section,
        criteria=list(question.criteria.order_by("position")),
    )


@require_POST
@builder_page
def question_move(request, round_, question_pk):
    question = _question(round_, question_pk)
    _require_builder(request, round_)
    try:
        services.question_move(
            question=question, by=request.user, up=request.POST.get("direction") == "up"
        )
    except ApplicationError as error:
        return _refused(request, round_, error)
    return redirect(f"{_back(round_)}#question-{question.pk}")


@FORM_METHODS
@builder_page
def question_help_text(request, round_, question_pk):
    """Correct a question's help text: an ordinary edit in a draft, a new version after."""
    question = _question(round_, question_pk)
    _require_builder(request, round_)
    form = HelpTextForm(
        _posted(request),
        initial={"help_text": question.help_text, "help_text_cy": question.help_text_cy},
        cancel=_back(round_),
    )
    if round_.status == "draft":
        form.fields["reason"].required = False
    return _form_page(
        request,
        round_,
        form,
        title=_("Correct the help text of “%(question)s”") % {"question": question.text},
        save=lambda data: services.question_help_text_correct(
            question=question, by=request.user, **data
        ),
        success=_("Help text corrected."),
        caption=question.section,
        versions=list(question.help_texts.all()),
        question=question,
        template="commissioning/questions/help_text.html",
    )


# --- Criteria -----------------------------------------------------------------------------


def _criterion(round_, criterion_pk):
    return get_object_or_404(Criterion.objects.filter(round=round_), pk=criterion_pk)


@FORM_METHODS
@builder_page
def criterion_add(request, round_):
    _require_builder(request, round_)
    if response := _frozen(request, round_):
        return response
    form = CriterionForm(
        _posted(request), round_=round_, cancel=_back(round_), initial={"must_pass": "no"}
    )
    return _form_page(
        request,
        round_,
        form,
        title=_("Add an assessment criterion"),
        save=lambda data: services.criterion_add(round_=round_, by=request.user, **data),
        success=_("Criterion added."),
    )


@FORM_METHODS
@builder_page
def criterion_edit(request, round_, criterion_pk):
    criterion = _criterion(round_, criterion_pk)
    _require_builder(request, round_)
    if response := _frozen(request, round_):
        return response
    initial = {name: getattr(criterion, name) for name in services.CRITERION_FIELDS}
    initial["must_pass"] = _yes_no(criterion.must_pass)
    initial["questions"] = list(
        CriterionQuestion.objects.filter(criterion=criterion).values_list("question", flat=True)
    )
    form = CriterionForm(_posted(request), round_=round_, initial=initial, cancel=_back(round_))
    return _form_page(
        request,
        round_,
        form,
        title=_("Change the criterion “%(title)s”") % {"title": criterion.title},
        save=lambda data: services.criterion_update(criterion=criterion, by=request.user, **data),
        success=_("Criterion saved."),
    )


@FORM_METHODS
@builder_page
def criterion_descriptors(request, round_, criterion_pk):
    criterion = _criterion(round_, criterion_pk)
    _require_builder(request, round_)
    if response := _frozen(request, round_):
        return response
    initial = {name: getattr(criterion, name) for name in services.DESCRIPTOR_FIELDS}
    form = DescriptorsForm(_posted(request), initial=initial, cancel=_back(round_))
    return _form_page(
        request,
        round_,
        form,
        title=_("What each score means for “%(title)s”") % {"title": criterion.title},
        save=lambda data: services.criterion_descriptors_save(
            criterion=criterion, by=request.user, **data
        ),
        success=_("Descriptors saved."),
    )


@FORM_METHODS
@builder_page
def criterion_remove(request, round_, criterion_pk):
    criterion = _criterion(round_, criterion_pk)
    _require_builder(request, round_)
    return _remove_page(
        request,
        round_,
        title=_("Are you sure you want to remove the criterion “%(title)s”?")
        % {"title": criterion.title},
        button=_("Remove the criterion"),
        remove=lambda: services.criterion_remove(criterion=criterion, by=request.user),
        success=_("Criterion removed."),
        criterion=criterion,
    )


@require_POST
@builder_page
def criterion_move(request, round_, criterion_pk):
    criterion = _criterion(round_, criterion_pk)
    _require_builder(request, round_)
    try:
        services.criterion_move(
            criterion=criterion, by=request.user, up=request.POST.get("direction") == "up"
        )
    except ApplicationError as error:
        return _refused(request, round_, error)
    return redirect(f"{_back(round_)}#criterion-{criterion.pk}")


# --- Preview ------------------------------------------------------------------------------


def _years(round_):
    return list(FinancialYear.range(round_.first_year, round_.last_year))


@require_safe
@builder_page
def preview(request, round_):
    """The bid's task list, as a provider will see it."""
    sections = _sections_with_questions(round_)
    # Sections with eligibility questions come first for a provider; the rest wait until
    # every eligibility question is answered "yes".
    for section in sections:
        section.checks_eligibility = any(q.is_eligibility for q in section.questions.all())
    eligibility = any(section.checks_eligibility for section in sections)
    for section in sections:
        section.can_start = section.checks_eligibility or not eligibility
    return render(
        request,
        "commissioning/questions/preview.html",
        {
            "round": round_,
            "sections": sorted(sections, key=lambda s: (not s.checks_eligibility, s.position)),
            "eligibility": eligibility,
        },
    )


@FORM_METHODS
@builder_page
def preview_section(request, round_, section_pk):
    """One section of the bid form, exactly as a provider sees it. "Save and continue"
    checks the answers, shows any errors, and saves nothing."""
    sections = _sections_with_questions(round_)
    section = next((s for s in sections if s.pk == section_pk), None)
    if section is None:
        raise Http404
    form = bid_section_form(
        _posted(request),
        request.FILES or None,
        section=section,
        questions=section.questions.all(),
        years=_years(round_),
    )
    checked = False
    if request.method == "POST" and not form.adding_a_line():
        checked = form.is_valid()
        if checked:
            messages.success(
                request,
                _("These answers are valid. In the preview nothing is saved."),
            )
    later = [s for s in sections if s.position > section.position]
    return render(
        request,
        "commissioning/questions/preview_section.html",
        {
            "round": round_,
            "section": section,
            "form": form,
            "show_errors": request.method == "POST" and not form.adding_a_line(),
            "checked": checked,
            "next_section": later[0] if later else None,
            "has_file": any(q.type == QuestionType.FILE for q in section.questions.all()),
        },
    )


# --- Copying a round ----------------------------------------------------------------------


@FORM_METHODS
@office_only
def round_copy(request):
    """A new draft round from an earlier one the person's body led."""
    body = request.policing_body
    if not has_role(request.user, body, *BUILDERS):
        raise PermissionDenied
    rounds = Round.objects.filter(lead_body=body).order_by("-opens_at", "-pk")
    initial = {}
    source_pk = request.GET.get("from")
    if source_pk and source_pk.isdigit():
        initial["source"] = source_pk
    form = CopyRoundForm(
        _posted(request), rounds=rounds, initial=initial, cancel=reverse("commissioning:list")
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            new = services.round_copy(
                source=data["source"],
                by=request.user,
                body=body,
                title=data["title"],
                opens_at=data["opens_at"],
                closes_at=data["closes_at"],
                first_year=data["first_year"],
                last_year=data["last_year"],
            )
        except (BuilderRoleRequired, RoleRequired) as error:
            raise PermissionDenied from error
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Round copied with its questions and criteria. Choose its budgets next."),
            )
            return redirect("commissioning:builder", pk=new.pk)
    return render(
        request,
        "commissioning/questions/form.html",
        {"form": form, "title": _("Copy an earlier round")},
    )
