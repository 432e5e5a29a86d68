"""axe-core (WCAG 2.0, 2.1 and 2.2, A and AA) on every page any persona may GET."""

import pytest
from django.urls import reverse

from tests.harness.axe import axe_violations, violations_report
from tests.harness.matrix import OK
from tests.harness.personas import PERSONAS
from tests.permissions.objects import Objects
from tests.permissions.test_matrix import DECLARED

# Pages not checked, each with its reason.
NOT_PAGES = {
    "core:healthz": "JSON for load balancers, not a page",
    "core:healthz-live": "plain text for container health checks, not a page",
    "core:file-download": "a file download (attachment), not a page",
    "providers:registry-export-csv": "a CSV download (attachment), not a page",
    "funding:national-csv": "a redirect to the prepared CSV file, not a page",
    "funding:national-xlsx": "a redirect to the prepared XLSX file, not a page",
    "budgets:year-csv": "a CSV download (attachment), not a page",
    "budgets:year-xlsx": "an XLSX download (attachment), not a page",
    "budgets:year-ledger-csv": "a CSV download (attachment), not a page",
    "budgets:ledger-csv": "a CSV download (attachment), not a page",
    "budgets:ledger-xlsx": "an XLSX download (attachment), not a page",
    "set_language": "a form target that redirects",
}


def pages():
    for name, declaration in sorted(DECLARED.items()):
        if name in NOT_PAGES or "GET" not in declaration.methods:
            continue
        allowed = [p for p in PERSONAS if declaration.expected("GET", p) == OK]
        # Prefer a signed-in persona: they see the fullest version of the page.
        signed_in = [p for p in allowed if p != "anonymous"]
        if allowed:
            yield name, (signed_in or allowed)[0]


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize(("name", "persona"), list(pages()))
def test_the_page_has_no_accessibility_violations(
    name, persona, javascript, browser_as, persona_users
):
    """With JavaScript (govuk-frontend changes the markup) and without (what every page
    must work with: the page's own scripts are not loaded)."""
    objects = Objects(persona_users)
    url = reverse(name, kwargs=DECLARED[name].kwargs(objects))
    page = browser_as(persona, javascript=javascript)
    response = page.goto(url)
    assert response.ok, f"{url} answered {response.status}"
    violations = axe_violations(page)
    state = "with" if javascript else "without"
    assert not violations, (
        f"{url} as {persona} {state} JavaScript:\n{violations_report(violations)}"
    )
