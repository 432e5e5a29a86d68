"""The builder's pages: building a round's questions without JavaScript, the preview that
saves nothing, help-text corrections after scheduling, and copying an earlier round."""

import datetime

import pytest
from django.urls import reverse

from commissioning.models import Round, RoundStatus
from commissioning.questions.models import Question, QuestionType, Section
from tests.commissioning.builder_factories import (
    draft_round,
    round_with_questions,
    set_status,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer_client(client, signed_in):
    signed_in("commissioning_officer_a")
    return client


def url(name, round_, **kwargs):
    return reverse(f"commissioning:{name}", kwargs={"pk": round_.pk, **kwargs})


def test_an_officer_adds_a_section_and_a_long_text_question_in_two_steps(officer_client):
    round_ = draft_round()
    response = officer_client.post(url("section-add", round_), {"title": "About the service"})
    assert response.status_code == 302
    section = Section.objects.get(round=round_)

    chooser = officer_client.get(url("question-add", round_, section_pk=section.pk))
    assert "What kind of answer does the question need?" in chooser.content.decode()
    settings = officer_client.get(
        url("question-add", round_, section_pk=section.pk), {"type": "long_text"}
    )
    assert 'name="word_limit"' in settings.content.decode()
    assert 'name="options"' not in settings.content.decode()

    missing = officer_client.post(
        url("question-add", round_, section_pk=section.pk) + "?type=long_text",
        {"text": "Describe the need", "required": "yes"},
    )
    assert "Enter the word limit" in missing.content.decode()
    officer_client.post(
        url("question-add", round_, section_pk=section.pk) + "?type=long_text",
        {"text": "Describe the need", "required": "yes", "word_limit": "300"},
    )
    question = Question.objects.get(round=round_)
    assert (question.type, question.word_limit, question.required) == ("long_text", 300, True)


def test_move_buttons_reorder_questions(officer_client):
    round_ = round_with_questions()
    section = round_.sections.get(title="Your service")
    first, second = section.questions.order_by("position")[:2]
    officer_client.post(url("question-move", round_, question_pk=second.pk), {"direction": "up"})
    assert list(section.questions.order_by("position")[:2]) == [second, first]
    page = officer_client.get(url("builder", round_)).content.decode()
    assert "Move up" in page
    assert "Move down" in page


def test_the_builder_shows_the_weights_and_what_is_missing(officer_client):
    round_ = round_with_questions()
    page = officer_client.get(url("builder", round_)).content.decode()
    assert "The weights add up to 100%" in page
    assert "ready for the round to be published" in page
    empty = officer_client.get(url("builder", draft_round(title="Empty"))).content.decode()
    assert "Add at least one section of questions." in empty


def test_a_criterion_form_checks_must_pass_and_weight(officer_client):
    round_ = round_with_questions()
    response = officer_client.post(
        url("criterion-add", round_),
        {"title": "Safeguarding", "weight": "120", "must_pass": "yes"},
    )
    page = response.content.decode()
    assert "Enter a weight from 1 to 100" in page
    assert "Choose the minimum score a bid must reach" in page


def test_the_preview_shows_the_task_list_with_eligibility_first(officer_client):
    round_ = round_with_questions()
    page = officer_client.get(url("preview", round_)).content.decode()
    assert "govuk-task-list" in page
    assert "Cannot start yet" in page
    assert "Nothing you enter here is saved" in page


def test_the_preview_checks_answers_and_saves_nothing(officer_client):
    round_ = round_with_questions()
    section = round_.sections.get(title="Your service")
    page_url = url("preview-section", round_, section_pk=section.pk)
    page = officer_client.get(page_url).content.decode()
    for question in section.questions.all():
        assert question.text in page
    # The browser's word count (govuk-frontend) gets the same limit the server checks.
    assert 'data-maxlength="250" data-count-type="words"' in page
    long_text = section.questions.get(type=QuestionType.LONG_TEXT)
    response = officer_client.post(page_url, {f"q{long_text.pk}": "word " * 251})
    body = response.content.decode()
    assert "Your answer must be 250 words or fewer" in body
    assert "There is a problem" in body
    assert Question.objects.filter(round=round_).count() == 10  # nothing new anywhere


def test_add_another_cost_line_keeps_what_was_typed(officer_client):
    round_ = round_with_questions()
    section = round_.sections.get(title="Your service")
    budget = section.questions.get(type=QuestionType.BUDGET_TABLE)
    response = officer_client.post(
        url("preview-section", round_, section_pk=section.pk),
        {
            f"q{budget.pk}_lines": "3",
            f"q{budget.pk}_0_description": "Caseworker",
            "add_line": str(budget.pk),
        },
    )
    page = response.content.decode()
    assert f'name="q{budget.pk}_3_description"' in page
    assert 'value="Caseworker"' in page
    assert "There is a problem" not in page


def test_a_scheduled_round_offers_only_help_text_corrections(officer_client):
    round_ = set_status(round_with_questions(), RoundStatus.SCHEDULED)
    question = round_.questions.get(text="Describe the need")
    page = officer_client.get(url("builder", round_)).content.decode()
    assert "frozen" in page
    assert "Move up" not in page
    response = officer_client.get(url("question-edit", round_, question_pk=question.pk))
    assert response.status_code == 302
    officer_client.post(
        url("question-help-text", round_, question_pk=question.pk),
        {"help_text": "Say who needs it.", "reason": "Clearer"},
    )
    question.refresh_from_db()
    assert (question.help_text, question.help_version) == ("Say who needs it.", 2)


def test_copying_an_earlier_round(officer_client):
    from tests.commissioning.factories import draft_round as complete_draft_round

    source = round_with_questions(
        complete_draft_round(title="Victim services 2026", questions=False)
    )
    opens = datetime.datetime.now(tz=datetime.UTC).date() + datetime.timedelta(days=40)
    closes = opens + datetime.timedelta(days=30)
    response = officer_client.post(
        reverse("commissioning:round-copy"),
        {
            "source": source.pk,
            "title": "Victim services 2027",
            "opens_at_day": opens.day,
            "opens_at_month": opens.month,
            "opens_at_year": opens.year,
            "opens_at_time": "9:00am",
            "closes_at_day": closes.day,
            "closes_at_month": closes.month,
            "closes_at_year": closes.year,
            "closes_at_time": "12:00pm",
            "first_year": "2028-29",
            "last_year": "2029-30",
        },
    )
    assert response.status_code == 302, response.content.decode()
    new = Round.objects.get(title="Victim services 2027")
    assert new.status == RoundStatus.DRAFT
    assert new.questions.count() == source.questions.count()
    assert new.criteria.count() == 2
    assert not new.budgets.exists()
    assert set(new.service_categories.all()) == set(source.service_categories.all())


# --- Removing asks first ------------------------------------------------------------------


def test_removing_a_section_asks_first_and_names_the_questions_that_go_with_it(officer_client):
    round_ = round_with_questions()
    section = round_.sections.get(title="Your service")
    builder = officer_client.get(url("builder", round_)).content.decode()
    remove_url = url("section-remove", round_, section_pk=section.pk)
    # A link to the question, not a button that removes at once.
    assert f'href="{remove_url}"' in builder
    assert f'action="{remove_url}"' not in builder

    page = officer_client.get(remove_url).content.decode()
    assert "Are you sure you want to remove the section “Your service”?" in page
    for question in section.questions.all():
        assert question.text in page
    assert Section.objects.filter(pk=section.pk).exists()  # the GET removed nothing

    response = officer_client.post(remove_url)
    assert response.status_code == 302
    assert response["Location"] == url("builder", round_)
    assert not Section.objects.filter(pk=section.pk).exists()
    assert not Question.objects.filter(section_id=section.pk).exists()
    assert list(round_.sections.values_list("position", flat=True)) == [1]


def test_removing_a_question_asks_first_and_names_the_criteria_that_judge_it(officer_client):
    round_ = round_with_questions()
    question = round_.questions.get(text="Describe the need")
    remove_url = url("question-remove", round_, question_pk=question.pk)
    assert f'href="{remove_url}"' in officer_client.get(url("builder", round_)).content.decode()

    page = officer_client.get(remove_url).content.decode()
    assert "Are you sure you want to remove this question?" in page
    assert "Describe the need" in page
    assert "Quality of the service" in page  # the criterion that judges it
    assert Question.objects.filter(pk=question.pk).exists()

    assert officer_client.post(remove_url).status_code == 302
    assert not Question.objects.filter(pk=question.pk).exists()


def test_removing_a_criterion_asks_first_and_says_the_weights_must_still_add_up(
    officer_client,
):
    round_ = round_with_questions()
    criterion = round_.criteria.get(title="Value for money")
    remove_url = url("criterion-remove", round_, criterion_pk=criterion.pk)
    assert f'href="{remove_url}"' in officer_client.get(url("builder", round_)).content.decode()

    page = officer_client.get(remove_url).content.decode()
    assert "Are you sure you want to remove the criterion “Value for money”?" in page
    assert "Its weight is 40%" in page
    assert round_.criteria.filter(pk=criterion.pk).exists()

    assert officer_client.post(remove_url).status_code == 302
    assert list(round_.criteria.values_list("title", flat=True)) == ["Quality of the service"]


def test_a_scheduled_rounds_questions_have_no_remove_page(officer_client):
    round_ = set_status(round_with_questions(), RoundStatus.SCHEDULED)
    question = round_.questions.get(text="Describe the need")
    remove_url = url("question-remove", round_, question_pk=question.pk)
    assert remove_url not in officer_client.get(url("builder", round_)).content.decode()
    for method in (officer_client.get, officer_client.post):
        response = method(remove_url)
        assert response.status_code == 302
        assert response["Location"] == url("builder", round_)
    assert Question.objects.filter(pk=question.pk).exists()
