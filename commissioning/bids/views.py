"""The bid journey's pages: a provider starts a bid from a round's page, works through its task
list, checks the answers and submits with a declaration; office staff see a round's bids
once it has closed (counts before). Every page works without JavaScript.

Each view resolves the bid for the person (another organisation's bid is 404), checks the
role (a viewer reads, an editor writes: 403), and calls one service.
"""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from commissioning.bids import checks, selectors, services
from commissioning.bids.errors import (
    AlreadySubmitted,
    BidExists,
    BidIncomplete,
    BidNotEditable,
    NotEligible,
    PartnerRefused,
    SectionChanged,
)
from commissioning.bids.forms import (
    AmountsForm,
    DeclarationForm,
    PartnerForm,
    StartForm,
    WithdrawForm,
)
from commissioning.bids.models import AnswerFlag, BidStatus
from commissioning.bids.rules import BID_WRITERS
from commissioning.questions.models import QuestionType
from commissioning.selectors import public_round_get, round_get_for_office
from commissioning.services.rounds import (
    round_closes_at_for,
    round_is_open_for,
    round_is_sealed,
    round_last_close,
)
from core.access import role_required
from core.errors import ApplicationError
from core.financial_years import FinancialYear
from core.models import STAFF_ROLES
from core.pages import autosave_not_saved, autosave_requested, autosave_saved, posted
from providers.access import current_membership, provider_required

FORM_METHODS = require_http_methods(["GET", "POST"])
WITHDRAWABLE = frozenset({BidStatus.DRAFT, BidStatus.SUBMITTED, BidStatus.UNDER_ASSESSMENT})
office_only = role_required(*STAFF_ROLES)

DECLARATION = gettext_lazy(
    "I confirm that the information in this bid is correct and complete, that I am authorised "
    "to submit it for my organisation, and that the office may check anything in it."
)


def bid_page(*, write=False):
    """A provider view taking `bid_pk`: members of the bid's organisation (else 404); with
    `write` (or for a POST when `write="post"`), administrators and editors only (else 403)."""

    def decorator(view):
        @wraps(view)
        @provider_required
        def wrapped(request, bid_pk, **kwargs):
            bid, role = selectors.bid_get_for_member(user=request.user, pk=bid_pk)
            writing = write is True or (write == "post" and request.method == "POST")
            if writing and role not in BID_WRITERS:
                raise PermissionDenied
            request.bid_role = role
            return view(request, bid, **kwargs)

        return wrapped

    return decorator


def _draft_only(request, bid):
    """A page that changes a bid: once it is no longer a draft, back to the bid with why."""
    if bid.status != BidStatus.DRAFT:
        messages.error(request, _("This bid is no longer a draft, so it cannot change."))
        return redirect("commissioning:bid", bid_pk=bid.pk)
    return None


def _years(round_):
    return list(FinancialYear.range(round_.first_year, round_.last_year))


def _context(request, bid, **extra):
    return {
        "bid": bid,
        "round": bid.round,
        "can_write": request.bid_role in BID_WRITERS,
        "closes_at": round_closes_at_for(bid.round, bid.organisation),
        "can_withdraw": request.bid_role in BID_WRITERS and bid.status in WITHDRAWABLE,
        **extra,
    }


# --- Starting a bid -------------------------------------------------------------------------


@FORM_METHODS
@provider_required
def bid_start(request, pk):
    """What the round asks of an organisation (explained first), and the button to start."""
    round_ = public_round_get(pk=pk)
    membership = current_membership(request)
    if membership is None:
        raise PermissionDenied
    if request.method == "POST" and membership.role not in BID_WRITERS:
        raise PermissionDenied
    organisation = membership.organisation
    now = timezone.now()
    lots = round_.lots.all()
    form = StartForm(posted(request), lots=lots if lots else None)
    if request.method == "POST" and form.is_valid():
        try:
            bid = services.bid_start(
                round=round_,
                organisation=organisation,
                by=request.user,
                lot=form.cleaned_data.get("lot"),
                now=now,
            )
        except BidExists as error:
            messages.info(request, error.message)
            return redirect("commissioning:bid", bid_pk=error.extra["bid"].pk)
        except NotEligible as error:
            form.add_error(None, error.message)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("Your bid has been started. Your organisation now follows the round.")
            )
            return redirect("commissioning:bid", bid_pk=bid.pk)
    conditions = checks.eligibility_conditions(
        round_=round_, organisation=organisation, today=timezone.localdate(now)
    )
    eligibility_questions = [q for q in round_.questions.all() if q.is_eligibility]
    return render(
        request,
        "commissioning/bids/start.html",
        {
            "round": round_,
            "organisation": organisation,
            "form": form,
            "conditions": conditions,
            "eligible": all(c.met for c in conditions),
            "eligibility_questions": eligibility_questions,
            "existing": selectors.bid_for_round(round_=round_, organisation=organisation),
            "is_open": round_is_open_for(round_, organisation, now),
            "closes_at": round_closes_at_for(round_, organisation),
            "can_write": membership.role in BID_WRITERS,
        },
    )


