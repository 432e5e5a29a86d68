"""axe-core (WCAG 2.0, 2.1 and 2.2, A and AA) on every page any persona may GET."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from tests.harness.matrix import OK
from tests.harness.personas import PERSONAS
from tests.permissions.objects import Objects
from tests.permissions.test_matrix import DECLARED

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

# Pages not checked, each with its reason.
NOT_PAGES = {
    "core:healthz": "JSON for load balancers, not a page",
    "core:healthz-live": "plain text for container health checks, not a page",
    "core:file-download": "a file download (attachment), not a page",
    "providers:registry-export-csv": "a CSV download (attachment), not a page",
    "funding:national-csv": "a CSV download (attachment), not a page",
    "funding:national-xlsx": "an XLSX download (attachment), not a page",
    "budgets:year-csv": "a CSV download (attachment), not a page",
    "budgets:year-xlsx": "an XLSX download (attachment), not a page",
    "budgets:year-ledger-csv": "a CSV download (attachment), not a page",
    "budgets:ledger-csv": "a CSV download (attachment), not a page",
    "budgets:ledger-xlsx": "an XLSX download (attachment), not a page",
    "set_language": "a form target that redirects",
}

# govuk-frontend's JavaScript puts aria-controls on radios and checkboxes that reveal a
# question, which axe reports; GOV.UK keeps it on purpose (alphagov/govuk-frontend#979).
KNOWN_FALSE_POSITIVES = {
    "aria-allowed-attr": lambda node: (
        "aria-controls" in node["html"]
        and ("govuk-radios__input" in node["html"] or "govuk-checkboxes__input" in node["html"])
    ),
}


def real_violations(results):
    found = []
    for violation in results.response["violations"]:
        is_known = KNOWN_FALSE_POSITIVES.get(violation["id"])
        nodes = [n for n in violation["nodes"] if not (is_known and is_known(n))]
        if nodes:
            found.append({**violation, "nodes": nodes})
    return found


def pages():
    for name, declaration in sorted(DECLARED.items()):
        if name in NOT_PAGES or "GET" not in declaration.methods:
            continue
        allowed = [p for p in PERSONAS if declaration.expected("GET", p) == OK]
        # Prefer a signed-in persona: they see the fullest version of the page.
        signed_in = [p for p in allowed if p != "anonymous"]
        if allowed:
            yield name, (signed_in or allowed)[0]


def violations_report(violations):
    lines = []
    for violation in violations:
        targets = [node["target"] for node in violation["nodes"]][:5]
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} {targets}")
    return "\n".join(lines)


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("name", "persona"), list(pages()))
def test_the_page_has_no_accessibility_violations(name, persona, browser_as, persona_users):
    objects = Objects(persona_users)
    url = reverse(name, kwargs=DECLARED[name].kwargs(objects))
    page = browser_as(persona)
    response = page.goto(url)
    assert response.ok, f"{url} answered {response.status}"
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    violations = real_violations(results)
    assert not violations, f"{url} as {persona}:\n{violations_report(violations)}"
