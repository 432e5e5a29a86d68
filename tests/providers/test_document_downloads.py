"""Due-diligence documents through core's one download view: members of the organisation,
and office staff of any body (the national registry). (core:file-download is declared once
in the matrix, for a generated file.)"""

import pytest
from django.test import Client
from django.urls import reverse

from tests.harness.matrix import LOGIN, NOT_FOUND, OK, STAFF_ALL, VERIFY
from tests.harness.personas import PERSONAS, sign_in_persona
from tests.permissions.objects import Objects
from tests.permissions.test_matrix import outcome_of

pytestmark = pytest.mark.django_db

EXPECTED = {
    **dict.fromkeys(PERSONAS, NOT_FOUND),
    "anonymous": LOGIN,
    "inactive_staff_a": LOGIN,
    "unverified_staff_a": VERIFY,
    "provider_admin_x": OK,
    "provider_editor_x": OK,
    "provider_viewer_x": OK,
    # Office staff of every body check documents through the registry.
    **dict.fromkeys(STAFF_ALL, OK),
}


@pytest.mark.parametrize("persona", list(PERSONAS))
def test_members_and_office_staff_download_the_organisations_documents(persona, persona_users):
    document = Objects(persona_users).document_x
    client = sign_in_persona(Client(), PERSONAS[persona], persona_users[persona])
    response = client.get(reverse("core:file-download", kwargs={"uuid": document.file.uuid}))
    if response.streaming:
        b"".join(response.streaming_content)
    assert outcome_of(response) == EXPECTED[persona]
