"""Prove that a page runs the same number of queries whatever its row count.

    assert_flat_queries(client, url, make_rows=lambda n: ..., expect=lambda rows: [...])

`make_rows(n)` creates n rows the viewing persona may see and returns them; `expect(rows)`
returns the texts the page must show for those rows (so the test cannot pass on an empty or a
foreign list). The page is fetched at 3 and at 300 rows and must run the same number of queries;
at 300 rows at least 3 of the expected texts must be there (a paginated page shows a first page).
"""

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from core.session_expiry import ACTIVE_AT, now_seconds

SMALL, LARGE = 3, 300


def _activity_stamped_now(client) -> None:
    """A signed-in session's last activity, stamped now. core.session_expiry writes it at
    most once a minute, so a page requested more than a minute after the last one runs one
    more query (the session's UPDATE). Making 300 rows takes longer than that on a busy
    machine: without this the count at 300 rows would depend on how fast they were made."""
    if settings.SESSION_COOKIE_NAME not in client.cookies:
        return
    session = client.session
    if ACTIVE_AT in session:
        session[ACTIVE_AT] = now_seconds()
        session.save()


def count_queries(client, url) -> tuple[int, str, list[str]]:
    _activity_stamped_now(client)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return (
        len(ctx.captured_queries),
        response.content.decode(),
        [q["sql"] for q in ctx.captured_queries],
    )


def _shows(body: str, text: str) -> bool:
    """The page shows the text as typed or as the template escaped it (O'Brien is
    O&#x27;Brien in the HTML)."""
    return text in body or escape(text) in body


def assert_flat_queries(client, url, *, make_rows, expect, small=SMALL, large=LARGE):
    rows = make_rows(small)
    small_count, body, _ = count_queries(client, url)
    for text in expect(rows):
        assert _shows(body, text), f"{text!r} is not on {url} at {small} rows"
    more = make_rows(large - small)
    large_count, body, queries = count_queries(client, url)
    shown = [text for text in expect(list(rows) + list(more)) if _shows(body, text)]
    assert len(shown) >= small, f"{url} shows {len(shown)} of its rows at {large} rows"
    assert small_count == large_count, (
        f"{url}: {small_count} queries at {small} rows but {large_count} at {large}:\n"
        + "\n".join(queries)
    )
    return large_count