# --- The provider's bids ----------------------------------------------------------------------


@require_safe
@provider_required
def bid_list(request):
    """Every bid of the person's organisations, with its status and deadline. Queries: the
    person's memberships, then one for the bids."""
    return render(
        request,
        "commissioning/bids/list.html",
        {"bids": list(selectors.bid_list_for_member(user=request.user))},
    )


@require_safe
@bid_page()
def bid_detail(request, bid):
    """The task list, with the bid's status at every stage."""
    sections = selectors.sections_with_questions(bid.round)
    answers = selectors.answers_of(bid)
    amounts = selectors.amounts_of(bid)
    partners = list(bid.partners.all())
    tasks = selectors.task_list(
        bid, sections=sections, answers=answers, amounts=amounts, partners=partners
    )
    done = sum(1 for task in tasks if task.status == checks.TaskStatus.COMPLETED)
    closes_at = round_closes_at_for(bid.round, bid.organisation)
    return render(
        request,
        "commissioning/bids/task_list.html",
        _context(
            request,
            bid,
            # Past its close a draft is not submitted: the page says so and offers the PDF
            # of its answers (commissioning/bids/unsubmitted.py).
            closed_unsubmitted=bid.status == BidStatus.DRAFT and closes_at <= timezone.now(),
            tasks=tasks,
            done=done,
            total=len(tasks),
            transitions=list(bid.transitions.all()),
        ),
    )


SECTION_VERSION = "section_version"


def _read_version(data):
    """The section's version the page was read at (a hidden field), or None without one."""
    try:
        return int(data.get(SECTION_VERSION, ""))
    except ValueError:
        return None


