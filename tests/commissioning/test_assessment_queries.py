"""Assessment's pages run the same number of queries at 3 rows and at 300
(tests/harness/queries.py).

- The assessor's list: the person's memberships (role check), their organisations (to leave
  out their own organisations' bids), and the assignments with bid, organisation, lot,
  round and lead body joined in.
- A bid's assessment page, after completing (every other assessor's scores side by side):
  the assignment as above, the criteria, the person's own scores, the bid's answers and
  amounts, then the completed assignments with their assessors, their scores (one
  prefetch) and the moderation.
- The round's overview and its ranked list against the money: the round, the bids with
  their organisation, lot, moderation and counts, their assignments (one prefetch); the
  ranked list adds the criteria, the amounts and scores (prefetches) and the ledger's
  remaining money (one query).
"""

import datetime
import itertools

import pytest
from django.urls import reverse

from commissioning.assessment import services
from tests.commissioning.assessment_factories import (
    assessing_round,
    assessor,
    full_scores,
    officer,
    submitted_bid,
)
from tests.harness.queries import assert_flat_queries

pytestmark = pytest.mark.django_db
DUE = datetime.date(2030, 6, 1)


def _complete(round_, bid, person=None, values=(4, 3)):
    person = person or assessor(round_.lead_body)
    assignment = services.assessor_assign(
        bid=bid, assessor=person, due_on=DUE, by=officer(round_.lead_body)
    )
    services.assessor_declare(assignment=assignment, by=person, conflict=False)
    services.scores_save(
        assignment=assignment, by=person, scores=full_scores(round_, *values), complete=True
    )
    return assignment


def test_the_assessors_list_is_flat(client, signed_in, persona_users):
    signed_in("assessor_a")
    round_ = assessing_round()
    me = persona_users["assessor_a"]

    def make_rows(n):
        bids = [submitted_bid(round_) for _ in range(n)]
        services.assessors_assign(
            round=round_, assessors=[me], due_on=DUE, by=officer(round_.lead_body)
        )
        return bids

    assert_flat_queries(
        client,
        reverse("commissioning:assessment-list"),
        make_rows=make_rows,
        expect=lambda bids: [bid.reference for bid in bids],
    )


def test_a_bids_assessment_page_is_flat_in_its_assessors(client, signed_in, persona_users):
    signed_in("assessor_a")
    round_ = assessing_round()
    bid = submitted_bid(round_)
    mine = _complete(round_, bid, persona_users["assessor_a"])
    numbers = itertools.count(1)

    def make_rows(n):
        made = []
        for _ in range(n):
            person = assessor(round_.lead_body)
            person.full_name = f"Assessor number {next(numbers)}"
            person.save()
            made.append(_complete(round_, bid, person))
        return made

    assert_flat_queries(
        client,
        reverse("commissioning:assessment-score", args=[mine.pk]),
        make_rows=make_rows,
        expect=lambda rows: [row.assessor.full_name for row in rows],
    )


def _bids_with_assessments(round_):
    def make_rows(n):
        bids = [submitted_bid(round_) for _ in range(n)]
        person = assessor(round_.lead_body)
        services.assessors_assign(
            round=round_, assessors=[person], due_on=DUE, by=officer(round_.lead_body)
        )
        for assignment in person.assessment_assignments.all():
            services.assessor_declare(assignment=assignment, by=person, conflict=False)
            services.scores_save(
                assignment=assignment, by=person, scores=full_scores(round_, 4, 3), complete=True
            )
        return bids

    return make_rows


def test_the_rounds_assessment_overview_is_flat(client, signed_in):
    signed_in("commissioning_officer_a")
    round_ = assessing_round(assessments_per_bid=1)
    assert_flat_queries(
        client,
        reverse("commissioning:assessment-overview", args=[round_.pk]),
        make_rows=_bids_with_assessments(round_),
        expect=lambda bids: [bid.reference for bid in bids],
    )


def test_the_ranked_list_for_moderation_is_flat(client, signed_in):
    signed_in("commissioning_officer_a")
    round_ = assessing_round(assessments_per_bid=1)
    assert_flat_queries(
        client,
        reverse("commissioning:ranking", args=[round_.pk]),
        make_rows=_bids_with_assessments(round_),
        expect=lambda bids: [bid.reference for bid in bids],
    )
