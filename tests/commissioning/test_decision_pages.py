"""Decision pages (issue 22): drafting keeps what was typed, approval shows the money and the
limit and refuses over it, the public pages show nothing that must stay private, and the
lists run the same queries at 3 decisions and at 300."""

import itertools
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from commissioning.assessment.models import Assignment, AssignmentStatus, Score
from commissioning.decisions import services
from commissioning.decisions.models import (
    Decision,
    DecisionAmount,
    DecisionOutcome,
    DecisionStatus,
    Outcome,
)
from tests.commissioning.decision_factories import (
    TEXT,
    D,
    approvable,
    bids_of,
    budgets_of,
    deciding_round,
    draft,
    officer,
    successful,
    unsuccessful,
)
from tests.commissioning.test_decision_services import moderate
from tests.core.factories import UserFactory
from tests.harness.personas import sign_in_verified
from tests.harness.queries import assert_flat_queries
from tests.plans.factories import body

pytestmark = pytest.mark.django_db
_numbers = itertools.count(1)


def test_a_draft_with_a_mistake_comes_back_with_everything_typed(client, signed_in):
    signed_in("commissioning_officer_a")
    round_ = deciding_round()
    first, second = bids_of(round_)
    url = reverse("commissioning:decision-create", args=[round_.pk])
    assert client.get(url).status_code == 200
    year_one = budgets_of(round_)[0].year.start_year
    data = {
        "reasons": "The panel's ranking, typed with care.",
        "purpose": "Advocacy for victims.",
        f"outcome_{first.pk}": "successful",
        f"outcome_{second.pk}": "unsuccessful",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter the amount for bid" in page
    assert "The panel&#x27;s ranking, typed with care." in page
    data[f"amount_{first.pk}_{year_one}"] = "£12,500"
    data[f"budget_{first.pk}_{year_one}"] = str(budgets_of(round_)[0].pk)
    response = client.post(url, data)
    decision = Decision.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("commissioning:decision", args=[decision.pk])
    assert services.successful_total(decision) == D("12500.00")
    assert decision.outcomes.get(bid=second).outcome == Outcome.UNSUCCESSFUL


def test_the_approval_page_shows_the_money_and_the_limit_and_refuses_over_it(
    client, signed_in, persona_users
):
    signed_in("decision_maker_limited_a")
    round_ = deciding_round(body_=body())
    (bid,) = bids_of(round_, 1)
    decision = approvable(round_, [successful(bid, D("8000.00"), D("4000.00"))])
    url = reverse("commissioning:decision-approve", args=[decision.pk])
    page = client.get(url).content.decode()
    assert "£12,000.00" in page
    assert "£10,000.00" in page  # the persona's limit
    assert "above your financial limit" in page
    response = client.post(url, {})
    assert response.status_code == 200
    assert "more than your limit of £10,000.00" in response.content.decode()
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.DRAFT


def test_the_approval_page_says_before_the_button_what_would_refuse_it(
    client, signed_in, persona_users
):
    """No chief finance officer's comment yet, and a bid the decision maker moderated: both
    are said on the page, not only after pressing Approve."""
    signed_in("decision_maker_a")
    round_ = deciding_round()
    first, second = bids_of(round_)
    decision = draft(round_, [successful(first, D("3000.00")), unsuccessful(second)])
    moderate(second, persona_users["decision_maker_a"])
    url = reverse("commissioning:decision-approve", args=[decision.pk])
    page = client.get(url).content.decode()
    assert "comment has not been recorded" in page
    assert f"another decision maker must approve: {second.reference}." in page
    services.cfo_comment_record(
        decision=decision, by=persona_users["finance_officer_a"], comment="Affordable."
    )
    page = client.get(url).content.decode()
    assert "comment has not been recorded" not in page


def test_a_decision_maker_approves_and_an_officer_publishes_through_the_pages(client, signed_in):
    round_ = deciding_round()
    (bid,) = bids_of(round_, 1)
    decision = approvable(round_, [successful(bid, D("3000.00"))])
    signed_in("decision_maker_a")
    response = client.post(reverse("commissioning:decision-approve", args=[decision.pk]), {})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.APPROVED
    signed_in("commissioning_officer_a")
    response = client.post(reverse("commissioning:decision-publish", args=[decision.pk]), {})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.published_at is not None


def test_the_public_pages_show_nothing_that_must_stay_private(client):
    round_ = deciding_round()
    winner, loser = bids_of(round_)
    assessor = UserFactory(full_name="Zebedee Quartermaine")
    assignment = Assignment.objects.create(
        round=round_,
        bid=loser,
        assessor=assessor,
        due_on=timezone.localdate(),
        assigned_by=officer(round_.lead_body),
        status=AssignmentStatus.DECLARED,
        declared_at=timezone.now(),
    )
    Score.objects.create(
        assignment=assignment,
        criterion=round_.criteria.first(),
        score=2,
        comment="Weak governance noted by the assessor.",
    )
    moderator = UserFactory(full_name="Philippa Moderatorson")
    moderate(loser, moderator, feedback="Private feedback for the loser only.")
    moderate(winner, moderator, feedback="Private feedback for the winner only.")
    type(loser.organisation).objects.filter(pk=loser.organisation_id).update(
        name="Unlucky Applicants Trust"
    )
    loser.organisation.refresh_from_db()
    decision = approvable(
        round_,
        [successful(winner, D("4321.00")), unsuccessful(loser)],
        exempt_part="Exempt: the runner-up's pricing was £999.",
    )
    maker = UserFactory(full_name="Deciding Person")
    from core.models import Membership, Role

    Membership.objects.create(user=maker, body=round_.lead_body, role=Role.DECISION_MAKER)
    services.decision_approve(decision=decision, by=maker)
    services.decision_publish(decision=decision, by=maker)
    slug = round_.lead_body.slug
    pages = [
        client.get(reverse("commissioning:public-decisions", args=[slug])),
        client.get(reverse("commissioning:public-decision", args=[slug, decision.pk])),
    ]
    detail = pages[1].content.decode()
    assert winner.organisation.name in detail
    assert winner.organisation.org_id in detail
    assert "£4,321.00" in detail
    assert decision.purpose in detail
    assert decision.conditions in detail
    private = [
        "Unlucky Applicants Trust",
        loser.reference,
        loser.organisation.org_id,
        "Zebedee Quartermaine",
        "Philippa Moderatorson",
        "Weak governance noted by the assessor.",
        "Private feedback for the loser only.",
        "Private feedback for the winner only.",
        "Meets the need.",  # the moderator's reasons
        "70.0",  # the final score
        "runner-up",
        "£999",
    ]
    for response in pages:
        assert response.status_code == 200
        html = response.content.decode()
        for text in private:
            assert text not in html, f"{text!r} is published"


def test_a_draft_or_an_unpublished_decision_is_not_on_the_public_pages(client):
    round_ = deciding_round()
    (bid,) = bids_of(round_, 1)
    decision = approvable(round_, [unsuccessful(bid)])
    slug = round_.lead_body.slug
    url = reverse("commissioning:public-decision", args=[slug, decision.pk])
    assert client.get(url).status_code == 404
    services.decision_approve(decision=decision, by=_maker(round_))
    assert client.get(url).status_code == 404
    other = reverse("commissioning:public-decision", args=["dyfed-powys", decision.pk])
    assert client.get(other).status_code == 404


def _maker(round_):
    from tests.commissioning.decision_factories import decision_maker

    return decision_maker(round_.lead_body)


def _decisions(round_, bid, n, *, published):
    """n decisions of the round straight into the database (the services are tested
    elsewhere): drafts, or approved and published ones, each giving bid £100."""
    budget = budgets_of(round_)[0]
    now = timezone.now()
    maker = _maker(round_) if published else None
    rows = []
    for _ in range(n):
        number = next(_numbers)
        values = {"status": DecisionStatus.DRAFT}
        if published:
            values = {
                "status": DecisionStatus.APPROVED,
                "number": f"2030/{number:04d}",
                "approved_by": maker,
                "approved_at": now,
                "published_by": maker,
                "published_at": now,
            }
        rows.append(
            Decision(
                round=round_,
                body=round_.lead_body,
                reasons=f"Reasons {number}",
                purpose="Purpose",
                created_by=officer(round_.lead_body),
                **values,
            )
        )
    # Outcomes first, while each decision is still a draft (approved ones are frozen).
    statuses = [(row.status, row.number) for row in rows]
    for row in rows:
        row.status, row.number = DecisionStatus.DRAFT, ""
        row.approved_at = row.approved_by = row.published_at = row.published_by = None
    Decision.objects.bulk_create(rows)
    outcomes = DecisionOutcome.objects.bulk_create(
        [DecisionOutcome(decision=row, bid=bid, outcome=Outcome.SUCCESSFUL) for row in rows]
    )
    DecisionAmount.objects.bulk_create(
        [
            DecisionAmount(decision=row, outcome=outcome, budget=budget, amount=D("100.00"))
            for row, outcome in zip(rows, outcomes, strict=True)
        ]
    )
    if published:
        for row, (status, number) in zip(rows, statuses, strict=True):
            row.status, row.number = status, number
            row.approved_by = row.published_by = maker
            row.approved_at = row.published_at = now
        Decision.objects.bulk_update(
            rows, ["status", "number", "approved_by", "approved_at", "published_by", "published_at"]
        )
    return rows


def test_the_office_list_of_decisions_is_flat(client, signed_in):
    signed_in("commissioning_officer_a")
    round_ = deciding_round()
    (bid,) = bids_of(round_, 1)
    assert_flat_queries(
        client,
        reverse("commissioning:decisions"),
        make_rows=lambda n: _decisions(round_, bid, n, published=False),
        expect=lambda rows: [f"Draft {row.pk}" for row in rows],
    )


def test_the_rounds_decisions_and_the_public_list_are_flat(client, signed_in):
    round_ = deciding_round()
    (bid,) = bids_of(round_, 1)
    assert_flat_queries(
        client,
        reverse("commissioning:public-decisions", args=[round_.lead_body.slug]),
        make_rows=lambda n: _decisions(round_, bid, n, published=True),
        expect=lambda rows: [row.number for row in rows],
    )
    signed_in("commissioning_officer_a")
    url = reverse("commissioning:round-decisions", args=[round_.pk])
    assert client.get(url).status_code == 200


def test_a_correction_is_drafted_from_the_record_it_corrects(client, signed_in):
    round_ = deciding_round()
    (bid,) = bids_of(round_, 1)
    old = services.decision_approve(
        decision=approvable(round_, [successful(bid, D("3000.00"))]), by=_maker(round_)
    )
    signed_in("commissioning_officer_a")
    url = reverse("commissioning:decision-correct", args=[old.pk])
    page = client.get(url).content.decode()
    assert "3,000.00" in page  # the old amount, to start from
    assert escape(old.reasons) in page
    budget = budgets_of(round_)[0]
    response = client.post(
        url,
        {
            "reasons": "Corrected: the first year's amount was mistyped.",
            "purpose": old.purpose,
            f"outcome_{bid.pk}": "successful",
            f"amount_{bid.pk}_{budget.year.start_year}": "3,500.00",
            f"budget_{bid.pk}_{budget.year.start_year}": str(budget.pk),
        },
    )
    correction = Decision.objects.get(supersedes=old)
    assert response.url == reverse("commissioning:decision", args=[correction.pk])
    assert services.successful_total(correction) == D("3500.00")
    assert client.get(url).status_code == 302  # one correction at a time


def test_the_lists_count_a_decisions_money_once_whatever_its_bids(client, signed_in):
    round_ = deciding_round()
    first, second, third = bids_of(round_, 3)
    decision = approvable(
        round_,
        [
            successful(first, D("1000.00"), D("500.00")),
            successful(second, D("2000.00")),
            unsuccessful(third),
        ],
    )
    services.decision_publish(
        decision=services.decision_approve(decision=decision, by=_maker(round_)),
        by=officer(round_.lead_body),
    )
    signed_in("commissioning_officer_a")
    office = client.get(reverse("commissioning:decisions")).content.decode()
    public = client.get(
        reverse("commissioning:public-decisions", args=[round_.lead_body.slug])
    ).content.decode()
    for page in (office, public):
        assert "£3,500.00" in page
    assert "£10,500.00" not in office


def test_a_partner_office_sees_the_rounds_decisions_without_links_to_records_it_cannot_open(
    client,
):
    """Found trying a joint round as the partner body's officer: the round's decisions page
    linked each record, and every link answered 404 (records are the lead body's)."""
    round_ = deciding_round()
    (bid,) = bids_of(round_, 1)
    decision = approvable(round_, [successful(bid, D("3000.00"))])
    partner = body("dyfed-powys")
    round_.partner_bodies.add(partner)
    sign_in_verified(client, officer(partner))
    page = client.get(reverse("commissioning:round-decisions", args=[round_.pk]))
    assert page.status_code == 200
    record = reverse("commissioning:decision", args=[decision.pk])
    assert record.encode() not in page.content
    assert f"Draft {decision.pk}".encode() in page.content
    assert client.get(record).status_code == 404
    sign_in_verified(client, officer(round_.lead_body))
    page = client.get(reverse("commissioning:round-decisions", args=[round_.pk]))
    assert record.encode() in page.content


def test_a_comment_on_figures_changed_since_the_page_was_opened_is_not_recorded(client, signed_in):
    """Found as two people at once: the finance officer opened the comment page, an officer
    then raised the money (which clears any comment), and the comment, made on the old
    figures, was recorded on the new ones, letting the decision be approved."""
    round_ = deciding_round()
    (bid,) = bids_of(round_, 1)
    decision = draft(round_, [successful(bid, D("3000.00"))])
    signed_in("finance_officer_a")
    url = reverse("commissioning:decision-comment", args=[decision.pk])
    page = client.get(url).content.decode()
    assert "£3,000.00" in page
    (read_at,) = re.findall(r'name="read_at" value="([^"]+)"', page)
    services.decision_edit(
        decision=decision,
        by=officer(round_.lead_body),
        outcomes=[successful(bid, D("30000.00"))],
        **TEXT,
    )
    typed = {"comment": "Affordable at £3,000.", "read_at": read_at}
    response = client.post(url, typed)
    assert response.status_code == 200
    page = response.content.decode()
    assert "changed after you opened this page" in page
    assert "£30,000.00" in page
    assert "Affordable at £3,000." in page
    decision.refresh_from_db()
    assert decision.cfo_comment == ""
    (read_at,) = re.findall(r'name="read_at" value="([^"]+)"', page)
    response = client.post(url, {"comment": "Affordable at £30,000.", "read_at": read_at})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.cfo_comment == "Affordable at £30,000."
    # A form without the version (not from the page) records nothing either.
    assert client.post(url, {"comment": "Fine."}).status_code == 200
    decision.refresh_from_db()
    assert decision.cfo_comment == "Affordable at £30,000."


def test_the_public_pages_name_the_round_in_the_visitors_language(client, settings):
    """Found reading a Welsh body's published decisions in Welsh: the round's title was the
    English one, unlike the round's own public page."""
    round_ = deciding_round()
    round_.title_cy = "Cronfa Dioddefwyr"
    round_.save(update_fields=["title_cy"])
    (bid,) = bids_of(round_, 1)
    decision = approvable(round_, [successful(bid, D("3000.00"))])
    services.decision_approve(decision=decision, by=_maker(round_))
    services.decision_publish(decision=decision, by=officer(round_.lead_body))
    pages = [
        reverse("commissioning:public-decisions", args=[round_.lead_body.slug]),
        reverse("commissioning:public-decision", args=[round_.lead_body.slug, decision.pk]),
    ]
    for url in pages:
        assert round_.title in client.get(url).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "cy"
    for url in pages:
        page = client.get(url).content.decode()
        assert "Cronfa Dioddefwyr" in page
        assert round_.title not in page
