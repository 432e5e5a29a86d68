"""The demo's rounds and the benchmark's seed and pages."""

import datetime
import random

import pytest
from django.test import Client

from commissioning import bench
from commissioning import demo_data as commissioning_demo
from commissioning.errors import NationalServiceRefused
from commissioning.models import Round, RoundStatus
from commissioning.questions.models import QuestionType
from commissioning.services import round_transition
from core import demo
from core.models import Role
from tests.harness.personas import PERSONAS, sign_in_persona
from tests.plans.factories import body, person

pytestmark = pytest.mark.django_db

ANCHOR = datetime.date(2026, 4, 1)


def test_the_demo_has_every_state_for_two_bodies_a_joint_round_and_lots_and_loads_once():
    demo.load(today=ANCHOR)
    for slug in ("avon-and-somerset", "thames-valley"):
        states = set(Round.objects.filter(lead_body__slug=slug).values_list("status", flat=True))
        assert states == set(RoundStatus.values), slug
    joint = Round.objects.get(partner_bodies__slug="wiltshire")
    assert joint.lots.count() == 2
    # The provider that asked a question follows it, and so does every organisation bidding.
    followers = set(joint.follows.values_list("organisation", flat=True))
    assert followers
    assert set(joint.bids.values_list("organisation", flat=True)) <= followers
    assert joint.clarifications.filter(answered_at__isnull=False).count() == 1
    assert joint.organisation_extensions.count() == 1
    national = Round.objects.get(
        lead_body__slug="avon-and-somerset", title__startswith="Homicide bereavement"
    )
    with pytest.raises(NationalServiceRefused):
        round_transition(
            round=national,
            to=RoundStatus.SCHEDULED,
            by=person(body(), Role.COMMISSIONING_OFFICER),
            now=national.opens_at - datetime.timedelta(days=1),
        )
    count = Round.objects.count()
    commissioning_demo.load(anchor=ANCHOR)
    assert Round.objects.count() == count


def test_the_bench_seed_covers_every_body_once():
    from commissioning.questions.models import Question
    from commissioning.questions.services import round_questions_problems

    added = bench.seed(scale=0.1, rng=random.Random(1))
    assert added == 43 * 4
    questions = Question.objects.count()
    assert bench.seed(scale=0.1, rng=random.Random(2)) == 0
    assert Question.objects.count() == questions
    # Each body's bench draft has a builder's worth of questions, ready to be scheduled.
    drafts = Round.objects.filter(
        created_by__email=bench.BENCH_USER, status=RoundStatus.DRAFT
    ).order_by("pk")
    assert drafts.count() == 43
    assert questions == 43 * 60
    draft = drafts.first()
    assert set(draft.questions.values_list("type", flat=True)) == set(QuestionType.values)
    assert round_questions_problems(draft) == []


def test_every_bench_page_answers(persona_users):
    bench.seed(scale=0.1, rng=random.Random(1))
    officer = persona_users["commissioning_officer_a"]
    pages = bench.pages()
    assert [name for name, path, persona in pages] == [
        "commissioning: public listing",
        "commissioning: a round's page",
        "commissioning: office list",
        "commissioning: question builder (60 questions)",
        "commissioning: bid form preview",
        "commissioning: a section's preview (budget table)",
        "commissioning: decisions (office list)",
        "commissioning: a body's public decisions",
    ]
    for name, path, persona in pages:
        client = Client()
        if persona != "anonymous":
            sign_in_persona(client, PERSONAS["commissioning_officer_a"], officer)
        response = client.get(path)
        assert response.status_code == 200, f"{name} {path}: {response.status_code}"


def test_the_demo_has_bids_in_every_state_and_leaves_one_round_for_bridgeway():
    from commissioning.bids.models import AnswerFlag, Bid, BidAnswer, BidStatus

    demo.load(today=ANCHOR)
    statuses = set(Bid.objects.values_list("status", flat=True))
    assert {BidStatus.DRAFT, BidStatus.SUBMITTED, BidStatus.WITHDRAWN} <= statuses
    assert BidStatus.UNDER_ASSESSMENT in statuses
    assert BidAnswer.objects.filter(flags__contains=[AnswerFlag.TOO_LONG]).exists()
    assert Bid.objects.filter(status=BidStatus.DRAFT, answers__isnull=True).exists()
    submitted = Bid.objects.exclude(reference="")
    assert all(bid.question_copies.exists() for bid in submitted)
    open_round = Round.objects.get(partner_bodies__slug="wiltshire")
    assert not open_round.bids.filter(organisation__name__startswith="Bridgeway").exists()
    count = Bid.objects.count()
    commissioning_demo.load(anchor=ANCHOR)
    assert Bid.objects.count() == count


