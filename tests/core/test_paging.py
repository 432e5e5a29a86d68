"""core.paging: a capped count that keeps every page reachable, and several counts in one
query (issue 14)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import PolicingBody
from core.paging import CappedPaginator, IdsPaginator, counts, limit_for_page

pytestmark = pytest.mark.django_db


def test_a_capped_paginator_counts_up_to_its_limit_and_says_there_were_more():
    bodies = PolicingBody.objects.order_by("pk")  # the 43 bodies, loaded by migrations
    total = bodies.count()
    capped = CappedPaginator(bodies, 10, limit=20)
    assert (capped.count, capped.capped, capped.num_pages) == (20, True, 2)
    exact = CappedPaginator(bodies, 10, limit=total)
    assert (exact.count, exact.capped) == (total, False)


def test_an_ids_paginator_counts_and_pages_from_one_query_of_ordered_ids():
    bodies = PolicingBody.objects.order_by("police_area")
    ordered = list(bodies.values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as queries:
        paginator = IdsPaginator(bodies, 10, limit=20)
        second = paginator.get_page(2)
        last = paginator.get_page(99)
    assert len(queries) == 1
    assert "LIMIT 21" in queries[0]["sql"]
    assert (paginator.count, paginator.capped, paginator.num_pages) == (20, True, 2)
    assert list(second.object_list) == ordered[10:20]
    assert last.number == 2
    exact = IdsPaginator(bodies, 10, limit=len(ordered))
    assert (exact.count, exact.capped) == (len(ordered), False)
    assert list(exact.get_page(exact.num_pages).object_list) == ordered[40:]


def test_the_limit_grows_with_the_page_so_the_next_one_exists():
    assert limit_for_page(None, per_page=100, at_least=1000) == 1000
    assert limit_for_page("nonsense", per_page=100, at_least=1000) == 1000
    assert limit_for_page("-3", per_page=100, at_least=1000) == 1000
    assert limit_for_page("12", per_page=100, at_least=1000) == 1300
    bodies = PolicingBody.objects.order_by("pk")
    for number in range(1, 5):
        paginator = CappedPaginator(
            bodies, 10, limit=limit_for_page(number, per_page=10, at_least=10)
        )
        page = paginator.get_page(number)
        assert page.number == number
        assert page.has_next()
    last = CappedPaginator(bodies, 10, limit=limit_for_page(5, per_page=10, at_least=10))
    assert not last.capped
    assert not last.get_page(5).has_next()


def test_counts_are_one_query_and_a_slice_stops_a_count():
    bodies = PolicingBody.objects.order_by().values("pk")
    total = bodies.count()
    with CaptureQueriesContext(connection) as queries:
        counted = counts(
            {
                "all": bodies,
                "welsh": bodies.filter(name__icontains="wales"),
                "capped": bodies[:5],
            }
        )
    assert len(queries) == 1
    assert counted == {
        "all": total,
        "welsh": PolicingBody.objects.filter(name__icontains="wales").count(),
        "capped": 5,
    }
    assert counts({}) == {}


def test_a_count_subquery_counts_each_rows_children_in_the_same_query():
    from django.db.models import OuterRef

    from core.models import Membership
    from core.paging import count_subquery
    from tests.core.factories import MembershipFactory

    first, second, third = PolicingBody.objects.order_by("pk")[:3]
    for body, people in ((first, 2), (second, 1)):
        MembershipFactory.create_batch(people, body=body)
    bodies = (first, second, third)
    with CaptureQueriesContext(connection) as queries:
        counted = dict(
            PolicingBody.objects.filter(pk__in=[body.pk for body in bodies])
            .annotate(people=count_subquery(Membership.objects.filter(body=OuterRef("pk"))))
            .values_list("pk", "people")
        )
    assert len(queries) == 1
    assert counted == {body.pk: Membership.objects.filter(body=body).count() for body in bodies}
    assert counted[first.pk] >= 2
    assert counted[second.pk] >= 1
