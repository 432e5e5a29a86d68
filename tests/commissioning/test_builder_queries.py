"""The builder's pages run the same number of queries for a round of 3 questions and of 60
(tests/harness/queries.py).

The builder: the round (with its lead body), the person's memberships, the sections, their
questions (one prefetch), the criteria, the questions they judge (one prefetch, with their
sections), and the readiness check's fixed counts. The preview: the round, the sections and
their questions. No query per question or per criterion anywhere.
"""

import itertools

import pytest
from django.urls import reverse

from commissioning.questions import services
from commissioning.questions.models import QuestionType
from tests.commissioning.builder_factories import EVERY_TYPE, officer, round_with_questions
from tests.harness.queries import assert_flat_queries

pytestmark = pytest.mark.django_db

SMALL, LARGE = 3, 60


@pytest.fixture
def round_(signed_in):
    signed_in("commissioning_officer_a")
    return round_with_questions()


def _adder(round_, *, every_type=False):
    """make_rows(n): n more questions in a new section, judged by the first criterion."""
    section = services.section_add(round_=round_, by=officer(), title="More questions")
    kinds = itertools.cycle([s for s in EVERY_TYPE if not s.get("is_eligibility")])
    numbers = itertools.count(1)

    def make_rows(n):
        made = []
        for _ in range(n):
            number = next(numbers)
            settings = dict(next(kinds)) if every_type else {"type": QuestionType.SHORT_TEXT}
            settings["text"] = f"Question number {number}"
            made.append(services.question_add(section=section, by=officer(), **settings))
        criterion = round_.criteria.order_by("position").first()
        services.criterion_update(
            criterion=criterion,
            by=officer(),
            questions=[*criterion.questions.all(), *made],
        )
        return made

    return section, make_rows


def _texts(rows):
    return [question.text for question in rows]


def test_the_builder_is_flat(client, round_):
    _section, make_rows = _adder(round_)
    assert_flat_queries(
        client,
        reverse("commissioning:builder", args=[round_.pk]),
        make_rows=make_rows,
        expect=_texts,
        small=SMALL,
        large=LARGE,
    )


def test_the_preview_task_list_is_flat(client, round_):
    sections = itertools.count(1)

    def make_rows(n):
        return [
            services.section_add(round_=round_, by=officer(), title=f"Task {next(sections)}")
            for _ in range(n)
        ]

    assert_flat_queries(
        client,
        reverse("commissioning:preview", args=[round_.pk]),
        make_rows=make_rows,
        expect=lambda rows: [section.title for section in rows],
        small=SMALL,
        large=LARGE,
    )


def test_a_preview_section_of_every_type_is_flat(client, round_):
    section, make_rows = _adder(round_, every_type=True)
    assert_flat_queries(
        client,
        reverse("commissioning:preview-section", args=[round_.pk, section.pk]),
        make_rows=make_rows,
        expect=_texts,
        small=SMALL,
        large=LARGE,
    )


def test_the_criterion_form_listing_every_question_is_flat(client, round_):
    _section, make_rows = _adder(round_)
    assert_flat_queries(
        client,
        reverse("commissioning:criterion-add", args=[round_.pk]),
        make_rows=make_rows,
        expect=_texts,
        small=SMALL,
        large=LARGE,
    )
