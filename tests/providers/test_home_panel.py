import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.vocabularies import LegalForm
from providers.documents import DocumentKind
from tests.core.factories import UserFactory
from tests.providers.factories import DocumentFactory, MemberFactory, StatutoryBodyFactory

pytestmark = pytest.mark.django_db


def home(client):
    return client.get(reverse("core:home")).content.decode()


def test_a_provider_without_an_organisation_is_asked_to_register_one(client):
    client.force_login(UserFactory())
    body = home(client)
    assert reverse("providers:organisation-register") in body


def test_the_home_page_lists_what_is_missing_out_of_date_or_expiring_with_the_fix(client):
    today = timezone.localdate()
    member = MemberFactory(
        organisation=StatutoryBodyFactory(legal_form=LegalForm.STATUTORY_BODY), role="editor"
    )
    organisation = member.organisation
    DocumentFactory(
        organisation=organisation,
        kind=DocumentKind.INSURANCE,
        document_date=today + datetime.timedelta(days=10),
    )
    client.force_login(member.user)
    body = home(client)
    upload = reverse(
        "providers:document-upload", kwargs={"pk": organisation.pk, "kind": "safeguarding-policy"}
    )
    assert "Upload the safeguarding policy" in body
    assert upload in body
    assert "Upload a new version of the insurance certificate" in body
    assert "Expiring soon" in body
    # Documents a statutory body need not keep are not asked for.
    assert "latest accounts" not in body


def test_an_out_of_date_document_is_on_the_home_page(client):
    member = MemberFactory()
    DocumentFactory(
        organisation=member.organisation,
        kind=DocumentKind.SAFEGUARDING_POLICY,
        document_date=timezone.localdate() - datetime.timedelta(days=400),
    )
    client.force_login(member.user)
    body = home(client)
    assert "Out of date since" in body


def test_the_home_page_shows_the_profile_and_the_members(client):
    member = MemberFactory(user__full_name="Ada Admin")
    MemberFactory(organisation=member.organisation, role="viewer", user__full_name="Vic Viewer")
    client.force_login(member.user)
    body = home(client)
    assert member.organisation.org_id in body
    assert "Vic Viewer" in body
    assert "2 members" in body
    assert reverse("providers:member-list", kwargs={"pk": member.organisation_id}) in body


def test_staff_see_no_provider_panel(signed_in):
    body = home(signed_in("commissioning_officer_a"))
    assert "Register your organisation" not in body


def test_administrators_see_who_asks_to_join(client):
    from tests.providers.factories import JoinRequestFactory

    admin = MemberFactory()
    join_request = JoinRequestFactory(organisation=admin.organisation, user__full_name="Sol Reyes")
    client.force_login(admin.user)
    body = home(client)
    assert "Decide whether Sol Reyes may join" in body
    assert (
        reverse(
            "providers:join-request-decide",
            kwargs={"pk": admin.organisation_id, "request_pk": join_request.pk},
        )
        in body
    )
    viewer = MemberFactory(organisation=admin.organisation, role="viewer")
    client.force_login(viewer.user)
    assert "Sol Reyes" not in home(client)
