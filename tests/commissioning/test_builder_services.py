"""The question builder's rules: each type's settings, positions, weights, must-pass, the
check before scheduling, freezing (services and database), versioned help text, copying."""

from decimal import Decimal

import pytest
from django.db import DatabaseError, IntegrityError, transaction

from commissioning.models import RoundStatus
from commissioning.questions import services
from commissioning.questions.errors import (
    QuestionSettingsInvalid,
    QuestionsFrozen,
    QuestionsNotReady,
)
from commissioning.questions.models import (
    ROUND_FROZEN_STATUSES,
    Criterion,
    CriterionQuestion,
    Question,
    QuestionHelpText,
    QuestionType,
    Section,
)
from commissioning.questions.rules import BuilderRoleRequired
from commissioning.questions.words import word_count
from core.models import Role
from tests.commissioning.builder_factories import (
    draft_round,
    officer,
    round_with_questions,
    set_status,
)
from tests.plans.factories import body, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_():
    return draft_round()


@pytest.fixture
def section(round_):
    return services.section_add(round_=round_, by=officer(), title="About you")


def add(section, **settings):
    return services.question_add(section=section, by=officer(), **settings)


def test_the_frozen_statuses_are_every_status_but_draft():
    assert set(ROUND_FROZEN_STATUSES) == set(RoundStatus.values) - {RoundStatus.DRAFT}


# --- The shared word count ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", 0),
        (None, 0),
        ("one", 1),
        ("  two   words ", 2),
        ("line\nbreaks\tand tabs", 4),
        ("hyphen-ated word's count", 3),
        ("£1,000 — a dash", 4),
    ],
)
def test_words_are_runs_of_characters_that_are_not_spaces(text, words):
    assert word_count(text) == words


# --- Each type's settings -------------------------------------------------------------------


def test_a_long_text_question_needs_a_word_limit(section):
    with pytest.raises(QuestionSettingsInvalid) as refused:
        add(section, type=QuestionType.LONG_TEXT, text="Describe it")
    assert refused.value.extra["field"] == "word_limit"
    question = add(section, type=QuestionType.LONG_TEXT, text="Describe it", word_limit=300)
    assert question.word_limit == 300


def test_settings_of_other_types_are_cleared(section):
    question = add(
        section,
        type=QuestionType.SHORT_TEXT,
        text="Name",
        word_limit=10,
        minimum=Decimal(1),
        options="a\nb",
        file_types=["pdf"],
    )
    assert (question.word_limit, question.minimum, question.options, question.file_types) == (
        None,
        None,
        "",
        [],
    )


def test_a_number_or_money_range_must_be_in_order(section):
    with pytest.raises(QuestionSettingsInvalid) as refused:
        add(section, type=QuestionType.MONEY, text="Cost", minimum=Decimal(10), maximum=Decimal(5))
    assert refused.value.extra["field"] == "maximum"


def test_a_number_range_is_whole_numbers(section):
    with pytest.raises(QuestionSettingsInvalid):
        add(section, type=QuestionType.NUMBER, text="People", minimum=Decimal("1.5"))


def test_a_choice_needs_two_different_options_and_welsh_ones_match(section):
    with pytest.raises(QuestionSettingsInvalid):
        add(section, type=QuestionType.SINGLE_CHOICE, text="Pick", options="Only one")
    with pytest.raises(QuestionSettingsInvalid):
        add(section, type=QuestionType.SINGLE_CHOICE, text="Pick", options="Same\nSame")
    with pytest.raises(QuestionSettingsInvalid) as refused:
        add(
            section,
            type=QuestionType.MULTIPLE_CHOICE,
            text="Pick",
            options="One\nTwo",
            options_cy="Un",
        )
    assert refused.value.extra["field"] == "options_cy"
    question = add(
        section,
        type=QuestionType.MULTIPLE_CHOICE,
        text="Pick",
        options=" One \n\nTwo\n",
        options_cy="Un\nDau",
    )
    assert question.option_list() == ["One", "Two"]
    assert question.option_list("cy") == ["Un", "Dau"]


def test_a_file_question_names_the_types_it_takes(section):
    with pytest.raises(QuestionSettingsInvalid):
        add(section, type=QuestionType.FILE, text="Policy", file_types=[])
    question = add(section, type=QuestionType.FILE, text="Policy", file_types=["docx", "pdf", "x"])
    assert question.file_types == ["pdf", "docx"]


def test_only_a_yes_no_question_is_an_eligibility_question_and_it_is_required(section):
    with pytest.raises(QuestionSettingsInvalid):
        add(section, type=QuestionType.SHORT_TEXT, text="Name", is_eligibility=True)
    question = add(
        section, type=QuestionType.YES_NO, text="Eligible?", is_eligibility=True, required=False
    )
    assert question.is_eligibility
    assert question.required


