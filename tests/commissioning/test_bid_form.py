"""The bid form built from a section's questions: each type's field and its checks, the
budget table's lines, and the word limit counted by the shared function."""

import datetime
from decimal import Decimal

from commissioning.questions.forms import bid_section_form
from commissioning.questions.models import Question, QuestionType, Section
from core.financial_years import FinancialYear
from tests.core.factories import docx_bytes, pdf_bytes, uploaded

YEARS = [FinancialYear(2027), FinancialYear(2028)]
SECTION = Section(pk=1, title="Your service", position=1)


def question(pk, kind, **settings):
    return Question(pk=pk, type=kind, text=f"Question {pk}", required=True, **settings)


def form(questions, data, files=None):
    return bid_section_form(data, files, section=SECTION, questions=questions, years=YEARS)


def errors(questions, data, files=None):
    bound = form(questions, data, files)
    bound.is_valid()
    return bound.errors


def test_a_long_answer_is_refused_above_its_word_limit_and_welcome_at_it():
    limit = [question(1, QuestionType.LONG_TEXT, word_limit=5)]
    assert "q1" in errors(limit, {"q1": "one two three four five six"})
    assert not errors(limit, {"q1": "one  two\nthree\tfour five"})


def test_a_number_keeps_within_its_range_and_is_whole():
    number = [question(1, QuestionType.NUMBER, minimum=Decimal(1), maximum=Decimal(10))]
    assert "q1" in errors(number, {"q1": "0"})
    assert "q1" in errors(number, {"q1": "11"})
    assert "q1" in errors(number, {"q1": "2.5"})
    assert form(number, {"q1": "7"}).is_valid()


def test_money_takes_pounds_and_pence_within_its_maximum():
    money = [question(1, QuestionType.MONEY, maximum=Decimal("1000"))]
    assert "q1" in errors(money, {"q1": "£1,000.01"})
    bound = form(money, {"q1": "£999.50"})
    assert bound.is_valid()
    assert bound.cleaned_data["q1"] == Decimal("999.50")


def test_choices_accept_only_their_options():
    single = [question(1, QuestionType.SINGLE_CHOICE, options="Red\nBlue")]
    assert "q1" in errors(single, {"q1": "Green"})
    assert form(single, {"q1": "Blue"}).is_valid()
    multiple = [question(1, QuestionType.MULTIPLE_CHOICE, options="Red\nBlue\nGreen")]
    bound = form(multiple, {"q1": ["Red", "Green"]})
    assert bound.is_valid()
    assert bound.cleaned_data["q1"] == ["Red", "Green"]


def test_yes_no_and_date():
    questions = [question(1, QuestionType.YES_NO), question(2, QuestionType.DATE)]
    assert set(errors(questions, {})) == {"q1", "q2"}
    bound = form(questions, {"q1": "yes", "q2_day": "1", "q2_month": "4", "q2_year": "2027"})
    assert bound.is_valid(), bound.errors
    assert bound.cleaned_data["q2"] == datetime.date(2027, 4, 1)


def test_an_optional_question_may_be_left_empty():
    optional = [question(1, QuestionType.SHORT_TEXT)]
    optional[0].required = False
    assert form(optional, {}).is_valid()


def test_a_file_must_be_one_of_the_types_the_question_takes():
    upload = [question(1, QuestionType.FILE, file_types=["pdf"])]
    refused = errors(upload, {}, {"q1": uploaded("policy.docx", docx_bytes())})
    assert "q1" in refused
    assert "PDF" in str(refused["q1"])
    assert form(upload, {}, {"q1": uploaded("policy.pdf", pdf_bytes())}).is_valid()
    bound = form(upload, {})
    assert bound.fields["q1"].widget.attrs["accept"] == ".pdf"


def test_a_budget_table_has_a_line_for_each_cost_with_an_amount_per_year():
    budget = [question(1, QuestionType.BUDGET_TABLE)]
    assert errors(budget, {})  # required: at least one line
    incomplete = errors(budget, {"q1_0_description": "Caseworker", "q1_0_2027": "100"})
    assert "q1_0_category" in incomplete
    no_amount = errors(budget, {"q1_0_category": "staff", "q1_0_description": "Caseworker"})
    assert "q1_0_2027" in no_amount
    bound = form(
        budget,
        {
            "q1_lines": "3",
            "q1_0_category": "staff",
            "q1_0_description": "Caseworker",
            "q1_0_2027": "£30,000",
            "q1_0_2028": "31000",
            "q1_2_category": "travel",
            "q1_2_description": "Mileage",
            "q1_2_2028": "500",
        },
    )
    assert bound.is_valid(), bound.errors
    assert bound.cleaned_data["q1"] == [
        {
            "category": "staff",
            "description": "Caseworker",
            "amounts": {"2027-28": Decimal("30000"), "2028-29": Decimal("31000")},
        },
        {
            "category": "travel",
            "description": "Mileage",
            "amounts": {"2027-28": None, "2028-29": Decimal("500")},
        },
    ]


def test_add_another_line_shows_one_more_line_without_checking():
    budget = [question(1, QuestionType.BUDGET_TABLE)]
    bound = form(budget, {"q1_lines": "3", "add_line": "1"})
    assert bound.adding_a_line()
    assert "q1_3_description" in bound.fields
    assert not bound.errors


def test_welsh_options_are_shown_in_welsh_but_answered_in_english():
    choice = [question(1, QuestionType.SINGLE_CHOICE, options="Yes please\nNo thanks")]
    choice[0].options_cy = "Ie os gwelwch yn dda\nDim diolch"
    bound = bid_section_form(
        {"q1": "No thanks"}, section=SECTION, questions=choice, years=YEARS, language="cy"
    )
    assert bound.fields["q1"].choices[1] == ("No thanks", "Dim diolch")
    assert bound.is_valid()
