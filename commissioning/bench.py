"""Rounds and bids at national scale for the benchmark (`manage.py seed_scale`; `make bench`).

`seed(scale=..., rng=...)` gives every body `scale` x 40 rounds (bulk, idempotent: a body's
bench rounds already there are left alone): a mix of states, a third of them listed
publicly, each with service categories and a partner for some. Each draft gets the size of
round an office builds: 6 sections of 10 questions of every type and 4 weighted criteria.
Then `scale` x 50,000 bids with their answers and amounts across the closed, assessed and
decided bench rounds (`seed_bids`, bulk and COPY). `pages()` names the public listing, a
round's page, an officer's list, a draft's question builder, preview and its largest
section's preview, a closed round's bids, and the office's and public's decisions, as
(name, path, persona).
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from commissioning.models import Round, RoundStatus
from commissioning.questions.models import (
    Criterion,
    CriterionQuestion,
    Question,
    QuestionType,
    Section,
)
from commissioning.questions.services import default_descriptors
from core.audit import system_actor
from core.benchmark import BENCH_BODY
from core.financial_years import FinancialYear
from core.models import PolicingBody, ServiceCategory, User

PER_BODY = 40
BATCH = 2000
BENCH_USER = "bench-rounds@bench.invalid"
STATES = [
    RoundStatus.DRAFT,
    RoundStatus.SCHEDULED,
    RoundStatus.SCHEDULED,
    RoundStatus.CLOSED,
    RoundStatus.ASSESSING,
    RoundStatus.DECIDED,
]
SECTIONS = 6
QUESTIONS_PER_SECTION = 10
# Every kind of answer, in turn; the first two questions are eligibility questions and the
# last section ends with the budget table.
QUESTION_KINDS = [
    {"type": QuestionType.SHORT_TEXT},
    {"type": QuestionType.LONG_TEXT, "word_limit": 500},
    {"type": QuestionType.NUMBER, "minimum": Decimal(0), "maximum": Decimal(10_000)},
    {"type": QuestionType.MONEY, "minimum": Decimal(0)},
    {"type": QuestionType.YES_NO},
    {"type": QuestionType.SINGLE_CHOICE, "options": "Yes, fully\nIn part\nNot yet"},
    {
        "type": QuestionType.MULTIPLE_CHOICE,
        "options": "Children and young people\nOlder people\nDisabled people\nMen\nWomen",
    },
    {"type": QuestionType.DATE},
    {"type": QuestionType.FILE, "file_types": ["pdf", "docx"]},
]
CRITERIA = [("Quality of the service", 40), ("Outcomes", 30), ("Partnership", 20), ("Cost", 10)]


# Deferred on purpose (a swap of two positions passes through a duplicate); the seed never
# swaps, so it checks them row by row (checks_immediately).
POSITION_CONSTRAINTS = (
    "commissioning_section_position_unique",
    "commissioning_question_position_unique",
    "commissioning_criterion_position_unique",
)


def checks_immediately() -> None:
    """Check the deferred position constraints row by row for the rest of the seed's
    transaction.

    Left deferred, every section, question and criterion the seed inserts queues a check
    until COMMIT (about 23,500 at scale 1), and every audited row after them (each bid's
    insert and its submission, pghistory's triggers) walks that queue: the seed at scale 1
    (1,720 rounds, 50,000 bids) took 96 s so, 22 s checked immediately
    (core.db.constraints_check_immediately: the same, for foreign keys).
    """
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SET CONSTRAINTS {', '.join(POSITION_CONSTRAINTS)} IMMEDIATE")


def seed(*, scale=1, rng):
    """Bench rounds for every body; returns how many were added."""
    checks_immediately()
    per_body = max(1, int(PER_BODY * scale))
    by, _ = User.objects.get_or_create(email=BENCH_USER, defaults={"full_name": "Bench"})
    bodies = list(PolicingBody.objects.order_by("pk"))
    categories = list(ServiceCategory.objects.filter(is_national=False))
    done = set(
        Round.objects.filter(created_by=by).values_list("lead_body_id", flat=True).distinct()
    )
    now = timezone.now()
    rounds = []
    for body in bodies:
        if body.pk in done:
            continue
        for number in range(per_body):
            status = STATES[number % len(STATES)]
            listed = status == RoundStatus.SCHEDULED
            opens = now + datetime.timedelta(days=rng.randrange(-20, 20) if listed else -300)
            closes = opens + datetime.timedelta(days=rng.randrange(25, 60) if listed else 30)
            if listed and closes <= now:
                closes = now + datetime.timedelta(days=rng.randrange(1, 30))
            rounds.append(
                Round(
                    lead_body=body,
                    title=f"{body.police_area} round {number + 1}",
                    summary="Services for victims and safer communities.",
                    first_year=FinancialYear(2026),
                    last_year=FinancialYear(2027),
                    minimum_award=Decimal(rng.randrange(1_000, 20_000)),
                    maximum_award=Decimal(rng.randrange(20_000, 200_000)),
                    contact_email="rounds@bench.invalid",
                    opens_at=opens,
                    closes_at=closes,
                    status=status,
                    created_by=by,
                )
            )
    with system_actor("bench_seed"), transaction.atomic():
        made = Round.objects.bulk_create(rounds, batch_size=BATCH)
        through = Round.service_categories.through
        through.objects.bulk_create(
            [
                through(round_id=r.pk, servicecategory_id=c.pk)
                for r in made
                for c in rng.sample(categories, 2)
            ],
            batch_size=BATCH,
        )
        partners = Round.partner_bodies.through
        partners.objects.bulk_create(
            [
                partners(
                    round_id=r.pk,
                    policingbody_id=rng.choice([b for b in bodies if b.pk != r.lead_body_id]).pk,
                )
                for r in made[::5]
            ],
            batch_size=BATCH,
            ignore_conflicts=True,
        )
        _seed_questions(by)
    return len(made) + seed_bids(scale=scale, rng=rng) + seed_assessment(rng=rng)


def _question(number: int, section: int) -> dict:
    if section == 0 and number < 2:
        return {"type": QuestionType.YES_NO, "is_eligibility": True}
    if section == SECTIONS - 1 and number == QUESTIONS_PER_SECTION - 1:
        return {"type": QuestionType.BUDGET_TABLE}
    return QUESTION_KINDS[(section * QUESTIONS_PER_SECTION + number) % len(QUESTION_KINDS)]


def _seed_questions(by) -> None:
    """Questions and criteria for the bench drafts that have none (a scheduled round's are
    frozen by the database, and the builder is where drafts are worked on)."""
    drafts = list(
        Round.objects.filter(created_by=by, status=RoundStatus.DRAFT, sections__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not drafts:
        return
    sections = Section.objects.bulk_create(
        [
            Section(round_id=round_id, position=position + 1, title=f"Section {position + 1}")
            for round_id in drafts
            for position in range(SECTIONS)
        ],
        batch_size=BATCH,
    )
    questions = Question.objects.bulk_create(
        [
            Question(
                round_id=section.round_id,
                section_id=section.pk,
                position=number + 1,
                text=f"Question {section.position}.{number + 1}",
                help_text="Tell us what you would tell a victim who asked.",
                **_question(number, section.position - 1),
            )
            for section in sections
            for number in range(QUESTIONS_PER_SECTION)
        ],
        batch_size=BATCH,
    )
    descriptors = default_descriptors()
    criteria = Criterion.objects.bulk_create(
        [
            Criterion(
                round_id=round_id,
                position=position + 1,
                title=title,
                weight=weight,
                guidance="Look for local evidence.",
                **descriptors,
            )
            for round_id in drafts
            for position, (title, weight) in enumerate(CRITERIA)
        ],
        batch_size=BATCH,
    )
    # Each criterion judges the questions of one section after the eligibility section.
    by_section = {}
    for question in questions:
        by_section.setdefault((question.round_id, question.section_id), []).append(question)
    section_ids = {}
    for section in sections:
        section_ids.setdefault(section.round_id, []).append(section.pk)
    CriterionQuestion.objects.bulk_create(
        [
            CriterionQuestion(round_id=criterion.round_id, criterion=criterion, question=question)
            for criterion in criteria
            for question in by_section[
                (criterion.round_id, section_ids[criterion.round_id][criterion.position])
            ]
        ],
        batch_size=BATCH,
    )


# --- Bids (issue 19) ----------------------------------------------------------------------------

BIDS = 50_000
BID_STATES = [RoundStatus.CLOSED, RoundStatus.ASSESSING, RoundStatus.DECIDED]
BENCH_QUESTIONS = [
    ("short_text", "Name of the service", None),
    ("long_text", "Describe the need your service meets", 500),
    ("money", "How much are you asking for in total?", None),
]
NEEDS = [
    "Victims of domestic abuse in rural areas wait weeks for an advocate.",
    "Young people drawn into county lines need a trusted adult outside school.",
    "Older victims of fraud rarely report it and lose confidence to go out.",
    "Survivors of sexual violence need counselling without a long waiting list.",
]


def _bench_questions(rounds) -> dict[int, list]:
    """A section of three questions on each round, added while the rounds are drafts for a
    moment (the builder's triggers freeze a published round's questions)."""
    from commissioning.questions.models import Question, Section

    by_round: dict[int, list] = {}
    # A round left without bids by an earlier run (the bids ran out first) has its section.
    kept = Question.objects.filter(round__in=rounds).order_by("round_id", "position")
    for question in kept:
        by_round.setdefault(question.round_id, []).append(question)
    statuses = {r.pk: r.status for r in rounds if r.pk not in by_round}
    if not statuses:
        return by_round
    Round.objects.filter(pk__in=statuses).update(status=RoundStatus.DRAFT)
    sections = Section.objects.bulk_create(
        [Section(round_id=pk, position=1, title="Your service") for pk in statuses],
        batch_size=BATCH,
    )
    questions = Question.objects.bulk_create(
        [
            Question(
                round_id=section.round_id,
                section=section,
                position=position,
                type=kind,
                text=text,
                word_limit=limit,
            )
            for section in sections
            for position, (kind, text, limit) in enumerate(BENCH_QUESTIONS, start=1)
        ],
        batch_size=BATCH,
    )
    for status in set(statuses.values()):
        Round.objects.filter(pk__in=[pk for pk, s in statuses.items() if s == status]).update(
            status=status
        )
    for question in questions:
        by_round.setdefault(question.round_id, []).append(question)
    return by_round


def _copy(table, columns, rows) -> None:
    from django.db import connection

    with (
        connection.cursor() as cursor,
        cursor.copy(
            f"COPY {table} ({', '.join(columns)}) FROM STDIN"  # names from our code only
        ) as copy,
    ):
        for row in rows:
            copy.write_row(row)


def seed_bids(*, scale=1, rng) -> int:
    """Submitted bids (answers, amounts, then the submission, so the freezing triggers see a
    draft while its answers go in) on the bench rounds that have none yet, up to
    `BIDS * scale` in all."""
    import json

    from django.db import connection

    from commissioning.bids.models import Bid
    from providers.models import Organisation

    by = User.objects.get(email=BENCH_USER)
    rounds = list(
        Round.objects.filter(created_by=by, status__in=BID_STATES, bids__isnull=True)
        .order_by("pk")
        .distinct()
    )
    organisations = list(Organisation.objects.order_by("pk").values_list("pk", flat=True)[:400])
    # Topping up: only what earlier runs did not add.
    wanted = int(BIDS * scale) - Bid.objects.filter(round__created_by=by).count()
    if wanted <= 0 or not rounds or not organisations or not wanted:
        return 0
    per_round = max(1, min(len(organisations), -(-wanted // len(rounds))))
    questions = _bench_questions(rounds)
    bids = []
    for round_ in rounds:
        for organisation in rng.sample(organisations, per_round):
            bids.append(Bid(round=round_, organisation_id=organisation, started_by=by))
            if len(bids) >= wanted:
                break
        if len(bids) >= wanted:
            break
    made = Bid.objects.bulk_create(bids, batch_size=BATCH)
    now = timezone.now()
    _copy(
        "commissioning_bidanswer",
        ["bid_id", "question_id", "value", "flags", "problems", "help_version", "updated_at"],
        (
            (
                bid.pk,
                question.pk,
                json.dumps({"typed": {}, "clean": _bench_answer(question, rng)}),
                "{}",
                "[]",
                1,
                now,
            )
            for bid in made
            for question in questions[bid.round_id]
        ),
    )
    years = {r.pk: FinancialYear.range(r.first_year, r.last_year) for r in rounds}
    _copy(
        "commissioning_bidamount",
        ["bid_id", "year", "amount"],
        (
            (bid.pk, year.start_year, Decimal(rng.randrange(5_000, 150_000)))
            for bid in made
            for year in years[bid.round_id]
        ),
    )
    with connection.cursor() as cursor:
        # One statement submits them all, a day before each round's close, each with its
        # own reference.
        cursor.execute(
            """
            UPDATE commissioning_bid AS bid
            SET status = 'submitted',
                reference = 'BENCH-' || lpad(bid.id::text, 7, '0'),
                submitted_at = round.closes_at - interval '1 day',
                submitted_by_id = bid.started_by_id
            FROM commissioning_round AS round
            WHERE round.id = bid.round_id AND bid.status = 'draft' AND bid.round_id = ANY(%s)
            """,
            [[round_.pk for round_ in rounds]],
        )
    return len(made)


# --- Assessment (issue 20) ---------------------------------------------------------------

ASSESSORS = 3  # per body; each bid is assessed by two of them
MODERATED_EVERY = 3  # one bid in three has a settled moderation


def _assessed_round():
    """The round the assessment pages are measured on: the bench body's first closed round
    or round in assessment that has bids."""
    return (
        Round.objects.filter(
            lead_body__slug=BENCH_BODY,
            created_by__email=BENCH_USER,
            status__in=[RoundStatus.CLOSED, RoundStatus.ASSESSING],
            bids__isnull=False,
        )
        .order_by("pk")
        .distinct()
        .first()
    )


def seed_assessment(*, rng) -> int:
    """Criteria, two completed assessments of every bid (declarations and scores) and a
    moderation of one bid in three, on the assessed round; nothing if it has assignments.
    Returns how many assignments were added."""
    from commissioning.assessment.models import (
        Assignment,
        AssignmentStatus,
        Declaration,
        DeclarationRole,
        Moderation,
        Recommendation,
        Score,
    )
    from commissioning.assessment.scoring import CriterionRule, for_display, weighted_score
    from commissioning.bids.models import Bid
    from core.bench import persona_user
    from core.models import Membership, Role

    round_ = _assessed_round()
    if round_ is None or Assignment.objects.filter(round=round_).exists():
        return 0
    body = round_.lead_body
    officer = persona_user(Role.COMMISSIONING_OFFICER.value)
    assessors = [persona_user(Role.ASSESSOR.value)]
    for number in range(2, ASSESSORS + 1):
        user, _ = User.objects.get_or_create(
            email=f"bench-assessor-{number}@bench.invalid",
            defaults={"full_name": f"Bench assessor {number}"},
        )
        Membership.objects.get_or_create(user=user, body=body, role=Role.ASSESSOR)
        assessors.append(user)
    # Criteria go in while the round is a draft for a moment (the builder's triggers freeze
    # a published round's criteria), as the bench questions do.
    status = round_.status
    Round.objects.filter(pk=round_.pk).update(status=RoundStatus.DRAFT)
    criteria = list(round_.criteria.order_by("position"))
    if not criteria:
        descriptors = default_descriptors()
        criteria = Criterion.objects.bulk_create(
            [
                Criterion(
                    round=round_,
                    position=position,
                    title=title,
                    weight=weight,
                    guidance="Look for local evidence.",
                    **descriptors,
                )
                for position, (title, weight) in enumerate(CRITERIA, start=1)
            ]
        )
    Round.objects.filter(pk=round_.pk).update(status=status)
    rules = [CriterionRule(id=c.pk, weight=c.weight) for c in criteria]
    bids = list(Bid.objects.filter(round=round_).submitted().order_by("pk"))
    now = timezone.now()
    due = timezone.localdate() + datetime.timedelta(days=14)
    assignments, declarations = [], []
    for index, bid in enumerate(bids):
        for offset in range(2):
            assessor = assessors[(index + offset) % len(assessors)]
            assignments.append(
                Assignment(
                    round=round_,
                    bid=bid,
                    assessor=assessor,
                    due_on=due,
                    status=AssignmentStatus.DECLARED,
                    assigned_by=officer,
                    assigned_at=now,
                    declared_at=now,
                )
            )
            declarations.append(
                Declaration(
                    round=round_,
                    bid=bid,
                    person=assessor,
                    role=DeclarationRole.ASSESSOR,
                    conflict=False,
                    declared_at=now,
                )
            )
    assignments = Assignment.objects.bulk_create(assignments, batch_size=BATCH)
    Declaration.objects.bulk_create(declarations, batch_size=BATCH)
    given: dict[int, dict[int, list[int]]] = {}
    scores = []
    for assignment in assignments:
        for criterion in criteria:
            value = rng.randint(1, 5)
            given.setdefault(assignment.bid_id, {}).setdefault(criterion.pk, []).append(value)
            scores.append(
                Score(
                    assignment=assignment,
                    criterion=criterion,
                    score=value,
                    comment="Clear evidence of local need.",
                    updated_at=now,
                )
            )
    # Scores first, then completion: a completed assessment's scores are frozen.
    Score.objects.bulk_create(scores, batch_size=BATCH)
    Assignment.objects.filter(pk__in=[a.pk for a in assignments]).update(
        status=AssignmentStatus.COMPLETED, completed_at=now
    )
    moderations = []
    for bid in bids[::MODERATED_EVERY]:
        weighted = weighted_score(rules, given[bid.pk])
        moderations.append(
            Moderation(
                round=round_,
                bid=bid,
                moderator=officer,
                weighted_score=weighted,
                final_score=for_display(weighted),
                recommendation=rng.choice(list(Recommendation)),
                reasons="The assessors agree.",
                feedback="A clear bid with local evidence.",
                settled_at=now,
            )
        )
    Declaration.objects.bulk_create(
        [
            Declaration(
                round=round_,
                bid=moderation.bid,
                person=officer,
                role=DeclarationRole.MODERATOR,
                conflict=False,
                declared_at=now,
            )
            for moderation in moderations
        ],
        batch_size=BATCH,
    )
    Moderation.objects.bulk_create(moderations, batch_size=BATCH)
    return len(assignments)


def _bench_answer(question, rng):
    if question.type == "money":
        return str(rng.randrange(10_000, 300_000))
    if question.type == "long_text":
        return rng.choice(NEEDS)
    return f"Service {rng.randrange(1, 10_000)}"


def pages():
    """(name, path, persona): the public listing, a round's page, an officer's list, and a
    draft's builder, preview and the preview of its largest section (the budget table's)."""
    listed = (
        Round.objects.listed_at(timezone.now())
        .filter(lead_body__slug="avon-and-somerset")
        .order_by("pk")
        .first()
    )
    found = [
        ("commissioning: public listing", "/rounds/", "anonymous"),
        ("commissioning: office list", "/commissioning/rounds/", "commissioning_officer"),
    ]
    if listed is not None:
        found.insert(1, ("commissioning: a round's page", f"/rounds/{listed.pk}/", "anonymous"))
    draft = (
        Round.objects.filter(
            lead_body__slug=BENCH_BODY,
            created_by__email=BENCH_USER,
            status=RoundStatus.DRAFT,
            sections__isnull=False,
        )
        .order_by("pk")
        .first()
    )
    closed = (
        Round.objects.filter(
            lead_body__slug="avon-and-somerset", status__in=BID_STATES, bids__isnull=False
        )
        .order_by("pk")
        .first()
    )
    if draft is not None:
        section = draft.sections.order_by("-position").first()
        officer = "commissioning_officer"
        found += [
            (
                "commissioning: question builder (60 questions)",
                reverse("commissioning:builder", args=[draft.pk]),
                officer,
            ),
            (
                "commissioning: bid form preview",
                reverse("commissioning:preview", args=[draft.pk]),
                officer,
            ),
            (
                "commissioning: a section's preview (budget table)",
                reverse("commissioning:preview-section", args=[draft.pk, section.pk]),
                officer,
            ),
        ]
    # Decisions (issue 22): the office's list and the body's public decisions page.
    found += [
        (
            "commissioning: decisions (office list)",
            "/commissioning/decisions/",
            "commissioning_officer",
        ),
        (
            "commissioning: a body's public decisions",
            reverse("commissioning:public-decisions", args=[BENCH_BODY]),
            "anonymous",
        ),
    ]
    if closed is not None:
        found.append(
            (
                "commissioning: a closed round's bids",
                f"/commissioning/rounds/{closed.pk}/bids/",
                "commissioning_officer",
            )
        )
    assessed = _assessed_round()
    if assessed is not None:
        found += [
            (
                "commissioning: a round's assessment overview",
                reverse("commissioning:assessment-overview", args=[assessed.pk]),
                "commissioning_officer",
            ),
            (
                "commissioning: a round's ranked list",
                reverse("commissioning:ranking", args=[assessed.pk]),
                "commissioning_officer",
            ),
        ]
    return found
