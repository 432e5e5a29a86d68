"""Held answers (core/held_posts.py) on the builder's help-text page: a form sent after the
session or its CSRF token ran out is never applied; after signing in, someone who may edit
the page sees what was typed and confirms it; anyone else is refused."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from commissioning.questions.models import Question
from core.held_posts import COOKIE_NAME, held_posts_delete_expired
from core.models import HeldPost, Role
from tests.commissioning.factories import draft_round, officer
from tests.core.factories import MembershipFactory
from tests.harness.personas import sign_in_verified

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
TYPED = "Describe the outcomes for victims over the whole grant, in plain words."


def at(minutes=0):
    return time_machine.travel(START + datetime.timedelta(minutes=minutes), tick=False)


@pytest.fixture
def question():
    with at(-60):
        round_ = draft_round()
    return Question.objects.filter(section__round=round_).order_by("pk").first()


def _url(question):
    return reverse(
        "commissioning:question-help-text", args=[question.section.round_id, question.pk]
    )


def _held_token(response):
    """The held form's token, from the confirmation address the response goes to."""
    (held,) = HeldPost.objects.all()
    assert str(held.token) in response.cookies[COOKIE_NAME].value
    return held.token


def _confirm(client, token):
    page = client.get(reverse("core:held-post", args=[token]))
    assert page.status_code == 200
    assert TYPED in page.content.decode()
    data = {}
    if "csrftoken" in client.cookies:
        data["csrfmiddlewaretoken"] = client.cookies["csrftoken"].value
    return client.post(reverse("core:held-post", args=[token]), data)


def test_a_session_that_ran_out_mid_answer_keeps_the_answer_until_it_is_confirmed(question):
    editor = officer()
    client = Client()
    with at(0):
        sign_in_verified(client, editor)
        assert client.get(_url(question)).status_code == 200
    with at(45):
        response = client.post(_url(question), {"help_text": TYPED, "help_text_cy": ""})
        token = _held_token(response)
        confirm = reverse("core:held-post", args=[token])
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("core:sign-in"))
        assert confirm in response["Location"]
    question.refresh_from_db()
    assert question.help_text != TYPED
    with at(50):
        assert client.get(confirm).status_code == 302  # signed out: sign in first
        sign_in_verified(client, editor)
        saved = _confirm(client, token)
    assert saved.status_code == 302
    assert saved["Location"] == reverse("commissioning:builder", args=[question.section.round_id])
    question.refresh_from_db()
    assert question.help_text == TYPED
    assert not HeldPost.objects.exists()


def test_a_stale_csrf_token_keeps_the_answer_until_it_is_confirmed(question):
    editor = officer()
    client = Client(enforce_csrf_checks=True)
    with at(0):
        sign_in_verified(client, editor)
        response = client.post(
            _url(question),
            {"help_text": TYPED, "help_text_cy": "", "csrfmiddlewaretoken": "x" * 64},
        )
        token = _held_token(response)
        assert response.status_code == 302
        assert response["Location"] == reverse("core:held-post", args=[token])
        question.refresh_from_db()
        assert question.help_text != TYPED
        saved = _confirm(client, token)
    assert saved.status_code == 302
    question.refresh_from_db()
    assert question.help_text == TYPED


def test_a_form_sent_with_no_session_at_all_is_not_kept(question):
    """Nobody signed in typed it: held, it would be anyone's to confirm."""
    client = Client()
    with at(0):
        response = client.post(_url(question), {"help_text": TYPED})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:sign-in"))
    assert COOKIE_NAME not in response.cookies
    assert not HeldPost.objects.exists()


def test_a_held_answer_is_refused_to_someone_else_signed_in_on_the_same_browser(question):
    typist = officer()
    client = Client()
    with at(0):
        sign_in_verified(client, typist)
    with at(45):
        token = _held_token(client.post(_url(question), {"help_text": TYPED}))
    # Another officer of the lead body: may edit the page too, but did not type this.
    colleague = MembershipFactory(
        body=question.section.round.lead_body, role=Role.COMMISSIONING_OFFICER
    ).user
    with at(50):
        sign_in_verified(client, colleague)
        confirm = reverse("core:held-post", args=[token])
        page = client.get(confirm)
        assert page.status_code == 403
        html = page.content.decode()
        assert "Someone else typed these answers" in html
        assert TYPED not in html
        assert client.post(confirm, {"confirm": "yes"}).status_code == 403
    question.refresh_from_db()
    assert question.help_text != TYPED
    assert HeldPost.objects.get().sent_by == typist


