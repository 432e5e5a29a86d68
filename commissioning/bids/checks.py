"""What a bid still needs: eligibility, each answer's flags, the task list and the problems
that stop a submission. Pure reads; the services write what these find.

Answers are kept as typed (`BidAnswer.value["typed"]`: the form's own keys and values), so
any of them can be checked again, at any time, by binding the round's bid form
(`commissioning.questions.forms.bid_section_form`) to what was typed. Submission does exactly
that: it trusts no flag saved earlier.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commissioning.bids.models import AnswerFlag
from commissioning.questions.forms import YES, bid_section_form
from commissioning.questions.models import QuestionType
from core.financial_years import FinancialYear
from core.money import format_money
from providers.documents import DocumentStatus
from providers.selectors import document_rows

# --- Eligibility --------------------------------------------------------------------------


@dataclass
class Condition:
    """One condition of eligibility, as the start page explains it."""

    label: str
    met: bool
    detail: str = ""


def round_areas(round_) -> set[int]:
    """The police areas a round serves: those it names, else its lead's and partners'."""
    named = {area.pk for area in round_.areas_served.all()}
    if named:
        return named
    return {round_.lead_body_id, *(body.pk for body in round_.partner_bodies.all())}


def eligibility_conditions(*, round_, organisation, today) -> list[Condition]:
    """The legal form, the areas served and the due-diligence documents (`providers`' rules),
    each met or not. The round's eligibility questions are answered in the bid itself."""
    conditions = []
    forms = round_.eligible_legal_forms
    conditions.append(
        Condition(
            label=_("Your organisation's legal form is one the round accepts"),
            met=not forms or organisation.legal_form in forms,
            detail=", ".join(str(label) for label in round_.eligible_legal_form_labels)
            or _("Any legal form"),
        )
    )
    areas = round_areas(round_)
    served = {area.pk for area in organisation.areas_served.all()}
    conditions.append(
        Condition(
            label=_("Your organisation serves an area the round covers"),
            met=bool(areas & served),
        )
    )
    for row in document_rows(organisation=organisation, today=today):
        if not row.required:
            continue
        in_date = row.status in (DocumentStatus.IN_DATE, DocumentStatus.EXPIRING)
        conditions.append(
            Condition(
                label=_("%(document)s in date") % {"document": row.kind.label},
                met=in_date,
                detail=str(row.status.label),
            )
        )
    return conditions


def eligibility_problems(*, round_, organisation, today) -> list[str]:
    return [
        condition.label
        for condition in eligibility_conditions(
            round_=round_, organisation=organisation, today=today
        )
        if not condition.met
    ]


# --- Answers --------------------------------------------------------------------------------


def typed_for(question, data) -> dict[str, list[str]]:
    """The form's keys and values that belong to `question`, exactly as sent."""
    name = f"q{question.pk}"
    keys = [key for key in data if key == name or key.startswith(f"{name}_")]
    return {key: list(data.getlist(key)) for key in sorted(keys)}


def typed_data(answers) -> QueryDict:
    """What was typed into these answers, as form data again."""
    data = QueryDict(mutable=True)
    for answer in answers:
        for key, values in ((answer.value or {}).get("typed") or {}).items():
            data.setlist(key, values)
    return data


def _jsonable(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if hasattr(value, "read"):  # an upload: kept as a StoredFile, not in the value
        return None
    return value


def section_form(*, section, questions, years, answers, data=None, files=None, language=None):
    """The section's bid form bound to `data` (what was typed). A file question already
    answered with a kept file needs no new upload."""
    form = bid_section_form(
        data, files, section=section, questions=questions, years=years, language=language
    )
    for question in questions:
        answer = answers.get(question.pk)
        if question.type == QuestionType.FILE and answer is not None and answer.file_id:
            form.fields[f"q{question.pk}"].required = False
    return form


@dataclass
class Checked:
    """An answer checked: what is wrong (flags and messages) and the clean value, if any."""

    flags: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    clean: object = None


def _flag_for(question, errors) -> str:
    codes = {error.code for error in errors}
    if "required" in codes:
        return AnswerFlag.MISSING
    if "max_words" in codes:
        return AnswerFlag.TOO_LONG
    return AnswerFlag.INVALID


def check_form(form, questions, *, amounts=None, answers=None) -> dict[int, Checked]:
    """Each question of a bound section form checked: flags, messages and the clean value.
    `amounts` ({year: amount}) checks a budget table adds up to the amount asked for."""
    form.is_valid()
    errors = form.errors.as_data()
    cleaned = getattr(form, "cleaned_data", {})
    answers = answers or {}
    result = {}
    for question in questions:
        name = f"q{question.pk}"
        own = [
            error
            for key, key_errors in errors.items()
            if key == name or key.startswith(f"{name}_")
            for error in key_errors
        ]
        checked = Checked()
        if question.type == QuestionType.BUDGET_TABLE:
            lines = cleaned.get(name) or []
            if own:
                checked.flags.append(
                    AnswerFlag.MISSING if question.required and not lines else AnswerFlag.INVALID
                )
            else:
                checked.clean = _jsonable(lines)
                mismatch = budget_mismatches(lines, amounts) if amounts is not None else []
                if lines and mismatch:
                    checked.flags.append(AnswerFlag.BUDGET_MISMATCH)
                    checked.problems += mismatch
        elif own:
            checked.flags.append(_flag_for(question, own))
        else:
            value = cleaned.get(name)
            answer = answers.get(question.pk)
            if question.type == QuestionType.FILE:
                kept = answer is not None and answer.file_id
                if question.required and value is None and not kept:
                    checked.flags.append(AnswerFlag.MISSING)
            else:
                checked.clean = _jsonable(value)
        for error in own:
            checked.problems += [str(message) for message in error.messages]
        result[question.pk] = checked
    return result


def budget_totals(lines) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = {}
    for line in lines or []:
        for year, amount in (line.get("amounts") or {}).items():
            totals[year] = totals.get(year, Decimal(0)) + Decimal(str(amount or 0))
    return totals


def budget_mismatches(lines, amounts) -> list[str]:
    """Messages for each year whose budget lines do not add up to the amount requested."""
    totals = budget_totals(lines)
    problems = []
    for year, amount in sorted(amounts.items()):
        total = totals.get(str(year), Decimal(0))
        if total != amount:
            problems.append(
                _(
                    "The budget for %(year)s adds up to %(total)s, but the amount requested "
                    "for %(year)s is %(amount)s"
                )
                % {"year": year, "total": format_money(total), "amount": format_money(amount)}
            )
    return problems


# --- The task list and what stops a submission ----------------------------------------------


class TaskStatus:
    CANNOT_START = "cannot_start"
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"

    LABELS = {
        CANNOT_START: gettext_lazy("Cannot start yet"),
        NOT_STARTED: gettext_lazy("Not yet started"),
        IN_PROGRESS: gettext_lazy("In progress"),
        COMPLETED: gettext_lazy("Completed"),
    }


@dataclass
class Task:
    key: str
    title: str
    status: str
    url_name: str
    url_args: tuple = ()
    flagged: list = field(default_factory=list)  # (question, answer) with flags

    @property
    def status_label(self):
        return TaskStatus.LABELS[self.status]

    @property
    def url(self) -> str:
        return reverse(self.url_name, args=self.url_args)


@dataclass
class Problem:
    """Something to put right before submitting, and the task where it is put right."""

    message: str
    task: str = ""
    section_id: int | None = None


def is_eligible_by_answers(eligibility_questions, answers) -> bool:
    """Every eligibility question answered "yes" (as saved)."""
    for question in eligibility_questions:
        answer = answers.get(question.pk)
        if answer is None or answer.flags or (answer.value or {}).get("clean") != YES:
            return False
    return True


def section_status(section, answers, *, can_start) -> tuple[str, list]:
    if not can_start:
        return TaskStatus.CANNOT_START, []
    questions = list(section.questions.all())
    given = [answers[q.pk] for q in questions if q.pk in answers]
    if not given:
        return TaskStatus.NOT_STARTED, []
    flagged = [
        (q, [AnswerFlag(flag).label for flag in answers[q.pk].flags])
        for q in questions
        if q.pk in answers and answers[q.pk].flags
    ]
    unanswered = [q for q in questions if q.required and q.pk not in answers]
    if flagged or unanswered:
        return TaskStatus.IN_PROGRESS, flagged
    return TaskStatus.COMPLETED, []


def amounts_status(round_, amounts) -> str:
    years = list(FinancialYear.range(round_.first_year, round_.last_year))
    if not amounts:
        return TaskStatus.NOT_STARTED
    if amount_problems(round_, amounts):
        return TaskStatus.IN_PROGRESS
    return TaskStatus.COMPLETED if all(y in amounts for y in years) else TaskStatus.IN_PROGRESS


def amount_problems(round_, amounts) -> list[str]:
    """Every year of the funding period asked for, each within the round's limits."""
    problems = []
    for year in FinancialYear.range(round_.first_year, round_.last_year):
        amount = amounts.get(year)
        if amount is None:
            problems.append(_("Enter the amount requested for %(year)s") % {"year": year})
        elif not round_.minimum_award <= amount <= round_.maximum_award:
            problems.append(
                _("The amount requested for %(year)s must be from %(low)s to %(high)s")
                % {
                    "year": year,
                    "low": format_money(round_.minimum_award),
                    "high": format_money(round_.maximum_award),
                }
            )
    return problems


def partner_problems(partners) -> list[str]:
    total = sum((p.share for p in partners), Decimal(0))
    if total >= 100:
        return [_("The partners' shares must add up to less than 100%, leaving yours")]
    return []
