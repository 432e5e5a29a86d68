"""Assessment's URLs for every persona (issue 21); objects: `assessment_round_a` in
tests/commissioning/objects.py.

An assessor reaches only their own assignments: another assessor's is 404, and office
staff, panel members and providers get 403 from every assessor page. Nothing of a bid shows
before declaring (tests/commissioning/test_assessment_pages.py). A co-opted assessor is not
office staff, so every office page of the round gives them 403: they see nothing else of the
body. The round is joint: body B's staff read its overview, declarations, settled moderations
and ranking, and change nothing (403); body C's staff get 404. Before the moderator settles a
bid, its scores side by side are the moderator's alone (everyone else 403). Only body A's
commissioning officers and decision makers assign; only a commissioning officer who did not
assess the bid moderates it.
"""

from django.urls import reverse

from tests.harness.matrix import NOT_FOUND, STAFF_A, Url, only

FORM = ("GET", "POST")
EDITORS_A = ("commissioning_officer_a", "decision_maker_a", "decision_maker_limited_a")
THIRD_BODY = {"staff_c": NOT_FOUND}


def _round(objects):
    return objects.assessment_round_a


def round_kwargs(objects):
    return {"pk": _round(objects).pk}


def assignment(key):
    return lambda objects: {"pk": _round(objects).matrix[key].pk}


def bid(key):
    return lambda objects: {"pk": _round(objects).pk, "bid_pk": _round(objects).matrix[key].pk}


def overview(objects):
    return reverse("commissioning:assessment-overview", kwargs=round_kwargs(objects))


def readers():
    return only(*STAFF_A, "staff_b", **THIRD_BODY)


def editors():
    return only(*EDITORS_A, **THIRD_BODY)


def moderator():
    return only("commissioning_officer_a", **THIRD_BODY)


DECLARATIONS = [
    Url("commissioning:assessment-list", only("assessor_a", "coopted_assessor_a")),
    Url(
        "commissioning:assessment-declare",
        only("coopted_assessor_a", assessor_a=NOT_FOUND),
        methods=FORM,
        kwargs=assignment("undeclared"),
        redirects="/commissioning/assessments/*/",
        valid=lambda objects: {"conflict": "no"},
    ),
    Url(
        "commissioning:assessment-score",
        only("assessor_a", coopted_assessor_a=NOT_FOUND),
        methods=FORM,
        kwargs=assignment("drafting"),
        redirects=lambda objects: reverse(
            "commissioning:assessment-score", kwargs=assignment("drafting")(objects)
        ),
        valid=lambda objects: {"action": "draft"},
    ),
    Url("commissioning:assessment-overview", readers(), kwargs=round_kwargs),
    Url(
        "commissioning:assessment-assign",
        editors(),
        methods=FORM,
        kwargs=round_kwargs,
        redirects=overview,
        valid=lambda objects: {
            "assessors": [str(objects.users["coopted_assessor_a"].pk)],
            "bids": "all",
            "due_on_day": "1",
            "due_on_month": "6",
            "due_on_year": "2030",
        },
    ),
    Url(
        "commissioning:assignment-remove",
        editors(),
        methods=("POST",),
        kwargs=lambda objects: {
            "pk": _round(objects).pk,
            "assignment_pk": _round(objects).matrix["undeclared"].pk,
        },
        redirects=overview,
        valid=lambda objects: {},
    ),
    Url("commissioning:declarations", readers(), kwargs=round_kwargs),
    # A bid ready to settle, not yet settled: each assessor's scores are for its moderator
    # alone; the office reads them once settled (test_assessment_pages.py).
    Url(
        "commissioning:moderation",
        moderator(),
        methods=FORM,
        kwargs=bid("moderated"),
        redirects=lambda objects: reverse("commissioning:ranking", kwargs=round_kwargs(objects)),
        valid=lambda objects: {
            "final_score": "66.0",
            "recommendation": "fund",
            "reasons": "Meets the need.",
            "feedback": "A clear bid.",
        },
    ),
    Url(
        "commissioning:moderation-declare",
        moderator(),
        methods=FORM,
        kwargs=bid("to_declare"),
        redirects=lambda objects: reverse(
            "commissioning:moderation", kwargs=bid("to_declare")(objects)
        ),
        valid=lambda objects: {"conflict": "no"},
    ),
    Url("commissioning:ranking", readers(), kwargs=round_kwargs),
]
