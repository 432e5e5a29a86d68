"""Autosave's server side (core.pages.autosave_reply) on the builder's section page: the
script's POST (header X-Autosave: 1) is saved as the button would save it and answered in
JSON with the London time; an invalid form saves nothing."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from commissioning.questions.models import Section
from tests.commissioning.factories import draft_round, officer
from tests.harness.personas import sign_in_verified

pytestmark = pytest.mark.django_db
# 10:42 in London in summer time is 09:42 UTC.
MOMENT = datetime.datetime(2026, 6, 2, 9, 42, 5, tzinfo=datetime.UTC)


@pytest.fixture
def section():
    return Section.objects.filter(round=draft_round()).order_by("pk").first()


def _autosave(client, section, data):
    url = reverse("commissioning:section-edit", args=[section.round_id, section.pk])
    return client.post(url, data, headers={"X-Autosave": "1"})


def test_an_autosave_is_saved_and_answered_with_the_london_time(section):
    client = Client()
    with time_machine.travel(MOMENT, tick=False):
        sign_in_verified(client, officer())
        reply = _autosave(client, section, {"title": "Outcomes", "introduction": "Half a thought"})
    assert reply.status_code == 200
    assert reply.json()["saved"] is True
    assert reply.json()["message"] == "Saved at 10:42am"
    section.refresh_from_db()
    assert section.introduction == "Half a thought"


def test_an_invalid_autosave_saves_nothing_and_says_so(section):
    client = sign_in_verified(Client(), officer())
    before = section.title
    reply = _autosave(client, section, {"title": "", "introduction": "Typed"}).json()
    assert reply["saved"] is False
    assert "title" in reply["errors"]
    assert "Not saved yet" in reply["message"]
    section.refresh_from_db()
    assert (section.title, section.introduction) != ("", "Typed")
    assert section.title == before


def test_the_page_marks_its_form_for_autosave_with_a_polite_status(section):
    client = sign_in_verified(Client(), officer())
    url = reverse("commissioning:section-edit", args=[section.round_id, section.pk])
    html = client.get(url).content.decode()
    assert 'data-autosave="true"' in html
    assert 'data-autosave-status aria-live="polite"' in html
