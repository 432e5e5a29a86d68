"""WCAG 1.4.10 Reflow: at 640 x 450 CSS pixels (1280 x 900 at 200% zoom) no page scrolls
sideways. A wide table may scroll inside its own region (focusable and labelled), which
keeps the page itself within the screen."""

import pytest
from django.urls import reverse

from tests.accessibility.test_axe import pages
from tests.permissions.objects import Objects
from tests.permissions.test_matrix import DECLARED

ZOOMED = {"width": 640, "height": 450}
NARROWEST = {"width": 320, "height": 640}

# Elements wider than the screen, to name in the failure.
OVERFLOWING = """() => {
    const width = document.documentElement.clientWidth;
    return [...document.querySelectorAll('body *')]
        .filter((el) => el.getBoundingClientRect().right > width + 1)
        .filter((el) => !el.closest('.app-table-scroll'))
        .slice(0, 5)
        .map((el) => el.tagName.toLowerCase() + ' ' + String(el.className));
}"""


def assert_no_sideways_scroll(page, url):
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    client_width = page.evaluate("document.documentElement.clientWidth")
    assert scroll_width <= client_width, (
        f"{url} is {scroll_width}px wide at {client_width}px: {page.evaluate(OVERFLOWING)}"
    )


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("name", "persona"), list(pages()))
def test_no_page_scrolls_sideways_at_200_percent_zoom(name, persona, browser_as, persona_users):
    objects = Objects(persona_users)
    url = reverse(name, kwargs=DECLARED[name].kwargs(objects))
    page = browser_as(persona)
    page.set_viewport_size(ZOOMED)
    response = page.goto(url)
    assert response.ok, f"{url} answered {response.status}"
    assert_no_sideways_scroll(page, url)


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("persona", ["anonymous", "decision_maker_a"])
def test_a_page_is_no_wider_than_a_320px_screen(persona, browser_as, persona_users):
    """Found at 320px wide: every page was 324px, the phase banner's contact address being
    one word too long to fit (WCAG 1.4.10 asks for 320 CSS pixels)."""
    page = browser_as(persona)
    page.set_viewport_size(NARROWEST)
    url = reverse("commissioning:decisions") if persona != "anonymous" else reverse("core:home")
    assert page.goto(url).ok
    assert_no_sideways_scroll(page, url)


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_wide_table_scrolls_in_its_own_labelled_focusable_region(browser_as, persona_users):
    from core.audit import system_actor
    from providers.services.organisations import organisation_update
    from tests.providers.registry_helpers import provider

    organisation = provider(name="Fictional Wide Trust")
    with system_actor("test"):
        for n in range(3):
            organisation_update(
                organisation=organisation, name=f"Fictional Wide Trust with a long name {n}"
            )
    page = browser_as("commissioning_officer_a")
    page.set_viewport_size(ZOOMED)
    url = reverse("providers:registry-detail", kwargs={"pk": organisation.pk})
    page.goto(url)
    assert_no_sideways_scroll(page, url)
    regions = page.locator(".app-table-scroll")
    assert regions.count() >= 1
    for index in range(regions.count()):
        region = regions.nth(index)
        assert region.get_attribute("tabindex") == "0"
        assert region.get_attribute("role") == "region"
        assert region.get_attribute("aria-labelledby") or region.get_attribute("aria-label")