def test_the_database_refuses_an_eligibility_question_that_is_not_yes_no(section):
    question = add(section, type=QuestionType.SHORT_TEXT, text="Name")
    with pytest.raises(IntegrityError), transaction.atomic():
        Question.objects.filter(pk=question.pk).update(is_eligibility=True)


def test_a_budget_table_and_a_date_need_no_settings(section):
    assert add(section, type=QuestionType.BUDGET_TABLE, text="Budget").type == "budget_table"
    assert add(section, type=QuestionType.DATE, text="Start").type == "date"


# --- Positions --------------------------------------------------------------------------------


def test_questions_move_up_and_down_and_close_gaps_when_removed(section):
    first, second, third = (
        add(section, type=QuestionType.SHORT_TEXT, text=text) for text in ("A", "B", "C")
    )
    services.question_move(question=third, by=officer(), up=True)
    assert list(section.questions.order_by("position").values_list("text", flat=True)) == [
        "A",
        "C",
        "B",
    ]
    services.question_move(question=first, by=officer(), up=True)  # already first: no change
    services.question_remove(question=Question.objects.get(text="C"), by=officer())
    assert list(section.questions.order_by("position").values_list("text", "position")) == [
        ("A", 1),
        ("B", 2),
    ]
    assert second.pk in section.questions.values_list("pk", flat=True)


def test_sections_move_and_removing_one_removes_its_questions(round_, section):
    later = services.section_add(round_=round_, by=officer(), title="Later")
    add(later, type=QuestionType.SHORT_TEXT, text="Gone")
    services.section_move(section=later, by=officer(), up=True)
    assert list(round_.sections.values_list("title", flat=True)) == ["Later", "About you"]
    services.section_remove(section=later, by=officer())
    assert not Question.objects.filter(text="Gone").exists()
    assert Section.objects.get(pk=section.pk).position == 1


# --- Criteria ------------------------------------------------------------------------------


def test_a_criterion_starts_with_the_default_descriptors(round_, section):
    question = add(section, type=QuestionType.SHORT_TEXT, text="Name")
    criterion = services.criterion_add(
        round_=round_, by=officer(), title="Quality", weight=100, questions=[question]
    )
    descriptors = dict(criterion.descriptors())
    assert descriptors[0].startswith("No evidence")
    assert descriptors[5].startswith("Excellent evidence")
    services.criterion_descriptors_save(
        criterion=criterion, by=officer(), descriptor_3="Meets every requirement.", descriptor_4=""
    )
    criterion.refresh_from_db()
    assert dict(criterion.descriptors())[3] == "Meets every requirement."
    assert dict(criterion.descriptors())[4].startswith("Good evidence")


def test_must_pass_needs_a_minimum_score_from_1_to_5(round_):
    with pytest.raises(QuestionSettingsInvalid) as refused:
        services.criterion_add(round_=round_, by=officer(), title="Safe", weight=50, must_pass=True)
    assert refused.value.extra["field"] == "minimum_score"
    with pytest.raises(QuestionSettingsInvalid):
        services.criterion_add(
            round_=round_, by=officer(), title="Safe", weight=50, must_pass=True, minimum_score=6
        )
    criterion = services.criterion_add(
        round_=round_, by=officer(), title="Safe", weight=50, must_pass=True, minimum_score=3
    )
    assert criterion.minimum_score == 3
    services.criterion_update(criterion=criterion, by=officer(), must_pass=False)
    criterion.refresh_from_db()
    assert criterion.minimum_score is None


def test_a_weight_is_from_1_to_100(round_):
    for weight in (0, 101):
        with pytest.raises(QuestionSettingsInvalid):
            services.criterion_add(round_=round_, by=officer(), title="W", weight=weight)


def test_a_criterion_judges_only_questions_of_its_round(round_):
    other = round_with_questions(draft_round(title="Other round"))
    with pytest.raises(services.NotInRound):
        services.criterion_add(
            round_=round_, by=officer(), title="W", weight=10, questions=[other.questions.first()]
        )


# --- Ready to schedule -------------------------------------------------------------------


def test_a_round_with_questions_and_weights_of_100_is_ready():
    round_ = round_with_questions()
    services.round_questions_ready(round_)


def test_weights_must_add_up_to_100_before_scheduling():
    round_ = round_with_questions()
    criterion = round_.criteria.get(title="Value for money")
    services.criterion_update(criterion=criterion, by=officer(), weight=30)
    with pytest.raises(QuestionsNotReady) as refused:
        services.round_questions_ready(round_)
    assert "they add up to 90" in refused.value.message


def test_an_empty_round_lists_every_problem(round_, section):
    with pytest.raises(QuestionsNotReady) as refused:
        services.round_questions_ready(round_)
    problems = refused.value.extra["problems"]
    assert any("About you" in problem for problem in problems)
    assert any("assessment criterion" in problem for problem in problems)