@FORM_METHODS
@bid_page(write=True)
def bid_section(request, bid, section_pk):
    """One section's questions. Both buttons save everything as typed (never refused); what
    is still wrong is shown beside each answer and flagged on the task list.

    The page carries the section's version it was read at: when a colleague has saved the
    section since, nothing is written and the page shows both versions, the person's own as
    typed (in the form, to correct or merge by hand and save) and the colleague's as saved."""
    frozen = _draft_only(request, bid)
    if frozen:
        return frozen
    sections = selectors.sections_with_questions(bid.round)
    section = next((s for s in sections if s.pk == section_pk), None)
    if section is None:
        raise Http404
    questions = list(section.questions.all())
    read_version = _read_version(request.POST) if request.method == "POST" else None
    if autosave_requested(request):
        # The script's POST while typing: saved as the button saves (never refused), no files.
        try:
            saved = services.bid_section_save(
                bid=bid,
                section=section,
                by=request.user,
                data=request.POST,
                language=get_language(),
                read_version=read_version,
            )
        except SectionChanged:
            return autosave_not_saved(
                _(
                    "Not saved: a colleague has saved this section since you opened it. "
                    "Use a button to compare the two versions."
                )
            )
        except BidNotEditable as error:
            return autosave_not_saved(error.message)
        return autosave_saved(fields={SECTION_VERSION: saved.version})
    show_errors = False
    conflict = None
    if request.method == "POST":
        try:
            saved = services.bid_section_save(
                bid=bid,
                section=section,
                by=request.user,
                data=request.POST,
                files=request.FILES,
                language=get_language(),
                read_version=read_version,
            )
        except SectionChanged as error:
            conflict = error
        except BidNotEditable as error:
            messages.error(request, error.message)
            return redirect("commissioning:bid", bid_pk=bid.pk)
    answers = selectors.answers_of(bid)
    if conflict is not None:
        # Theirs as typed, in the form; the colleague's as saved, beside it. Saving the form
        # now (it carries the version just read) keeps what is in it.
        version = conflict.extra["version"]
        form = checks.section_form(
            section=section,
            questions=questions,
            years=_years(bid.round),
            answers=answers,
            data=request.POST,
            language=get_language(),
        )
        form.is_valid()
        form.errors.clear()  # nothing was checked: what needs correcting shows once saved
    elif request.method == "POST":
        version = saved.version
        form = saved.form
        if form.adding_a_line():
            pass  # the same page, one line longer, with everything typed (and saved)
        elif "later" in request.POST:
            messages.success(request, _("Your answers have been saved. You can come back later."))
            return redirect("commissioning:bid", bid_pk=bid.pk)
        elif not saved.has_problems:
            messages.success(request, _("Your answers have been saved."))
            return redirect("commissioning:bid", bid_pk=bid.pk)
        else:
            show_errors = True
            messages.info(
                request,
                _(
                    "Your answers have been saved as you typed them. Correct the ones marked "
                    "below before you submit the bid."
                ),
            )
    else:
        version = services.section_version(bid, section)
        mine = {pk: a for pk, a in answers.items() if pk in {q.pk for q in questions}}
        data = checks.typed_data(mine.values()) if mine else None
        form = checks.section_form(
            section=section,
            questions=questions,
            years=_years(bid.round),
            answers=answers,
            data=data,
            language=get_language(),
        )
        if data is not None:
            # Coming back: what was typed, with what is wrong with it beside it; a question
            # not answered yet is not an error until the person sends the page.
            form.is_valid()
            for question in questions:
                answer = mine.get(question.pk)
                if answer is None or set(answer.flags) <= {AnswerFlag.MISSING}:
                    name = f"q{question.pk}"
                    for key in [k for k in form.errors if k == name or k.startswith(f"{name}_")]:
                        del form.errors[key]
            show_errors = bool(form.errors)
    files = {q.pk: answers[q.pk].file for q in questions if q.pk in answers and answers[q.pk].file}
    return render(
        request,
        "commissioning/bids/section.html",
        _context(
            request,
            bid,
            section=section,
            form=form,
            show_errors=show_errors,
            kept_files=files,
            has_file=any(q.type == QuestionType.FILE for q in questions),
            version=version,
            version_field=SECTION_VERSION,
            conflict=conflict,
            colleague_rows=selectors.answer_rows(section, answers) if conflict else None,
        ),
    )


