import datetime
import re

import pytest

from core import demo
from providers.documents import DocumentStatus, document_status
from providers.models import (
    DueDiligenceDocument,
    MemberRole,
    Organisation,
    OrganisationIdentifier,
    OrganisationMember,
)

pytestmark = pytest.mark.django_db

ANCHOR = datetime.date(2026, 4, 1)


@pytest.fixture
def loaded():
    demo.load(today=ANCHOR)


def test_a_dozen_fictional_providers_across_several_bodies(loaded):
    assert Organisation.objects.count() == 12
    assert all(
        "(fictional)" in name for name in Organisation.objects.values_list("name", flat=True)
    )
    bodies = set(Organisation.areas_served.through.objects.values_list("policingbody", flat=True))
    assert len(bodies) >= 5


def test_every_identifier_is_fictional(loaded):
    for value in OrganisationIdentifier.objects.values_list("value", flat=True):
        assert re.fullmatch(r"(SC)?9999\d*", value), value


def test_every_role_and_every_document_state_appears(loaded):
    assert set(OrganisationMember.objects.values_list("role", flat=True)) == set(MemberRole)
    current = DueDiligenceDocument.objects.filter(replaced_at__isnull=True)
    states = {document_status(valid_until=d.valid_until, today=ANCHOR) for d in current}
    assert states == {DocumentStatus.IN_DATE, DocumentStatus.EXPIRING, DocumentStatus.OUT_OF_DATE}
    assert DueDiligenceDocument.objects.filter(replaced_by__isnull=False).exists()
    assert Organisation.objects.exclude(documents__kind="equality-policy").exists()  # missing


def test_loading_again_changes_nothing(loaded):
    counts = (Organisation.objects.count(), DueDiligenceDocument.objects.count())
    demo.load(today=ANCHOR + datetime.timedelta(days=3))
    assert (Organisation.objects.count(), DueDiligenceDocument.objects.count()) == counts


def test_riverside_shows_a_change_of_legal_form_with_its_old_numbers(loaded):
    riverside = Organisation.objects.get(name__startswith="Riverside")
    assert riverside.org_id == "GB-CHC-9999101"
    past = riverside.identifiers.filter(valid_until__isnull=False)
    assert {i.org_id for i in past} == {"GB-CHC-9999100", "GB-COH-99990101"}


def test_an_organisation_has_every_document_complete_and_in_date(loaded):
    from providers.due_diligence import DueDiligence, due_diligence_refresh

    bridgeway = Organisation.objects.filter(name__startswith="Bridgeway")
    assert bridgeway.get().due_diligence == DueDiligence.COMPLETE
    # Still so a month on: the demo keeps running for weeks after it is loaded.
    due_diligence_refresh(bridgeway, today=ANCHOR + datetime.timedelta(days=31))
    assert bridgeway.get().due_diligence == DueDiligence.COMPLETE
