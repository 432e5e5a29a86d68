"""The issue's "done when": an officer of one body finds a provider registered in another
body's area by a word in its description, filters to in-date due diligence, opens it,
downloads a document and verifies it; a colleague in a third body sees the verification."""

import pytest
from django.urls import reverse

from providers.models import ProviderVerification
from tests.providers.registry_helpers import documents_in_date, provider

pytestmark = pytest.mark.django_db


def test_an_officer_finds_checks_and_verifies_a_provider_and_a_third_body_sees_it(
    client, persona_users
):
    from django.test import Client

    from tests.harness.personas import PERSONAS, sign_in_persona

    # Registered in Merseyside: neither body A (Avon and Somerset) nor B (Dyfed-Powys).
    found = provider(
        name="Fictional Kestrel Trust",
        description="Trauma-informed counselling for survivors of stalking.",
        areas=("merseyside",),
    )
    documents = documents_in_date(found)
    lapsed = provider(name="Fictional Stalking Help", description="Help after stalking.")
    documents_in_date(lapsed, valid_for_days=-1)

    officer = sign_in_persona(
        client, PERSONAS["commissioning_officer_a"], persona_users["commissioning_officer_a"]
    )
    search = reverse("providers:registry-search")
    page = officer.get(search, {"q": "stalking"}).content.decode()
    assert "Fictional Kestrel Trust" in page
    assert "Fictional Stalking Help" in page

    page = officer.get(search, {"q": "stalking", "due_diligence": "complete"}).content.decode()
    assert "Fictional Kestrel Trust" in page
    assert "Fictional Stalking Help" not in page

    detail = reverse("providers:registry-detail", kwargs={"pk": found.pk})
    page = officer.get(detail).content.decode()
    assert "Complete and in date" in page
    download = reverse("core:file-download", kwargs={"uuid": documents[0].file.uuid})
    assert download in page
    response = officer.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")

    verify = reverse("providers:registry-verify", kwargs={"pk": found.pk})
    response = officer.post(
        verify,
        {
            "identifiers_checked": "on",
            "documents": [d.pk for d in documents],
            "note": "Checked against the Charity Commission register.",
        },
    )
    assert response.status_code == 302
    verification = ProviderVerification.objects.get(organisation=found)
    assert verification.body.slug == "avon-and-somerset"
    assert set(verification.documents.all()) == set(documents)

    colleague = sign_in_persona(Client(), PERSONAS["staff_b"], persona_users["staff_b"])
    page = colleague.get(detail).content.decode()
    assert "Commissioning Officer A" in page
    assert "Checked against the Charity Commission register." in page
    assert "Holds" in page
    listed = colleague.get(search, {"q": "stalking", "verification": "verified"}).content.decode()
    assert "Fictional Kestrel Trust" in listed
    assert "Fictional Stalking Help" not in listed
