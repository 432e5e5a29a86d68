"""Every persona's service navigation fits on one line at 1280 px (its items share one row and
the header does not overflow), and wraps below without the page scrolling sideways."""

import pytest
from playwright.sync_api import expect

from tests.accessibility.test_reflow import OVERFLOWING
from tests.harness.personas import PERSONAS
from tests.providers.factories import MemberFactory, OrganisationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Who signs in and is shown pages with the service navigation (the inactive account cannot
# sign in; the unverified one is shown only the code page, which has no navigation).
SIGNED_IN = [
    key for key in PERSONAS if key not in ("anonymous", "inactive_staff_a", "unverified_staff_a")
]

ROWS = """() => {
    const items = [...document.querySelectorAll('.govuk-service-navigation__item')];
    return items.map((item) => ({
        text: item.textContent.trim(),
        top: Math.round(item.getBoundingClientRect().top),
    }));
}"""

HEADER_OVERFLOWS = """() => {
    const header = document.querySelector('header');
    const root = document.documentElement;
    if (header.scrollWidth > header.clientWidth) {
        return `header ${header.scrollWidth}px wide in ${header.clientWidth}px`;
    }
    if (root.scrollWidth > root.clientWidth) {
        return `page ${root.scrollWidth}px wide in ${root.clientWidth}px`;
    }
    return '';
}"""


def assert_navigation_on_one_row(page, who):
    items = page.evaluate(ROWS)
    assert len(items) >= 2, f"{who}: {items}"
    assert len({item["top"] for item in items}) == 1, f"{who}: items on several rows: {items}"
    assert not page.evaluate(HEADER_OVERFLOWS), f"{who}: {page.evaluate(HEADER_OVERFLOWS)}"


def assert_wraps_without_sideways_scroll(page, who):
    for width in (1024, 800, 640):
        page.set_viewport_size({"width": width, "height": 800})
        assert not page.evaluate(HEADER_OVERFLOWS), (
            f"{who} at {width}px: {page.evaluate(HEADER_OVERFLOWS)}: {page.evaluate(OVERFLOWING)}"
        )


@pytest.mark.parametrize("persona", ["anonymous", *SIGNED_IN])
def test_every_personas_navigation_fits_one_row_at_1280(persona, browser_as):
    page = browser_as(persona)
    page.set_viewport_size({"width": 1280, "height": 800})
    response = page.goto("/")
    assert response.ok
    assert_navigation_on_one_row(page, persona)
    assert_wraps_without_sideways_scroll(page, persona)


def test_a_provider_of_several_organisations_with_the_switch_fits_too(browser_as, persona_users):
    # A long name beside the persona's own organisation.
    MemberFactory(
        organisation=OrganisationFactory(
            name="The Fictional Community Interest Company for Victims of Crime in the South West"
        ),
        user=persona_users["provider_admin_x"],
    )
    page = browser_as("provider_admin_x")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/")
    expect(page.get_by_role("link", name="Switch organisation")).to_be_visible()
    assert_navigation_on_one_row(page, "a provider of two organisations")
    assert_wraps_without_sideways_scroll(page, "a provider of two organisations")


@pytest.mark.parametrize("persona", ["commissioning_officer_a", "staff_b"])
def test_office_staff_who_also_assess_fit_too(persona, browser_as, persona_users):
    """An officer who also assesses bids has the Assessments item beside the rest (as the
    demo's officers do); staff_b holds every other office role as well."""
    from core.models import Membership, Role

    user = persona_users[persona]
    body = user.memberships.first().body
    Membership.objects.get_or_create(user=user, body=body, role=Role.ASSESSOR)
    page = browser_as(persona)
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/")
    expect(page.get_by_role("link", name="Assessments", exact=True)).to_be_visible()
    assert_navigation_on_one_row(page, f"{persona} who also assesses")
    assert_wraps_without_sideways_scroll(page, f"{persona} who also assesses")
