"""Building a round's questions and criteria, checking them before scheduling, correcting
help text afterwards, and copying a round with all of them.

Every write locks the round first (`_round_for_edit`), the same row the schedule transition
locks, so an edit and a scheduling of one round cannot interleave: whichever comes second
sees the other's result, and the database triggers (commissioning.questions.models) catch
anything that slips past.
"""

from django.db import transaction
from django.db.models import Count, Max, Sum
from django.utils import translation
from django.utils.translation import gettext as _

from commissioning.questions.errors import (
    CopyRefused,
    NotInRound,
    QuestionSettingsInvalid,
    QuestionsFrozen,
    QuestionsNotReady,
)
from commissioning.questions.models import (
    CHOICE_TYPES,
    DEFAULT_DESCRIPTORS,
    FILE_TYPE_CHOICES,
    MAX_SCORE,
    RANGE_TYPES,
    SCORES,
    Criterion,
    CriterionQuestion,
    Question,
    QuestionHelpText,
    QuestionType,
    Section,
)
from commissioning.questions.rules import BUILDERS, require_role

SECTION_FIELDS = ("title", "title_cy", "introduction", "introduction_cy")
QUESTION_FIELDS = (
    "type",
    "text",
    "text_cy",
    "help_text",
    "help_text_cy",
    "required",
    "word_limit",
    "minimum",
    "maximum",
    "options",
    "options_cy",
    "file_types",
    "is_eligibility",
)
CRITERION_FIELDS = (
    "title",
    "title_cy",
    "guidance",
    "guidance_cy",
    "weight",
    "must_pass",
    "minimum_score",
)
DESCRIPTOR_FIELDS = tuple(
    name for score in SCORES for name in (f"descriptor_{score}", f"descriptor_{score}_cy")
)


def _round_model():
    from commissioning.models import Round

    return Round


def round_lock(round_):
    """The round's row, locked until the transaction ends."""
    return _round_model().objects.select_for_update(of=("self",)).get(pk=round_.pk)


def is_draft(round_) -> bool:
    return round_.status == "draft"


def _round_for_edit(round_, by):
    locked = round_lock(round_)
    require_role(by, locked, BUILDERS)
    if not is_draft(locked):
        raise QuestionsFrozen(
            _(
                "This round is %(status)s, so its questions and criteria can no longer be "
                "changed. You can still correct the help text of a question."
            )
            % {"status": locked.get_status_display().lower()}
        )
    return locked


def _next_position(queryset) -> int:
    return (queryset.aggregate(last=Max("position"))["last"] or 0) + 1


def _renumber(queryset) -> None:
    for position, row in enumerate(queryset.order_by("position"), start=1):
        if row.position != position:
            row.position = position
            row.save(update_fields=["position"])


def _swap(row, queryset, *, up: bool) -> None:
    if up:
        neighbour = queryset.filter(position__lt=row.position).order_by("position").last()
    else:
        neighbour = queryset.filter(position__gt=row.position).order_by("position").first()
    if neighbour is None:
        return
    # The position constraints are deferred, so the swap may pass through a duplicate.
    row.position, neighbour.position = neighbour.position, row.position
    row.save(update_fields=["position"])
    neighbour.save(update_fields=["position"])


# --- Sections -----------------------------------------------------------------------------


@transaction.atomic
def section_add(*, round_, by, **fields) -> Section:
    locked = _round_for_edit(round_, by)
    return Section.objects.create(
        round=locked,
        position=_next_position(locked.sections.all()),
        **{name: fields.get(name, "") for name in SECTION_FIELDS},
    )


@transaction.atomic
def section_update(*, section, by, **fields) -> Section:
    _round_for_edit(section.round, by)
    for name in SECTION_FIELDS:
        if name in fields:
            setattr(section, name, fields[name])
    section.save()
    return section


@transaction.atomic
def section_remove(*, section, by) -> None:
    """Remove a section with its questions."""
    locked = _round_for_edit(section.round, by)
    section.delete()
    _renumber(locked.sections.all())


@transaction.atomic
def section_move(*, section, by, up: bool) -> None:
    locked = _round_for_edit(section.round, by)
    _swap(Section.objects.get(pk=section.pk), locked.sections.all(), up=up)


