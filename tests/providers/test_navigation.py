"""Provider navigation: the organisation a person works for (kept in the session, switched
from "Your organisations" when they belong to several), its members and documents, and the
items other apps add to it through core.navigation."""

import re

import pytest
from django.urls import reverse

from core import navigation
from providers.models import MemberRole
from providers.navigation import PROVIDER_ORGANISATION
from tests.core.factories import UserFactory
from tests.core.test_look import navigation_labels
from tests.providers.factories import MemberFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(client):
    user = UserFactory()
    client.force_login(user)
    return user


def home(client):
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    return response.content.decode()


def navigation_urls(html):
    return re.findall(
        r'class="govuk-service-navigation__link" href="([^"]*)"', html.split('id="navigation"')[1]
    )


def working_for(html):
    found = re.search(r'class="govuk-body-s app-working-for__text">(.*?)</p>', html, re.S)
    return found and re.sub(r"\s+", " ", found.group(1)).strip()


def test_one_organisation_gets_its_pages_and_no_switch(client, person):
    organisation = OrganisationFactory(name="Fictional Harbour Trust")
    MemberFactory(organisation=organisation, user=person, role=MemberRole.VIEWER)
    html = home(client)
    assert navigation_labels(html) == [
        "Home",
        "Organisation",
        "Members",
        "Documents",
        "Funding rounds",
        "Your bids",
        "Grants",
        "Sign out",
    ]
    pk = organisation.pk
    assert reverse("providers:member-list", args=[pk]) in navigation_urls(html)
    assert reverse("providers:document-list", args=[pk]) in navigation_urls(html)
    assert working_for(html) == "Working for <strong>Fictional Harbour Trust</strong>"
    assert "Switch organisation" not in html


def test_several_organisations_get_a_switch_and_the_chosen_one_is_kept(client, person):
    first = OrganisationFactory(name="Aardvark Advice")
    second = OrganisationFactory(name="Zebra Support")
    for organisation in (first, second):
        MemberFactory(organisation=organisation, user=person, role=MemberRole.ADMINISTRATOR)
    html = home(client)
    assert "Working for <strong>Aardvark Advice</strong>" in working_for(html)
    switch = re.search(r'<a class="govuk-link app-working-for__switch" href="([^"]+)">', html)
    assert switch.group(1) == reverse("providers:organisation-list")
    assert "Switch organisation" in html
    assert reverse("providers:member-list", args=[first.pk]) in navigation_urls(html)

    # The list to choose from offers the other one; choosing it is kept for the session.
    listing = client.get(switch.group(1)).content.decode()
    assert reverse("providers:organisation-switch", args=[second.pk]) in listing
    client.post(reverse("providers:organisation-switch", args=[second.pk]))
    html = home(client)
    assert "Working for <strong>Zebra Support</strong>" in working_for(html)
    urls = navigation_urls(html)
    assert reverse("providers:member-list", args=[second.pk]) in urls
    assert reverse("providers:member-list", args=[first.pk]) not in urls


def test_a_page_of_one_organisation_is_about_that_organisation(client, person):
    first = OrganisationFactory(name="Aardvark Advice")
    second = OrganisationFactory(name="Zebra Support")
    for organisation in (first, second):
        MemberFactory(organisation=organisation, user=person)
    html = client.get(reverse("providers:member-list", args=[second.pk])).content.decode()
    assert "Zebra Support" in working_for(html)
    # Only the most specific item is current: Members, not the organisation above it.
    assert html.count("govuk-service-navigation__item--active") == 1
    assert re.search(
        r'href="{}" aria-current="page">\s*<strong[^>]*>Members<'.format(
            reverse("providers:member-list", args=[second.pk])
        ),
        html,
    )


def test_people_of_no_organisation_and_staff_work_for_none(client, person, signed_in):
    assert working_for(home(client)) is None
    staff = signed_in("commissioning_officer_a").get(reverse("core:home")).content.decode()
    assert working_for(staff) is None
    assert "Organisation" not in navigation_labels(staff)


def test_another_app_adds_provider_items_from_its_own_folder(client, person, monkeypatch):
    monkeypatch.setattr(navigation, "_ITEMS", list(navigation._ITEMS))
    monkeypatch.setattr(navigation, "_ITEM_CONTEXTS", dict(navigation._ITEM_CONTEXTS))
    seen = []

    @navigation.register_navigation(order=60, context=PROVIDER_ORGANISATION)
    def bids(user, membership):
        seen.append(membership.organisation_id)
        return [("Bids", f"/bids/{membership.organisation_id}/")]

    organisation = OrganisationFactory()
    MemberFactory(organisation=organisation, user=person)
    html = home(client)
    assert "Bids" in navigation_labels(html)
    assert f"/bids/{organisation.pk}/" in navigation_urls(html)
    assert seen == [organisation.pk]


def test_a_context_is_registered_once():
    with pytest.raises(ValueError, match="registered twice"):
        navigation.register_navigation_context(PROVIDER_ORGANISATION)(lambda request: None)
