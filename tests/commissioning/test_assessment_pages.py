"""The assessor's and the office's assessment pages (issue 21), driven as people use them."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from commissioning.assessment import services
from commissioning.assessment.models import Assignment, AssignmentStatus, Declaration
from tests.commissioning.assessment_factories import (
    assessing_round,
    assessor,
    full_scores,
    officer,
    submitted_bid,
)

pytestmark = pytest.mark.django_db
DUE = datetime.date(2030, 6, 1)


@pytest.fixture
def round_():
    return assessing_round()


def _bid_with_answer(round_, text="We run a helpline open every day."):
    return submitted_bid(round_, answers={"Name of the project": text})


def _assign(round_, bid, person):
    return services.assessor_assign(
        bid=bid, assessor=person, due_on=DUE, by=officer(round_.lead_body)
    )


def test_the_assessor_sees_nothing_of_the_bid_before_declaring(
    client, signed_in, persona_users, round_
):
    signed_in("assessor_a")
    bid = _bid_with_answer(round_)
    assignment = _assign(round_, bid, persona_users["assessor_a"])
    score_url = reverse("commissioning:assessment-score", args=[assignment.pk])
    response = client.get(score_url)
    assert response.status_code == 302
    assert response["Location"] == reverse("commissioning:assessment-declare", args=[assignment.pk])
    declare = client.get(response["Location"]).content.decode()
    assert bid.organisation.name in declare
    assert "helpline" not in declare
    response = client.post(response["Location"], {"conflict": "no"})
    assert response["Location"] == score_url
    page = client.get(score_url).content.decode()
    assert "helpline" in page
    assert "No evidence" in page  # each score's descriptor is shown


def test_a_conflict_on_the_page_removes_the_assessor(client, signed_in, persona_users, round_):
    signed_in("assessor_a")
    assignment = _assign(round_, submitted_bid(round_), persona_users["assessor_a"])
    url = reverse("commissioning:assessment-declare", args=[assignment.pk])
    response = client.post(url, {"conflict": "yes"})
    assert "Select what the conflict is" in response.content.decode()
    response = client.post(
        url, {"conflict": "yes", "nature": "relative", "description": "My sister runs it."}
    )
    assert response["Location"] == reverse("commissioning:assessment-list")
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.CONFLICTED
    assert client.get(url).status_code == 404
    assert bid_reference_absent(client, assignment)


def bid_reference_absent(client, assignment):
    page = client.get(reverse("commissioning:assessment-list")).content.decode()
    return assignment.bid.reference not in page


def test_a_draft_then_completion_and_only_then_the_others_scores(
    client, signed_in, persona_users, round_
):
    signed_in("assessor_a")
    bid = submitted_bid(round_)
    other = _assign(round_, bid, assessor(round_.lead_body))
    services.assessor_declare(assignment=other, by=other.assessor, conflict=False)
    services.scores_save(
        assignment=other,
        by=other.assessor,
        scores=full_scores(round_, 1, 1, comment="Unconvincing staffing plan."),
        complete=True,
    )
    mine = _assign(round_, bid, persona_users["assessor_a"])
    client.post(reverse("commissioning:assessment-declare", args=[mine.pk]), {"conflict": "no"})
    url = reverse("commissioning:assessment-score", args=[mine.pk])
    first, second = round_.criteria.order_by("position")
    assert "Unconvincing staffing plan." not in client.get(url).content.decode()
    draft = {f"score_{first.pk}": "4", f"comment_{first.pk}": "Good reach.", "action": "draft"}
    assert client.post(url, draft).status_code == 302
    response = client.post(url, {**draft, "action": "complete"})
    assert response.status_code == 200
    assert "Choose a score for Value for money" in response.content.decode()
    complete = {
        **draft,
        f"score_{second.pk}": "3",
        f"comment_{second.pk}": "Fair costs.",
        "action": "complete",
    }
    assert client.post(url, complete).status_code == 302
    page = client.get(url).content.decode()
    assert "Unconvincing staffing plan." in page
    # 60 x (4+1)/2/5 + 40 x (3+1)/2/5 = 30 + 16; quality differs by 3: a wide spread.
    assert "Weighted score: 46.0 out of 100" in page
    assert "Wide spread" in page
    assert client.post(url, complete).status_code == 403


def test_the_officer_assigns_in_bulk_and_is_told_who_was_left_off(
    client, signed_in, persona_users, round_
):
    signed_in("commissioning_officer_a")
    staff = persona_users["assessor_a"]
    theirs = submitted_bid(round_, members=[staff])
    other = submitted_bid(round_)
    response = client.post(
        reverse("commissioning:assessment-assign", args=[round_.pk]),
        {
            "assessors": [str(staff.pk)],
            "bids": "all",
            "due_on_day": "1",
            "due_on_month": "6",
            "due_on_year": "2030",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "1 assignment made." in page
    assert f"{theirs.reference}: " in page
    assert list(Assignment.objects.values_list("bid_id", flat=True)) == [other.pk]


def _complete(round_, bid, values, comment="Clear."):
    assignment = _assign(round_, bid, assessor(round_.lead_body))
    services.assessor_declare(assignment=assignment, by=assignment.assessor, conflict=False)
    services.scores_save(
        assignment=assignment,
        by=assignment.assessor,
        scores=full_scores(round_, *values, comment=comment),
        complete=True,
    )
    return assignment


def test_the_moderator_declares_settles_and_sees_the_ranked_list(
    client, signed_in, persona_users, round_
):
    from tests.funding.ledger_factories import funded_budget

    signed_in("commissioning_officer_a")
    years = (round_.first_year, round_.last_year)
    round_.budgets.set(
        [
            funded_budget(amount=Decimal("30000.00"), body_=round_.lead_body, year=year)
            for year in years
        ]
    )
    top, second = submitted_bid(round_), submitted_bid(round_)
    for bid, values in ((top, [(1, 5), (2, 4)]), (second, [(3, 3), (3, 3)])):
        for pair in values:
            _complete(round_, bid, pair)
    url = reverse("commissioning:moderation", args=[round_.pk, top.pk])
    response = client.get(url)
    assert response["Location"] == reverse(
        "commissioning:moderation-declare", args=[round_.pk, top.pk]
    )
    client.post(response["Location"], {"conflict": "no"})
    page = client.get(url).content.decode()
    # 60 x 1.5/5 + 40 x 4.5/5 = 18 + 36; quality's mean 1.5 is under its minimum of 2.
    assert "Weighted score: 54.0 out of 100" in page
    assert "fails a must-pass criterion" in page
    response = client.post(
        url,
        {
            "final_score": "54.0",
            "recommendation": "do_not_fund",
            "reasons": "Quality is too weak.",
            "feedback": "Show how the service is staffed.",
        },
    )
    assert response["Location"] == reverse("commissioning:ranking", args=[round_.pk])
    ranking = client.get(response["Location"]).content.decode()
    assert "Not to be funded" in ranking
    assert "Within the money" in ranking
    assert Declaration.objects.filter(person=persona_users["commissioning_officer_a"]).exists()


def test_the_money_line_shows_on_the_ranked_list(client, signed_in, round_):
    from tests.funding.ledger_factories import funded_budget

    signed_in("commissioning_officer_a")
    years = (round_.first_year, round_.last_year)
    round_.budgets.set(
        [
            funded_budget(amount=Decimal("50000.00"), body_=round_.lead_body, year=years[0]),
            funded_budget(amount=Decimal("25000.00"), body_=round_.lead_body, year=years[1]),
        ]
    )
    first, second = submitted_bid(round_), submitted_bid(round_)
    for bid, pair in ((first, (5, 5)), (second, (4, 4))):
        _complete(round_, bid, pair)
        _complete(round_, bid, pair)
    page = client.get(reverse("commissioning:ranking", args=[round_.pk])).content.decode()
    assert f"The money runs out here: {years[1]} cannot cover the next bid" in page
    assert page.index(first.reference) < page.index("The money runs out here")
    assert page.index("The money runs out here") < page.index(second.reference)


def test_while_the_round_is_sealed_the_office_sees_no_bid(client, signed_in):
    import datetime as dt

    from django.utils import timezone

    from commissioning.models import RoundStatus

    signed_in("commissioning_officer_a")
    closes = timezone.now() + dt.timedelta(days=2)
    round_ = assessing_round(
        status=RoundStatus.OPEN, opens_at=closes - dt.timedelta(days=20), closes_at=closes
    )
    bid = submitted_bid(round_)
    for name in ("assessment-overview", "ranking", "declarations"):
        page = client.get(reverse(f"commissioning:{name}", args=[round_.pk])).content.decode()
        assert bid.reference not in page
        assert bid.organisation.name not in page
    url = reverse("commissioning:moderation", args=[round_.pk, bid.pk])
    assert client.get(url).status_code == 404


def test_an_officer_assessing_the_bid_sees_no_scores_before_completing(
    client, signed_in, persona_users, round_
):
    from core.models import Role
    from tests.core.factories import MembershipFactory

    signed_in("decision_maker_a")
    me = persona_users["decision_maker_a"]
    MembershipFactory(user=me, body=round_.lead_body, role=Role.ASSESSOR)
    bid = submitted_bid(round_)
    _complete(round_, bid, (1, 1), comment="Another assessor's view.")
    _assign(round_, bid, me)
    url = reverse("commissioning:moderation", args=[round_.pk, bid.pk])
    assert client.get(url).status_code == 403
    # The ranked list shows every bid's score so far: not to them either, until they complete.
    assert client.get(reverse("commissioning:ranking", args=[round_.pk])).status_code == 403


def test_before_the_moderator_settles_only_the_moderator_reads_the_scores_side_by_side(
    client, signed_in, persona_users, round_
):
    from core.models import PolicingBody

    round_.partner_bodies.add(PolicingBody.objects.get(slug="dyfed-powys"))
    bid = submitted_bid(round_)
    for pair in ((4, 3), (3, 4)):
        _complete(round_, bid, pair, comment="Scored with care.")
    url = reverse("commissioning:moderation", args=[round_.pk, bid.pk])
    overview = reverse("commissioning:assessment-overview", args=[round_.pk])
    ranking = reverse("commissioning:ranking", args=[round_.pk])
    readers = ("decision_maker_a", "finance_officer_a", "staff_b")
    for persona in readers:
        signed_in(persona)
        assert client.get(url).status_code == 403, persona
        assert f'href="{url}"' not in client.get(overview).content.decode(), persona
        assert f'href="{url}"' not in client.get(ranking).content.decode(), persona
    signed_in("commissioning_officer_a")
    client.post(
        reverse("commissioning:moderation-declare", args=[round_.pk, bid.pk]), {"conflict": "no"}
    )
    page = client.get(url).content.decode()
    assert "Scored with care." in page
    response = client.post(
        url,
        {
            "final_score": "70.0",
            "recommendation": "fund",
            "reasons": "Meets the need.",
            "feedback": "A clear bid.",
        },
    )
    assert response.status_code == 302
    for persona in readers:
        signed_in(persona)
        page = client.get(url)
        assert page.status_code == 200, persona
        assert "Scored with care." in page.content.decode()
        assert f'href="{url}"' in client.get(ranking).content.decode(), persona