# --- Questions ----------------------------------------------------------------------------


def question_settings_check(settings: dict) -> dict:
    """The settings of a question, cleaned for its type: what does not apply is cleared, and
    what a type needs is there. Raises QuestionSettingsInvalid naming the setting at fault."""
    kind = QuestionType(settings["type"])
    cleaned = {name: settings.get(name) for name in QUESTION_FIELDS}
    for text in ("text_cy", "help_text", "help_text_cy", "options", "options_cy"):
        cleaned[text] = (cleaned[text] or "").strip()
    cleaned["required"] = bool(cleaned["required"]) if "required" in settings else True
    if not (cleaned.get("text") or "").strip():
        raise QuestionSettingsInvalid(_("Enter the question"), field="text")
    cleaned["text"] = cleaned["text"].strip()

    if kind == QuestionType.LONG_TEXT:
        if not cleaned["word_limit"] or cleaned["word_limit"] < 1:
            raise QuestionSettingsInvalid(
                _("Enter the word limit, a whole number of 1 or more"), field="word_limit"
            )
    else:
        cleaned["word_limit"] = None

    if kind in RANGE_TYPES:
        low, high = cleaned["minimum"], cleaned["maximum"]
        if low is not None and high is not None and low > high:
            raise QuestionSettingsInvalid(
                _("The largest answer must be the same as or more than the smallest"),
                field="maximum",
            )
        if kind == QuestionType.NUMBER:
            for name in ("minimum", "maximum"):
                value = cleaned[name]
                if value is not None and value != value.to_integral_value():
                    raise QuestionSettingsInvalid(_("Enter a whole number"), field=name)
    else:
        cleaned["minimum"] = cleaned["maximum"] = None

    if kind in CHOICE_TYPES:
        options = [line.strip() for line in cleaned["options"].splitlines() if line.strip()]
        if len(options) < 2:
            raise QuestionSettingsInvalid(
                _("Enter at least two options, one on each line"), field="options"
            )
        if len(set(options)) != len(options):
            raise QuestionSettingsInvalid(_("Enter each option only once"), field="options")
        welsh = [line.strip() for line in cleaned["options_cy"].splitlines() if line.strip()]
        if welsh and len(welsh) != len(options):
            raise QuestionSettingsInvalid(
                _("Enter the same number of options in Welsh as in English, in the same order"),
                field="options_cy",
            )
        cleaned["options"], cleaned["options_cy"] = "\n".join(options), "\n".join(welsh)
    else:
        cleaned["options"] = cleaned["options_cy"] = ""

    if kind == QuestionType.FILE:
        known = {key for key, _label in FILE_TYPE_CHOICES}
        types = [key for key in (cleaned["file_types"] or []) if key in known]
        if not types:
            raise QuestionSettingsInvalid(
                _("Select the types of file providers may upload"), field="file_types"
            )
        cleaned["file_types"] = sorted(set(types), key=[k for k, _label in FILE_TYPE_CHOICES].index)
    else:
        cleaned["file_types"] = []

    cleaned["is_eligibility"] = bool(cleaned["is_eligibility"]) and kind == QuestionType.YES_NO
    if settings.get("is_eligibility") and kind != QuestionType.YES_NO:
        raise QuestionSettingsInvalid(
            _("Only a yes or no question can be an eligibility question"), field="is_eligibility"
        )
    if cleaned["is_eligibility"]:
        # Its answer decides whether the bid can go on, so it is always asked.
        cleaned["required"] = True
    cleaned["type"] = kind
    return cleaned


def _in_round(locked, section) -> None:
    if section.round_id != locked.pk:
        raise NotInRound(_("Choose one of this round's sections."))


@transaction.atomic
def question_add(*, section, by, **settings) -> Question:
    locked = _round_for_edit(section.round, by)
    _in_round(locked, section)
    cleaned = question_settings_check(settings)
    return Question.objects.create(
        round=locked,
        section=section,
        position=_next_position(section.questions.all()),
        **cleaned,
    )


