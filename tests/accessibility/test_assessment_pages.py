"""axe on assessment's pages with content and with errors (the matrix's run opens each page
once): the declaration with its conditional questions and errors, the scoring form with its
errors, every assessor's scores side by side with the flags, the moderation form with its
errors, and the ranked list with the money line and a tie."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.harness.axe import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
DUE = datetime.date(2030, 6, 1)


def _complete(round_, bid, values, comment="Clear."):
    from commissioning.assessment import services
    from tests.commissioning.assessment_factories import assessor, full_scores, officer

    person = assessor(round_.lead_body)
    assignment = services.assessor_assign(
        bid=bid, assessor=person, due_on=DUE, by=officer(round_.lead_body)
    )
    services.assessor_declare(assignment=assignment, by=person, conflict=False)
    services.scores_save(
        assignment=assignment,
        by=person,
        scores=full_scores(round_, *values, comment=comment),
        complete=True,
    )


def test_the_assessors_declaration_and_scoring_with_errors_and_the_others_scores(
    browser_as, persona_users
):
    from commissioning.assessment import services
    from tests.commissioning.assessment_factories import assessing_round, officer, submitted_bid

    round_ = assessing_round(assessments_per_bid=2)
    bid = submitted_bid(round_, answers={"Name of the project": "Safe at home"})
    _complete(round_, bid, (1, 4), comment="Thin staffing plan.")
    me = persona_users["assessor_a"]
    assignment = services.assessor_assign(
        bid=bid, assessor=me, due_on=DUE, by=officer(round_.lead_body)
    )
    page = browser_as("assessor_a")
    page.goto("/commissioning/assessments/")
    assert_accessible(page)
    page.goto(f"/commissioning/assessments/{assignment.pk}/declare/")
    page.get_by_label("Yes, I have a conflict of interest").check()
    page.get_by_role("button", name="Record my declaration").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("No, I have no conflict of interest").check()
    page.get_by_role("button", name="Record my declaration").click()
    page.get_by_role("button", name="Complete the assessment").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)
    first, second = round_.criteria.order_by("position")
    page.locator(f"input[name='score_{first.pk}'][value='4']").check()
    page.locator(f"textarea[name='comment_{first.pk}']").fill("Good reach.")
    page.locator(f"input[name='score_{second.pk}'][value='3']").check()
    page.locator(f"textarea[name='comment_{second.pk}']").fill("Fair costs.")
    page.get_by_role("button", name="Complete the assessment").click()
    expect(page.get_by_text("Wide spread").first).to_be_visible()
    assert_accessible(page)


def test_moderation_with_errors_and_the_ranked_list_with_the_line_and_a_tie(browser_as):
    from tests.commissioning.assessment_factories import assessing_round, submitted_bid
    from tests.funding.ledger_factories import funded_budget

    round_ = assessing_round(assessments_per_bid=1)
    round_.budgets.set(
        [
            funded_budget(amount=Decimal("50000.00"), body_=round_.lead_body, year=year)
            for year in (round_.first_year, round_.last_year)
        ]
    )
    bids = [submitted_bid(round_) for _ in range(3)]
    for bid, values in zip(bids, [(5, 5), (3, 3), (3, 3)], strict=True):
        _complete(round_, bid, values)
    page = browser_as("commissioning_officer_a")
    page.goto(f"/commissioning/rounds/{round_.pk}/assessment/bids/{bids[0].pk}/")
    page.get_by_label("No, I have no conflict of interest").check()
    page.get_by_role("button", name="Record my declaration").click()
    page.get_by_label("Final score").fill("")
    page.get_by_role("button", name="Settle the result").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)
    page.goto(f"/commissioning/rounds/{round_.pk}/assessment/ranking/")
    expect(page.get_by_text("The money runs out here")).to_be_visible()
    expect(page.get_by_text("Tie at the line").first).to_be_visible()
    assert_accessible(page)
    page.goto(f"/commissioning/rounds/{round_.pk}/assessment/")
    assert_accessible(page)
    page.goto(f"/commissioning/rounds/{round_.pk}/assessment/declarations/")
    assert_accessible(page)
