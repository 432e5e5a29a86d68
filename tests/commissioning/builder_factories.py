"""Rounds with questions and criteria for the builder's tests (issue 18).

`draft_round()` makes a bare draft round row; `round_with_questions()` gives it a section of
every type of question and criteria whose weights add up to 100, through the services.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from commissioning.models import Round
from commissioning.questions import services
from commissioning.questions.models import QuestionType
from core.financial_years import FinancialYear
from core.models import Role, ServiceCategory
from tests.plans.factories import body, person


def officer(body_=None):
    return person(body_ or body(), Role.COMMISSIONING_OFFICER)


def draft_round(*, lead_body=None, title="Victim services 2027", **fields) -> Round:
    lead_body = lead_body or body()
    opens = timezone.now() + datetime.timedelta(days=30)
    values = {
        "title": title,
        "summary": "Support for victims of crime.",
        "first_year": FinancialYear(2027),
        "last_year": FinancialYear(2028),
        "minimum_award": Decimal("10000.00"),
        "maximum_award": Decimal("50000.00"),
        "contact_email": "commissioning@example.org",
        "opens_at": opens,
        "closes_at": opens + datetime.timedelta(days=28),
        "created_by": officer(lead_body),
        **fields,
    }
    round_ = Round.objects.create(lead_body=lead_body, **values)
    category = ServiceCategory.objects.order_by("pk").first()
    if category is not None:
        round_.service_categories.add(category)
    return round_


def set_status(round_, status) -> Round:
    """Put the round in `status` directly (the transitions are another issue's to test)."""
    Round.objects.filter(pk=round_.pk).update(status=status)
    round_.refresh_from_db()
    return round_


EVERY_TYPE = [
    {"type": QuestionType.YES_NO, "text": "Are you based in the area?", "is_eligibility": True},
    {"type": QuestionType.SHORT_TEXT, "text": "Name of the project"},
    {"type": QuestionType.LONG_TEXT, "text": "Describe the need", "word_limit": 250},
    {"type": QuestionType.NUMBER, "text": "People supported each year", "minimum": Decimal(1)},
    {"type": QuestionType.MONEY, "text": "Total cost", "maximum": Decimal("100000")},
    {
        "type": QuestionType.SINGLE_CHOICE,
        "text": "Main way of working",
        "options": "Face to face\nBy telephone\nOnline",
    },
    {
        "type": QuestionType.MULTIPLE_CHOICE,
        "text": "Groups you support",
        "options": "Children\nOlder people\nDisabled people",
    },
    {"type": QuestionType.DATE, "text": "When can the service start?"},
    {"type": QuestionType.FILE, "text": "Safeguarding policy", "file_types": ["pdf", "docx"]},
    {"type": QuestionType.BUDGET_TABLE, "text": "Budget", "required": True},
]


def round_with_questions(round_=None, *, extra_questions=0) -> Round:
    """A draft round: an eligibility section, a section of every type of question, and two
    criteria (60 and 40) judging them."""
    round_ = round_ or draft_round()
    by = officer(round_.lead_body)
    eligibility = services.section_add(round_=round_, by=by, title="Eligibility")
    main = services.section_add(round_=round_, by=by, title="Your service")
    questions = []
    for settings in EVERY_TYPE:
        section = eligibility if settings.get("is_eligibility") else main
        questions.append(services.question_add(section=section, by=by, **settings))
    for number in range(extra_questions):
        questions.append(
            services.question_add(
                section=main, by=by, type=QuestionType.SHORT_TEXT, text=f"Extra question {number}"
            )
        )
    services.criterion_add(
        round_=round_,
        by=by,
        title="Quality of the service",
        weight=60,
        must_pass=True,
        minimum_score=2,
        questions=questions[1:4],
    )
    services.criterion_add(
        round_=round_, by=by, title="Value for money", weight=40, questions=questions[4:6]
    )
    return round_