@transaction.atomic
def question_update(*, question, by, **settings) -> Question:
    _round_for_edit(question.round, by)
    cleaned = question_settings_check(settings)
    for name, value in cleaned.items():
        setattr(question, name, value)
    question.save()
    return question


@transaction.atomic
def question_remove(*, question, by) -> None:
    _round_for_edit(question.round, by)
    section = question.section
    question.delete()
    _renumber(section.questions.all())


@transaction.atomic
def question_move(*, question, by, up: bool) -> None:
    """Move a question up or down within its section."""
    _round_for_edit(question.round, by)
    question = Question.objects.get(pk=question.pk)
    _swap(question, Question.objects.filter(section_id=question.section_id), up=up)


@transaction.atomic
def question_help_text_correct(*, question, by, help_text, help_text_cy="", reason="") -> Question:
    """Change a question's help text.

    While the round is a draft this is an ordinary edit. Once it is scheduled, providers may
    have read the old text: the old version is kept, `help_version` goes up (the database
    allows a scheduled round's question no other change), and a bid records the version its
    provider saw.
    """
    locked = round_lock(question.round)
    require_role(by, locked, BUILDERS)
    question = Question.objects.select_for_update().get(pk=question.pk)
    help_text, help_text_cy = (help_text or "").strip(), (help_text_cy or "").strip()
    if (help_text, help_text_cy) == (question.help_text, question.help_text_cy):
        return question
    if is_draft(locked):
        question.help_text, question.help_text_cy = help_text, help_text_cy
        question.save(update_fields=["help_text", "help_text_cy"])
        return question
    if not reason.strip():
        raise QuestionSettingsInvalid(
            _("Say why the help text changed: providers who read the old text will see it"),
            field="reason",
        )
    QuestionHelpText.objects.create(
        question=question,
        version=question.help_version,
        help_text=question.help_text,
        help_text_cy=question.help_text_cy,
        replaced_by=by,
        reason=reason.strip(),
    )
    question.help_text, question.help_text_cy = help_text, help_text_cy
    question.help_version += 1
    question.save(update_fields=["help_text", "help_text_cy", "help_version"])
    return question


def question_help_text_at(question, version: int) -> tuple[str, str]:
    """(English, Welsh) help text of `question` as it was at `version` (what a bid saw)."""
    if version >= question.help_version:
        return question.help_text, question.help_text_cy
    old = question.help_texts.get(version=version)
    return old.help_text, old.help_text_cy


# --- Criteria -----------------------------------------------------------------------------


def default_descriptors() -> dict:
    """descriptor_0 ... descriptor_5 in English and Welsh: the defaults a criterion starts with."""
    values = {}
    for language, suffix in (("en", ""), ("cy", "_cy")):
        with translation.override(language):
            for score, text in zip(SCORES, DEFAULT_DESCRIPTORS, strict=True):
                values[f"descriptor_{score}{suffix}"] = str(text)
    # Without a Welsh translation the "Welsh" default is the English: leave it to fall back.
    for score in SCORES:
        if values[f"descriptor_{score}_cy"] == values[f"descriptor_{score}"]:
            values[f"descriptor_{score}_cy"] = ""
    return values


def _criterion_settings(locked, fields) -> tuple[dict, list | None]:
    cleaned = {name: fields[name] for name in CRITERION_FIELDS if name in fields}
    for text in ("title_cy", "guidance", "guidance_cy"):
        if text in cleaned:
            cleaned[text] = (cleaned[text] or "").strip()
    weight = cleaned.get("weight")
    if weight is not None and not 1 <= weight <= 100:
        raise QuestionSettingsInvalid(_("Enter a weight from 1 to 100"), field="weight")
    if "must_pass" in cleaned:
        if cleaned["must_pass"]:
            score = cleaned.get("minimum_score")
            if score is None or not 1 <= score <= MAX_SCORE:
                raise QuestionSettingsInvalid(
                    _("Enter the minimum score a bid must reach, from 1 to %(max)d")
                    % {"max": MAX_SCORE},
                    field="minimum_score",
                )
        else:
            cleaned["minimum_score"] = None
    questions = fields.get("questions")
    if questions is not None:
        questions = list(questions)
        if any(question.round_id != locked.pk for question in questions):
            raise NotInRound(_("Choose questions of this round."))
    return cleaned, questions