def test_every_criterion_must_judge_a_question():
    round_ = round_with_questions()
    criterion = round_.criteria.get(title="Value for money")
    services.criterion_update(criterion=criterion, by=officer(), questions=[])
    with pytest.raises(QuestionsNotReady, match="Value for money"):
        services.round_questions_ready(round_)


# --- Who ----------------------------------------------------------------------------------


def test_a_finance_officer_cannot_build_questions(round_):
    with pytest.raises(BuilderRoleRequired):
        services.section_add(round_=round_, by=person(body(), Role.FINANCE_OFFICER), title="X")


def test_another_bodys_officer_cannot_build_questions(round_):
    with pytest.raises(BuilderRoleRequired):
        services.section_add(round_=round_, by=officer(body("dyfed-powys")), title="X")


# --- Freezing ------------------------------------------------------------------------------


@pytest.mark.parametrize("status", ROUND_FROZEN_STATUSES)
def test_services_refuse_changes_once_the_round_is_scheduled(status):
    round_ = set_status(round_with_questions(), status)
    question = round_.questions.first()
    with pytest.raises(QuestionsFrozen):
        services.question_update(question=question, by=officer(), type=question.type, text="New")
    with pytest.raises(QuestionsFrozen):
        services.section_add(round_=round_, by=officer(), title="New")
    with pytest.raises(QuestionsFrozen):
        services.criterion_update(criterion=round_.criteria.first(), by=officer(), weight=10)


def test_the_database_refuses_changes_to_a_scheduled_rounds_questions_and_criteria():
    round_ = set_status(round_with_questions(), RoundStatus.SCHEDULED)
    question = round_.questions.first()
    changes = [
        lambda: Question.objects.filter(pk=question.pk).update(text="Changed"),
        lambda: Question.objects.filter(pk=question.pk).update(required=False),
        lambda: Question.objects.filter(pk=question.pk).delete(),
        lambda: Section.objects.filter(round=round_).update(title="Changed"),
        lambda: Section.objects.create(round=round_, position=9, title="New"),
        lambda: Criterion.objects.filter(round=round_).update(weight=1),
        lambda: CriterionQuestion.objects.filter(round=round_).delete(),
        # Help text may change only with its version going up (the service does both).
        lambda: Question.objects.filter(pk=question.pk).update(help_text="Sneaky"),
    ]
    for change in changes:
        with pytest.raises(DatabaseError, match="cannot change"), transaction.atomic():
            change()


def test_a_round_back_in_draft_can_be_edited_again():
    round_ = set_status(round_with_questions(), RoundStatus.SCHEDULED)
    round_ = set_status(round_, RoundStatus.DRAFT)
    question = round_.questions.get(text="Name of the project")
    services.question_update(question=question, by=officer(), type=question.type, text="Title")
    assert Question.objects.get(pk=question.pk).text == "Title"


# --- Versioned help text -----------------------------------------------------------------


def test_help_text_corrections_after_scheduling_keep_the_old_version():
    round_ = round_with_questions()
    question = round_.questions.get(text="Describe the need")
    services.question_help_text_correct(question=question, by=officer(), help_text="Draft help")
    question.refresh_from_db()
    assert (question.help_text, question.help_version) == ("Draft help", 1)

    set_status(round_, RoundStatus.OPEN)
    with pytest.raises(QuestionSettingsInvalid):
        services.question_help_text_correct(question=question, by=officer(), help_text="Fixed")
    corrected = services.question_help_text_correct(
        question=question,
        by=officer(),
        help_text="Fixed help",
        help_text_cy="Cymorth",
        reason="A typing error",
    )
    assert corrected.pk == question.pk
    assert corrected.help_version == 2
    assert services.question_help_text_at(corrected, 1) == ("Draft help", "")
    assert services.question_help_text_at(corrected, 2) == ("Fixed help", "Cymorth")
    old = QuestionHelpText.objects.get(question=question)
    assert (old.version, old.reason) == (1, "A typing error")
    with pytest.raises(DatabaseError), transaction.atomic():
        QuestionHelpText.objects.filter(pk=old.pk).update(help_text="Rewritten")


# --- Copying -----------------------------------------------------------------------------


def test_copying_brings_sections_questions_and_criteria_with_what_they_judge():
    source = set_status(round_with_questions(), RoundStatus.DECIDED)
    target = draft_round(title="Next year")
    services.questions_copy(source=source, target=target)
    assert list(target.sections.values_list("title", flat=True)) == ["Eligibility", "Your service"]
    assert target.questions.count() == source.questions.count()
    assert not target.questions.filter(pk__in=source.questions.values("pk")).exists()
    quality = target.criteria.get(title="Quality of the service")
    assert (quality.weight, quality.must_pass, quality.minimum_score) == (60, True, 2)
    assert set(quality.questions.values_list("round_id", flat=True)) == {target.pk}
    assert sorted(quality.questions.values_list("text", flat=True)) == sorted(
        source.criteria.get(title="Quality of the service").questions.values_list("text", flat=True)
    )
    services.round_questions_ready(target)
