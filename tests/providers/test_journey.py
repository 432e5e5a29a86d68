"""The issue's "done when", in a real browser: sign up, confirm from the e-mail, register,
invite a colleague who joins, upload a document, see what is missing; a second person who
tries to register the same charity is led to a join request. axe checks each form page,
with its errors showing, on the way."""

import re

import pytest
from playwright.sync_api import expect

from core.models import PolicingBody
from tests.core.factories import pdf_bytes
from tests.harness.axe import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "a tall giraffe reads novels"


def link(mailoutbox, marker):
    message = mailoutbox[-1]
    line = next(line for line in message.body.splitlines() if marker in line)
    return line.split("http://127.0.0.1:8000", 1)[-1].strip()


def sign_up(page, live_server, name, email, mailoutbox):
    page.goto(live_server.url + "/register/")
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_title(re.compile(r"^Error:"))
    assert_accessible(page)
    page.get_by_label("Full name").fill(name)
    page.get_by_label("Email address").fill(email)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    page.goto(live_server.url + link(mailoutbox, "/register/confirm/"))
    assert_accessible(page)
    page.get_by_label("Create a password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm and create account").click()
    expect(page.get_by_role("heading", name="Register your organisation")).to_be_visible()


def register(page, name="Fictional Harbour Trust", charity_number="9999444"):
    page.get_by_label("Organisation name").fill(name)
    page.get_by_label("Charitable incorporated organisation (CIO)").check()
    page.get_by_label("Charity number").fill(charity_number)
    page.get_by_label("Address line 1").fill("4 Example Quay")
    page.get_by_label("Town or city").fill("Bristol")
    page.get_by_label("Postcode").fill("bs1 4rn")
    page.get_by_label("What does the organisation do?").fill("Advocacy for victims of crime.")
    page.get_by_label("Avon and Somerset").check()
    page.get_by_label("Advocacy (IDVA, ISVA)").check()
    page.get_by_label("£100,000 to £1 million").check()
    page.get_by_label("Full name").fill("Sam Safe")
    page.get_by_label("Email address").fill("sam.safe@example.org")
    page.get_by_role("button", name="Register the organisation").click()


def test_a_new_provider_registers_invites_a_colleague_and_uploads_a_document(
    browser, live_server, mailoutbox, eager_tasks, tmp_path
):
    assert PolicingBody.objects.exists()
    page = browser.new_context(base_url=live_server.url).new_page()
    sign_up(page, live_server, "Ann Founder", "ann@example.org", mailoutbox)
    # Submitted empty: every error is beside its field.
    page.get_by_role("button", name="Register the organisation").click()
    expect(page).to_have_title(re.compile(r"^Error:"))
    assert_accessible(page)
    register(page)
    expect(page.get_by_role("heading", name="Fictional Harbour Trust")).to_be_visible()
    expect(page.get_by_role("link", name="Upload the latest accounts")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Manage members and invite colleagues").click()
    expect(page.get_by_role("button", name="Invite someone")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Invite someone").click()
    page.get_by_label("Email address").fill("ben@example.org")
    page.get_by_label("Editor").check()
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("We have sent an invitation to ben@example.org")).to_be_visible()
    invitation = link(mailoutbox, "/invitations/")

    colleague = browser.new_context(base_url=live_server.url).new_page()
    colleague.goto(live_server.url + invitation)
    assert_accessible(colleague)
    colleague.get_by_role("button", name="Create an account").click()
    colleague.get_by_label("Full name").fill("Ben Colleague")
    colleague.get_by_label("Create a password").fill(PASSWORD)
    colleague.get_by_role("button", name="Create account").click()
    expect(colleague.get_by_text("You have joined Fictional Harbour Trust")).to_be_visible()

    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Upload the latest accounts").click()
    expect(page.locator("input[type=file]")).to_be_attached()
    assert_accessible(page)
    accounts = tmp_path / "accounts.pdf"
    accounts.write_bytes(pdf_bytes())
    # govuk-frontend draws its own button over the file input; the input still takes the file.
    page.locator("input[type=file]").set_input_files(str(accounts))
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("2025")
    page.get_by_role("button", name="Upload the document").click()
    expect(page.get_by_role("link", name="accounts.pdf")).to_be_visible()
    assert_accessible(page)
    page.goto(live_server.url + "/")
    expect(page.get_by_role("link", name="Upload the latest accounts")).to_be_hidden()
    expect(page.get_by_role("link", name="Upload the safeguarding policy")).to_be_visible()

    second = browser.new_context(base_url=live_server.url).new_page()
    sign_up(second, live_server, "Cat Second", "cat@example.org", mailoutbox)
    register(second, name="Harbour Trust (again)", charity_number="9999444")
    expect(second.get_by_text("already registered with this charity number").first).to_be_visible()
    assert_accessible(second)
    second.get_by_role("button", name="Ask to join Fictional Harbour Trust").click()
    expect(second.get_by_role("button", name="Ask to join", exact=True)).to_be_visible()
    assert_accessible(second)
    second.get_by_role("button", name="Ask to join").click()
    expect(second.get_by_role("heading", name="Request sent")).to_be_visible()
    assert mailoutbox[-1].to == ["ann@example.org"]
