"""Notes that staff keep about a provider: visible only within their own body."""

import pytest
from django.urls import reverse

from providers.models import ProviderNote

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation():
    from tests.providers.registry_helpers import provider

    return provider(name="Fictional Noted Trust")


def test_a_note_is_kept_for_the_writers_body(signed_in, organisation):
    client = signed_in("commissioning_officer_a")
    url = reverse("providers:registry-note-add", kwargs={"pk": organisation.pk})
    response = client.post(url, {"text": "Spoke to their director about the refuge."})
    assert response.status_code == 302
    note = ProviderNote.objects.get()
    assert note.body.slug == "avon-and-somerset"
    page = client.get(reverse("providers:registry-detail", kwargs={"pk": organisation.pk}))
    assert "Spoke to their director" in page.content.decode()


def test_notes_of_one_body_never_show_to_another(signed_in, persona_users, organisation):
    signed_in("staff_b").post(
        reverse("providers:registry-note-add", kwargs={"pk": organisation.pk}),
        {"text": "Body B's private view."},
    )
    client = signed_in("commissioning_officer_a")
    page = client.get(reverse("providers:registry-detail", kwargs={"pk": organisation.pk}))
    assert "Body B&#x27;s private view." not in page.content.decode()
    assert "Body B" not in page.content.decode()


def test_an_empty_note_is_refused(signed_in, organisation):
    client = signed_in("finance_officer_a")
    response = client.post(
        reverse("providers:registry-note-add", kwargs={"pk": organisation.pk}), {"text": " "}
    )
    assert response.status_code == 200
    assert "Enter the note" in response.content.decode()
    assert not ProviderNote.objects.exists()
