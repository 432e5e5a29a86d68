"""Issue 20 in Chromium with JavaScript off (the page's scripts never load; axe still runs as
its own script): two colleagues saving one bid section see both versions and merge them; a
section sent after the session ran out is kept, and after signing in again and confirming,
the answer is in the bid, while a colleague signed in on the same browser is told it is not
theirs. axe checks the conflict, the confirmation and the "not yours" pages."""

import datetime
from urllib.parse import unquote

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from commissioning.bids.models import BidAnswer
from commissioning.questions.models import QuestionType
from core.models import HeldPost
from tests.commissioning.bid_factories import complete, member, question_of, started_bid
from tests.harness.axe import assert_accessible
from tests.harness.personas import sign_in_verified

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

THEIRS = "We visit victims at home within two days of a referral."
MINE = "We run a helpline every evening, staffed by trained volunteers."


def _without_javascript(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.route("**/*.js", lambda route: route.abort())
    return context


def _sign_in(context, live_server, user):
    """A new verified session (password and code) for `user` in the browser context."""
    client = sign_in_verified(Client(), user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def _typed(bid, question):
    answer = BidAnswer.objects.get(bid=bid, question=question)
    return answer.value["typed"][f"q{question.pk}"]


def test_two_colleagues_see_both_versions_and_the_second_merges_them(browser, live_server):
    bid = started_bid()
    complete(bid, by=bid.started_by)
    question = question_of(bid.round, QuestionType.LONG_TEXT)
    url = f"/bids/{bid.pk}/sections/{question.section_id}/"
    pages = []
    for person in (bid.started_by, member(bid.organisation)):
        context = _without_javascript(browser, live_server)
        _sign_in(context, live_server, person)
        page = context.new_page()
        page.goto(url)
        pages.append(page)
    first, second = pages
    first.get_by_label(question.text).fill(THEIRS)
    first.get_by_role("button", name="Save and come back later").click()
    expect(first.get_by_text("You can come back later")).to_be_visible()

    second.get_by_label(question.text).fill(MINE)
    second.get_by_role("button", name="Save and come back later").click()
    expect(second.get_by_text("A colleague saved this section after you opened it")).to_be_visible()
    expect(second.get_by_text(THEIRS)).to_be_visible()  # the colleague's, as saved
    expect(second.get_by_label(question.text)).to_have_value(MINE)  # theirs, as typed
    assert_accessible(second)
    assert _typed(bid, question) == [THEIRS]  # not overwritten

    merged = f"{THEIRS} {MINE}"
    second.get_by_label(question.text).fill(merged)
    second.get_by_role("button", name="Save and come back later").click()
    expect(second.get_by_text("You can come back later")).to_be_visible()
    assert _typed(bid, question) == [merged]
    for page in pages:
        page.context.close()


def test_after_the_session_ran_out_sign_in_confirm_and_the_answer_is_kept(browser, live_server):
    bid = started_bid()
    complete(bid, by=bid.started_by)
    editor = bid.started_by
    question = question_of(bid.round, QuestionType.LONG_TEXT)
    context = _without_javascript(browser, live_server)
    _sign_in(context, live_server, editor)  # a provider with an authenticator app
    page = context.new_page()
    page.goto(f"/bids/{bid.pk}/sections/{question.section_id}/")
    typed = "Written over forty minutes, then the session ran out."
    # The live server runs in this process: its clock moves past the idle limit.
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=45)):
        page.get_by_label(question.text).fill(typed)
        page.get_by_role("button", name="Save and come back later").click()
        expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
        assert _typed(bid, question) != [typed]  # nothing written before confirmation
        assert HeldPost.objects.get().sent_by == editor
        confirm = unquote(page.url.split("next=", 1)[1])
        # A colleague signing in on this computer first is told it is not theirs.
        _sign_in(context, live_server, member(bid.organisation))
        page.goto(confirm)
        expect(page.get_by_role("heading", name="Someone else typed these answers")).to_be_visible()
        expect(page.get_by_text(typed)).to_have_count(0)
        assert_accessible(page)
        _sign_in(context, live_server, editor)
        page.goto(confirm)
        expect(page.get_by_role("heading", name="Check what you typed")).to_be_visible()
        expect(page.get_by_text(typed)).to_be_visible()
        assert_accessible(page)
        page.get_by_role("button", name="Save what you typed").click()
        expect(page.get_by_role("heading", name="Your bid")).to_be_visible()
    assert _typed(bid, question) == [typed]
    assert not HeldPost.objects.exists()
    context.close()
