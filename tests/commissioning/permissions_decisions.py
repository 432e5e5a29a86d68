"""Decisions' URLs for every persona (issue 22); objects: `decision_round_a` in
tests/commissioning/objects.py.

Body A's office staff read its decisions (bodies B and C: 404); commissioning officers and
decision makers draft and publish, a finance officer records the chief finance officer's
comment, decision makers approve (the rest of body A's staff: 403). Each office's own list of
decisions is for its staff. The public pages are for everyone.
"""

from tests.harness.matrix import NOT_FOUND, STAFF_A, STAFF_ALL, Url, only, public

FORM = ("GET", "POST")
EDITORS_A = ("commissioning_officer_a", "decision_maker_a", "decision_maker_limited_a")
MAKERS_A = ("decision_maker_a", "decision_maker_limited_a")
OTHER_OFFICES = {"staff_b": NOT_FOUND, "staff_c": NOT_FOUND}
DETAIL = "/commissioning/decisions/*/"


def _round(objects):
    return objects.decision_round_a


def round_kwargs(objects):
    return {"pk": _round(objects).pk}


def decision(key):
    return lambda objects: {"pk": _round(objects).matrix[key].pk}


def record(objects, **outcomes):
    data = {
        "reasons": "Within the money.",
        "purpose": "Support for victims.",
        "conditions": "",
        "crime_and_disorder": "",
        "exempt_part": "",
    }
    data.update(outcomes)
    return data


def draft_edit(objects):
    """The draft's bid, unsuccessful as it is (a new draft may cover it too)."""
    return record(objects, **{f"outcome_{_round(objects).matrix['draft_bid'].pk}": "unsuccessful"})


def comment(objects):
    """The comment, on the figures the page showed (the draft as it is)."""
    from commissioning.decisions.services import decision_read_at

    draft = _round(objects).matrix["draft"]
    draft.refresh_from_db()
    return {"comment": "Affordable.", "read_at": decision_read_at(draft)}


def correction(objects):
    """The published decision's bid, successful as before, with more money in its first year."""
    round_ = _round(objects)
    bid = round_.matrix["published"].outcomes.get().bid
    budget = round_.budgets.order_by("year", "pk").first()
    return record(
        objects,
        **{
            f"outcome_{bid.pk}": "successful",
            f"amount_{bid.pk}_{budget.year.start_year}": "5500.00",
            f"budget_{bid.pk}_{budget.year.start_year}": str(budget.pk),
        },
    )


DECLARATIONS = [
    Url("commissioning:decisions", only(*STAFF_ALL)),
    Url("commissioning:round-decisions", only(*STAFF_A, **OTHER_OFFICES), kwargs=round_kwargs),
    Url(
        "commissioning:decision-create",
        only(*EDITORS_A, **OTHER_OFFICES),
        methods=FORM,
        kwargs=round_kwargs,
        redirects=DETAIL,
        valid=draft_edit,
    ),
    Url("commissioning:decision", only(*STAFF_A, **OTHER_OFFICES), kwargs=decision("draft")),
    Url(
        "commissioning:decision-edit",
        only(*EDITORS_A, **OTHER_OFFICES),
        methods=FORM,
        kwargs=decision("draft"),
        redirects=DETAIL,
        valid=draft_edit,
    ),
    Url(
        "commissioning:decision-comment",
        only("finance_officer_a", **OTHER_OFFICES),
        methods=FORM,
        kwargs=decision("draft"),
        redirects=DETAIL,
        valid=comment,
    ),
    Url(
        "commissioning:decision-approve",
        only(*MAKERS_A, **OTHER_OFFICES),
        methods=FORM,
        kwargs=decision("draft"),
        redirects=DETAIL,
        valid=lambda objects: {},
    ),
    Url(
        "commissioning:decision-publish",
        only(*EDITORS_A, **OTHER_OFFICES),
        methods=FORM,
        kwargs=decision("approved"),
        redirects=DETAIL,
        valid=lambda objects: {},
    ),
    Url(
        "commissioning:decision-correct",
        only(*EDITORS_A, **OTHER_OFFICES),
        methods=FORM,
        kwargs=decision("published"),
        redirects=DETAIL,
        valid=correction,
    ),
    Url(
        "commissioning:public-decisions",
        public(),
        kwargs=lambda objects: {"body": _round(objects).lead_body.slug},
    ),
    Url(
        "commissioning:public-decision",
        public(),
        kwargs=lambda objects: {
            "body": _round(objects).lead_body.slug,
            "pk": _round(objects).matrix["published"].pk,
        },
    ),
]