def test_the_bench_seeds_submitted_bids_with_answers_on_closed_rounds_once(persona_users):
    from commissioning.bids.models import Bid, BidAnswer, BidStatus
    from tests.providers.factories import OrganisationFactory

    OrganisationFactory.create_batch(5)
    bench.seed(scale=0.1, rng=random.Random(1))
    bids = Bid.objects.all()
    # 43 closed bench rounds (one a body at this scale), each bid for by the 5 organisations.
    assert bids.count() == 43 * 5
    assert set(bids.values_list("status", flat=True)) == {BidStatus.SUBMITTED}
    assert not bids.filter(reference="").exists()
    assert BidAnswer.objects.count() == bids.count() * 3
    assert all(bid.round.phase == "closed" for bid in bids[:5])
    assert bench.seed(scale=0.1, rng=random.Random(2)) == 0
    officer = persona_users["commissioning_officer_a"]
    paths = {name: path for name, path, _persona in bench.pages()}
    client = sign_in_persona(Client(), PERSONAS["commissioning_officer_a"], officer)
    page = client.get(paths["commissioning: a closed round's bids"])
    assert page.status_code == 200
    assert "BENCH-" in page.content.decode()


def test_the_bench_seeds_a_rounds_assessments_and_moderations_once(persona_users):
    from commissioning.assessment.models import Assignment, AssignmentStatus, Moderation, Score
    from commissioning.assessment.selectors import ranking
    from tests.providers.factories import OrganisationFactory

    OrganisationFactory.create_batch(5)
    bench.seed(scale=0.1, rng=random.Random(1))
    assessed = bench._assessed_round()
    # The round's five bids, each assessed by two of the three bench assessors on the four
    # criteria, and one bid in three moderated.
    assert assessed.lead_body.slug == "avon-and-somerset"
    assignments = Assignment.objects.filter(round=assessed)
    assert assignments.count() == 10
    assert set(assignments.values_list("status", flat=True)) == {AssignmentStatus.COMPLETED}
    assert Score.objects.filter(assignment__round=assessed).count() == 10 * len(bench.CRITERIA)
    assert Moderation.objects.filter(round=assessed).count() == 2
    assert not Assignment.objects.exclude(round=assessed).exists()
    line = ranking(assessed)
    assert len(line.rows) == 5
    assert all(row.candidate.score is not None for row in line.rows)
    assert bench.seed(scale=0.1, rng=random.Random(2)) == 0

    paths = {name: path for name, path, _persona in bench.pages()}
    client = sign_in_persona(
        Client(), PERSONAS["commissioning_officer_a"], persona_users["commissioning_officer_a"]
    )
    for name in (
        "commissioning: a round's assessment overview",
        "commissioning: a round's ranked list",
    ):
        page = client.get(paths[name])
        assert page.status_code == 200, name
        assert "BENCH-" in page.content.decode()


def test_the_bench_tops_up_bids_on_rounds_an_earlier_run_left_without_any(monkeypatch):
    """Bids can run out before the rounds do: a later run reuses those rounds' section and
    adds only the bids still wanted."""
    from commissioning.bids.models import Bid
    from commissioning.questions.models import Section
    from tests.providers.factories import OrganisationFactory

    OrganisationFactory.create_batch(5)
    monkeypatch.setattr(bench, "BIDS", 1000)
    bench.seed(scale=0.1, rng=random.Random(1))
    assert Bid.objects.count() == 100
    bare = Round.objects.filter(
        created_by__email=bench.BENCH_USER, status__in=bench.BID_STATES, bids__isnull=True
    )
    left = bare.count()
    assert left
    sections = Section.objects.count()
    assert bench.seed(scale=0.1, rng=random.Random(2)) == 0
    monkeypatch.setattr(bench, "BIDS", 2000)
    bench.seed(scale=0.1, rng=random.Random(3))
    # Each round left bare gets a bid from each of the five organisations, and no section.
    assert Bid.objects.count() == 100 + 5 * left
    assert not bare.exists()
    assert Section.objects.count() == sections


def test_the_demo_loaded_early_on_its_anchor_day_records_nothing_in_the_future():
    """The demo also loads before 09:00: every step it records is clamped to now."""
    import time_machine
    from django.apps import apps

    early = datetime.datetime(2026, 4, 1, 7, 0, tzinfo=datetime.UTC)
    with time_machine.travel(early, tick=False):
        demo.load(today=ANCHOR)
    histories = [model for model in apps.get_models() if model.__name__.endswith("Transition")]
    assert {"RoundTransition", "BidTransition", "AwardTransition"} <= {
        m.__name__ for m in histories
    }
    for model in histories:
        assert not model.objects.filter(at__gt=early).exists(), model.__name__
