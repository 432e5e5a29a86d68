"""The issue's "done when", in Chromium with JavaScript off: a provider starts a bid, saves
an unfinished section, comes back to it, checks the answers and submits; a second submit
from another tab is refused kindly and nothing is duplicated; the office sees nothing of it
until the round closes. axe checks each bid page on the way (it runs as its own script, so
the page's scripts are blocked instead of JavaScript being switched off for axe's run)."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from commissioning.bids.models import Bid, BidStatus
from commissioning.questions.models import QuestionType
from core.models import QueuedEmail
from tests.commissioning.bid_factories import eligible_organisation, member, open_round
from tests.commissioning.factories import officer
from tests.core.factories import pdf_bytes
from tests.harness.axe import assert_accessible
from tests.harness.personas import sign_in_verified

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def signed_in_page(browser, live_server, user, *, javascript):
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", java_script_enabled=javascript
    )
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return context.new_page()


def test_a_provider_starts_saves_resumes_checks_and_submits_without_javascript(
    browser, live_server, tmp_path
):
    round_ = open_round(title="Safer streets fund")
    organisation = eligible_organisation(round_, name="Fictional Harbour Trust")
    editor = member(organisation)
    page = signed_in_page(browser, live_server, editor, javascript=False)

    page.goto(f"/rounds/{round_.pk}/")
    page.get_by_role("button", name="Bid for this round").click()
    expect(page.get_by_role("heading", name="Bid for this round")).to_be_visible()
    page.get_by_role("button", name="Start your bid").click()
    expect(page.get_by_role("heading", name="Your bid")).to_be_visible()
    expect(page.get_by_text("Cannot start yet").first).to_be_visible()

    # Eligibility first, then the rest opens.
    page.get_by_role("link", name="Eligibility").click()
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("link", name="Your service")).to_be_visible()

    # The amount requested, year by year.
    page.get_by_role("link", name="Amount requested").click()
    expect(page.get_by_label("Amount requested for").first).to_be_visible()
    for field in page.get_by_label("Amount requested for").all():
        field.fill("20000")
    page.get_by_role("button", name="Save and continue").click()

    # An unfinished section, saved to come back to later.
    page.get_by_role("link", name="Your service").click()
    page.get_by_label("Name of the project").fill("Safe at home")
    page.get_by_role("button", name="Save and come back later").click()
    expect(page.get_by_text("You can come back later")).to_be_visible()

    # Resume: what was typed is there; finish the section.
    page.get_by_role("link", name="Your service").click()
    expect(page.get_by_label("Name of the project")).to_have_value("Safe at home")
    page.get_by_label("Describe the need").fill("Victims need support close to home.")
    page.get_by_label("People supported each year").fill("120")
    page.get_by_label("Total cost").fill("40000")
    page.get_by_label("Face to face").check()
    page.get_by_label("Children").check()
    page.get_by_label("Day", exact=True).fill("1")
    page.get_by_label("Month", exact=True).fill("4")
    page.get_by_label("Year", exact=True).fill("2027")
    policy = tmp_path / "policy.pdf"
    policy.write_bytes(pdf_bytes())
    page.get_by_label("Safeguarding policy").set_input_files(str(policy))
    budget = round_.questions.get(type=QuestionType.BUDGET_TABLE)
    page.locator(f"[name=q{budget.pk}_0_category]").select_option("staff")
    page.locator(f"[name=q{budget.pk}_0_description]").fill("Caseworker")
    for year in (round_.first_year.start_year, round_.last_year.start_year):
        page.locator(f"[name=q{budget.pk}_0_{year}]").fill("20000")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("Your answers have been saved.")).to_be_visible()

    # Check the answers and submit with the declaration.
    page.get_by_role("link", name="Check your answers").click()
    expect(page.get_by_text("Safe at home")).to_be_visible()
    expect(page.get_by_text("Before you can submit")).to_have_count(0)
    page.get_by_label("I confirm the declaration").check()
    page.get_by_role("button", name="Accept and submit").click()
    expect(page.get_by_role("heading", name="Bid submitted")).to_be_visible()
    bid = Bid.objects.get(round=round_, organisation=organisation)
    assert bid.status == BidStatus.SUBMITTED
    expect(page.get_by_text(bid.reference)).to_be_visible()
    receipt = QueuedEmail.objects.get(template="commissioning/bid_submitted")
    assert bid.reference in receipt.subject

    # A second tab still showing the declaration: refused kindly, nothing twice.
    other = signed_in_page(browser, live_server, editor, javascript=False)
    other.goto(f"/bids/{bid.pk}/check/")
    assert other.get_by_role("button", name="Accept and submit").count() == 0
    bid.refresh_from_db()
    assert bid.transitions.filter(to_status=BidStatus.SUBMITTED).count() == 1

    # The office sees nothing of it until the round closes: counts only.
    staff = sign_in_verified(Client(), officer(round_.lead_body))
    sealed = staff.get(f"/commissioning/rounds/{round_.pk}/bids/").content.decode()
    assert "Drafts started" in sealed
    assert "Fictional Harbour Trust" not in sealed
    assert bid.reference not in sealed


def test_every_bid_page_is_accessible(browser, live_server):
    round_ = open_round(title="Safer streets fund")
    organisation = eligible_organisation(round_)
    editor = member(organisation)
    page = signed_in_page(browser, live_server, editor, javascript=True)
    page.goto(f"/rounds/{round_.pk}/bid/")
    assert_accessible(page)
    page.get_by_role("button", name="Start your bid").click()
    expect(page.get_by_text("Your bid has been started")).to_be_visible()
    assert_accessible(page)
    bid = Bid.objects.get(round=round_, organisation=organisation)
    for section in round_.sections.all():
        page.goto(f"/bids/{bid.pk}/sections/{section.pk}/")
        assert_accessible(page)
    # A section with its errors showing, kept as typed.
    number = round_.questions.get(type=QuestionType.NUMBER)
    page.goto(f"/bids/{bid.pk}/sections/{number.section_id}/")
    page.get_by_label("People supported each year").fill("lots")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)
    for path in ("amounts/", "partners/", "check/", "withdraw/", ""):
        page.goto(f"/bids/{bid.pk}/{path}")
        assert_accessible(page)
    page.goto("/bids/")
    assert_accessible(page)
