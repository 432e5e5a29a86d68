"""The returns lists run the same number of queries at 3 returns and at 300
(tests/harness/queries.py).

- The provider's returns (grants:returns-mine), for organisation X's administrator: the
  session and user, the memberships (navigation); the count; the page of returns with their
  award, organisation and body, in one.
- The office's review list (grants:returns), for a commissioning officer: the session, the
  user, the OTP device, the memberships; the two tabs' counts and the list's in one (a tab's
  first pages reuse its count); the page of returns with their award and organisation, in
  one.
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from grants.models import AwardStatus
from grants.returns.bench import returns_bulk
from grants.returns.models import ReturnStatus
from tests.commissioning.decision_factories import deciding_round
from tests.grants.test_queries import awards_for, client_as
from tests.harness.queries import assert_flat_queries
from tests.providers.factories import persona_organisation

pytestmark = pytest.mark.django_db
IN_FORCE = (AwardStatus.ACCEPTED,)


def with_returns(awards, status):
    by = get_user_model().objects.filter(is_active=True).first()
    returns_bulk(awards=awards, per_award=1, by=by, statuses=(status,))
    return awards


def test_the_providers_returns_run_the_same_queries_at_3_and_300():
    client = client_as("provider_admin_x")
    organisation = persona_organisation("x")
    round_ = deciding_round()
    assert_flat_queries(
        client,
        reverse("grants:returns-mine"),
        make_rows=lambda n: with_returns(
            awards_for(round_, n, organisation=organisation, statuses=IN_FORCE), ReturnStatus.DUE
        ),
        expect=lambda awards: [a.title for a in awards][:3],
    )


def test_the_offices_review_list_runs_the_same_queries_at_3_and_300():
    round_ = deciding_round()
    assert_flat_queries(
        client_as("commissioning_officer_a"),
        reverse("grants:returns"),
        make_rows=lambda n: with_returns(
            awards_for(round_, n, statuses=IN_FORCE), ReturnStatus.SUBMITTED
        ),
        expect=lambda awards: [a.title for a in awards],
    )


def test_the_offices_list_of_all_returns_runs_the_same_queries_at_3_and_300():
    # The list's own count (not a tab's) joins the tabs' counts in their one query.
    round_ = deciding_round()
    assert_flat_queries(
        client_as("commissioning_officer_a"),
        reverse("grants:returns") + "?view=all",
        make_rows=lambda n: with_returns(
            awards_for(round_, n, statuses=IN_FORCE), ReturnStatus.OVERDUE
        ),
        expect=lambda awards: [a.title for a in awards],
    )
