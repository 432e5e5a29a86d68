"""axe on the registry's results with a search and filters applied (the matrix's run opens
the page without any), and with a validation error showing."""

import pytest

from tests.harness.axe import axe_violations, violations_report

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    "query",
    [
        "?q=counselling&category=counselling-and-therapy&area=merseyside"
        "&due_diligence=complete&verification=not-verified&sort=name",
        "?area=not-a-body",
    ],
)
def test_the_filtered_results_have_no_accessibility_violations(query, browser_as):
    from tests.providers.registry_helpers import documents_in_date, provider

    for n in range(30):
        documents_in_date(provider(name=f"Fictional Axe Trust {n}"))
    page = browser_as("commissioning_officer_a")
    response = page.goto("/registry/" + query)
    assert response.ok
    violations = axe_violations(page)
    assert not violations, f"{query}:\n{violations_report(violations)}"