@FORM_METHODS
@bid_page(write=True)
def bid_amounts(request, bid):
    frozen = _draft_only(request, bid)
    if frozen:
        return frozen
    back = reverse("commissioning:bid", args=[bid.pk])
    round_ = bid.round
    form = AmountsForm(
        posted(request),
        years=_years(round_),
        minimum=round_.minimum_award,
        maximum=round_.maximum_award,
        cancel=back,
        initial=AmountsForm.initial_for(selectors.amounts_of(bid)),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.bid_amounts_save(bid=bid, by=request.user, amounts=form.amounts())
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            problems = checks.amount_problems(round_, selectors.amounts_of(bid))
            if problems:
                messages.info(
                    request,
                    _("Saved. Before you submit: %(problems)s.")
                    % {"problems": "; ".join(problems)},
                )
            else:
                messages.success(request, _("The amounts requested have been saved."))
            return redirect(back)
    return render(
        request,
        "commissioning/bids/form.html",
        _context(request, bid, form=form, title=_("Amount requested")),
    )


@FORM_METHODS
@bid_page(write="post")
def bid_partners(request, bid):
    """The bid's partners with their shares of each year's money, and a form to add one."""
    back = reverse("commissioning:bid", args=[bid.pk])
    form = PartnerForm(posted(request), cancel=back)
    if request.method == "POST":
        frozen = _draft_only(request, bid)
        if frozen:
            return frozen
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.bid_partner_add(
                    bid=bid,
                    by=request.user,
                    name=data["name"],
                    share=data["share"],
                    organisation=data["organisation"],
                )
            except PartnerRefused as error:
                form.add_error(error.extra.get("field"), error.message)
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Partner added."))
                return redirect("commissioning:bid-partners", bid_pk=bid.pk)
    partners = list(bid.partners.select_related("organisation"))
    return render(
        request,
        "commissioning/bids/partners.html",
        _context(
            request,
            bid,
            form=form,
            partners=selectors.partner_amounts(bid, partners, selectors.amounts_of(bid)),
        ),
    )


@require_POST
@bid_page(write=True)
def bid_partner_remove(request, bid, partner_pk):
    partner = bid.partners.filter(pk=partner_pk).first()
    if partner is None:
        # Removed already (a double click, another tab): nothing more to do.
        messages.info(request, _("That partner has already been removed."))
        return redirect("commissioning:bid-partners", bid_pk=bid.pk)
    try:
        services.bid_partner_remove(partner=partner, by=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Partner removed."))
    return redirect("commissioning:bid-partners", bid_pk=bid.pk)


def _answers_context(bid):
    sections = selectors.sections_with_questions(bid.round)
    answers = selectors.answers_of(bid)
    amounts = selectors.amounts_of(bid)
    partners = list(bid.partners.select_related("organisation"))
    return {
        "sections": [{"section": s, "rows": selectors.answer_rows(s, answers)} for s in sections],
        "amounts": [(year, amounts.get(year)) for year in _years(bid.round)],
        "partners": selectors.partner_amounts(bid, partners, amounts),
    }


@FORM_METHODS
@bid_page(write="post")
def bid_check(request, bid):
    """Check your answers, then the declaration and the submit button. The moment the
    request arrived is read once, here, for the deadline and for `submitted_at`."""
    now = timezone.now()
    form = DeclarationForm(posted(request))
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            services.bid_submit(bid=bid, by=request.user, now=now, declaration=str(DECLARATION))
        except AlreadySubmitted as error:
            # Another tab, a double click or a retry: nothing happens twice.
            messages.info(request, error.message)
            return redirect("commissioning:bid-submitted", bid_pk=bid.pk)
        except BidIncomplete as error:
            problems = error.extra["problems"]
            form.add_error(None, error.message)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            return redirect("commissioning:bid-submitted", bid_pk=bid.pk)
    elif bid.status == BidStatus.DRAFT:
        problems = services.bid_problems(bid, now=now)
    return render(
        request,
        "commissioning/bids/check.html",
        _context(
            request,
            bid,
            form=form,
            problems=problems,
            declaration=DECLARATION,
            is_open=round_is_open_for(bid.round, bid.organisation, now),
            **_answers_context(bid),
        ),
    )


@require_safe
@bid_page()
def bid_submitted(request, bid):
    if bid.submitted_at is None:
        return redirect("commissioning:bid", bid_pk=bid.pk)
    return render(request, "commissioning/bids/submitted.html", _context(request, bid))


@FORM_METHODS
@bid_page(write=True)
def bid_withdraw(request, bid):
    back = reverse("commissioning:bid", args=[bid.pk])
    if bid.status not in WITHDRAWABLE:
        messages.error(request, _("A bid can be withdrawn only before the decision."))
        return redirect(back)
    form = WithdrawForm(posted(request), cancel=back)
    if request.method == "POST" and form.is_valid():
        try:
            services.bid_withdraw(bid=bid, by=request.user, reason=form.cleaned_data["reason"])
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your bid has been withdrawn."))
            return redirect(back)
    return render(
        request,
        "commissioning/bids/form.html",
        _context(request, bid, form=form, title=_("Withdraw your bid")),
    )


# --- The office -------------------------------------------------------------------------------


def _office_round(view):
    @office_only
    @wraps(view)
    def wrapped(request, pk, **kwargs):
        round_ = round_get_for_office(body=request.policing_body, pk=pk)
        return view(request, round_, **kwargs)

    return wrapped


@require_safe
@_office_round
def round_bids(request, round_):
    """Sealed until the closing instant (and every individual extension): counts only.
    Afterwards the submitted bids, never drafts. Queries: the same at 3 bids and at 300."""
    now = timezone.now()
    sealed = round_is_sealed(round_, now)
    return render(
        request,
        "commissioning/bids/round_bids.html",
        {
            "round": round_,
            "tab": "bids",
            "phase": round_.phase_at(now),
            "sealed": sealed,
            "sealed_until": round_last_close(round_),
            "counts": selectors.round_bid_counts(round_),
            "bids": [] if sealed else list(selectors.round_bids_for_office(round_=round_, now=now)),
            "is_lead": round_.lead_body_id == request.policing_body.pk,
        },
    )


@require_safe
@_office_round
def round_bid(request, round_, bid_pk):
    bid = selectors.round_bid_get_for_office(round_=round_, pk=bid_pk, now=timezone.now())
    return render(
        request,
        "commissioning/bids/round_bid.html",
        {"round": round_, "bid": bid, "tab": "bids", **_answers_context(bid)},
    )
