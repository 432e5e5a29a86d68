import pytest
from django.urls import reverse

from providers.models import MemberRole
from tests.core.factories import MembershipFactory, UserFactory
from tests.providers.factories import MemberFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_a_site_admin_appoints_an_administrator_when_none_is_reachable(signed_in):
    client = signed_in("site_admin")
    organisation = OrganisationFactory()
    viewer = MemberFactory(organisation=organisation, role="viewer")
    url = reverse("admin:providers_organisation_appoint_administrator", args=[organisation.pk])
    change = reverse("admin:providers_organisation_change", args=[organisation.pk])
    assert "Appoint an administrator" in client.get(change).content.decode()
    response = client.post(url, {"email": viewer.user.email.upper()})
    assert response.status_code == 302
    viewer.refresh_from_db()
    assert viewer.role == MemberRole.ADMINISTRATOR


def test_office_staff_cannot_be_appointed(signed_in):
    client = signed_in("site_admin")
    organisation = OrganisationFactory()
    staff = MembershipFactory().user
    url = reverse("admin:providers_organisation_appoint_administrator", args=[organisation.pk])
    body = client.post(url, {"email": staff.email}).content.decode()
    assert "cannot be members of a provider" in body
    assert not organisation.members.exists()


def test_only_site_admins_may_appoint(signed_in, client):
    organisation = OrganisationFactory()
    url = reverse("admin:providers_organisation_appoint_administrator", args=[organisation.pk])
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
