"""The bid's section page keeps what was typed (issue 20): a POST that arrives after the
session or its CSRF token ran out is never written to the bid; after signing in, an editor of
the organisation sees it, confirms it, and only then is it saved. A viewer is refused. The
autosave script's POST is saved as the button saves and answered with the London time."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commissioning.bids.models import BidAnswer
from commissioning.questions.models import QuestionType
from core.held_posts import COOKIE_NAME
from core.models import HeldPost
from providers.models import MemberRole
from tests.commissioning.bid_factories import member, question_of, started_bid
from tests.harness.personas import sign_in_verified

pytestmark = pytest.mark.django_db

TYPED = "Victims are supported close to home by people they already trust."


@pytest.fixture
def start():
    return timezone.now()


def at(start, minutes=0):
    return time_machine.travel(start + datetime.timedelta(minutes=minutes), tick=False)


@pytest.fixture
def bid(start):
    with at(start):
        return started_bid()


def _text_question(bid):
    return question_of(bid.round, QuestionType.LONG_TEXT)


def _url(bid, question):
    return reverse("commissioning:bid-section", args=[bid.pk, question.section_id])


def _typed(bid, question):
    answer = BidAnswer.objects.filter(bid=bid, question=question).first()
    return None if answer is None else answer.value["typed"].get(f"q{question.pk}")


def _held_token(response):
    (held,) = HeldPost.objects.all()
    assert str(held.token) in response.cookies[COOKIE_NAME].value
    return held.token


def _confirm(client, token):
    confirm = reverse("core:held-post", args=[token])
    page = client.get(confirm)
    assert page.status_code == 200
    html = page.content.decode()
    assert TYPED in html
    data = {}
    if "csrftoken" in client.cookies:
        data["csrfmiddlewaretoken"] = client.cookies["csrftoken"].value
    return client.post(confirm, data)


def test_an_expired_session_holds_the_answer_until_an_editor_confirms_it(start, bid):
    question = _text_question(bid)
    editor = bid.started_by
    client = Client()
    with at(start, 1):
        sign_in_verified(client, editor)
        assert client.get(_url(bid, question)).status_code == 200
    with at(start, 46):
        response = client.post(_url(bid, question), {f"q{question.pk}": TYPED, "later": "1"})
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("core:sign-in"))
        token = _held_token(response)
    assert _typed(bid, question) is None  # never written before confirmation
    with at(start, 50):
        sign_in_verified(client, editor)
        page = client.get(reverse("core:held-post", args=[token]))
        assert question.text in page.content.decode()  # labelled by the question itself
        saved = _confirm(client, token)
    assert saved.status_code == 302
    assert saved["Location"] == reverse("commissioning:bid", args=[bid.pk])
    assert _typed(bid, question) == [TYPED]
    assert not HeldPost.objects.exists()


def test_a_stale_csrf_token_holds_the_answer_until_it_is_confirmed(start, bid):
    question = _text_question(bid)
    client = Client(enforce_csrf_checks=True)
    with at(start, 1):
        sign_in_verified(client, bid.started_by)
        response = client.post(
            _url(bid, question),
            {f"q{question.pk}": TYPED, "later": "1", "csrfmiddlewaretoken": "x" * 64},
        )
        token = _held_token(response)
        assert response["Location"] == reverse("core:held-post", args=[token])
        assert _typed(bid, question) is None
        assert _confirm(client, token).status_code == 302
    assert _typed(bid, question) == [TYPED]


def test_the_typist_made_a_viewer_since_is_refused_the_held_answer(start, bid):
    question = _text_question(bid)
    typist = bid.started_by
    client = Client()
    with at(start, 1):
        sign_in_verified(client, typist)
    with at(start, 46):
        token = _held_token(client.post(_url(bid, question), {f"q{question.pk}": TYPED}))
    typist.organisation_memberships.update(role=MemberRole.VIEWER)
    with at(start, 50):
        sign_in_verified(client, typist)
        confirm = reverse("core:held-post", args=[token])
        assert client.get(confirm).status_code == 403
        assert client.post(confirm).status_code == 403
    assert _typed(bid, question) is None
    assert HeldPost.objects.count() == 1


def test_a_colleague_signed_in_on_the_same_browser_is_told_the_answer_is_not_theirs(start, bid):
    question = _text_question(bid)
    client = Client()
    with at(start, 1):
        sign_in_verified(client, bid.started_by)
    with at(start, 46):
        token = _held_token(
            client.post(_url(bid, question), {f"q{question.pk}": TYPED, "later": "1"})
        )
        colleague = member(bid.organisation, role=MemberRole.EDITOR)
    with at(start, 50):
        sign_in_verified(client, colleague)
        confirm = reverse("core:held-post", args=[token])
        page = client.get(confirm)
        assert page.status_code == 403
        assert "Only the person who typed them can check and save them" in page.content.decode()
        assert TYPED not in page.content.decode()
        assert client.post(confirm).status_code == 403
    assert _typed(bid, question) is None
    with at(start, 55):
        sign_in_verified(client, bid.started_by)
        assert _confirm(client, token).status_code == 302
    assert _typed(bid, question) == [TYPED]


def test_a_form_sent_to_the_section_page_by_nobody_signed_in_is_not_kept(start, bid):
    question = _text_question(bid)
    with at(start, 1):
        response = Client().post(_url(bid, question), {f"q{question.pk}": TYPED})
    assert response["Location"].startswith(reverse("core:sign-in"))
    assert not HeldPost.objects.exists()
    assert _typed(bid, question) is None


def test_autosave_writes_the_section_and_answers_with_the_london_time(start, bid):
    question = _text_question(bid)
    client = Client()
    with at(start, 1):
        sign_in_verified(client, bid.started_by)
        page = client.get(_url(bid, question)).content.decode()
        assert 'data-autosave="true"' in page
        assert 'data-autosave-status aria-live="polite"' in page
        assert 'data-module="app-word-count"' in page  # the word-limited answer
        reply = client.post(
            _url(bid, question), {f"q{question.pk}": TYPED}, headers={"X-Autosave": "1"}
        )
    assert reply.status_code == 200
    assert reply.json()["saved"] is True
    assert reply.json()["message"].startswith("Saved at ")
    assert _typed(bid, question) == [TYPED]


def test_an_autosave_after_the_session_ran_out_is_not_held_nor_written(start, bid):
    question = _text_question(bid)
    client = Client()
    with at(start, 1):
        sign_in_verified(client, bid.started_by)
    with at(start, 46):
        reply = client.post(
            _url(bid, question), {f"q{question.pk}": TYPED}, headers={"X-Autosave": "1"}
        )
    assert reply.status_code != 200 or reply.json()["saved"] is False
    assert _typed(bid, question) is None
    assert not HeldPost.objects.exists()