def _criterion_questions_set(locked, criterion, questions) -> None:
    CriterionQuestion.objects.filter(criterion=criterion).exclude(question__in=questions).delete()
    have = set(
        CriterionQuestion.objects.filter(criterion=criterion).values_list("question_id", flat=True)
    )
    CriterionQuestion.objects.bulk_create(
        CriterionQuestion(round=locked, criterion=criterion, question=question)
        for question in questions
        if question.pk not in have
    )


@transaction.atomic
def criterion_add(*, round_, by, **fields) -> Criterion:
    locked = _round_for_edit(round_, by)
    cleaned, questions = _criterion_settings(locked, fields)
    if not (cleaned.get("title") or "").strip():
        raise QuestionSettingsInvalid(_("Enter the criterion's title"), field="title")
    if cleaned.get("weight") is None:
        raise QuestionSettingsInvalid(_("Enter a weight from 1 to 100"), field="weight")
    criterion = Criterion.objects.create(
        round=locked,
        position=_next_position(locked.criteria.all()),
        **default_descriptors(),
        **cleaned,
    )
    _criterion_questions_set(locked, criterion, questions or [])
    return criterion


@transaction.atomic
def criterion_update(*, criterion, by, **fields) -> Criterion:
    locked = _round_for_edit(criterion.round, by)
    cleaned, questions = _criterion_settings(locked, fields)
    for name, value in cleaned.items():
        setattr(criterion, name, value)
    criterion.save()
    if questions is not None:
        _criterion_questions_set(locked, criterion, questions)
    return criterion


@transaction.atomic
def criterion_descriptors_save(*, criterion, by, **descriptors) -> Criterion:
    """Change what each score from 0 to 5 means; an English descriptor left empty goes back
    to the default."""
    _round_for_edit(criterion.round, by)
    defaults = default_descriptors()
    for name in DESCRIPTOR_FIELDS:
        if name in descriptors:
            value = (descriptors[name] or "").strip()
            if not value and not name.endswith("_cy"):
                value = defaults[name]
            setattr(criterion, name, value)
    criterion.save()
    return criterion


@transaction.atomic
def criterion_remove(*, criterion, by) -> None:
    locked = _round_for_edit(criterion.round, by)
    criterion.delete()
    _renumber(locked.criteria.all())


@transaction.atomic
def criterion_move(*, criterion, by, up: bool) -> None:
    locked = _round_for_edit(criterion.round, by)
    _swap(Criterion.objects.get(pk=criterion.pk), locked.criteria.all(), up=up)


# --- Ready to schedule --------------------------------------------------------------------


def round_questions_problems(round_) -> list[str]:
    """Everything that keeps the round's questions and criteria from being scheduled."""
    sections = list(round_.sections.order_by("position"))
    counts = {
        row["section_id"]: row["count"]
        for row in Question.objects.filter(round=round_)
        .values("section_id")
        .annotate(count=Count("pk"))
    }
    criteria = list(round_.criteria.order_by("position"))
    judged = set(
        CriterionQuestion.objects.filter(round=round_).values_list("criterion_id", flat=True)
    )
    return questions_problems(
        sections=[(section, counts.get(section.pk, 0)) for section in sections],
        criteria=[(criterion, criterion.pk in judged) for criterion in criteria],
    )


def questions_problems(*, sections, criteria) -> list[str]:
    """`round_questions_problems` from what a page already holds: `sections` as (section,
    number of questions) and `criteria` as (criterion, whether it judges any question), each
    in order. The builder has both in hand; asking again cost it five queries."""
    problems = []
    if not sections:
        problems.append(_("Add at least one section of questions."))
    for section, count in sections:
        if not count:
            problems.append(
                _("Add a question to the section “%(title)s” or remove it.")
                % {"title": section.title}
            )
    if not criteria:
        problems.append(_("Add at least one assessment criterion."))
        return problems
    total = sum(criterion.weight for criterion, _judges in criteria)
    if total != 100:
        problems.append(
            _("The weights of the criteria must add up to 100: they add up to %(total)d.")
            % {"total": total}
        )
    for criterion, judges in criteria:
        if not judges:
            problems.append(
                _("Choose the questions the criterion “%(title)s” judges.")
                % {"title": criterion.title}
            )
    return problems


