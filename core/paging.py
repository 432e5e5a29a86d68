"""Paging a long list without counting all of it.

`CappedPaginator` counts at most `limit` results (`SELECT COUNT(*) FROM (SELECT ... LIMIT
limit + 1)`: the scan stops there) and says whether there were more (`capped`); the page
then says "More than 1,000 ..." instead of the exact number. `limit_for_page` keeps every
page reachable however long the list: the limit grows with the page asked for, so the page
after it always exists while there are more rows (counting to page 40 costs what reading
page 40 with OFFSET costs anyway). `counts` counts several querysets in one query (a home
panel's numbers in one round trip); `up_to` is what a capped count counts, so a list's count
can join a page's other numbers there (`CappedPaginator(..., counted=...)`). `IdsPaginator`
reads the ids of the first `limit + 1` results in order, once, for both the count and the page.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property


def up_to(queryset, limit: int):
    """The ids of at most `limit + 1` of the queryset's rows: counted, more than `limit`
    says "More than"."""
    return queryset.order_by().values("pk")[: limit + 1]


class CappedPaginator(Paginator):
    """A paginator that counts at most `limit` results (`capped` says there were more).

    `counted`: `up_to(object_list, limit)` already counted (with the page's other numbers in
    one `counts` query), so the paginator runs no count of its own."""

    def __init__(self, object_list, per_page, *, limit, counted=None, **kwargs):
        self.limit = limit
        super().__init__(object_list, per_page, **kwargs)
        if counted is not None:
            self.__dict__["_counted"] = counted

    @cached_property
    def _counted(self) -> int:
        return up_to(self.object_list, self.limit).count()

    @cached_property
    def count(self) -> int:
        return min(self._counted, self.limit)

    @property
    def capped(self) -> bool:
        return self._counted > self.limit


class IdsPaginator(CappedPaginator):
    """A CappedPaginator that reads the ids of the first `limit + 1` results, in order, in
    one query: how many there are is the count, and a page is a slice of them (its
    `object_list` is ids: load the page's rows by id). Counting and then reading a page
    each repeated the filters' work (two 15 ms queries for a filtered registry search at
    50,000 providers); an ordered list of ids read through an index is often cheaper than
    either. Not for an order that must score every row first (a ranked search matching
    most rows): count that with CappedPaginator before choosing the order."""

    @cached_property
    def ids(self) -> list:
        return list(self.object_list.values_list("pk", flat=True)[: self.limit + 1])

    @cached_property
    def _counted(self) -> int:
        return len(self.ids)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(self.ids[bottom:top], number, self)


def limit_for_page(number, *, per_page: int, at_least: int) -> int:
    """A count limit of at least `at_least` that still shows a next page after page
    `number` (as given in the query string: anything not a positive number is page 1)."""
    try:
        page = max(int(number), 1)
    except (TypeError, ValueError):
        page = 1
    return max(at_least, (page + 1) * per_page)


def counts(querysets: dict) -> dict[str, int]:
    """How many rows each queryset has, in one query: `SELECT (SELECT COUNT(*) FROM (...)),
    ...`. A home panel's few numbers cost one round trip instead of one each. Slice a
    queryset (`.order_by().values("pk")[: limit + 1]`) to stop its count there."""
    from django.db import connection

    parts, params = [], []
    for queryset in querysets.values():
        sql, query_params = queryset.query.sql_with_params()
        # The SQL is Django's own, compiled from querysets; every value stays a parameter.
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS counted)")  # noqa: S608
        params.extend(query_params)
    if not parts:
        return {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        return dict(zip(querysets, cursor.fetchone(), strict=True))


def count_subquery(queryset):
    """`SELECT COUNT(*)` of a queryset that refers to the outer row (`OuterRef`), as an
    annotation: a few rows each counted on their own index, instead of joining every child
    row of the table and grouping it to count a handful (about 20 ms for the home page's
    ten rounds among 70,000 bids at `make bench`)."""
    from django.db.models import F, Func, IntegerField, Subquery

    counted = queryset.order_by().annotate(
        counted=Func(F("pk"), function="COUNT", output_field=IntegerField())
    )
    return Subquery(counted.values("counted"), output_field=IntegerField())
