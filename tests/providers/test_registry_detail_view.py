"""The provider's page for staff: profile, members by name and role, documents, identifier
history, verifications, this body's notes and the audit trail; in flat queries."""

import pytest
from django.urls import reverse
from django.utils import timezone

from core.audit import system_actor
from core.models import PolicingBody
from providers.models import ProviderNote, ProviderVerification
from providers.services.organisations import organisation_update
from tests.harness.queries import assert_flat_queries
from tests.providers.factories import DocumentFactory, MemberFactory
from tests.providers.registry_helpers import provider

pytestmark = pytest.mark.django_db


def detail(organisation):
    return reverse("providers:registry-detail", kwargs={"pk": organisation.pk})


def test_staff_see_members_by_name_and_role_but_not_their_email(signed_in):
    organisation = provider(name="Fictional Page Trust")
    member = MemberFactory(organisation=organisation, role="editor")
    page = signed_in("staff_b").get(detail(organisation)).content.decode()
    assert member.user.full_name in page
    assert member.user.email not in page
    assert "Editor" in page


def test_the_change_history_shows_profile_changes_with_who_made_them(signed_in):
    organisation = provider(name="Fictional Old Name")
    with system_actor("test"):
        organisation_update(organisation=organisation, name="Fictional New Name")
    page = signed_in("commissioning_officer_a").get(detail(organisation)).content.decode()
    assert "Changed: name" in page
    assert "Registered" in page
    assert '<td class="govuk-table__cell">System</td>' in page


def test_the_change_history_says_demo_data_never_a_command_name(signed_in):
    with system_actor("demo_load"):
        organisation = provider(name="Fictional Demo Trust")
    page = signed_in("commissioning_officer_a").get(detail(organisation)).content.decode()
    assert '<td class="govuk-table__cell">Demo data</td>' in page
    assert "demo_load" not in page


def test_an_unknown_organisation_is_not_found(signed_in):
    response = signed_in("commissioning_officer_a").get(
        reverse("providers:registry-detail", kwargs={"pk": 999999})
    )
    assert response.status_code == 404


def test_the_page_runs_the_same_queries_for_3_or_300_of_everything(signed_in, persona_users):
    """Queries: session, user, roles, second-factor device; the profile with its areas,
    services, groups and current numbers; past numbers; members; documents; verifications
    and the documents they checked; this body's notes; the audit trail of the profile and
    of its numbers."""
    organisation = provider(name="Fictional Busy Trust")
    officer = persona_users["commissioning_officer_a"]
    body = PolicingBody.objects.get(slug="avon-and-somerset")
    client = signed_in("commissioning_officer_a")

    def make_rows(n):
        made = []
        for i in range(n):
            member = MemberFactory(organisation=organisation, role="viewer")
            if i == 0:
                # Each call adds a version of the accounts: the newest is current.
                from providers.models import DueDiligenceDocument

                DueDiligenceDocument.objects.filter(
                    organisation=organisation, replaced_at__isnull=True
                ).update(replaced_at=timezone.now())
                DocumentFactory(organisation=organisation, kind="accounts")
            verification = ProviderVerification.objects.create(
                organisation=organisation,
                checked_by=officer,
                body=body,
                identifiers_checked=True,
                note=f"check {member.pk}",
            )
            ProviderNote.objects.create(
                organisation=organisation, body=body, author=officer, text=f"note {i} {member.pk}"
            )
            made.append((member, verification))
        return made

    assert_flat_queries(
        client,
        detail(organisation),
        make_rows=make_rows,
        expect=lambda rows: [member.user.full_name for member, _ in rows],
    )
