import pytest
from django.urls import reverse

from core.models import PolicingBody, ServiceCategory
from providers.models import JoinRequest, Organisation
from tests.providers.factories import MemberFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def form(**overrides):
    return {
        "name": "Fictional Haven Trust",
        "legal_form": "cio",
        "charity_regulator": "ccew",
        "charity_number": "9999555",
        "company_number": "",
        "address_line_1": "3 Example Lane",
        "town": "Bristol",
        "postcode": "bs1 5th",
        "description": "Refuge places for women and children.",
        "areas_served": [PolicingBody.objects.get(slug="avon-and-somerset").pk],
        "service_categories": [ServiceCategory.objects.get(slug="advocacy").pk],
        "income_band": "100k-1m",
        "safeguarding_lead_name": "Sam Lead",
        "safeguarding_lead_email": "sam@example.org",
        **overrides,
    }


@pytest.fixture
def provider(client):
    from tests.core.factories import UserFactory

    user = UserFactory()
    client.force_login(user)
    return user


def test_registering_makes_it_the_organisation_you_work_for(client, provider):
    response = client.post(reverse("providers:organisation-register"), form())
    assert response.url == reverse("core:home")
    organisation = Organisation.objects.get()
    assert organisation.org_id == "GB-CHC-9999555"
    home = client.get(reverse("core:home")).content.decode()
    assert "Fictional Haven Trust" in home
    assert "Upload the latest accounts" in home


def test_a_malformed_number_is_shown_beside_its_field_and_the_rest_is_kept(client, provider):
    response = client.post(reverse("providers:organisation-register"), form(charity_number="12-34"))
    body = response.content.decode()
    assert "<title>Error:" in body
    assert "6 or 7 digits" in body
    assert 'value="Fictional Haven Trust"' in body
    assert 'value="12-34"' in body
    assert "Refuge places for women and children." in body
    assert not Organisation.objects.exists()


def test_a_number_the_legal_form_does_not_have_is_refused(client, provider):
    body = client.post(
        reverse("providers:organisation-register"), form(company_number="01234567")
    ).content.decode()
    assert "has no company number" in body


def test_registering_an_organisation_again_leads_to_a_join_request(
    client, provider, mailoutbox, sending
):
    existing = MemberFactory(organisation=OrganisationFactory(charity_number="9999555"))
    body = client.post(
        reverse("providers:organisation-register"), form(charity_number="9999555 ")
    ).content.decode()
    assert "is already registered with this charity number" in body
    assert reverse("providers:join-request-new") in body
    page = client.get(reverse("providers:join-request-new")).content.decode()
    assert existing.organisation.name in page
    with sending():
        response = client.post(reverse("providers:join-request-new"), {"message": "Hello"})
    assert "Request sent" in response.content.decode()
    assert JoinRequest.objects.get().user == provider
    assert mailoutbox[0].to == [existing.user.email]
    assert Organisation.objects.count() == 1


def test_office_staff_cannot_register_a_provider(signed_in):
    response = signed_in("commissioning_officer_a").get(reverse("providers:organisation-register"))
    assert response.status_code == 403


def test_an_administrator_changes_the_legal_form_and_keeps_the_old_number(signed_in, persona_users):
    client = signed_in("provider_admin_x")
    organisation = persona_users["provider_admin_x"].organisation_memberships.get().organisation
    response = client.post(
        reverse("providers:identifiers-edit", kwargs={"pk": organisation.pk}),
        {"legal_form": "cio", "charity_regulator": "ccew", "charity_number": "9999777"},
    )
    assert response.status_code == 302
    page = client.get(reverse("providers:organisation-detail", kwargs={"pk": organisation.pk}))
    body = page.content.decode()
    assert "9999777" in body
    assert "Numbers the organisation used to have" in body
    assert "9999991" in body


def test_an_editor_cannot_change_the_profile(signed_in, persona_users):
    client = signed_in("provider_editor_x")
    organisation = persona_users["provider_editor_x"].organisation_memberships.get().organisation
    url = reverse("providers:organisation-edit", kwargs={"pk": organisation.pk})
    assert client.get(url).status_code == 403


def test_switching_organisation_changes_the_home_page(client, provider):
    first = MemberFactory(user=provider, organisation__name="First Fictional Org").organisation
    second = MemberFactory(user=provider, organisation__name="Second Fictional Org").organisation
    client.post(reverse("providers:organisation-switch", kwargs={"pk": second.pk}))
    home = client.get(reverse("core:home")).content.decode()
    assert "Second Fictional Org" in home
    assert "First Fictional Org" not in home
    client.post(reverse("providers:organisation-switch", kwargs={"pk": first.pk}))
    home = client.get(reverse("core:home")).content.decode()
    assert "First Fictional Org" in home
    assert "Second Fictional Org" not in home


def test_the_error_summary_lists_problems_in_the_order_of_the_page(client, provider):
    body = client.post(
        reverse("providers:organisation-register"), {"legal_form": "cio"}
    ).content.decode()
    summary = body[body.index("There is a problem") :]
    order = [
        "Enter the organisation&#x27;s name",
        "Enter the charity number",
        "Enter address line 1",
        "Enter the safeguarding lead&#x27;s email address",
    ]
    positions = [summary.index(text) for text in order]
    assert positions == sorted(positions)
