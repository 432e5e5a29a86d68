"""Autosave, the word counter and held answers in Chromium with JavaScript on."""

import datetime
import re
from urllib.parse import unquote

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from commissioning.questions.words import word_count
from tests.harness.axe import assert_accessible
from tests.harness.personas import PERSONAS, sign_in_persona

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Strings on which a careless counter and the server's rule would part: dashes, numbers,
# hyphens, apostrophes, Welsh, emoji, and every kind of space Python and JavaScript see
# differently (U+001C-U+001F and U+0085 are spaces to Python, U+FEFF to JavaScript).
WORD_SAMPLES = [
    "",
    "   ",
    "one",
    "one two  three\nfour\tfive",
    "a \u2014 b \u2013 c - d",
    "£1,000.50 for 2026-27, i.e. 10%",
    "don't well-being e.g. U.K.",
    "Mae'r gwasanaeth yn helpu dioddefwyr troseddau.",
    "help 🙂 now 👩‍👩‍👧",
    "non\u00a0breaking\u202fnarrow\u2003em",
    "zero\u200bwidth joiner\u200d",
    "file\x1cgroup\x1drecord\x1eunit\x1fend",
    "next\x85line",
    "byte\ufefforder",
    "line\u2028para\u2029end",
    "vertical\x0btab\x0cfeed\rcarriage",
]


def _section_page(round_):
    section = round_.sections.order_by("position").first()
    return section, f"/commissioning/rounds/{round_.pk}/questions/sections/{section.pk}/edit/"


def test_the_browser_counts_words_exactly_as_the_server_does(browser_as):
    page = browser_as("commissioning_officer_a")
    page.goto("/")
    src = page.locator("script[src*='word_count']").get_attribute("src")
    counts = page.evaluate(
        "async ([src, texts]) => { const m = await import(src); return texts.map(m.wordCount); }",
        [src, WORD_SAMPLES],
    )
    assert counts == [word_count(text) for text in WORD_SAMPLES]


def test_the_word_counter_on_a_long_answer_counts_by_the_servers_rule(browser_as):
    from tests.commissioning.builder_factories import round_with_questions

    round_ = round_with_questions()
    question = round_.questions.get(text="Describe the need")
    page = browser_as("commissioning_officer_a")
    page.goto(f"/commissioning/rounds/{round_.pk}/preview/{question.section_id}/")
    box = page.locator(f"#id_q{question.pk}")
    box.fill("a \u2014 b \u2013 c")
    status = page.locator("[data-app-word-count-status]")
    expect(status).to_have_text("You have 245 words remaining")
    expect(page.locator(".govuk-character-count__sr-status")).to_have_text(
        "You have 245 words remaining"
    )
    assert_accessible(page)
    box.fill("word " * 252)
    expect(status).to_have_text("You have 2 words too many")
    assert_accessible(page)


def test_type_wait_for_saved_reload_and_the_text_is_there(browser_as):
    from tests.commissioning.factories import draft_round

    section, url = _section_page(draft_round())
    page = browser_as("commissioning_officer_a")
    page.goto(url)
    box = page.get_by_label("Introduction (optional)", exact=True)
    box.fill("Tell us how victims reach your service, and what happens next.")
    status = page.locator("[data-autosave-status]")
    expect(status).to_have_text(
        re.compile(r"^Saved at \d{1,2}(:\d\d)?(am|pm)$|^Saved at (midday|midnight)$")
    )
    assert_accessible(page)
    page.reload()
    expect(box).to_have_value("Tell us how victims reach your service, and what happens next.")
    section.refresh_from_db()
    assert section.introduction.startswith("Tell us how victims")


def test_with_the_session_expired_type_sign_in_again_confirm_and_the_text_is_there(
    browser_as, live_server, persona_users
):
    from tests.commissioning.factories import draft_round

    section, url = _section_page(draft_round())
    page = browser_as("commissioning_officer_a")
    page.goto(url)
    box = page.get_by_label("Introduction (optional)", exact=True)
    typed = "Written over forty minutes, then the session ran out."
    # The live server runs in this process: its clock moves past the idle limit.
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=45)):
        # Without the autosave (it would only say "not saved"), as with JavaScript off.
        page.evaluate("document.querySelector('form').removeAttribute('data-autosave')")
        box.fill(typed)
        page.get_by_role("button", name="Save the section").click()
        expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
        section.refresh_from_db()
        assert section.introduction != typed
        # Signing in again (the password and a code, as sign_in_persona does).
        key = "commissioning_officer_a"
        client = sign_in_persona(Client(), PERSONAS[key], persona_users[key])
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
        )
        next_url = page.url.split("next=", 1)[1]
        page.goto(unquote(next_url))
        expect(page.get_by_role("heading", name="Check what you typed")).to_be_visible()
        expect(page.get_by_text(typed)).to_be_visible()
        assert_accessible(page)
        page.get_by_role("button", name="Save what you typed").click()
        expect(page.get_by_text("Section saved.")).to_be_visible()
    section.refresh_from_db()
    assert section.introduction == typed
