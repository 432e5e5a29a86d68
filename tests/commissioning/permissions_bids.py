"""The bid journey's URLs (issue 19) for every persona (tests/harness/matrix.py).

A bid is its organisation's: X's administrator, editor and viewer read it, Y's member gets
404, and office staff, assessors and panel members are not provider members (403). Only
administrators and editors write and submit (a viewer 403). The office's bid pages are for
the staff of the round's lead body (body B's and C's staff 404); a submitted bid of a closed
round opens for them, a sealed one never. Objects: tests/commissioning/objects.py.
"""

from django.urls import reverse

from tests.harness.matrix import NOT_FOUND, STAFF_A, Url, only

FORM = ("GET", "POST")
PROVIDERS = ("provider_admin_x", "provider_editor_x", "provider_viewer_x", "provider_member_y")
ACTING_PROVIDERS = ("provider_admin_x", "provider_editor_x", "provider_member_y")
X_MEMBERS = ("provider_admin_x", "provider_editor_x", "provider_viewer_x")
X_WRITERS = ("provider_admin_x", "provider_editor_x")
# Organisation Y's member asks for X's bid.
OTHER_ORGANISATION = {"provider_member_y": NOT_FOUND}


def bid(objects):
    return {"bid_pk": objects.bid_x.pk}


def bid_page(name):
    return lambda objects: reverse(name, kwargs=bid(objects))


def readers():
    return only(*X_MEMBERS, **OTHER_ORGANISATION)


def writers():
    return only(*X_WRITERS, **OTHER_ORGANISATION)


def closed_round(objects):
    return {"pk": objects.bid_round_a_closed.pk}


def office():
    return only(*STAFF_A, staff_b=NOT_FOUND, staff_c=NOT_FOUND)


DECLARATIONS = [
    Url(
        "commissioning:bid-start",
        only(*PROVIDERS),
        methods=FORM,
        kwargs=lambda objects: {"pk": objects.bid_round_a.pk},
        method_outcomes={"POST": only(*ACTING_PROVIDERS)},
        redirects="/bids/*/",
        no_valid_post=(
            "needs an organisation serving the area with every document in date: "
            "tests/commissioning/test_bid_pages.py"
        ),
    ),
    Url("commissioning:bids", only(*PROVIDERS)),
    Url("commissioning:bid", readers(), kwargs=bid),
    Url(
        "commissioning:bid-section",
        writers(),
        methods=FORM,
        kwargs=lambda objects: {**bid(objects), "section_pk": objects.bid_section_x.pk},
        redirects=bid_page("commissioning:bid"),
        valid=lambda objects: {"later": "1"},
    ),
    Url(
        "commissioning:bid-amounts",
        writers(),
        methods=FORM,
        kwargs=bid,
        redirects=bid_page("commissioning:bid"),
        valid=lambda objects: {
            f"year_{objects.bid_round_a.first_year.start_year}": "20000",
        },
    ),
    Url(
        "commissioning:bid-partners",
        readers(),
        methods=FORM,
        kwargs=bid,
        method_outcomes={"POST": writers()},
        redirects=bid_page("commissioning:bid-partners"),
        valid=lambda objects: {"name": "Second partner", "share": "10"},
    ),
    Url(
        "commissioning:bid-partner-remove",
        writers(),
        methods=("POST",),
        kwargs=lambda objects: {**bid(objects), "partner_pk": objects.bid_x_partner.pk},
        redirects=bid_page("commissioning:bid-partners"),
        valid=lambda objects: {},
    ),
    Url(
        "commissioning:bid-check",
        readers(),
        methods=FORM,
        kwargs=bid,
        method_outcomes={"POST": writers()},
        redirects=bid_page("commissioning:bid-submitted"),
        no_valid_post=(
            "a complete bid of an eligible organisation: tests/commissioning/test_bid_pages.py"
        ),
    ),
    Url(
        "commissioning:bid-submitted",
        readers(),
        kwargs=bid,
        redirects=bid_page("commissioning:bid"),
    ),
    Url(
        "commissioning:bid-withdraw",
        writers(),
        methods=FORM,
        kwargs=bid,
        redirects=bid_page("commissioning:bid"),
        no_valid_post=(
            "withdrawing ends the bid the other rows use: tests/commissioning/test_bid_pages.py"
        ),
    ),
    Url("commissioning:round-bids", office(), kwargs=closed_round),
    Url(
        "commissioning:round-bid",
        office(),
        kwargs=lambda objects: {
            **closed_round(objects),
            "bid_pk": objects.bid_round_a_closed.bids.get().pk,
        },
    ),
]