def round_questions_ready(round_) -> None:
    """Raise QuestionsNotReady (an ApplicationError) unless the round's questions and criteria
    may be scheduled: at least one section, no empty section, at least one criterion, weights
    adding up to exactly 100, and every criterion judging at least one question.

    The schedule transition calls this with the round locked."""
    problems = round_questions_problems(round_)
    if problems:
        raise QuestionsNotReady(
            _("The round's questions are not ready: %(first)s") % {"first": problems[0]},
            problems=problems,
        )


def weights_total(round_) -> int:
    return round_.criteria.aggregate(total=Sum("weight"))["total"] or 0


# --- Copying ------------------------------------------------------------------------------


def questions_copy(*, source, target) -> None:
    """Copy `source`'s sections, questions and criteria (with the questions they judge) into
    `target`, a draft round with none of its own. Help text starts again at version 1."""
    if target.sections.exists() or target.criteria.exists():
        raise CopyRefused(_("The new round already has questions."))
    question_map = {}
    for section in source.sections.order_by("position").prefetch_related("questions"):
        new_section = Section.objects.create(
            round=target,
            position=section.position,
            **{name: getattr(section, name) for name in SECTION_FIELDS},
        )
        for question in section.questions.all():
            question_map[question.pk] = Question.objects.create(
                round=target,
                section=new_section,
                position=question.position,
                **{name: getattr(question, name) for name in QUESTION_FIELDS},
            )
    links = CriterionQuestion.objects.filter(round=source)
    judged = {}
    for link in links:
        judged.setdefault(link.criterion_id, []).append(link.question_id)
    for criterion in source.criteria.order_by("position"):
        new_criterion = Criterion.objects.create(
            round=target,
            position=criterion.position,
            **{name: getattr(criterion, name) for name in CRITERION_FIELDS + DESCRIPTOR_FIELDS},
        )
        CriterionQuestion.objects.bulk_create(
            CriterionQuestion(round=target, criterion=new_criterion, question=question_map[pk])
            for pk in judged.get(criterion.pk, [])
        )


# Settings a copy carries over; the dates (opening, closing, funding period) are the new
# round's own, and budgets and documents belong to a year, so they are chosen again.
COPIED_SETTINGS = (
    "title_cy",
    "summary",
    "summary_cy",
    "guidance",
    "guidance_cy",
    "commissioning_model",
    "procurement_route",
    "notice_reference",
    "eligible_legal_forms",
    "minimum_award",
    "maximum_award",
    "assessments_per_bid",
    "contact_email",
)
COPIED_RELATED = ("partner_bodies", "service_categories", "victim_groups", "areas_served")


@transaction.atomic
def round_copy(*, source, by, body, title, opens_at, closes_at, first_year, last_year):
    """A new draft round of `body` from an earlier round it led: settings, questions and
    criteria included; dates given anew; budgets and documents left to choose again.

    Plan priorities come too, except those the body's current plan has retired."""
    from commissioning.services import round_create
    from plans.selectors import priority_threads_for

    if source.lead_body_id != body.pk:
        raise CopyRefused(_("You can copy only a round your body led."))
    current = {t.pk for t in priority_threads_for(body=body) if t.retired_in_id is None}
    related = {name: list(getattr(source, name).all()) for name in COPIED_RELATED}
    related["priority_threads"] = [
        thread for thread in source.priority_threads.all() if thread.pk in current
    ]
    values = {name: getattr(source, name) for name in COPIED_SETTINGS}
    new = round_create(
        body=body,
        by=by,
        related=related,
        title=title,
        opens_at=opens_at,
        closes_at=closes_at,
        first_year=first_year,
        last_year=last_year,
        **values,
    )
    for lot in source.lots.all():
        new.lots.create(
            name=lot.name,
            name_cy=lot.name_cy,
            description=lot.description,
            description_cy=lot.description_cy,
            amount=lot.amount,
            ordering=lot.ordering,
        )
    questions_copy(source=source, target=new)
    return new
