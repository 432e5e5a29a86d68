"""Two colleagues saving one section (issue 20): each page carries the section's version it
was read at; a save from an older version is not written, and the second person is shown
both versions (theirs as typed, in the form; the colleague's as saved) to choose or merge."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from commissioning.bids import services
from commissioning.bids.errors import SectionChanged
from commissioning.bids.models import BidAnswer, BidSectionVersion
from commissioning.questions.models import QuestionType
from tests.commissioning.bid_factories import form_data, member, question_of, started_bid

MINE = "We run a helpline every evening, staffed by trained volunteers."
THEIRS = "We visit victims at home within two days of a referral."


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def _typed(bid, question):
    answer = BidAnswer.objects.get(bid=bid, question=question)
    return answer.value["typed"][f"q{question.pk}"]


def _url(bid, question):
    return reverse("commissioning:bid-section", args=[bid.pk, question.section_id])


@pytest.mark.django_db
def test_a_save_from_an_older_version_is_not_written_and_shows_both_versions():
    bid = started_bid()
    question = question_of(bid.round, QuestionType.LONG_TEXT)
    first, second = signed_in(bid.started_by), signed_in(member(bid.organisation))
    # Both open the section at version 0.
    for client in (first, second):
        page = client.get(_url(bid, question)).content.decode()
        assert 'name="section_version" value="0"' in page
    saved = first.post(
        _url(bid, question), {f"q{question.pk}": THEIRS, "later": "1", "section_version": "0"}
    )
    assert saved.status_code == 302
    refused = second.post(
        _url(bid, question), {f"q{question.pk}": MINE, "later": "1", "section_version": "0"}
    )
    assert refused.status_code == 200
    assert _typed(bid, question) == [THEIRS]  # not overwritten
    html = refused.content.decode()
    assert "A colleague saved this section after you opened it" in html
    assert THEIRS in html  # the colleague's, as saved
    assert MINE in html  # theirs, as typed, in the form
    assert "Use your colleague's version" in html
    assert "<title>Error:" not in html
    assert 'name="section_version" value="1"' in html  # saving now keeps the form
    # Merge by hand, then save from the version just read.
    merged = f"{THEIRS} {MINE}"
    kept = second.post(
        _url(bid, question), {f"q{question.pk}": merged, "later": "1", "section_version": "1"}
    )
    assert kept.status_code == 302
    assert _typed(bid, question) == [merged]
    assert BidSectionVersion.objects.get(bid=bid, section=question.section).version == 2


@pytest.mark.django_db
def test_an_autosave_moves_the_version_on_and_a_stale_autosave_writes_nothing():
    bid = started_bid()
    question = question_of(bid.round, QuestionType.LONG_TEXT)
    client = signed_in(bid.started_by)
    reply = client.post(
        _url(bid, question),
        {f"q{question.pk}": THEIRS, "section_version": "0"},
        headers={"X-Autosave": "1"},
    ).json()
    assert reply["saved"] is True
    assert reply["fields"] == {"section_version": 1}
    stale = client.post(
        _url(bid, question),
        {f"q{question.pk}": MINE, "section_version": "0"},
        headers={"X-Autosave": "1"},
    ).json()
    assert stale["saved"] is False
    assert "colleague" in stale["message"]
    assert _typed(bid, question) == [THEIRS]


@pytest.mark.django_db(transaction=True)
def test_two_colleagues_saving_one_section_at_once_from_two_threads():
    bid = started_bid()
    question = question_of(bid.round, QuestionType.LONG_TEXT)
    people = [bid.started_by, member(bid.organisation)]
    start = threading.Barrier(2)
    outcomes = {}

    def save(person, text):
        try:
            start.wait()
            services.bid_section_save(
                bid=bid,
                section=question.section,
                by=person,
                data=form_data({f"q{question.pk}": text}),
                read_version=0,
            )
            outcomes[text] = "saved"
        except SectionChanged as error:
            outcomes[text] = f"changed:{error.extra['version']}"
        except Exception as error:
            outcomes[text] = type(error).__name__
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(person, text))
        for person, text in zip(people, (MINE, THEIRS), strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes.values()) == ["changed:1", "saved"]
    (winner,) = [text for text, outcome in outcomes.items() if outcome == "saved"]
    assert _typed(bid, question) == [winner]
    assert BidSectionVersion.objects.get(bid=bid, section=question.section).version == 1