def test_a_held_answer_is_refused_to_its_typist_who_may_no_longer_edit_the_page(question):
    typist = officer()
    client = Client()
    with at(0):
        sign_in_verified(client, typist)
    with at(45):
        token = _held_token(client.post(_url(question), {"help_text": TYPED}))
    typist.memberships.update(role=Role.FINANCE_OFFICER)
    with at(50):
        sign_in_verified(client, typist)
        confirm = reverse("core:held-post", args=[token])
        assert client.get(confirm).status_code == 403
        assert client.post(confirm).status_code == 403
    question.refresh_from_db()
    assert question.help_text != TYPED
    assert HeldPost.objects.count() == 1


def test_a_held_answer_is_not_found_without_the_browsers_cookie(question):
    sender = Client()
    with at(0):
        sign_in_verified(sender, officer())
    with at(45):
        token = _held_token(sender.post(_url(question), {"help_text": TYPED}))
    other_browser = Client()
    with at(50):
        sign_in_verified(other_browser, officer())
        assert other_browser.get(reverse("core:held-post", args=[token])).status_code == 404


def test_a_page_that_did_not_opt_in_keeps_nothing(question):
    client = Client()
    with at(0):
        sign_in_verified(client, officer())
    with at(45):
        response = client.post(
            reverse("commissioning:edit", args=[question.section.round_id]), {"title": "X"}
        )
    assert response["Location"].startswith(reverse("core:sign-in"))
    assert not HeldPost.objects.exists()


def test_held_answers_are_forgotten_after_24_hours(question):
    client = Client()
    with at(-45):
        sign_in_verified(client, officer())
    with at(0):
        response = client.post(_url(question), {"help_text": TYPED})
    _held_token(response)
    with at(24 * 60 - 1):
        assert held_posts_delete_expired() == 0
    with at(24 * 60):
        assert held_posts_delete_expired() == 1
        assert held_posts_delete_expired() == 0


def test_a_form_another_website_posts_is_not_held(question):
    client = Client(enforce_csrf_checks=True)
    with at(0):
        sign_in_verified(client, officer())
        response = client.post(
            _url(question),
            {"help_text": "Forged", "csrfmiddlewaretoken": "x" * 64},
            headers={"Origin": "https://attacker.example"},
        )
    assert response.status_code == 403
    assert not HeldPost.objects.exists()


def test_an_autosave_after_the_session_ran_out_is_not_held(question):
    client = Client()
    with at(0):
        sign_in_verified(client, officer())
    with at(45):
        response = client.post(_url(question), {"help_text": TYPED}, headers={"X-Autosave": "1"})
    assert response.status_code == 302
    assert not HeldPost.objects.exists()


def test_a_held_answer_past_the_size_limit_is_not_kept(question, settings):
    settings.HELD_POST_MAX_BYTES = 1000
    client = Client()
    with at(0):
        sign_in_verified(client, officer())
    with at(45):
        response = client.post(_url(question), {"help_text": "x" * 1001})
    assert response["Location"].startswith(reverse("core:sign-in"))
    assert not HeldPost.objects.exists()


def test_a_person_keeps_at_most_the_newest_held_answers(question, settings):
    settings.HELD_POST_MAX_PER_PERSON = 3
    typist = officer()
    kept = []
    for attempt in range(5):
        client = Client()
        with at(attempt * 60):
            sign_in_verified(client, typist)
        with at(attempt * 60 + 45):
            client.post(_url(question), {"help_text": f"Attempt {attempt}"})
            kept.append(HeldPost.objects.latest("pk").pk)
    held = HeldPost.objects.filter(sent_by=typist).order_by("pk")
    assert list(held.values_list("pk", flat=True)) == kept[-3:]
    assert [h.data["help_text"] for h in held] == [["Attempt 2"], ["Attempt 3"], ["Attempt 4"]]
