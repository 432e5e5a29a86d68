"""Demo rounds for the question builder (issue 18): Avon and Somerset's decided round of last
year, with its questions and weighted criteria, and this year's draft copied from it, ready
for the officer to edit, preview and schedule.

`load(*, anchor)` is idempotent (it looks for last year's round by title); the commissioning
demo calls it after its own rounds.
"""

import datetime
from decimal import Decimal

from django.db import transaction

from commissioning.models import Round, RoundStatus, RoundTransition
from commissioning.questions import services
from commissioning.questions.models import QuestionType
from core.financial_years import FinancialYear
from core.models import Membership, PolicingBody, Role, ServiceCategory

BODY = "avon-and-somerset"
LAST_YEAR_TITLE = "Victim support fund (last year)"
THIS_YEAR_TITLE = "Victim support fund"

SECTIONS = [
    (
        "Can you bid?",
        "Check that your organisation can bid before you start.",
        [
            {
                "type": QuestionType.YES_NO,
                "text": "Does your organisation work with victims in Avon and Somerset?",
                "is_eligibility": True,
            },
            {
                "type": QuestionType.YES_NO,
                "text": "Do you have a safeguarding policy reviewed in the last 12 months?",
                "is_eligibility": True,
            },
        ],
    ),
    (
        "Your service",
        "",
        [
            {"type": QuestionType.SHORT_TEXT, "text": "Name of the service"},
            {
                "type": QuestionType.LONG_TEXT,
                "text": "Describe the need your service meets",
                "help_text": "Use local evidence: who needs the service and why now.",
                "word_limit": 500,
            },
            {
                "type": QuestionType.LONG_TEXT,
                "text": "How will victims be involved in shaping the service?",
                "word_limit": 300,
            },
            {
                "type": QuestionType.MULTIPLE_CHOICE,
                "text": "Which groups will the service support?",
                "options": "Children and young people\nOlder people\nDisabled people\n"
                "People from minoritised communities\nLGBT+ people",
            },
            {
                "type": QuestionType.SINGLE_CHOICE,
                "text": "How will most support be given?",
                "options": "Face to face\nBy telephone\nOnline\nA mix of these",
            },
            {
                "type": QuestionType.NUMBER,
                "text": "How many victims will you support each year?",
                "minimum": Decimal(1),
            },
            {"type": QuestionType.DATE, "text": "When could the service start?"},
        ],
    ),
    (
        "Money",
        "",
        [
            {
                "type": QuestionType.MONEY,
                "text": "How much are you asking for in total?",
                "maximum": Decimal("150000"),
            },
            {"type": QuestionType.BUDGET_TABLE, "text": "Your budget"},
            {
                "type": QuestionType.FILE,
                "text": "Upload your latest annual accounts",
                "file_types": ["pdf", "xlsx", "ods"],
            },
        ],
    ),
]

CRITERIA = [
    ("Understanding of need", 30, None, ["Describe the need your service meets"]),
    (
        "Quality and safety of the service",
        40,
        2,
        [
            "How will victims be involved in shaping the service?",
            "How will most support be given?",
        ],
    ),
    (
        "Value for money",
        30,
        None,
        ["How much are you asking for in total?", "Your budget"],
    ),
]


def questions_add(round_, *, by) -> None:
    """The demo's sections, questions and weighted criteria (adding up to 100) on a draft
    round, so that it may be scheduled."""
    questions = {}
    for title, introduction, settings in SECTIONS:
        section = services.section_add(round_=round_, by=by, title=title, introduction=introduction)
        for values in settings:
            question = services.question_add(section=section, by=by, **values)
            questions[question.text] = question
    for title, weight, minimum, judged in CRITERIA:
        services.criterion_add(
            round_=round_,
            by=by,
            title=title,
            weight=weight,
            must_pass=minimum is not None,
            minimum_score=minimum,
            questions=[questions[text] for text in judged],
        )


def _officer(body):
    membership = (
        Membership.objects.filter(body=body, role=Role.COMMISSIONING_OFFICER)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def _moment(day, hour):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=datetime.UTC)


@transaction.atomic
def load(*, anchor):
    from commissioning.services import round_create
    from plans.selectors import priority_threads_for

    body = PolicingBody.objects.get(slug=BODY)
    officer = _officer(body)
    if officer is None or Round.objects.filter(lead_body=body, title=LAST_YEAR_TITLE).exists():
        return
    this_year = FinancialYear.containing(anchor)
    threads = [t for t in priority_threads_for(body=body) if t.retired_in_id is None][:1]
    last = round_create(
        body=body,
        by=officer,
        related={
            "priority_threads": threads,
            "service_categories": list(
                ServiceCategory.objects.filter(
                    slug__in=["advocacy", "counselling-and-therapy", "peer-support"]
                )
            ),
        },
        title=LAST_YEAR_TITLE,
        summary="Grants for services that help victims of crime cope and recover.",
        first_year=this_year,
        last_year=FinancialYear(this_year.start_year + 1),
        minimum_award=Decimal("10000.00"),
        maximum_award=Decimal("75000.00"),
        contact_email="commissioning@avon-and-somerset.demo.example",
        opens_at=_moment(anchor - datetime.timedelta(days=330), 9),
        closes_at=_moment(anchor - datetime.timedelta(days=280), 12),
    )
    questions_add(last, by=officer)
    # Last year's round ran its course before this demo began: its moves are recorded as
    # they happened (beat and the officer), not replayed through the clock.
    moves = [
        (RoundStatus.DRAFT, RoundStatus.SCHEDULED, 340),
        (RoundStatus.SCHEDULED, RoundStatus.OPEN, 330),
        (RoundStatus.OPEN, RoundStatus.CLOSED, 280),
        (RoundStatus.CLOSED, RoundStatus.ASSESSING, 279),
        (RoundStatus.ASSESSING, RoundStatus.DECIDED, 240),
    ]
    for from_status, to_status, days in moves:
        RoundTransition.objects.create(
            round=last,
            from_status=from_status,
            to_status=to_status,
            by=None if to_status in (RoundStatus.OPEN, RoundStatus.CLOSED) else officer,
            at=_moment(anchor - datetime.timedelta(days=days), 10),
        )
    created = _moment(anchor - datetime.timedelta(days=350), 10)
    last.transitions.filter(from_status="").update(at=created)
    Round.objects.filter(pk=last.pk).update(
        created_at=created,
        status=RoundStatus.DECIDED,
        scheduled_at=_moment(anchor - datetime.timedelta(days=340), 10),
    )
    last.refresh_from_db()
    services.round_copy(
        source=last,
        by=officer,
        body=body,
        title=THIS_YEAR_TITLE,
        opens_at=_moment(anchor + datetime.timedelta(days=21), 9),
        closes_at=_moment(anchor + datetime.timedelta(days=63), 12),
        first_year=FinancialYear(this_year.start_year + 1),
        last_year=FinancialYear(this_year.start_year + 2),
    )
