"""The home panel for commissioning officers, navigation, the beat entry and public files."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from commissioning import services
from commissioning.models import RoundStatus
from tests.commissioning.factories import draft_round, officer, round_through
from tests.core.factories import StoredFileFactory
from tests.providers.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_officers_see_rounds_by_state_and_what_needs_them(signed_in):
    client = signed_in("commissioning_officer_a")
    draft_round(title="A draft round")
    asked = round_through(RoundStatus.SCHEDULED, title="Round with a question")
    services.clarification_ask(
        round=asked, organisation=OrganisationFactory(), by=None, question="May we?"
    )
    page = client.get(reverse("core:home")).content.decode()
    assert "Funding rounds" in page
    assert "Round with a question" in page
    assert "1 question to answer" in page


def test_people_without_an_editing_role_see_no_rounds_panel(signed_in):
    page = signed_in("panel_member_a").get(reverse("core:home")).content.decode()
    assert "questions to answer" not in page
    assert "Your body&#x27;s rounds" not in page


def test_navigation_for_staff_and_providers(signed_in, persona_users):
    staff = signed_in("finance_officer_a").get(reverse("core:home")).content.decode()
    assert reverse("commissioning:list") in staff
    provider = Client()
    provider.force_login(persona_users["provider_admin_x"])
    page = provider.get(reverse("core:home")).content.decode()
    assert reverse("commissioning:public-list") in page


def test_the_start_page_links_to_the_listing(client):
    assert reverse("commissioning:public-list") in client.get("/").content.decode()


def test_beat_records_the_clock_every_minute():
    entry = settings.CELERY_BEAT_SCHEDULE["commissioning-round-clock"]
    assert entry["task"] == "commissioning.tasks.round_clock"
    assert entry["schedule"].minute == set(range(60))


def test_documents_are_public_once_scheduled_and_private_before():
    round_ = draft_round()
    stored = StoredFileFactory()
    services.round_document_set(
        round=round_, by=officer(), field="specification", stored_file=stored
    )
    url = reverse("core:file-download", args=[stored.uuid])
    before = Client().get(url)
    assert before.status_code == 302
    assert before["Location"].startswith(reverse("core:sign-in"))
    services.round_transition(round=round_, to=RoundStatus.SCHEDULED, by=officer())
    after = Client().get(url)
    assert after.status_code == 200
    assert b"".join(after.streaming_content)
    after.close()
